//! What a change writes, as every backend takes it: a batch of case writes
//! and registry writes applied in one transaction, what happened to each
//! case, and what the undo stack keeps of a change. Stored as they are
//! (bincode in sled), so their fields are the store's schema.

use crate::domain::document::DocumentKind;
use crate::domain::enquiry::Enquiry;
use crate::domain::refusal::Refusal;
use crate::domain::{
    Case, DeliveryState, Facility, Loan, OutboxMessage, Person, Physician, Queue, Timestamp,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the acting user may undo: their last decision, while its notification waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoRecord {
    pub case_id: u64,
    /// The revision the decision produced; an undo is refused if the case moved on.
    pub revision_after: u64,
    pub before: Case,
    pub outbox_id: Option<u64>,
    pub facility_before: Option<Facility>,
    pub at: Timestamp,
    /// After this moment the undo is refused (the notification is released).
    pub until: Timestamp,
}

/// How a case write treats the user's undo slot.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoSlot {
    Keep,
    Set(String, Box<UndoRecord>),
    Clear(String),
    /// Push onto the user's undo stack, in a group (`store::undo`).
    Push(String, u64, Box<UndoRecord>),
    /// Take one entry off the user's stack (it was undone).
    Pop(String, u64),
}

/// One case to write.
#[derive(Debug, Clone)]
pub struct CaseWrite {
    /// Refuse if the stored revision differs (a decision); None for imports,
    /// which update by ref whatever the revision.
    pub expected_revision: Option<u64>,
    pub after: Case,
    pub action: String,
    pub actor: String,
    pub at: Timestamp,
    /// A notification the change owes; its id is stamped on the last history entry.
    pub outbox: Option<OutboxMessage>,
    /// A notification an undo withdraws.
    pub cancel_outbox: Option<u64>,
    pub undo: UndoSlot,
    /// In a bulk write, a stale case is reported and skipped instead of failing all.
    pub skip_if_stale: bool,
    /// Notifications owed by earlier entries of the case's history written
    /// in this change (the entry's index, its message): an arrival that
    /// mails two recipients.
    pub earlier_outbox: Vec<(usize, OutboxMessage)>,
    /// The organisations the case belongs to: given when it is created (or
    /// moved); None keeps those it has (a new case without: the default).
    pub orgs: Option<Vec<crate::domain::org::CaseOrg>>,
}

/// A registry record to create or replace.
#[derive(Debug, Clone)]
pub enum RegistryWrite {
    Person(Person),
    Facility(Facility),
    Physician(Physician),
    Loan(Loan),
    /// What a user is given (roles per organisation, administrator);
    /// `None`: the store forgets them.
    User(String, Option<crate::domain::org::UserAccess>),
    /// An organisation created or replaced (`None`: removed).
    Org(
        crate::domain::org::OrgId,
        Option<Box<crate::domain::org::Organisation>>,
    ),
    /// A user's name as people read it (`田中 花子` for `tanaka`); `None`
    /// removes it. Kept in the metadata table under `user_name/NAME`.
    UserName(String, Option<String>),
    /// A metadata value written with the records it goes with (who changed
    /// a record at the desk, `changed/KIND/KEY`); not audited on its own.
    Meta(String, Vec<u8>),
    /// A metadata value removed (an undo puts back its absence).
    MetaRemove(String),
    /// A record removed, found by the key of the one given (the undo of its
    /// creation); audited as `KIND.remove`.
    Remove(Box<Stored>),
    /// An enquiry replaced (moved to the person kept by a link, or back).
    Enquiry(Box<Enquiry>),
    /// A recorded change pushed on a user's undo stack, in a group.
    PushUndo(String, u64, Box<RecordUndo>),
    /// A user's undo stack entry taken off (it was undone).
    PopUndo(String, u64),
}

/// Everything one transaction writes.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    pub cases: Vec<CaseWrite>,
    pub registry: Vec<RegistryWrite>,
    pub actor: String,
    /// The real uid of the acting OS user, for the audit records.
    pub uid: Option<u32>,
    pub at: Option<Timestamp>,
    /// Audit the cases this batch creates in one record (an import chunk): the
    /// refs and a SHA-256 over every created record. Updates keep one record each.
    pub audit_creations_together: bool,
}

/// What happened to one case write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written {
        id: u64,
        revision: u64,
        created: bool,
        outbox_id: Option<u64>,
    },
    Stale(Refusal),
}

/// One undoable change on the stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoEntry {
    /// Decisions taken together (a bulk decision) share a group.
    pub group: u64,
    pub item: Undoable,
}

/// What an entry undoes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Undoable {
    /// A decision on a case.
    Case(Box<UndoRecord>),
    /// A form recorded at the desk, or a duplicate linked.
    Record(Box<RecordUndo>),
}

impl Undoable {
    /// When the entry's window closes.
    pub fn until(&self) -> Timestamp {
        match self {
            Undoable::Case(r) => r.until,
            Undoable::Record(r) => r.until,
        }
    }
}

/// A registry record as stored, for an undo's before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Stored {
    Person(Person),
    Facility(Facility),
    Physician(Physician),
    Loan(Loan),
    Enquiry(Enquiry),
}

/// A case a change wrote (a loan's follow-ups, a case received on paper, a
/// duplicate's cases moved to the person kept): undone only while nobody
/// has changed it since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseBefore {
    pub revision_after: u64,
    /// The case before; for a case the change created, the case as written
    /// (the undo closes it: a ref once given stays with its history).
    pub before: Case,
    pub created: bool,
}

/// The records one change wrote, each as it was before (None: created) and
/// as it was written (None: removed, a duplicate's person by its link); an
/// undo puts back the befores while every record is still as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordUndo {
    /// What was recorded: a record kind's id (`person`, `loan_event`…) or `link`.
    pub what: String,
    /// The record's key (a registration number, a loan id; for a link, the duplicate's).
    pub key: String,
    pub records: Vec<(Option<Stored>, Option<Stored>)>,
    pub cases: Vec<CaseBefore>,
    /// Metadata written with it, with the value before (None: absent).
    pub meta: Vec<(String, Option<Vec<u8>>)>,
    pub at: Timestamp,
    pub until: Timestamp,
}

/// What a document's production asks the store to record.
#[derive(Debug, Clone)]
pub struct IssueRequest<'a> {
    pub kind: DocumentKind,
    pub queue: Queue,
    pub reference: &'a str,
    /// The letter's date (its fiscal year numbers it).
    pub date: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub by: &'a str,
    pub uid: Option<u32>,
    pub at: Timestamp,
    /// Written with the document the first time it is numbered (a payment
    /// notice's `repayment_notice` event on its loan, with the follow-ups
    /// that follow); not when it is produced again.
    pub first: Option<&'a WriteBatch>,
}

/// What one delivery change expects to find, so that two actors (a sender and
/// a supervisor cancelling) never both win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryExpect {
    State(DeliveryState),
    Either(DeliveryState, DeliveryState),
}

impl DeliveryExpect {
    /// Whether a delivery in state `s` is as expected.
    pub fn admits(self, s: DeliveryState) -> bool {
        match self {
            DeliveryExpect::State(a) => a == s,
            DeliveryExpect::Either(a, b) => a == s || b == s,
        }
    }
}
