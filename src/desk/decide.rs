//! Commands that change cases: approve, return, note, claim, chase,
//! certification return, reopen, reassign, undo, bulk.

use super::import::generated_write;
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::refusal::{Bounded, Refusal, TextField};
use crate::domain::rules;
use crate::domain::workflow::{self, StepRefused};
use crate::domain::{
    Case, CaseBody, Decision, DecisionKind, DirectorDecision, LastReport, LoanEvent, LoanEventKind,
    Note, Permission, State, Timestamp, WithdrawalKind, time::jst_date,
};
use crate::store::{CaseWrite, Outcome, RegistryWrite, UndoRecord, UndoSlot, WriteBatch};
use serde::{Deserialize, Serialize};

/// A decision a supervisor applies to many marked cases at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    Approve,
    Return { reason: String },
}

/// What a bulk decision did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkReport {
    pub done: usize,
    /// Cases left as they were, each with the reason.
    pub refused: Vec<(CaseKey, Refusal)>,
}

fn refused(e: StepRefused) -> DeskError {
    DeskError::Refused(e.into())
}

/// A planned change of one case, before it is written.
pub(super) struct Plan {
    pub(super) after: Case,
    pub(super) kind: DecisionKind,
    reason: Option<String>,
    registry: Vec<RegistryWrite>,
    extra_cases: Vec<Case>,
    facility_before: Option<crate::domain::Facility>,
}

pub(super) const BULK_CHUNK: usize = 256;

/// The most cases one bulk decision takes.
pub const BULK_MAX_CASES: usize = 10_000;

/// The longest note the desk keeps, in characters.
const NOTE_MAX_CHARS: usize = 10_000;

/// Refuses a decision taken on a revision the case has moved past, before the
/// workflow is consulted: whoever decided on an old view is told who changed
/// the case (in the store's words), not that the new state has no such step.
fn unchanged_since(case: &Case, revision: u64) -> Result<()> {
    if case.revision == revision {
        return Ok(());
    }
    Err(DeskError::Refused(crate::store::stale(case, revision)))
}

impl Desk {
    pub(super) fn plan(
        &self,
        case: &Case,
        kind: DecisionKind,
        reason: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Plan> {
        let next = match kind {
            DecisionKind::Approve => workflow::approve_step(case).map_err(refused)?,
            DecisionKind::Return => {
                workflow::return_step(case, reason.unwrap_or("")).map_err(refused)?
            }
            DecisionKind::Chase => workflow::chase_step(case).map_err(refused)?,
            DecisionKind::CertificationReturn => {
                workflow::certification_return_step(case).map_err(refused)?
            }
            DecisionKind::Reopen => workflow::reopen_step(case).map_err(refused)?,
            DecisionKind::ApprovePart => {
                // The case's own approval must be possible: a part approves
                // only what could be approved.
                workflow::approve_step(case).map_err(refused)?;
                case.state
            }
            _ => case.state,
        };
        let mut after = case.clone();
        let mut registry = Vec::new();
        let mut extra_cases = Vec::new();
        let mut facility_before = None;
        match (&mut after.body, kind, next) {
            (CaseBody::Withdrawal(w), DecisionKind::Approve, State::DirectorApproved) => {
                w.director_decision = DirectorDecision::Approved;
                w.director_decided_at = Some(now);
            }
            (CaseBody::Withdrawal(w), DecisionKind::Approve, State::Completed) => {
                w.completed_at = Some(now);
                if w.kind == WithdrawalKind::Loan {
                    // 辞退届 completed: disbursements stop and queue 4 sees a withdrawal.
                    for loan_id in self.store.loans_of(w.registration_number.as_str())? {
                        if let Some(mut loan) = self.store.loan(&loan_id)? {
                            if !loan
                                .events
                                .iter()
                                .any(|e| e.event == LoanEventKind::Withdrawal)
                            {
                                loan.events.push(LoanEvent {
                                    notified_at: Some(jst_date(&case.received_at)),
                                    note: Some(format!("withdrawal {} completed", case.reference)),
                                    ..LoanEvent::new(LoanEventKind::Withdrawal, jst_date(&now))
                                });
                                registry.push(RegistryWrite::Loan(loan));
                            }
                        }
                    }
                }
            }
            (CaseBody::Withdrawal(w), DecisionKind::Chase, _) => w.chased_at = Some(now),
            (CaseBody::FacilityReport(r), DecisionKind::Approve, State::Accepted) => {
                if let Some(f) = self.store.facility(r.facility_number.as_str())? {
                    facility_before = Some(f.clone());
                    let mut f = f;
                    f.last_report = Some(LastReport {
                        at: now,
                        registrant: r.reporter_name.clone(),
                    });
                    registry.push(RegistryWrite::Facility(f));
                }
                let missing_ref = format!("MISSING-{}-{}", r.fiscal_year, r.facility_number);
                if let Some(id) = self.store.case_id(case.queue, &missing_ref)? {
                    if let Some(mut m) = self.store.case(id)? {
                        if m.state == State::Missing {
                            let why = format!("report {} accepted", case.reference);
                            workflow::auto_close(&mut m, &actor.name, now, &why);
                            extra_cases.push(m);
                        }
                    }
                }
            }
            _ => {}
        }
        match kind {
            DecisionKind::Claim => after.assignee = Some(actor.name.clone()),
            DecisionKind::Reassign => after.assignee = reason.map(str::to_string),
            _ => {}
        }
        after.state = next;
        after.history.push(Decision {
            kind,
            reason: reason.map(str::to_string),
            actor: actor.name.clone(),
            at: now,
            state_before: case.state,
            state_after: next,
            notification: None,
        });
        after.due = rules::due(&after, &self.rules, &self.calendar);
        Ok(Plan {
            after,
            kind,
            reason: reason.map(str::to_string),
            registry,
            extra_cases,
            facility_before,
        })
    }

    pub(super) fn case_write(
        &self,
        plan: &Plan,
        before: &Case,
        expected: u64,
        actor: &Actor,
        now: Timestamp,
        undo_group: Option<u64>,
    ) -> Result<CaseWrite> {
        let outbox = self.notification(
            &plan.after,
            plan.kind,
            plan.after.state,
            plan.reason.as_deref(),
            now,
        )?;
        let undo = if let Some(group) = undo_group {
            UndoSlot::Push(
                actor.name.clone(),
                group,
                Box::new(UndoRecord {
                    case_id: 0,
                    revision_after: 0,
                    before: before.clone(),
                    outbox_id: None,
                    facility_before: plan.facility_before.clone(),
                    at: now,
                    until: crate::domain::time::add_secs(now, self.rules.release_delay_secs.max(0)),
                }),
            )
        } else {
            UndoSlot::Keep
        };
        Ok(CaseWrite {
            expected_revision: Some(expected),
            after: plan.after.clone(),
            action: plan.kind.id().to_string(),
            actor: actor.name.clone(),
            at: now,
            outbox,
            cancel_outbox: None,
            undo,
            skip_if_stale: false,
            orgs: None,
            earlier_outbox: Vec::new(),
        })
    }

    /// Takes one decision on a case after checking who may take it; the
    /// reason is kept as each decision wants it (a return's trimmed, a
    /// certification return's trimmed and dropped when empty).
    fn decide(
        &self,
        actor: &Actor,
        key: &CaseKey,
        revision: u64,
        kind: DecisionKind,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<Case> {
        let (permission, reason) = match kind {
            DecisionKind::Claim => (Permission::Claim, reason),
            DecisionKind::Reopen => (Permission::Reopen, reason),
            DecisionKind::Reassign => (Permission::Reassign, reason),
            DecisionKind::Return => (Permission::Decide, reason.map(str::trim)),
            DecisionKind::CertificationReturn => (
                Permission::Decide,
                reason.map(str::trim).filter(|r| !r.is_empty()),
            ),
            _ => (Permission::Decide, reason),
        };
        self.require(actor, permission)?;
        let (_, case, orgs) = self.load_seen(actor, key)?;
        self.require_on(actor, permission, Some(kind), &case, &orgs)?;
        self.may_hold(kind, reason, &case, &orgs)?;
        unchanged_since(&case, revision)?;
        let (kind, part) = self.part_decision(actor, &case, &orgs, kind);
        let reason = part.as_deref().or(reason);
        let plan = self.plan(&case, kind, reason, actor, now)?;
        self.commit(actor, key, &case, revision, plan, now)
    }

    /// Refuses to assign a case to a user none of whose organisations holds it.
    fn may_hold(
        &self,
        kind: DecisionKind,
        to: Option<&str>,
        case: &Case,
        orgs: &[crate::domain::org::CaseOrg],
    ) -> Result<()> {
        match (kind, to) {
            (DecisionKind::Reassign, Some(user)) if !self.actor(user)?.sees(orgs) => {
                Err(DeskError::Refused(Refusal::AssigneeElsewhere {
                    user: user.to_string(),
                    reference: case.reference.clone(),
                }))
            }
            _ => Ok(()),
        }
    }

    /// An approval of one association's part of a category change while
    /// other parts still have to approve theirs: `ApprovePart`, naming the
    /// part. The last part's approval is the case's.
    pub(super) fn part_decision(
        &self,
        actor: &Actor,
        case: &Case,
        orgs: &[crate::domain::org::CaseOrg],
        kind: DecisionKind,
    ) -> (DecisionKind, Option<String>) {
        if kind != DecisionKind::Approve {
            return (kind, None);
        }
        let open_parts = crate::domain::org::deciders(case, orgs);
        let is_parts = orgs
            .iter()
            .any(|o| o.side == crate::domain::org::Side::Part);
        match self.part_of(actor, case, orgs) {
            Some(part) if is_parts && open_parts.len() > 1 => {
                (DecisionKind::ApprovePart, Some(part.to_string()))
            }
            _ => (kind, None),
        }
    }

    /// Writes a planned decision in one transaction: the case (with its
    /// notification and its undo entry when the decision is undoable), the
    /// cases it closes and the registry records it changes.
    pub(super) fn commit(
        &self,
        actor: &Actor,
        key: &CaseKey,
        case: &Case,
        revision: u64,
        plan: Plan,
        now: Timestamp,
    ) -> Result<Case> {
        let kind = plan.kind;
        let undoable = matches!(
            kind,
            DecisionKind::Approve | DecisionKind::Return | DecisionKind::CertificationReturn
        );
        let group = if undoable {
            Some(self.store.undo_group()?)
        } else {
            None
        };
        let mut cases = vec![self.case_write(&plan, case, revision, actor, now, group)?];
        for extra in &plan.extra_cases {
            let (expected, action) = (Some(extra.revision), DecisionKind::AutoClose.id());
            cases.push(generated_write(extra.clone(), expected, action, actor, now));
        }
        self.store.write(&WriteBatch {
            cases,
            registry: plan.registry.clone(),
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            audit_creations_together: false,
        })?;
        Ok(self.load(key)?.1)
    }
}

/// The decisions a person takes on one case by hand, each a method of the
/// desk: its doc, its name, whether it carries a reason, and its kind.
macro_rules! decisions {
    (@reason) => { None };
    (@reason $reason:ident) => { Some($reason) };
    ($($(#[$doc:meta])* fn $name:ident($($reason:ident)?) => $kind:ident;)*) => {
        impl Desk {
            $(
                $(#[$doc])*
                pub fn $name(
                    &self,
                    actor: &Actor,
                    key: &CaseKey,
                    revision: u64,
                    $($reason: &str,)?
                    now: Timestamp,
                ) -> Result<Case> {
                    let reason = decisions!(@reason $($reason)?);
                    self.decide(actor, key, revision, DecisionKind::$kind, reason, now)
                }
            )*
        }
    };
}

decisions! {
    /// Takes the case's next workflow step (SPEC key `a`).
    fn approve() => Approve;
    /// Returns the case to the applicant (差し戻し) with a reason they will read.
    fn return_case(reason) => Return;
    /// Reminds whoever the case waits on (a director, a borrower, a facility).
    fn chase() => Chase;
    /// Moves a facility report to certification return (返上).
    fn certification_return(reason) => CertificationReturn;
    /// Assigns the case to the acting user.
    fn claim() => Claim;
    /// Reopens a closed case at its first step (supervisors).
    fn reopen(reason) => Reopen;
}

impl Desk {
    /// Assigns the case to someone else (supervisors).
    pub fn reassign(
        &self,
        actor: &Actor,
        key: &CaseKey,
        revision: u64,
        to: &str,
        now: Timestamp,
    ) -> Result<Case> {
        self.require(actor, Permission::Reassign)?;
        let to = self.known_user(to)?;
        self.decide(actor, key, revision, DecisionKind::Reassign, Some(&to), now)
    }

    /// Adds a note. Notes never conflict, so no revision is checked.
    pub fn annotate(
        &self,
        actor: &Actor,
        key: &CaseKey,
        text: &str,
        now: Timestamp,
    ) -> Result<Case> {
        self.require(actor, Permission::Annotate)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(DeskError::Refused(Refusal::EmptyNote));
        }
        let chars = text.chars().count();
        if chars > NOTE_MAX_CHARS {
            return Err(DeskError::Refused(Refusal::TooLong {
                what: TextField::Note,
                chars,
                max: NOTE_MAX_CHARS,
            }));
        }
        let (_, case, orgs) = self.load_seen(actor, key)?;
        self.require_on(actor, Permission::Annotate, None, &case, &orgs)?;
        let mut after = case.clone();
        after.notes.push(Note {
            at: now,
            author: actor.name.clone(),
            text: text.to_string(),
        });
        let w = CaseWrite {
            skip_if_stale: false,
            orgs: None,
            earlier_outbox: Vec::new(),
            ..super::import::generated_write(after, Some(case.revision), "note", actor, now)
        };
        self.store.write(&WriteBatch {
            cases: vec![w],
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            ..Default::default()
        })?;
        Ok(self.load(key)?.1)
    }

    /// Applies one decision to many cases (supervisors), in transactions of a
    /// few hundred, each flushed; `progress(done, total)` is called after each.
    pub fn bulk(
        &self,
        actor: &Actor,
        keys: &[CaseKey],
        action: &BulkAction,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkReport> {
        self.require(actor, Permission::Bulk)?;
        Desk::bounded(keys)?;
        let (kind, reason) = match action {
            BulkAction::Approve => (DecisionKind::Approve, None),
            BulkAction::Return { reason } => {
                if reason.trim().is_empty() {
                    return Err(refused(StepRefused::ReasonRequired));
                }
                (DecisionKind::Return, Some(reason.trim()))
            }
        };
        // The whole bulk decision is undone as one unit.
        let group = self.store.undo_group()?;
        self.decide_in_chunks(actor, keys, (kind, reason), Some(group), now, progress)
    }

    /// Takes one decision on many cases, as [`Desk::in_chunks`] writes them,
    /// in one undo group or none.
    pub(super) fn decide_in_chunks(
        &self,
        actor: &Actor,
        keys: &[CaseKey],
        (kind, reason): (DecisionKind, Option<&str>),
        undo_group: Option<u64>,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkReport> {
        let permission = match kind {
            DecisionKind::Reassign => Permission::Reassign,
            _ => Permission::Decide,
        };
        self.in_chunks(actor, keys, now, progress, |case, orgs| {
            self.require_on(actor, permission, Some(kind), case, orgs)?;
            self.may_hold(kind, reason, case, orgs)?;
            let (kind, part) = self.part_decision(actor, case, orgs, kind);
            let reason = part.as_deref().or(reason);
            let plan = self.plan(case, kind, reason, actor, now)?;
            let w = self.case_write(&plan, case, case.revision, actor, now, undo_group)?;
            Ok((w, plan.registry))
        })
    }

    /// Refuses more cases than one bulk request takes.
    pub(crate) fn bounded(keys: &[CaseKey]) -> Result<()> {
        if keys.len() > BULK_MAX_CASES {
            return Err(DeskError::Refused(Refusal::TooMany {
                what: Bounded::BulkCases,
                count: keys.len(),
                max: BULK_MAX_CASES,
            }));
        }
        Ok(())
    }

    /// Writes one change per case in transactions of a few hundred, each
    /// flushed; a case refused or changed meanwhile is reported and left;
    /// `progress(done, total)` after each transaction.
    pub(crate) fn in_chunks(
        &self,
        actor: &Actor,
        keys: &[CaseKey],
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
        change: impl Fn(
            &Case,
            &[crate::domain::org::CaseOrg],
        ) -> Result<(CaseWrite, Vec<RegistryWrite>)>,
    ) -> Result<BulkReport> {
        let mut report = BulkReport::default();
        for (i, chunk) in keys.chunks(BULK_CHUNK).enumerate() {
            let mut batch = WriteBatch {
                actor: actor.name.clone(),
                uid: actor.uid,
                at: Some(now),
                ..Default::default()
            };
            let mut planned = Vec::new();
            for key in chunk {
                let planned_write = self
                    .load_seen(actor, key)
                    .and_then(|(_, case, orgs)| change(&case, &orgs));
                match planned_write {
                    Ok((mut w, reg)) => {
                        w.skip_if_stale = true;
                        batch.cases.push(w);
                        batch.registry.extend(reg);
                        planned.push(key.clone());
                    }
                    Err(DeskError::Refused(r)) => report.refused.push((key.clone(), r)),
                    Err(failure) => return Err(failure),
                }
            }
            let outcomes = self.store.write(&batch)?;
            for (key, o) in planned.into_iter().zip(outcomes) {
                match o {
                    Outcome::Written { .. } => report.done += 1,
                    Outcome::Stale(m) => report.refused.push((key, m)),
                }
            }
            progress(((i + 1) * BULK_CHUNK).min(keys.len()), keys.len());
        }
        Ok(report)
    }
}
