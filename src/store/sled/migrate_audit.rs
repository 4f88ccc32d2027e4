//! Schema 4 → 5: every audit record gains the uid of the acting OS user
//! (unknown, None, for the records written before), and the chain becomes
//! keyed: HMAC-SHA-256 under the store's audit key instead of plain SHA-256.
//!
//! The old chain is verified first — re-keying a chain that was already
//! edited would make the edit look sound — and the whole log is rewritten in
//! one transaction with the new head, the key's fingerprint and the schema
//! version, so the step happens completely or not at all. A last record,
//! `audit.keyed`, says what was done and keeps the old head's SHA-256.

use super::audit::{GENESIS, KEY_ID, hex};
use super::{Result, SledStore, StoreError, T, decode, encode};
use crate::domain::AuditRecord;

/// The records as schema 4 wrote them. Frozen: never edit these.
pub(crate) mod v4 {
    use crate::domain::Timestamp;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AuditRecord {
        pub seq: u64,
        pub at: Timestamp,
        pub actor: String,
        pub action: String,
        pub target: String,
        pub before: Option<String>,
        pub after: Option<String>,
        pub prev_hash: String,
        pub hash: String,
    }

    /// Schema 4's hash of a record's fields other than `hash`.
    pub fn hash(r: &AuditRecord) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(r.seq.to_be_bytes());
        for part in [
            r.at.to_rfc3339().as_str(),
            &r.actor,
            &r.action,
            &r.target,
            r.before.as_deref().unwrap_or("\u{0}"),
            r.after.as_deref().unwrap_or("\u{0}"),
            &r.prev_hash,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        super::hex(&h.finalize())
    }
}

/// Rewrites the audit log under the key (see the module's doc).
pub(super) fn step_4_to_5(store: &SledStore) -> Result<()> {
    let refuse = |seq: u64, unreadable: Option<String>| {
        StoreError::Refused(super::Refused::BrokenChain {
            dir: store.dir.clone(),
            seq,
            unreadable,
        })
    };
    let key = &store.audit_key;
    let mut records = Vec::new();
    let mut prev_old = GENESIS.to_string();
    let mut prev_mac = GENESIS.to_string();
    let mut last_at = None;
    for (n, kv) in store.tree(T::Audit).iter().enumerate() {
        let (_, v) = kv?;
        let seq = n as u64 + 1;
        // A record already keyed under this key (a store written by this
        // build and marked older, or a step done again) is kept as it is.
        if let Ok(rec) = decode::<AuditRecord>(&v) {
            if rec.seq == seq && rec.prev_hash == prev_mac && key.seal(&rec) == rec.hash {
                prev_mac = rec.hash.clone();
                prev_old = rec.hash.clone();
                last_at = Some(rec.at);
                records.push(rec);
                continue;
            }
        }
        let old: v4::AuditRecord = decode(&v).map_err(|e| {
            let why = match e {
                StoreError::Codec(super::Codec::Value { detail }) => detail,
                other => other.to_string(),
            };
            refuse(seq, Some(why))
        })?;
        if old.seq != seq || old.prev_hash != prev_old || v4::hash(&old) != old.hash {
            return Err(refuse(seq, None));
        }
        prev_old = old.hash.clone();
        last_at = Some(old.at);
        let mut rec = AuditRecord {
            seq: old.seq,
            at: old.at,
            actor: old.actor,
            uid: None,
            action: old.action,
            target: old.target,
            before: old.before,
            after: old.after,
            prev_hash: prev_mac,
            hash: String::new(),
        };
        rec.hash = key.seal(&rec);
        prev_mac = rec.hash.clone();
        records.push(rec);
    }
    if let Some(at) = last_at {
        let mut note = AuditRecord {
            seq: records.len() as u64 + 1,
            at,
            actor: String::from_utf8_lossy(&store.meta("created_by")?.unwrap_or_default())
                .into_owned(),
            uid: Some(nix::unistd::getuid().as_raw()),
            action: "audit.keyed".into(),
            target: "audit".into(),
            before: Some(
                serde_json::json!({"schema": 4, "records": records.len(), "sha256_head": prev_old})
                    .to_string(),
            ),
            after: Some(serde_json::json!({"schema": 5, "key": key.fingerprint()}).to_string()),
            prev_hash: prev_mac,
            hash: String::new(),
        };
        note.hash = key.seal(&note);
        records.push(note);
    }
    let encoded: Vec<(u64, Vec<u8>)> = records
        .iter()
        .map(|r| encode(r).map(|b| (r.seq, b)))
        .collect::<Result<_>>()?;
    let head = records.last().map(|r| {
        let mut h = r.seq.to_be_bytes().to_vec();
        h.extend_from_slice(r.hash.as_bytes());
        h
    });
    let fingerprint = key.fingerprint();
    store.transact(None, |tx| {
        for (seq, bytes) in &encoded {
            tx.tree(T::Audit)
                .insert(&seq.to_be_bytes()[..], bytes.as_slice())?;
        }
        let meta = tx.tree(T::Meta);
        if let Some(h) = &head {
            meta.insert(&b"audit_head"[..], h.as_slice())?;
        }
        meta.insert(KEY_ID, fingerprint.as_bytes())?;
        meta.insert(&b"schema_version"[..], &5u32.to_be_bytes()[..])?;
        Ok(())
    })?;
    store.db()?.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};

    fn v4_log(n: u64) -> Vec<v4::AuditRecord> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut r = v4::AuditRecord {
                    seq,
                    at: at(ymd(2026, 11, 20), 9, seq as u32 % 50),
                    actor: "田中".into(),
                    action: "approve".into(),
                    target: format!("withdrawal/W-{seq}"),
                    before: None,
                    after: Some("{}".into()),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = v4::hash(&r);
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    /// A store as schema 4 left it: its audit log in the frozen layout, the
    /// plain SHA-256 chain, no key fingerprint.
    fn schema_4_store(dir: &std::path::Path, log: &[v4::AuditRecord]) {
        let s = SledStore::open(dir, "boss").unwrap();
        let audit = s.tree(T::Audit);
        for r in log {
            audit
                .insert(r.seq.to_be_bytes(), encode(r).unwrap())
                .unwrap();
        }
        if let Some(last) = log.last() {
            let mut head = last.seq.to_be_bytes().to_vec();
            head.extend_from_slice(last.hash.as_bytes());
            s.tree(T::Meta).insert(b"audit_head", head).unwrap();
        }
        s.tree(T::Meta).remove(KEY_ID).unwrap();
        s.tree(T::Meta)
            .insert(b"schema_version", &4u32.to_be_bytes())
            .unwrap();
        s.flush().unwrap();
    }

    #[test]
    fn schema_4_logs_are_keyed_with_uid_unknown() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        let log = v4_log(5);
        schema_4_store(&dir, &log);
        let key = crate::store::sled::AuditKey::new([7; 32], None);
        let s = SledStore::open_keyed(&dir, "boss", key.clone()).unwrap();
        let recs: Vec<AuditRecord> = s.all_audit().map(|r| r.unwrap()).collect();
        assert_eq!(recs.len(), 6);
        for (old, new) in log.iter().zip(&recs) {
            assert_eq!(
                (old.seq, &old.actor, &old.target),
                (new.seq, &new.actor, &new.target)
            );
            assert_eq!(new.uid, None);
            assert_eq!(new.hash, key.seal(new));
        }
        assert_eq!(recs[5].action, "audit.keyed");
        assert!(recs[5].before.as_deref().unwrap().contains(&log[4].hash));
        let report = s.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        assert_eq!(s.audit_head().unwrap().seq, 6);
        drop(s);
        // The copy taken before the upgrade is the schema 4 store.
        assert!(tmp.path().join("store.schema-4.bak").exists());
        // Another key is refused from now on.
        let other = crate::store::sled::AuditKey::new([8; 32], None);
        assert!(matches!(
            SledStore::open_keyed(&dir, "boss", other),
            Err(StoreError::WrongAuditKey { .. })
        ));
    }

    #[test]
    fn a_broken_schema_4_chain_is_not_keyed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        let mut log = v4_log(3);
        log[1].actor = "mallory".into();
        schema_4_store(&dir, &log);
        let e = SledStore::open_keyed(
            &dir,
            "boss",
            crate::store::sled::AuditKey::new([7; 32], None),
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("audit record 2 does not verify"), "{e}");
    }
}
