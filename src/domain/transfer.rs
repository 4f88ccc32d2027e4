//! Queue 2: 異動届 rules.

use super::calendar::Calendar;
use super::case::{State, Transfer};
use super::config::RulesConfig;
use super::flags::Check;
use super::time::Timestamp;
use chrono::NaiveDate;

/// When the association's next decision on a transfer is due.
pub fn due(
    _t: &Transfer,
    _state: State,
    _received_at: &Timestamp,
    _cfg: &RulesConfig,
    _cal: &Calendar,
) -> Option<NaiveDate> {
    None
}

/// Checks a transfer's fields against the configuration (categories, address length).
pub fn validate(_t: &Transfer, _cfg: &RulesConfig) -> Result<(), String> {
    Ok(())
}

/// The transfer's rule checks.
pub fn checks(_t: &Transfer, _state: State, _cfg: &RulesConfig, _today: NaiveDate) -> Vec<Check> {
    Vec::new()
}
