//! The programme director's answer to a withdrawal (seed 000: 専攻医が辞退 →
//! 統括にメール → 統括が承認 → 専攻医にメール), recorded by an operator from
//! the mail, letter or call it came by: approved, the case moves on as `a`
//! moves it (the trainee is notified); declined, it is returned with the
//! director's words as the reason. Either is a decision like any other:
//! audited, undoable until its notification leaves, refused as stale.

use super::record::{FieldChange, RecordForm, RecordReport};
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::field::{FieldProblem, Problem};
use crate::domain::refusal::Refusal;
use crate::domain::{CaseBody, DecisionKind, DirectorDecision, Note, Permission, Queue, State};
use crate::domain::{Timestamp, time};
use chrono::NaiveDate;

/// The form's kind (`secretariat record director_answer …`).
pub const DIRECTOR_ANSWER: &str = "director_answer";

fn refused(problems: Vec<FieldProblem>) -> DeskError {
    DeskError::Refused(Refusal::Fields {
        kind: DIRECTOR_ANSWER.into(),
        problems,
    })
}

impl Desk {
    /// Records the director's answer (see the module's documentation).
    pub(super) fn record_director_answer(
        &self,
        actor: &Actor,
        form: &RecordForm,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<RecordReport> {
        self.require(actor, Permission::Decide)?;
        let answer = crate::interchange::director_answer(form.fields.clone()).map_err(refused)?;
        let key = CaseKey::new(Queue::Withdrawal, answer.reference.clone());
        let (_, case, orgs) = self.load_seen(actor, &key)?;
        self.require_on(actor, Permission::Decide, None, &case, &orgs)?;
        let revision = match form.seen.iter().find(|(n, _)| n == "revision") {
            Some((_, r)) => r.trim().parse().unwrap_or(u64::MAX),
            None => case.revision,
        };
        if case.revision != revision {
            return Err(DeskError::Refused(crate::store::stale(&case, revision)));
        }
        if case.state != State::AwaitingDirector {
            return Err(DeskError::Refused(Refusal::Step {
                step: crate::domain::workflow::StepRefused::NoNextStep {
                    reference: case.reference.clone(),
                    state: case.state,
                },
            }));
        }
        // The day the director answered; today's answer at this moment.
        let answered = match answer.day {
            Some(d) if d > today => {
                return Err(refused(vec![FieldProblem::new(
                    "director_decided_at",
                    Problem::OutsideRuleYears {
                        value: d.to_string(),
                    },
                )]));
            }
            Some(d) if d < today => time::start_of_day(d),
            _ => now,
        };
        let note = answer.note.filter(|n| !n.trim().is_empty());
        let (kind, reason) = if answer.approved {
            (DecisionKind::Approve, None)
        } else {
            let Some(reason) = note.as_deref() else {
                return Err(refused(vec![FieldProblem::new("note", Problem::Missing)]));
            };
            (DecisionKind::Return, Some(reason))
        };
        let mut plan = self.plan(&case, kind, reason, actor, now)?;
        if let CaseBody::Withdrawal(w) = &mut plan.after.body {
            w.director_decision = if answer.approved {
                DirectorDecision::Approved
            } else {
                DirectorDecision::Declined
            };
            w.director_decided_at = Some(answered);
        }
        if let (true, Some(text)) = (answer.approved, &note) {
            plan.after.notes.push(Note {
                at: now,
                author: actor.name.clone(),
                text: text.clone(),
            });
        }
        let decision = if answer.approved {
            "approved"
        } else {
            "declined"
        };
        let mut report = RecordReport {
            kind: DIRECTOR_ANSWER.into(),
            key: case.reference.clone(),
            case: Some(key.clone()),
            created: false,
            written: false,
            changes: vec![FieldChange {
                field: "director_decision".into(),
                before: Some("pending".into()),
                after: Some(decision.into()),
            }],
            effects: Vec::new(),
        };
        if form.dry_run {
            return Ok(report);
        }
        self.commit(actor, &key, &case, revision, plan, now)?;
        report.written = true;
        Ok(report)
    }
}
