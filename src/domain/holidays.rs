//! The national holiday table (国民の祝日). Placeholder until the rules land.

use chrono::NaiveDate;

/// Every national holiday the program knows.
pub fn table() -> impl Iterator<Item = NaiveDate> {
    std::iter::empty()
}
