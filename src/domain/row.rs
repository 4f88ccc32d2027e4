//! Why a row of an import file (or a case received on paper) was refused,
//! as data: a reading problem of the file, the fields refused by their
//! rules, or what the store does not know. Words at the edge
//! (`i18n::rows::problem`): English as import reports have always said it,
//! Japanese for a Japanese desk.

use super::field::FieldProblem;
use super::org::{OrgKind, OrgProblem};
use super::transfer::TransferProblem;
use serde::{Deserialize, Serialize};

/// One row's refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum RowProblem {
    /// Fields refused by their rules; `kind` is the record kind's id.
    Fields {
        kind: String,
        problems: Vec<FieldProblem>,
    },
    /// The record could not be built (no field to blame).
    NotValid,
    /// The line could not be read.
    CannotRead { detail: String },
    /// A JSON Lines line longer than the limit.
    LineTooLong { mib: u64 },
    /// A JSON Lines line not in UTF-8.
    NotUtf8,
    /// A line that is not JSON.
    NotJson { detail: String },
    /// A JSON value that is not an object.
    NotObject,
    /// A `kind` that names no record kind.
    UnknownKind { kind: String },
    /// A `kind` that is not text.
    KindNotText,
    /// A row's `kind` that is not the one the file or `--kind` gives.
    KindDiffers {
        kind: String,
        expected: String,
        by_option: bool,
    },
    /// A JSON Lines row without `kind` and no `--kind`.
    NoKind,
    /// A CSV row with another number of fields than its header.
    FieldCount { got: usize, header: usize },
    /// A CSV row not in the file's encoding.
    NotEncoded { encoding: String },
    /// A CSV row the reader could not parse.
    NotCsv { detail: String },
    /// A registration number the store does not know.
    NoPerson { number: String },
    /// A facility number the store does not know.
    NoFacility { number: String },
    /// A loan the store does not know.
    NoLoan { loan_id: String },
    /// More organisations than a store holds.
    OrgsMax { max: usize },
    /// An organisation row refused by its rules.
    Org(OrgProblem),
    /// The organisations a case belongs to could not be found.
    Owner(OwnerProblem),
    /// A transfer refused by its rules.
    Transfer(TransferProblem),
    /// Only an administrator imports organisations.
    AdminOnly,
    /// An administrator imports organisations only.
    OperatorNeeded,
    /// The file holds no rows.
    NoRows,
}

/// Why a case's organisations could not be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum OwnerProblem {
    /// An association named that the store does not have.
    UnknownAssociation { field: String, name: String },
    /// No organisation of the kind a queue's cases go to, or several.
    NoReceiver { kind: OrgKind, found: usize },
}

/// Why a whole file could not be read (no row of it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum FileProblem {
    /// It could not be opened or read.
    CannotRead { detail: String },
    /// Neither `.jsonl` (`.ndjson`, `.json`) nor `.csv`.
    UnknownType,
    /// A CSV file whose kind neither its name nor `--kind` gives.
    UnknownKind,
    /// The CSV header could not be read.
    HeaderUnreadable { detail: String },
    /// The CSV header is neither UTF-8 nor CP932 text.
    HeaderNotText,
    /// A header field the kind does not have.
    UnknownField {
        field: String,
        kind: String,
        fields: Vec<String>,
    },
    /// A header field named twice.
    FieldTwice { field: String },
    /// A required field missing from the header.
    MissingField { field: String, kind: String },
}
