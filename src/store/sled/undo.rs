//! The undo stack: every undoable change of a user, newest last, while its
//! window is open — a decision until its notification is released, a
//! recorded form or a linked duplicate for the same delay. A bulk decision's
//! entries share a group and are undone together. Entries live in the `undo`
//! tree under `user, 0x00, seq u64` (bincode [`UndoEntry`]); a schema-1
//! store's single slot under `user` alone is still read by the desk when the
//! stack is empty. Schema 8 made an entry either a case's decision or a
//! change of registry records (`Undoable`).

use super::write::UndoRecord;
use super::{Result, SledStore, T, decode};
use crate::domain::enquiry::Enquiry;
use crate::domain::{Case, Facility, Loan, Person, Physician, Timestamp};
use serde::{Deserialize, Serialize};

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

/// The key of one stack entry.
pub fn entry_key(user: &str, seq: u64) -> Vec<u8> {
    let mut k = stack_prefix(user);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn stack_prefix(user: &str) -> Vec<u8> {
    let mut k = user.as_bytes().to_vec();
    k.push(0);
    k
}

impl SledStore {
    /// A new group id for decisions undone together.
    pub fn undo_group(&self) -> Result<u64> {
        Ok(self.db()?.generate_id()?)
    }

    /// The user's newest group of undoable decisions, newest first, with their
    /// stack positions; empty when there is none.
    pub fn undo_top(&self, user: &str) -> Result<Vec<(u64, UndoEntry)>> {
        let prefix = stack_prefix(user);
        let mut out: Vec<(u64, UndoEntry)> = Vec::new();
        for kv in self.tree(T::Undo).scan_prefix(&prefix).rev() {
            let (k, v) = kv?;
            let seq = super::keys::trailing_id(&k).unwrap_or(0);
            let e: UndoEntry = decode(&v)?;
            if out.first().is_some_and(|(_, f)| f.group != e.group) {
                break;
            }
            out.push((seq, e));
        }
        Ok(out)
    }

    /// Drops the user's entries whose window closed by `now` (oldest first;
    /// windows close in the order decisions were taken).
    pub fn prune_undo(&self, user: &str, now: Timestamp) -> Result<()> {
        let tree = self.tree(T::Undo);
        for kv in tree.scan_prefix(stack_prefix(user)) {
            let (k, v) = kv?;
            let e: UndoEntry = decode(&v)?;
            if e.item.until() > now {
                break;
            }
            tree.remove(k)?;
        }
        Ok(())
    }

    /// Drops one entry (an undo refused for good: the case moved on).
    pub fn drop_undo(&self, user: &str, seq: u64) -> Result<()> {
        self.tree(T::Undo).remove(entry_key(user, seq))?;
        Ok(())
    }
}
