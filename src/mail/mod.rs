//! Delivery of the outbox over SMTP to the organisation's relay. No sled here:
//! the desk says what to send and records each answer.

mod config;
mod message;
mod pass;
mod relay;

pub use config::{MailConfig, MailSettings, TlsMode};
pub use message::{Unmailable, build};
pub use pass::{PassOptions, PassSummary, send_pass};
pub use relay::{Answer, Relay};

/// Why mail could not be sent at all (a single message's refusal is recorded
/// on it instead).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Desk(#[from] crate::desk::DeskError),
}
