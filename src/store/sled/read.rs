//! Reads from the indexes: pages of a queue, counts, and the lookups of help desk.
//! Nothing here loads a whole queue; pages walk an index and stop.

use super::keys::{self, RowTag};
use super::{Result, SledStore, T};
use crate::domain::{Queue, State, Subject};
pub use crate::store::{PageSpec, RawCounts, RawPage, SortKey};

impl PageSpec {
    /// The index a walk in the spec's order reads (by name, else by due), and
    /// the key prefix of its cases: open cases are bucket 0, the rest bucket
    /// 1, and a state is in one of them.
    pub(super) fn index_walk(&self) -> (T, Vec<u8>) {
        let q = self.queue.code();
        let tree = match self.sort {
            SortKey::Name => T::IdxName,
            _ => T::IdxDue,
        };
        let prefix = match self.state {
            Some(s) => vec![q, keys::bucket(s)],
            None if self.include_closed => vec![q],
            None => vec![q, 0],
        };
        (tree, prefix)
    }
}

impl SledStore {
    /// The queue's counters of the sets `within` admits, or of every set
    /// together (`counts_all`): (state, due days, how many cases). A scope
    /// reads its own sets' counters only, one prefix each.
    fn counters(
        &self,
        queue: Queue,
        within: Option<&super::OrgMask>,
    ) -> Result<Vec<(State, i32, u64)>> {
        let mut out = Vec::new();
        let mut read = |t: T, prefix: Vec<u8>, at: usize| -> Result<()> {
            for kv in self.tree(t).scan_prefix(&prefix) {
                let (k, v) = kv?;
                let state = k.get(at).and_then(|b| State::from_code(*b));
                let due = k.get(at + 1..at + 5).and_then(keys::i32_from_key);
                if let (Some(state), Some(due), Some(n)) = (state, due, keys::u64_from(&v)) {
                    out.push((state, due, n));
                }
            }
            Ok(())
        };
        match within {
            None => read(T::CountsAll, vec![queue.code()], 1)?,
            Some(mask) => {
                for set in mask.numbers() {
                    let mut prefix = vec![queue.code()];
                    prefix.extend_from_slice(&set.to_be_bytes());
                    read(T::Counts, prefix, 5)?;
                }
            }
        }
        Ok(out)
    }

    /// Open cases, overdue cases and per-state counts of a queue, from the
    /// counters, of the organisation sets `within` admits (None: all).
    pub fn counts(
        &self,
        queue: Queue,
        today_days: i32,
        within: Option<&super::OrgMask>,
    ) -> Result<RawCounts> {
        let mut c = RawCounts::default();
        for (state, due, n) in self.counters(queue, within)? {
            if state.is_open() {
                c.open += n;
                if due < today_days {
                    c.overdue += n;
                }
            }
            match c.by_state.iter_mut().find(|(s, _)| *s == state) {
                Some((_, total)) => *total += n,
                None => c.by_state.push((state, n)),
            }
        }
        c.by_state.sort();
        Ok(c)
    }

    /// One page of a queue.
    pub fn page(&self, spec: &PageSpec) -> Result<RawPage> {
        if !spec.words.is_empty() {
            return self.text_page(spec);
        }
        let total = self.count_matching(spec)?;
        if spec.sort == SortKey::Received {
            return Ok(self.received_page(spec, total));
        }
        let (tree, prefix) = spec.index_walk();
        let mut ids = Vec::with_capacity(spec.limit);
        let walk_from_end =
            total > 0 && spec.offset as u64 > total / 2 && spec.offset as u64 <= total;
        let iter: Box<dyn Iterator<Item = sled::Result<sled::IVec>>> = if walk_from_end {
            Box::new(self.tree(tree).scan_prefix(&prefix).keys().rev())
        } else {
            Box::new(self.tree(tree).scan_prefix(&prefix).keys())
        };
        let matching = self.with_tags(|tags| -> Result<()> {
            let matching = iter.filter_map(|k| match k {
                Ok(k) => {
                    let id = keys::trailing_id(&k)?;
                    match tags.get(id) {
                        Some((_, tag)) if spec.admits_summary(&tag) => Some(Ok(id)),
                        _ => None,
                    }
                }
                Err(e) => Some(Err(e)),
            });
            if walk_from_end {
                // Reading the tail backwards: skip the rows after the page, then reverse.
                let end = (spec.offset + spec.limit).min(total as usize);
                let skip = total as usize - end;
                let take = end.saturating_sub(spec.offset);
                for id in matching.skip(skip).take(take) {
                    ids.push(id?);
                }
                ids.reverse();
            } else {
                for id in matching.skip(spec.offset).take(spec.limit) {
                    ids.push(id?);
                }
            }
            Ok(())
        });
        matching?;
        Ok(RawPage { ids, total })
    }

    /// A page in order of receipt, from the tags in memory: the cases the
    /// spec admits are cut to the page's end in linear time, and only that
    /// head is sorted (open cases first, then by receipt and id).
    fn received_page(&self, spec: &PageSpec, total: u64) -> RawPage {
        let mut rows = self.by_receipt(spec);
        let end = spec.offset.saturating_add(spec.limit).min(rows.len());
        if end < rows.len() && end > 0 {
            rows.select_nth_unstable_by_key(end - 1, |r| r.0);
            rows.truncate(end);
        }
        rows.sort_unstable_by_key(|r| r.0);
        RawPage {
            ids: rows
                .into_iter()
                .skip(spec.offset)
                .take(spec.limit)
                .map(|((_, _, id), _)| id)
                .collect(),
            total,
        }
    }

    /// The cases a spec admits, unordered, each with its order of receipt
    /// (closed, received, id) and its tag.
    pub(super) fn by_receipt(&self, spec: &PageSpec) -> Vec<((bool, i64, u64), RowTag)> {
        self.tags_of(spec.queue, spec.include_closed)
            .into_iter()
            .filter(|(_, t)| spec.admits_summary(t))
            .map(|(id, t)| ((!t.state.is_open(), t.received, id), t))
            .collect()
    }

    fn count_matching(&self, spec: &PageSpec) -> Result<u64> {
        let mut total = 0;
        for (state, due, n) in self.counters(spec.queue, spec.within.as_ref())? {
            let unscoped = PageSpec {
                within: None,
                words: Vec::new(),
                ..spec.clone()
            };
            if unscoped.admits_summary(&RowTag {
                state,
                due,
                received: 0,
                assignee: 0,
                orgs: 0,
                place: 0,
                kind: None,
            }) {
                total += n;
            }
        }
        Ok(total)
    }

    fn text_page(&self, spec: &PageSpec) -> Result<RawPage> {
        let rows = self.word_candidates(spec)?;
        let total = rows.len() as u64;
        Ok(RawPage {
            ids: rows
                .into_iter()
                .skip(spec.offset)
                .take(spec.limit)
                .map(|(id, _)| id)
                .collect(),
            total,
        })
    }

    /// Ids of every case about a person or facility.
    pub fn cases_of(&self, subject: &Subject) -> Result<Vec<u64>> {
        let mut out = Vec::new();
        for k in self
            .tree(T::IdxSubject)
            .scan_prefix(keys::subject_prefix(subject))
            .keys()
        {
            if let Some(id) = keys::trailing_id(&k?) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Registration numbers of people with this name and birth date.
    pub fn same_identity(&self, name: &str, birth: chrono::NaiveDate) -> Result<Vec<String>> {
        let prefix = keys::identity_prefix(name, birth);
        let mut out = Vec::new();
        for k in self.tree(T::PeopleByIdentity).scan_prefix(&prefix).keys() {
            let k = k?;
            out.push(String::from_utf8_lossy(&k[prefix.len()..]).into_owned());
        }
        Ok(out)
    }

    /// Certificate numbers of physicians registered as working at a facility.
    pub fn physicians_at(&self, facility: &str) -> Result<Vec<String>> {
        self.second_halves(T::PhysiciansByWorkplace, facility)
    }

    /// Loan ids of a borrower.
    pub fn loans_of(&self, regno: &str) -> Result<Vec<String>> {
        self.second_halves(T::LoansByPerson, regno)
    }

    fn second_halves(&self, t: T, first: &str) -> Result<Vec<String>> {
        let prefix = keys::pair_key(first, "");
        let mut out = Vec::new();
        for k in self.tree(t).scan_prefix(&prefix).keys() {
            let k = k?;
            out.push(String::from_utf8_lossy(&k[prefix.len()..]).into_owned());
        }
        Ok(out)
    }
}
