//! Tables: the store's logical trees, each a one-byte prefix of keys in the
//! single sled tree that holds everything (schema 6). One physical tree lets
//! every change be one `apply_batch`, which sled applies atomically (readers
//! see all of it or none, and recovery after a crash keeps all or none),
//! instead of a transaction over two dozen trees.

use sled::IVec;
use std::ops::{Bound, RangeBounds};

/// The name of the physical tree (schema 6 and later).
pub(super) const DATA_TREE: &str = "data";

impl super::T {
    /// The table's name, as the key layout (`keys`) and `check` say it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            super::T::Tags => "tags",
            super::T::Assignees => "assignees",
            super::T::Postings => "postings",
            super::T::Enquiries => "enquiries",
            super::T::EnquiriesByPerson => "enquiries_by_person",
            super::T::PeopleByBirth => "people_by_birth",
            super::T::Orgs => "orgs",
            super::T::OrgSets => "org_sets",
            super::T::CountsAll => "counts_all",
            super::T::Places => "places",
            super::T::PlaceNames => "place_names",
            // Schema 5's tree names, in the same order.
            t => super::TREE_NAMES.get(t as usize).copied().unwrap_or("?"),
        }
    }
}

/// One logical table: keys under its prefix byte (no tree while the store's
/// files are being opened again: every call fails then).
#[derive(Clone)]
pub(crate) struct Table<'a> {
    pub(super) tree: Option<sled::Tree>,
    pub(super) p: u8,
    pub(super) life: std::marker::PhantomData<&'a ()>,
}

/// The full key of `key` in the table with prefix byte `p`.
pub(super) fn full_key_raw(p: u8, key: &[u8]) -> Vec<u8> {
    prefixed(p, key)
}

/// An iterator over a table, keys without the prefix byte.
pub(crate) struct Iter {
    inner: Option<sled::Iter>,
    /// Without a tree: the one error to give, then the end.
    gone: bool,
}

impl Iter {
    fn over(inner: Option<sled::Iter>) -> Iter {
        Iter { inner, gone: false }
    }

    fn fail(&mut self) -> Option<sled::Result<(IVec, IVec)>> {
        if self.gone {
            return None;
        }
        self.gone = true;
        Some(Err(closed()))
    }
}

/// The error of a table without its tree.
fn closed() -> sled::Error {
    sled::Error::Io(std::io::Error::other(
        "the store's files are being opened again after a write failed",
    ))
}

fn strip(kv: sled::Result<(IVec, IVec)>) -> sled::Result<(IVec, IVec)> {
    kv.map(|(k, v)| {
        let n = k.len().saturating_sub(1);
        (k.subslice(k.len() - n, n), v)
    })
}

impl Iterator for Iter {
    type Item = sled::Result<(IVec, IVec)>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.inner.as_mut() {
            Some(i) => i.next().map(strip),
            None => self.fail(),
        }
    }
}

impl DoubleEndedIterator for Iter {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self.inner.as_mut() {
            Some(i) => i.next_back().map(strip),
            None => self.fail(),
        }
    }
}

impl Iter {
    pub fn keys(self) -> impl DoubleEndedIterator<Item = sled::Result<IVec>> {
        self.map(|kv| kv.map(|(k, _)| k))
    }
    pub fn values(self) -> impl DoubleEndedIterator<Item = sled::Result<IVec>> {
        self.map(|kv| kv.map(|(_, v)| v))
    }
}

fn bound(p: u8, b: Bound<&[u8]>, end: bool) -> Bound<Vec<u8>> {
    match b {
        Bound::Included(k) => Bound::Included(prefixed(p, k)),
        Bound::Excluded(k) => Bound::Excluded(prefixed(p, k)),
        Bound::Unbounded if end => Bound::Excluded(vec![p + 1]),
        Bound::Unbounded => Bound::Included(vec![p]),
    }
}

fn prefixed(p: u8, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(p);
    k.extend_from_slice(key);
    k
}

impl<'a> Table<'a> {
    fn tree(&self) -> sled::Result<&sled::Tree> {
        self.tree.as_ref().ok_or_else(closed)
    }

    pub fn key(&self, key: &[u8]) -> Vec<u8> {
        prefixed(self.p, key)
    }

    pub fn get<K: AsRef<[u8]>>(&self, key: K) -> sled::Result<Option<IVec>> {
        self.tree()?.get(self.key(key.as_ref()))
    }

    pub fn contains_key<K: AsRef<[u8]>>(&self, key: K) -> sled::Result<bool> {
        self.tree()?.contains_key(self.key(key.as_ref()))
    }

    pub fn insert<K: AsRef<[u8]>, V: Into<IVec>>(
        &self,
        key: K,
        value: V,
    ) -> sled::Result<Option<IVec>> {
        self.tree()?.insert(self.key(key.as_ref()), value)
    }

    pub fn compare_and_swap<K: AsRef<[u8]>>(
        &self,
        key: K,
        old: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> sled::Result<std::result::Result<(), sled::CompareAndSwapError>> {
        self.tree()?
            .compare_and_swap(self.key(key.as_ref()), old, new)
    }

    pub fn remove<K: AsRef<[u8]>>(&self, key: K) -> sled::Result<Option<IVec>> {
        self.tree()?.remove(self.key(key.as_ref()))
    }

    pub fn iter(&self) -> Iter {
        Iter::over(self.tree.as_ref().map(|t| t.scan_prefix([self.p])))
    }

    pub fn scan_prefix<P: AsRef<[u8]>>(&self, prefix: P) -> Iter {
        Iter::over(
            self.tree
                .as_ref()
                .map(|t| t.scan_prefix(self.key(prefix.as_ref()))),
        )
    }

    pub fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Iter {
        let start = bound(self.p, range.start_bound().map(|k| k.as_ref()), false);
        let end = bound(self.p, range.end_bound().map(|k| k.as_ref()), true);
        Iter::over(
            self.tree
                .as_ref()
                .map(|t| t.range::<Vec<u8>, _>((start, end))),
        )
    }

    /// How many keys the table holds (a scan: for `check` and tests).
    pub fn len(&self) -> usize {
        self.iter().keys().count()
    }

    pub fn first(&self) -> sled::Result<Option<(IVec, IVec)>> {
        self.iter().next().transpose()
    }

    pub fn last(&self) -> sled::Result<Option<(IVec, IVec)>> {
        self.iter().next_back().transpose()
    }

    pub fn pop_max(&self) -> sled::Result<Option<(IVec, IVec)>> {
        let last = self.last()?;
        if let Some((k, _)) = &last {
            self.remove(k)?;
        }
        Ok(last)
    }

    /// Removes every key of the table, in batches.
    pub fn clear(&self) -> sled::Result<()> {
        loop {
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for k in self.tree()?.scan_prefix([self.p]).keys().take(10_000) {
                batch.remove(k?);
                n += 1;
            }
            if n == 0 {
                return Ok(());
            }
            self.tree()?.apply_batch(batch)?;
        }
    }
}
