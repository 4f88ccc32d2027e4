//! What a page of a queue and its counts are, as every backend reads them:
//! the order, which cases, the ids of a page and the counters.

use super::CaseSummary;
use crate::domain::{Queue, State};
use serde::{Deserialize, Serialize};

/// The order of a queue's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Due,
    Received,
    Name,
    /// Days since received, youngest first (the desk sorts by these three itself).
    Age,
    State,
    Assignee,
}

impl SortKey {
    /// Every sort, in the order `s` cycles through them.
    pub const ALL: [SortKey; 6] = [
        SortKey::Due,
        SortKey::Received,
        SortKey::Age,
        SortKey::Name,
        SortKey::State,
        SortKey::Assignee,
    ];

    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|s| *s == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }

    /// The sort's name on the command line and in `:sort`.
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Due => "due",
            SortKey::Received => "received",
            SortKey::Name => "name",
            SortKey::Age => "age",
            SortKey::State => "state",
            SortKey::Assignee => "assignee",
        }
    }

    pub fn from_id(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == s)
    }

    /// Whether an index of the store gives this order.
    pub fn indexed(self) -> bool {
        matches!(self, SortKey::Due | SortKey::Received | SortKey::Name)
    }
}

/// Which cases of a queue to list, in what order, from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSpec {
    pub queue: Queue,
    pub include_closed: bool,
    pub state: Option<State>,
    /// Only cases due before this day (days from CE): "overdue as of today".
    pub due_before: Option<i32>,
    /// Search-normalised words that must each prefix one of the case's tokens.
    pub words: Vec<String>,
    pub sort: SortKey,
    pub offset: usize,
    pub limit: usize,
    /// The organisation sets the acting user may see (None: every case).
    #[serde(skip)]
    pub within: Option<super::OrgMask>,
}

/// The ids of one page and how many cases match in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawPage {
    pub ids: Vec<u64>,
    pub total: u64,
}

impl PageSpec {
    /// Whether the case of `summary` is one the spec selects, words aside.
    pub fn admits_summary(&self, summary: &CaseSummary) -> bool {
        self.within.as_ref().is_none_or(|m| m.admits(summary.orgs))
            && (self.include_closed || summary.state.is_open())
            && self.state.is_none_or(|s| s == summary.state)
            && self.due_before.is_none_or(|d| summary.due < d)
    }
}

/// Open and overdue cases of a queue, and how many are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawCounts {
    pub open: u64,
    pub overdue: u64,
    pub by_state: Vec<(State, u64)>,
}
