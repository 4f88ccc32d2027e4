//! The undo stack: every undoable change of a user, newest last, while its
//! window is open — a decision until its notification is released, a
//! recorded form or a linked duplicate for the same delay. A bulk decision's
//! entries share a group and are undone together. Entries live in the `undo`
//! tree under `user, 0x00, seq u64` (bincode [`UndoEntry`]); a schema-1
//! store's single slot under `user` alone is still read by the desk when the
//! stack is empty. Schema 8 made an entry either a case's decision or a
//! change of registry records (`Undoable`).

use super::{Result, SledStore, T, decode};
use crate::domain::Timestamp;
pub use crate::store::{CaseBefore, RecordUndo, Stored, UndoEntry, Undoable};

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
