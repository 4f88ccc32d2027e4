//! Outgoing notifications and the audit trail.

use super::case::{DecisionKind, Queue};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Whether a notification may still be withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for its release time; the decision may still be undone.
    Pending,
    /// Handed to the mail system by `export outbox`.
    Released,
    /// Withdrawn by an undo before release.
    Cancelled,
}

/// One e-mail the organisation owes someone because of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: u64,
    pub queue: Queue,
    pub case_ref: String,
    pub decision: DecisionKind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
    /// Not exported before this moment, so that an undo can still withdraw it.
    pub release_at: Timestamp,
    pub status: OutboxStatus,
}

/// One link of the append-only audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: u64,
    pub at: Timestamp,
    pub actor: String,
    /// The real uid of the acting OS user (the server's peer, or the owner's
    /// own); None where it is not known (records older than schema 5).
    pub uid: Option<u32>,
    /// What was done (`import`, `approve`, `users.add`, ~).
    pub action: String,
    /// The thing changed, e.g. `withdrawal/W-2025-0001` or `user/tanaka`.
    pub target: String,
    /// JSON of the relevant part before and after.
    pub before: Option<String>,
    pub after: Option<String>,
    /// Hex MAC of the previous record (zeros for the first).
    pub prev_hash: String,
    /// Hex HMAC-SHA-256 of this record's other fields, with the store's audit
    /// key (kept outside the data dir), so that nobody without the key can
    /// recompute the chain after editing it.
    pub hash: String,
}
