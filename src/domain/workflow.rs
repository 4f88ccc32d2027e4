//! Which step a decision takes each case to, and why a step is refused.

use super::case::{Case, CaseBody, DecisionKind, Queue, State, TransferKind};

/// Why a workflow step cannot be taken on a case (a rule, not a permission).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepRefused {
    NoNextStep { reference: String, state: State },
    NotOpen { reference: String, state: State },
    AwaitsReport { reference: String },
    ReasonRequired,
    NotChaseable { reference: String, state: State },
    NotAReport,
    NotClosed { reference: String, state: State },
}

/// The state an approval takes a case to (the next step of its workflow).
pub fn approve_step(case: &Case) -> Result<State, StepRefused> {
    if let CaseBody::CompletionApplication(_) = &case.body {
        return super::completion::approve_step(case.state).ok_or_else(|| {
            StepRefused::NoNextStep {
                reference: case.reference.clone(),
                state: case.state,
            }
        });
    }
    let next = match (&case.body, case.state) {
        (CaseBody::Withdrawal(_), State::AwaitingDirector) => State::DirectorApproved,
        (CaseBody::Withdrawal(_), State::DirectorApproved) => State::Completed,
        (CaseBody::Transfer(t), State::Submitted) => match t.kind {
            TransferKind::CategoryChange => State::Accepted,
            TransferKind::AssociationTransfer => State::Released,
        },
        (CaseBody::Transfer(t), State::Released) if t.kind == TransferKind::AssociationTransfer => {
            State::Accepted
        }
        (CaseBody::FacilityReport(_), State::Submitted) => State::Accepted,
        (CaseBody::FacilityReport(_), State::Missing) => {
            return Err(StepRefused::AwaitsReport {
                reference: case.reference.clone(),
            });
        }
        (CaseBody::LoanFollowup(_), State::Open) => State::Resolved,
        _ => {
            return Err(StepRefused::NoNextStep {
                reference: case.reference.clone(),
                state: case.state,
            });
        }
    };
    Ok(next)
}

/// Checks that a case can be returned (差し戻し) with this reason.
pub fn return_step(case: &Case, reason: &str) -> Result<State, StepRefused> {
    if reason.trim().is_empty() {
        return Err(StepRefused::ReasonRequired);
    }
    if !case.state.is_open() || case.state == State::Missing {
        return Err(StepRefused::NotOpen {
            reference: case.reference.clone(),
            state: case.state,
        });
    }
    Ok(State::Returned)
}

/// Checks that a chase (a reminder) makes sense for a case.
pub fn chase_step(case: &Case) -> Result<State, StepRefused> {
    match (case.queue, case.state) {
        (Queue::Withdrawal, State::AwaitingDirector)
        | (Queue::LoanFollowup, State::Open)
        | (Queue::FacilityReport, State::Missing) => Ok(case.state),
        _ => Err(StepRefused::NotChaseable {
            reference: case.reference.clone(),
            state: case.state,
        }),
    }
}

/// Checks that a facility report can go to 返上 (certification return).
pub fn certification_return_step(case: &Case) -> Result<State, StepRefused> {
    match (&case.body, case.state) {
        (CaseBody::FacilityReport(_), State::Submitted) => Ok(State::CertificationReturn),
        _ => Err(StepRefused::NotAReport),
    }
}

/// The state a reopened case starts again from.
pub fn reopen_step(case: &Case) -> Result<State, StepRefused> {
    if case.state.is_open() {
        return Err(StepRefused::NotClosed {
            reference: case.reference.clone(),
            state: case.state,
        });
    }
    Ok(initial_state(&case.body))
}

/// Closes a case whose awaited item arrived (or was otherwise answered),
/// recording why in its history.
pub fn auto_close(case: &mut Case, actor: &str, now: super::Timestamp, why: &str) {
    case.history.push(super::case::Decision {
        kind: DecisionKind::AutoClose,
        reason: Some(why.to_string()),
        actor: actor.to_string(),
        at: now,
        state_before: case.state,
        state_after: State::Closed,
        notification: None,
    });
    case.state = State::Closed;
    case.due = None;
}

/// The state a freshly received case is in.
pub fn initial_state(body: &CaseBody) -> State {
    match body {
        CaseBody::Withdrawal(w) => match w.director_decision {
            super::case::DirectorDecision::Approved => State::DirectorApproved,
            _ => State::AwaitingDirector,
        },
        CaseBody::Transfer(_) => State::Submitted,
        CaseBody::FacilityReport(r) if r.generated => State::Missing,
        CaseBody::FacilityReport(_) => State::Submitted,
        CaseBody::LoanFollowup(_) => State::Open,
        CaseBody::CompletionApplication(_) => State::Submitted,
    }
}

/// Whether a decision of this kind owes someone a notification, given the queue.
pub fn notifies(queue: Queue, kind: DecisionKind, state_after: State) -> bool {
    match (queue, kind) {
        (_, DecisionKind::Return) => true,
        (Queue::Withdrawal, DecisionKind::Approve) => state_after == State::Completed,
        (Queue::Withdrawal, DecisionKind::Chase | DecisionKind::Received) => true,
        (Queue::Transfer, DecisionKind::Approve) => true,
        // Only a completion application (修了申請) is received with a mail here.
        (Queue::Transfer, DecisionKind::Received) => true,
        (Queue::FacilityReport, DecisionKind::Chase) => true,
        (Queue::FacilityReport, DecisionKind::CertificationReturn) => true,
        (Queue::LoanFollowup, DecisionKind::Chase) => true,
        _ => false,
    }
}
