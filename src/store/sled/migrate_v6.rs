//! Schema 5 → 6: the lean layout. Records are unchanged (the tables were
//! moved into the one tree before this step, `layout`); every index is
//! derived data, so this step drops them and builds the new ones from the
//! cases — index keys without values, the refs under their number part, the
//! tags in blocks of 128 and the search postings packed — in batches. Cut
//! short, it is simply done again (the version moves on only after it).

use super::keys;
use super::postings::{self, BLOCK};
use super::tags::PER_BLOCK;
use super::{Result, SledStore, T, decode};
use crate::domain::{Case, Queue};
use std::collections::HashMap;

/// Keys written per batch.
const BATCH: usize = 20_000;

/// The indexes of schema 5 and before: derived from the cases, so the move
/// into one tree leaves them behind (`layout`) and this step builds them again
/// (`idx_state`, `idx_received` and `idx_token` are dropped for good).
pub(super) const LEGACY_INDEXES: [T; 7] = [
    T::Refs,
    T::IdxDue,
    T::IdxReceived,
    T::IdxName,
    T::IdxState,
    T::IdxSubject,
    T::IdxToken,
];

pub(super) fn rebuild_indexes(store: &SledStore) -> Result<()> {
    for t in LEGACY_INDEXES
        .into_iter()
        .chain([T::Tags, T::Assignees, T::Postings])
    {
        store.tree(t).clear()?;
    }
    let total = store.tree(T::Cases).len();
    let progress = super::layout::Progress::new(total);
    let mut batch = sled::Batch::default();
    let mut pending = 0usize;
    let mut blocks: HashMap<u64, Vec<u8>> = HashMap::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut words: HashMap<(Queue, String), Vec<u64>> = HashMap::new();
    let put = |batch: &mut sled::Batch, pending: &mut usize, t: T, k: &[u8], v: &[u8]| {
        batch.insert(store.tree(t).key(k), v);
        *pending += 1;
    };
    for (n, kv) in store.tree(T::Cases).iter().enumerate() {
        let (k, v) = kv?;
        let Some(id) = keys::u64_from(&k) else {
            continue;
        };
        let case: Case = decode(&v)?;
        put(
            &mut batch,
            &mut pending,
            T::Refs,
            &keys::ref_key(case.queue, &case.reference),
            &id.to_be_bytes(),
        );
        for (t, key, val) in super::write::entries(id, &case) {
            put(&mut batch, &mut pending, t, &key, &val);
        }
        let assignee = match &case.assignee {
            None => 0,
            Some(name) => {
                let next = numbers.len() as u32 + 1;
                *numbers.entry(name.clone()).or_insert(next)
            }
        };
        let tag = keys::RowTag::of(&case, assignee, 0, 0);
        let block = blocks
            .entry(id / PER_BLOCK)
            .or_insert_with(super::tags::empty_block);
        super::tags::write_slot(block, id, case.queue, &tag);
        for w in postings::words(&case) {
            words.entry((case.queue, w)).or_default().push(id);
        }
        if pending >= BATCH {
            store.data()?.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
            progress.show(n + 1);
        }
    }
    for (name, n) in &numbers {
        put(
            &mut batch,
            &mut pending,
            T::Assignees,
            &n.to_be_bytes(),
            name.as_bytes(),
        );
    }
    for (b, bytes) in blocks {
        put(&mut batch, &mut pending, T::Tags, &b.to_be_bytes(), &bytes);
        if pending >= BATCH {
            store.data()?.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    for ((queue, word), mut ids) in words {
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(BLOCK) {
            put(
                &mut batch,
                &mut pending,
                T::Postings,
                &postings::block_key(queue, &word, chunk[0]),
                &postings::pack(chunk),
            );
        }
        if pending >= BATCH {
            store.data()?.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    store.data()?.apply_batch(batch)?;
    store.db()?.flush()?;
    progress.show(total);
    progress.finish();
    Ok(())
}
