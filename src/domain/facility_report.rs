//! Queue 3: 在籍報告 rules.

use super::calendar::Calendar;
use super::case::{FacilityReport, State};
use super::config::RulesConfig;
use super::flags::Check;
use super::model::{Facility, Physician};
use super::time::Timestamp;
use chrono::NaiveDate;

/// One named supervisor and the registry entry of that certificate, if any.
#[derive(Debug, Clone)]
pub struct NamedSupervisor {
    pub cert_number: String,
    pub physician: Option<Physician>,
}

/// When the secretariat's decision on a report (or a missing report) is due.
pub fn due(
    _r: &FacilityReport,
    _state: State,
    _received_at: &Timestamp,
    _cfg: &RulesConfig,
    _cal: &Calendar,
) -> Option<NaiveDate> {
    None
}

/// The report's rule checks: supervisor validity, window, missing.
pub fn checks(
    _r: &FacilityReport,
    _state: State,
    _facility: Option<&Facility>,
    _supervisors: &[NamedSupervisor],
    _received_at: &Timestamp,
    _cfg: &RulesConfig,
) -> Vec<Check> {
    Vec::new()
}

/// A `missing` follow-up for a certified facility with no accepted report of the
/// fiscal year, once that year's window has closed as of `today`; None otherwise.
/// Returns the follow-up's ref and body.
pub fn missing_report(
    _facility: &Facility,
    _fiscal_year: i32,
    _cfg: &RulesConfig,
    _today: NaiveDate,
) -> Option<(String, FacilityReport)> {
    None
}
