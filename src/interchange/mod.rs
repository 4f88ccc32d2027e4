//! Import and export: JSON Lines (canonical) and CSV (UTF-8 or CP932), row-level errors.

use crate::domain::{Case, Facility, Loan, LoanEvent, Person, Physician, Timestamp};
use std::path::Path;
use thiserror::Error;

/// The kinds of record a file can hold (SPEC "Data formats").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Facility,
    Physician,
    Withdrawal,
    Transfer,
    FacilityReport,
    Loan,
    LoanEvent,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Person,
        Kind::Facility,
        Kind::Physician,
        Kind::Withdrawal,
        Kind::Transfer,
        Kind::FacilityReport,
        Kind::Loan,
        Kind::LoanEvent,
    ];

    /// The `kind` tag of a JSONL object.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Facility => "facility",
            Kind::Physician => "physician",
            Kind::Withdrawal => "withdrawal",
            Kind::Transfer => "transfer",
            Kind::FacilityReport => "facility_report",
            Kind::Loan => "loan",
            Kind::LoanEvent => "loan_event",
        }
    }

    pub fn from_id(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// One valid row, turned into domain values. Cases come with their initial
/// state; the desk resolves references, names and due dates before writing.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Person(Person),
    Facility(Facility),
    Physician(Physician),
    Case(Box<Case>),
    Loan(Loan),
    LoanEvent { loan_id: String, event: LoanEvent },
}

/// A rejected row: which file, which line (1-based, the header is line 1 in CSV), why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// A file that could not be read at all.
#[derive(Debug, Error)]
pub enum InterchangeError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "{file}: cannot tell what kind of records it holds; name it like withdrawals.csv or pass --kind"
    )]
    UnknownKind { file: String },
    #[error("{file}: {reason}")]
    Format { file: String, reason: String },
}

/// Reads rows from a file one at a time, so a million-row file never sits in memory.
pub struct RecordReader {
    _private: (),
}

impl Iterator for RecordReader {
    type Item = Result<(usize, Record), RowError>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}

/// Opens a JSONL or CSV file for import. `kind` overrides what the file name says
/// (CSV only); `now` and `actor` stamp the cases it creates.
pub fn open(
    _path: &Path,
    _kind: Option<Kind>,
    _now: Timestamp,
    _actor: &str,
) -> Result<RecordReader, InterchangeError> {
    Ok(RecordReader { _private: () })
}
