//! Delivery over SMTP: the `outbox_delivery` tree (one `Delivery` per outbox id
//! that was handed to the relay) and `delivery_queue` (the ids still queued).
//! Every change is one transaction with its audit record, flushed before the
//! call returns, so a state once reported is on disk.

use super::write::{Tx, TxResult, abort_codec};
use super::{Result, SledStore, T, decode, encode, keys};
use crate::domain::{Delivery, DeliveryState, OutboxMessage, OutboxStatus, Timestamp};
pub use crate::store::DeliveryExpect as Expect;
use crate::store::change::delivery_summary;

/// The lowest outbox id that may still be pending: every message below it has
/// left `pending` for good, so a send pass need not read it again.
const CURSOR: &[u8] = b"mail_cursor";
const STORE_ID: &[u8] = b"store_id";

impl Tx<'_> {
    fn put_delivery(&self, d: &Delivery) -> TxResult<()> {
        let key = d.outbox_id.to_be_bytes();
        self.tree(T::OutboxDelivery)
            .insert(key, encode(d).map_err(abort_codec)?)?;
        if d.state == DeliveryState::Queued {
            self.tree(T::DeliveryQueue).insert(key, &[])?;
        } else {
            self.tree(T::DeliveryQueue).remove(key)?;
        }
        Ok(())
    }
}

impl SledStore {
    /// This store's identity: random, made once, kept in `meta` (a backup keeps
    /// it, as it keeps the messages). Message-IDs are built from it.
    pub fn identity(&self) -> Result<String> {
        let meta = self.tree(T::Meta);
        if let Some(v) = meta.get(STORE_ID)? {
            return Ok(String::from_utf8_lossy(&v).into_owned());
        }
        let fresh: [u8; 16] = rand::random();
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        // Another thread may have made one meanwhile: keep whichever came first.
        let _ = meta.compare_and_swap(STORE_ID, None as Option<&[u8]>, Some(hex.as_bytes()))?;
        self.flush()?;
        let v = meta.get(STORE_ID)?.unwrap_or_default();
        Ok(String::from_utf8_lossy(&v).into_owned())
    }

    /// The delivery of an outbox message, if it was ever handed to the relay.
    pub fn delivery(&self, outbox_id: u64) -> Result<Option<Delivery>> {
        self.tree(T::OutboxDelivery)
            .get(outbox_id.to_be_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// Every delivery, in outbox order.
    pub fn all_deliveries(&self) -> impl Iterator<Item = Result<Delivery>> + '_ {
        self.tree(T::OutboxDelivery)
            .iter()
            .values()
            .map(|v| decode(&v?))
    }

    /// Queued deliveries in outbox order, at most `limit`.
    pub fn queued_deliveries(&self, limit: usize) -> Result<Vec<Delivery>> {
        let mut out = Vec::new();
        for k in self.tree(T::DeliveryQueue).iter().keys() {
            if out.len() >= limit {
                break;
            }
            let Some(id) = keys::u64_from(&k?) else {
                continue;
            };
            if let Some(d) = self.delivery(id)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Pending messages whose release time has come, in id order, at most `limit`.
    /// Moves the scan cursor past messages that can never be pending again.
    pub fn releasable(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxMessage>> {
        let meta = self.tree(T::Meta);
        let from = meta
            .get(CURSOR)?
            .and_then(|v| keys::u64_from(&v))
            .unwrap_or(0);
        let mut out = Vec::new();
        let mut first_pending = None;
        let mut last_seen = None;
        for v in self.tree(T::Outbox).range(from.to_be_bytes()..).values() {
            let m: OutboxMessage = decode(&v?)?;
            last_seen = Some(m.id);
            if m.status != OutboxStatus::Pending {
                continue;
            }
            first_pending.get_or_insert(m.id);
            if m.release_at <= now {
                out.push(m);
                if out.len() >= limit {
                    break;
                }
            }
        }
        // Everything before the first pending message seen has left pending.
        if let Some(next) = first_pending.or(last_seen.map(|l| l + 1)) {
            if next > from {
                meta.insert(CURSOR, &next.to_be_bytes())?;
            }
        }
        Ok(out)
    }

    /// Takes released messages out of the undo window into the relay's queue, in
    /// one transaction: each still pending (an undo may have cancelled it) and
    /// due becomes `released` with a queued delivery. Returns those taken.
    pub fn queue_for_delivery(
        &self,
        messages: &[(u64, String)],
        now: Timestamp,
        (actor, uid): (&str, Option<u32>),
    ) -> Result<Vec<Delivery>> {
        let _writer = self.writer()?;
        let res = self.transact(None, |tx| {
            let outbox = tx.tree(T::Outbox);
            let mut taken = Vec::new();
            for (id, message_id) in messages {
                let Some(v) = outbox.get(id.to_be_bytes())? else {
                    continue;
                };
                let mut msg: OutboxMessage = decode(&v).map_err(abort_codec)?;
                if msg.status != OutboxStatus::Pending || msg.release_at > now {
                    continue;
                }
                msg.status = OutboxStatus::Released;
                outbox.insert(id.to_be_bytes(), encode(&msg).map_err(abort_codec)?)?;
                let d = Delivery::queued(*id, message_id.clone(), now);
                tx.put_delivery(&d)?;
                taken.push(d);
            }
            if !taken.is_empty() {
                let ids: Vec<u64> = taken.iter().map(|d| d.outbox_id).collect();
                tx.audit(
                    actor,
                    uid,
                    now,
                    "mail.queue",
                    format!("outbox/{}", ids.len()),
                    None,
                    Some(serde_json::to_string(&ids).unwrap_or_default()),
                )?;
            }
            Ok(taken)
        });
        let taken = res?;
        self.flush()?;
        Ok(taken)
    }

    /// Replaces a delivery if it is still in the state expected, audited as
    /// `action`; returns false (and writes nothing) if it moved meanwhile.
    pub fn change_delivery(
        &self,
        after: &Delivery,
        expect: Expect,
        action: &str,
        (actor, uid): (&str, Option<u32>),
        at: Timestamp,
    ) -> Result<bool> {
        let _writer = self.recorder();
        let res = self.transact(None, |tx| {
            let key = after.outbox_id.to_be_bytes();
            let before: Delivery = match tx.tree(T::OutboxDelivery).get(key)? {
                Some(v) => decode(&v).map_err(abort_codec)?,
                None => return Ok(false),
            };
            if !expect.admits(before.state) {
                return Ok(false);
            }
            tx.put_delivery(after)?;
            tx.audit(
                actor,
                uid,
                at,
                action,
                format!("outbox/{}", after.outbox_id),
                Some(delivery_summary(&before)),
                Some(delivery_summary(after)),
            )?;
            Ok(true)
        });
        let changed = res?;
        self.flush()?;
        Ok(changed)
    }
}

impl SledStore {
    /// For `check`: every delivery belongs to a released outbox message, and
    /// the queue holds exactly the queued ones.
    pub(super) fn delivery_faults(&self) -> Result<Vec<super::CheckFault>> {
        use super::CheckFault;
        let mut faults = Vec::new();
        let mut queued = 0;
        for kv in self.tree(T::OutboxDelivery).iter() {
            let (k, v) = kv?;
            let id = keys::u64_from(&k).unwrap_or(0);
            // One that does not read is named by `check`'s records.
            let Ok(d) = decode::<Delivery>(&v) else {
                continue;
            };
            if d.outbox_id != id {
                faults.push(CheckFault::DeliveryNamesOther {
                    id,
                    outbox: d.outbox_id,
                });
            }
            match self.outbox_message(id) {
                Ok(Some(m)) if m.status == OutboxStatus::Released => {}
                Ok(Some(m)) => faults.push(CheckFault::DeliveryUnreleased {
                    id,
                    status: m.status,
                }),
                Ok(None) => faults.push(CheckFault::DeliveryAlone { id }),
                // A message that does not read is named by `check`'s records.
                Err(_) => {}
            }
            let in_queue = self.tree(T::DeliveryQueue).contains_key(k)?;
            if (d.state == DeliveryState::Queued) != in_queue {
                faults.push(CheckFault::DeliveryQueue {
                    id,
                    state: d.state,
                    in_queue,
                });
            }
            queued += usize::from(d.state == DeliveryState::Queued);
        }
        if self.tree(T::DeliveryQueue).len() != queued {
            faults.push(CheckFault::SendQueue {
                holds: self.tree(T::DeliveryQueue).len() as u64,
                queued: queued as u64,
            });
        }
        Ok(faults)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use crate::domain::{DecisionKind, Queue};

    fn message(id: u64, release_at: Timestamp) -> OutboxMessage {
        OutboxMessage {
            id,
            queue: Queue::Transfer,
            case_ref: format!("T-{id}"),
            decision: DecisionKind::Approve,
            recipient: "a@example.jp".into(),
            subject: "件名".into(),
            body: "本文".into(),
            created_at: release_at,
            release_at,
            status: OutboxStatus::Pending,
        }
    }

    fn put(store: &SledStore, m: &OutboxMessage) {
        store
            .tree(T::Outbox)
            .insert(m.id.to_be_bytes(), encode(m).unwrap())
            .unwrap();
    }

    #[test]
    fn queueing_takes_each_message_once_and_changes_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path(), "sato").unwrap();
        let now = at(ymd(2026, 11, 21), 10, 0);
        put(&store, &message(1, now));
        put(&store, &message(2, now + chrono::Duration::hours(1)));
        let due = store.releasable(now, 10).unwrap();
        assert_eq!(due.iter().map(|m| m.id).collect::<Vec<_>>(), vec![1]);
        let id = store.identity().unwrap();
        assert_eq!(id, store.identity().unwrap());
        let taken = store
            .queue_for_delivery(
                &[(1, "<1@x>".into()), (2, "<2@x>".into())],
                now,
                ("sato", None),
            )
            .unwrap();
        assert_eq!(taken.len(), 1);
        assert!(
            store
                .queue_for_delivery(&[(1, "<1@x>".into())], now, ("sato", None))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.outbox_message(1).unwrap().unwrap().status,
            OutboxStatus::Released
        );
        assert_eq!(store.queued_deliveries(10).unwrap().len(), 1);
        // The cursor stays at the first message still pending.
        assert!(store.releasable(now, 10).unwrap().is_empty());
        let later = now + chrono::Duration::hours(2);
        assert_eq!(store.releasable(later, 10).unwrap().len(), 1);

        let mut sent = taken[0].clone();
        sent.state = DeliveryState::Sent;
        assert!(
            store
                .change_delivery(
                    &sent,
                    Expect::State(DeliveryState::Queued),
                    "mail.sent",
                    ("sato", None),
                    now
                )
                .unwrap()
        );
        assert!(
            !store
                .change_delivery(
                    &sent,
                    Expect::State(DeliveryState::Queued),
                    "mail.sent",
                    ("sato", None),
                    now
                )
                .unwrap()
        );
        assert!(store.queued_deliveries(10).unwrap().is_empty());
        assert_eq!(
            store.delivery(1).unwrap().unwrap().state,
            DeliveryState::Sent
        );
    }
}
