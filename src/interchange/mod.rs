//! Import and export: JSON Lines (canonical) and CSV (UTF-8 or CP932), row-level errors.
//!
//! Import reads a file a row at a time ([`open`] → [`RecordReader`]) and turns
//! each valid row into a [`Record`]; every refused row comes back as a
//! [`RowError`] with its line and one reason. Export ([`export`]) writes cases,
//! decisions, the audit trail and the outbox as JSONL or CSV; [`excel`] makes
//! the form of such a CSV a person reads in Excel.
//!
//! Conventions (for the README):
//! - Format by extension: `.jsonl`/`.ndjson`/`.json` are JSON Lines, `.csv` CSV.
//!   A CSV's kind comes from `--kind` or its name (`withdrawals.csv`,
//!   `people.csv`, `2026-04_loans.csv`…, case-insensitive, see [`Kind::file_names`]).
//! - JSONL: UTF-8 (a BOM is skipped), blank lines skipped, `kind` on every line
//!   (or `--kind`), lines over 16 MiB refused. Lists are arrays of strings (a
//!   `;`-joined string is accepted too); `null` means absent.
//! - CSV: UTF-8 with or without BOM, or CP932, told apart from the first MiB;
//!   header of field names (a `kind` column is allowed); empty cell = absent;
//!   lists joined by `;`; booleans `true/false/1/0/yes/no`. A header with an
//!   unknown, repeated or missing required field refuses the whole file
//!   ([`InterchangeError::Format`]); a row that does not decode in the file's
//!   encoding is refused on its own.
//! - An empty file (or one with only a header) gives no rows and no error;
//!   the caller reports "no rows".
//! - Required list fields (`supervisors`, `disbursements`) must be present but
//!   may be empty.
//! - Limits: names 1,000 characters, reasons and notes 10,000, identifiers 100,
//!   e-mail 100 ASCII characters, lists 1,000 items. Names are stored as given,
//!   control characters included; [`crate::text::sanitize`] cleans them for display.
//! - Every field of a row is checked; all its faults are reported, joined by "; ".
//! - Line numbers are physical: a CSV header is line 1, a quoted newline counts.

mod cells;
mod csv;
pub mod encoding;
pub mod excel;
pub mod export;
mod fields;
mod jsonl;
pub mod problem;
mod rows;

pub use crate::domain::row::{FileProblem, RowProblem};
use crate::domain::{Case, Facility, Loan, LoanEvent, Person, Physician, Timestamp};
use std::io::BufRead;
use std::path::Path;

pub use cells::{
    Cells, DirectorAnswer, cells, director_answer, facility_cells, loan_cells, person_cells,
    physician_cells, typed_record,
};
pub use encoding::TextEncoding;
pub use fields::{MAX_EMAIL_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
pub use jsonl::MAX_LINE_BYTES;
pub use rows::UNDETERMINED_FACILITY;

/// The kinds of record a file can hold (SPEC "Data formats").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A trainee or physician known by registration number.
    Person,
    /// A certified training facility.
    Facility,
    /// A certified physician (a possible supervisor).
    Physician,
    /// A 採用辞退 / 辞退届 case.
    Withdrawal,
    /// A 異動届 case.
    Transfer,
    /// A 在籍報告 case.
    FacilityReport,
    /// A training loan (研修資金) without its events.
    Loan,
    /// One event of a loan's ledger.
    LoanEvent,
    /// An organisation sharing the store (団体).
    Organisation,
    /// A 修了申請 case (membership queue).
    CompletionApplication,
}

impl Kind {
    /// Every kind, in the order files are best imported (registries first).
    pub const ALL: [Kind; 10] = [
        Kind::Organisation,
        Kind::Person,
        Kind::Facility,
        Kind::Physician,
        Kind::Withdrawal,
        Kind::Transfer,
        Kind::FacilityReport,
        Kind::Loan,
        Kind::LoanEvent,
        Kind::CompletionApplication,
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
            Kind::Organisation => "organisation",
            Kind::CompletionApplication => "completion_application",
        }
    }

    /// The kind of a `kind` tag or `--kind` value.
    pub fn from_id(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The file names (without extension, lower case) that say a CSV holds this kind.
    pub fn file_names(self) -> &'static [&'static str] {
        match self {
            Kind::Person => &["people", "persons", "person"],
            Kind::Facility => &["facilities", "facility"],
            Kind::Physician => &["physicians", "physician"],
            Kind::Withdrawal => &["withdrawals", "withdrawal"],
            Kind::Transfer => &["transfers", "transfer"],
            Kind::FacilityReport => &["facility_reports", "facility_report"],
            Kind::Loan => &["loans", "loan"],
            Kind::LoanEvent => &["loan_events", "loan_event"],
            Kind::Organisation => &["organisations", "organisation", "orgs"],
            Kind::CompletionApplication => &["completion_applications", "completion_application"],
        }
    }

    /// The kind a file name announces: `withdrawals.csv`, `data/People.CSV`, or a
    /// name ending in `_loans` / `-loans` / `.loans` / ` loans` before the extension.
    /// Hyphens count as underscores (`facility-reports.csv`).
    pub fn from_file_name(path: &Path) -> Option<Kind> {
        let stem = path.file_stem()?.to_str()?.to_lowercase().replace('-', "_");
        // Longest names first, so `loan_events` is not taken for `events` of another kind.
        let mut names: Vec<(&str, Kind)> = Kind::ALL
            .iter()
            .flat_map(|k| k.file_names().iter().map(move |n| (*n, *k)))
            .collect();
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        names.into_iter().find_map(|(name, kind)| {
            let matches = stem == name
                || stem
                    .strip_suffix(name)
                    .is_some_and(|head| head.ends_with(['_', '.', ' ']));
            matches.then_some(kind)
        })
    }
}

/// The two file formats import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// `.jsonl`, `.ndjson` or `.json`: one object a line.
    Jsonl,
    /// `.csv`: one kind a file, UTF-8 or CP932.
    Csv,
}

impl FileFormat {
    /// The format an extension names (case-insensitive), if any.
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(FileFormat::Jsonl),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }
}

/// One valid row, turned into domain values. Cases come with their initial
/// state; the desk resolves references, names and due dates before writing.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A `person` row.
    Person(Person),
    /// A `facility` row.
    Facility(Facility),
    /// A `physician` row.
    Physician(Physician),
    /// An `organisation` row.
    Organisation(Box<crate::domain::org::Organisation>),
    /// A `withdrawal`, `transfer`, `facility_report` or
    /// `completion_application` row, in its initial state.
    Case(Box<Case>),
    /// A `loan` row; its events come as separate `loan_event` rows.
    Loan(Loan),
    /// A `loan_event` row, for the loan `loan_id`.
    LoanEvent {
        /// The loan the event belongs to.
        loan_id: String,
        /// What happened.
        event: LoanEvent,
    },
}

/// A rejected row: which file, which line (1-based, the header is line 1 in
/// CSV), why (data; `i18n::rows` words it, and `Display` in English).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// The file as the user named it.
    pub file: String,
    /// The physical line the row starts on (0 when unknown).
    pub line: usize,
    pub problem: RowProblem,
}

/// A file that could not be read at all: which, and why (data; `i18n::import`
/// words it, and `Display` in English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterchangeError {
    pub file: String,
    pub problem: FileProblem,
}

impl std::error::Error for InterchangeError {}

/// Reads rows from a file one at a time, so a million-row file never sits in memory.
/// Each item is a valid row with its line number, or the reason a row was refused.
pub struct RecordReader {
    inner: Inner,
}

enum Inner {
    Jsonl(jsonl::JsonlRows),
    Csv(Box<csv::CsvRows>),
    Empty,
}

impl Iterator for RecordReader {
    type Item = Result<(usize, Record), RowError>;
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Jsonl(r) => r.next(),
            Inner::Csv(r) => r.next(),
            Inner::Empty => None,
        }
    }
}

/// Opens a JSONL or CSV file for import. `kind` overrides what the file name says
/// (CSV only); `now` and `actor` stamp the cases it creates.
pub fn open(
    path: &Path,
    kind: Option<Kind>,
    now: Timestamp,
    actor: &str,
) -> Result<RecordReader, InterchangeError> {
    open_as(path, path, kind, now, actor)
}

/// Like [`open`], but reads `path` as if it were `named`: the format, the kind
/// of a CSV and the file in every message come from `named` (a file a client
/// sent the server, kept under another name).
pub fn open_as(
    path: &Path,
    named: &Path,
    kind: Option<Kind>,
    now: Timestamp,
    actor: &str,
) -> Result<RecordReader, InterchangeError> {
    let name = named.display().to_string();
    let format = FileFormat::from_path(named).ok_or_else(|| InterchangeError {
        file: name.clone(),
        problem: FileProblem::UnknownType,
    })?;
    let kind = match format {
        FileFormat::Csv => Some(
            kind.or_else(|| Kind::from_file_name(named))
                .ok_or_else(|| InterchangeError {
                    file: name.clone(),
                    problem: FileProblem::UnknownKind,
                })?,
        ),
        FileFormat::Jsonl => kind,
    };
    let file = std::fs::File::open(path).map_err(|e| InterchangeError {
        file: name.clone(),
        problem: FileProblem::CannotRead {
            detail: e.to_string(),
        },
    })?;
    let input = std::io::BufReader::with_capacity(encoding::READ_BUFFER, file);
    read(&name, Box::new(input), format, kind, now, actor)
}

/// Reads rows from any buffered input (a file, stdin, bytes in a test). `file`
/// names the input in errors. For CSV, `kind` is required.
pub fn read(
    file: &str,
    input: Box<dyn BufRead + Send>,
    format: FileFormat,
    kind: Option<Kind>,
    now: Timestamp,
    actor: &str,
) -> Result<RecordReader, InterchangeError> {
    let stamp = rows::Stamp {
        now,
        actor: actor.to_string(),
    };
    let inner = match format {
        FileFormat::Jsonl => {
            Inner::Jsonl(jsonl::JsonlRows::new(input, file.to_string(), kind, stamp))
        }
        FileFormat::Csv => {
            let Some(kind) = kind else {
                return Err(InterchangeError {
                    file: file.to_string(),
                    problem: FileProblem::UnknownKind,
                });
            };
            Inner::Csv(Box::new(csv::CsvRows::new(
                input,
                file.to_string(),
                kind,
                stamp,
            )?))
        }
    };
    Ok(RecordReader { inner })
}

impl RecordReader {
    /// A reader with no rows.
    pub fn empty() -> Self {
        RecordReader {
            inner: Inner::Empty,
        }
    }
}

#[cfg(test)]
mod tests;
