//! The keyed audit chain: each record carries an HMAC-SHA-256 over its fields
//! and the previous record's MAC, with a key kept outside the data dir, so
//! that someone who can copy or edit the store's files cannot recompute it.
//! Every backend chains its records here ([`AuditKey::extend`]) and checks
//! them here ([`ChainWalk`]): the chain is the same whatever keeps it.

use super::findings::CheckFault;
use crate::domain::AuditRecord;
use hmac::{KeyInit, Mac};
use std::path::{Path, PathBuf};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The MAC before the first record.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The store's audit key: 32 bytes, and where they were read from.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    bytes: [u8; 32],
    source: Option<PathBuf>,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the bytes.
        write!(f, "AuditKey({:?})", self.source)
    }
}

impl Default for AuditKey {
    /// An all-zero key, for tests and stores made in memory. A store is bound
    /// to its key by fingerprint, so a store made under a real key refuses
    /// to open with this one.
    fn default() -> Self {
        AuditKey {
            bytes: [0; 32],
            source: None,
        }
    }
}

impl AuditKey {
    /// A key read from `source`.
    pub fn new(bytes: [u8; 32], source: Option<&Path>) -> AuditKey {
        AuditKey {
            bytes,
            source: source.map(Path::to_path_buf),
        }
    }

    /// Where the key was read from, for messages.
    pub fn source(&self) -> String {
        self.source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(built-in test key)".into())
    }

    fn mac(&self) -> HmacSha256 {
        // Infallible: HMAC takes a key of any length.
        match HmacSha256::new_from_slice(&self.bytes) {
            Ok(m) => m,
            Err(_) => unreachable_mac(),
        }
    }

    /// A public fingerprint of the key: which key a store's chain is under.
    pub fn fingerprint(&self) -> String {
        let mut m = self.mac();
        m.update(b"secretariat audit key fingerprint");
        hex(&m.finalize().into_bytes()[..16])
    }

    /// The MAC of an audit record's fields other than `hash`.
    pub fn seal(&self, r: &AuditRecord) -> String {
        let mut h = self.mac();
        h.update(&r.seq.to_be_bytes());
        match r.uid {
            Some(uid) => {
                h.update(&[1]);
                h.update(&uid.to_be_bytes());
            }
            None => h.update(&[0]),
        }
        for part in [
            r.at.to_rfc3339().as_str(),
            &r.actor,
            &r.action,
            &r.target,
            r.before.as_deref().unwrap_or("\u{0}"),
            r.after.as_deref().unwrap_or("\u{0}"),
            &r.prev_hash,
        ] {
            h.update(&(part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex(&h.finalize().into_bytes())
    }
}

impl AuditKey {
    /// `rec` as the record after `head`: numbered, chained to it, sealed.
    pub fn extend(&self, head: &AuditHead, mut rec: AuditRecord) -> AuditRecord {
        rec.seq = head.seq + 1;
        rec.prev_hash = head.mac.clone();
        rec.hash = self.seal(&rec);
        rec
    }
}

/// A walk along the chain from its first record, checking each: numbered
/// one after the other, chained to the one before, sealed under the key.
/// The first fault ends the walk.
pub struct ChainWalk<'k> {
    key: &'k AuditKey,
    prev: String,
    expect: u64,
}

impl<'k> ChainWalk<'k> {
    pub fn new(key: &'k AuditKey) -> ChainWalk<'k> {
        ChainWalk {
            key,
            prev: GENESIS.to_string(),
            expect: 1,
        }
    }

    /// The next record's fault, if it has one.
    pub fn step(&mut self, rec: &AuditRecord) -> Result<(), CheckFault> {
        if rec.seq != self.expect {
            return Err(CheckFault::AuditGap {
                seq: self.expect,
                found: rec.seq,
            });
        }
        if rec.prev_hash != self.prev {
            return Err(CheckFault::AuditBroken { seq: rec.seq });
        }
        if self.key.seal(rec) != rec.hash {
            return Err(CheckFault::AuditAltered { seq: rec.seq });
        }
        self.prev = rec.hash.clone();
        self.expect += 1;
        Ok(())
    }

    /// The fault of a record that does not read, where the next was due.
    pub fn unreadable(&self) -> CheckFault {
        CheckFault::AuditUnreadable { seq: self.expect }
    }

    /// The fault of the chain's end, given the head the store keeps (`None`
    /// if it keeps none): the head must name the last record walked.
    pub fn end(&self, head: Option<&AuditHead>) -> Option<CheckFault> {
        let last = self.expect - 1;
        match head {
            Some(h) => (h.seq != last || h.mac != self.prev).then(|| CheckFault::AuditRemoved {
                count: h.seq.saturating_sub(last),
            }),
            None => (last > 0).then_some(CheckFault::AuditNoHead),
        }
    }
}

#[cold]
fn unreachable_mac() -> HmacSha256 {
    // HMAC's new_from_slice refuses no key length; this is never reached.
    <HmacSha256 as KeyInit>::new(&Default::default())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The head of the chain as `audit head` prints it: `SEQ:MAC`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    pub mac: String,
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.mac)
    }
}

impl AuditHead {
    /// Reads `SEQ:MAC`; the error says what is wrong.
    pub fn parse(s: &str) -> Result<AuditHead, String> {
        let (seq, mac) = s.trim().split_once(':').ok_or_else(|| {
            format!("{s:?} is not SEQ:MAC (as `secretariat audit head` prints it)")
        })?;
        let seq = seq
            .parse()
            .map_err(|_| format!("{seq:?} is not a record number"))?;
        let mac = mac.to_ascii_lowercase();
        if mac.len() != 64 || !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("{mac:?} is not a MAC (64 hex digits)"));
        }
        Ok(AuditHead { seq, mac })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_key_gives_another_mac_and_fingerprint() {
        let a = AuditKey::new([1; 32], None);
        let b = AuditKey::new([2; 32], None);
        assert_ne!(a.fingerprint(), b.fingerprint());
        let r = AuditRecord {
            seq: 1,
            at: crate::domain::time::at(crate::domain::time::ymd(2026, 11, 21), 10, 0),
            actor: "tanaka".into(),
            uid: Some(1000),
            action: "approve".into(),
            target: "withdrawal/W-1".into(),
            before: None,
            after: Some("{}".into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        assert_ne!(a.seal(&r), b.seal(&r));
        let mut other = r.clone();
        other.uid = Some(0);
        assert_ne!(a.seal(&r), a.seal(&other));
    }

    fn chain(key: &AuditKey, n: u64) -> Vec<AuditRecord> {
        let mut head = AuditHead {
            seq: 0,
            mac: GENESIS.into(),
        };
        (0..n)
            .map(|i| {
                let r = key.extend(
                    &head,
                    AuditRecord {
                        seq: 0,
                        at: crate::domain::time::at(crate::domain::time::ymd(2026, 11, 21), 10, 0),
                        actor: "tanaka".into(),
                        uid: None,
                        action: "approve".into(),
                        target: format!("withdrawal/W-{i}"),
                        before: None,
                        after: None,
                        prev_hash: String::new(),
                        hash: String::new(),
                    },
                );
                head = AuditHead {
                    seq: r.seq,
                    mac: r.hash.clone(),
                };
                r
            })
            .collect()
    }

    fn walk(key: &AuditKey, records: &[AuditRecord]) -> Option<CheckFault> {
        let mut w = ChainWalk::new(key);
        for r in records {
            if let Err(f) = w.step(r) {
                return Some(f);
            }
        }
        let last = records.last().map(|r| AuditHead {
            seq: r.seq,
            mac: r.hash.clone(),
        });
        w.end(last.as_ref())
    }

    #[test]
    fn a_chain_extended_record_by_record_walks_whole_and_a_change_anywhere_is_named() {
        let key = AuditKey::new([3; 32], None);
        let records = chain(&key, 4);
        assert_eq!(
            records.iter().map(|r| r.seq).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(walk(&key, &records), None);
        assert_eq!(
            walk(&AuditKey::new([4; 32], None), &records),
            Some(CheckFault::AuditAltered { seq: 1 })
        );
        let mut altered = records.clone();
        altered[2].actor = "mallory".into();
        assert_eq!(
            walk(&key, &altered),
            Some(CheckFault::AuditAltered { seq: 3 })
        );
        let mut gap = records.clone();
        gap.remove(1);
        assert_eq!(
            walk(&key, &gap),
            Some(CheckFault::AuditGap { seq: 2, found: 3 })
        );
        let mut rechained = records.clone();
        rechained[1].prev_hash = GENESIS.into();
        assert_eq!(
            walk(&key, &rechained),
            Some(CheckFault::AuditBroken { seq: 2 })
        );
        // The last records cut off, the head still naming the fourth.
        let mut w = ChainWalk::new(&key);
        for r in &records[..2] {
            w.step(r).unwrap();
        }
        let head = AuditHead {
            seq: 4,
            mac: records[3].hash.clone(),
        };
        assert_eq!(
            w.end(Some(&head)),
            Some(CheckFault::AuditRemoved { count: 2 })
        );
        assert_eq!(w.end(None), Some(CheckFault::AuditNoHead));
        assert_eq!(ChainWalk::new(&key).end(None), None);
    }

    #[test]
    fn heads_read_back() {
        let h = AuditHead {
            seq: 42,
            mac: "ab".repeat(32),
        };
        assert_eq!(AuditHead::parse(&h.to_string()).unwrap(), h);
        assert!(AuditHead::parse("42").is_err());
        assert!(AuditHead::parse("x:ab").is_err());
    }
}
