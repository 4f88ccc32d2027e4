//! Candidates for the desk's filter: every case of a queue that a page spec
//! admits, with its row tag, in the spec's index order. The desk checks the
//! filter's other terms on these and cuts its own page.

use super::keys::{self, RowTag};
use super::read::{PageSpec, SortKey};
use super::{Result, Store, T, decode};
use crate::domain::{AuditRecord, Queue, Timestamp};
use std::collections::HashMap;

impl Store {
    /// Ids and tags of every case `spec` admits (its offset and limit aside),
    /// ordered by its sort where an index gives that order (due, received,
    /// name), else by due. Found through the token index when it has words.
    pub fn candidates(&self, spec: &PageSpec) -> Result<Vec<(u64, RowTag)>> {
        let mut out = Vec::new();
        self.each_candidate(spec, &mut |id, tag| {
            out.push((id, tag));
            Ok(true)
        })?;
        Ok(out)
    }

    /// Hands the candidates of [`Store::candidates`] to `f` in the same order,
    /// until `f` answers false (so a caller that needs the first N stops early).
    pub fn each_candidate(
        &self,
        spec: &PageSpec,
        f: &mut dyn FnMut(u64, RowTag) -> Result<bool>,
    ) -> Result<()> {
        if !spec.words.is_empty() {
            for (id, tag) in self.word_candidates(spec)? {
                if !f(id, tag)? {
                    break;
                }
            }
            return Ok(());
        }
        let q = spec.queue.code();
        let tree = match spec.sort {
            SortKey::Received | SortKey::Age => T::IdxReceived,
            SortKey::Name => T::IdxName,
            _ => T::IdxDue,
        };
        let prefix = if spec.include_closed {
            vec![q]
        } else {
            vec![q, 0]
        };
        for kv in self.tree(tree).scan_prefix(&prefix) {
            let (k, v) = kv?;
            if let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) {
                if spec.admits_tag(&tag) && !f(id, tag)? {
                    break;
                }
            }
        }
        Ok(())
    }

    fn word_candidates(&self, spec: &PageSpec) -> Result<Vec<(u64, RowTag)>> {
        let q = spec.queue.code();
        let mut found: Option<HashMap<u64, RowTag>> = None;
        for word in &spec.words {
            let mut prefix = vec![q];
            prefix.extend_from_slice(word.as_bytes());
            let mut hits = HashMap::new();
            for kv in self.tree(T::IdxToken).scan_prefix(&prefix) {
                let (k, v) = kv?;
                let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) else {
                    continue;
                };
                if spec.admits_tag(&tag) && found.as_ref().is_none_or(|f| f.contains_key(&id)) {
                    hits.insert(id, tag);
                }
            }
            found = Some(hits);
        }
        let mut rows: Vec<(u64, RowTag)> = found.unwrap_or_default().into_iter().collect();
        let open_last = |t: &RowTag| t.state.is_open() as u8 ^ 1;
        match spec.sort {
            SortKey::Received | SortKey::Age => {
                rows.sort_by_key(|(id, t)| (open_last(t), t.received, *id))
            }
            SortKey::Name => {
                let mut named = Vec::with_capacity(rows.len());
                for (id, t) in rows {
                    let name = self
                        .case(id)?
                        .map(|c| keys::name_sort_key(&c))
                        .unwrap_or_default();
                    named.push(((open_last(&t), name, id), t));
                }
                named.sort_by(|a, b| a.0.cmp(&b.0));
                return Ok(named.into_iter().map(|((_, _, id), t)| (id, t)).collect());
            }
            _ => rows.sort_by_key(|(id, t)| (open_last(t), t.due, *id)),
        }
        Ok(rows)
    }
}

impl Store {
    /// Ids and tags of a queue's cases received at or after `since` (seconds),
    /// open or not, from the received index.
    pub fn received_since(&self, queue: Queue, since: i64) -> Result<Vec<(u64, RowTag)>> {
        let mut out = Vec::new();
        for bucket in [0u8, 1] {
            let mut from = vec![queue.code(), bucket];
            from.extend_from_slice(&keys::i64_key(since));
            let end = [queue.code(), bucket + 1];
            for kv in self.tree(T::IdxReceived).range(from..end.to_vec()) {
                let (k, v) = kv?;
                if let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) {
                    out.push((id, tag));
                }
            }
        }
        Ok(out)
    }

    /// Audit records from the newest back to (and including) `since`.
    pub fn audit_since(&self, since: Timestamp) -> Result<Vec<AuditRecord>> {
        let mut out = Vec::new();
        for kv in self.tree(T::Audit).iter().rev() {
            let (_, v) = kv?;
            let rec: AuditRecord = decode(&v)?;
            if rec.at < since {
                break;
            }
            out.push(rec);
        }
        Ok(out)
    }
}

/// The first fields of a stored `Case`, up to its assignee, in bincode's
/// positional order (the rest of the record is not read). Dates and times are
/// stored as text, enums as their index. The test below keeps this in step
/// with `Case`.
#[derive(serde::Deserialize)]
struct CaseHead {
    _reference: String,
    _queue: u32,
    _state: u32,
    _subject: SubjectHead,
    _subject_name: String,
    _subject_kana: Option<String>,
    _received_at: String,
    _due: Option<String>,
    assignee: Option<String>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)] // read only to step over it
enum SubjectHead {
    Person(String),
    Facility(String),
}

impl Store {
    /// A case's ref, read without decoding the rest of the case.
    pub fn reference_of(&self, id: u64) -> Result<Option<String>> {
        match self.tree(T::Cases).get(id.to_be_bytes())? {
            Some(v) => Ok(Some(decode::<(String,)>(&v)?.0)),
            None => Ok(None),
        }
    }

    /// A case's assignee, read without decoding the rest of the case (the
    /// backlog reads it for every open case). None: no such case.
    pub fn assignee_of(&self, id: u64) -> Result<Option<Option<String>>> {
        match self.tree(T::Cases).get(id.to_be_bytes())? {
            Some(v) => Ok(Some(decode::<CaseHead>(&v)?.assignee)),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_head_reads_the_assignee_of_a_stored_case() {
        use crate::domain::time::{at, ymd};
        use crate::domain::*;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "boss").unwrap();
        let fac = FacilityNumber::parse("F-1").unwrap();
        let mut c = Case {
            reference: "F-2026-1".into(),
            queue: Queue::FacilityReport,
            state: State::Submitted,
            subject: Subject::Facility(fac.clone()),
            subject_name: "東北大学病院".into(),
            subject_kana: None,
            received_at: at(ymd(2026, 1, 5), 9, 0),
            due: Some(ymd(2026, 2, 1)),
            assignee: None,
            revision: 1,
            updated_at: at(ymd(2026, 1, 5), 9, 0),
            updated_by: "import".into(),
            body: CaseBody::FacilityReport(FacilityReport {
                facility_number: fac,
                fiscal_year: 2025,
                reporter_name: "佐藤".into(),
                supervisors: vec!["C-1".into()],
                director_name: None,
                contact_email: None,
                generated: false,
            }),
            notes: vec![],
            history: vec![],
        };
        for who in [None, Some("tanaka".to_string())] {
            c.assignee = who.clone();
            let head: CaseHead = decode(&super::super::encode(&c).unwrap()).unwrap();
            assert_eq!(head.assignee, who);
            assert!(matches!(head._subject, SubjectHead::Facility(_)));
        }
        assert_eq!(store.assignee_of(99).unwrap(), None);
        let (r,): (String,) = decode(&super::super::encode(&c).unwrap()).unwrap();
        assert_eq!(r, "F-2026-1");
    }
}
