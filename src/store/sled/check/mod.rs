//! `secretariat check`: every record of every table reads (`records`),
//! indexes agree with records, the audit chain is intact (`audit`), every
//! notification a decision names exists, and every role is the one the
//! audit log gave (`roles`).

mod audit;
mod enquiries;
mod records;
mod roles;
mod tamper;
#[cfg(test)]
mod tests;

// What a check finds is the same on every backend (`store::findings`).
use crate::store::findings as fault;
pub use fault::{CheckFault, CheckReport, Part, RecordKey, Why};
pub use tamper::{GarbledForTests, table_names_for_tests};

use super::keys;
use super::{Result, SledStore, T, decode};
use crate::domain::{Case, OutboxMessage};
use std::collections::{HashMap, HashSet};

/// Stops noting changed cases when a check ends, early returns included.
struct StopTracking<'a>(&'a SledStore);

impl Drop for StopTracking<'_> {
    fn drop(&mut self) {
        self.0.track_changes(false);
    }
}

impl SledStore {
    /// Verifies the whole store without changing it.
    pub fn check(&self) -> Result<CheckReport> {
        let mut r = CheckReport::default();
        let index_trees = [T::IdxDue, T::IdxName, T::IdxSubject];
        let mut expected_entries: HashMap<usize, u64> = HashMap::new();
        let mut expected_counts: HashMap<Vec<u8>, u64> = HashMap::new();
        let mut notified: HashSet<u64> = HashSet::new();
        let mut counted: HashMap<u64, Vec<u8>> = HashMap::new();
        let mut expected_posted = 0u64;
        self.track_changes(true);
        let _stop = StopTracking(self);
        for kv in self.tree(T::Cases).iter() {
            let (k, v) = kv?;
            r.cases += 1;
            let Some(id) = keys::u64_from(&k).filter(|_| k.len() == 8) else {
                if let Some(f) = self.record_fault(T::Cases, &k, &v) {
                    r.fault(f);
                }
                continue;
            };
            let mut v = v;
            // Read beside the changes: a case changed between reading it and
            // its entries looks wrong for a moment; it is read again (a few
            // times) before anything is called a fault.
            let mut tries = 0;
            let (case, f) = loop {
                let Ok(case) = decode::<Case>(&v) else {
                    break (
                        None,
                        self.record_fault(T::Cases, &k, &v).into_iter().collect(),
                    );
                };
                let f = self.case_faults(id, &case)?;
                tries += 1;
                if f.is_empty() || tries >= 3 {
                    break (Some(case), f);
                }
                match self.tree(T::Cases).get(&k)? {
                    Some(again) => v = again,
                    None => break (Some(case), f),
                }
            };
            for f in f {
                r.fault(f);
            }
            let Some(case) = case else { continue };
            for (t, _, _) in super::write::entries(id, &case) {
                *expected_entries.entry(t as usize).or_default() += 1;
            }
            expected_posted += super::postings::words(&case).len() as u64;
            let set = self.tag(id).map(|(_, t)| t.orgs).unwrap_or(0);
            let ck = keys::count_key(case.queue, set, case.state, keys::due_days(case.due));
            *expected_counts.entry(ck.clone()).or_default() += 1;
            counted.insert(id, ck);
            notified.extend(case.history.iter().filter_map(|d| d.notification));
        }
        // What changed meanwhile is counted as it is now (see `changed_since`).
        self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
        for t in index_trees {
            let n = self.tree(t).len() as u64;
            r.index_entries += n;
            let want = expected_entries.get(&(t as usize)).copied().unwrap_or(0);
            if n != want {
                r.fault(CheckFault::IndexSize {
                    index: super::TREE_NAMES[t as usize].to_string(),
                    holds: n,
                    want,
                });
            }
        }
        let (posted, tagged) = self.posted_and_tagged()?;
        r.index_entries += posted;
        if posted != expected_posted {
            r.fault(CheckFault::Postings {
                holds: posted,
                want: expected_posted,
            });
        }
        if tagged != r.cases {
            r.fault(CheckFault::Tags {
                holds: tagged,
                cases: r.cases,
            });
        }
        if self.tree(T::Refs).len() as u64 != r.cases {
            r.fault(CheckFault::Refs {
                holds: self.tree(T::Refs).len() as u64,
                cases: r.cases,
            });
        }
        let mut found_counts = self.read_counts()?;
        for round in 0..3 {
            if found_counts == expected_counts && self.counters_agree(&found_counts)? {
                break;
            }
            // Decisions moved cases between counters while this read: count
            // those cases again as they are now, then the counters again —
            // the last time with changes held for that moment only (a few
            // cases and the counters: well under a millisecond).
            let _held =
                (round == 2).then(|| self.writers.write().unwrap_or_else(|e| e.into_inner()));
            self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
            found_counts = self.read_counts()?;
        }
        if found_counts != expected_counts || !self.counters_agree(&found_counts)? {
            r.fault(CheckFault::Counters);
        }
        self.check_audit(&mut r)?;
        for v in self.tree(T::Outbox).iter().values() {
            let v = v?;
            r.outbox_messages += 1;
            match decode::<OutboxMessage>(&v) {
                Ok(m) if !notified.contains(&m.id) => {
                    // A decision made since its case was read names it.
                    self.reconcile(&mut expected_counts, &mut counted, &mut notified)?;
                    if !notified.contains(&m.id) {
                        r.fault(CheckFault::OutboxOrphan { id: m.id })
                    }
                }
                // Named by `records`.
                Ok(_) | Err(_) => {}
            }
        }
        self.track_changes(false);
        for id in &notified {
            if self.tree(T::Outbox).get(id.to_be_bytes())?.is_none() {
                r.fault(CheckFault::OutboxMissing { id: *id });
            }
        }
        for f in self.delivery_faults()? {
            r.fault(f);
        }
        self.check_tables(&mut r)?;
        self.check_enquiries(&mut r)?;
        self.check_roles(&mut r)?;
        Ok(r)
    }

    /// What is wrong with one case's entries and ref, read now.
    fn case_faults(&self, id: u64, case: &Case) -> Result<Vec<CheckFault>> {
        let mut out = Vec::new();
        let (queue, reference) = (case.queue, || case.reference.clone());
        for (t, key, val) in super::write::entries(id, case) {
            let stale = match self.tree(t).get(&key)? {
                None => false,
                Some(found) if found.as_ref() != val.as_slice() => true,
                Some(_) => continue,
            };
            out.push(CheckFault::Entry {
                queue,
                reference: reference(),
                index: super::TREE_NAMES[t as usize].to_string(),
                stale,
            });
        }
        let number = self.with_tags(|t| t.number_of(case.assignee.as_deref()));
        let set = self.tag(id).map(|(_, t)| t.orgs).unwrap_or(0);
        let place = match crate::store::Place::of(case) {
            None => Some(0),
            Some(p) => self.place_number(&p),
        };
        let want = number
            .zip(place)
            .map(|(n, p)| (case.queue, super::keys::RowTag::of(case, n, set, p)));
        let key = super::tags::block_key(id);
        let stored = self
            .tree(T::Tags)
            .get(key)?
            .and_then(|b| super::tags::stored_slot(&b, id))
            .map(|(q, t)| (q, unplaced(t)));
        let places = self.tree(T::Places).get(key)?;
        let stored_place = super::tags::stored_place(places.as_deref(), id);
        if want.is_none()
            || stored != want.map(|(q, t)| (q, unplaced(t)))
            || want.map(|(_, t)| (t.place, t.kind)) != Some(stored_place)
            || self.tag(id) != want
        {
            out.push(CheckFault::Tag {
                queue,
                reference: reference(),
            });
        }
        for w in super::postings::words(case) {
            if !self.posted(case.queue, &w, id)? {
                out.push(CheckFault::Posting {
                    queue,
                    reference: reference(),
                    word: w,
                });
            }
        }
        match self.case_id(case.queue, &case.reference)? {
            Some(found) if found == id => {}
            _ => out.push(CheckFault::Ref {
                queue,
                reference: reference(),
                id,
            }),
        }
        Ok(out)
    }

    /// Whether the counters of every set together (`counts_all`) are the sums
    /// of the sets' counters.
    fn counters_agree(&self, per_set: &HashMap<Vec<u8>, u64>) -> Result<bool> {
        let mut want: HashMap<Vec<u8>, u64> = HashMap::new();
        for (k, n) in per_set {
            if k.len() == 10 {
                let key = [&k[..1], &k[5..]].concat();
                *want.entry(key).or_default() += n;
            }
        }
        let mut found = HashMap::new();
        for kv in self.tree(T::CountsAll).iter() {
            let (k, v) = kv?;
            found.insert(k.to_vec(), keys::u64_from(&v).unwrap_or(0));
        }
        Ok(found == want)
    }

    fn read_counts(&self) -> Result<HashMap<Vec<u8>, u64>> {
        let mut found = HashMap::new();
        for kv in self.tree(T::Counts).iter() {
            let (k, v) = kv?;
            found.insert(k.to_vec(), keys::u64_from(&v).unwrap_or(0));
        }
        Ok(found)
    }

    /// Starts (or stops) noting the cases written, for a check reading beside
    /// the changes.
    fn track_changes(&self, on: bool) {
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        *changed = on.then(HashSet::new);
    }

    /// Counts the cases written since the last look as they are now.
    fn reconcile(
        &self,
        expected: &mut HashMap<Vec<u8>, u64>,
        counted: &mut HashMap<u64, Vec<u8>>,
        notified: &mut HashSet<u64>,
    ) -> Result<()> {
        let ids: Vec<u64> = {
            let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
            changed
                .as_mut()
                .map(|c| c.drain().collect())
                .unwrap_or_default()
        };
        for id in ids {
            let Some(case) = self.case(id).ok().flatten() else {
                continue;
            };
            let set = self.tag(id).map(|(_, t)| t.orgs).unwrap_or(0);
            let ck = keys::count_key(case.queue, set, case.state, keys::due_days(case.due));
            if let Some(old) = counted.insert(id, ck.clone()) {
                if let Some(n) = expected.get_mut(&old) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        expected.remove(&old);
                    }
                }
            }
            *expected.entry(ck).or_default() += 1;
            notified.extend(case.history.iter().filter_map(|d| d.notification));
        }
        Ok(())
    }
}

/// A tag as its slot in a tag block keeps it: without the place and kind,
/// which `places` keeps.
fn unplaced(mut t: super::keys::RowTag) -> super::keys::RowTag {
    t.place = 0;
    t.kind = None;
    t
}
