//! Why a field of a record was refused, as data: the import reports it in the
//! file's words, a form names it beside its field in the user's language
//! (`i18n::fields`), the desk carries it in a refusal.

use serde::{Deserialize, Serialize};

/// One refused field of a record (or the record as a whole when `field` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The field's name in the data formats (`birth_date`), empty for the row.
    pub field: String,
    pub problem: Problem,
}

/// What was wrong with a field's value. `value` is the value as given (see [`kept`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    /// A field the kind does not have.
    Unknown,
    /// A list or object where text belongs.
    NotText,
    /// A required field absent or empty.
    Missing,
    TooLong {
        max: usize,
    },
    ControlCharacters {
        value: String,
    },
    RegistrationNumber {
        value: String,
    },
    FacilityNumber {
        value: String,
    },
    /// Not a date in any form read (ISO, `2025/4/1`, `R7.4.1`, 令和…).
    Date {
        value: String,
    },
    /// Neither a date nor a date-time.
    Day {
        value: String,
    },
    /// Not a date-time (`2026-04-01T09:00:00+09:00`, `2026-04-01 09:00`).
    Moment {
        value: String,
    },
    /// A date outside the years the rules cover (1990–2099).
    OutsideRuleYears {
        value: String,
    },
    Bool {
        value: String,
    },
    WholeNumber {
        value: String,
    },
    Range {
        min: i64,
        max: i64,
        got: i64,
    },
    /// An amount in yen outside `min..=max`.
    YenRange {
        min: i64,
        max: i64,
        got: i64,
    },
    Choice {
        value: String,
        choices: Vec<String>,
    },
    Email {
        value: String,
        max: usize,
    },
    /// Not an organisation's id (a-z, 0-9, - and _, at most 32).
    OrgId {
        value: String,
    },
    /// A list field holding something that is not a list.
    NotList,
    /// A list with an item that is not text.
    ListItems,
    TooManyItems {
        max: usize,
    },
    ItemTooLong {
        item: String,
    },
    /// A list item not of the form `form` (`FACILITY:YYYY-MM-DD:YYYY-MM-DD`).
    ItemForm {
        item: String,
        form: String,
    },
    /// A list item whose end is before its start.
    ItemEndsBeforeStart {
        item: String,
    },
    /// `end_date` before `date`.
    EndBeforeDate {
        date: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
    /// A payment without its amount.
    PaymentNeedsAmount,
    /// An amount on an event that has none (`kind` is the event's id).
    AmountNotForEvent {
        event: String,
    },
    /// A reason on an event that takes none (only a cancellation and a waiver do).
    ReasonNotForEvent {
        event: String,
    },
    /// A repayment notice or deferral without its end date.
    NeedsEndDate {
        event: String,
    },
    /// A record that names another the store does not know (`what`: `person`, `loan`…).
    NotKnown {
        what: String,
        key: String,
    },
    /// A change that names a field of the record's key (it would be another record).
    KeyField,
    /// A key already taken (a case's ref).
    Taken {
        key: String,
    },
    /// Nothing to record: no field changes the record.
    NoChange,
    /// A 修了日 after the day the application was received.
    CompletedAfterReceipt {
        completed_on: chrono::NaiveDate,
        received_on: chrono::NaiveDate,
    },
}

impl FieldProblem {
    pub fn new(field: &str, problem: Problem) -> FieldProblem {
        FieldProblem {
            field: field.to_string(),
            problem,
        }
    }

    /// A problem of the record as a whole.
    pub fn row(problem: Problem) -> FieldProblem {
        FieldProblem::new("", problem)
    }
}

/// A value as a problem keeps it: its first 200 characters (the edge cuts
/// it shorter for showing).
pub fn kept(s: &str) -> String {
    s.chars().take(200).collect()
}
