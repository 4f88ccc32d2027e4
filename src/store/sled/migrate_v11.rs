//! Schema 11: every case's place, numbered, and its kind, so that `area:`,
//! `pref:`, `priority` and `kind:` are decided on the tags in memory instead
//! of on the cases.
//!
//! What changes on disk:
//! - `place_names` gains a number for every place a case has (a facility a
//!   report is about or a transfer names, a loan follow-up's loan).
//! - `places` gains a block of 128 slots (place number, kind) beside every
//!   tag block that holds a case with a place or a kind.
//! - An import cut short keeps in its journal the prior value of every key
//!   it touched; the place blocks did not exist then, so the migration
//!   journals them as they were before the import (the places of the prior
//!   cases, none for the cases it created): rolling the import back on the
//!   next open, after this, puts back places that agree with the cases.

use crate::domain::Case;
use crate::domain::filter::CaseKind;
use crate::store::Place;
use crate::store::sled::{Result, SledStore, T, decode, journal, keys, tags};
use std::collections::{BTreeMap, HashMap};

const PER_BLOCK: u64 = tags::PER_BLOCK;

/// The numbers given to places, in the order they are met.
#[derive(Default)]
struct Numbers(HashMap<Place, u32>);

impl Numbers {
    /// The place number and kind of `case`.
    fn of(&mut self, case: &Case) -> (u32, Option<CaseKind>) {
        let kind = CaseKind::of(case);
        let Some(place) = Place::of(case) else {
            return (0, kind);
        };
        let next = self.0.len() as u32 + 1;
        (*self.0.entry(place).or_insert(next), kind)
    }
}

pub(super) fn step_10_to_11(store: &SledStore) -> Result<super::Rewrite> {
    let mut numbers = Numbers::default();
    let mut blocks: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
    for kv in store.tree(T::Cases).iter() {
        let (k, v) = kv?;
        let Some(id) = keys::u64_from(&k) else {
            continue;
        };
        let (n, kind) = numbers.of(&decode::<Case>(&v)?);
        if n != 0 || kind.is_some() {
            let block = blocks
                .entry(id / PER_BLOCK)
                .or_insert_with(tags::empty_places);
            tags::write_place(block, id, n, kind);
        }
    }
    let mut put = Vec::new();
    // An import cut short: the place blocks as its prior cases had them.
    let mut prior: BTreeMap<(u64, u64), Vec<u8>> = BTreeMap::new();
    for kv in store.tree(T::ImportJournal).scan_prefix(b"J") {
        let (k, v) = kv?;
        let (Some(import), Some(&t)) = (keys::u64_from(&k[1..]), k.get(9)) else {
            continue;
        };
        let (id, (n, kind)) = match t {
            t if t == T::Cases as u8 => {
                let Some(id) = keys::u64_from(&k[10..]) else {
                    continue;
                };
                match v.split_first() {
                    Some((&1, bytes)) => (id, numbers.of(&decode::<Case>(bytes)?)),
                    _ => (id, (0, None)),
                }
            }
            journal::CREATED => match keys::u64_from(&k[10..]) {
                Some(id) => (id, (0, None)),
                None => continue,
            },
            _ => continue,
        };
        let block = id / PER_BLOCK;
        let bytes = prior.entry((import, block)).or_insert_with(|| {
            blocks
                .get(&block)
                .cloned()
                .unwrap_or_else(tags::empty_places)
        });
        tags::write_place(bytes, id, n, kind);
    }
    for ((import, block), bytes) in prior {
        let key = journal::entry_key(import, T::Places, &block.to_be_bytes());
        put.push((T::ImportJournal, key, journal::prior_value(Some(&bytes))));
    }
    for (place, n) in numbers.0 {
        put.push((T::PlaceNames, n.to_be_bytes().to_vec(), place.encode()));
    }
    for (block, bytes) in blocks {
        put.push((T::Places, block.to_be_bytes().to_vec(), bytes));
    }
    Ok(super::Rewrite {
        put,
        remove: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use crate::domain::time::{at, ymd};
    use crate::domain::{Case, FacilityNumber, Subject};
    use crate::store::sled::journal::tests::chunk;
    use crate::store::sled::{SledStore, T};

    fn at_facility(reference: &str, facility: &str) -> Case {
        let mut c = crate::store::sled::tests::case(
            reference.into(),
            "山田 太郎".into(),
            "x".into(),
            1,
            Some(30),
        );
        c.subject = Subject::Facility(FacilityNumber::parse(facility).unwrap());
        c
    }

    /// The facility of the place of case `reference`, as the store says it.
    fn facility_of(store: &SledStore, reference: &str) -> Option<String> {
        let id = store
            .case_id(crate::domain::Queue::Withdrawal, reference)
            .unwrap()
            .unwrap();
        let (_, tag) = store.tag(id).unwrap();
        store.place_facility(tag.place).unwrap()
    }

    /// Makes the store in `dir` look as schema 10 left it: no places, and
    /// an import cut short journalling none.
    fn as_schema_10(store: &SledStore) {
        for t in [T::Places, T::PlaceNames] {
            let keys: Vec<_> = store.tree(t).iter().keys().map(|k| k.unwrap()).collect();
            for k in keys {
                store.tree(t).remove(k).unwrap();
            }
        }
        let journal = store.tree(T::ImportJournal);
        let places: Vec<_> = journal
            .scan_prefix(b"J")
            .keys()
            .map(|k| k.unwrap())
            .filter(|k| {
                k.get(9) == Some(&(T::Places as u8)) || k.get(9) == Some(&(T::PlaceNames as u8))
            })
            .collect();
        assert!(!places.is_empty(), "the import journalled its places");
        for k in places {
            journal.remove(k).unwrap();
        }
        store
            .tree(T::Meta)
            .insert(&b"schema_version"[..], &10u32.to_be_bytes()[..])
            .unwrap();
        store.flush().unwrap();
    }

    #[test]
    fn a_schema_10_store_gets_every_place_and_an_import_cut_short_rolls_back_to_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        let store = SledStore::open(&dir, "boss").unwrap();
        store.write(&chunk(at_facility("W-1", "1111111"))).unwrap();
        store.write(&chunk(at_facility("W-2", "4444444"))).unwrap();
        assert_eq!(facility_of(&store, "W-1").as_deref(), Some("1111111"));
        // An import moves W-1 to another facility and adds W-3, then dies.
        let when = at(ymd(2026, 11, 2), 9, 0);
        let mut run = store
            .begin_import("f.jsonl", 2, "boss", None, when)
            .unwrap();
        run.write(&chunk(at_facility("W-1", "2222222"))).unwrap();
        run.write(&chunk(at_facility("W-3", "3333333"))).unwrap();
        std::mem::forget(run);
        as_schema_10(&store);
        drop(store);

        let store = SledStore::open(&dir, "boss").unwrap();
        assert_eq!(facility_of(&store, "W-1").as_deref(), Some("1111111"));
        assert_eq!(facility_of(&store, "W-2").as_deref(), Some("4444444"));
        let q = crate::domain::Queue::Withdrawal;
        assert!(store.case_id(q, "W-3").unwrap().is_none());
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        // A new case after it is numbered and found as well.
        store.write(&chunk(at_facility("W-4", "3333333"))).unwrap();
        assert_eq!(facility_of(&store, "W-4").as_deref(), Some("3333333"));
        assert!(store.check().unwrap().faults.is_empty());
    }
}
