//! What `check` finds, the same on every backend: its counts, and what is
//! wrong as data: a record that does not read (its
//! table, its key and why), an index that disagrees with the cases, a break
//! in the audit chain, a role the audit log did not give. `i18n::check`
//! words each in the user's language; it crosses the socket as JSON.

use crate::domain::{DeliveryState, OutboxStatus, Queue, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What `check` found; empty `faults` means the store is sound.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub cases: u64,
    pub index_entries: u64,
    pub audit_records: u64,
    pub outbox_messages: u64,
    pub faults: Vec<CheckFault>,
    /// What crash recovery changed in the store's files when this process
    /// opened them (nothing after a clean close).
    pub recovered: Vec<String>,
}

impl CheckReport {
    /// Notes a fault (the first thousand).
    pub(crate) fn fault(&mut self, f: CheckFault) {
        // A thousand faults say enough; the rest would only bury the first.
        if self.faults.len() < 1000 {
            self.faults.push(f);
        }
    }
}

/// One fault `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fault")]
pub enum CheckFault {
    /// A record of `table` that does not read; `key` as people read it, with
    /// the case's ref when the table gives one (`cases 17 (withdrawal/W-…)`).
    Record {
        table: String,
        key: RecordKey,
        why: Why,
    },
    /// A case's entry in `index` that is missing, or stale (another value).
    Entry {
        queue: Queue,
        reference: String,
        index: String,
        stale: bool,
    },
    /// A case's tag that is missing or not the case's.
    Tag { queue: Queue, reference: String },
    /// A case missing from the postings of one of its search words.
    Posting {
        queue: Queue,
        reference: String,
        word: String,
    },
    /// The refs index does not point at the case `id`.
    Ref {
        queue: Queue,
        reference: String,
        id: u64,
    },
    /// An index holding another number of entries than the cases call for.
    IndexSize {
        index: String,
        holds: u64,
        want: u64,
    },
    /// The search postings holding another number of ids than the cases call for.
    Postings { holds: u64, want: u64 },
    /// The tags holding another number of cases than there are.
    Tags { holds: u64, cases: u64 },
    /// The refs index holding another number of entries than there are cases.
    Refs { holds: u64, cases: u64 },
    /// The queue counters do not match the cases.
    Counters,
    /// A notification no decision names.
    OutboxOrphan { id: u64 },
    /// A decision naming a notification that does not exist.
    OutboxMissing { id: u64 },
    /// A delivery stored under one notification naming another.
    DeliveryNamesOther { id: u64, outbox: u64 },
    /// A delivery of a notification not released.
    DeliveryUnreleased { id: u64, status: OutboxStatus },
    /// A delivery with no notification.
    DeliveryAlone { id: u64 },
    /// A delivery in the send queue that is not queued, or queued and not in it.
    DeliveryQueue {
        id: u64,
        state: DeliveryState,
        in_queue: bool,
    },
    /// The send queue holding another number of entries than queued deliveries.
    SendQueue { holds: u64, queued: u64 },
    /// The audit key given is not the store's: the chain is not verified.
    AuditKey { key: String },
    /// An audit record that does not read: the chain is not verified past it.
    AuditUnreadable { seq: u64 },
    /// An audit record missing where `found` stands.
    AuditGap { seq: u64, found: u64 },
    /// An audit record that does not follow the one before.
    AuditBroken { seq: u64 },
    /// An audit record whose MAC does not verify under the store's key.
    AuditAltered { seq: u64 },
    /// The last `count` audit records removed (the head marker names more).
    AuditRemoved { count: u64 },
    /// Audit records and no head marker.
    AuditNoHead,
    /// `--since-head`: the anchored record is gone (the log was truncated).
    AnchorGone { seq: u64 },
    /// `--since-head`: the anchored record has another MAC (the log was
    /// rewritten); both MACs' first twelve characters.
    AnchorRewritten {
        seq: u64,
        anchored: String,
        now: String,
    },
    /// `--since-head`: the chain ends before the anchored record.
    AnchorBeyond { head: u64, anchor: u64 },
    /// A user's role that is not the one the audit log gave (`given`, if any).
    RoleNotGiven {
        user: String,
        role: String,
        given: Option<String>,
    },
    /// A role the audit log gave that the store no longer holds.
    RoleLost { user: String },
    /// An entry of `index` whose record is missing or says otherwise
    /// (`missing: false`), or a record without its entry (`missing: true`).
    IndexEntry {
        index: String,
        key: RecordKey,
        missing: bool,
    },
}

/// A record's key as people read it: numbers as numbers, names as names,
/// the parts of a composite key apart; bytes that make none of these as
/// text where they are text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RecordKey {
    /// A number: a case, an audit record, a notification, an assignee.
    Number { n: u64 },
    /// A case, with its ref as the refs table gives it.
    Case {
        id: u64,
        queue: Queue,
        reference: String,
    },
    /// A block of tags: of the cases `first` to `last`.
    TagBlock { block: u64, first: u64, last: u64 },
    /// A name: a registration number, a user, a metadata key.
    Name { name: String },
    /// A case's ref.
    Ref { queue: Queue, reference: String },
    /// A due-date entry (`case` unread when its bytes are not a number).
    Due {
        queue: Queue,
        closed: bool,
        due: Option<NaiveDate>,
        case: Option<u64>,
    },
    /// A user's undo entry.
    Undo { user: String, seq: u64 },
    /// A name entry of a case.
    ByName {
        queue: Queue,
        closed: bool,
        name: String,
        case: u64,
    },
    /// A subject entry of a case: a person's or a facility's number.
    Subject {
        facility: bool,
        number: String,
        case: u64,
    },
    /// A queue counter.
    Counter {
        queue: Queue,
        state: State,
        due: Option<NaiveDate>,
    },
    /// A person by name, birth date and registration number.
    Identity {
        name: String,
        born: Option<NaiveDate>,
        number: String,
    },
    /// A block of search postings of `word` from case `first`.
    Posting {
        queue: Queue,
        word: String,
        first: u64,
    },
    /// An import's header.
    ImportHeader { import: u64 },
    /// An import's mark of a case it created.
    ImportCreated { import: u64, case: u64 },
    /// The value an import found under a key before it wrote.
    ImportPrior {
        import: u64,
        table: String,
        key: Box<RecordKey>,
    },
    /// Bytes: text where they are text, `/` for the separator, `\xNN` else.
    Bytes { text: String },
}

/// Why a record does not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum Why {
    /// The value is not `what`; `detail` in the codec's words.
    NotA { what: Part, detail: String },
    /// `what` has `found` bytes where it has `want`.
    Length { what: Part, want: u64, found: u64 },
    /// `what` is not UTF-8.
    NotText { what: Part },
    /// `what` is empty.
    Empty { what: Part },
    /// `what` is cut short.
    CutShort { what: Part },
    /// The record under `key` says it is `found`.
    Misplaced { what: Part, key: u64, found: u64 },
    /// An index entry carrying a value of `found` bytes.
    IndexValue { found: u64 },
    /// The key names no queue.
    NoQueue,
    /// The key names neither open nor closed cases.
    NoBucket,
    /// The key has no separator (0x00).
    NoSeparator,
    /// A subject entry that does not begin with a subject kind.
    NoSubjectKind,
    /// A counter naming no state.
    NoState,
    /// An entry of a table schema 6 no longer keeps.
    LeftBehind,
    /// A role that is not a role.
    NotARole { role: String },
    /// Slot `slot` of a tag block is not a tag.
    NotATag { slot: u64 },
    /// A block of ids holding none.
    NoIds,
    /// An id that does not fit 64 bits.
    IdTooLarge,
    /// The audit head that is not a number and a MAC.
    NotAHead,
    /// An import's mark of a created case that is not one.
    NotACreatedMark,
    /// An import's prior value that is neither absent nor present with its bytes.
    NotAPriorValue,
    /// An import journal entry naming no table.
    NoTable,
    /// An import journal key that is neither a header nor an entry.
    NotAJournalKey,
}

/// What a part of a record is, as `Why` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Case,
    Person,
    Facility,
    Physician,
    Loan,
    AuditRecord,
    Notification,
    Delivery,
    UndoEntry,
    UndoRecord,
    ImportHeader,
    Id,
    CaseId,
    Count,
    SequenceNumber,
    ImportId,
    UndoNumber,
    DueEntry,
    CounterKey,
    AssigneeNumber,
    Organisation,
    OrgSet,
    OrgSetNumber,
    UserAccess,
    SchemaVersion,
    TagBlock,
    TagBlockKey,
    PlaceNumber,
    PlaceBlock,
    PlaceBlockKey,
    Place,
    BirthDate,
    JournalKey,
    LastId,
    Ref,
    Name,
    Key,
    User,
    Word,
    Role,
    Mac,
    Value,
    RegistrationNumber,
    Enquiry,
}
