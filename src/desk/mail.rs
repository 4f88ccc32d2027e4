//! The desk's side of delivery over SMTP: what a send pass may take, what it
//! records after each answer of the relay, and a supervisor's retry or cancel.
//! The SMTP conversation itself is `crate::mail`'s; every change here is one
//! audited transaction of the store.

use super::{Actor, Desk, DeskError, Result};
use crate::domain::refusal::Refusal;
use crate::domain::{Delivery, DeliveryState, OutboxMessage, Permission, Timestamp};
use crate::store::DeliveryExpect as Expect;
use chrono::Duration;

/// A notification handed to a send pass, with its delivery so far.
pub type Outgoing = (OutboxMessage, Delivery);

/// A delivery failed for good with the relay's last answer: what the store
/// must still hold (queued), and the action.
fn given_up(d: &mut Delivery, answer: String) -> (Expect, &'static str) {
    d.state = DeliveryState::Failed;
    d.next_attempt_at = None;
    d.answer = Some(answer);
    (Expect::State(DeliveryState::Queued), "mail.failed")
}

impl Desk {
    /// The stable `Message-ID` of an outbox message: the store's identity and
    /// the outbox id, at the sender's domain. Every attempt carries the same.
    pub fn message_id(&self, outbox_id: u64, domain: &str) -> Result<String> {
        Ok(format!(
            "<outbox-{outbox_id}.{}@{domain}>",
            self.store.identity()?
        ))
    }

    /// Up to `limit` notifications for a send pass at `now`: first those queued
    /// and due, then released ones (past their undo window) moved into the queue.
    pub fn mail_take(
        &self,
        actor: &Actor,
        now: Timestamp,
        domain: &str,
        limit: usize,
    ) -> Result<Vec<Outgoing>> {
        self.require(actor, Permission::SendMail)?;
        let mut out = Vec::new();
        // Queued ones are few (failures wait out their retry); read them all.
        for d in self.store.queued_deliveries(usize::MAX)? {
            if out.len() >= limit {
                return Ok(out);
            }
            if d.is_due(now) {
                // Sending is the service's, for every organisation: a retry
                // of any organisation's mail is taken here.
                if let Some(m) = self.store.outbox_message(d.outbox_id)? {
                    out.push((m, d));
                }
            }
        }
        let fresh = self.store.releasable(now, limit - out.len())?;
        let mut ids = Vec::with_capacity(fresh.len());
        for m in &fresh {
            ids.push((m.id, self.message_id(m.id, domain)?));
        }
        for d in self
            .store
            .queue_for_delivery(&ids, now, (&actor.name, actor.uid))?
        {
            if let Some(m) = fresh.iter().find(|m| m.id == d.outbox_id) {
                let mut m = m.clone();
                m.status = crate::domain::OutboxStatus::Released;
                out.push((m, d));
            }
        }
        Ok(out)
    }

    /// What a send pass at `now` would take, changing nothing (`--dry-run`).
    pub fn mail_preview(
        &self,
        actor: &Actor,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<(OutboxMessage, Option<Delivery>)>> {
        self.require(actor, Permission::SendMail)?;
        let mut out = Vec::new();
        for d in self.store.queued_deliveries(usize::MAX)? {
            if d.is_due(now) && out.len() < limit {
                if let Some(m) = self.store.outbox_message(d.outbox_id)? {
                    out.push((m, Some(d)));
                }
            }
        }
        for m in self.store.all_outbox() {
            let m = m?;
            if out.len() >= limit {
                break;
            }
            if m.status == crate::domain::OutboxStatus::Pending && m.release_at <= now {
                out.push((m, None));
            }
        }
        Ok(out)
    }

    /// Records the relay's acceptance; a delivery cancelled while in flight is
    /// recorded sent all the same (it was).
    pub fn mail_sent(
        &self,
        actor: &Actor,
        before: &Delivery,
        answer: &str,
        now: Timestamp,
    ) -> Result<Delivery> {
        self.attempted(actor, before, now, |d| {
            d.state = DeliveryState::Sent;
            d.answer = Some(answer.to_string());
            d.sent_at = Some(now);
            d.next_attempt_at = None;
            let expect = Expect::Either(DeliveryState::Queued, DeliveryState::Cancelled);
            (expect, "mail.sent")
        })
    }

    /// Records one attempt of the relay at `now`: `answer` sets what it
    /// changed and says what the stored delivery must still be, and the action.
    fn attempted(
        &self,
        actor: &Actor,
        before: &Delivery,
        now: Timestamp,
        answer: impl FnOnce(&mut Delivery) -> (Expect, &'static str),
    ) -> Result<Delivery> {
        self.require(actor, Permission::SendMail)?;
        let mut d = before.clone();
        d.last_attempt_at = Some(now);
        let (expect, action) = answer(&mut d);
        self.record(actor, d, expect, action, now)
    }

    /// Writes a delivery if it is still as expected; returns what is stored
    /// (a supervisor's cancel made meanwhile wins over a retry or a failure).
    fn record(
        &self,
        actor: &Actor,
        d: Delivery,
        expect: Expect,
        action: &str,
        now: Timestamp,
    ) -> Result<Delivery> {
        if self
            .store
            .change_delivery(&d, expect, action, (&actor.name, actor.uid), now)?
        {
            return Ok(d);
        }
        Ok(self.store.delivery(d.outbox_id)?.unwrap_or(d))
    }

    /// Records a temporary failure (4xx, a dropped connection): queued again for
    /// the next time of the schedule, or failed once the schedule is spent.
    pub fn mail_retry_later(
        &self,
        actor: &Actor,
        before: &Delivery,
        answer: &str,
        schedule: &[Duration],
        now: Timestamp,
    ) -> Result<Delivery> {
        self.attempted(actor, before, now, |d| {
            d.attempts += 1;
            match d.next_retry(schedule, now) {
                Some(next) => {
                    d.next_attempt_at = Some(next);
                    d.answer = Some(answer.to_string());
                    (Expect::State(DeliveryState::Queued), "mail.retry")
                }
                None => {
                    let attempts = d.attempts;
                    given_up(
                        d,
                        format!("gave up after {attempts} attempts; last answer: {answer}"),
                    )
                }
            }
        })
    }

    /// Records a permanent failure (5xx, an address that cannot be mailed).
    pub fn mail_failed(
        &self,
        actor: &Actor,
        before: &Delivery,
        answer: &str,
        now: Timestamp,
    ) -> Result<Delivery> {
        self.attempted(actor, before, now, |d| {
            d.attempts += 1;
            given_up(d, answer.to_string())
        })
    }

    /// The delivery of an outbox message, if it was handed to the relay.
    pub fn delivery(&self, actor: &Actor, outbox_id: u64) -> Result<Option<Delivery>> {
        self.require(actor, Permission::Read)?;
        let scope = self.scope(actor);
        let seen = match self.store.outbox_message(outbox_id)? {
            Some(m) => self.sees_ref(&scope, m.queue, &m.case_ref)?,
            None => false,
        };
        if !seen {
            return Ok(None);
        }
        Ok(self.store.delivery(outbox_id)?)
    }

    /// Every notification the relay refused for good, oldest first.
    pub fn failed_notifications(&self, actor: &Actor) -> Result<Vec<Outgoing>> {
        self.require(actor, Permission::Read)?;
        let scope = self.scope(actor);
        let mut out = Vec::new();
        for d in self.store.all_deliveries() {
            let d = d?;
            if d.state == DeliveryState::Failed {
                if let Some(m) = self.store.outbox_message(d.outbox_id)? {
                    if self.sees_ref(&scope, m.queue, &m.case_ref)? {
                        out.push((m, d));
                    }
                }
            }
        }
        Ok(out)
    }

    fn supervise(
        &self,
        actor: &Actor,
        outbox_id: u64,
        from: Expect,
        action: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Delivery),
    ) -> Result<Delivery> {
        self.require(actor, Permission::ManageMail)?;
        let not_found = || DeskError::Refused(Refusal::NoSuchNotification { id: outbox_id });
        // Another organisation's notification is not found, as one that does not exist.
        let scope = self.scope(actor);
        match self.store.outbox_message(outbox_id)? {
            Some(m) if self.sees_ref(&scope, m.queue, &m.case_ref)? => {}
            _ => return Err(not_found()),
        }
        let before = self.store.delivery(outbox_id)?.ok_or_else(not_found)?;
        let mut d = before.clone();
        change(&mut d);
        d.changed_by = Some(actor.name.clone());
        if !self
            .store
            .change_delivery(&d, from, action, (&actor.name, actor.uid), now)?
        {
            return Err(DeskError::Refused(Refusal::NotificationState {
                id: outbox_id,
                state: before.state.id().to_string(),
                cancel: action == "mail.cancel",
            }));
        }
        Ok(d)
    }

    /// Queues a failed (or cancelled) notification again, to be sent at the
    /// next pass with the same Message-ID (supervisors; audited).
    pub fn retry_notification(
        &self,
        actor: &Actor,
        outbox_id: u64,
        now: Timestamp,
    ) -> Result<Delivery> {
        let from = Expect::Either(DeliveryState::Failed, DeliveryState::Cancelled);
        self.supervise(actor, outbox_id, from, "mail.requeue", now, |d| {
            d.state = DeliveryState::Queued;
            d.attempts = 0;
            d.next_attempt_at = None;
        })
    }

    /// Cancels a queued or failed notification: it is never sent (supervisors; audited).
    pub fn cancel_notification(
        &self,
        actor: &Actor,
        outbox_id: u64,
        now: Timestamp,
    ) -> Result<Delivery> {
        let from = Expect::Either(DeliveryState::Queued, DeliveryState::Failed);
        self.supervise(actor, outbox_id, from, "mail.cancel", now, |d| {
            d.state = DeliveryState::Cancelled;
            d.next_attempt_at = None;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, now};
    use super::*;
    use crate::domain::{OutboxStatus, Queue};

    #[test]
    fn a_pass_takes_released_messages_once_and_only_supervisors_correct_them() {
        let f = fixture();
        let key = super::super::CaseKey::new(Queue::Withdrawal, "W-3");
        f.desk
            .return_case(&f.op, &key, 1, "署名がありません", now())
            .unwrap();
        // Inside the undo window nothing is taken.
        assert!(
            f.desk
                .mail_take(&f.op, now(), "example.jp", 10)
                .unwrap()
                .is_empty()
        );
        assert!(f.desk.mail_take(&f.help, now(), "example.jp", 10).is_err());
        let later = now() + Duration::seconds(f.desk.rules().release_delay_secs + 1);
        let taken = f.desk.mail_take(&f.op, later, "example.jp", 10).unwrap();
        assert_eq!(taken.len(), 1);
        let (m, d) = &taken[0];
        assert_eq!(m.status, OutboxStatus::Released);
        assert!(d.message_id.starts_with(&format!("<outbox-{}.", m.id)));
        assert!(d.message_id.ends_with("@example.jp>"));
        // Once taken the decision can no longer be undone, even by a slow clock.
        assert!(f.desk.undo_case(&f.op, now()).is_err());
        // Taken again only once due: it is queued, not re-released.
        let again = f.desk.mail_take(&f.op, later, "example.jp", 10).unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].1.message_id, d.message_id);

        let failed = f.desk.mail_failed(&f.op, d, "550 no", later).unwrap();
        assert_eq!(failed.state, DeliveryState::Failed);
        assert!(
            f.desk
                .mail_take(&f.op, later, "example.jp", 10)
                .unwrap()
                .is_empty()
        );
        assert_eq!(f.desk.failed_notifications(&f.help).unwrap().len(), 1);
        assert!(f.desk.retry_notification(&f.op, m.id, later).is_err());
        let requeued = f.desk.retry_notification(&f.boss, m.id, later).unwrap();
        assert_eq!(requeued.state, DeliveryState::Queued);
        assert_eq!(requeued.message_id, d.message_id);
        assert!(f.desk.retry_notification(&f.boss, m.id, later).is_err());
        let cancelled = f.desk.cancel_notification(&f.boss, m.id, later).unwrap();
        assert_eq!(cancelled.state, DeliveryState::Cancelled);
        assert_eq!(cancelled.changed_by.as_deref(), Some("boss"));
        assert!(
            f.desk
                .mail_take(&f.op, later, "example.jp", 10)
                .unwrap()
                .is_empty()
        );
        let audited: Vec<String> = f
            .desk
            .export_audit(&f.boss)
            .unwrap()
            .map(|r| r.unwrap().action)
            .filter(|a| a.starts_with("mail."))
            .collect();
        assert_eq!(
            audited,
            ["mail.queue", "mail.failed", "mail.requeue", "mail.cancel"]
        );
        assert!(f.desk.store().check().unwrap().faults.is_empty());
    }
}
