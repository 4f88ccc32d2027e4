//! Undo: my decisions one after another, newest first, while their
//! notifications wait; a bulk decision is one unit. A store written before
//! the stack keeps its single slot, which is undone when the stack is empty.

use super::decide::BULK_CHUNK;
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, Decision, DecisionKind, OutboxStatus, Timestamp};
use crate::store::{CaseWrite, RegistryWrite, UndoRecord, UndoSlot, WriteBatch};
use serde::{Deserialize, Serialize};

/// What the next `u` would undo, and how long a decision taken now stays undoable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoInfo {
    /// The newest case of the next unit.
    pub next: Option<CaseKey>,
    /// Cases in that unit (more than one for a bulk decision).
    pub cases: usize,
    /// When that unit's window closes.
    pub until: Option<Timestamp>,
    /// Seconds a decision stays undoable (its notification's release delay).
    pub window_secs: i64,
}

impl Desk {
    /// The case the acting user's undo would restore, if an undo is possible now.
    pub fn undoable(&self, actor: &Actor, now: Timestamp) -> Result<Option<CaseKey>> {
        Ok(self.undo_info(actor, now)?.next)
    }

    /// What the next undo would do.
    pub fn undo_info(&self, actor: &Actor, now: Timestamp) -> Result<UndoInfo> {
        let top = self.store.undo_top(&actor.name)?;
        let rec = match top.first() {
            Some((_, e)) => Some(e.record.clone()),
            None => self.store.undo_record(&actor.name)?,
        }
        .filter(|r| now < r.until);
        Ok(UndoInfo {
            next: rec
                .as_ref()
                .map(|r| CaseKey::new(r.before.queue, r.before.reference.clone())),
            cases: if rec.is_none() { 0 } else { top.len().max(1) },
            until: rec.map(|r| r.until),
            window_secs: self.rules.release_delay_secs.max(0),
        })
    }

    /// Undoes the acting user's newest undoable decision (or bulk decision, as
    /// one unit) while its notifications are unreleased; returns the newest
    /// case restored.
    pub fn undo(&self, actor: &Actor, now: Timestamp) -> Result<Case> {
        let top = self.store.undo_top(&actor.name)?;
        let Some((_, newest)) = top.first() else {
            return self.undo_slot(actor, now);
        };
        if now >= newest.record.until {
            self.store.prune_undo(&actor.name, now)?;
            return Err(DeskError::Refused(Refusal::UndoReleased {
                reference: newest.record.before.reference.clone(),
                at: newest.record.until,
            }));
        }
        let single = top.len() == 1;
        let mut first: Option<CaseKey> = None;
        for chunk in top.chunks(BULK_CHUNK) {
            let mut batch = WriteBatch {
                actor: actor.name.clone(),
                uid: actor.uid,
                at: Some(now),
                ..Default::default()
            };
            for (seq, e) in chunk {
                match self.undo_write(
                    actor,
                    &e.record,
                    now,
                    UndoSlot::Pop(actor.name.clone(), *seq),
                ) {
                    Ok((mut w, reg)) => {
                        w.skip_if_stale = !single;
                        first.get_or_insert_with(|| {
                            CaseKey::new(w.after.queue, w.after.reference.clone())
                        });
                        batch.cases.push(w);
                        batch.registry.extend(reg);
                    }
                    Err(DeskError::Refused(r)) => {
                        // This one can never be undone now: off the stack.
                        self.store.drop_undo(&actor.name, *seq)?;
                        if single {
                            return Err(DeskError::Refused(r));
                        }
                    }
                    Err(failure) => return Err(failure),
                }
            }
            self.store.write(&batch)?;
        }
        match first {
            Some(key) => Ok(self.load(&key)?.1),
            None => Err(DeskError::Refused(Refusal::UndoChanged {
                reference: newest.record.before.reference.clone(),
                by: String::from("others"),
            })),
        }
    }

    /// The write that restores one decision's case, or why it cannot be undone.
    fn undo_write(
        &self,
        actor: &Actor,
        rec: &UndoRecord,
        now: Timestamp,
        slot: UndoSlot,
    ) -> Result<(CaseWrite, Vec<RegistryWrite>)> {
        if now >= rec.until {
            return Err(DeskError::Refused(Refusal::UndoReleased {
                reference: rec.before.reference.clone(),
                at: rec.until,
            }));
        }
        if let Some(oid) = rec.outbox_id {
            if let Some(m) = self.store.outbox_message(oid)? {
                if m.status != OutboxStatus::Pending {
                    return Err(DeskError::Refused(Refusal::UndoSent {
                        reference: rec.before.reference.clone(),
                    }));
                }
            }
        }
        let key = CaseKey::new(rec.before.queue, rec.before.reference.clone());
        let (_, current) = self.load(&key)?;
        if current.revision != rec.revision_after {
            return Err(DeskError::Refused(Refusal::UndoChanged {
                reference: key.reference.clone(),
                by: current.updated_by.clone(),
            }));
        }
        let mut restored = rec.before.clone();
        restored.history = current.history.clone();
        restored.history.push(Decision {
            kind: DecisionKind::Undo,
            reason: current
                .history
                .last()
                .map(|d| format!("undo {}", d.kind.id())),
            actor: actor.name.clone(),
            at: now,
            state_before: current.state,
            state_after: rec.before.state,
            notification: None,
        });
        let registry = rec
            .facility_before
            .clone()
            .map(RegistryWrite::Facility)
            .into_iter()
            .collect();
        Ok((
            CaseWrite {
                expected_revision: Some(current.revision),
                after: restored,
                action: DecisionKind::Undo.id().to_string(),
                actor: actor.name.clone(),
                at: now,
                outbox: None,
                cancel_outbox: rec.outbox_id,
                undo: slot,
                skip_if_stale: false,
            },
            registry,
        ))
    }

    /// Undo from a schema-1 store's single slot.
    fn undo_slot(&self, actor: &Actor, now: Timestamp) -> Result<Case> {
        let rec = self.store.undo_record(&actor.name)?.ok_or_else(|| {
            DeskError::Refused(Refusal::NothingToUndo {
                user: actor.name.clone(),
            })
        })?;
        let (w, registry) =
            self.undo_write(actor, &rec, now, UndoSlot::Clear(actor.name.clone()))?;
        let key = CaseKey::new(w.after.queue, w.after.reference.clone());
        self.store.write(&WriteBatch {
            cases: vec![w],
            registry,
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            audit_creations_together: false,
        })?;
        Ok(self.load(&key)?.1)
    }
}
