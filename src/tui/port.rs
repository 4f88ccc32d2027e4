//! The narrow part of the desk the screen uses, as a trait so that tests (and a
//! later remote desk) can stand in for it.

use crate::desk::{
    Actor, BulkAction, CaseDetail, CaseKey, Desk, DeskError, Lookup, Outgoing, Page, PageQuery,
    QueueCounts,
};
use crate::domain::{Case, Timestamp};
use chrono::NaiveDate;

/// What a bulk decision did (the desk's report, which it does not export by name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    pub done: usize,
    pub refused: Vec<(CaseKey, String)>,
}

/// What a follow-up run did, in brief.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowupOutcome {
    pub created: usize,
    pub closed: usize,
}

/// The desk's commands and queries the TUI calls.
pub trait DeskPort: Send + Sync {
    fn counts(&self, today: NaiveDate) -> Result<Vec<QueueCounts>, DeskError>;
    fn page(&self, q: &PageQuery, today: NaiveDate) -> Result<Page, DeskError>;
    fn detail(&self, key: &CaseKey, today: NaiveDate) -> Result<CaseDetail, DeskError>;
    fn lookup(&self, input: &str, today: NaiveDate) -> Result<Lookup, DeskError>;
    fn approve(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError>;
    fn return_case(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError>;
    fn chase(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError>;
    fn certification_return(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError>;
    fn reopen(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError>;
    fn reassign(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        to: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError>;
    fn claim(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError>;
    fn annotate(
        &self,
        a: &Actor,
        k: &CaseKey,
        text: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError>;
    fn undo(&self, a: &Actor, now: Timestamp) -> Result<Case, DeskError>;
    fn bulk(
        &self,
        a: &Actor,
        keys: &[CaseKey],
        action: &BulkAction,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkOutcome, DeskError>;
    fn generate_followups(
        &self,
        a: &Actor,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<FollowupOutcome, DeskError>;
    /// Tells the other operators which case this screen shows (a server says
    /// "viewed by X" to them); nothing for a desk of one's own.
    fn viewing(&self, _key: Option<&CaseKey>) {}
    /// Keeps the screen's state for the next start (a server keeps it per user).
    fn save_session(&self, _state: serde_json::Value) {}
    /// The screen's state saved last time, if any.
    fn load_session(&self) -> Option<serde_json::Value> {
        None
    }
    /// The notifications the mail relay refused for good.
    fn failed_notifications(&self, _a: &Actor) -> Result<Vec<Outgoing>, DeskError> {
        Err(mail_not_here())
    }
    /// Queues a failed notification again (supervisors).
    fn retry_notification(&self, _a: &Actor, _id: u64, _now: Timestamp) -> Result<(), DeskError> {
        Err(mail_not_here())
    }
    /// Cancels a queued or failed notification (supervisors).
    fn cancel_notification(&self, _a: &Actor, _id: u64, _now: Timestamp) -> Result<(), DeskError> {
        Err(mail_not_here())
    }
}

/// What a desk without the mail requests answers (a server of this version).
fn mail_not_here() -> DeskError {
    DeskError::Invalid(
        "the mail view is not offered through the server yet; use `secretariat mail failed|retry|cancel`".into(),
    )
}

impl DeskPort for Desk {
    fn failed_notifications(&self, a: &Actor) -> Result<Vec<Outgoing>, DeskError> {
        Desk::failed_notifications(self, a)
    }
    fn retry_notification(&self, a: &Actor, id: u64, now: Timestamp) -> Result<(), DeskError> {
        Desk::retry_notification(self, a, id, now).map(|_| ())
    }
    fn cancel_notification(&self, a: &Actor, id: u64, now: Timestamp) -> Result<(), DeskError> {
        Desk::cancel_notification(self, a, id, now).map(|_| ())
    }
    fn counts(&self, today: NaiveDate) -> Result<Vec<QueueCounts>, DeskError> {
        Desk::counts(self, today)
    }
    fn page(&self, q: &PageQuery, today: NaiveDate) -> Result<Page, DeskError> {
        Desk::page(self, q, today)
    }
    fn detail(&self, key: &CaseKey, today: NaiveDate) -> Result<CaseDetail, DeskError> {
        Desk::detail(self, key, today)
    }
    fn lookup(&self, input: &str, today: NaiveDate) -> Result<Lookup, DeskError> {
        Desk::lookup(self, input, today)
    }
    fn approve(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        Desk::approve(self, a, k, rev, now)
    }
    fn return_case(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        Desk::return_case(self, a, k, rev, reason, now)
    }
    fn chase(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        Desk::chase(self, a, k, rev, now)
    }
    fn certification_return(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        Desk::certification_return(self, a, k, rev, reason, now)
    }
    fn reopen(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        Desk::reopen(self, a, k, rev, reason, now)
    }
    fn reassign(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        to: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        Desk::reassign(self, a, k, rev, to, now)
    }
    fn claim(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        Desk::claim(self, a, k, rev, now)
    }
    fn annotate(
        &self,
        a: &Actor,
        k: &CaseKey,
        text: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        Desk::annotate(self, a, k, text, now)
    }
    fn undo(&self, a: &Actor, now: Timestamp) -> Result<Case, DeskError> {
        Desk::undo(self, a, now)
    }
    fn bulk(
        &self,
        a: &Actor,
        keys: &[CaseKey],
        action: &BulkAction,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkOutcome, DeskError> {
        let r = Desk::bulk(self, a, keys, action, now, progress)?;
        Ok(BulkOutcome {
            done: r.done,
            refused: r.refused,
        })
    }
    fn generate_followups(
        &self,
        a: &Actor,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<FollowupOutcome, DeskError> {
        let r = Desk::generate_followups(self, a, today, now)?;
        Ok(FollowupOutcome {
            created: r.created,
            closed: r.closed,
        })
    }
}
