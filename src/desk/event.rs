//! What happened, as the desk's front ends hear it: a case changed, many
//! did, who is looking at one, a bulk's progress, an enquiry logged, the
//! server stopping or the connection lost. The server pushes them to every
//! client (`server::protocol` frames them); the TUI takes them as data.

use super::CaseKey;
use crate::domain::State;
use serde::{Deserialize, Serialize};

/// Something that happened, pushed to every client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A case changed: its new revision and state, and who changed it.
    Changed {
        key: CaseKey,
        by: String,
        revision: u64,
        state: State,
    },
    /// Many cases changed at once (follow-ups, a large bulk): reload what is shown.
    Reload { by: String },
    /// Who is looking at a case now (user names; may include the receiver).
    Viewers { key: CaseKey, users: Vec<String> },
    /// Progress of the bulk decision (or import: rows written, total 0) of call `call`.
    BulkProgress {
        call: u64,
        done: usize,
        total: usize,
    },
    /// Events were dropped because this client read too slowly: reload everything.
    Resync,
    /// The server is stopping.
    Closing { why: super::trouble::Stopping },
    /// The connection to the server was lost (made by the client, never sent).
    Disconnected { how: super::trouble::Broke },
    /// An enquiry was logged or changed (protocol 6): lists of enquiries and
    /// the lookup of its caller reload.
    Enquiry {
        id: u64,
        by: String,
        registration_number: Option<String>,
        open: bool,
    },
}
