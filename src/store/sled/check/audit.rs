//! `check`'s part on the audit chain: every record follows the one before
//! under the store's key, the head marker names the last, and (`check
//! --since-head`) the chain still extends a head anchored earlier.

use super::{CheckFault, CheckReport};
use crate::domain::AuditRecord;
use crate::store::ChainWalk;
use crate::store::sled::audit::{AuditHead, GENESIS, HEAD, KEY_ID, head_of};
use crate::store::sled::{Result, SledStore, T, decode, keys};

impl SledStore {
    /// The head of the audit chain (`audit head`): the last record's seq and MAC.
    pub fn audit_head(&self) -> Result<AuditHead> {
        let kept = self.tree(T::Meta).get(HEAD)?;
        Ok(head_of(kept.as_deref()).unwrap_or(AuditHead {
            seq: 0,
            mac: GENESIS.to_string(),
        }))
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
        let head = head_of(self.tree(T::Meta).get(HEAD)?.as_deref());
        let limit = head.as_ref().map(|h| h.seq);
        let mut walk = ChainWalk::new(&self.audit_key);
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
                r.fault(walk.unreadable());
                return Ok(());
            };
            if let Err(f) = walk.step(&rec) {
                r.fault(f);
                return Ok(());
            }
        }
        if let Some(f) = walk.end(head.as_ref()) {
            r.fault(f);
        }
        Ok(())
    }
}
