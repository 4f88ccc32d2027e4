//! A database of its own for each test, in the cluster `SECRETARIAT_TEST_PG`
//! names (`scripts/pg-cluster.sh start` makes one; `.ci/run` does). Without
//! it a test passes with a notice, except under `CI=true`, where it fails:
//! a test that skipped there would be a test that did not run.

use super::{PgOptions, PgStore};
use crate::store::AuditKey;
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable naming the test cluster.
pub(crate) const VAR: &str = "SECRETARIAT_TEST_PG";

/// A database made for one test, dropped (its connections ended) with it.
pub(crate) struct TestDb {
    admin: String,
    name: String,
    pub(crate) opts: PgOptions,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The URL `url` with the database `name` instead of its own.
fn with_dbname(url: &str, name: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}dbname={name}")
}

/// A new, empty database, or None (with a notice) where no cluster is
/// given; under `CI=true` the lack of one fails the test.
pub(crate) fn test_db() -> Option<TestDb> {
    let Ok(admin) = std::env::var(VAR) else {
        let why = format!(
            "{VAR} is not set: the PostgreSQL backend is not tested (scripts/pg-cluster.sh start)"
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{why}; under CI=true a test may not pass by skipping");
        }
        eprintln!("NOTICE: skipped: {why}");
        return None;
    };
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "secretariat_test_{}_{}_{:08x}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    );
    let mut c = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to {VAR}={admin}: {e}"));
    c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .unwrap_or_else(|e| panic!("creating a test database: {e}"));
    Some(TestDb {
        opts: PgOptions {
            url: with_dbname(&admin, &name),
            ..Default::default()
        },
        admin,
        name,
    })
}

/// A new store in a database of its own, under the test key.
pub(crate) fn store(creator: &str) -> Option<(TestDb, PgStore)> {
    let db = test_db()?;
    let store = PgStore::open(&db.opts, creator, AuditKey::default())
        .unwrap_or_else(|e| panic!("opening a PostgreSQL store: {e}"));
    Some((db, store))
}

#[test]
fn a_store_opened_twice_migrates_once_and_refuses_another_key() {
    let Some((db, _store)) = store("boss") else {
        return;
    };
    let again = PgStore::open(&db.opts, "someone", AuditKey::default()).unwrap();
    assert_eq!(again.audit_head().unwrap().seq, 0);
    let other = AuditKey::new([7; 32], None);
    match PgStore::open(&db.opts, "boss", other) {
        Err(crate::store::StoreError::WrongAuditKey { .. }) => {}
        other => panic!("another key was not refused: {other:?}"),
    }
}

#[test]
fn the_audit_table_refuses_update_and_delete() {
    let Some((db, _store)) = store("boss") else {
        return;
    };
    let mut c = postgres::Client::connect(&db.opts.url, postgres::NoTls).unwrap();
    c.batch_execute(
        "INSERT INTO audit (seq, at, actor, action, target, record)
         VALUES (1, now(), 'x', 'y', 'z', '{}')",
    )
    .unwrap();
    for sql in [
        "UPDATE audit SET actor = 'mallory'",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ] {
        let e = crate::store::StoreError::from(c.batch_execute(sql).unwrap_err());
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
}
