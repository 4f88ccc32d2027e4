//! Why something was refused, as data: the desk, the store and the server carry
//! it (over the socket too), and the edge renders it in the user's language
//! (`i18n::refusals`).

use super::workflow::StepRefused;
use super::{Permission, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// A refusal: the user's input, their role or the case's state did not allow
/// what was asked. Never a failure of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "refusal")]
pub enum Refusal {
    /// The user's role does not grant the permission.
    Permission {
        user: String,
        role: Role,
        permission: Permission,
    },
    /// Removing or demoting the last supervisor.
    LastSupervisor {
        user: String,
    },
    /// A decision taken on a revision the case has moved past.
    Stale {
        reference: String,
        by: String,
        at: Timestamp,
        revision: u64,
        seen: u64,
    },
    /// A case that disappeared while being decided.
    Gone {
        reference: String,
    },
    /// A workflow step the case's state does not allow.
    Step {
        step: StepRefused,
    },
    NothingToUndo {
        user: String,
    },
    UndoReleased {
        reference: String,
        at: Timestamp,
    },
    UndoSent {
        reference: String,
    },
    UndoChanged {
        reference: String,
        by: String,
    },
    /// Stopping a server one may not stop.
    MayNotStop {
        user: String,
        role: Role,
    },
    /// A server started by hand does not hand its store over.
    StartedByHand,
    /// A server still in use does not hand its store over.
    InUse {
        others: usize,
    },
    /// No case with this key (queue/ref), or one of an organisation the
    /// user's roles do not reach (the same words: nothing leaks).
    NoSuchCase {
        key: String,
    },
    /// A decision on a case of the user's organisation that another
    /// organisation takes now (the to-association accepts what the
    /// from-association released).
    NotTheirTurn {
        reference: String,
        deciders: Vec<String>,
    },
    /// A case assigned to a user none of whose organisations holds it.
    AssigneeElsewhere {
        user: String,
        reference: String,
    },
    /// An organisation named that the store does not have.
    NoSuchOrg {
        name: String,
    },
    /// An organisation record or change refused.
    Org {
        problem: super::org::OrgProblem,
    },
    /// Something only an administrator of the store may do.
    AdminOnly {
        user: String,
    },
    /// An organisation created with an id the store has.
    OrgExists {
        id: String,
    },
    /// Several organisations the user could mean: name one (`--org`).
    WhichOrg {
        choices: Vec<String>,
    },
    /// A registration number that is not one: empty, or not 1 to 7 digits
    /// once full-width digits, spaces and hyphens are dropped.
    BadRegistrationNumber {
        input: String,
    },
    /// A user's name as people read it that cannot be one: empty, over
    /// `max` characters, or with control characters.
    BadShownName {
        shown: String,
        max: usize,
    },
    /// No person with this registration number.
    NoSuchPerson {
        number: String,
    },
    /// The name has no role in this store.
    NotAUser {
        name: String,
    },
    /// A user name with spaces or control characters.
    BadUserName {
        name: String,
    },
    /// A note with no text in it.
    EmptyNote,
    /// A text longer than the desk keeps.
    TooLong {
        what: TextField,
        chars: usize,
        max: usize,
    },
    /// A request whose size is over the desk's bound.
    TooMany {
        what: Bounded,
        count: usize,
        max: usize,
    },
    /// An upload that would leave the server's disk with less than its reserve.
    LowDisk {
        free_mib: u64,
        reserve_mib: u64,
    },
    /// No notification with this id was handed to the mail relay.
    NoSuchNotification {
        id: u64,
    },
    /// A notification in a state that does not allow the change.
    NotificationState {
        id: u64,
        state: String,
        cancel: bool,
    },
    /// An input the desk could not read (a registration number, a file name,
    /// a kind), with the parser's own words.
    Invalid {
        input: String,
        why: String,
    },
    /// A file that could not be read at all.
    File {
        file: String,
        problem: super::row::FileProblem,
    },
    /// `--kind` names no record kind.
    UnknownImportKind {
        kind: String,
    },
    /// A backup through the server is named by a plain file name.
    BackupName {
        name: String,
    },
    /// A backup's destination that is not an absolute path.
    BackupNotAbsolute {
        dest: String,
    },
    /// A backup of a store kept in PostgreSQL: its copies are made by
    /// PostgreSQL's own tools (`pg_dump`, base backups), not by copying files.
    BackupByDatabaseTools {
        database: String,
    },
    /// A record (a case received on paper) refused as an import row would be.
    Row {
        input: String,
        problem: super::row::RowProblem,
    },
    /// A filter term the language does not accept (the fields are listed).
    Filter {
        term: String,
        problem: super::filter::FilterProblem,
    },
    /// A change refused for want of disk space: the store's file system has
    /// `free_mib` MiB free, below the `reserve_mib` kept free so that an
    /// import can always be undone; or the undo of importing `undo_of` waits
    /// for room (changes resume by themselves once it is done).
    DiskSpace {
        free_mib: u64,
        reserve_mib: u64,
        undo_of: Option<String>,
    },
    /// A reassignment to a name that is not one of the store's users.
    NotAUserOf {
        name: String,
        users: Vec<String>,
    },
    /// A date (`what` names where it came from: `--as-of`, a client's
    /// `as_of`) outside the years the rules cover (`time::RULE_YEARS`).
    DateOutOfRange {
        what: String,
        date: chrono::NaiveDate,
    },
    /// Leaving the store's service account (its owner, as whom the server
    /// sends mail) with a role that may not send mail, without `--force`.
    ServiceAccount {
        user: String,
        role: Role,
    },
    /// A form (or `record`) whose fields were refused, each with its rule.
    Fields {
        /// The kind of record (an import kind's id), which names the fields.
        kind: String,
        problems: Vec<super::field::FieldProblem>,
    },
    /// A record changed by someone else since the form showed it: `field`
    /// holds `now`, changed by `by` at `at` (when the desk knows).
    RecordChanged {
        change: Box<RecordChange>,
    },
    /// A lookup by name without the birth date that makes it an identity check.
    LookupNeedsBirthDate {
        input: String,
    },
    /// Nobody of this name (kanji or kana) was born on this day.
    NoPersonNamed {
        name: String,
        birth: chrono::NaiveDate,
    },
    /// An enquiry that may not be logged or changed so (`domain::enquiry`).
    Enquiry {
        problem: super::enquiry::EnquiryProblem,
    },
    /// A document that cannot be made for the case (`domain::document`).
    Document {
        reference: String,
        problem: super::document::DocumentProblem,
    },
    /// A duplicate registration that cannot be linked so.
    Link {
        problem: LinkProblem,
    },
}

/// Why a duplicate (二重登録) cannot be linked to the record that stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum LinkProblem {
    /// The duplicate and the record kept are one number.
    Same { registration_number: String },
    /// No person has this number (or it was linked away already).
    NotKnown { registration_number: String },
    /// This number was linked to another already.
    Linked {
        registration_number: String,
        keep: String,
    },
}

/// A field of a record someone else changed since a form showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordChange {
    pub kind: String,
    pub key: String,
    pub field: String,
    pub now: String,
    pub by: Option<String>,
    pub at: Option<Timestamp>,
}

/// Texts the desk bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    Note,
    Reason,
    /// A filter (of a page, a view, the backlog, an export).
    Filter,
    /// Any other text of a request (a name, a reference, a lookup).
    Text,
}

/// Lists the desk bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bounded {
    /// Rows of one page.
    PageRows,
    /// Cases of one bulk decision.
    BulkCases,
    /// Views counted by one request.
    Views,
    /// Terms of one filter.
    FilterTerms,
    /// Files of one import.
    ImportFiles,
    /// Notifications released by one request.
    Notifications,
    /// Files uploaded on one connection and waiting for an import.
    UploadFiles,
    /// Files uploaded by one user, on all their connections.
    UploadFilesPerUser,
    /// MiB uploaded on one connection and waiting for an import.
    UploadMib,
    /// MiB uploaded by one user, on all their connections.
    UploadMibPerUser,
    /// Fields of one form.
    FormFields,
}

impl Refusal {
    /// `date` if it lies in the years the rules cover, else a refusal naming
    /// `what` (`--as-of`, `as_of`) and the range.
    pub fn check_rule_date(
        what: &str,
        date: chrono::NaiveDate,
    ) -> Result<chrono::NaiveDate, Refusal> {
        if super::time::in_rule_years(date) {
            Ok(date)
        } else {
            Err(Refusal::DateOutOfRange {
                what: what.to_string(),
                date,
            })
        }
    }

    /// The role that grants a permission refusal, for "who can grant it".
    pub fn needed_role(&self) -> Option<Role> {
        match self {
            Refusal::Permission { permission, .. } => Some(Role::needed_for(*permission)),
            _ => None,
        }
    }

    /// Whether the case was changed by someone else (reload and decide again).
    pub fn is_stale(&self) -> bool {
        match self {
            Refusal::Enquiry { problem } => problem.is_stale(),
            _ => matches!(
                self,
                Refusal::Stale { .. } | Refusal::Gone { .. } | Refusal::RecordChanged { .. }
            ),
        }
    }

    /// Whether what was asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Refusal::NoSuchCase { .. }
                | Refusal::NoSuchPerson { .. }
                | Refusal::NoPersonNamed { .. }
                | Refusal::NotAUser { .. }
                | Refusal::Enquiry {
                    problem: super::enquiry::EnquiryProblem::NoSuchEnquiry { .. }
                }
        )
    }

    /// Whether the user's input could not be read (a server reports it as invalid).
    pub fn is_invalid(&self) -> bool {
        matches!(
            self,
            Refusal::Invalid { .. }
                | Refusal::Row { .. }
                | Refusal::File { .. }
                | Refusal::UnknownImportKind { .. }
                | Refusal::BackupName { .. }
                | Refusal::BackupNotAbsolute { .. }
                | Refusal::BadRegistrationNumber { .. }
                | Refusal::BadShownName { .. }
                | Refusal::Filter { .. }
                | Refusal::NotAUserOf { .. }
                | Refusal::DateOutOfRange { .. }
                | Refusal::Fields { .. }
                | Refusal::LookupNeedsBirthDate { .. }
        )
    }
}

impl From<super::filter::FilterError> for Refusal {
    fn from(e: super::filter::FilterError) -> Self {
        Refusal::Filter {
            term: e.term,
            problem: e.problem,
        }
    }
}

impl From<StepRefused> for Refusal {
    fn from(step: StepRefused) -> Self {
        Refusal::Step { step }
    }
}

impl From<super::enquiry::EnquiryProblem> for Refusal {
    fn from(problem: super::enquiry::EnquiryProblem) -> Self {
        Refusal::Enquiry { problem }
    }
}

impl std::error::Error for Refusal {}
