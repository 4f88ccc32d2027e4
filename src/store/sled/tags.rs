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
//! | `places` | case id >> 7, u64 | 128 slots: place number u32 (0: none), kind u8 (schema 11) |
//! | `place_names` | number u32 | a [`Place`], encoded (0 is "none") |

use super::keys::RowTag;
use super::write::{Tx, TxResult};
use super::{Result, SledStore, StoreError, T};
use crate::domain::filter::CaseKind;
use crate::domain::{Case, Queue};
use crate::store::Place;
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

/// Bytes of a slot of a `places` block: the place number, the kind's code.
const PLACE: usize = 5;

/// The tags in memory, indexed by case id, the assignees' names, the
/// organisation sets and the places.
#[derive(Default)]
pub(super) struct Tags {
    slots: Vec<Option<(Queue, RowTag)>>,
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    pub(super) sets: super::orgs::Sets,
    places: Places,
}

/// The places by number, and what a loan's place is now (its borrower's
/// latest workplace), as far as it has been asked for.
#[derive(Default)]
pub(super) struct Places {
    by_number: Vec<Option<Place>>,
    numbers: HashMap<Place, u32>,
    /// A loan place's facility, by place number; dropped when the loan is written.
    workplaces: HashMap<u32, Option<String>>,
}

impl Places {
    fn name(&mut self, number: u32, place: Place) {
        let i = number as usize;
        if i >= self.by_number.len() {
            self.by_number.resize(i + 1, None);
        }
        self.numbers.insert(place.clone(), number);
        self.by_number[i] = Some(place);
    }

    pub(super) fn get(&self, number: u32) -> Option<&Place> {
        self.by_number.get(number as usize)?.as_ref()
    }

    /// The number after the last one given (1 for none: 0 is "no place").
    fn next(&self) -> u32 {
        self.by_number.len().max(1) as u32
    }
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
    pub(super) places: Vec<(u32, Place)>,
    /// Loans written: what their places stand for is read again.
    pub(super) loans: Vec<String>,
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
        for (number, v) in self.numbered(T::Assignees, super::Part::AssigneeNumber)? {
            tags.name(number, String::from_utf8_lossy(&v).into_owned());
        }
        tags.sets = self.load_sets()?;
        for (number, v) in self.numbered(T::PlaceNames, super::Part::PlaceNumber)? {
            if let Some(p) = Place::decode(&v) {
                tags.places.name(number, p);
            }
        }
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
        for kv in self.tree(T::Places).iter() {
            let (k, v) = kv?;
            let block = super::keys::u64_from(&k).ok_or(StoreError::Codec(super::Codec::Key {
                what: super::Part::PlaceBlockKey,
                want: 8,
            }))?;
            for (i, slot) in v.chunks_exact(PLACE).enumerate() {
                let id = (block * PER_BLOCK + i as u64) as usize;
                if let Some(Some((_, t))) = tags.slots.get_mut(id) {
                    (t.place, t.kind) = decode_place(slot);
                }
            }
        }
        *self.tags.write().unwrap_or_else(|e| e.into_inner()) = tags;
        Ok(())
    }

    /// The entries of a table keyed by a number (`what`, 4 bytes), with their values.
    fn numbered(&self, t: T, what: super::Part) -> Result<Vec<(u32, sled::IVec)>> {
        self.tree(t)
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                let n = k
                    .as_ref()
                    .try_into()
                    .map(u32::from_be_bytes)
                    .map_err(|_| StoreError::Codec(super::Codec::Key { what, want: 4 }))?;
                Ok((n, v))
            })
            .collect()
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

    /// The number of a place, if it has one.
    pub(super) fn place_number(&self, place: &Place) -> Option<u32> {
        self.with_tags(|t| t.places.numbers.get(place).copied())
    }

    /// The place a summary's place number stands for.
    pub fn place(&self, number: u32) -> Option<Place> {
        self.with_tags(|t| t.places.get(number).cloned())
    }

    /// The facility number of place `number`: the facility itself, or a
    /// loan's borrower's latest workplace (read once, and again after the
    /// loan is written).
    pub fn place_facility(&self, number: u32) -> Result<Option<String>> {
        let place = match self.place(number) {
            None => return Ok(None),
            Some(Place::Facility(n)) => return Ok(Some(n)),
            Some(loan) => loan,
        };
        if let Some(known) = self.with_tags(|t| t.places.workplaces.get(&number).cloned()) {
            return Ok(known);
        }
        // Read under the lock a write's `apply_tags` takes after it commits:
        // a loan written meanwhile drops what is kept here after it.
        let mut tags = self.tags.write().unwrap_or_else(|e| e.into_inner());
        let facility = place.facility(|id| self.loan(id))?;
        tags.places.workplaces.insert(number, facility.clone());
        Ok(facility)
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
        if changes.tags.is_empty()
            && changes.names.is_empty()
            && changes.sets.is_empty()
            && changes.places.is_empty()
            && changes.loans.is_empty()
        {
            return;
        }
        let mut tags = self.tags.write().unwrap_or_else(|e| e.into_inner());
        for (n, name) in changes.names {
            tags.name(n, name);
        }
        for (n, place) in changes.places {
            tags.places.name(n, place);
        }
        for loan in changes.loans {
            if let Some(n) = tags.places.numbers.get(&Place::Loan(loan)).copied() {
                tags.places.workplaces.remove(&n);
            }
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

    /// The tag case `id` has now: from this transaction's pending tags, else
    /// from memory (none for a new case).
    fn current_tag(&self, id: u64) -> Option<(Queue, RowTag)> {
        let pending = self
            .tags
            .borrow()
            .tags
            .iter()
            .rev()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t);
        pending.unwrap_or_else(|| self.store.tag(id))
    }

    /// The organisation set number case `id` has now (0 for a new case).
    pub(super) fn orgs_number(&self, id: u64) -> u32 {
        self.current_tag(id).map_or(0, |(_, t)| t.orgs)
    }

    /// The number of a place, made (and written) the first time one is seen.
    fn place_number(&self, place: Option<Place>) -> TxResult<u32> {
        let Some(place) = place else { return Ok(0) };
        if let Some(n) = self
            .store
            .with_tags(|t| t.places.numbers.get(&place).copied())
        {
            return Ok(n);
        }
        let known = self.store.with_tags(|t| t.places.next());
        let n = {
            let pending = &self.tags.borrow().places;
            if let Some((n, _)) = pending.iter().find(|(_, p)| *p == place) {
                return Ok(*n);
            }
            pending.iter().map(|(n, _)| n + 1).fold(known, u32::max)
        };
        self.put(T::PlaceNames, &n.to_be_bytes(), &place.encode())?;
        self.tags.borrow_mut().places.push((n, place));
        Ok(n)
    }

    /// The place number and kind case `id` has now (none for a new case).
    fn current_place(&self, id: u64) -> (u32, Option<CaseKind>) {
        self.current_tag(id)
            .map_or((0, None), |(_, t)| (t.place, t.kind))
    }

    /// Notes that loan `id` is written: what its place stands for is read again.
    pub(super) fn loan_written(&self, id: &str) {
        self.tags.borrow_mut().loans.push(id.to_string());
    }

    /// Writes the tag of case `id` (None: the case is gone), in organisation
    /// set `orgs`, and its place when that changes.
    pub(super) fn set_tag(&self, id: u64, case: Option<&Case>, orgs: u32) -> TxResult<()> {
        let tag = match case {
            Some(c) => {
                let assignee = self.assignee_number(c.assignee.as_deref())?;
                let place = self.place_number(Place::of(c))?;
                Some((c.queue, RowTag::of(c, assignee, orgs, place)))
            }
            None => None,
        };
        let now = tag.map_or((0, None), |(_, t)| (t.place, t.kind));
        if now != self.current_place(id) {
            let key = block_key(id);
            let mut bytes = match self.tree(T::Places).get(key)? {
                Some(v) if v.len() == PLACE * PER_BLOCK as usize => v.to_vec(),
                _ => empty_places(),
            };
            write_place(&mut bytes, id, now.0, now.1);
            self.put(T::Places, &key, &bytes)?;
        }
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

/// For `check`: why a stored place block does not read, if it does not.
pub(super) fn places_fault(block: &[u8]) -> Option<super::check::Why> {
    use super::check::{Part, Why};
    let want = PLACE * PER_BLOCK as usize;
    if block.len() != want {
        return Some(Why::Length {
            what: Part::PlaceBlock,
            want: want as u64,
            found: block.len() as u64,
        });
    }
    block
        .chunks_exact(PLACE)
        .position(|s| CaseKind::from_code(s[4]).is_none())
        .map(|i| Why::NotATag { slot: i as u64 })
}

/// A slot of a place block: the place number and the kind (none for a code
/// that is not one: `check` names it).
fn decode_place(slot: &[u8]) -> (u32, Option<CaseKind>) {
    match slot {
        [a, b, c, d, kind] => (
            u32::from_be_bytes([*a, *b, *c, *d]),
            CaseKind::from_code(*kind).flatten(),
        ),
        _ => (0, None),
    }
}

/// The place number and kind of case `id` stored in its place block (none
/// without one).
pub(super) fn stored_place(block: Option<&[u8]>, id: u64) -> (u32, Option<CaseKind>) {
    let at = (id % PER_BLOCK) as usize * PLACE;
    block
        .and_then(|b| b.get(at..at + PLACE))
        .map_or((0, None), decode_place)
}

/// Writes the place number and kind of case `id` into its place block.
pub(super) fn write_place(block: &mut [u8], id: u64, number: u32, kind: Option<CaseKind>) {
    let at = (id % PER_BLOCK) as usize * PLACE;
    if let Some(slot) = block.get_mut(at..at + PLACE) {
        slot[..4].copy_from_slice(&number.to_be_bytes());
        slot[4] = CaseKind::code(kind);
    }
}

/// A block of 128 place numbers, all 0.
pub(super) fn empty_places() -> Vec<u8> {
    vec![0u8; PLACE * PER_BLOCK as usize]
}
