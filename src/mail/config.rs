//! The `[mail]` section of the configuration file.

use super::MailError;
use crate::domain::delivery::{check_address, parse_interval};
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS, which the relay must offer (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or a test.
    None,
}

/// `[mail]`: the organisation's mail relay. The password is never here: only
/// the file it is read from, at each send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    pub smtp_host: String,
    /// Default: 587 with `starttls`, 465 with `tls`, 25 with `none`.
    pub smtp_port: Option<u16>,
    pub tls: TlsMode,
    /// PEM certificates to trust besides the public roots (an organisation's own CA).
    pub ca_file: Option<PathBuf>,
    pub user: Option<String>,
    /// A file holding the relay password (its first line), read at send time.
    pub password_file: Option<PathBuf>,
    /// `From:`, e.g. `研修事務局 <jimukyoku@example.jp>`.
    pub from: String,
    pub reply_to: Option<String>,
    /// The envelope sender (bounces go there); default: the `from` address.
    pub envelope_from: Option<String>,
    /// Messages taken per round of a send pass.
    pub batch: usize,
    /// Waits before each retry after a temporary failure (`30s`, `5m`, `2h`,
    /// `1d`); when they are spent the message fails.
    pub retry: Vec<String>,
    /// How often a running server sends (seconds).
    pub interval_secs: u64,
    /// How long to wait for the relay at each step (seconds).
    pub timeout_secs: u64,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            smtp_host: String::new(),
            smtp_port: None,
            tls: TlsMode::Starttls,
            ca_file: None,
            user: None,
            password_file: None,
            from: String::new(),
            reply_to: None,
            envelope_from: None,
            batch: 100,
            retry: ["1m", "5m", "15m", "1h", "4h", "12h"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            interval_secs: 60,
            timeout_secs: 30,
        }
    }
}

/// The most messages one round of a send pass may take.
pub const MAX_BATCH: usize = 10_000;
/// The longest wait before a retry: a week.
pub const MAX_RETRY_SECS: i64 = 7 * 86_400;

/// A checked `[mail]`: addresses parsed, the schedule read.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub config: MailConfig,
    pub port: u16,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub envelope_from: lettre::Address,
    pub retry: Vec<chrono::Duration>,
    /// The domain of `from`, for Message-IDs.
    pub domain: String,
}

fn mailbox(field: &str, s: &str) -> Result<Mailbox, MailError> {
    let bad = |why: String| MailError::Config(format!("mail.{field} {s:?} {why}"));
    let mb: Mailbox = s
        .parse()
        .map_err(|e| bad(format!("is not an address: {e}")))?;
    check_address(mb.email.as_ref()).map_err(|e| bad(format!("cannot be used: {e}")))?;
    Ok(mb)
}

impl MailConfig {
    /// Checks the section, naming the first field that is wrong.
    pub fn settings(&self) -> Result<MailSettings, MailError> {
        if self.smtp_host.trim().is_empty() {
            return Err(MailError::Config("mail.smtp_host is missing".into()));
        }
        if self.from.trim().is_empty() {
            return Err(MailError::Config("mail.from is missing".into()));
        }
        if self.password_file.is_some() != self.user.is_some() {
            return Err(MailError::Config(
                "mail.user and mail.password_file go together: give both or neither".into(),
            ));
        }
        if self.batch == 0 {
            return Err(MailError::Config("mail.batch must be at least 1".into()));
        }
        let from = mailbox("from", &self.from)?;
        let reply_to = self
            .reply_to
            .as_deref()
            .map(|r| mailbox("reply_to", r))
            .transpose()?;
        let envelope_from = match &self.envelope_from {
            Some(e) => mailbox("envelope_from", e)?.email,
            None => from.email.clone(),
        };
        let mut retry = Vec::new();
        for r in &self.retry {
            retry.push(parse_interval(r).ok_or_else(|| {
                MailError::Config(format!(
                    "mail.retry {r:?} is not a wait such as \"30s\", \"5m\", \"2h\" or \"1d\""
                ))
            })?);
        }
        let port = self.smtp_port.unwrap_or(match self.tls {
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        });
        Ok(MailSettings {
            domain: from.email.domain().to_string(),
            config: self.clone(),
            port,
            from,
            reply_to,
            envelope_from,
            retry,
        })
    }

    /// The ranges of `[mail]`'s numbers and waits, each problem named; the
    /// rest (addresses, the pairing of user and password file) is
    /// [`MailConfig::settings`]'s.
    pub fn problems(&self) -> Vec<crate::domain::config::ConfigProblem> {
        let mut c = crate::domain::config::ConfigCheck {
            prefix: "mail",
            problems: Vec::new(),
        };
        if let Some(port) = self.smtp_port {
            c.range("smtp_port", port, 1, u16::MAX, "port numbers");
        }
        c.range("batch", self.batch, 1, MAX_BATCH, "messages");
        c.range("interval_secs", self.interval_secs, 1, 86_400, "seconds");
        c.range("timeout_secs", self.timeout_secs, 1, 3_600, "seconds");
        for (i, r) in self.retry.iter().enumerate() {
            let secs = parse_interval(r).map(|d| d.num_seconds());
            if !secs.is_some_and(|s| (0..=MAX_RETRY_SECS).contains(&s)) {
                c.fail(
                    &format!("retry[{i}]"),
                    format!("{r:?}"),
                    "must be a wait such as \"30s\", \"5m\", \"2h\" or \"1d\", from 0 seconds to 7 days",
                );
            }
        }
        if let Err(e) = self.settings() {
            c.fail("", "", e.to_string());
        }
        c.problems
    }

    /// The relay password: the first line of `password_file`, read now.
    pub fn password(&self) -> Result<Option<String>, MailError> {
        let Some(path) = &self.password_file else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            MailError::Config(format!(
                "cannot read mail.password_file {}: {e}",
                path.display()
            ))
        })?;
        Ok(Some(text.lines().next().unwrap_or("").to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_section_takes_the_defaults() {
        let c: MailConfig = toml::from_str(
            "smtp_host = \"smtp.example.jp\"\nfrom = \"研修事務局 <jimu@example.jp>\"",
        )
        .unwrap();
        let s = c.settings().unwrap();
        assert_eq!(s.port, 587);
        assert_eq!(s.domain, "example.jp");
        assert_eq!(s.envelope_from.to_string(), "jimu@example.jp");
        assert_eq!(s.retry.len(), 6);
        assert_eq!(s.from.name.as_deref(), Some("研修事務局"));
    }

    #[test]
    fn mistakes_are_named() {
        let bad = |t: &str| {
            let c: MailConfig = toml::from_str(t).unwrap();
            c.settings().unwrap_err().to_string()
        };
        assert!(bad("from = \"a@x.jp\"").contains("smtp_host"));
        assert!(bad("smtp_host = \"h\"\nfrom = \"山田@x.jp\"").contains("mail.from"));
        assert!(bad("smtp_host = \"h\"\nfrom = \"a@x.jp\"\nretry = [\"5x\"]").contains("5x"));
        assert!(
            bad("smtp_host = \"h\"\nfrom = \"a@x.jp\"\nuser = \"u\"").contains("password_file")
        );
        assert!(toml::from_str::<MailConfig>("smtp_hots = \"h\"").is_err());
    }
}
