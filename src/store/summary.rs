//! The summary of a case that filters, counts and orders read instead of the
//! case: what every backend keeps of each case beside it.

use crate::domain::{Case, State};
use chrono::NaiveDate;

/// A case as filters, counts and orders see it without reading it: its
/// state, due and received days, and numbers standing for its assignee and
/// its organisations (the backend names them: [`super::Store::assignee_name`],
/// [`super::OrgMask`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSummary {
    pub state: State,
    /// The due date as [`due_days`] counts it.
    pub due: i32,
    /// When the case was received, in seconds since the epoch.
    pub received: i64,
    /// The assignee's number in the store's list of assignees (0: nobody).
    pub assignee: u32,
    /// The number of the case's organisations in the store's list of
    /// organisation sets (0: the default organisation alone).
    pub orgs: u32,
}

impl CaseSummary {
    /// The summary of `case`, its assignee and organisations numbered.
    pub fn of(case: &Case, assignee: u32, orgs: u32) -> CaseSummary {
        CaseSummary {
            state: case.state,
            due: due_days(case.due),
            received: case.received_at.timestamp(),
            assignee,
            orgs,
        }
    }
}

/// Days since 0001-01-01 of a due date, or `i32::MAX` for none.
pub fn due_days(due: Option<NaiveDate>) -> i32 {
    use chrono::Datelike;
    due.map(|d| d.num_days_from_ce()).unwrap_or(i32::MAX)
}

/// The inverse of `due_days`.
pub fn due_from_days(days: i32) -> Option<NaiveDate> {
    if days == i32::MAX {
        None
    } else {
        NaiveDate::from_num_days_from_ce_opt(days)
    }
}

/// Which organisation sets a scope admits, by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgMask {
    admits: Vec<bool>,
}

impl OrgMask {
    /// The mask admitting the sets numbered where `admits` is true.
    pub(crate) fn from_admits(admits: Vec<bool>) -> OrgMask {
        OrgMask { admits }
    }

    pub fn admits(&self, set: u32) -> bool {
        self.admits.get(set as usize).copied().unwrap_or(false)
    }

    /// The numbers of the sets it admits.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.admits
            .iter()
            .enumerate()
            .filter(|(_, a)| **a)
            .map(|(n, _)| n as u32)
    }

    /// The numbers of the sets it does not admit.
    pub fn others(&self) -> impl Iterator<Item = u32> + '_ {
        self.admits
            .iter()
            .enumerate()
            .filter(|(_, a)| !**a)
            .map(|(n, _)| n as u32)
    }

    /// How many sets it admits (none: the scope sees no case).
    pub fn len(&self) -> usize {
        self.admits.iter().filter(|a| **a).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
