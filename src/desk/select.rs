//! The filter language on the desk: a page, a selection for export and the
//! backlog, and the keys of every match (for marking). Free words go to the
//! store's token index and tag terms (state, due, age) are checked on index
//! entries; only the rest (assignee, flag, facility, kind, negated words) load
//! the case.

use super::query::{Page, PageQuery};
use super::{CaseKey, Desk, Result};
use crate::domain::filter::{Facts, Filter, Test};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, Facility, Queue, filter};
use crate::store::{CaseSummary, due_days};
use crate::store::{PageSpec, SortKey};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A case the filter selected: its id, its index tag, and the case when it
/// had to be read.
pub(crate) struct Selected {
    pub id: u64,
    pub tag: CaseSummary,
    /// Boxed: a selection can hold a million of these, most without a case.
    pub case: Option<Box<Case>>,
    /// The assignee, when it was read (the assignee sort reads it alone).
    pub assignee: Option<String>,
}

/// The facilities of the places met during one selection, each read once.
#[derive(Default)]
struct Facilities {
    by_place: HashMap<u32, Option<Facility>>,
    by_number: HashMap<String, Option<Facility>>,
}

/// What a selection is of.
pub(crate) struct Selection<'a> {
    pub queue: Queue,
    pub filter: &'a Filter,
    pub include_closed: bool,
    pub sort: SortKey,
    pub reverse: bool,
    pub today: NaiveDate,
    pub me: &'a str,
    /// The organisation sets the acting user sees (None: every case).
    pub within: Option<&'a crate::store::OrgMask>,
    /// Stop after this many (when the order is the index's, so the first N are known early).
    pub limit: Option<usize>,
    /// The caller does not need the order (the backlog counts).
    pub unordered: bool,
}

impl<'a> Selection<'a> {
    /// What a page query selects with its filter `filter`, in its order, at
    /// most `limit`.
    fn of_page(
        q: &PageQuery,
        filter: &'a Filter,
        today: NaiveDate,
        me: &'a str,
        within: Option<&'a crate::store::OrgMask>,
        limit: Option<usize>,
    ) -> Selection<'a> {
        Selection {
            queue: q.queue,
            filter,
            include_closed: q.include_closed,
            sort: q.sort,
            reverse: q.reverse,
            today,
            me,
            within,
            limit,
            unordered: false,
        }
    }
}

/// Parses a query, refusing a term the language does not know.
pub fn parse_filter(text: &str) -> Result<Filter> {
    Ok(Filter::parse(text).map_err(Refusal::from)?)
}

/// Whether the case's tag alone decides the test (the facility terms
/// through the tag's place, `kind:` by the tag's kind).
fn decided_by_tag(test: &Test) -> bool {
    matches!(
        test,
        Test::State(_)
            | Test::Assignee(_)
            | Test::Overdue
            | Test::DueBefore(_)
            | Test::DueAfter(_)
            | Test::AgeOver(_)
            | Test::AgeUnder(_)
            | Test::Area(_)
            | Test::Pref(_)
            | Test::Priority
            | Test::Kind(_)
    )
}

/// What the tag's numbers stand for, as far as a test needs them: `who`
/// is the tag's assignee by name, `me` the acting user, `facility` the
/// facility of the tag's place.
struct OnTag<'a> {
    today: NaiveDate,
    who: Option<&'a str>,
    me: &'a str,
    facility: Option<&'a Facility>,
}

/// The test decided from the case's tag alone, if it can be.
fn on_tag(test: &Test, tag: &CaseSummary, known: &OnTag) -> Option<bool> {
    let today = known.today;
    let days = |d: NaiveDate| due_days(Some(d));
    let has_due = tag.due != i32::MAX;
    Some(match test {
        Test::State(s) => tag.state == *s,
        Test::Assignee(w) => w.matches(known.who, known.me),
        Test::Overdue => tag.state.is_open() && has_due && tag.due < days(today),
        Test::DueBefore(b) => has_due && tag.due < days(b.date(today)),
        Test::DueAfter(b) => has_due && tag.due > days(b.date(today)),
        Test::AgeOver(n) => tag.age_days(today) > *n,
        Test::AgeUnder(n) => tag.age_days(today) < *n,
        Test::Kind(k) => tag.kind == Some(*k),
        Test::Area(_) | Test::Pref(_) | Test::Priority => {
            test.holds_for_facility(known.facility)?
        }
        _ => return None,
    })
}

impl Desk {
    /// The page spec that narrows a filter by the indexes: its words, one state,
    /// and the earliest due bound.
    fn narrowing(&self, sel: &Selection) -> PageSpec {
        let mut state = None;
        let mut due_before: Option<i32> = None;
        for t in sel.filter.terms.iter().filter(|t| !t.negated) {
            let bound = match &t.test {
                Test::State(s) if state.is_none() => {
                    state = Some(*s);
                    None
                }
                Test::Overdue if !sel.include_closed => Some(due_days(Some(sel.today))),
                Test::DueBefore(b) => Some(due_days(Some(b.date(sel.today)))),
                _ => None,
            };
            if let Some(b) = bound {
                due_before = Some(due_before.map_or(b, |d: i32| d.min(b)));
            }
        }
        PageSpec {
            queue: sel.queue,
            include_closed: sel.include_closed,
            state,
            due_before,
            words: sel.filter.words(),
            sort: sel.sort,
            offset: 0,
            limit: usize::MAX,
            within: sel.within.cloned(),
        }
    }

    /// Every case of the queue the filter selects, in the selection's order.
    /// Cases are read only where a term or the order needs them.
    pub(crate) fn select(&self, sel: &Selection) -> Result<Vec<Selected>> {
        let spec = self.narrowing(sel);
        let case_terms: Vec<&filter::Term> = sel
            .filter
            .terms
            .iter()
            .filter(|t| !decided_by_tag(&t.test) && (t.negated || !matches!(t.test, Test::Word(_))))
            .collect();
        let needs_case = !case_terms.is_empty();
        let needs_assignee = sel.sort == SortKey::Assignee;
        let mut facilities = Facilities::default();
        let mut out = Vec::new();
        let early_stop = sel.limit.filter(|_| sel.sort.indexed() && !sel.reverse);
        let names_assignee = needs_assignee
            || sel
                .filter
                .terms
                .iter()
                .any(|t| matches!(t.test, Test::Assignee(_)));
        let needs_facility = sel.filter.needs_facility();
        // The assignees' names by number, each asked for once.
        let mut names: HashMap<u32, Option<String>> = HashMap::new();
        let mut visit = |id: u64, tag: CaseSummary| -> crate::store::Result<bool> {
            if early_stop.is_some_and(|n| out.len() >= n) {
                return Ok(false);
            }
            let who = match names_assignee {
                true => names
                    .entry(tag.assignee)
                    .or_insert_with(|| self.store.assignee_name(tag.assignee))
                    .as_deref(),
                false => None,
            };
            let facility = match needs_facility {
                true => self.facility_at(tag.place, &mut facilities)?,
                false => None,
            };
            let known = OnTag {
                today: sel.today,
                who,
                me: sel.me,
                facility,
            };
            let tag_ok = sel
                .filter
                .terms
                .iter()
                .all(|t| on_tag(&t.test, &tag, &known).is_none_or(|held| held != t.negated));
            if !tag_ok {
                return Ok(true);
            }
            if !needs_case {
                out.push(Selected {
                    id,
                    tag,
                    case: None,
                    assignee: who.map(str::to_string),
                });
                return Ok(true);
            }
            let Some(case) = self.store.case(id)? else {
                return Ok(true);
            };
            let held = self
                .case_holds(&case, &case_terms, sel)
                .map_err(|e| match e {
                    super::DeskError::Store(s) => s,
                    other => crate::store::StoreError::Codec(crate::store::Codec::Failed {
                        detail: other.to_string(),
                    }),
                })?;
            if held {
                out.push(Selected {
                    id,
                    tag,
                    assignee: case.assignee.clone(),
                    case: Some(Box::new(case)),
                });
            }
            Ok(true)
        };
        // Every case is visited (no first N to stop at) in the due order, or
        // in none: the tags in memory, then the matches sorted as the due
        // index would give them, instead of a walk of the whole index.
        let from_memory = spec.words.is_empty()
            && (sel.unordered || (early_stop.is_none() && walks_due(sel.sort)));
        if from_memory {
            for (id, tag) in self.store.summaries(sel.queue, sel.include_closed) {
                if spec.admits_summary(&tag) && !visit(id, tag)? {
                    break;
                }
            }
            if !sel.unordered {
                out.sort_unstable_by_key(|s| (!s.tag.state.is_open(), s.tag.due, s.id));
            }
        } else {
            self.store.each_candidate(&spec, &mut visit)?;
        }
        order(&mut out, sel.sort, sel.reverse);
        Ok(out)
    }

    /// Whether `case` passes `terms`, none of which its tag decides.
    fn case_holds(&self, case: &Case, terms: &[&filter::Term], sel: &Selection) -> Result<bool> {
        let flags = if sel.filter.needs_flags() {
            self.row(case, sel.today)?.flags
        } else {
            Vec::new()
        };
        let tokens = if sel.filter.needs_tokens() {
            crate::store::tokens(case)
        } else {
            Vec::new()
        };
        let facts = Facts {
            case,
            today: sel.today,
            me: sel.me,
            // The facility terms are decided on the tag (`on_tag`).
            facility: None,
            flags: &flags,
            tokens: &tokens,
        };
        Ok(terms.iter().all(|t| t.holds(&facts)))
    }

    /// The facility `area:`, `pref:` and `priority` look at, of the place a
    /// tag numbers: the one a report is about or a transfer names, and for a
    /// loan follow-up the borrower's latest workplace (as `export cases`
    /// gives its area); each place and facility read once a selection.
    fn facility_at<'f>(
        &self,
        place: u32,
        seen: &'f mut Facilities,
    ) -> crate::store::Result<Option<&'f Facility>> {
        if !seen.by_place.contains_key(&place) {
            let facility = match self.store.place_facility(place)? {
                Some(n) => match seen.by_number.get(&n) {
                    Some(f) => f.clone(),
                    None => {
                        let f = self.store.facility(&n)?;
                        seen.by_number.insert(n, f.clone());
                        f
                    }
                },
                None => None,
            };
            seen.by_place.insert(place, facility);
        }
        Ok(seen.by_place.get(&place).and_then(Option::as_ref))
    }

    /// One page of a queue for the acting user `me`, of every case: the
    /// query's text is the filter language.
    pub fn page_as(&self, q: &PageQuery, today: NaiveDate, me: &str) -> Result<Page> {
        self.page_in(q, today, me, None)
    }

    /// One page of a queue for `actor`: only the cases their organisations hold.
    pub fn page_for(&self, q: &PageQuery, today: NaiveDate, actor: &super::Actor) -> Result<Page> {
        let scope = self.scope(actor);
        self.page_in(q, today, &actor.name, scope.mask.as_ref())
    }

    pub(crate) fn page_in(
        &self,
        q: &PageQuery,
        today: NaiveDate,
        me: &str,
        within: Option<&crate::store::OrgMask>,
    ) -> Result<Page> {
        let filter = parse_filter(&q.text)?;
        let indexed = q.sort.indexed()
            && !q.reverse
            && filter.terms.iter().all(|t| {
                !t.negated
                    && match t.test {
                        Test::Word(_) => true,
                        Test::Overdue => !q.include_closed,
                        _ => false,
                    }
            });
        if indexed {
            let mut spec = self.narrowing(&Selection::of_page(q, &filter, today, me, within, None));
            spec.state = q.state;
            if q.overdue_only {
                spec.due_before = Some(due_days(Some(today)));
            }
            spec.offset = q.offset;
            spec.limit = q.limit;
            return self.indexed_page(&spec, q.offset, today);
        }
        let filter = with_toggles(filter, q);
        let selected = self.select(&Selection::of_page(q, &filter, today, me, within, None))?;
        let total = selected.len() as u64;
        let mut rows = Vec::with_capacity(q.limit.min(selected.len()));
        for s in selected.into_iter().skip(q.offset).take(q.limit) {
            let case = match s.case {
                Some(c) => Some(*c),
                None => self.store.case(s.id)?,
            };
            if let Some(c) = case {
                rows.push(self.row(&c, today)?);
            }
        }
        Ok(Page {
            rows,
            total,
            offset: q.offset,
        })
    }

    /// The keys of every case the page query selects, in its order, at most `max`.
    pub fn match_keys(
        &self,
        q: &PageQuery,
        today: NaiveDate,
        me: &str,
        max: usize,
    ) -> Result<Vec<CaseKey>> {
        self.match_keys_in(q, today, me, None, max)
    }

    /// [`Desk::match_keys`] of the cases `within` admits.
    pub(crate) fn match_keys_in(
        &self,
        q: &PageQuery,
        today: NaiveDate,
        me: &str,
        within: Option<&crate::store::OrgMask>,
        max: usize,
    ) -> Result<Vec<CaseKey>> {
        let filter = with_toggles(parse_filter(&q.text)?, q);
        let selected = self.select(&Selection::of_page(
            q,
            &filter,
            today,
            me,
            within,
            Some(max),
        ))?;
        let mut keys = Vec::with_capacity(selected.len().min(max));
        for s in selected.into_iter().take(max) {
            let reference = match s.case {
                Some(c) => Some(c.reference),
                None => self.store.reference_of(s.id)?,
            };
            if let Some(r) = reference {
                keys.push(CaseKey::new(q.queue, r));
            }
        }
        Ok(keys)
    }
}

/// Whether the store hands a sort's candidates in the due order (by the due
/// index: open cases first, by due date, then id), which `order` refines.
fn walks_due(sort: SortKey) -> bool {
    matches!(sort, SortKey::Due | SortKey::State | SortKey::Assignee)
}

/// Puts a selection in the sort's order, open cases first, reversed if asked.
fn order(rows: &mut [Selected], sort: SortKey, reverse: bool) {
    let open_last = |s: &Selected| s.tag.state.is_open() as u8 ^ 1;
    match sort {
        SortKey::Age => rows.sort_by_key(|s| (open_last(s), std::cmp::Reverse(s.tag.received))),
        SortKey::State => rows.sort_by_key(|s| (open_last(s), s.tag.state)),
        SortKey::Assignee => {
            rows.sort_by(|a, b| (open_last(a), &a.assignee).cmp(&(open_last(b), &b.assignee)))
        }
        SortKey::Due | SortKey::Received | SortKey::Name => {}
    }
    if reverse {
        rows.reverse();
        rows.sort_by_key(open_last);
    }
}

/// The filter with the page query's own toggles (a state, overdue only) as terms.
fn with_toggles(mut filter: Filter, q: &PageQuery) -> Filter {
    let term = |test| filter::Term {
        negated: false,
        test,
    };
    if let Some(s) = q.state {
        filter.terms.push(term(Test::State(s)));
    }
    if q.overdue_only {
        filter.terms.push(term(Test::Overdue));
    }
    filter
}
