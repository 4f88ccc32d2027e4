//! Loans and their events as the loan rules' tests make them.

use crate::domain::FacilityNumber;
use crate::domain::ids::RegistrationNumber;
use crate::domain::model::{Disbursement, Loan, LoanEvent, LoanEventKind};
use crate::domain::time::{fiscal_year, ymd};
use chrono::NaiveDate;

/// A loan of one approved year per disbursement, first year from the first one.
pub fn loan(disbursements: &[(NaiveDate, i64)]) -> Loan {
    Loan {
        loan_id: "L-001".into(),
        registration_number: RegistrationNumber::parse("123456").unwrap(),
        first_fiscal_year: disbursements.first().map_or(2024, |(d, _)| fiscal_year(*d)),
        years_approved: disbursements.len().max(1) as u8,
        annual_amount: 3_300_000,
        disbursements: disbursements
            .iter()
            .map(|(date, amount)| Disbursement {
                date: *date,
                amount: *amount,
            })
            .collect(),
        events: Vec::new(),
        prior_obligations: Vec::new(),
    }
}

/// As [`loan`], with events of only a kind and a date, in order.
pub fn loan_with(
    disbursements: &[(NaiveDate, i64)],
    events: &[(LoanEventKind, NaiveDate)],
) -> Loan {
    let mut l = loan(disbursements);
    l.events = events.iter().map(|(k, d)| LoanEvent::new(*k, *d)).collect();
    l
}

/// One year disbursed (2024-04-30), training completed 2025-03-31 and work
/// from 2025-04-01.
pub fn completed_and_working() -> Loan {
    loan_with(
        &[(ymd(2024, 4, 30), 3_300_000)],
        &[
            (LoanEventKind::Completion, ymd(2025, 3, 31)),
            (LoanEventKind::EmploymentStart, ymd(2025, 4, 1)),
        ],
    )
}

/// An annual status report sent on `date` counting `working_days`.
pub fn status_report(date: NaiveDate, working_days: u32) -> LoanEvent {
    LoanEvent {
        working_days: Some(working_days),
        ..LoanEvent::new(LoanEventKind::StatusReport, date)
    }
}

/// Work that starts on `date`.
pub fn employment_start(date: NaiveDate) -> LoanEvent {
    LoanEvent::new(LoanEventKind::EmploymentStart, date)
}

/// Work at facility `at` that starts on `date`.
pub fn employment_at(date: NaiveDate, at: &FacilityNumber) -> LoanEvent {
    LoanEvent {
        facility_number: Some(at.clone()),
        ..employment_start(date)
    }
}

/// The continuation (継続届) submitted on `date`.
pub fn continuation(date: NaiveDate) -> LoanEvent {
    LoanEvent::new(LoanEventKind::ContinuationSubmitted, date)
}

/// Leave from `start` to `end`.
pub fn leave(start: NaiveDate, end: NaiveDate) -> LoanEvent {
    LoanEvent {
        end_date: Some(end),
        ..LoanEvent::new(LoanEventKind::LeaveStart, start)
    }
}
