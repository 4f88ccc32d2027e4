//! The connection to the organisation's relay (lettre's blocking SMTP
//! transport, rustls), and what each of its answers means for a message.

use super::MailError;
use super::config::{MailSettings, TlsMode};
use lettre::Transport;
use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use std::time::Duration;

/// What the relay made of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accepted (2xx), with the relay's words.
    Accepted(String),
    /// Refused for now (4xx): try again later.
    Temporary(String),
    /// Refused for good (5xx).
    Permanent(String),
    /// No answer: the connection failed or dropped. Whether the relay kept the
    /// message is unknown, so it is tried again (with the same Message-ID).
    Lost(String),
}

/// A relay to send through; the password is read when it is opened.
pub struct Relay {
    transport: SmtpTransport,
}

impl Relay {
    /// Prepares the transport; connects on the first message.
    pub fn open(settings: &MailSettings) -> Result<Relay, MailError> {
        let c = &settings.config;
        let host = c.smtp_host.trim();
        let tls_params = || {
            let failed =
                |e: String| MailError::Config(format!("TLS for {host} cannot be set up: {e}"));
            let mut b = TlsParameters::builder(host.to_string());
            if let Some(path) = &c.ca_file {
                let pem = std::fs::read(path).map_err(|e| {
                    MailError::Config(format!("cannot read mail.ca_file {}: {e}", path.display()))
                })?;
                let cert = Certificate::from_pem(&pem).map_err(|e| {
                    MailError::Config(format!(
                        "mail.ca_file {} holds no PEM certificate: {e}",
                        path.display()
                    ))
                })?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls().map_err(|e| failed(e.to_string()))
        };
        let tls = match c.tls {
            TlsMode::Starttls => Tls::Required(tls_params()?),
            TlsMode::Tls => Tls::Wrapper(tls_params()?),
            TlsMode::None => Tls::None,
        };
        let mut b = SmtpTransport::builder_dangerous(host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(c.timeout_secs.max(1))));
        if let (Some(user), Some(password)) = (&c.user, c.password()?) {
            b = b.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Relay {
            transport: b.build(),
        })
    }

    /// Connects (greeting, EHLO, TLS, login) before any message is tried, so a
    /// relay that is down or refuses the login is the pass's failure, never
    /// a message's.
    pub fn check(&self) -> Result<(), String> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err("the relay closed the connection".into()),
            Err(e) => Err(match e.status() {
                Some(code) => format!(
                    "{code} {}",
                    std::error::Error::source(&e)
                        .map(|s| s.to_string())
                        .unwrap_or_default()
                )
                .trim()
                .to_string(),
                None => e.to_string(),
            }),
        }
    }

    /// Sends one message and says what the relay answered.
    pub fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Answer {
        match self.transport.send_raw(envelope, bytes) {
            Ok(r) => Answer::Accepted(
                format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
                    .trim()
                    .to_string(),
            ),
            Err(e) => {
                let words = std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                match e.status() {
                    Some(code) if e.is_transient() => {
                        Answer::Temporary(format!("{code} {words}").trim().to_string())
                    }
                    Some(code) if e.is_permanent() => {
                        Answer::Permanent(format!("{code} {words}").trim().to_string())
                    }
                    _ => Answer::Lost(e.to_string()),
                }
            }
        }
    }
}
