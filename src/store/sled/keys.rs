//! The key layout: big-endian composite keys that sort the way the queues are read.
//!
//! | tree | key | value |
//! |---|---|---|
//! | `cases` | case id u64 | bincode `Case` |
//! | `refs` | queue u8, ref's number part, 0x00, ref | case id |
//! | `idx_due` | queue, bucket (0 open, 1 closed), due i32, id | () |
//! | `idx_name` | queue, bucket, name key, 0x00, id | () |
//! | `idx_subject` | subject kind u8, subject key, 0x00, id | () |
//! | `tags` | case id >> 7 | 128 tags (`store::tags`) |
//! | `assignees` | number u32 | user name |
//! | `postings` | queue, name word, 0x00, first id | packed ids (`store::postings`) |
//! | `counts` | queue, organisation set u32, state, due i32 | count u64 |
//! | `people` | registration number | bincode `Person` |
//! | `people_by_identity` | search-normalised name, 0x00, birth date i32, regno | () |
//! | `facilities` | facility number | bincode `Facility` |
//! | `physicians` | cert number | bincode `Physician` |
//! | `physicians_by_workplace` | facility number, 0x00, cert | () |
//! | `loans` | loan id | bincode `Loan` |
//! | `loans_by_person` | regno, 0x00, loan id | () |
//! | `audit` | seq u64 | bincode `AuditRecord` |
//! | `outbox` | id u64 | bincode `OutboxMessage` |
//! | `users` | user name | bincode `UserAccess` (roles per organisation) |
//! | `orgs` | organisation id | bincode `Organisation` |
//! | `org_sets` | number u32 | bincode `Vec<CaseOrg>` (0, implicit: the default organisation) |
//! | `undo` | user name | bincode `UndoRecord` |
//! | `meta` | name | value |
//! | `outbox_delivery` | outbox id u64 | bincode `Delivery` |
//! | `delivery_queue` | outbox id u64 (deliveries in state `queued`) | () |
//!
//! Every table is a one-byte prefix of the keys of one sled tree (`table`).
//! `idx_state`, `idx_received` and `idx_token` of schema 5 are gone: the
//! tags in memory serve the first two (state, and the order of receipt),
//! postings the third.
//!
//! Signed numbers are stored with the sign bit flipped so that byte order is
//! numeric order. A case with no due date sorts last (`i32::MAX`).

// The summary of a case is kept encoded as its tag (`tags`).
use crate::domain::{Case, Queue, State};
pub use crate::store::{CaseSummary as RowTag, due_days, due_from_days, tokens};

pub fn i32_key(x: i32) -> [u8; 4] {
    ((x as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn i32_from_key(b: &[u8]) -> Option<i32> {
    let arr: [u8; 4] = b.get(..4)?.try_into().ok()?;
    Some((u32::from_be_bytes(arr) ^ 0x8000_0000) as i32)
}

pub fn i64_key(x: i64) -> [u8; 8] {
    ((x as u64) ^ 0x8000_0000_0000_0000).to_be_bytes()
}

pub fn i64_from_key(b: &[u8]) -> Option<i64> {
    let arr: [u8; 8] = b.get(..8)?.try_into().ok()?;
    Some((u64::from_be_bytes(arr) ^ 0x8000_0000_0000_0000) as i64)
}

pub fn u64_from(b: &[u8]) -> Option<u64> {
    let arr: [u8; 8] = b.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(arr))
}

/// The case id at the end of an index key.
pub fn trailing_id(key: &[u8]) -> Option<u64> {
    u64_from(key.get(key.len().checked_sub(8)?..)?)
}

/// 0 for open cases, 1 for the rest: open cases come first in every listing.
pub fn bucket(state: State) -> u8 {
    if state.is_open() { 0 } else { 1 }
}

impl RowTag {
    /// Bytes of an encoded tag.
    pub const LEN: usize = 21;

    /// The tag slot's bytes: all but the place and kind, which `places` keeps.
    pub fn encode(&self) -> [u8; RowTag::LEN] {
        let mut out = [0u8; RowTag::LEN];
        out[0] = self.state.code();
        out[1..5].copy_from_slice(&i32_key(self.due));
        out[5..13].copy_from_slice(&i64_key(self.received));
        out[13..17].copy_from_slice(&self.assignee.to_be_bytes());
        out[17..21].copy_from_slice(&self.orgs.to_be_bytes());
        out
    }

    pub fn decode(b: &[u8]) -> Option<RowTag> {
        Some(RowTag {
            state: State::from_code(*b.first()?)?,
            due: i32_from_key(b.get(1..5)?)?,
            received: i64_from_key(b.get(5..13)?)?,
            assignee: u32::from_be_bytes(b.get(13..17)?.try_into().ok()?),
            orgs: u32::from_be_bytes(b.get(17..21)?.try_into().ok()?),
            // Kept apart, in `places` (schema 11): set when the tags are loaded.
            place: 0,
            kind: None,
        })
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    let mut v = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        v.extend_from_slice(p);
    }
    v
}

/// The part of a ref a search word is matched against first: its number
/// part (`000230` of `w-2026-000230`, search-normalised) when it has one of at
/// least three characters, else the whole.
pub fn ref_number(normalized: &str) -> &str {
    match normalized
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
    {
        Some(n) if n.len() >= 3 && n.len() < normalized.len() => n,
        _ => normalized,
    }
}

/// A ref's key: queue, its number part, 0x00, the ref as written.
pub fn ref_key(queue: Queue, reference: &str) -> Vec<u8> {
    let normalized = crate::text::normalize_for_search(reference).replace('\0', "");
    cat(&[
        &[queue.code()],
        ref_number(&normalized).as_bytes(),
        &[0],
        reference.as_bytes(),
    ])
}

pub fn due_key(case: &Case, id: u64) -> Vec<u8> {
    cat(&[
        &[case.queue.code(), bucket(case.state)],
        &i32_key(due_days(case.due)),
        &id.to_be_bytes(),
    ])
}

/// The name a case sorts by: its kana reading when known (Japanese order), else its name.
pub fn name_sort_key(case: &Case) -> String {
    let base = case
        .subject_kana
        .as_deref()
        .filter(|k| !k.trim().is_empty())
        .unwrap_or(&case.subject_name);
    crate::text::normalize_for_search(base).replace('\0', "")
}

pub fn name_key(case: &Case, id: u64) -> Vec<u8> {
    cat(&[
        &[case.queue.code(), bucket(case.state)],
        name_sort_key(case).as_bytes(),
        &[0],
        &id.to_be_bytes(),
    ])
}

pub fn subject_prefix(case_subject: &crate::domain::Subject) -> Vec<u8> {
    let (kind, key) = match case_subject {
        crate::domain::Subject::Person(r) => (0u8, r.as_str()),
        crate::domain::Subject::Facility(f) => (1u8, f.as_str()),
    };
    cat(&[&[kind], key.as_bytes(), &[0]])
}

pub fn subject_key(case: &Case, id: u64) -> Vec<u8> {
    cat(&[&subject_prefix(&case.subject), &id.to_be_bytes()])
}

/// The counter of a queue's cases of every organisation set together in one
/// state and due day (`counts_all`: the layout `counts` had up to schema 9).
pub fn count_all_key(queue: Queue, state: State, due: i32) -> Vec<u8> {
    cat(&[&[queue.code(), state.code()], &i32_key(due)])
}

/// The counter of a queue's cases of one organisation set in one state and
/// due day (schema 10 put the set in; see `migrate_v10`).
pub fn count_key(queue: Queue, orgs: u32, state: State, due: i32) -> Vec<u8> {
    cat(&[
        &[queue.code()],
        &orgs.to_be_bytes(),
        &[state.code()],
        &i32_key(due),
    ])
}

pub fn identity_prefix(name: &str, birth: chrono::NaiveDate) -> Vec<u8> {
    use chrono::Datelike;
    cat(&[
        crate::text::normalize_for_search(name).as_bytes(),
        &[0],
        &i32_key(birth.num_days_from_ce()),
    ])
}

pub fn pair_key(a: &str, b: &str) -> Vec<u8> {
    cat(&[a.as_bytes(), &[0], b.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn i32_keys_sort_numerically(a in any::<i32>(), b in any::<i32>()) {
            prop_assert_eq!(a.cmp(&b), i32_key(a).cmp(&i32_key(b)));
            prop_assert_eq!(i32_from_key(&i32_key(a)), Some(a));
        }

        #[test]
        fn i64_keys_sort_numerically(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(a.cmp(&b), i64_key(a).cmp(&i64_key(b)));
            prop_assert_eq!(i64_from_key(&i64_key(a)), Some(a));
        }

        #[test]
        fn row_tags_round_trip(s in 0u8..12, due in any::<i32>(), rec in any::<i64>(), who in any::<u32>(), orgs in any::<u32>()) {
            let tag = RowTag { state: State::from_code(s).unwrap(), due, received: rec, assignee: who, orgs, place: 0, kind: None };
            prop_assert_eq!(RowTag::decode(&tag.encode()), Some(tag));
        }
    }
}
