//! The tag of every case — queue, state, due date, receipt and assignee —
//! kept in memory by the store's owner and on disk in blocks of 128 cases
//! (schema 6). Filters, counts by assignee, the backlog overview and the
//! order of a page read tags instead of cases, and an index entry needs to
//! carry nothing but its key, so a decision rewrites one block rather than a
//! copy of the state in every index entry.
//!
//! | table | key | value |
//! |---|---|---|
//! | `tags` | case id >> 7, u64 | 128 slots of `SLOT` bytes: queue (0xff = none), `RowTag` |
//! | `assignees` | number u32 | user name (0 is "nobody") |

use super::keys::RowTag;
use super::write::{Tx, TxResult};
use super::{Result, SledStore, StoreError, T};
use crate::domain::{Case, Queue};
use std::collections::HashMap;

/// Cases per block.
pub(crate) const PER_BLOCK: u64 = 128;
/// Bytes per slot: queue, then the 17 bytes of a `RowTag`.
const SLOT: usize = 1 + RowTag::LEN;
const EMPTY: u8 = 0xff;

/// The block holding `id`, and the slot's offset in it.
fn place(id: u64) -> ([u8; 8], usize) {
    (
        (id / PER_BLOCK).to_be_bytes(),
        (id % PER_BLOCK) as usize * SLOT,
    )
}

/// The tags in memory, indexed by case id, the assignees' names and the
/// organisation sets.
#[derive(Default)]
pub(super) struct Tags {
    slots: Vec<Option<(Queue, RowTag)>>,
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    pub(super) sets: super::orgs::Sets,
}

impl Tags {
    pub(super) fn get(&self, id: u64) -> Option<(Queue, RowTag)> {
        self.slots.get(id as usize).copied().flatten()
    }

    fn set(&mut self, id: u64, tag: Option<(Queue, RowTag)>) {
        let i = id as usize;
        if i >= self.slots.len() {
            if tag.is_none() {
                return;
            }
            self.slots.resize(i + 1, None);
        }
        self.slots[i] = tag;
    }

    fn name(&mut self, number: u32, name: String) {
        let i = number as usize;
        if i >= self.names.len() {
            self.names.resize(i + 1, String::new());
        }
        self.numbers.insert(name.clone(), number);
        self.names[i] = name;
    }

    /// Every case with its tag, in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u64, Queue, RowTag)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|(q, t)| (i as u64, q, t)))
    }

    /// The number of an assignee (0 for none); None: a name with no number.
    pub(super) fn number_of(&self, name: Option<&str>) -> Option<u32> {
        match name {
            None => Some(0),
            Some(n) => self.numbers.get(n).copied(),
        }
    }

    pub(super) fn assignee(&self, number: u32) -> Option<&str> {
        (number != 0)
            .then(|| self.names.get(number as usize).map(String::as_str))
            .flatten()
    }
}

/// What a committed change does to the tags in memory.
#[derive(Default)]
pub(super) struct TagChanges {
    pub(super) tags: Vec<(u64, Option<(Queue, RowTag)>)>,
    pub(super) names: Vec<(u32, String)>,
    pub(super) sets: Vec<(u32, Vec<crate::domain::org::CaseOrg>)>,
}

fn decode_slot(b: &[u8]) -> Option<(Queue, RowTag)> {
    let q = *b.first()?;
    if q == EMPTY {
        return None;
    }
    Some((Queue::from_code(q)?, RowTag::decode(b.get(1..SLOT)?)?))
}

impl SledStore {
    /// Reads every tag block and assignee name into memory (on open, and
    /// again after an import is rolled back).
    pub(super) fn load_tags(&self) -> Result<()> {
        let mut tags = Tags::default();
        for kv in self.tree(T::Assignees).iter() {
            let (k, v) = kv?;
            let number = k.as_ref().try_into().map(u32::from_be_bytes).map_err(|_| {
                StoreError::Codec(super::Codec::Key {
                    what: super::Part::AssigneeNumber,
                    want: 4,
                })
            })?;
            tags.name(number, String::from_utf8_lossy(&v).into_owned());
        }
        tags.sets = self.load_sets()?;
        for kv in self.tree(T::Tags).iter() {
            let (k, v) = kv?;
            let block = super::keys::u64_from(&k).ok_or(StoreError::Codec(super::Codec::Key {
                what: super::Part::TagBlockKey,
                want: 8,
            }))?;
            for (i, slot) in v.chunks_exact(SLOT).enumerate() {
                if let Some(t) = decode_slot(slot) {
                    tags.set(block * PER_BLOCK + i as u64, Some(t));
                }
            }
        }
        *self.tags.write().unwrap_or_else(|e| e.into_inner()) = tags;
        Ok(())
    }

    /// The tag of a case, from memory.
    pub fn tag(&self, id: u64) -> Option<(Queue, RowTag)> {
        self.tags.read().unwrap_or_else(|e| e.into_inner()).get(id)
    }

    /// The name behind an assignee number of a tag.
    pub fn assignee_name(&self, number: u32) -> Option<String> {
        self.tags
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .assignee(number)
            .map(str::to_string)
    }

    /// Ids and tags of a queue's cases (open ones only unless `closed`), from
    /// memory, in id order: what the backlog counts without reading an index.
    pub fn tags_of(&self, queue: Queue, closed: bool) -> Vec<(u64, RowTag)> {
        self.with_tags(|t| {
            t.iter()
                .filter(|(_, q, tag)| *q == queue && (closed || tag.state.is_open()))
                .map(|(id, _, tag)| (id, tag))
                .collect()
        })
    }

    /// Runs `f` over the tags in memory (read-locked meanwhile).
    pub(super) fn with_tags<R>(&self, f: impl FnOnce(&Tags) -> R) -> R {
        f(&self.tags.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Applies a committed change to the tags in memory.
    pub(super) fn apply_tags(&self, changes: TagChanges) {
        if changes.tags.is_empty() && changes.names.is_empty() && changes.sets.is_empty() {
            return;
        }
        let mut tags = self.tags.write().unwrap_or_else(|e| e.into_inner());
        for (n, name) in changes.names {
            tags.name(n, name);
        }
        for (n, set) in changes.sets {
            tags.sets.insert(n, set);
        }
        for (id, t) in changes.tags {
            tags.set(id, t);
        }
    }
}

impl Tx<'_> {
    /// The number of an assignee, made (and written) the first time one is seen.
    fn assignee_number(&self, name: Option<&str>) -> TxResult<u32> {
        let Some(name) = name else { return Ok(0) };
        if let Some(n) = self.store.with_tags(|t| t.numbers.get(name).copied()) {
            return Ok(n);
        }
        let known = self.store.with_tags(|t| t.names.len().max(1) as u32);
        let n = {
            let pending = &self.tags.borrow().names;
            if let Some((n, _)) = pending.iter().find(|(_, s)| s == name) {
                return Ok(*n);
            }
            pending.iter().map(|(n, _)| n + 1).fold(known, u32::max)
        };
        self.put(T::Assignees, &n.to_be_bytes(), name.as_bytes())?;
        self.tags.borrow_mut().names.push((n, name.to_string()));
        Ok(n)
    }

    /// The organisation set number case `id` has now: from this
    /// transaction's pending tags, else from memory (0 for a new case).
    pub(super) fn orgs_number(&self, id: u64) -> u32 {
        let pending = self
            .tags
            .borrow()
            .tags
            .iter()
            .rev()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| t.map(|(_, t)| t.orgs).unwrap_or(0));
        pending.unwrap_or_else(|| self.store.tag(id).map(|(_, t)| t.orgs).unwrap_or(0))
    }

    /// Writes the tag of case `id` (None: the case is gone), in organisation
    /// set `orgs`.
    pub(super) fn set_tag(&self, id: u64, case: Option<&Case>, orgs: u32) -> TxResult<()> {
        let tag = match case {
            Some(c) => {
                let assignee = self.assignee_number(c.assignee.as_deref())?;
                Some((c.queue, RowTag::of(c, assignee, orgs)))
            }
            None => None,
        };
        let (block, at) = place(id);
        let mut bytes = match self.tree(T::Tags).get(block)? {
            Some(v) if v.len() == SLOT * PER_BLOCK as usize => v.to_vec(),
            _ => empty_block(),
        };
        match &tag {
            Some((q, t)) => write_slot(&mut bytes, id, *q, t),
            None => bytes[at] = EMPTY,
        }
        self.put(T::Tags, &block, &bytes)?;
        self.tags.borrow_mut().tags.push((id, tag));
        Ok(())
    }
}

impl SledStore {
    /// For `check`: how many ids the postings hold, and how many tags the
    /// tag blocks.
    pub(super) fn posted_and_tagged(&self) -> Result<(u64, u64)> {
        let mut posted = 0u64;
        let mut ids = Vec::new();
        for kv in self.tree(T::Postings).iter() {
            let (k, v) = kv?;
            ids.clear();
            super::postings::unpack(super::keys::trailing_id(&k).unwrap_or(0), &v, &mut ids);
            posted += ids.len() as u64;
        }
        let mut tagged = 0u64;
        for v in self.tree(T::Tags).iter().values() {
            tagged += v?
                .chunks_exact(SLOT)
                .filter(|s| decode_slot(s).is_some())
                .count() as u64;
        }
        Ok((posted, tagged))
    }
}

/// For `check`: why a stored tag block does not read, if it does not.
pub(super) fn block_fault(block: &[u8]) -> Option<super::check::Why> {
    use super::check::{Part, Why};
    if block.len() != SLOT * PER_BLOCK as usize {
        return Some(Why::Length {
            what: Part::TagBlock,
            want: (SLOT * PER_BLOCK as usize) as u64,
            found: block.len() as u64,
        });
    }
    block
        .chunks_exact(SLOT)
        .position(|s| s[0] != EMPTY && decode_slot(s).is_none())
        .map(|i| Why::NotATag { slot: i as u64 })
}

/// A block of 128 empty slots.
pub(super) fn empty_block() -> Vec<u8> {
    let mut b = vec![0u8; SLOT * PER_BLOCK as usize];
    for s in b.chunks_exact_mut(SLOT) {
        s[0] = EMPTY;
    }
    b
}

/// Writes the tag of case `id` into its block.
pub(super) fn write_slot(block: &mut [u8], id: u64, queue: Queue, tag: &RowTag) {
    let (_, at) = place(id);
    if let Some(slot) = block.get_mut(at..at + SLOT) {
        slot[0] = queue.code();
        slot[1..].copy_from_slice(&tag.encode());
    }
}

/// For `check`: the tag a case should have, as bytes, against the stored one.
pub(super) fn stored_slot(block: &[u8], id: u64) -> Option<(Queue, RowTag)> {
    let (_, at) = place(id);
    decode_slot(block.get(at..at + SLOT)?)
}

/// The block key of a case id.
pub(super) fn block_key(id: u64) -> [u8; 8] {
    place(id).0
}
