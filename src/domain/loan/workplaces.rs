//! Which workplaces count toward exemption (返還免除条件となる医療機関).

use crate::domain::ids::FacilityNumber;
use crate::domain::model::{Facility, Loan, LoanEventKind};
use std::collections::BTreeSet;

/// The facilities a loan's service was at that are not designated. Every
/// other facility, and an employment without a facility number, counts as
/// designated (a facility file without `designated` means designated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workplaces {
    not_designated: BTreeSet<FacilityNumber>,
}

impl Workplaces {
    /// Every workplace designated: what a ledger means without facility data.
    pub const ALL: Workplaces = Workplaces {
        not_designated: BTreeSet::new(),
    };

    /// Every workplace designated (as [`Workplaces::ALL`]).
    pub fn all_designated() -> Self {
        Self::default()
    }

    /// From the facility records the caller found for a loan's workplaces.
    pub fn from_facilities<'a>(facilities: impl IntoIterator<Item = &'a Facility>) -> Self {
        Workplaces {
            not_designated: facilities
                .into_iter()
                .filter(|f| !f.designated)
                .map(|f| f.facility_number.clone())
                .collect(),
        }
    }

    /// Whether service at this facility counts.
    pub fn is_designated(&self, facility: Option<&FacilityNumber>) -> bool {
        facility.is_none_or(|f| !self.not_designated.contains(f))
    }
}

/// The facility numbers a loan's employment events name, for the caller to
/// look up (each once, in order).
pub fn workplace_numbers(loan: &Loan) -> Vec<&FacilityNumber> {
    let mut seen = BTreeSet::new();
    loan.events
        .iter()
        .filter(|e| e.event == LoanEventKind::EmploymentStart)
        .filter_map(|e| e.facility_number.as_ref())
        .filter(|f| seen.insert(*f))
        .collect()
}

/// The borrower's workplace as of `today`: the facility of the latest
/// employment start that names one.
pub fn current_workplace(loan: &Loan, today: chrono::NaiveDate) -> Option<&FacilityNumber> {
    loan.events
        .iter()
        .filter(|e| e.event == LoanEventKind::EmploymentStart && e.date <= today)
        .filter(|e| e.facility_number.is_some())
        .max_by_key(|e| e.date)
        .and_then(|e| e.facility_number.as_ref())
}
