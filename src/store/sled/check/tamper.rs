//! Damage made on purpose, for the tests of `check`.

use crate::domain::AuditRecord;
use crate::store::sled::audit::GENESIS;
use crate::store::sled::{Result, SledStore, T, decode, keys};

impl SledStore {
    /// Test support: damages the store on purpose.
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, what: &str) -> Result<()> {
        match what {
            "audit" => {
                if let Some((k, v)) = self.tree(T::Audit).first()? {
                    let mut rec: AuditRecord = decode(&v)?;
                    rec.actor = "mallory".into();
                    self.tree(T::Audit)
                        .insert(k, crate::store::sled::encode(&rec)?)?;
                }
            }
            "audit-rechained" => {
                // What an editor without the key would do: change one record,
                // then recompute the plain SHA-256 chain after it and the head.
                let mut prev = GENESIS.to_string();
                let mut last = None;
                for kv in self.tree(T::Audit).iter() {
                    let (k, v) = kv?;
                    let mut rec: AuditRecord = decode(&v)?;
                    if rec.seq == 1 {
                        rec.actor = "mallory".into();
                    }
                    rec.prev_hash = prev;
                    let old = crate::store::sled::migrate_audit::v4::AuditRecord {
                        seq: rec.seq,
                        at: rec.at,
                        actor: rec.actor.clone(),
                        action: rec.action.clone(),
                        target: rec.target.clone(),
                        before: rec.before.clone(),
                        after: rec.after.clone(),
                        prev_hash: rec.prev_hash.clone(),
                        hash: String::new(),
                    };
                    rec.hash = crate::store::sled::migrate_audit::v4::hash(&old);
                    prev = rec.hash.clone();
                    self.tree(T::Audit)
                        .insert(k, crate::store::sled::encode(&rec)?)?;
                    last = Some(rec);
                }
                if let Some(rec) = last {
                    let mut head = rec.seq.to_be_bytes().to_vec();
                    head.extend_from_slice(rec.hash.as_bytes());
                    self.tree(T::Meta).insert(b"audit_head", head)?;
                }
            }
            "audit-truncated" => {
                // The last record removed and the head moved back to the one before.
                if let Some((k, _)) = self.tree(T::Audit).pop_max()? {
                    let seq = keys::u64_from(&k).unwrap_or(1);
                    if let Some(v) = self.tree(T::Audit).get((seq - 1).to_be_bytes())? {
                        let rec: AuditRecord = decode(&v)?;
                        let mut head = rec.seq.to_be_bytes().to_vec();
                        head.extend_from_slice(rec.hash.as_bytes());
                        self.tree(T::Meta).insert(b"audit_head", head)?;
                    }
                }
            }
            "index" => {
                if let Some((k, _)) = self.tree(T::IdxDue).first()? {
                    self.tree(T::IdxDue).remove(k)?;
                }
            }
            "person" => {
                if let Some((k, v)) = self.tree(T::People).first()? {
                    // A byte flipped in the middle: the record no longer reads.
                    let mut bytes = v.to_vec();
                    bytes.truncate(bytes.len() / 2);
                    self.tree(T::People).insert(k, bytes)?;
                }
            }
            "role" => {
                // A supervisor's roles written around the desk (no audit record).
                let access = crate::store::sled::migrate::v10_step::access_of_role(
                    crate::domain::Role::Supervisor,
                );
                self.tree(T::Users)
                    .insert(b"mallory", crate::store::sled::encode(&access)?)?;
            }
            "schema" => {
                self.tree(T::Meta)
                    .insert(b"schema_version", &99u32.to_be_bytes())?;
            }
            _ => {}
        }
        self.flush()
    }

    /// Test support: writes garbage under a real key of the table named
    /// `table` (`meta`: its `case_seq`; a table with no record: a key of its
    /// layout), and says which, so that a test can ask `check` to name it and
    /// put the record back. None: no such table.
    #[doc(hidden)]
    pub fn garble_record_for_tests(&self, table: &str) -> Result<Option<GarbledForTests>> {
        let Some(t) = T::ALL.into_iter().find(|t| t.name() == table) else {
            return Ok(None);
        };
        let tree = self.tree(t);
        let key = match t {
            T::Meta => b"case_seq".to_vec(),
            _ => match tree.first()? {
                Some((k, _)) => k.to_vec(),
                None if t == T::ImportJournal => [&b"H"[..], &1u64.to_be_bytes()].concat(),
                None => [&[0u8, 0][..], &[0x80, 0, 0, 0], &1u64.to_be_bytes()].concat(),
            },
        };
        let old = tree.get(&key)?.map(|v| v.to_vec());
        tree.insert(&key, &b"\xff\xfe\xfd"[..])?;
        self.flush()?;
        Ok(Some(GarbledForTests {
            table: t.name().to_string(),
            key_text: super::records::key_of(t, &key).to_string(),
            key,
            old,
        }))
    }

    /// Test support: puts back the record [`SledStore::garble_record_for_tests`] spoiled.
    #[doc(hidden)]
    pub fn restore_record_for_tests(&self, g: &GarbledForTests) -> Result<()> {
        let Some(t) = T::ALL.into_iter().find(|t| t.name() == g.table) else {
            return Ok(());
        };
        match &g.old {
            Some(v) => self.tree(t).insert(&g.key, v.as_slice())?,
            None => self.tree(t).remove(&g.key)?,
        };
        self.flush()
    }
}

/// A record spoiled by a test: its table, its key (as `check` words it and
/// as stored) and what it held.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct GarbledForTests {
    pub table: String,
    pub key_text: String,
    key: Vec<u8>,
    old: Option<Vec<u8>>,
}

impl GarbledForTests {
    /// A record another backend garbled: its table, key as people read it,
    /// key as the backend finds it, and its value before.
    pub(crate) fn of_backend(
        table: &str,
        key_text: String,
        key: Vec<u8>,
        old: Option<Vec<u8>>,
    ) -> GarbledForTests {
        GarbledForTests {
            table: table.to_string(),
            key_text,
            key,
            old,
        }
    }

    /// The key and the value before, as [`GarbledForTests::of_backend`] took them.
    pub(crate) fn parts(&self) -> (&[u8], Option<&[u8]>) {
        (&self.key, self.old.as_deref())
    }

    /// How `check` begins its fault: the table and the key (a case's key
    /// is followed by its ref, then the fault by why).
    pub fn named(&self) -> String {
        format!("{} {}", self.table, self.key_text)
    }
}

/// Every table's name, for the tests that spoil each in turn.
#[doc(hidden)]
pub fn table_names_for_tests() -> Vec<&'static str> {
    T::ALL.iter().map(|t| t.name()).collect()
}
