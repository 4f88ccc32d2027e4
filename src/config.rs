//! The configuration file (TOML): rules, notification wording, the mail relay,
//! how dates are written on Japanese screens, and the TUI's keys, canned
//! reasons and colours.

use crate::domain::config::{ConfigCheck, ConfigProblem, RulesConfig};
use crate::domain::templates::Templates;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The most canned reasons `[tui]` may list.
pub const MAX_CANNED_REASONS: usize = 100;
/// The longest canned reason, in characters.
pub const MAX_REASON_CHARS: usize = 1_000;
/// The longest `server.idle_exit_secs`: a week.
pub const MAX_IDLE_EXIT_SECS: u64 = 7 * 86_400;
/// The most connections `server.max_connections` may allow.
pub const MAX_CONNECTIONS: usize = 65_536;
/// The most MiB an upload bound (`server.upload_*_mib`) may say: 1 TiB.
pub const MAX_UPLOAD_MIB: u64 = 1_048_576;

/// Everything a config file may say; every section is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub rules: RulesConfig,
    pub notifications: Notifications,
    pub tui: TuiConfig,
    pub display: DisplayConfig,
    pub server: ServerConfig,
    /// The mail relay; without it notifications only leave by `export outbox`.
    pub mail: Option<crate::mail::MailConfig>,
    /// Named queries (`[[views]] name, queue, query, sort`), after the built-ins.
    pub views: Vec<crate::domain::view::View>,
    pub audit: AuditConfig,
    pub store: StoreConfig,
    /// Letters on paper: the office, the number prefix, the font, where files go.
    pub documents: crate::document::DocumentsConfig,
}

/// Where the store is. `backend = "sled"` (the default): in the data dir,
/// keeping free space on its file system — changes are refused while less
/// than `max(reserve_mib MiB, reserve_percent % of it)` is free, so that
/// undoing an import always has room (default: 256 MiB or 2 %).
/// `backend = "postgres"`: in the database `url` names (a `postgresql://`
/// URL, which may list several hosts with `target_session_attrs=read-write`
/// and say `sslmode=verify-full`), with the password in `password_file`
/// and the server's CA in `ca_file`; the data dir then keeps only the
/// configuration, the socket and uploads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    pub backend: String,
    pub url: Option<String>,
    pub password_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    pub reserve_mib: u64,
    pub reserve_percent: u8,
}

impl Default for StoreConfig {
    fn default() -> Self {
        let r = crate::store::Reserve::default();
        StoreConfig {
            backend: "sled".into(),
            url: None,
            password_file: None,
            ca_file: None,
            reserve_mib: r.mib,
            reserve_percent: r.percent,
        }
    }
}

impl StoreConfig {
    /// How to reach the database, if the store is in PostgreSQL.
    pub fn postgres(&self) -> Option<crate::store::PgOptions> {
        (self.backend == "postgres").then(|| crate::store::PgOptions {
            url: self.url.clone().unwrap_or_default(),
            password_file: self.password_file.clone(),
            ca_file: self.ca_file.clone(),
        })
    }

    /// What is wrong with `[store]`: the backend, and a PostgreSQL store's url.
    fn problems(&self) -> Vec<ConfigProblem> {
        let mut c = ConfigCheck {
            prefix: "store",
            problems: Vec::new(),
        };
        match self.backend.as_str() {
            "sled" => {}
            "postgres" => match self
                .url
                .as_deref()
                .map(crate::store::PgOptions::url_problem)
            {
                None => c.fail("url", "", "a PostgreSQL store needs its url"),
                Some(Some(why)) => c.fail("url", "", why),
                Some(None) => {}
            },
            other => c.fail("backend", format!("{other:?}"), "must be sled or postgres"),
        }
        c.problems
    }

    /// The reserve the store keeps.
    pub fn reserve(&self) -> crate::store::Reserve {
        crate::store::Reserve {
            mib: self.reserve_mib,
            percent: self.reserve_percent,
        }
    }
}

/// How the screens write what the office reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplayConfig {
    /// `iso` (default: `2026-11-21`) or `wareki` (`令和8年11月21日`, `R8.11.21`
    /// in the list's column) on Japanese screens and in `lookup`'s text.
    pub dates: String,
}

impl Default for DisplayConfig {
    fn default() -> Self {
        DisplayConfig {
            dates: "iso".into(),
        }
    }
}

impl DisplayConfig {
    /// The date style configured (ISO for a name `problems` refuses).
    pub fn date_style(&self) -> crate::i18n::DateStyle {
        crate::i18n::DateStyle::from_name(&self.dates).unwrap_or_default()
    }
}

/// The audit chain's key (see `audit_key`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// The key file, outside the data dir; default `/etc/secretariat/audit.key`
    /// where that directory exists, else `~/.config/secretariat/audit.key`.
    pub key_file: Option<PathBuf>,
}

/// How the owner server runs and where its clients find it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// The socket, for a team whose service account owns the store (e.g.
    /// `/run/secretariat/secretariat.sock`); default: `DIR/secretariat.sock`.
    pub socket: Option<PathBuf>,
    /// Where `backup NAME` writes through the server (supervisors only).
    pub backup_dir: Option<PathBuf>,
    /// A server started in the background stops this long after its last
    /// client left; 0: a command that started one stops it when it ends.
    pub idle_exit_secs: u64,
    /// The most connections one user may hold at once.
    pub max_connections_per_user: usize,
    /// The most connections in all.
    pub max_connections: usize,
    /// A frame begun must arrive whole within this (an idle client is never cut).
    pub frame_timeout_secs: u64,
    /// A client gives up on a server silent this long during a request.
    pub answer_timeout_secs: u64,
    /// Uploads waiting for an import: files and MiB per connection, MiB per
    /// user, and the MiB of disk they must leave free.
    pub upload_max_files: usize,
    pub upload_max_files_per_user: usize,
    pub upload_max_mib: u64,
    pub upload_max_mib_per_user: u64,
    pub upload_disk_reserve_mib: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            socket: None,
            backup_dir: None,
            idle_exit_secs: 0,
            max_connections_per_user: 16,
            max_connections: 512,
            frame_timeout_secs: 30,
            answer_timeout_secs: 120,
            upload_max_files: 64,
            upload_max_files_per_user: 256,
            upload_max_mib: 1024,
            upload_max_mib_per_user: 2048,
            upload_disk_reserve_mib: 256,
        }
    }
}

/// How notifications are worded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notifications {
    /// `ja` (default) or `en`: the organisation's language, not the operator's.
    pub language: String,
    pub templates: Templates,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            language: "ja".into(),
            templates: Templates::default(),
        }
    }
}

/// The TUI's part of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TuiConfig {
    /// Action name → keys, e.g. `approve = ["a"]`; replaces that action's defaults.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Reasons offered when returning a case.
    pub canned_reasons: Vec<String>,
    /// Colour name per role of text (`accent`, `overdue`, …); `none` for no colour.
    pub colors: BTreeMap<String, String>,
    /// Generate follow-ups when the TUI starts.
    pub followups_on_start: bool,
}

impl Default for TuiConfig {
    fn default() -> Self {
        TuiConfig {
            keys: BTreeMap::new(),
            canned_reasons: [
                "必要書類が添付されていません",
                "記載内容に不備があります（日付・署名をご確認ください）",
                "指導責任者の要件を満たしていません",
                "提出期限を過ぎています",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            colors: BTreeMap::new(),
            followups_on_start: true,
        }
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
}

/// The colour roles a config may set, with their defaults.
pub const ROLES: [(&str, &str); 8] = [
    ("accent", "cyan"),
    ("overdue", "red"),
    ("due_soon", "yellow"),
    ("marked", "magenta"),
    ("dim", "dark_gray"),
    ("error", "light_red"),
    ("ok", "green"),
    ("header", "blue"),
];

/// The colour names `[tui.colors]` accepts (besides `none`): the 16 ANSI
/// colours (`grey` spellings and `-` for `_` are read too).
pub const COLOR_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

/// Checks `[tui.colors]`: each key a role of [`ROLES`], each value a colour
/// of [`COLOR_NAMES`] or `none`.
pub fn color_problems(colors: &BTreeMap<String, String>) -> Vec<ConfigProblem> {
    let mut c = ConfigCheck {
        prefix: "tui.colors",
        problems: Vec::new(),
    };
    let roles: Vec<&str> = ROLES.iter().map(|(r, _)| *r).collect();
    for (role, name) in colors {
        if !roles.contains(&role.as_str()) {
            c.fail(
                role,
                format!("{name:?}"),
                format!("not a colour role; the roles are {}", roles.join(", ")),
            );
        } else if !COLOR_NAMES.contains(&color_name(name).as_str())
            && !name.trim().eq_ignore_ascii_case("none")
        {
            c.fail(
                role,
                format!("{name:?}"),
                format!(
                    "not a colour; use one of {} or none",
                    COLOR_NAMES.join(", ")
                ),
            );
        }
    }
    c.problems
}

/// A colour name as written (`Light-Red`, `grey`) in the form [`COLOR_NAMES`]
/// lists (`light_red`, `gray`).
pub fn color_name(name: &str) -> String {
    name.trim()
        .to_ascii_lowercase()
        .replace('-', "_")
        .replace("grey", "gray")
}

impl Config {
    /// Reads `path`; a missing file at the default location is the default config.
    pub fn load(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text).map_err(|message| ConfigError::Parse {
                path: path.to_path_buf(),
                message,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let mut c: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim().replace('\n', " "))?;
        // A view's query may be written in Japanese (`担当:自分`); it is kept
        // in the filter's own terms.
        for v in &mut c.views {
            v.query = crate::i18n::filter_text::canonical(&v.query);
        }
        let sorts: Vec<&str> = crate::store::SortKey::ALL.iter().map(|s| s.id()).collect();
        if let Some(problem) = c.views.iter().find_map(|v| v.problem(&sorts)) {
            return Err(problem);
        }
        let problems = c.problems();
        if !problems.is_empty() {
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(text.join("; "));
        }
        Ok(c)
    }

    /// Every value against its rule (docs/administration.md, "Configuration", lists them):
    /// `[rules]`, `[notifications]`, `[display]`, `[tui]` (keys are
    /// checked by the screen, `tui::keymap::check`, when the
    /// program starts), `[server]` and `[mail]`.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut out = self.rules.problems();
        out.append(&mut self.documents.problems());
        out.append(&mut self.store.problems());
        let mut c = ConfigCheck {
            prefix: "notifications",
            problems: Vec::new(),
        };
        if !matches!(self.notifications.language.as_str(), "ja" | "en") {
            c.fail(
                "language",
                format!("{:?}", self.notifications.language),
                "must be ja or en",
            );
        }
        for (lang, templates) in [
            ("ja", &self.notifications.templates.ja),
            ("en", &self.notifications.templates.en),
        ] {
            for key in templates.keys() {
                if let Some(rule) = crate::domain::templates::key_problem(key) {
                    c.fail(&format!("templates.{lang}.{key:?}"), "", rule);
                }
            }
        }
        out.append(&mut c.problems);
        let mut c = ConfigCheck {
            prefix: "display",
            problems: Vec::new(),
        };
        if crate::i18n::DateStyle::from_name(&self.display.dates).is_none() {
            let [iso, wareki] = crate::i18n::DateStyle::NAMES;
            c.fail(
                "dates",
                format!("{:?}", self.display.dates),
                format!(
                    "must be {iso} (2026-11-21) or {wareki} (令和8年11月21日, R8.11.21 in the list)"
                ),
            );
        }
        out.append(&mut c.problems);
        out.append(&mut color_problems(&self.tui.colors));
        let mut c = ConfigCheck {
            prefix: "tui",
            problems: Vec::new(),
        };
        c.range(
            "canned_reasons",
            self.tui.canned_reasons.len(),
            0,
            MAX_CANNED_REASONS,
            "reasons",
        );
        for (i, r) in self.tui.canned_reasons.iter().enumerate() {
            let chars = r.trim().chars().count();
            if chars == 0 || chars > MAX_REASON_CHARS {
                c.fail(
                    &format!("canned_reasons[{i}]"),
                    format!("{r:?}"),
                    format!("a reason has 1 to {MAX_REASON_CHARS} characters"),
                );
            }
        }
        out.append(&mut c.problems);
        let mut c = ConfigCheck {
            prefix: "server",
            problems: Vec::new(),
        };
        let s = &self.server;
        c.range(
            "idle_exit_secs",
            s.idle_exit_secs,
            0,
            MAX_IDLE_EXIT_SECS,
            "seconds",
        );
        c.range(
            "max_connections",
            s.max_connections,
            1,
            MAX_CONNECTIONS,
            "connections",
        );
        c.range(
            "max_connections_per_user",
            s.max_connections_per_user,
            1,
            s.max_connections.max(1),
            "connections (at most max_connections)",
        );
        c.range(
            "frame_timeout_secs",
            s.frame_timeout_secs,
            1,
            3_600,
            "seconds",
        );
        c.range(
            "answer_timeout_secs",
            s.answer_timeout_secs,
            1,
            86_400,
            "seconds",
        );
        c.range("upload_max_files", s.upload_max_files, 1, 100_000, "files");
        c.range(
            "upload_max_files_per_user",
            s.upload_max_files_per_user,
            1,
            100_000,
            "files",
        );
        c.range("upload_max_mib", s.upload_max_mib, 1, MAX_UPLOAD_MIB, "MiB");
        c.range(
            "upload_max_mib_per_user",
            s.upload_max_mib_per_user,
            1,
            MAX_UPLOAD_MIB,
            "MiB",
        );
        // A reserve bigger than any disk refuses every upload: allowed, up to 1 EiB.
        c.range(
            "upload_disk_reserve_mib",
            s.upload_disk_reserve_mib,
            0,
            1 << 40,
            "MiB",
        );
        out.append(&mut c.problems);
        if let Some(mail) = &self.mail {
            out.append(&mut mail.problems());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_default_and_typos_are_refused() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        let c =
            Config::parse("[rules]\ndirector_chase_days = 5\n[tui]\ncanned_reasons = [\"x\"]\n")
                .unwrap();
        assert_eq!(c.rules.director_chase_days, 5);
        assert_eq!(c.tui.canned_reasons, vec!["x".to_string()]);
        assert!(Config::parse("[rules]\ndirector_chase_dayz = 5\n").is_err());
    }

    #[test]
    fn views_are_read_and_checked() {
        let c = Config::parse(
            "[[views]]\nname = \"仙南の在籍報告\"\nqueue = \"facility_report\"\nquery = \"area:仙南 overdue\"\nsort = \"age desc\"\n",
        )
        .unwrap();
        assert_eq!(c.views.len(), 1);
        assert_eq!(c.views[0].queue, Some(crate::domain::Queue::FacilityReport));
        let e = Config::parse("[[views]]\nname = \"x\"\nquery = \"colour:red\"\n").unwrap_err();
        assert!(e.contains("colour:red"), "{e}");
        assert!(Config::parse("[[views]]\nname = \"x\"\nsort = \"size\"\n").is_err());
    }

    #[test]
    fn a_store_in_postgresql_is_named_by_its_url() {
        assert_eq!(Config::default().store.postgres(), None);
        let c = Config::parse(
            "[store]\nbackend = \"postgres\"\nurl = \"postgresql://secretariat@db1,db2/desk?target_session_attrs=read-write&sslmode=verify-full\"\npassword_file = \"/etc/secretariat/db.password\"\nca_file = \"/etc/secretariat/db-ca.pem\"\n",
        )
        .unwrap();
        let opts = c.store.postgres().unwrap();
        assert!(opts.url.contains("db1,db2"));
        assert_eq!(
            opts.password_file.as_deref(),
            Some(Path::new("/etc/secretariat/db.password"))
        );
        let problems = |text: &str| {
            Config::parse(text)
                .map(|c| c.problems().len())
                .unwrap_or_else(|e| e.matches("store.").count().max(1))
        };
        assert!(problems("[store]\nbackend = \"postgres\"\n") > 0, "no url");
        assert!(problems("[store]\nbackend = \"mysql\"\n") > 0);
        assert!(
            problems(
                "[store]\nbackend = \"postgres\"\nurl = \"postgresql://h/d?sslmode=sometimes\"\n"
            ) > 0
        );
        assert_eq!(problems("[store]\nbackend = \"sled\"\n"), 0);
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn the_readme_example_config_is_valid() {
        let c = Config::parse(include_str!("../examples/config.toml")).unwrap();
        assert_eq!(c.rules.recruitment_periods.len(), 2);
        assert_eq!(c.rules.extra_holidays.len(), 1);
        assert_eq!(
            c.tui.keys["approve"],
            vec!["a".to_string(), "ctrl-y".to_string()]
        );
        assert!(
            c.notifications
                .templates
                .ja
                .contains_key("withdrawal.return")
        );
    }
}

#[cfg(test)]
mod deploy_tests {
    use super::*;

    #[test]
    fn the_shipped_team_config_is_valid() {
        let c = Config::parse(include_str!("../deploy/config.toml")).unwrap();
        assert_eq!(
            c.server.socket.as_deref(),
            Some(Path::new("/run/secretariat/secretariat.sock"))
        );
        assert_eq!(c.server.max_connections_per_user, 16);
    }
}

#[cfg(test)]
mod check_tests {
    use super::*;

    /// Asserts that `text` is refused, the problem (as the user reads it)
    /// naming each of `words`.
    fn assert_refused_naming(text: &str, words: &[&str]) {
        let e = Config::parse(text).expect_err(text);
        for w in words {
            assert!(e.contains(w), "{text}: no {w:?} in {e}");
        }
    }

    #[test]
    fn the_defaults_pass_every_check() {
        assert_eq!(Config::default().problems(), Vec::new());
    }

    #[test]
    fn colours_are_checked_against_the_theme() {
        assert_refused_naming(
            "[tui.colors]\naccent = \"ultraviolet\"\n",
            &["tui.colors.accent", "ultraviolet", "light_cyan", "none"],
        );
        assert_refused_naming(
            "[tui.colors]\nbackground = \"red\"\n",
            &["tui.colors.background", "marked"],
        );
        let c = Config::parse("[tui.colors]\naccent = \"none\"\noverdue = \"Light-Red\"\n");
        assert!(c.is_ok(), "{c:?}");
    }

    #[test]
    fn numbers_out_of_range_name_the_key_and_the_range() {
        for (text, key, range) in [
            (
                "[rules]\nrelease_delay_secs = -5\n",
                "rules.release_delay_secs",
                "0 to 86400",
            ),
            (
                "[rules]\ndecision_days = 0\n",
                "rules.decision_days",
                "1 to 365",
            ),
            (
                "[server]\nmax_connections = 0\n",
                "server.max_connections",
                "1 to 65536",
            ),
            (
                "[server]\nmax_connections = 10\nmax_connections_per_user = 11\n",
                "server.max_connections_per_user",
                "1 to 10",
            ),
            (
                "[server]\nidle_exit_secs = 999999999\n",
                "server.idle_exit_secs",
                "0 to 604800",
            ),
            (
                "[server]\nframe_timeout_secs = 0\n",
                "server.frame_timeout_secs",
                "1 to 3600",
            ),
            (
                "[server]\nupload_max_mib = 0\n",
                "server.upload_max_mib",
                "1 to 1048576",
            ),
        ] {
            assert_refused_naming(text, &[key, range]);
        }
    }

    #[test]
    fn notifications_and_reasons_are_checked() {
        assert_refused_naming(
            "[notifications]\nlanguage = \"fr\"\n",
            &["notifications.language", "ja or en"],
        );
        assert_refused_naming(
            "[notifications.templates.ja.\"withdrawal.approvee\"]\nsubject = \"s\"\nbody = \"b\"\n",
            &["withdrawal.approvee", "queue.decision"],
        );
        assert!(
            Config::parse("[notifications.templates.ja.\"transfer.approve.released\"]\nsubject = \"s\"\nbody = \"b\"\n")
                .is_ok()
        );
        assert!(
            Config::parse(
                "[notifications.templates.fr.\"transfer.approve\"]\nsubject = \"s\"\nbody = \"b\"\n"
            )
            .is_err()
        );
        assert!(Config::parse("[notifications.templates.ja.\"transfer.approve\"]\nsubject = \"s\"\nbody = \"b\"\nfooter = \"f\"\n").is_err());
        assert_refused_naming(
            "[tui]\ncanned_reasons = [\"  \"]\n",
            &["tui.canned_reasons[0]"],
        );
    }

    #[test]
    fn the_date_style_is_iso_or_wareki() {
        assert_eq!(
            Config::default().display.date_style(),
            crate::i18n::DateStyle::Iso
        );
        let c = Config::parse("[display]\ndates = \"wareki\"\n").unwrap();
        assert_eq!(c.display.date_style(), crate::i18n::DateStyle::Wareki);
        assert_refused_naming(
            "[display]\ndates = \"heisei\"\n",
            &["`display.dates` = \"heisei\"", "must be iso", "wareki"],
        );
        assert!(Config::parse("[display]\ndate = \"iso\"\n").is_err());
    }

    #[test]
    fn mail_is_checked_when_the_config_is_loaded() {
        let base = "[mail]\nsmtp_host = \"smtp.example.jp\"\nfrom = \"jimu@example.jp\"\n";
        assert!(Config::parse(base).is_ok());
        for (extra, key) in [
            ("smtp_port = 0\n", "mail.smtp_port"),
            ("batch = 0\n", "mail.batch"),
            ("interval_secs = 0\n", "mail.interval_secs"),
            ("timeout_secs = 100000\n", "mail.timeout_secs"),
            ("retry = [\"9223372036854775807\"]\n", "mail.retry[0]"),
            ("retry = [\"30d\"]\n", "mail.retry[0]"),
        ] {
            assert_refused_naming(&format!("{base}{extra}"), &[key]);
        }
        assert_refused_naming("[mail]\nfrom = \"jimu@example.jp\"\n", &["smtp_host"]);
    }

    #[test]
    fn the_error_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[rules]\nrelease_delay_secs = -5\n").unwrap();
        let e = Config::load(&path, true).unwrap_err().to_string();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(e.contains("rules.release_delay_secs"), "{e}");
    }
}
