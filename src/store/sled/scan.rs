//! Candidates for the desk's filter: every case of a queue that a page spec
//! admits, with its row tag, in the spec's index order. The desk checks the
//! filter's other terms on these and cuts its own page.

use super::keys::{self, RowTag};
use super::read::{PageSpec, SortKey};
use super::{Result, SledStore, T, decode};
use crate::domain::{AuditRecord, Timestamp};

impl SledStore {
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

    /// Hands the candidates of [`SledStore::candidates`] to `f` in the same order,
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
        if matches!(spec.sort, SortKey::Received | SortKey::Age) {
            // In order of receipt, from the tags in memory.
            let mut rows = self.by_receipt(spec);
            rows.sort_unstable_by_key(|r| r.0);
            for ((_, _, id), tag) in rows {
                if !f(id, tag)? {
                    break;
                }
            }
            return Ok(());
        }
        let (tree, prefix) = spec.index_walk();
        for k in self.tree(tree).scan_prefix(&prefix).keys() {
            let k = k?;
            if let Some(id) = keys::trailing_id(&k) {
                if let Some((_, tag)) = self.tag(id) {
                    if spec.admits_summary(&tag) && !f(id, tag)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// The cases every word of `spec` finds and its tags admit, in its order.
    /// The word that finds the fewest goes first; the others are checked
    /// against its ids only.
    pub(super) fn word_candidates(&self, spec: &PageSpec) -> Result<Vec<(u64, RowTag)>> {
        let mut lists = Vec::with_capacity(spec.words.len());
        for word in &spec.words {
            lists.push(self.word_ids(spec.queue, word)?);
        }
        lists.sort_by_key(|l| l.len());
        let mut lists = lists.into_iter();
        let mut found = lists.next().unwrap_or_default();
        for other in lists {
            found.retain(|id| other.binary_search(id).is_ok());
        }
        let mut rows: Vec<(u64, RowTag)> = self.with_tags(|tags| {
            found
                .into_iter()
                .filter_map(|id| match tags.get(id) {
                    Some((q, tag)) if q == spec.queue && spec.admits_summary(&tag) => {
                        Some((id, tag))
                    }
                    _ => None,
                })
                .collect()
        });
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

impl SledStore {
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

impl SledStore {
    /// A case's ref, read without decoding the rest of the case.
    pub fn reference_of(&self, id: u64) -> Result<Option<String>> {
        match self.tree(T::Cases).get(id.to_be_bytes())? {
            Some(v) => Ok(Some(decode::<(String,)>(&v)?.0)),
            None => Ok(None),
        }
    }

    /// A case's assignee, from its tag in memory (the backlog reads it for
    /// every open case). None: no such case.
    pub fn assignee_of(&self, id: u64) -> Result<Option<Option<String>>> {
        Ok(self.tag(id).map(|(_, t)| self.assignee_name(t.assignee)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ref_is_read_from_the_head_of_a_stored_case() {
        use crate::domain::time::{at, ymd};
        use crate::domain::*;
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path(), "boss").unwrap();
        let fac = FacilityNumber::parse("F-1").unwrap();
        let c = Case {
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
        assert_eq!(store.assignee_of(99).unwrap(), None);
        let (r,): (String,) = decode(&super::super::encode(&c).unwrap()).unwrap();
        assert_eq!(r, "F-2026-1");
    }
}
