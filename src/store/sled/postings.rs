//! The search index of schema 6: for each queue and name word, the ids of the
//! cases it finds, packed in blocks (ascending ids, each the difference from
//! the one before as a LEB128 varint). A name shared by 15,000 cases is some
//! sixty keys rather than 15,000, and a decision touches none of them: the
//! state, due date and assignee a filter needs come from the tags in memory.
//!
//! | table | key | value |
//! |---|---|---|
//! | `postings` | queue u8, word, 0x00, first id u64 | packed ids |
//!
//! A ref is found by its number part (`000230` finds `W-2026-000230`) or by
//! its whole form through the `refs` table, whose keys begin with the number
//! part; a registration or facility number through the subject index.

use super::write::{Tx, TxResult};
use super::{Result, SledStore, T, keys};
use crate::domain::Queue;

/// A block takes new ids until it holds this many.
pub(super) const BLOCK: usize = 256;

pub(super) fn pack(ids: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut prev = 0u64;
    for (i, id) in ids.iter().enumerate() {
        let mut d = if i == 0 { 0 } else { id - prev };
        prev = *id;
        loop {
            let b = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    out
}

/// The ids of a block whose first id is `first`.
pub(super) fn unpack(first: u64, bytes: &[u8], out: &mut Vec<u64>) {
    let mut cur = first;
    let mut d = 0u64;
    let mut shift = 0;
    for b in bytes {
        d |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            cur += d;
            out.push(cur);
            d = 0;
            shift = 0;
        } else {
            shift += 7;
            if shift > 63 {
                return;
            }
        }
    }
}

/// For `check`: why a block of packed ids does not read, if it does not
/// (empty, a varint cut short, or one past 64 bits).
pub(super) fn packed_fault(bytes: &[u8]) -> Option<super::check::Why> {
    use super::check::{Part, Why};
    if bytes.is_empty() {
        return Some(Why::NoIds);
    }
    let mut shift = 0;
    for b in bytes {
        if b & 0x80 == 0 {
            shift = 0;
        } else {
            shift += 7;
            if shift > 63 {
                return Some(Why::IdTooLarge);
            }
        }
    }
    (shift != 0).then_some(Why::CutShort { what: Part::LastId })
}

/// The key prefix of a word's blocks.
pub(super) fn word_prefix(queue: Queue, word: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(word.len() + 2);
    k.push(queue.code());
    k.extend_from_slice(word.as_bytes());
    k.push(0);
    k
}

pub(super) fn block_key(queue: Queue, word: &str, first: u64) -> Vec<u8> {
    let mut k = word_prefix(queue, word);
    k.extend_from_slice(&first.to_be_bytes());
    k
}

/// The words of a case the postings hold: its name and reading, whole and by part.
pub(super) fn words(case: &crate::domain::Case) -> Vec<String> {
    let mut t = crate::text::search_tokens(&case.subject_name, case.subject_kana.as_deref());
    t.retain(|s| !s.is_empty() && !s.contains('\0'));
    t.sort();
    t.dedup();
    t
}

impl Tx<'_> {
    /// Adds case `id` to the word's postings.
    pub(super) fn post(&self, queue: Queue, word: &str, id: u64) -> TxResult<()> {
        let prefix = word_prefix(queue, word);
        let key = block_key(queue, word, id);
        let table = self.tree(T::Postings);
        let mut ids = Vec::new();
        let first = match table.last_at_or_below(&prefix, &key)? {
            Some((k, v)) => {
                let first = keys::trailing_id(&k).unwrap_or(0);
                unpack(first, &v, &mut ids);
                if ids.contains(&id) {
                    return Ok(());
                }
                // A full block takes no more appended ids: a new one starts.
                if ids.len() >= BLOCK && ids.last().is_none_or(|l| *l < id) {
                    ids.clear();
                    id
                } else {
                    first
                }
            }
            None => id,
        };
        ids.push(id);
        ids.sort_unstable();
        self.put(T::Postings, &block_key(queue, word, first), &pack(&ids))?;
        Ok(())
    }

    /// Takes case `id` out of the word's postings.
    pub(super) fn unpost(&self, queue: Queue, word: &str, id: u64) -> TxResult<()> {
        let prefix = word_prefix(queue, word);
        let key = block_key(queue, word, id);
        let table = self.tree(T::Postings);
        if let Some((k, v)) = table.last_at_or_below(&prefix, &key)? {
            let first = keys::trailing_id(&k).unwrap_or(0);
            let mut ids = Vec::new();
            unpack(first, &v, &mut ids);
            let before = ids.len();
            ids.retain(|x| *x != id);
            if ids.len() == before {
                return Ok(());
            }
            // The block keeps its key (its first id) while it holds anything.
            match ids.first() {
                None => self.del(T::Postings, &k)?,
                Some(f) if *f == first => self.put(T::Postings, &k, &pack(&ids))?,
                Some(f) => {
                    self.del(T::Postings, &k)?;
                    self.put(T::Postings, &block_key(queue, word, *f), &pack(&ids))?;
                }
            }
        }
        Ok(())
    }
}

impl SledStore {
    /// Ids (ascending, once each) of the queue's cases with a name word that
    /// begins with `word`, a ref whose number part (or whole form) begins with
    /// it, or a subject number that begins with it.
    pub(super) fn word_ids(&self, queue: Queue, word: &str) -> Result<Vec<u64>> {
        let mut ids = Vec::new();
        let mut prefix = vec![queue.code()];
        prefix.extend_from_slice(word.as_bytes());
        for kv in self.tree(T::Postings).scan_prefix(&prefix) {
            let (k, v) = kv?;
            if let Some(first) = keys::trailing_id(&k) {
                unpack(first, &v, &mut ids);
            }
        }
        self.ref_ids(queue, word, &mut ids)?;
        for kind in [0u8, 1] {
            let mut p = vec![kind];
            p.extend_from_slice(word.as_bytes());
            for k in self.tree(T::IdxSubject).scan_prefix(&p).keys() {
                if let Some(id) = keys::trailing_id(&k?) {
                    if self.tag(id).is_some_and(|(q, _)| q == queue) {
                        ids.push(id);
                    }
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Whether case `id` is in the word's postings (for `check`).
    pub(super) fn posted(&self, queue: Queue, word: &str, id: u64) -> Result<bool> {
        let prefix = word_prefix(queue, word);
        let key = block_key(queue, word, id);
        let Some(kv) = self.tree(T::Postings).range(prefix..=key).next_back() else {
            return Ok(false);
        };
        let (k, v) = kv?;
        let mut ids = Vec::new();
        unpack(keys::trailing_id(&k).unwrap_or(0), &v, &mut ids);
        Ok(ids.contains(&id))
    }

    fn ref_ids(&self, queue: Queue, word: &str, ids: &mut Vec<u64>) -> Result<()> {
        let number = keys::ref_number(word);
        let whole = number.len() < word.len();
        let mut prefix = vec![queue.code()];
        prefix.extend_from_slice(number.as_bytes());
        for kv in self.tree(T::Refs).scan_prefix(&prefix) {
            let (k, v) = kv?;
            if whole {
                // After the queue byte (which may be 0) and the number part.
                let raw = k
                    .iter()
                    .skip(1)
                    .position(|b| *b == 0)
                    .map(|i| String::from_utf8_lossy(&k[i + 2..]).into_owned())
                    .unwrap_or_default();
                if !crate::text::normalize_for_search(&raw).starts_with(word) {
                    continue;
                }
            }
            if let Some(id) = keys::u64_from(&v) {
                ids.push(id);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn packed_ids_round_trip(mut ids in proptest::collection::vec(1u64..u64::MAX / 2, 1..300)) {
            ids.sort_unstable();
            ids.dedup();
            let mut back = Vec::new();
            unpack(ids[0], &pack(&ids), &mut back);
            prop_assert_eq!(back, ids);
        }
    }

    #[test]
    fn neighbouring_ids_take_a_byte_each() {
        let ids: Vec<u64> = (1000..1256).collect();
        assert_eq!(pack(&ids).len(), 256);
    }
}
