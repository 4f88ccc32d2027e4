//! Imports all or nothing per file, under SIGKILL and a full disk.
//!
//! Before the first row of a file is written, an *import header* (id, file,
//! rows, who) goes to the `import_journal` tree and is flushed. Every chunk of
//! the file is one transaction that also records, the first time the import
//! touches a key of any table, that key's prior value (or its absence) —
//! except the keys of a case the import creates: such a case is journalled by
//! its id alone, and rolling back removes it and the keys its record names
//! (after every prior value is back). The commit is the header's removal,
//! flushed. While a file imports it holds the
//! store's writers out, so a prior value is exactly what rolling back must put
//! back — cases, indexes, counters, sequence numbers, registries, audit
//! records and the audit head alike.
//!
//! A header still present when the store is opened is an import cut short: its
//! prior values are put back and the rollback is audited, before anything
//! reads. In-process, a chunk that fails is rolled back at once; when even
//! that cannot be written (a full disk), sled's files are opened again and the
//! undo waits for room: reads go on, changes are refused until it is done, and
//! it is done before the next change once the disk has room (`space`).

use super::write::WriteBatch;
use super::{Outcome, Result, SledStore, StoreError, T, decode, encode};
use crate::domain::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::RwLockWriteGuard;

/// What an import header says about the file being imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImportHeader {
    pub file: String,
    pub rows: usize,
    pub actor: String,
    pub uid: Option<u32>,
    pub at: Timestamp,
}

/// Prior values are gathered and put back this many at a time.
const ROLLBACK_BATCH: usize = 20_000;

fn header_key(id: u64) -> Vec<u8> {
    let mut k = b"H".to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn entries_prefix(id: u64) -> Vec<u8> {
    let mut k = b"J".to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// The journal key of `key` in tree `t` for import `id`.
pub(super) fn entry_key(id: u64, t: T, key: &[u8]) -> Vec<u8> {
    let mut k = entries_prefix(id);
    k.push(t as u8);
    k.extend_from_slice(key);
    k
}

/// The journal key of a case import `id` created (after every prior value:
/// those are put back first, then the created cases go).
pub(super) fn created_key(id: u64, case: u64) -> Vec<u8> {
    let mut k = entries_prefix(id);
    k.push(CREATED);
    k.extend_from_slice(&case.to_be_bytes());
    k
}

/// The table byte of a created case's journal entry.
pub(super) const CREATED: u8 = 0xff;

/// A prior value as the journal keeps it: `0` absent, `1` + the bytes.
pub(super) fn prior_value(prior: Option<&[u8]>) -> Vec<u8> {
    match prior {
        None => vec![0],
        Some(v) => {
            let mut out = Vec::with_capacity(v.len() + 1);
            out.push(1);
            out.extend_from_slice(v);
            out
        }
    }
}

/// One file being imported: holds every other writer out until it is
/// committed or rolled back (also when dropped without a commit).
pub struct ImportRun<'a> {
    store: &'a SledStore,
    id: u64,
    header: ImportHeader,
    finished: bool,
    _writers: RwLockWriteGuard<'a, ()>,
}

impl std::fmt::Debug for ImportRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImportRun({}, {})", self.id, self.header.file)
    }
}

impl SledStore {
    /// Starts importing a file of `rows` rows: its header is on disk before
    /// this returns, and no other change is made until the run ends.
    pub fn begin_import(
        &self,
        file: &str,
        rows: usize,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<ImportRun<'_>> {
        let writers = self.writers.write().unwrap_or_else(|e| e.into_inner());
        self.heal_alone()?;
        self.refuse_if_short()?;
        let id = self.db()?.generate_id()?;
        let header = ImportHeader {
            file: file.to_string(),
            rows,
            actor: actor.to_string(),
            uid,
            at,
        };
        self.tree(T::ImportJournal)
            .insert(header_key(id), encode(&header)?)?;
        self.db()?.flush()?;
        Ok(ImportRun {
            store: self,
            id,
            header,
            finished: false,
            _writers: writers,
        })
    }

    /// Rolls back every import cut short (a header without its commit) and
    /// drops the prior values of committed ones. Run on open, before any read.
    /// `opener` acts for the rollback when the store is opened; without one
    /// (an undo that waited for room) the import's own user does.
    pub(super) fn recover_imports(&self, opener: Option<&str>) -> Result<()> {
        let journal = self.tree(T::ImportJournal);
        let mut open = Vec::new();
        for kv in journal.scan_prefix(b"H") {
            let (k, v) = kv?;
            let id = k
                .get(1..9)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes)
                .unwrap_or(0);
            // A header that does not read still marks an import cut short:
            // its prior values are put back all the same (refusing to open
            // would leave the store half imported, and `check` unable to run).
            let header = decode::<ImportHeader>(&v).unwrap_or_else(|e| {
                tracing::warn!(import = id, error = %e, "an import's header does not read; the import is rolled back all the same");
                ImportHeader {
                    file: format!("(import {id}, whose header does not read)"),
                    rows: 0,
                    actor: opener.unwrap_or("secretariat").to_string(),
                    uid: None,
                    at: crate::domain::time::to_jst(chrono::Utc::now()),
                }
            });
            open.push((id, header));
        }
        // Newest first: its prior values were taken after the older ones'.
        open.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
        for (id, header) in &open {
            let now = crate::domain::time::to_jst(chrono::Utc::now());
            let (who, why) = match opener {
                Some(o) => (
                    (o, Some(nix::unistd::getuid().as_raw())),
                    "the program stopped before it finished",
                ),
                None => (
                    (header.actor.as_str(), header.uid),
                    "it failed, and it was undone once the store could write again",
                ),
            };
            self.roll_back(*id, header, who, now, why)?;
            tracing::warn!(file = %header.file, rows = header.rows, import = id, "an import cut short was rolled back");
        }
        // What is left belongs to committed imports whose prior values were
        // not all dropped yet.
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for k in journal.scan_prefix(b"J").keys() {
            batch.remove(journal.key(&k?));
            n += 1;
            if n % ROLLBACK_BATCH == 0 {
                self.data()?.apply_batch(std::mem::take(&mut batch))?;
            }
        }
        self.data()?.apply_batch(batch)?;
        if !open.is_empty() || n > 0 {
            self.db()?.flush()?;
        }
        Ok(())
    }

    /// Puts back every prior value import `id` recorded, then audits the
    /// rollback and removes its header, in one transaction.
    fn roll_back(
        &self,
        id: u64,
        header: &ImportHeader,
        (actor, uid): (&str, Option<u32>),
        at: Timestamp,
        why: &str,
    ) -> Result<()> {
        let journal = self.tree(T::ImportJournal);
        let prefix = entries_prefix(id);
        let mut restored = 0usize;
        loop {
            // Each batch puts prior values back and drops them from the
            // journal together (one tree, one atomic batch): a rollback cut
            // short goes on from where it was at the next open.
            let mut batch = sled::Batch::default();
            let mut n = 0;
            let mut restores = 0;
            for kv in journal.scan_prefix(&prefix).take(ROLLBACK_BATCH) {
                let (k, v) = kv?;
                let Some(&t) = k.get(prefix.len()) else {
                    continue;
                };
                let key = &k[prefix.len() + 1..];
                if t == CREATED && restores > 0 {
                    // Created cases go once every prior value is back (a case
                    // created and then changed by the import names its first
                    // keys again only then).
                    break;
                }
                if t == CREATED {
                    // Every key the created case's record names goes with it.
                    let Some(case) = key.try_into().ok().map(u64::from_be_bytes) else {
                        continue;
                    };
                    if let Some(v) = self.tree(T::Cases).get(case.to_be_bytes())? {
                        let c: crate::domain::Case = decode(&v)?;
                        let tree = |t: T| self.tree(t);
                        batch.remove(tree(T::Cases).key(&case.to_be_bytes()));
                        batch.remove(
                            tree(T::Refs).key(&super::keys::ref_key(c.queue, &c.reference)),
                        );
                        for (t, key, _) in super::write::entries(case, &c) {
                            batch.remove(tree(t).key(&key));
                        }
                    }
                    batch.remove(journal.key(&k));
                    n += 1;
                    continue;
                }
                if t >= super::TABLES || t == T::ImportJournal as u8 {
                    return Err(StoreError::Codec(super::Codec::JournalTable { table: t }));
                }
                let full = super::table::full_key_raw(t, key);
                match v.first() {
                    Some(1) => batch.insert(full, &v[1..]),
                    _ => batch.remove(full),
                }
                restores += 1;
                batch.remove(journal.key(&k));
                n += 1;
            }
            if n == 0 {
                break;
            }
            self.data()?.apply_batch(batch)?;
            self.db()?.flush()?;
            restored += n;
        }
        let after = serde_json::json!({
            "file": header.file,
            "rows": header.rows,
            "import_id": id,
            "started_by": header.actor,
            "started_at": header.at,
            "keys_restored": restored,
            "why": why,
        })
        .to_string();
        let hk = header_key(id);
        let res = self.transact(None, |tx| {
            tx.audit(
                actor,
                uid,
                at,
                "import.rolled_back",
                format!("import/{id}"),
                None,
                Some(after.clone()),
            )?;
            tx.tree(T::ImportJournal).remove(hk.as_slice())?;
            Ok(())
        });
        res?;
        self.db()?.flush()?;
        // The tags in memory follow what was put back.
        self.load_tags()
    }
}

impl ImportRun<'_> {
    /// Writes one chunk of the file (one transaction, prior values included).
    /// On failure the whole file is rolled back at once, or, if even that
    /// cannot be written, the store refuses changes until it is opened again.
    pub fn write(&mut self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        // Below the reserve the file is undone while there is room for it.
        if let Err(e) = self.store.refuse_if_short() {
            return Err(self.fail(e));
        }
        match self.store.write_tx(batch, Some(self.id)) {
            Ok(out) => Ok(out),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Makes the file's rows the store's: the header goes, flushed.
    pub fn commit(mut self) -> Result<()> {
        let committed = self.store.db().and_then(|db| {
            db.flush()?;
            self.store
                .tree(T::ImportJournal)
                .remove(header_key(self.id))?;
            db.flush()?;
            Ok(())
        });
        // No handle of sled's is held here: undoing may open its files again.
        if let Err(e) = committed {
            return Err(self.fail(e));
        }
        let journal = self.store.tree(T::ImportJournal);
        self.finished = true;
        // The prior values are no longer needed; what a crash leaves of them
        // is dropped at the next open.
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for k in journal.scan_prefix(entries_prefix(self.id)).keys() {
            let Ok(k) = k else { break };
            batch.remove(journal.key(&k));
            n += 1;
            if n % ROLLBACK_BATCH == 0
                && self
                    .store
                    .data()
                    .and_then(|d| Ok(d.apply_batch(std::mem::take(&mut batch))?))
                    .is_err()
            {
                return Ok(());
            }
        }
        if let Ok(d) = self.store.data() {
            let _ = d.apply_batch(batch);
        }
        Ok(())
    }

    /// Rolls the file back after `cause`; the error to report.
    fn fail(&mut self, cause: StoreError) -> StoreError {
        self.finished = true;
        // The audit record of the rollback keeps the cause in English.
        let why = format!("it failed: {cause}");
        let undone = self
            .store
            .roll_back(
                self.id,
                &self.header,
                (&self.header.actor, self.header.uid),
                self.header.at,
                &why,
            )
            .or_else(|e| {
                // sled's handles are spent (a full disk): from its files
                // opened again, the undo is tried once more.
                tracing::warn!(error = %e, "undoing the import failed; opening the store's files again");
                self.store.note_failure();
                self.store
                    .reopen()
                    .and_then(|()| self.store.recover_imports(None))
            });
        match undone {
            Ok(()) => StoreError::ImportUndone {
                file: self.header.file.clone(),
                cause: Box::new(cause),
            },
            Err(e) => {
                // Fresh handles keep reads going; the undo waits for room and
                // changes are refused until it is done (`space`).
                tracing::warn!(error = %e, file = %self.header.file, "the import that failed is undone once there is room");
                self.store.note_failure();
                if let Err(again) = self.store.reopen() {
                    tracing::warn!(error = %again, "could not open the store's files again");
                }
                self.store.undo_waits(&self.header.file);
                StoreError::Space(self.store.short_of_space().unwrap_or(
                    crate::domain::refusal::Refusal::DiskSpace {
                        free_mib: 0,
                        reserve_mib: 0,
                        undo_of: Some(self.header.file.clone()),
                    },
                ))
            }
        }
    }
}

impl Drop for ImportRun<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let e = self.fail(StoreError::Refused(super::Refused::ImportAbandoned));
            tracing::warn!(error = %e, "an import ended without its commit");
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::write::{CaseWrite, UndoSlot};
    use super::*;
    use crate::domain::time::{at, ymd};

    /// A chunk of an import writing `case` (the tests of imports cut short).
    pub(in crate::store::sled) fn chunk(case: crate::domain::Case) -> WriteBatch {
        WriteBatch {
            cases: vec![CaseWrite {
                expected_revision: None,
                after: case,
                action: "import".into(),
                actor: "boss".into(),
                at: at(ymd(2026, 11, 1), 9, 0),
                outbox: None,
                cancel_outbox: None,
                undo: UndoSlot::Keep,
                skip_if_stale: false,
                orgs: None,
                earlier_outbox: Vec::new(),
            }],
            actor: "boss".into(),
            audit_creations_together: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_case_created_then_changed_by_one_import_leaves_nothing_when_rolled_back() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(tmp.path(), "boss").unwrap();
        let kept =
            super::super::tests::case("W-1".into(), "山田 太郎".into(), "x".into(), 1, Some(30));
        store.write(&chunk(kept)).unwrap();
        let keys_before = store.key_count().unwrap();
        let at = at(ymd(2026, 11, 2), 9, 0);
        let mut run = store.begin_import("f.jsonl", 2, "boss", None, at).unwrap();
        let new =
            super::super::tests::case("W-2".into(), "髙橋 花子".into(), "y".into(), 2, Some(40));
        run.write(&chunk(new.clone())).unwrap();
        // The same ref again, under another name and due date: a change of
        // the case this import created, with keys of its own.
        let mut changed = new;
        changed.subject_name = "佐藤 次郎".into();
        changed.subject_kana = Some("さとう じろう".into());
        changed.due = None;
        run.write(&chunk(changed)).unwrap();
        drop(run);
        assert_eq!(
            store
                .case_id(crate::domain::Queue::Withdrawal, "W-2")
                .unwrap(),
            None
        );
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        assert_eq!(report.cases, 1);
        // What is left besides the rollback's own audit record and its head.
        let rollback_keys = 1;
        assert_eq!(store.key_count().unwrap(), keys_before + rollback_keys);
    }

    #[test]
    fn an_import_cut_short_whose_header_does_not_read_is_rolled_back_on_open() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(tmp.path(), "boss").unwrap();
        let kept =
            super::super::tests::case("W-1".into(), "山田 太郎".into(), "x".into(), 1, Some(30));
        store.write(&chunk(kept)).unwrap();
        let at = at(ymd(2026, 11, 2), 9, 0);
        let mut run = store.begin_import("f.jsonl", 1, "boss", None, at).unwrap();
        let new =
            super::super::tests::case("W-2".into(), "髙橋 花子".into(), "y".into(), 2, Some(40));
        run.write(&chunk(new)).unwrap();
        let id = run.id;
        // The process dies mid-import, its header spoiled on disk.
        std::mem::forget(run);
        store
            .tree(T::ImportJournal)
            .insert(header_key(id), &b"\xff\xfe"[..])
            .unwrap();
        store.flush().unwrap();
        drop(store);
        let store = SledStore::open(tmp.path(), "boss").unwrap();
        let q = crate::domain::Queue::Withdrawal;
        assert!(store.case_id(q, "W-2").unwrap().is_none());
        assert!(store.case_id(q, "W-1").unwrap().is_some());
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        let last = store.all_audit().last().unwrap().unwrap();
        assert_eq!(last.action, "import.rolled_back");
        let after = last.after.unwrap_or_default();
        assert!(after.contains("whose header does not read"), "{after}");
    }
}
