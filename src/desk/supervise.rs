//! The supervisor's bulk work besides decisions: reassigning many cases, and
//! refusing a name that is not one of the store's users.

use super::decide::BulkReport;
use super::query::PageQuery;
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::Queue;
use crate::domain::refusal::Refusal;
use crate::domain::view::View;
use crate::domain::{DecisionKind, Permission, Timestamp};
use crate::store::SortKey;
use chrono::NaiveDate;

impl Desk {
    /// The user name as the store knows it, or a refusal that lists the users.
    pub(super) fn known_user(&self, name: &str) -> Result<String> {
        let name = name.trim();
        let users = self.store.users()?;
        if users.iter().any(|(n, _)| n == name) {
            return Ok(name.to_string());
        }
        Err(DeskError::Refused(Refusal::NotAUserOf {
            name: name.to_string(),
            users: users.into_iter().map(|(n, _)| n).collect(),
        }))
    }

    /// Assigns every case to `to` (supervisors), in transactions of a few
    /// hundred; a case changed meanwhile is reported and left.
    pub fn reassign_many(
        &self,
        actor: &Actor,
        keys: &[CaseKey],
        to: &str,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BulkReport> {
        self.require(actor, Permission::Reassign)?;
        Desk::bounded(keys)?;
        let to = self.known_user(to)?;
        let reassign = (DecisionKind::Reassign, Some(to.as_str()));
        self.decide_in_chunks(actor, keys, reassign, None, now, progress)
    }
}

/// The page query a view opens (in `shown` when the view has no queue of its own).
pub fn view_query(view: &View, shown: Queue) -> PageQuery {
    let mut q = PageQuery::new(view.queue.unwrap_or(shown));
    q.text = view.query.clone();
    let (field, reverse) = view.sort_parts();
    if let Some(sort) = field.and_then(SortKey::from_id) {
        q.sort = sort;
    }
    q.reverse = reverse;
    q
}

impl Desk {
    /// How many cases each view selects now (its queue, or `shown`).
    pub fn view_counts(
        &self,
        views: &[View],
        shown: Queue,
        today: NaiveDate,
        me: &str,
    ) -> Result<Vec<u64>> {
        self.view_counts_in(views, shown, today, me, None)
    }

    /// [`Desk::view_counts`] of the cases `within` admits.
    pub(crate) fn view_counts_in(
        &self,
        views: &[View],
        shown: Queue,
        today: NaiveDate,
        me: &str,
        within: Option<&crate::store::OrgMask>,
    ) -> Result<Vec<u64>> {
        views
            .iter()
            .map(|v| {
                let mut q = view_query(v, shown);
                q.limit = 0;
                Ok(self.page_in(&q, today, me, within)?.total)
            })
            .collect()
    }
}
