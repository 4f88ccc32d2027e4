//! Queue 4: 研修資金貸与 — the ledger, service months, exemption and repayment.
//!
//! The queue is generated from each borrower's ledger (disbursements and
//! events) as of a date, idempotently; nothing here reads the clock.

pub mod cancellation;
mod followups;
pub mod forms;
mod ledger;
pub mod office;
pub mod repayment;
pub mod rows;
pub mod service;
pub mod settlement;
pub mod waiver;
pub mod workplaces;

pub use followups::{
    NOTICE_EVENTS, checks, computation, followups, notice_deadline, repayment_rows,
};
pub use ledger::ledger_rows;
pub use repayment::{Repayment, Trigger, interest, repayment, repayment_end_date};
pub use rows::{LedgerRow, YearMonth};
pub use service::{exemption_date, required_months, service_months};
pub use settlement::{Settlement, settle};
pub use workplaces::{Workplaces, current_workplace, workplace_numbers};

use super::calendar::Calendar;
use super::case::LoanFollowup;
use super::config::RulesConfig;
use super::flags::Flag;
use super::model::Loan;
use chrono::NaiveDate;

/// A follow-up the ledger calls for as of a date. `open` is false once the
/// awaited event has arrived (the follow-up then closes by itself), and for
/// follow-ups that only record a fact (a late notice, a short year, a gap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupDraft {
    /// Deterministic, so that generating twice updates instead of duplicating.
    pub reference: String,
    pub followup: LoanFollowup,
    /// What the program computed, step by step (not stored: the desk
    /// derives it again from the loan when the case is shown).
    pub computation: Vec<LedgerRow>,
    pub open: bool,
    /// Other rules this follow-up raises besides its topic (a payment
    /// overdue on the repayment, a disbursement that may be held on a
    /// continuation).
    pub also: Vec<Flag>,
}

impl FollowupDraft {
    /// Whether the draft deserves a case of its own: it is open, or it
    /// records a fact (a late notice, a short year, a gap). A closed draft
    /// that fails this only serves to close a case an earlier run opened
    /// (e.g. a continuation entered after that run, dated on time).
    pub fn worth_recording(&self) -> bool {
        self.open || followups::records_a_fact(&self.followup.topic) || !self.also.is_empty()
    }
}

/// Late-payment interest on a loan's repayment as of `today` (for export):
/// None while no repayment is due.
pub fn late_interest(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<i64> {
    let r = repayment(loan, w, cfg, today)?;
    Some(settle(loan, r.total, cfg, cal, today).late_interest)
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
pub(crate) mod tests;
