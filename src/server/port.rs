//! The remote desk as the screen's `DeskPort`: the TUI runs on it unchanged.

use super::client::RemoteDesk;
use crate::desk::{
    Actor, BulkAction, CaseDetail, CaseKey, DeskError, Lookup, Page, PageQuery, QueueCounts,
};
use crate::domain::{Case, Timestamp};
use crate::tui::port::{BulkOutcome, DeskPort, FollowupOutcome};
use chrono::NaiveDate;

impl DeskPort for RemoteDesk {
    fn counts(&self, today: NaiveDate) -> Result<Vec<QueueCounts>, DeskError> {
        RemoteDesk::counts(self, today)
    }
    fn page(&self, q: &PageQuery, today: NaiveDate) -> Result<Page, DeskError> {
        RemoteDesk::page(self, q, today)
    }
    fn detail(&self, key: &CaseKey, today: NaiveDate) -> Result<CaseDetail, DeskError> {
        RemoteDesk::detail(self, key, today)
    }
    fn lookup(&self, input: &str, today: NaiveDate) -> Result<Lookup, DeskError> {
        RemoteDesk::lookup(self, input, today)
    }
    fn approve(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        RemoteDesk::approve(self, a, k, rev, now)
    }
    fn return_case(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        RemoteDesk::return_case(self, a, k, rev, reason, now)
    }
    fn chase(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        RemoteDesk::chase(self, a, k, rev, now)
    }
    fn certification_return(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        RemoteDesk::certification_return(self, a, k, rev, reason, now)
    }
    fn reopen(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        RemoteDesk::reopen(self, a, k, rev, reason, now)
    }
    fn reassign(
        &self,
        a: &Actor,
        k: &CaseKey,
        rev: u64,
        to: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        RemoteDesk::reassign(self, a, k, rev, to, now)
    }
    fn claim(&self, a: &Actor, k: &CaseKey, rev: u64, now: Timestamp) -> Result<Case, DeskError> {
        RemoteDesk::claim(self, a, k, rev, now)
    }
    fn annotate(
        &self,
        a: &Actor,
        k: &CaseKey,
        text: &str,
        now: Timestamp,
    ) -> Result<Case, DeskError> {
        RemoteDesk::annotate(self, a, k, text, now)
    }
    fn undo(&self, a: &Actor, now: Timestamp) -> Result<Case, DeskError> {
        RemoteDesk::undo(self, a, now)
    }
    fn bulk(
        &self,
        a: &Actor,
        keys: &[CaseKey],
        action: &BulkAction,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkOutcome, DeskError> {
        let r = RemoteDesk::bulk(self, a, keys, action, now, progress)?;
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
        let r = RemoteDesk::generate_followups(self, a, today, now)?;
        Ok(FollowupOutcome {
            created: r.created,
            closed: r.closed,
        })
    }
    fn viewing(&self, key: Option<&CaseKey>) {
        if let Err(e) = RemoteDesk::viewing(self, key) {
            tracing::debug!(error = %e, "the server was not told what this screen shows");
        }
    }
    fn save_session(&self, state: serde_json::Value) {
        if let Err(e) = RemoteDesk::save_session(self, state) {
            tracing::debug!(error = %e, "the screen's state was not kept");
        }
    }
    fn load_session(&self) -> Option<serde_json::Value> {
        RemoteDesk::load_session(self).ok().flatten()
    }
}
