//! Queue 1: 採用辞退 / 辞退届 rules.

use super::calendar::Calendar;
use super::case::{State, Withdrawal};
use super::config::RulesConfig;
use super::flags::Check;
use super::time::Timestamp;
use chrono::NaiveDate;

/// When the secretariat's next step on a withdrawal is due.
pub fn due(
    _w: &Withdrawal,
    _state: State,
    _received_at: &Timestamp,
    _cfg: &RulesConfig,
    _cal: &Calendar,
) -> Option<NaiveDate> {
    None
}

/// The withdrawal's rule checks as of `today`.
pub fn checks(
    _w: &Withdrawal,
    _state: State,
    _received_at: &Timestamp,
    _cfg: &RulesConfig,
    _today: NaiveDate,
) -> Vec<Check> {
    Vec::new()
}
