//! A change as it is computed: the store's single-writer lock held, reads
//! through an overlay of what the change has written so far, and everything
//! applied at the end as one sled batch on the one tree — atomic for readers
//! and across a crash. The caller flushes before acknowledging.

use super::{SledStore, StoreError, T};
use crate::domain::refusal::Refusal;
use sled::IVec;
use std::cell::RefCell;
use std::collections::BTreeMap;

pub(super) enum Abort {
    Stale(Refusal),
    Codec(super::Codec),
    Storage(sled::Error),
}

impl From<sled::Error> for Abort {
    fn from(e: sled::Error) -> Self {
        Abort::Storage(e)
    }
}

pub(super) type TxResult<T> = Result<T, Abort>;

pub(super) fn abort_codec(e: StoreError) -> Abort {
    match e {
        StoreError::Codec(c) => Abort::Codec(c),
        other => Abort::Codec(super::Codec::Failed {
            detail: other.to_string(),
        }),
    }
}

impl From<Abort> for StoreError {
    fn from(a: Abort) -> Self {
        match a {
            Abort::Stale(m) => StoreError::Stale(m),
            Abort::Codec(m) => StoreError::Codec(m),
            Abort::Storage(e) => e.into(),
        }
    }
}

pub(super) struct Tx<'a> {
    pub(super) store: &'a SledStore,
    pub(super) data: sled::Tree,
    /// What this change does to the tags in memory, once it is applied.
    pub(super) tags: RefCell<super::tags::TagChanges>,
    /// What this change has written so far (full keys; None = removed).
    pub(super) writes: RefCell<BTreeMap<Vec<u8>, Option<IVec>>>,
    /// The import whose prior values this transaction records (`journal`).
    pub(super) journal: Option<u64>,
    /// The key of the audit chain.
    pub(super) key: &'a super::audit::AuditKey,
}

/// One table as a change sees it: its own writes over the stored values.
pub(super) struct TxTable<'t, 'a> {
    tx: &'t Tx<'a>,
    p: u8,
}

impl TxTable<'_, '_> {
    fn full(&self, key: &[u8]) -> Vec<u8> {
        let mut k = Vec::with_capacity(key.len() + 1);
        k.push(self.p);
        k.extend_from_slice(key);
        k
    }

    pub(super) fn get<K: AsRef<[u8]>>(&self, key: K) -> TxResult<Option<IVec>> {
        let k = self.full(key.as_ref());
        if let Some(v) = self.tx.writes.borrow().get(&k) {
            return Ok(v.clone());
        }
        Ok(self.tx.data.get(k)?)
    }

    /// The stored value, whatever this change wrote.
    pub(super) fn stored(&self, key: &[u8]) -> TxResult<Option<IVec>> {
        Ok(self.tx.data.get(self.full(key))?)
    }

    /// The last entry at or below `key` among those under `prefix` (keys
    /// without the table's byte), this change's writes included.
    pub(super) fn last_at_or_below(
        &self,
        prefix: &[u8],
        key: &[u8],
    ) -> TxResult<Option<(Vec<u8>, IVec)>> {
        let lo = self.full(prefix);
        let hi = self.full(key);
        let writes = self.tx.writes.borrow();
        let written = writes
            .range(lo.clone()..=hi.clone())
            .rev()
            .find_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())));
        let mut stored = None;
        for kv in self.tx.data.range(lo..=hi).rev() {
            let (k, v) = kv?;
            match writes.get(k.as_ref()) {
                Some(None) => continue,
                Some(Some(now)) => stored = Some((k.to_vec(), now.clone())),
                None => stored = Some((k.to_vec(), v)),
            }
            break;
        }
        let best = match (written, stored) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        Ok(best.map(|(k, v)| (k[1..].to_vec(), v)))
    }

    pub(super) fn insert<K: AsRef<[u8]>, V: Into<IVec>>(&self, key: K, value: V) -> TxResult<()> {
        let k = self.full(key.as_ref());
        self.tx.writes.borrow_mut().insert(k, Some(value.into()));
        Ok(())
    }

    pub(super) fn remove<K: AsRef<[u8]>>(&self, key: K) -> TxResult<()> {
        let k = self.full(key.as_ref());
        self.tx.writes.borrow_mut().insert(k, None);
        Ok(())
    }
}

impl<'a> Tx<'a> {
    pub(super) fn new(store: &'a SledStore) -> super::Result<Tx<'a>> {
        Ok(Tx {
            store,
            data: store.data()?,
            tags: RefCell::default(),
            writes: RefCell::new(BTreeMap::new()),
            journal: None,
            key: &store.audit_key,
        })
    }

    pub(super) fn tree(&self, t: T) -> TxTable<'_, 'a> {
        TxTable {
            tx: self,
            p: t as u8,
        }
    }
}

impl SledStore {
    /// Runs one change: `f` reads and writes through a `Tx` under the
    /// single-writer lock, and what it wrote is applied as one batch (all or
    /// nothing, for readers and across a crash). The caller flushes.
    pub(super) fn transact<R>(
        &self,
        import: Option<u64>,
        f: impl FnOnce(&Tx<'_>) -> TxResult<R>,
    ) -> super::Result<R> {
        let _one = self.one_writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut tx = Tx::new(self)?;
        tx.journal = import;
        let out = f(&tx)?;
        let Tx {
            writes,
            tags,
            data: tx_data,
            ..
        } = tx;
        let mut batch = sled::Batch::default();
        for (k, v) in writes.into_inner() {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        tx_data.apply_batch(batch)?;
        self.apply_tags(tags.into_inner());
        Ok(out)
    }
}
