//! Queue 4: 研修資金貸与 — the ledger, service months, exemption and repayment.

use super::calendar::Calendar;
use super::case::LoanFollowup;
use super::config::RulesConfig;
use super::flags::Check;
use super::model::Loan;
use chrono::NaiveDate;

/// A follow-up the ledger calls for as of a date. `open` is false once the
/// awaited event has arrived (the follow-up then closes by itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupDraft {
    /// Deterministic, so that generating twice updates instead of duplicating.
    pub reference: String,
    pub followup: LoanFollowup,
    pub open: bool,
}

/// Every follow-up a loan calls for as of `today`.
pub fn followups(
    _loan: &Loan,
    _cfg: &RulesConfig,
    _cal: &Calendar,
    _today: NaiveDate,
) -> Vec<FollowupDraft> {
    Vec::new()
}

/// The checks of one follow-up, for the detail pane and the export.
pub fn checks(
    _f: &LoanFollowup,
    _loan: Option<&Loan>,
    _cfg: &RulesConfig,
    _today: NaiveDate,
) -> Vec<Check> {
    Vec::new()
}

/// The ledger as lines for the detail pane: disbursements, events, service
/// months, months still needed, projected exemption date, repayment computation.
pub fn ledger_lines(
    _loan: &Loan,
    _cfg: &RulesConfig,
    _cal: &Calendar,
    _today: NaiveDate,
) -> Vec<String> {
    Vec::new()
}
