//! Deterministic, realistic demo data with Japanese names.
//!
//! Every entity (person *i*, facility *j*, case *k*…) is drawn from its own
//! ChaCha generator seeded by (seed, kind, index), so any one of them can be
//! made on demand, in any order, always the same for a seed. That is what lets
//! a million cases come out in batches that refer to people and facilities
//! without either list being held in memory by the case generator.

mod cases;
mod enquiries;
mod loans;
mod names;
pub mod orgs;
mod procedures;
mod registry;

use crate::domain::{Case, Facility, Loan, Person, Physician};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The demo store's contents for a seed, produced in batches so a million cases
/// never sit in memory at once.
pub struct Demo {
    /// How many imported cases (withdrawals, transfers, facility reports).
    pub cases: usize,
    /// Everything follows from it.
    pub seed: u64,
    /// The JST date received dates and ledgers are relative to.
    pub today: NaiveDate,
}

/// Which generator stream an entity comes from.
#[derive(Clone, Copy)]
enum Stream {
    Person = 1,
    Facility = 2,
    Physician = 3,
    Case = 4,
    Loan = 5,
    /// The later loan procedures (repayment, notices, plans), drawn apart so
    /// the ledgers of stream 5 stay as they were.
    LoanProcedures = 6,
    /// The enquiry log.
    Enquiry = 7,
    /// Which transfers are completion applications (修了申請) instead, drawn
    /// apart so the other cases stay as they were.
    Completion = 8,
}

/// SplitMix64, to spread (seed, stream, index) over the whole seed space.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value from a non-empty constant table.
fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    // Every table passed here is a non-empty constant, so the index is in range.
    &items[rng.gen_range(0..items.len())]
}

impl Demo {
    /// The demo for a number of cases, a seed and a date.
    pub fn new(cases: usize, seed: u64, today: NaiveDate) -> Self {
        Demo { cases, seed, today }
    }

    fn rng(&self, stream: Stream, index: usize) -> ChaCha8Rng {
        let s = mix(self.seed ^ mix(((stream as u64) << 48) ^ index as u64));
        ChaCha8Rng::seed_from_u64(s)
    }

    /// How many people: a quarter of the cases, at least 100, at most 50,000.
    pub fn person_count(&self) -> usize {
        (self.cases / 4).clamp(100, 50_000)
    }

    /// How many facilities: a tenth of the cases, 30 to 1,500.
    pub fn facility_count(&self) -> usize {
        (self.cases / 10).clamp(30, 1_500)
    }

    /// Three certified physicians per facility.
    pub fn physician_count(&self) -> usize {
        self.facility_count() * 3
    }

    /// How many loans: a fiftieth of the cases, 20 to 20,000.
    pub fn loan_count(&self) -> usize {
        (self.cases / 25).clamp(40, 20_000)
    }

    /// The registry of people (trainees and physicians).
    pub fn people(&self) -> Vec<Person> {
        (0..self.person_count()).map(|i| self.person(i)).collect()
    }

    /// The certified training facilities (and a few that are not).
    pub fn facilities(&self) -> Vec<Facility> {
        (0..self.facility_count())
            .map(|j| self.facility(j))
            .collect()
    }

    /// The certified physicians who may be supervisors.
    pub fn physicians(&self) -> Vec<Physician> {
        (0..self.physician_count())
            .map(|k| self.physician(k))
            .collect()
    }

    /// The training loans with their disbursements and events.
    pub fn loans(&self) -> Vec<Loan> {
        (0..self.loan_count()).map(|k| self.loan(k)).collect()
    }

    /// The imported cases (withdrawals, transfers, facility reports), in batches
    /// of `batch` (at least 1), made as they are asked for.
    pub fn case_batches(&self, batch: usize) -> impl Iterator<Item = Vec<Case>> + '_ {
        let batch = batch.max(1);
        let ctx = cases::CaseContext::new(self);
        (0..self.cases).step_by(batch).map(move |start| {
            let end = (start + batch).min(self.cases);
            (start..end).map(|i| self.case(&ctx, i)).collect()
        })
    }
}

#[cfg(test)]
mod tests;
