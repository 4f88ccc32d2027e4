//! Training-period records: per fiscal year, no gaps, no overlaps.

use super::flags::Check;
use super::model::TrainingPeriod;

/// Checks a person's training periods: crossing a fiscal year (with the split),
/// gaps and overlaps.
pub fn checks(_periods: &[TrainingPeriod]) -> Vec<Check> {
    Vec::new()
}
