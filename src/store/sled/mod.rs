//! The sled backend: the only module that names sled. Key layout, codecs,
//! indexes, the audit chain's records, outbox, schema version, transactions.

// The modules above the backend, named as the backend's own modules name them.
use super::{change, error, fault};

mod audit;
mod backup;
mod check;
mod delivery;
mod document;
mod enquiry;
mod journal;
pub mod keys;
mod layout;
mod migrate;
mod migrate_audit;
mod migrate_v6;
mod orgs;
mod people;
mod postings;
mod read;
mod registry;
mod scan;
pub(super) mod seal;
mod space;
mod table;
pub(crate) mod tags;
mod tx;
mod undo;
mod write;

pub use crate::store::OrgMask;
pub use audit::{AuditHead, AuditKey};
pub use check::{CheckFault, CheckReport, Part, RecordKey, Why};
#[doc(hidden)]
pub use check::{GarbledForTests, table_names_for_tests};
pub use error::{Codec, Refused, Sled, StoreError};
pub use fault::{Account, Damage, Denied, StoreFault};
pub use journal::ImportRun;
#[cfg(test)]
pub(crate) use layout::legacy_copy_for_tests;
pub use read::{PageSpec, RawCounts, RawPage, SortKey};
pub use space::Reserve;
pub use undo::{CaseBefore, RecordUndo, Stored, UndoEntry, Undoable};
pub use write::{CaseWrite, Outcome, RegistryWrite, UndoRecord, UndoSlot, WriteBatch};

use crate::domain::{AuditRecord, Case, Facility, Loan, OutboxMessage, Person, Physician, Role};
use serde::{Serialize, de::DeserializeOwned};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use space::{CACHE_BYTES, open_sled};

/// The schema this build reads and writes.
/// Schema 2 added `Facility.designated` and `LoanEvent.amount`; schema 4
/// dropped the stored `LoanFollowup.computation` (derived again when a case is
/// shown); schema 5 added the uid of every audit record and the keyed chain;
/// schema 6 keeps every table in one tree, tags in memory and packed postings;
/// schema 7 adds the enquiry log (`enquiries`, `enquiries_by_person`) and the
/// people by birth date (`people_by_birth`, built from the people on upgrade);
/// schema 8 makes an undo stack entry a decision or a recorded change
/// (`undo::Undoable`), so that a form recorded at the desk and a linked
/// duplicate are undone like a decision; schema 9 adds a loan's prior
/// obligations (`Loan::prior_obligations`), rewriting every stored loan, in
/// the loans and inside the undo stack's recorded changes; schema 10 adds
/// organisations: users' roles per organisation, and each case's
/// organisation set in its tag and its counters (`orgs`, `migrate_v10`);
/// schema 11 adds each case's place, numbered (`places`, `place_names`,
/// `migrate_v11`), so that `area:`, `pref:` and `priority` are decided
/// without reading the case.
/// Older stores are upgraded on open (`migrate`).
pub const SCHEMA_VERSION: u32 = 11;

/// The metadata keys of users' names as people read them (`user_name/tanaka`).
const USER_NAME_PREFIX: &[u8] = b"user_name/";

fn user_name_key(user: &str) -> Vec<u8> {
    [USER_NAME_PREFIX, user.as_bytes()].concat()
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Defines the tables once: the enum `T`, `T::ALL` in prefix order and
/// `TABLES`, so that a new table is one line here.
macro_rules! tables {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// The tables of a store: each the prefix byte of its keys in the one
        /// physical tree (schema 6; before, each was a tree of its own, named in
        /// `TREE_NAMES`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum T { $($(#[$doc])* $name,)* }

        impl T {
            /// Every table, in prefix order.
            pub(crate) const ALL: [T; TABLES as usize] = [$(T::$name,)*];
        }

        /// How many tables there are (the prefix bytes in use).
        pub(crate) const TABLES: u8 = [$(T::$name,)*].len() as u8;
    };
}

tables! {
    Meta,
    Cases,
    Refs,
    IdxDue,
    IdxReceived,
    IdxName,
    IdxState,
    IdxSubject,
    IdxToken,
    Counts,
    People,
    PeopleByIdentity,
    Facilities,
    Physicians,
    PhysiciansByWorkplace,
    Loans,
    LoansByPerson,
    Audit,
    Outbox,
    Users,
    Undo,
    OutboxDelivery,
    DeliveryQueue,
    /// Import headers and the prior values of the keys an import touched.
    ImportJournal,
    /// Schema 6: the tags of the cases, 128 to a key (`tags`).
    Tags,
    /// Schema 6: assignee numbers and names (`tags`).
    Assignees,
    /// Schema 6: the search words' packed ids (`postings`).
    Postings,
    /// Schema 7: the enquiry log, by id (`enquiry`).
    Enquiries,
    /// Schema 7: registration number, 0, enquiry id → nothing.
    EnquiriesByPerson,
    /// Schema 7: birth date (days from CE), registration number → nothing.
    PeopleByBirth,
    /// Schema 10: the organisations sharing the store, by id (`orgs`).
    Orgs,
    /// Schema 10: the organisation sets cases belong to, by number (`orgs`).
    OrgSets,
    /// Schema 10: the counters of every set together (queue, state, due):
    /// what a user who sees every case counts, without a pass over the sets.
    CountsAll,
    /// Schema 11: the place number of every case, 128 to a key (`tags`).
    Places,
    /// Schema 11: place numbers and places (`tags`).
    PlaceNames,
}

/// The trees of schema 5 and before, in `T` order (moved into the one tree on open).
const TREE_NAMES: [&str; 24] = [
    "meta",
    "cases",
    "refs",
    "idx_due",
    "idx_received",
    "idx_name",
    "idx_state",
    "idx_subject",
    "idx_token",
    "counts",
    "people",
    "people_by_identity",
    "facilities",
    "physicians",
    "physicians_by_workplace",
    "loans",
    "loans_by_person",
    "audit",
    "outbox",
    "users",
    "undo",
    "outbox_delivery",
    "delivery_queue",
    "import_journal",
];

/// An open store.
pub struct SledStore {
    // Field order matters: Rust drops fields in declaration order, so sled has
    // closed its files by the time `seal` writes the seal.
    /// sled's handles: opened again in place after a write failed (`space`).
    sled: std::sync::RwLock<Option<space::Sled>>,
    dir: PathBuf,
    /// The key of the audit chain (kept outside the data dir).
    audit_key: AuditKey,
    /// Every change holds this shared; an import holds it alone (`journal`).
    writers: std::sync::RwLock<()>,
    /// One change at a time: held from a change's first read to its batch.
    one_writer: std::sync::Mutex<()>,
    /// Every case's tag, in memory (`tags`).
    tags: std::sync::RwLock<tags::Tags>,
    /// The cases written while a check reads beside the changes (`check`).
    changed: std::sync::Mutex<Option<std::collections::HashSet<u64>>>,
    /// The free space kept, and a full disk as a state (`space`).
    space: space::Space,
    /// What sled's crash recovery changed in the files when it opened them.
    recovered: Vec<String>,
    seal: SealOnClose,
}

/// Seals the store's files after sled has closed them (see `seal`).
struct SealOnClose {
    dir: PathBuf,
    armed: bool,
    /// Held from before the seal is checked until after it is written (it is
    /// released when this is dropped, after `drop` ran), so that no other
    /// process opens the store between sled closing its files and the seal
    /// being written — a server leaving as another starts.
    _lock: nix::fcntl::Flock<std::fs::File>,
}

/// The file whose lock spans a store's whole open life, seal included.
const LOCK_FILE: &str = "secretariat.lock";

fn lock_store(dir: &Path) -> Result<nix::fcntl::Flock<std::fs::File>> {
    let path = dir.join(LOCK_FILE);
    // Opened for reading when it exists: a lock needs no more, and another
    // member of the store's group may have created it.
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(_) => std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreFault::from_io(dir, Some(&path), &e))?,
    };
    nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusiveNonblock).map_err(
        |(_, errno)| match errno {
            nix::errno::Errno::EWOULDBLOCK => StoreFault::Locked {
                dir: dir.to_path_buf(),
            }
            .into(),
            other => StoreFault::from_io(dir, Some(&path), &other.into()).into(),
        },
    )
}

impl Drop for SealOnClose {
    fn drop(&mut self) {
        if self.armed {
            if let Err(e) = seal::write(&self.dir) {
                tracing::warn!(error = %e, "could not seal the store");
            }
        }
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        // Seal only what is known to be on disk.
        self.seal.armed = self.db().and_then(|db| Ok(db.flush()?)).is_ok();
    }
}

/// Runs `f` with panic messages kept off the terminal: sled panics on some
/// damaged files, and the caller turns the panic into a typed error.
pub(crate) fn quiet_panics<R>(f: impl FnOnce() -> R) -> R {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        tracing::warn!(%at, "sled stopped on the store's files");
    }));
    let out = f();
    std::panic::set_hook(previous);
    out
}

pub(crate) fn encode<V: Serialize>(v: &V) -> Result<Vec<u8>> {
    bincode::serialize(v).map_err(|e| {
        StoreError::Codec(Codec::Value {
            detail: e.to_string(),
        })
    })
}

pub(crate) fn decode<V: DeserializeOwned>(b: &[u8]) -> Result<V> {
    bincode::deserialize(b).map_err(|e| {
        StoreError::Codec(Codec::Value {
            detail: e.to_string(),
        })
    })
}

/// The file that marks a backup still being written.
const INCOMPLETE: &str = "BACKUP-INCOMPLETE";

impl SledStore {
    /// Whether `dir` holds a store (or a server of one): the commands that only
    /// read refuse a data dir without one instead of creating an empty store.
    /// A directory that cannot be read is taken to hold one (its owner's).
    pub fn exists_in(dir: &Path) -> bool {
        match std::fs::read_dir(dir) {
            Ok(_) => ["conf", "db", "secretariat.sock"]
                .iter()
                .any(|f| dir.join(f).exists()),
            Err(e) => e.kind() == std::io::ErrorKind::PermissionDenied,
        }
    }

    /// Opens (or creates) the store in `dir` under the built-in test key (see
    /// [`AuditKey::default`]); the program opens stores with [`SledStore::open_keyed`].
    pub fn open(dir: &Path, creator: &str) -> Result<SledStore> {
        SledStore::open_keyed(dir, creator, AuditKey::default())
    }

    /// Opens (or creates) the store in `dir`, its audit chain under `key`.
    /// `creator` becomes the first supervisor of a new store.
    pub fn open_keyed(dir: &Path, creator: &str, key: AuditKey) -> Result<SledStore> {
        // A new store is its owner's alone, whatever the umask.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| StoreFault::from_io(dir, Some(dir), &e))?;
        if dir.join(INCOMPLETE).exists() {
            return Err(StoreFault::UnfinishedBackup {
                dir: dir.to_path_buf(),
            }
            .into());
        }
        let lock = lock_store(dir)?;
        let sealed = seal::verify_and_break(dir)?;
        // Without a seal (a crash) sled's recovery may rewrite its files:
        // what it changed is said, never that they were left as they were.
        // After a clean close sled writes too as it opens (a snapshot, its
        // segment's full length): that is no recovery, and is not said.
        let found = seal::found(dir);
        let db = match open_sled(dir) {
            Ok(db) => db,
            Err(StoreError::Fault(f)) => match *f {
                StoreFault::Damaged { dir, damage, .. } => {
                    let changed = seal::changes(&dir, &found);
                    return Err(StoreFault::Damaged {
                        dir,
                        damage,
                        changed,
                    }
                    .into());
                }
                other => return Err(other.into()),
            },
            Err(e) => return Err(e),
        };
        let recovered = if sealed {
            Vec::new()
        } else {
            seal::changes(dir, &found)
        };
        if !recovered.is_empty() {
            tracing::warn!(changed = %recovered.join(", "), "sled's crash recovery changed the store's files as it opened them");
        }
        let data = db.open_tree(table::DATA_TREE)?;
        let store = SledStore {
            sled: std::sync::RwLock::new(Some(space::Sled { db, data })),
            dir: dir.to_path_buf(),
            audit_key: key,
            writers: std::sync::RwLock::new(()),
            one_writer: std::sync::Mutex::new(()),
            tags: Default::default(),
            changed: std::sync::Mutex::new(None),
            space: space::Space::default(),
            recovered,
            seal: SealOnClose {
                dir: dir.to_path_buf(),
                armed: false,
                _lock: lock,
            },
        };
        store.check_schema(creator)?;
        store.recover_imports(Some(creator))?;
        store.load_tags()?;
        store.sweep_partial_backups();
        Ok(store)
    }

    fn check_schema(&self, creator: &str) -> Result<()> {
        let meta = self.tree(T::Meta);
        let current = meta
            .get(b"schema_version")?
            .map(|v| {
                v.as_ref().try_into().map(u32::from_be_bytes).map_err(|_| {
                    StoreError::from(StoreFault::damaged(&self.dir, Damage::SchemaVersion))
                })
            })
            .transpose()?;
        // A store of schema 5 or before is still in trees of its own.
        let legacy = match current {
            Some(_) => {
                self.drop_legacy_trees()?;
                None
            }
            None => self.legacy_version()?,
        };
        match current.or(legacy) {
            Some(found) => {
                if found > SCHEMA_VERSION {
                    return Err(StoreFault::NewerSchema {
                        dir: self.dir.clone(),
                        found,
                        reads: SCHEMA_VERSION,
                    }
                    .into());
                }
                if found < SCHEMA_VERSION {
                    let backup = migrate::upgrade(self, found, legacy.is_some())?;
                    tracing::info!(backup = %backup.display(), "copy of the store before the upgrade");
                }
                match meta.get(audit::KEY_ID)? {
                    Some(id) if id.as_ref() == self.audit_key.fingerprint().as_bytes() => Ok(()),
                    _ => Err(StoreError::WrongAuditKey {
                        dir: self.dir.clone(),
                        key: self.audit_key.source(),
                    }),
                }
            }
            None => {
                meta.insert(b"schema_version", &SCHEMA_VERSION.to_be_bytes())?;
                meta.insert(audit::KEY_ID, self.audit_key.fingerprint().as_bytes())?;
                meta.insert(b"created_by", creator.as_bytes())?;
                // A new store is one office; its creator administers it
                // and supervises there.
                let office = migrate::v10_step::the_office();
                self.tree(T::Orgs)
                    .insert(office.id.as_str().as_bytes(), encode(&office)?)?;
                self.tree(T::Users).insert(
                    creator.as_bytes(),
                    encode(&migrate::v10_step::access_of_role(Role::Supervisor))?,
                )?;
                self.db()?.flush()?;
                Ok(())
            }
        }
    }

    pub(crate) fn tree(&self, t: T) -> table::Table<'_> {
        table::Table {
            tree: self.data().ok(),
            p: t as u8,
            life: std::marker::PhantomData,
        }
    }

    /// Where the store lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file of the store this process may not read and write, if one
    /// denies it (after a failed read: permission, not damage).
    pub fn denied_files(&self) -> Option<StoreFault> {
        fault::any_denied(&self.dir)
    }

    /// What sled's crash recovery changed in the store's files when this
    /// process opened them (nothing after a clean close).
    pub fn recovered(&self) -> &[String] {
        &self.recovered
    }

    /// A failure reading the store, saying what crash recovery changed in its
    /// files when it opened them, if it changed anything: damage found after
    /// a recovery is never reported as files left as they were.
    pub fn with_recovery(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Sled(s) if !self.recovered.is_empty() => StoreFault::Damaged {
                dir: self.dir.clone(),
                damage: fault::Damage::Sled {
                    detail: s.detail().to_string(),
                },
                changed: self.recovered.clone(),
            }
            .into(),
            other => other,
        }
    }

    /// Waits until everything written is on disk.
    pub fn flush(&self) -> Result<()> {
        self.db()?.flush()?;
        Ok(())
    }

    /// Sets a small metadata value (e.g. `demo`).
    pub fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        self.tree(T::Meta).insert(key.as_bytes(), value)?;
        Ok(())
    }

    /// Removes a metadata value (nothing if it is not there).
    pub fn remove_meta(&self, key: &str) -> Result<()> {
        self.tree(T::Meta).remove(key.as_bytes())?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.tree(T::Meta).get(key.as_bytes())?.map(|v| v.to_vec()))
    }

    /// Every user's name as people read it, by user name.
    pub fn user_names(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut out = std::collections::BTreeMap::new();
        for kv in self.tree(T::Meta).scan_prefix(USER_NAME_PREFIX) {
            let (k, v) = kv?;
            let name = String::from_utf8_lossy(&k[USER_NAME_PREFIX.len()..]).into_owned();
            out.insert(name, String::from_utf8_lossy(&v).into_owned());
        }
        Ok(out)
    }

    pub fn case(&self, id: u64) -> Result<Option<Case>> {
        self.tree(T::Cases)
            .get(id.to_be_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    pub fn case_id(&self, queue: crate::domain::Queue, reference: &str) -> Result<Option<u64>> {
        Ok(self
            .tree(T::Refs)
            .get(keys::ref_key(queue, reference))?
            .and_then(|v| keys::u64_from(&v)))
    }

    /// The registry record of `table` under `key`, if there is one.
    fn record<R: DeserializeOwned>(&self, table: T, key: &str) -> Result<Option<R>> {
        self.tree(table)
            .get(key.as_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    pub fn person(&self, regno: &str) -> Result<Option<Person>> {
        self.record(T::People, regno)
    }

    pub fn facility(&self, number: &str) -> Result<Option<Facility>> {
        self.record(T::Facilities, number)
    }

    pub fn physician(&self, cert: &str) -> Result<Option<Physician>> {
        self.record(T::Physicians, cert)
    }

    pub fn loan(&self, loan_id: &str) -> Result<Option<Loan>> {
        self.record(T::Loans, loan_id)
    }

    pub fn outbox_message(&self, id: u64) -> Result<Option<OutboxMessage>> {
        self.tree(T::Outbox)
            .get(id.to_be_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// The key the audit chain is under.
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// Every record of a tree, decoded, in key order (for export and check).
    fn scan<V: DeserializeOwned>(&self, t: T) -> impl Iterator<Item = Result<V>> + '_ {
        self.tree(t).iter().values().map(|v| decode(&v?))
    }

    pub fn all_people(&self) -> impl Iterator<Item = Result<Person>> + '_ {
        self.scan(T::People)
    }
    pub fn all_facilities(&self) -> impl Iterator<Item = Result<Facility>> + '_ {
        self.scan(T::Facilities)
    }
    pub fn all_loans(&self) -> impl Iterator<Item = Result<Loan>> + '_ {
        self.scan(T::Loans)
    }
    pub fn all_audit(&self) -> impl Iterator<Item = Result<AuditRecord>> + '_ {
        self.scan(T::Audit)
    }
    pub fn all_outbox(&self) -> impl Iterator<Item = Result<OutboxMessage>> + '_ {
        self.scan(T::Outbox)
    }
    /// Every case with its id, in id order.
    pub fn all_cases(&self) -> impl Iterator<Item = Result<(u64, Case)>> + '_ {
        self.tree(T::Cases).iter().map(|kv| {
            let (k, v) = kv?;
            Ok((keys::u64_from(&k).unwrap_or(0), decode(&v)?))
        })
    }

    /// How many keys the store's one tree holds (a scan: for the benchmark).
    pub fn key_count(&self) -> Result<u64> {
        let mut n = 0u64;
        for k in self.data()?.iter().keys() {
            k?;
            n += 1;
        }
        Ok(n)
    }

    /// How many cases the store holds (a scan of their keys).
    pub fn case_count(&self) -> Result<u64> {
        Ok(self.tree(T::Cases).len() as u64)
    }

    /// Size of the store's files on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        self.db().and_then(|db| Ok(db.size_on_disk()?)).unwrap_or(0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use crate::domain::*;
    use proptest::prelude::*;

    pub(crate) fn case(
        reference: String,
        name: String,
        reason: String,
        days: i64,
        due: Option<i64>,
    ) -> Case {
        let regno = RegistrationNumber::parse("1234567").unwrap();
        let received = at(ymd(2020, 1, 1) + chrono::Duration::days(days), 9, 30);
        Case {
            reference,
            queue: Queue::Withdrawal,
            state: State::AwaitingDirector,
            subject: Subject::Person(regno.clone()),
            subject_name: name.clone(),
            subject_kana: Some(name),
            received_at: received,
            due: due.map(|d| ymd(2020, 1, 1) + chrono::Duration::days(d)),
            assignee: None,
            revision: 3,
            updated_at: received,
            updated_by: "田中".into(),
            body: CaseBody::Withdrawal(Withdrawal {
                registration_number: regno,
                program: "内科".into(),
                director: "髙橋".into(),
                director_email: None,
                reason,
                kind: WithdrawalKind::Loan,
                director_decision: DirectorDecision::Declined,
                director_decided_at: Some(received),
                chased_at: None,
                completed_at: None,
            }),
            notes: vec![Note {
                at: received,
                author: "佐藤".into(),
                text: "メモ".into(),
            }],
            history: vec![],
        }
    }

    proptest! {
        #[test]
        fn cases_round_trip_through_the_codec(
            reference in "\\PC{1,20}",
            name in "\\PC{0,30}",
            reason in "\\PC{0,200}",
            days in 0i64..20_000,
            due in proptest::option::of(0i64..20_000),
        ) {
            let c = case(reference, name, reason, days, due);
            let back: Case = decode(&encode(&c).unwrap()).unwrap();
            prop_assert_eq!(back, c);
        }
    }

    #[test]
    fn garbage_is_a_codec_error_not_a_panic() {
        assert!(matches!(
            decode::<Case>(&[0xff, 0x00, 0x13]),
            Err(StoreError::Codec(_))
        ));
    }
}
