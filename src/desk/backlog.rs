//! The backlog overview: per queue open, overdue, due within 7 days, ages and
//! per-assignee figures (open cases only), and twelve ISO weeks of arrivals
//! against decisions that closed a case.

use super::select::{Selected, Selection, parse_filter};
use super::{Actor, Desk, Result};
use crate::domain::time::{add_days, jst, jst_date, start_of_day};
use crate::domain::{Permission, Queue, State};
use crate::store::SortKey;
use crate::store::{CaseSummary, due_days};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Weeks the overview looks back, this one included.
pub const BACKLOG_WEEKS: usize = 12;

/// Open cases by days since received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBuckets {
    #[serde(rename = "0-7")]
    pub d0_7: u64,
    #[serde(rename = "8-30")]
    pub d8_30: u64,
    #[serde(rename = "31-90")]
    pub d31_90: u64,
    #[serde(rename = "90+")]
    pub d90_plus: u64,
}

impl AgeBuckets {
    fn add(&mut self, age: i64) {
        match age {
            ..=7 => self.d0_7 += 1,
            8..=30 => self.d8_30 += 1,
            31..=90 => self.d31_90 += 1,
            _ => self.d90_plus += 1,
        }
    }

    /// The four buckets with their labels, youngest first.
    pub fn labelled(&self) -> [(&'static str, u64); 4] {
        [
            ("0-7", self.d0_7),
            ("8-30", self.d8_30),
            ("31-90", self.d31_90),
            ("90+", self.d90_plus),
        ]
    }
}

/// One assignee's open cases in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneeLoad {
    /// None: unassigned.
    pub assignee: Option<String>,
    pub open: u64,
    pub overdue: u64,
    pub oldest_days: i64,
}

/// One queue's backlog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueBacklog {
    pub queue: Queue,
    pub open: u64,
    pub overdue: u64,
    pub due_7d: u64,
    pub age: AgeBuckets,
    /// Unassigned first, then by open cases (most first) and name.
    pub assignees: Vec<AssigneeLoad>,
}

impl QueueBacklog {
    /// The queue's row of the overview, as `i18n::labels::backlog_columns`
    /// heads it: open, overdue, due within 7 days, then the four ages.
    pub fn columns(&self) -> [u64; 7] {
        let a = &self.age;
        let (open, overdue, due) = (self.open, self.overdue, self.due_7d);
        [open, overdue, due, a.d0_7, a.d8_30, a.d31_90, a.d90_plus]
    }
}

/// Arrivals and closing decisions of one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFlow {
    /// `YYYY-Www`.
    pub week: String,
    pub arrived: u64,
    pub decided: u64,
}

/// The whole overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backlog {
    pub as_of: NaiveDate,
    pub queues: Vec<QueueBacklog>,
    /// Oldest week first.
    pub weeks: Vec<WeekFlow>,
    /// Open enquiries of the enquiry log (all of them: a case filter does
    /// not select enquiries).
    #[serde(default)]
    pub enquiries: super::EnquiryBacklog,
}

/// The ISO week of a date, as `YYYY-Www`.
pub fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn received_date(tag: &CaseSummary) -> NaiveDate {
    chrono::DateTime::from_timestamp(tag.received, 0)
        .map(|t| t.with_timezone(&jst()).date_naive())
        .unwrap_or_default()
}

impl Desk {
    /// The backlog overview as of `today`, of the cases `filter` selects (all
    /// when it is empty).
    pub fn backlog(
        &self,
        actor: &Actor,
        filter: Option<&str>,
        today: NaiveDate,
    ) -> Result<Backlog> {
        self.require(actor, Permission::Read)?;
        let filter = parse_filter(filter.unwrap_or(""))?;
        let scope = self.scope(actor);
        let within = scope.mask.as_ref();
        let seen = |tag: &CaseSummary| within.is_none_or(|m| m.admits(tag.orgs));
        let monday = add_days(today, -i64::from(today.weekday().num_days_from_monday()));
        let first_week = add_days(monday, -7 * (BACKLOG_WEEKS as i64 - 1));
        let mut weeks: Vec<WeekFlow> = (0..BACKLOG_WEEKS)
            .map(|i| WeekFlow {
                week: iso_week(add_days(first_week, 7 * i as i64)),
                arrived: 0,
                decided: 0,
            })
            .collect();
        let week_of = |d: NaiveDate| -> Option<usize> {
            let i = (d - first_week).num_days().div_euclid(7);
            (0..BACKLOG_WEEKS as i64).contains(&i).then_some(i as usize)
        };
        let today_days = due_days(Some(today));
        let soon_days = due_days(Some(add_days(today, 7)));
        let mut queues = Vec::new();
        // With a filter, decisions count only on the cases it selects.
        let mut chosen = IdSet::default();
        for queue in Queue::ALL {
            // Each open case as (tag, the number of its assignee in `names`):
            // unfiltered, from the tags in memory; filtered, from the cases
            // the filter selects, closed ones too (for the arrivals).
            let selected = match filter.is_empty() {
                true => None,
                false => Some(self.select(&Selection {
                    queue,
                    filter: &filter,
                    include_closed: true,
                    sort: SortKey::Due,
                    reverse: false,
                    today,
                    me: &actor.name,
                    within,
                    limit: None,
                    unordered: true,
                })?),
            };
            let mut names: Vec<Option<String>> = Vec::new();
            let mut local: HashMap<u32, usize> = HashMap::new();
            let mut number = |tag: &CaseSummary| {
                *local.entry(tag.assignee).or_insert_with(|| {
                    names.push(self.store.assignee_name(tag.assignee));
                    names.len() - 1
                })
            };
            let open: Vec<(CaseSummary, usize)> = match &selected {
                None => self
                    .store
                    .summaries(queue, false)
                    .into_iter()
                    .filter(|(_, tag)| seen(tag))
                    .map(|(_, tag)| (tag, number(&tag)))
                    .collect(),
                Some(all) => all
                    .iter()
                    .filter(|s| s.tag.state.is_open())
                    .map(|s| (s.tag, number(&s.tag)))
                    .collect(),
            };
            let mut b = QueueBacklog {
                queue,
                open: 0,
                overdue: 0,
                due_7d: 0,
                age: AgeBuckets::default(),
                assignees: Vec::new(),
            };
            let mut per: Vec<AssigneeLoad> = names
                .iter()
                .map(|who| AssigneeLoad {
                    assignee: who.clone(),
                    open: 0,
                    overdue: 0,
                    oldest_days: 0,
                })
                .collect();
            for (tag, n) in &open {
                let overdue = tag.due < today_days;
                let age = tag.age_days(today);
                b.open += 1;
                b.overdue += overdue as u64;
                b.due_7d += (!overdue && tag.due <= soon_days) as u64;
                b.age.add(age);
                if let Some(load) = per.get_mut(*n) {
                    load.open += 1;
                    load.overdue += overdue as u64;
                    load.oldest_days = load.oldest_days.max(age);
                }
            }
            per.retain(|l| l.open > 0);
            let mut assignees: Vec<AssigneeLoad> = per;
            assignees.sort_by(|a, b| {
                (a.assignee.is_some(), std::cmp::Reverse(a.open), &a.assignee).cmp(&(
                    b.assignee.is_some(),
                    std::cmp::Reverse(b.open),
                    &b.assignee,
                ))
            });
            b.assignees = assignees;
            queues.push(b);
            self.arrivals(
                queue,
                selected.as_deref(),
                first_week,
                within,
                &mut chosen,
                |d| {
                    if let Some(i) = week_of(d) {
                        weeks[i].arrived += 1;
                    }
                },
            )?;
        }
        // Newest first: an undo that reopened a case cancels the closing
        // decision before it on that case, which is then not processed.
        let mut undone: HashMap<String, u64> = HashMap::new();
        for rec in self.store.audit_since(start_of_day(first_week))? {
            if !matches!(
                rec.action.as_str(),
                "approve" | "return" | "certification_return" | "undo"
            ) {
                continue;
            }
            if !filter.is_empty() || within.is_some() {
                let id = match rec.target.split_once('/') {
                    Some((q, r)) => match Queue::from_id(q) {
                        Some(q) => self.store.case_id(q, r)?,
                        None => None,
                    },
                    None => None,
                };
                let picked = match filter.is_empty() {
                    false => id.is_some_and(|id| chosen.contains(id)),
                    true => id
                        .and_then(|id| self.store.summary(id))
                        .is_some_and(|(_, tag)| seen(&tag)),
                };
                if !picked {
                    continue;
                }
            }
            let state = |s: &Option<String>| {
                s.as_deref()
                    .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                    .and_then(|v| v.get("state")?.as_str().and_then(State::from_id))
            };
            let closed = state(&rec.after).is_some_and(|s| !s.is_open())
                && state(&rec.before).is_none_or(|s| s.is_open());
            if rec.action == "undo" {
                let reopened = state(&rec.before).is_some_and(|s| !s.is_open())
                    && state(&rec.after).is_some_and(|s| s.is_open());
                if reopened {
                    *undone.entry(rec.target).or_default() += 1;
                }
                continue;
            }
            if let Some(n) = undone.get_mut(&rec.target).filter(|n| closed && **n > 0) {
                *n -= 1;
                continue;
            }
            if let (true, Some(i)) = (closed, week_of(jst_date(&rec.at))) {
                weeks[i].decided += 1;
            }
        }
        Ok(Backlog {
            as_of: today,
            queues,
            weeks,
            enquiries: self.enquiry_backlog(today)?,
        })
    }

    /// Calls `arrived` with the receipt date of every case of the queue received
    /// since `first_week`: unfiltered, of every case `within` admits; with a
    /// filter, of those it `selected` (open or not), each noted in `chosen`.
    fn arrivals(
        &self,
        queue: Queue,
        selected: Option<&[Selected]>,
        first_week: NaiveDate,
        within: Option<&crate::store::OrgMask>,
        chosen: &mut IdSet,
        mut arrived: impl FnMut(NaiveDate),
    ) -> Result<()> {
        let Some(all) = selected else {
            let since = start_of_day(first_week).timestamp();
            for (_, tag) in self.store.summaries(queue, true) {
                if tag.received >= since && within.is_none_or(|m| m.admits(tag.orgs)) {
                    arrived(received_date(&tag));
                }
            }
            return Ok(());
        };
        for s in all {
            let d = received_date(&s.tag);
            chosen.insert(s.id);
            if d >= first_week {
                arrived(d);
            }
        }
        Ok(())
    }
}

/// A set of case ids, one bit an id (ids are dense: a million cases, 125 KB).
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    fn insert(&mut self, id: u64) {
        let (word, bit) = ((id / 64) as usize, id % 64);
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << bit;
    }

    fn contains(&self, id: u64) -> bool {
        self.bits
            .get((id / 64) as usize)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};

    #[test]
    fn age_in_days_counts_jst_days_as_the_dates_do() {
        let today = ymd(2026, 11, 21);
        // 23:59 and 00:00 JST are a day apart though a minute apart; 09:00 UTC
        // is 18:00 JST of the same day.
        for (received, days) in [
            (at(ymd(2026, 11, 20), 23, 59), 1),
            (at(ymd(2026, 11, 21), 0, 0), 0),
            (at(ymd(2026, 10, 22), 9, 0), 30),
            (at(ymd(2025, 11, 21), 12, 0), 365),
            (at(ymd(2026, 11, 25), 8, 0), 0),
        ] {
            let t = received.timestamp();
            let tag = CaseSummary {
                state: State::ALL[0],
                due: 0,
                received: t,
                assignee: 0,
                orgs: 0,
                place: 0,
                kind: None,
            };
            assert_eq!(tag.age_days(today), days, "{received}");
            assert_eq!(
                tag.age_days(today),
                (today - received_date(&tag)).num_days().max(0)
            );
        }
    }

    #[test]
    fn an_id_set_holds_what_was_put_in_and_nothing_else() {
        let mut set = IdSet::default();
        for id in [0, 63, 64, 1_000_003] {
            set.insert(id);
        }
        for id in [0, 63, 64, 1_000_003] {
            assert!(set.contains(id), "{id}");
        }
        for id in [1, 62, 65, 1_000_002, 1_000_004, u64::MAX] {
            assert!(!set.contains(id), "{id}");
        }
    }
}
