//! Test support: damage a PostgreSQL store the way an attacker holding the
//! database's owner role, or a bad restore, would, so that tests can see
//! `check` find it. The owner may switch the audit table's trigger off; the
//! program's own role, in a deployment, is not the owner (see
//! docs/administration.md).

use super::{PgStore, Result, from_json, to_json};
use crate::domain::AuditRecord;
use crate::domain::Role;
use crate::domain::org::UserAccess;
use crate::store::sled::GarbledForTests;
use sha2::{Digest, Sha256};

/// The tables a test may garble a record of: table, key column, value column.
const GARBLED: [(&str, &str, &str); 9] = [
    ("cases", "id::text", "body"),
    ("people", "regno", "body"),
    ("facilities", "number", "body"),
    ("physicians", "cert", "body"),
    ("loans", "loan_id", "body"),
    ("outbox", "id::text", "body"),
    ("audit", "seq::text", "record"),
    ("users", "name", "access"),
    ("orgs", "id", "body"),
];

impl PgStore {
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, what: &str) -> Result<()> {
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        tx.batch_execute("ALTER TABLE audit DISABLE TRIGGER USER")?;
        match what {
            "audit" => {
                if let Some(row) =
                    tx.query_opt("SELECT record FROM audit ORDER BY seq LIMIT 1", &[])?
                {
                    let mut rec: AuditRecord = from_json(row.get(0))?;
                    rec.actor = "mallory".into();
                    tx.execute(
                        "UPDATE audit SET actor = $2, record = $3 WHERE seq = $1",
                        &[&super::big(rec.seq), &rec.actor, &to_json(&rec)?],
                    )?;
                }
            }
            "audit-rechained" => {
                // The chain recomputed with a plain SHA-256, without the key.
                let mut prev = crate::store::audit::GENESIS.to_string();
                let mut last = None;
                for row in tx.query("SELECT record FROM audit ORDER BY seq", &[])? {
                    let mut rec: AuditRecord = from_json(row.get(0))?;
                    if rec.seq == 1 {
                        rec.actor = "mallory".into();
                    }
                    rec.prev_hash = prev;
                    rec.hash = String::new();
                    let digest = Sha256::digest(serde_json::to_vec(&rec).unwrap_or_default());
                    rec.hash = crate::store::audit::hex(&digest);
                    prev = rec.hash.clone();
                    tx.execute(
                        "UPDATE audit SET actor = $2, record = $3 WHERE seq = $1",
                        &[&super::big(rec.seq), &rec.actor, &to_json(&rec)?],
                    )?;
                    last = Some(rec);
                }
                if let Some(rec) = last {
                    tx.execute(
                        "UPDATE audit_head SET seq = $1, mac = $2",
                        &[&super::big(rec.seq), &rec.hash],
                    )?;
                }
            }
            "audit-truncated" => {
                tx.execute(
                    "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
                    &[],
                )?;
                if let Some(row) =
                    tx.query_opt("SELECT record FROM audit ORDER BY seq DESC LIMIT 1", &[])?
                {
                    let rec: AuditRecord = from_json(row.get(0))?;
                    tx.execute(
                        "UPDATE audit_head SET seq = $1, mac = $2",
                        &[&super::big(rec.seq), &rec.hash],
                    )?;
                }
            }
            "index" => {
                tx.execute(
                    "UPDATE cases SET due_days = due_days + 1
                      WHERE id = (SELECT min(id) FROM cases)",
                    &[],
                )?;
            }
            "person" => {
                tx.execute(
                    "UPDATE people SET body = '\"garbled\"'
                      WHERE regno = (SELECT min(regno) FROM people)",
                    &[],
                )?;
            }
            "role" => {
                tx.execute(
                    "INSERT INTO users (name, access) VALUES ('mallory', $1)
                     ON CONFLICT (name) DO UPDATE SET access = $1",
                    &[&to_json(&UserAccess::of_role(Role::Supervisor))?],
                )?;
            }
            "schema" => {
                tx.execute("INSERT INTO schema_version (version) VALUES (99)", &[])?;
            }
            _ => {}
        }
        tx.batch_execute("ALTER TABLE audit ENABLE TRIGGER USER")?;
        tx.commit()?;
        Ok(())
    }

    #[doc(hidden)]
    pub fn garble_record_for_tests(&self, table: &str) -> Result<Option<GarbledForTests>> {
        let Some((table, key, value)) = GARBLED.into_iter().find(|(t, _, _)| *t == table) else {
            return Ok(None);
        };
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        let Some(row) = tx.query_opt(
            &format!("SELECT {key}, {value}::text FROM {table} ORDER BY 1 LIMIT 1"),
            &[],
        )?
        else {
            return Ok(None);
        };
        let (k, old): (String, String) = (row.get(0), row.get(1));
        tx.batch_execute("ALTER TABLE audit DISABLE TRIGGER USER")?;
        tx.execute(
            &format!("UPDATE {table} SET {value} = '\"garbled\"' WHERE {key} = $1"),
            &[&k],
        )?;
        tx.batch_execute("ALTER TABLE audit ENABLE TRIGGER USER")?;
        tx.commit()?;
        Ok(Some(GarbledForTests::of_backend(
            table,
            k.clone(),
            k.into_bytes(),
            Some(old.into_bytes()),
        )))
    }

    #[doc(hidden)]
    pub fn restore_record_for_tests(&self, g: &GarbledForTests) -> Result<()> {
        let Some((table, key, value)) = GARBLED.into_iter().find(|(t, _, _)| *t == g.table) else {
            return Ok(());
        };
        let (k, old) = g.parts();
        let (k, old) = (
            String::from_utf8_lossy(k).into_owned(),
            old.map(|o| String::from_utf8_lossy(o).into_owned()),
        );
        let Some(old) = old else { return Ok(()) };
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        tx.batch_execute("ALTER TABLE audit DISABLE TRIGGER USER")?;
        tx.execute(
            &format!("UPDATE {table} SET {value} = $2::text::jsonb WHERE {key} = $1"),
            &[&k, &old],
        )?;
        tx.batch_execute("ALTER TABLE audit ENABLE TRIGGER USER")?;
        tx.commit()?;
        Ok(())
    }
}
