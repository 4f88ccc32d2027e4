//! Undo: my decisions one after another, newest first, while their
//! notifications wait; a bulk decision is one unit. A store written before
//! the stack keeps its single slot, which is undone when the stack is empty.

use super::decide::BULK_CHUNK;
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, Decision, DecisionKind, OutboxStatus, Timestamp};
use crate::store::{CaseWrite, RegistryWrite, UndoRecord, UndoSlot, Undoable, WriteBatch};
use serde::{Deserialize, Serialize};

/// What the next `u` would undo, and how long a decision taken now stays undoable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoInfo {
    /// The newest case of the next unit.
    pub next: Option<CaseKey>,
    /// Or a recorded form or linked duplicate: what (`loan_event`, `person`,
    /// `link`…) and its key.
    #[serde(default)]
    pub record: Option<(String, String)>,
    /// Cases in that unit (more than one for a bulk decision).
    pub cases: usize,
    /// When that unit's window closes.
    pub until: Option<Timestamp>,
    /// Seconds a decision stays undoable (its notification's release delay).
    pub window_secs: i64,
}

/// What an undo did: a case restored, or a recorded change taken back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undone {
    Case(Box<Case>),
    Record(Box<super::record::RecordReport>),
}

impl Desk {
    /// The case the acting user's undo would restore, if an undo is possible now.
    pub fn undoable(&self, actor: &Actor, now: Timestamp) -> Result<Option<CaseKey>> {
        Ok(self.undo_info(actor, now)?.next)
    }

    /// What the next undo would do.
    pub fn undo_info(&self, actor: &Actor, now: Timestamp) -> Result<UndoInfo> {
        let top = self.store.undo_top(&actor.name)?;
        let item = match top.first() {
            Some((_, e)) => Some(e.item.clone()),
            None => self
                .store
                .undo_record(&actor.name)?
                .map(|r| Undoable::Case(Box::new(r))),
        }
        .filter(|i| now < i.until());
        let window_secs = self.rules.release_delay_secs.max(0);
        Ok(match item {
            None => UndoInfo {
                next: None,
                record: None,
                cases: 0,
                until: None,
                window_secs,
            },
            Some(Undoable::Case(r)) => UndoInfo {
                next: Some(CaseKey::new(r.before.queue, r.before.reference.clone())),
                record: None,
                cases: top.len().max(1),
                until: Some(r.until),
                window_secs,
            },
            Some(Undoable::Record(r)) => UndoInfo {
                next: None,
                record: Some((r.what.clone(), r.key.clone())),
                cases: 1,
                until: Some(r.until),
                window_secs,
            },
        })
    }

    /// Undoes the acting user's newest undoable change — a decision (a bulk
    /// decision as one unit) while its notifications are unreleased, or a
    /// recorded form or linked duplicate within the same window; returns the
    /// newest case restored, or what the record's undo did.
    pub fn undo(&self, actor: &Actor, now: Timestamp) -> Result<Undone> {
        let top = self.store.undo_top(&actor.name)?;
        let Some((seq, newest)) = top.first() else {
            return self
                .undo_slot(actor, now)
                .map(|c| Undone::Case(Box::new(c)));
        };
        let (reference, until) = match &newest.item {
            Undoable::Case(r) => (r.before.reference.clone(), r.until),
            Undoable::Record(r) => (r.key.clone(), r.until),
        };
        if now >= until {
            self.store.prune_undo(&actor.name, now)?;
            return Err(DeskError::Refused(Refusal::UndoReleased {
                reference,
                at: until,
            }));
        }
        if let Undoable::Record(r) = &newest.item {
            return self
                .undo_recorded(actor, r, *seq, now)
                .map(|r| Undone::Record(Box::new(r)));
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
                // A group holds decisions only.
                let Undoable::Case(record) = &e.item else {
                    continue;
                };
                match self.undo_write(actor, record, now, UndoSlot::Pop(actor.name.clone(), *seq)) {
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
            Some(key) => Ok(Undone::Case(Box::new(self.load(&key)?.1))),
            None => Err(DeskError::Refused(Refusal::UndoChanged {
                reference,
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
        let reason = current
            .history
            .last()
            .map(|d| format!("undo {}", d.kind.id()));
        let registry = rec
            .facility_before
            .clone()
            .map(RegistryWrite::Facility)
            .into_iter()
            .collect();
        let write = undone_write(actor, &current, rec.before.clone(), reason, now);
        Ok((
            CaseWrite {
                cancel_outbox: rec.outbox_id,
                undo: slot,
                ..write
            },
            registry,
        ))
    }

    /// Undoes the newest change, which the test expects to be a decision.
    #[cfg(test)]
    pub fn undo_case(&self, actor: &Actor, now: Timestamp) -> Result<Case> {
        match self.undo(actor, now)? {
            Undone::Case(c) => Ok(*c),
            Undone::Record(r) => panic!("a recorded change was undone: {r:?}"),
        }
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
        self.store.write(&batch_of(actor, now, vec![w], registry))?;
        Ok(self.load(&key)?.1)
    }
}

/// One transaction of `actor`'s at `now`: these cases and records.
pub(super) fn batch_of(
    actor: &Actor,
    now: Timestamp,
    cases: Vec<CaseWrite>,
    registry: Vec<RegistryWrite>,
) -> WriteBatch {
    WriteBatch {
        cases,
        registry,
        actor: actor.name.clone(),
        uid: actor.uid,
        at: Some(now),
        audit_creations_together: false,
    }
}

/// The write that puts `current` back as `restored`, its history kept
/// with an undo entry added (`reason`: what was undone).
pub(super) fn undone_write(
    actor: &Actor,
    current: &Case,
    mut restored: Case,
    reason: Option<String>,
    now: Timestamp,
) -> CaseWrite {
    restored.history = current.history.clone();
    restored.history.push(Decision {
        kind: DecisionKind::Undo,
        reason,
        actor: actor.name.clone(),
        at: now,
        state_before: current.state,
        state_after: restored.state,
        notification: None,
    });
    let action = DecisionKind::Undo.id();
    CaseWrite {
        skip_if_stale: false,
        orgs: None,
        earlier_outbox: Vec::new(),
        ..super::import::generated_write(restored, Some(current.revision), action, actor, now)
    }
}
