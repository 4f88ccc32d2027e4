//! The store: one interface, at the level of the domain, over the backends
//! that keep a secretariat's records: sled, embedded, in `sled/` (the
//! default), and PostgreSQL, in `postgres/`.
//!
//! [`Store`] is an enum of backends, as pict-rs's `Repo::{Sled, Postgres}`
//! is: the desk, the server and the CLI hold a `Store` and ask it for cases,
//! people, decisions, organisations, counters, the audit chain and the
//! outbox; each method dispatches to the backend. What must be the same on
//! every backend sits here, above them, once: the audit chain's MAC, next
//! record and check (`audit`), what an audit record says of a write
//! (`change`), what a change writes (`batch`), pages and counts (`page`), the
//! summary of a case that filters and counts read (`summary`), the words a
//! case is found by (`words`), what a check finds (`findings`), and the
//! errors (`error`, `fault`). `contract` tests every backend through `Store`.
//! `docs/architecture.md` ("The store interface") says what a backend provides.

mod audit;
mod batch;
mod change;
#[cfg(test)]
mod contract;
mod error;
mod fault;
mod findings;
mod import;
mod page;
pub mod postgres;
mod records;
pub mod sled;
mod summary;
mod words;

pub use self::postgres::{PgOptions, PgStore};
#[doc(hidden)]
pub use self::sled::{GarbledForTests, table_names_for_tests};
pub use self::sled::{Reserve, SledStore};
pub use audit::{AuditHead, AuditKey, ChainWalk};
pub use batch::{
    CaseBefore, CaseWrite, DeliveryExpect, IssueRequest, Outcome, RecordUndo, RegistryWrite,
    Stored, UndoEntry, UndoRecord, UndoSlot, Undoable, WriteBatch,
};
pub use error::{Codec, Refused, Sled, StoreError};
pub use fault::{Account, Damage, Denied, StoreFault};
pub use findings::{CheckFault, CheckReport, Part, RecordKey, Why};
pub use import::ImportSession;
pub use page::{PageSpec, RawCounts, RawPage, SortKey};
pub use summary::{CaseSummary, OrgMask, Place, due_days, due_from_days};
pub use words::tokens;

use std::path::{Path, PathBuf};

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The refusal of a decision taken on `seen` when the case is at a later revision.
pub fn stale(case: &crate::domain::Case, seen: u64) -> crate::domain::refusal::Refusal {
    crate::domain::refusal::Refusal::Stale {
        reference: case.reference.clone(),
        by: case.updated_by.clone(),
        at: case.updated_at,
        revision: case.revision,
        seen,
    }
}

/// An open store: one of the backends, behind the methods every backend
/// answers in the domain's terms.
// One store a process: the size of the larger backend costs nothing, and
// boxing it would cost an indirection on every call.
#[allow(clippy::large_enum_variant)]
pub enum Store {
    /// The embedded store in a data dir (the default).
    Sled(SledStore),
    /// A store in a PostgreSQL database (`[store] backend = "postgres"`).
    Postgres(PgStore),
}

/// Runs `$body` with `$b` bound to the backend of `$store`.
macro_rules! backend {
    ($store:expr, $b:ident => $body:expr) => {
        match $store {
            Store::Sled($b) => $body,
            Store::Postgres($b) => $body,
        }
    };
}
pub(crate) use backend;

/// How a store was backed up: the answer of [`Store::backup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    /// The store's files were copied, consistently, to `to`: a data dir that
    /// `--data-dir` opens (`from` is the store's own).
    Copied { from: PathBuf, to: PathBuf },
    /// Nothing was copied: the store is the PostgreSQL `database`, which
    /// is backed up with PostgreSQL's tools (`pg_dump`, base backups).
    ByDatabaseTools { database: String },
}

impl From<SledStore> for Store {
    fn from(s: SledStore) -> Store {
        Store::Sled(s)
    }
}

impl From<PgStore> for Store {
    fn from(s: PgStore) -> Store {
        Store::Postgres(s)
    }
}

impl Store {
    /// Whether `dir` holds a store (or a server of one): the commands that only
    /// read refuse a data dir without one instead of creating an empty store.
    pub fn exists_in(dir: &Path) -> bool {
        SledStore::exists_in(dir)
    }

    /// Opens (or creates) the sled store in `dir` under the built-in test key
    /// (see [`AuditKey::default`]); the program opens stores with
    /// [`Store::open_keyed`].
    pub fn open(dir: &Path, creator: &str) -> Result<Store> {
        Ok(Store::Sled(SledStore::open(dir, creator)?))
    }

    /// Opens (or creates) the sled store in `dir`, its audit chain under `key`.
    /// `creator` becomes the first supervisor of a new store.
    pub fn open_keyed(dir: &Path, creator: &str, key: AuditKey) -> Result<Store> {
        Ok(Store::Sled(SledStore::open_keyed(dir, creator, key)?))
    }

    /// Opens (or creates) the store in the PostgreSQL database `opts`
    /// names, its audit chain under `key`.
    pub fn open_postgres(opts: &PgOptions, creator: &str, key: AuditKey) -> Result<Store> {
        Ok(Store::Postgres(PgStore::open(opts, creator, key)?))
    }

    /// The sled backend, if this store is one (tests that damage its files).
    #[doc(hidden)]
    pub fn as_sled(&self) -> Option<&SledStore> {
        match self {
            Store::Sled(s) => Some(s),
            Store::Postgres(_) => None,
        }
    }

    /// The key the audit chain is under.
    pub fn audit_key(&self) -> &AuditKey {
        backend!(self, s => s.audit_key())
    }

    /// Backs the store up to `dest`, or says how a store of its kind is backed up.
    pub fn backup(&self, dest: &Path) -> Result<Backup> {
        match self {
            Store::Sled(s) => {
                s.backup(dest)?;
                Ok(Backup::Copied {
                    from: s.dir().to_path_buf(),
                    to: dest.to_path_buf(),
                })
            }
            Store::Postgres(s) => Ok(Backup::ByDatabaseTools {
                database: s.label().to_string(),
            }),
        }
    }

    /// Verifies the store: its records agree with what is kept to find and
    /// count them, the audit chain is whole. A failure to read says what a
    /// crash recovery changed when the store was opened, if anything.
    pub fn check(&self) -> Result<CheckReport> {
        match self {
            Store::Sled(s) => {
                let mut report = s.check().map_err(|e| s.with_recovery(e))?;
                report.recovered = s.recovered().to_vec();
                Ok(report)
            }
            Store::Postgres(s) => s.check(),
        }
    }

    /// The head of the audit chain: its last record's number and MAC.
    pub fn audit_head(&self) -> Result<AuditHead> {
        backend!(self, s => s.audit_head())
    }

    /// The faults of the audit chain since `anchor`, which it must still extend.
    pub fn check_since(&self, anchor: &AuditHead) -> Result<Vec<CheckFault>> {
        backend!(self, s => s.check_since(anchor))
    }

    /// Makes a store whose writes failed (a full disk) whole again before a
    /// request is answered. PostgreSQL has nothing to heal here: a broken
    /// connection is dropped from the pool and the next request opens another.
    pub fn heal(&self) {
        match self {
            Store::Sled(s) => s.heal(),
            Store::Postgres(_) => {}
        }
    }

    /// Hears of a failed request: returns the failure as the store explains
    /// it better, if it can (sled: a file of the store this user may not
    /// read, said as such instead of as an I/O error).
    pub fn after_failure(&self, e: &StoreError) -> Option<StoreError> {
        match (self, e) {
            (Store::Sled(s), StoreError::Sled(_)) => {
                s.note_failure();
                s.denied_files().map(Into::into)
            }
            _ => None,
        }
    }

    /// Sets the free space kept on the store's file system. It has no
    /// meaning for PostgreSQL, whose files are the database server's (it
    /// refuses writes itself when its disk is full), so it does nothing there.
    pub fn set_reserve(&self, reserve: Reserve) {
        match self {
            Store::Sled(s) => s.set_reserve(reserve),
            Store::Postgres(_) => {}
        }
    }

    /// How many records (keys) the store holds, for the benchmark.
    pub fn key_count(&self) -> Result<u64> {
        backend!(self, s => s.key_count())
    }

    /// Size of the store on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        backend!(self, s => s.size_on_disk())
    }
}
