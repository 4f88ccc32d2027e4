//! `check`'s part on the audit chain: every record follows the one before
//! under the store's key, the head marker names the last, and (`check
//! --since-head`) the chain still extends a head anchored earlier.

use super::{CheckFault, CheckReport};
use crate::domain::AuditRecord;
use crate::store::sled::audit::{AuditHead, GENESIS, KEY_ID};
use crate::store::sled::{Result, SledStore, T, decode, keys};

impl SledStore {
    /// The head of the audit chain (`audit head`): the last record's seq and MAC.
    pub fn audit_head(&self) -> Result<AuditHead> {
        Ok(match self.tree(T::Meta).get(b"audit_head")? {
            Some(head) if head.len() > 8 => AuditHead {
                seq: keys::u64_from(&head).unwrap_or(0),
                mac: String::from_utf8_lossy(&head[8..]).into_owned(),
            },
            _ => AuditHead {
                seq: 0,
                mac: GENESIS.to_string(),
            },
        })
    }

    /// Whether the chain still extends `anchor` (`check --since-head`): the
    /// record it names is there with that MAC, and every record after it
    /// follows it under the key. Returns the faults.
    pub fn check_since(&self, anchor: &AuditHead) -> Result<Vec<CheckFault>> {
        let mut faults = Vec::new();
        let mut r = CheckReport::default();
        self.check_audit(&mut r)?;
        faults.extend(r.faults);
        if anchor.seq > 0 {
            match self.tree(T::Audit).get(anchor.seq.to_be_bytes())? {
                None => faults.push(CheckFault::AnchorGone { seq: anchor.seq }),
                Some(v) => {
                    let rec: AuditRecord = decode(&v)?;
                    if rec.hash != anchor.mac {
                        faults.push(CheckFault::AnchorRewritten {
                            seq: anchor.seq,
                            anchored: anchor.mac.get(..12).unwrap_or(&anchor.mac).to_string(),
                            now: rec.hash.get(..12).unwrap_or(&rec.hash).to_string(),
                        });
                    }
                }
            }
        }
        let head = self.audit_head()?;
        if head.seq < anchor.seq {
            faults.push(CheckFault::AnchorBeyond {
                head: head.seq,
                anchor: anchor.seq,
            });
        }
        Ok(faults)
    }

    /// Whether `name` created the store (its first supervisor, given no record).
    pub(super) fn is_creator(&self, name: &str) -> Result<bool> {
        Ok(self
            .tree(T::Meta)
            .get(b"created_by")?
            .is_some_and(|c| c.as_ref() == name.as_bytes()))
    }

    pub(super) fn check_audit(&self, r: &mut CheckReport) -> Result<()> {
        match self.tree(T::Meta).get(KEY_ID)? {
            Some(id) if id.as_ref() == self.audit_key.fingerprint().as_bytes() => {}
            _ => {
                r.fault(CheckFault::AuditKey {
                    key: self.audit_key.source().to_string(),
                });
                return Ok(());
            }
        }
        // The head as it is now: records appended while this reads (beside
        // the changes) are for the next check.
        let head_marker = self.tree(T::Meta).get(b"audit_head")?;
        let limit = head_marker
            .as_ref()
            .filter(|h| h.len() > 8)
            .and_then(|h| keys::u64_from(h));
        let mut prev = GENESIS.to_string();
        let mut expect_seq = 1;
        for kv in self.tree(T::Audit).iter() {
            let (k, v) = kv?;
            if let (Some(limit), Some(seq)) = (limit, keys::u64_from(&k)) {
                if seq > limit {
                    break;
                }
            }
            r.audit_records += 1;
            // The record itself is named by `records`.
            let Ok(rec) = decode::<AuditRecord>(&v) else {
                r.fault(CheckFault::AuditUnreadable { seq: expect_seq });
                return Ok(());
            };
            if rec.seq != expect_seq {
                r.fault(CheckFault::AuditGap {
                    seq: expect_seq,
                    found: rec.seq,
                });
                return Ok(());
            }
            if rec.prev_hash != prev {
                r.fault(CheckFault::AuditBroken { seq: rec.seq });
                return Ok(());
            }
            if self.audit_key.seal(&rec) != rec.hash {
                r.fault(CheckFault::AuditAltered { seq: rec.seq });
                return Ok(());
            }
            prev = rec.hash;
            expect_seq += 1;
        }
        match head_marker {
            Some(head) if head.len() > 8 => {
                let seq = keys::u64_from(&head).unwrap_or(0);
                if seq != expect_seq - 1 || head[8..] != *prev.as_bytes() {
                    r.fault(CheckFault::AuditRemoved {
                        count: seq.saturating_sub(expect_seq - 1),
                    });
                }
            }
            _ if expect_seq > 1 => r.fault(CheckFault::AuditNoHead),
            _ => {}
        }
        Ok(())
    }
}
