//! Why the store could not do what was asked, as data: the files (a
//! [`StoreFault`]), a value that does not decode ([`Codec`]), sled's own
//! failure ([`Sled`]), a request the store refuses ([`Refused`]), an import
//! rolled back, the wrong audit key. `i18n::store` words each in the user's
//! language (its `Display` is the English).

use super::{Part, StoreFault};
use crate::domain::refusal::Refusal;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Why the store could not do what was asked (as data across the socket too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreError {
    /// The store's files could not be opened or read.
    Fault(Box<StoreFault>),
    /// A file of the store could not be used, in the system's words.
    Io { dir: PathBuf, detail: String },
    /// A change refused because the case moved on (the desk passes it on as a refusal).
    Stale(Refusal),
    /// A request the store refuses.
    Refused(Refused),
    /// A stored value that could not be read (or a value written).
    Codec(Codec),
    /// sled failed.
    Sled(Sled),
    /// An import failed and was rolled back whole.
    ImportUndone {
        file: String,
        cause: Box<StoreError>,
    },
    /// A change refused for want of disk space (the desk passes it on as a refusal).
    Space(Refusal),
    /// The audit key is not the one the store's chain is under.
    WrongAuditKey { dir: PathBuf, key: String },
    /// PostgreSQL failed or refused (its SQLSTATE `code` when it answered),
    /// in its words.
    Postgres {
        code: Option<String>,
        detail: String,
    },
}

impl std::error::Error for StoreError {}

/// Why a value of the store could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Codec {
    /// The value is not what was stored there, in the codec's words.
    Value { detail: String },
    /// A key of `what` that is not `want` bytes long.
    Key { what: Part, want: u64 },
    /// An import journal entry naming a table there is none of.
    JournalTable { table: u8 },
    /// A store at a schema no step upgrades from.
    NoMigration { from: u32 },
    /// Another part of the program failed while the store read, in its words.
    Failed { detail: String },
}

/// sled's failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sled {
    /// An I/O error, in the system's words (`No space left on device`).
    Io { detail: String },
    /// sled found its files inconsistent: damage.
    Corruption { detail: String },
    /// Any other failure of sled, in its words.
    Other { detail: String },
}

impl Sled {
    /// What sled or the system said.
    pub fn detail(&self) -> &str {
        match self {
            Sled::Io { detail } | Sled::Corruption { detail } | Sled::Other { detail } => detail,
        }
    }
}

/// A request the store refuses, with what it was about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refused {
    /// A backup into a directory that holds something.
    BackupNotEmpty { dest: PathBuf },
    /// A backup to where another is being written.
    BackupUnderWay { dest: PathBuf },
    /// An upgrade to schema 5 of a store whose audit chain is broken at
    /// record `seq` (`unreadable`: the codec's words, if it does not read).
    BrokenChain {
        dir: PathBuf,
        seq: u64,
        unreadable: Option<String>,
    },
    /// An import that ended without its commit.
    ImportAbandoned,
}

impl StoreError {
    /// Whether another process has the store open.
    pub fn is_locked(&self) -> bool {
        matches!(self, StoreError::Fault(f) if matches!(**f, StoreFault::Locked { .. }))
    }
}

impl From<StoreFault> for StoreError {
    fn from(f: StoreFault) -> Self {
        StoreError::Fault(Box::new(f))
    }
}

impl From<Codec> for StoreError {
    fn from(c: Codec) -> Self {
        StoreError::Codec(c)
    }
}

impl From<Refused> for StoreError {
    fn from(r: Refused) -> Self {
        StoreError::Refused(r)
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Sled(match e {
            // "No space left on device (os error 28)", not sled's debug form.
            sled::Error::Io(io) => Sled::Io {
                detail: io.to_string(),
            },
            sled::Error::Corruption { .. } => Sled::Corruption {
                detail: e.to_string(),
            },
            other => Sled::Other {
                detail: other.to_string(),
            },
        })
    }
}
