//! What `export` reads: cases with their flags, decisions, audit, outbox.

use super::{Actor, Desk, Result};
use crate::domain::rules;
use crate::domain::{
    AuditRecord, Case, Flag, OutboxMessage, OutboxStatus, Permission, Queue, Timestamp, flags,
};
use chrono::NaiveDate;

impl Desk {
    /// Every case of a queue (or all), one at a time, with the flags it raises today.
    pub fn export_cases<'a>(
        &'a self,
        actor: &Actor,
        queue: Option<Queue>,
        today: NaiveDate,
    ) -> Result<impl Iterator<Item = Result<(Case, Vec<Flag>)>> + 'a> {
        self.require(actor, Permission::Read)?;
        Ok(self.store.all_cases().filter_map(move |r| match r {
            Ok((_, c)) if queue.is_none_or(|q| q == c.queue) => Some(self.context(&c).map(|ctx| {
                let checks = rules::evaluate(&c, &ctx, &self.rules, &self.calendar, today);
                let f = flags::raised_flags(&checks);
                (c, f)
            })),
            Ok(_) => None,
            Err(e) => Some(Err(e.into())),
        }))
    }

    /// The audit chain in order.
    pub fn export_audit<'a>(
        &'a self,
        actor: &Actor,
    ) -> Result<impl Iterator<Item = Result<AuditRecord>> + 'a> {
        self.require(actor, Permission::Read)?;
        Ok(self.store.all_audit().map(|r| r.map_err(Into::into)))
    }

    /// Every notification, whatever its status.
    pub fn outbox(&self, actor: &Actor) -> Result<Vec<OutboxMessage>> {
        self.require(actor, Permission::Read)?;
        Ok(self
            .store
            .all_outbox()
            .collect::<std::result::Result<_, _>>()?)
    }

    /// Hands the notifications whose release time has come to the mail system:
    /// returns them and marks them released, in one transaction. A message is
    /// never returned twice.
    pub fn release_outbox(&self, actor: &Actor, now: Timestamp) -> Result<Vec<OutboxMessage>> {
        self.require(actor, Permission::Decide)?;
        let due: Vec<OutboxMessage> = self
            .store
            .all_outbox()
            .filter(|m| {
                m.as_ref().map_or(true, |m| {
                    m.status == OutboxStatus::Pending && m.release_at <= now
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        let ids: Vec<u64> = due.iter().map(|m| m.id).collect();
        self.store.release_outbox(&ids, &actor.name, now)?;
        Ok(due)
    }
}
