//! `check` of schema 7's tables: every enquiry under its caller and every
//! entry under an enquiry of that caller; every person under their birth
//! date and every birth-date entry under a person born that day.

use super::CheckReport;
use super::fault::{CheckFault, RecordKey};
use crate::domain::enquiry::Enquiry;
use crate::domain::{Person, time::ymd};
use crate::store::sled::{Result, SledStore, T, decode, enquiry, keys, people};
use std::collections::HashSet;

fn fault(index: T, key: String, missing: bool) -> CheckFault {
    CheckFault::IndexEntry {
        index: index.name().to_string(),
        key: RecordKey::Name { name: key },
        missing,
    }
}

fn born(key: &[u8]) -> String {
    let day = key
        .get(..4)
        .and_then(keys::i32_from_key)
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(ymd(1, 1, 1));
    format!(
        "{day}/{}",
        String::from_utf8_lossy(key.get(4..).unwrap_or_default())
    )
}

impl SledStore {
    pub(super) fn check_enquiries(&self, r: &mut CheckReport) -> Result<()> {
        // Entries the records call for; what is left of them after the
        // index is read is missing from it.
        let mut want: HashSet<Vec<u8>> = HashSet::new();
        // A record that does not decode is named by `check_tables`, once:
        // the entries that name it are not faults of their own.
        let mut unreadable: HashSet<u64> = HashSet::new();
        for kv in self.tree(T::Enquiries).iter() {
            let (k, v) = kv?;
            match decode::<Enquiry>(&v) {
                Ok(e) => {
                    if let Some(regno) = &e.registration_number {
                        want.insert(enquiry::person_key(regno.as_str(), e.id));
                    }
                }
                Err(_) => {
                    unreadable.extend(keys::u64_from(&k));
                }
            }
        }
        for k in self.tree(T::EnquiriesByPerson).iter().keys() {
            let k = k?;
            let id = k
                .iter()
                .position(|b| *b == 0)
                .and_then(|at| k.get(at + 1..))
                .and_then(keys::u64_from);
            if id.is_some_and(|id| unreadable.contains(&id)) {
                continue;
            }
            if !want.remove(k.as_ref()) {
                r.fault(fault(T::EnquiriesByPerson, person_text(&k), false));
            }
        }
        for k in want {
            r.fault(fault(T::EnquiriesByPerson, person_text(&k), true));
        }
        let mut want: HashSet<Vec<u8>> = HashSet::new();
        let mut unreadable: HashSet<Vec<u8>> = HashSet::new();
        for kv in self.tree(T::People).iter() {
            let (k, v) = kv?;
            match decode::<Person>(&v) {
                Ok(p) => {
                    want.insert(people::birth_key(
                        p.birth_date,
                        p.registration_number.as_str(),
                    ));
                }
                Err(_) => {
                    unreadable.insert(k.to_vec());
                }
            }
        }
        for k in self.tree(T::PeopleByBirth).iter().keys() {
            let k = k?;
            if k.get(4..).is_some_and(|regno| unreadable.contains(regno)) {
                continue;
            }
            if !want.remove(k.as_ref()) {
                r.fault(fault(T::PeopleByBirth, born(&k), false));
            }
        }
        for k in want {
            r.fault(fault(T::PeopleByBirth, born(&k), true));
        }
        Ok(())
    }
}

/// `1102948/17`: the caller and the enquiry of an entry.
fn person_text(key: &[u8]) -> String {
    let at = key.iter().position(|b| *b == 0).unwrap_or(key.len());
    let id = key
        .get(at + 1..)
        .and_then(keys::u64_from)
        .map(|n| n.to_string())
        .unwrap_or_default();
    format!("{}/{id}", String::from_utf8_lossy(&key[..at]))
}
