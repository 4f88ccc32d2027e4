//! Undoing a recorded change: a form recorded at the desk (a person,
//! facility, physician or loan created or corrected, a loan event appended)
//! or a duplicate linked. Its stack entry holds every record as it was before
//! and as written; the undo puts the befores back in one transaction while
//! each record is still as written (refused naming who changed it otherwise),
//! brings a loan's follow-ups back to its ledger, and moves a link's cases
//! back while nobody has changed them since.

use super::record::{FieldChange, RecordReport};
use super::undo::{batch_of, undone_write};
use super::{Actor, Desk, DeskError, Result};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, OutboxStatus, Queue, State, Timestamp};
use crate::store::{CaseBefore, CaseWrite, RecordUndo, RegistryWrite, Stored};

/// The write that puts a record back as it was (`after` and `before` are
/// never both absent: the entry is made from a write).
fn restore(before: Option<&Stored>, after: Option<&Stored>) -> Option<RegistryWrite> {
    Some(match before {
        None => RegistryWrite::Remove(Box::new(after?.clone())),
        Some(Stored::Person(p)) => RegistryWrite::Person(p.clone()),
        Some(Stored::Facility(f)) => RegistryWrite::Facility(f.clone()),
        Some(Stored::Physician(p)) => RegistryWrite::Physician(p.clone()),
        Some(Stored::Loan(l)) => RegistryWrite::Loan(l.clone()),
        Some(Stored::Enquiry(e)) => RegistryWrite::Enquiry(Box::new(e.clone())),
    })
}

impl Desk {
    /// The record as stored now, of the same kind and key as `like`.
    pub(super) fn stored_now(&self, like: &Stored) -> Result<Option<Stored>> {
        Ok(match like {
            Stored::Person(p) => self
                .store
                .person(p.registration_number.as_str())?
                .map(Stored::Person),
            Stored::Facility(f) => self
                .store
                .facility(f.facility_number.as_str())?
                .map(Stored::Facility),
            Stored::Physician(p) => self.store.physician(&p.cert_number)?.map(Stored::Physician),
            Stored::Loan(l) => self.store.loan(&l.loan_id)?.map(Stored::Loan),
            Stored::Enquiry(e) => self.store.enquiry(e.id)?.map(Stored::Enquiry),
        })
    }

    /// The registry writes of a batch as an undo entry: each record as
    /// stored before it, the metadata written with the value before.
    pub(super) fn undo_entry(
        &self,
        what: &str,
        key: &str,
        registry: &[RegistryWrite],
        now: Timestamp,
    ) -> Result<RecordUndo> {
        let mut records = Vec::new();
        let mut meta = Vec::new();
        for w in registry {
            let after = match w {
                RegistryWrite::Person(p) => Stored::Person(p.clone()),
                RegistryWrite::Facility(f) => Stored::Facility(f.clone()),
                RegistryWrite::Physician(p) => Stored::Physician(p.clone()),
                RegistryWrite::Loan(l) => Stored::Loan(l.clone()),
                RegistryWrite::Enquiry(e) => Stored::Enquiry((**e).clone()),
                RegistryWrite::Remove(gone) => {
                    records.push((self.stored_now(gone)?, None));
                    continue;
                }
                RegistryWrite::Meta(k, _) | RegistryWrite::MetaRemove(k) => {
                    meta.push((k.clone(), self.store.meta(k)?));
                    continue;
                }
                _ => continue,
            };
            records.push((self.stored_now(&after)?, Some(after)));
        }
        Ok(RecordUndo {
            what: what.to_string(),
            key: key.to_string(),
            records,
            cases: Vec::new(),
            meta,
            at: now,
            until: crate::domain::time::add_secs(now, self.rules.release_delay_secs.max(0)),
        })
    }

    /// The cases a batch writes, as they are before it (a case it creates as
    /// written, with revision 1).
    pub(super) fn cases_before(&self, writes: &[CaseWrite]) -> Result<Vec<CaseBefore>> {
        let mut out = Vec::new();
        for w in writes {
            let key = super::CaseKey::new(w.after.queue, w.after.reference.clone());
            let stored = match self.store.case_id(key.queue, &key.reference)? {
                Some(id) => self.store.case(id)?,
                None => None,
            };
            out.push(match stored {
                Some(before) => CaseBefore {
                    revision_after: before.revision + 1,
                    before,
                    created: false,
                },
                None => CaseBefore {
                    revision_after: 1,
                    before: w.after.clone(),
                    created: true,
                },
            });
        }
        Ok(out)
    }

    /// Who last changed a record at the desk, for a refusal.
    fn changed_by(&self, r: &RecordUndo) -> Result<String> {
        let stamp = r
            .meta
            .iter()
            .find(|(k, _)| k.starts_with("changed/"))
            .map(|(k, _)| k.clone());
        let who = match stamp {
            Some(k) => self
                .store
                .meta(&k)?
                .and_then(|v| serde_json::from_slice::<(String, Timestamp)>(&v).ok())
                .map(|(by, _)| by),
            None => None,
        };
        Ok(who.unwrap_or_else(|| String::from("others")))
    }

    /// Undoes a recorded change (stack entry `seq`): see the module.
    pub(super) fn undo_recorded(
        &self,
        actor: &Actor,
        r: &RecordUndo,
        seq: u64,
        now: Timestamp,
    ) -> Result<RecordReport> {
        let changed = |by: String| {
            DeskError::Refused(Refusal::UndoChanged {
                reference: r.key.clone(),
                by,
            })
        };
        let mut registry = Vec::new();
        for (before, after) in &r.records {
            let Some(like) = after.as_ref().or(before.as_ref()) else {
                continue;
            };
            if self.stored_now(like)?.as_ref() != after.as_ref() {
                // Moved on since: this entry can never be undone now.
                self.store.drop_undo(&actor.name, seq)?;
                return Err(changed(self.changed_by(r)?));
            }
            registry.extend(restore(before.as_ref(), after.as_ref()));
        }
        for (k, was) in &r.meta {
            registry.push(match was {
                Some(v) => RegistryWrite::Meta(k.clone(), v.clone()),
                None => RegistryWrite::MetaRemove(k.clone()),
            });
        }
        registry.push(RegistryWrite::PopUndo(actor.name.clone(), seq));
        let mut cases = Vec::new();
        for c in &r.cases {
            let key = super::CaseKey::new(c.before.queue, c.before.reference.clone());
            let (_, current) = self.load(&key)?;
            if current.revision != c.revision_after {
                self.store.drop_undo(&actor.name, seq)?;
                return Err(changed(current.updated_by.clone()));
            }
            cases.push(self.case_undone(actor, r, c, current, now)?);
        }
        let mut report = RecordReport {
            kind: r.what.clone(),
            key: r.key.clone(),
            case: None,
            created: false,
            written: false,
            changes: Vec::<FieldChange>::new(),
            effects: Vec::new(),
        };
        // A loan event taken back: which, for the clerk's message.
        if let Some((Some(Stored::Loan(b)), Some(Stored::Loan(a)))) = r.records.first() {
            if let Some(e) = a.events.iter().find(|e| !b.events.contains(e)) {
                report.changes.push(FieldChange {
                    field: "event".into(),
                    before: Some(e.event.id().to_string()),
                    after: None,
                });
            }
        }
        let closed = r.cases.iter().filter(|c| c.created).count();
        let updated = r.cases.len() - closed;
        let a_loan = r
            .records
            .iter()
            .any(|(b, _)| matches!(b, Some(Stored::Loan(_))));
        // A loan's form took its follow-ups back with it.
        if r.what != "link" && !r.cases.is_empty() && a_loan {
            report.effects.push(super::record::Effect::Followups {
                created: 0,
                updated,
                closed,
            });
        }
        self.store.write(&batch_of(actor, now, cases, registry))?;
        report.written = true;
        Ok(report)
    }

    /// The write that takes one case back: as it was before, or — a case the
    /// change created — closed (returned, outside the loan queue), its
    /// notification withdrawn while it waits.
    fn case_undone(
        &self,
        actor: &Actor,
        r: &RecordUndo,
        c: &CaseBefore,
        current: Case,
        now: Timestamp,
    ) -> Result<CaseWrite> {
        let mut cancel = None;
        let restored = if c.created {
            for oid in current.history.iter().filter_map(|d| d.notification) {
                if let Some(m) = self.store.outbox_message(oid)? {
                    if m.status == OutboxStatus::Pending {
                        cancel = Some(oid);
                    } else if m.status != OutboxStatus::Cancelled {
                        return Err(DeskError::Refused(Refusal::UndoSent {
                            reference: current.reference.clone(),
                        }));
                    }
                }
            }
            let mut closed = current.clone();
            closed.state = match closed.queue {
                Queue::LoanFollowup => State::Closed,
                _ => State::Returned,
            };
            closed
        } else {
            c.before.clone()
        };
        let write = undone_write(
            actor,
            &current,
            restored,
            Some(format!("undo {}", r.what)),
            now,
        );
        Ok(CaseWrite {
            cancel_outbox: cancel,
            ..write
        })
    }
}
