//! The PostgreSQL backend: the same records as sled's, in tables with real
//! columns (queue, ref, state, due, received, assignee, revision, subject,
//! organisation set…) that SQL can report on, each with its whole value as
//! `jsonb` beside them; the words a case is found by in a table of their
//! own. Schema changes are versioned `.sql` files (`sql/`), applied in one
//! transaction under an advisory lock, recorded in `schema_version`.
//!
//! A change (a `WriteBatch`) is one transaction (`write`): the cases it
//! touches are locked first (by id), then the counters it takes, and the
//! audit chain's head last, so that any number of writers keep one linear,
//! gapless chain whose MACs the program computes (`AuditKey`, which the
//! database never holds). A trigger refuses to change or remove an audit
//! record. An import is one transaction per file (`import`); `check` reads
//! one REPEATABLE READ snapshot (`check`).

mod check;
mod conn;
mod import;
mod read;
mod records;
mod tamper;
mod write;
mod write_registry;

pub use conn::PgOptions;
pub use import::PgImport;
pub use read::Chunks;

use crate::domain::org::{CaseOrg, OrgId, Organisation, UserAccess, normal_set};
use crate::domain::{Queue, Role};
use crate::store::audit::{AuditKey, GENESIS};
use crate::store::error::StoreError;
use crate::store::fault::StoreFault;
use serde::{Serialize, de::DeserializeOwned};
use std::path::PathBuf;

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The schema this build reads and writes: the number of the last file of `sql/`.
pub const SCHEMA_VERSION: i32 = 1;

/// The migrations, in order: version and SQL.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("sql/001_tables.sql"))];

/// The advisory lock migrations are applied under (any fixed number: ours).
const MIGRATION_LOCK: i64 = 0x5345_4352_4554_4152; // "SECRETAR"

/// An open PostgreSQL store.
pub struct PgStore {
    pool: conn::Pool,
    audit_key: AuditKey,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStore({})", self.pool.label())
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let code = e.code().map(|c| c.code().to_string());
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        };
        StoreError::Postgres { code, detail }
    }
}

/// A value as the store keeps it in `jsonb`.
pub(super) fn to_json<V: Serialize>(v: &V) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| {
        StoreError::Codec(crate::store::error::Codec::Value {
            detail: e.to_string(),
        })
    })
}

/// A value read back from `jsonb`.
pub(super) fn from_json<V: DeserializeOwned>(v: serde_json::Value) -> Result<V> {
    serde_json::from_value(v).map_err(|e| {
        StoreError::Codec(crate::store::error::Codec::Value {
            detail: e.to_string(),
        })
    })
}

/// A unit enum's id as serde writes it (`pending`, `queued`).
pub(super) fn id_of<V: Serialize>(v: &V) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A date as a `date` column keeps it: None beyond PostgreSQL's range
/// (4713 BC to 5874897 AD; chrono's is wider).
pub(super) fn pg_date(d: Option<chrono::NaiveDate>) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    d.filter(|d| (-4712..=5_874_896).contains(&d.year()))
}

/// A moment as a `timestamptz` column keeps it: None beyond PostgreSQL's
/// range (4713 BC to 294276 AD).
pub(super) fn pg_time(t: crate::domain::Timestamp) -> Option<crate::domain::Timestamp> {
    use chrono::Datelike;
    (-4712..=294_275).contains(&t.year()).then_some(t)
}

/// A number of the program as PostgreSQL's `bigint`.
pub(super) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A `bigint` as the program's number.
pub(super) fn num(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The key of an organisation set in `org_sets` (its JSON, one per set).
fn set_key(set: &[CaseOrg]) -> Result<String> {
    Ok(to_json(&set.to_vec())?.to_string())
}

impl PgStore {
    /// Connects to the database `opts` names and makes it a store (or
    /// upgrades it), its audit chain under `key`; `creator` becomes the
    /// first supervisor of a new store.
    pub fn open(opts: &PgOptions, creator: &str, key: AuditKey) -> Result<PgStore> {
        let pool = conn::Pool::new(opts)?;
        let store = PgStore {
            pool,
            audit_key: key,
        };
        store.migrate(creator)?;
        Ok(store)
    }

    /// The database as people name it (no password): for messages.
    pub fn label(&self) -> &str {
        self.pool.label()
    }

    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// Applies the migrations this build knows and the database lacks, and
    /// makes a new store's first records; one transaction, under an
    /// advisory lock, so that two programs starting at once do it once.
    fn migrate(&self, creator: &str) -> Result<()> {
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (
                 version integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now())",
        )?;
        let current: Option<i32> = tx
            .query_one("SELECT max(version) FROM schema_version", &[])?
            .get(0);
        let current = current.unwrap_or(0);
        if current > SCHEMA_VERSION {
            return Err(StoreFault::NewerSchema {
                dir: PathBuf::from(self.label()),
                found: current as u32,
                reads: SCHEMA_VERSION as u32,
            }
            .into());
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[version],
            )?;
        }
        let fingerprint = self.audit_key.fingerprint();
        let kept: Option<Vec<u8>> = tx
            .query_opt("SELECT value FROM meta WHERE key = 'audit_key_id'", &[])?
            .map(|r| r.get(0));
        match kept {
            Some(k) if k == fingerprint.as_bytes() => {}
            Some(_) => {
                return Err(StoreError::WrongAuditKey {
                    dir: PathBuf::from(self.label()),
                    key: self.audit_key.source(),
                });
            }
            None => {
                // A new store is one office; its creator administers it
                // and supervises there.
                let office = Organisation::the_office();
                let default_set = normal_set(&[CaseOrg::new(
                    OrgId::default_org(),
                    crate::domain::org::Side::Whole,
                )]);
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('audit_key_id', $1), ('created_by', $2)",
                    &[&fingerprint.as_bytes(), &creator.as_bytes()],
                )?;
                tx.execute(
                    "INSERT INTO orgs (id, body) VALUES ($1, $2)",
                    &[&office.id.as_str(), &to_json(&office)?],
                )?;
                tx.execute(
                    "INSERT INTO users (name, access) VALUES ($1, $2)",
                    &[&creator, &to_json(&UserAccess::of_role(Role::Supervisor))?],
                )?;
                tx.execute(
                    "INSERT INTO org_sets (number, orgs, key) VALUES (0, $1, $2)",
                    &[&to_json(&default_set)?, &set_key(&default_set)?],
                )?;
                tx.execute(
                    "INSERT INTO audit_head (seq, mac) VALUES (0, $1)",
                    &[&GENESIS],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many rows the store's tables hold, for the benchmark.
    pub fn key_count(&self) -> Result<u64> {
        let mut c = self.pool.get()?;
        let row = c.query_one(
            "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM case_words)
                  + (SELECT count(*) FROM people) + (SELECT count(*) FROM facilities)
                  + (SELECT count(*) FROM physicians) + (SELECT count(*) FROM loans)
                  + (SELECT count(*) FROM audit) + (SELECT count(*) FROM outbox)",
            &[],
        )?;
        Ok(num(row.get(0)))
    }

    /// The size of the database, in bytes (0 if it cannot be read).
    pub fn size_on_disk(&self) -> u64 {
        let size = self.pool.get().and_then(|mut c| {
            Ok(
                c.query_one("SELECT pg_database_size(current_database())", &[])?
                    .get::<_, i64>(0),
            )
        });
        size.map(num).unwrap_or(0)
    }

    /// The queues as the tables name them.
    pub(super) fn queue_of(id: &str) -> Result<Queue> {
        Queue::from_id(id).ok_or_else(|| {
            StoreError::Codec(crate::store::error::Codec::Value {
                detail: format!("a case of no queue: {id:?}"),
            })
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
