//! The summary of a case that filters, counts and orders read instead of the
//! case: what every backend keeps of each case beside it.

use crate::domain::filter::CaseKind;
use crate::domain::{Case, CaseBody, State};
use chrono::NaiveDate;

/// A case as filters, counts and orders see it without reading it: its
/// state, due and received days, and numbers standing for its assignee, its
/// organisations and its place (the backend names them:
/// [`super::Store::assignee_name`], [`super::OrgMask`],
/// [`super::Store::place_facility`]).
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
    /// The number of the case's [`Place`] in the store's list of places
    /// (0: none): what `area:`, `pref:` and `priority` look at.
    pub place: u32,
    /// The case's kind (a withdrawal's, a transfer's, a completion
    /// application): what `kind:` looks at.
    pub kind: Option<CaseKind>,
}

impl CaseSummary {
    /// The summary of `case`, its assignee, organisations and place numbered.
    pub fn of(case: &Case, assignee: u32, orgs: u32, place: u32) -> CaseSummary {
        CaseSummary {
            state: case.state,
            due: due_days(case.due),
            received: case.received_at.timestamp(),
            assignee,
            orgs,
            place,
            kind: CaseKind::of(case),
        }
    }
}

/// Where a case is, for the filter terms about a facility (`area:`,
/// `pref:`, `priority`): the facility a report is about or a transfer names,
/// or a loan follow-up's loan, whose borrower's latest workplace is the
/// facility (it changes with the loan, not with the case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    Facility(String),
    Loan(String),
}

impl Place {
    /// The place of `case`, if it has one.
    pub fn of(case: &Case) -> Option<Place> {
        match &case.body {
            CaseBody::LoanFollowup(f) => Some(Place::Loan(f.loan_id.clone())),
            _ => crate::domain::filter::facility_number(case).map(|n| Place::Facility(n.into())),
        }
    }

    /// The place as stored: `F` and a facility number, or `L` and a loan id.
    pub fn key(&self) -> String {
        match self {
            Place::Facility(n) => format!("F{n}"),
            Place::Loan(id) => format!("L{id}"),
        }
    }

    /// The place a [`Place::key`] names.
    pub fn from_key(key: &str) -> Option<Place> {
        if let Some(n) = key.strip_prefix('F') {
            return Some(Place::Facility(n.to_string()));
        }
        key.strip_prefix('L').map(|id| Place::Loan(id.to_string()))
    }

    /// [`Place::key`] as bytes.
    pub fn encode(&self) -> Vec<u8> {
        self.key().into_bytes()
    }

    pub fn decode(b: &[u8]) -> Option<Place> {
        Place::from_key(std::str::from_utf8(b).ok()?)
    }

    /// The facility number of the place given a loan's latest workplace
    /// (`loan` reads the loan a place names): what a filter's facility terms
    /// look at.
    pub fn facility(
        self,
        loan: impl FnOnce(&str) -> super::Result<Option<crate::domain::Loan>>,
    ) -> super::Result<Option<String>> {
        match self {
            Place::Facility(n) => Ok(Some(n)),
            Place::Loan(id) => Ok(loan(&id)?.and_then(|l| {
                crate::domain::loan::current_workplace(&l, NaiveDate::MAX)
                    .map(|f| f.as_str().to_string())
            })),
        }
    }
}

impl CaseSummary {
    /// Whole days from the JST day the case was received to `today`, never
    /// negative: the difference of the two day numbers, without building a date.
    pub fn age_days(&self, today: NaiveDate) -> i64 {
        use chrono::Datelike;
        /// Days from 0001-01-01 to 1970-01-01.
        const EPOCH: i64 = 719_163;
        const JST: i64 = 9 * 3600;
        let received = (self.received + JST).div_euclid(86_400);
        (i64::from(today.num_days_from_ce()) - EPOCH - received).max(0)
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
