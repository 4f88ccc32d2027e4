//! The commands of the command line; `main` maps their errors to exit codes.

/// `println!` that a closed pipe (`… | head`) does not turn into a panic: it
/// returns the write's error, which ends the command quietly.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::cli::Failure::from)
    }};
}

pub mod args;
mod backlog;
pub mod bench;
mod bench_intake;
mod bench_orgs;
mod bench_server;
mod bench_soak;
mod bench_supervisor;
mod bench_tui;
mod commands;
mod document;
mod enquiry;
mod export;
pub mod help;
mod lookup_text;
mod mail;
mod orgs;
mod outbox;
mod preflight;
mod record;
pub mod reference;
mod serve;

pub use args::Cli;

use crate::clock::Clock;
use crate::config::Config;
use crate::desk::{Actor, Desk, DeskClient, DeskError, DeskSettings, LocalDesk};
use crate::i18n::cli::{Said, said};
use crate::store::{Account, StoreError, StoreFault};
use std::path::PathBuf;
use std::process::ExitCode;

/// A failure with the exit code SPEC gives it.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    /// The desk's error (a refusal, the store's, the server's), when that is
    /// what failed: printed from its data in the user's language instead of
    /// `message` (which is its English sentence, for logs).
    pub desk: Option<Box<DeskError>>,
}

impl Failure {
    pub fn new(code: u8, m: impl Into<String>) -> Self {
        Failure {
            code,
            message: m.into(),
            desk: None,
        }
    }
    pub fn usage(m: impl Into<String>) -> Self {
        Failure::new(2, m)
    }
    pub fn rejected(m: impl Into<String>) -> Self {
        Failure::new(3, m)
    }
    pub fn runtime(m: impl Into<String>) -> Self {
        Failure::new(1, m)
    }

    /// A failure of the store to open or read, rendered in the user's language.
    pub fn store(f: impl Into<Box<StoreFault>>) -> Self {
        let f = f.into();
        Failure {
            message: f.to_string(),
            desk: Some(Box::new(DeskError::Store(StoreError::Fault(f)))),
            ..Failure::runtime("")
        }
    }

    /// The sentence to print, in `lang` where the failure is the desk's.
    pub fn sentence(&self, lang: crate::i18n::Lang) -> String {
        match &self.desk {
            Some(e) => crate::i18n::error_text(lang, e),
            None => self.message.clone(),
        }
    }
}

impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Self {
        let plain = if e.is_refusal() {
            Failure::rejected(e.to_string())
        } else {
            Failure::runtime(e.to_string())
        };
        Failure {
            desk: Some(Box::new(e)),
            ..plain
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        DeskError::from(e).into()
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`… | head`): nothing is wrong.
            return Failure::new(0, "");
        }
        Failure::runtime(e.to_string())
    }
}

/// Everything a command needs from the global options.
pub struct Context {
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub config: Config,
    pub os_user: String,
    pub requested_user: Option<String>,
    pub lang: crate::i18n::Lang,
}

/// How commands reach the store: through its owner server (a team's service
/// on `--socket`, or one started in the background), or, with `--embedded`,
/// directly by the store's owner.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// `--embedded`: never go through a server.
    pub embedded: bool,
    /// `--config`, passed on to a server started in the background.
    pub config: Option<PathBuf>,
    /// `--as-of`, likewise.
    pub as_of: Option<chrono::NaiveDate>,
    /// A team's service socket (`--socket`, `SECRETARIAT_SOCKET`, `server.socket`).
    pub socket: Option<PathBuf>,
}

impl Reach {
    pub fn from_cli(cli: &Cli, ctx: &Context) -> Reach {
        let env = std::env::var_os("SECRETARIAT_SOCKET")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        Reach {
            embedded: cli.embedded,
            config: cli.config.clone(),
            as_of: ctx.clock.as_of,
            socket: cli
                .socket
                .clone()
                .or(env)
                .or_else(|| ctx.config.server.socket.clone()),
        }
    }

    /// A running server's desk: the team's service (which must answer), or the
    /// data dir's own server if one runs; none with `--embedded`.
    pub fn remote(&self, ctx: &Context) -> Result<Option<crate::server::RemoteDesk>, Failure> {
        use crate::server::{ConnectError, RemoteDesk};
        if self.embedded {
            return Ok(None);
        }
        let user = ctx.requested_user.clone();
        let timeout = std::time::Duration::from_secs(ctx.config.server.answer_timeout_secs.max(1));
        let timed = |r: RemoteDesk| {
            r.set_answer_timeout(timeout);
            Some(r)
        };
        if let Some(socket) = &self.socket {
            return RemoteDesk::connect_to(socket, socket, user, self.as_of)
                .map(timed)
                .map_err(|e| match e {
                    ConnectError::NotRunning(_) => {
                        Failure::runtime(said(ctx.lang, &Said::NoService { socket }))
                    }
                    other => connect_failure(other),
                });
        }
        match RemoteDesk::connect_as_of(&ctx.data_dir, user, self.as_of) {
            Ok(r) => Ok(timed(r)),
            Err(ConnectError::NotRunning(_)) => Ok(None),
            Err(e) => {
                // A data dir this user may not enter: whose it is says more
                // than the socket's error.
                check_owner(&ctx.data_dir)?;
                Err(connect_failure(e))
            }
        }
    }

    /// How a server for this data dir is started in the background.
    pub fn start_options(&self, ctx: &Context, idle_exit_secs: u64) -> crate::server::StartOptions {
        crate::server::StartOptions {
            as_of: self.as_of,
            lang: Some(ctx.lang),
            config: self.config.clone(),
            act_as: ctx.requested_user.clone(),
            idle_exit_secs,
            answer_timeout: Some(std::time::Duration::from_secs(
                ctx.config.server.answer_timeout_secs.max(1),
            )),
            ..crate::server::StartOptions::new()
        }
    }
}

/// The desk a command talks to; a server started for this command alone
/// (`server.idle_exit_secs = 0`) is stopped when it is dropped.
pub enum Reached {
    Local(LocalDesk),
    Remote {
        remote: crate::server::RemoteDesk,
        stop_after: bool,
    },
}

impl std::ops::Deref for Reached {
    type Target = dyn DeskClient;
    fn deref(&self) -> &Self::Target {
        match self {
            Reached::Local(l) => l,
            Reached::Remote { remote, .. } => remote,
        }
    }
}

impl Drop for Reached {
    fn drop(&mut self) {
        if let Reached::Remote {
            remote,
            stop_after: true,
        } = self
        {
            // Asked on this very connection, so that it counts as no other client.
            if let Err(e) = serve::end_of_command(remote) {
                tracing::debug!(error = %e, "the server started for one command stays");
            }
        }
    }
}

/// A server's refusal (`--user`, another version) is a usage error, like
/// `--user` refused without a server; anything else is a failure.
pub fn connect_failure(e: crate::server::ConnectError) -> Failure {
    let plain = match e {
        crate::server::ConnectError::Refused { .. } => Failure::usage(e.to_string()),
        ref other => Failure::runtime(other.to_string()),
    };
    Failure {
        desk: Some(Box::new(DeskError::Failed(e.into()))),
        ..plain
    }
}

impl Context {
    /// The same user, clock and configuration on another data dir, acting as
    /// themselves (benchmarks build their stores there).
    pub fn for_dir(&self, data_dir: PathBuf) -> Context {
        Context {
            data_dir,
            clock: self.clock,
            config: self.config.clone(),
            os_user: self.os_user.clone(),
            requested_user: None,
            lang: self.lang,
        }
    }

    pub fn from_cli(cli: &Cli) -> Result<Context, Failure> {
        let env_lang = env_lang();
        let lang = crate::i18n::Lang::detect(cli.lang.as_deref(), env_lang.as_deref());
        let dirs = directories::ProjectDirs::from("", "", "secretariat");
        let data_dir = match (&cli.data_dir, &dirs) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) => p.data_dir().to_path_buf(),
            (None, None) => {
                return Err(Failure::usage(said(lang, &Said::NoHome)));
            }
        };
        let path = match (&cli.config, &dirs) {
            (Some(path), _) => Some((path.clone(), true)),
            (None, Some(p)) => Some((p.config_dir().join("config.toml"), false)),
            (None, None) => None,
        };
        let config = match &path {
            Some((path, must_exist)) => Config::load(path, *must_exist),
            None => Ok(Config::default()),
        }
        .map_err(|e| Failure::usage(e.to_string()))?;
        // `[tui.keys]` is the screen's to read: an unknown action, a key that
        // cannot be read or two actions on one key stop the program here.
        let key_problems = crate::tui::keymap::check(&config.tui.keys);
        if let (false, Some((path, _))) = (key_problems.is_empty(), &path) {
            let message: Vec<String> = key_problems.iter().map(|p| p.to_string()).collect();
            return Err(Failure::usage(
                crate::config::ConfigError::Parse {
                    path: path.clone(),
                    message: message.join("; "),
                }
                .to_string(),
            ));
        }
        let as_of = cli.as_of.as_deref().map(|s| as_of(s, lang)).transpose()?;
        Ok(Context {
            data_dir,
            clock: Clock::as_of(as_of),
            config,
            os_user: os_user(),
            requested_user: cli.user.clone(),
            lang,
        })
    }

    /// What the desk needs to open the store as its owner, the audit key
    /// included (read, or made on first use, outside the data dir).
    pub fn settings(&self) -> Result<DeskSettings, Failure> {
        let key = crate::audit_key::owner_key(self.config.audit.key_file.as_deref())
            .map_err(Failure::runtime)?;
        Ok(DeskSettings {
            rules: self.config.rules.clone(),
            templates: self.config.notifications.templates.clone(),
            notify_in_japanese: self.config.notifications.language != "en",
            audit_key: key,
            reserve: self.config.store.reserve(),
            postgres: self.config.store.postgres(),
        })
    }

    /// Opens the desk on the data dir (the store to this process alone, which
    /// must be its owner's); a server started in the background with no other
    /// client hands it over.
    pub fn desk(&self) -> Result<Desk, Failure> {
        check_owner(&self.data_dir)?;
        match Desk::open(&self.data_dir, &self.os_user, self.settings()?) {
            Ok(d) => Ok(d),
            Err(DeskError::Store(e))
                if e.is_locked() && crate::server::is_running(&self.data_dir) =>
            {
                // A server the TUI started and nobody uses any more steps aside.
                match serve::release_idle_server(&self.data_dir) {
                    Ok(()) => Ok(Desk::open(&self.data_dir, &self.os_user, self.settings()?)?),
                    Err(why) => Err(Failure::runtime(format!(
                        "a secretariat server is running on {} ({why}); this command needs the store to itself — stop the server with `secretariat stop` and try again (import, export, backup, lookup, users, followups and check go through the server)",
                        self.data_dir.display()
                    ))),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The desk for a command, acting as the same user however it is reached:
    /// the running server's; with `--embedded`, the store opened here by its
    /// owner; else a server started in the background for it.
    pub fn client(&self, reach: &Reach) -> Result<Reached, Failure> {
        if let Some(remote) = reach.remote(self)? {
            return Ok(Reached::Remote {
                remote,
                stop_after: false,
            });
        }
        if reach.embedded {
            let desk = self.desk()?;
            let actor = self.actor(&desk)?;
            let local = LocalDesk::new(std::sync::Arc::new(desk), &actor.name, self.clock)?;
            return Ok(Reached::Local(local));
        }
        check_owner(&self.data_dir)?;
        let idle = self.config.server.idle_exit_secs;
        // 0 stops it when this command ends; until then (and should this
        // process die first) it waits a few seconds for its client.
        let opts = reach.start_options(self, idle.max(5));
        let remote =
            crate::server::connect_or_start(&self.data_dir, &opts).map_err(connect_failure)?;
        Ok(Reached::Remote {
            remote,
            stop_after: idle == 0,
        })
    }

    /// The acting user: the OS user, or `--user` where a supervisor or a demo store allows it.
    pub fn actor(&self, desk: &Desk) -> Result<Actor, Failure> {
        let me = desk.actor(&self.os_user)?;
        match &self.requested_user {
            None => Ok(me),
            Some(other) if other == &me.name => Ok(me),
            Some(other) => {
                if me.role == crate::domain::Role::Supervisor || desk.is_demo()? {
                    Ok(desk.actor(other)?)
                } else {
                    Err(Failure::usage(format!(
                        "--user is honoured only for a supervisor or in a demo store; {} is {}",
                        me.name,
                        me.role.id()
                    )))
                }
            }
        }
    }
}

/// The name of the operating-system user running the program: its passwd
/// entry, or `uidN` (never `$USER` or anything else the caller can set).
pub fn os_user() -> String {
    crate::server::os_user_name(nix::unistd::getuid().as_raw())
}

/// Refuses a data dir that would break the boundary: only its owner opens a
/// store, and nobody else can reach its files.
pub fn check_owner(dir: &std::path::Path) -> Result<(), Failure> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Failure::store(StoreFault::Unreachable {
                dir: dir.to_path_buf(),
                user: Account::me(),
            }));
        }
        Err(e) => {
            return Err(Failure::store(StoreFault::Io {
                dir: dir.to_path_buf(),
                detail: e.to_string(),
            }));
        }
    };
    let me = nix::unistd::getuid().as_raw();
    if meta.uid() != me {
        return Err(Failure::store(StoreFault::NotOwner {
            dir: dir.to_path_buf(),
            owner: Account::of(meta.uid()),
            user: Account::me(),
        }));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Failure::store(StoreFault::OpenToOthers {
            dir: dir.to_path_buf(),
            mode,
        }));
    }
    Ok(())
}

/// Runs the command line; errors are one sentence on stderr with SPEC's exit code.
pub fn main_with(cli: Cli) -> ExitCode {
    let lang = crate::i18n::Lang::detect(cli.lang.as_deref(), env_lang().as_deref());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.code == 0 => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("secretariat: {}", crate::text::sanitize(&f.sentence(lang)));
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    // Whatever this process creates (a store's files, an export) is its user's alone.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    // The references need no configuration and no store.
    match cli.command {
        Some(args::Command::Completions { shell }) => {
            reference::completions(shell, &mut std::io::stdout().lock());
            return Ok(());
        }
        Some(args::Command::Man) => {
            return reference::man(&mut std::io::stdout().lock()).map_err(Failure::from);
        }
        _ => {}
    }
    let ctx = Context::from_cli(&cli)?;
    let reach = Reach::from_cli(&cli, &ctx);
    preflight::check(&ctx, &reach, cli.command.as_ref())?;
    commands::dispatch(&ctx, &reach, cli.command)
}

/// `--as-of` as typed (`2026-11-21`, `R8.11.21`, `令和8年11月21日`…), in the
/// years the rules cover; refused in the user's language, naming the rule.
fn as_of(typed: &str, lang: crate::i18n::Lang) -> Result<chrono::NaiveDate, Failure> {
    let d = crate::domain::time::parse_date_input(typed).map_err(|p| {
        Failure::usage(format!(
            "--as-of: {}",
            crate::i18n::dates::problem(lang, typed, p)
        ))
    })?;
    crate::domain::refusal::Refusal::check_rule_date("--as-of", d)
        .map_err(|r| Failure::usage(crate::i18n::refusals::refusal(lang, &r)))
}

/// The locale the environment asks for (`LC_ALL`, else `LANG`).
fn env_lang() -> Option<String> {
    std::env::var("LC_ALL")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("LANG").ok())
}
