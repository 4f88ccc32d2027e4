//! The import of one file as one transaction: its chunks are written on one
//! connection inside `BEGIN` … `COMMIT`, so a failure, a drop without a
//! commit or the death of the program (PostgreSQL rolls back a transaction
//! whose connection is gone) leaves nothing of the file; a rollback the
//! program sees is audited (`import.rolled_back`), as on sled. Its first
//! chunk locks the audit chain's head, so other changes wait until it ends.

use super::conn::Conn;
use super::write::Writer;
use super::{PgStore, Result};
use crate::domain::Timestamp;
use crate::store::batch::{Outcome, WriteBatch};
use crate::store::error::{Refused, StoreError};

/// One file being imported (`ImportSession::Postgres`).
pub struct PgImport<'a> {
    store: &'a PgStore,
    conn: Conn<'a>,
    id: u64,
    file: String,
    rows: usize,
    actor: String,
    uid: Option<u32>,
    at: Timestamp,
    finished: bool,
}

impl std::fmt::Debug for PgImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgImport({})", self.file)
    }
}

impl PgStore {
    /// Starts importing a file: a transaction on a connection of its own.
    pub fn begin_import(
        &self,
        file: &str,
        rows: usize,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<PgImport<'_>> {
        let mut conn = self.pool.get()?;
        let id: i64 = conn.query_one("SELECT nextval('import_ids')", &[])?.get(0);
        conn.batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")?;
        Ok(PgImport {
            store: self,
            conn,
            id: super::num(id),
            file: file.to_string(),
            rows,
            actor: actor.to_string(),
            uid,
            at,
            finished: false,
        })
    }
}

impl PgImport<'_> {
    /// Writes one chunk; on failure the whole file is rolled back.
    pub fn write(&mut self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        let res = Writer::new(&mut *self.conn, self.store).batch(batch);
        res.map_err(|e| self.fail(e))
    }

    /// Makes the file's rows the store's: committed when it returns.
    pub fn commit(mut self) -> Result<()> {
        match self.conn.batch_execute("COMMIT") {
            Ok(()) => {
                self.finished = true;
                Ok(())
            }
            Err(e) => Err(self.fail(e.into())),
        }
    }

    fn fail(&mut self, cause: StoreError) -> StoreError {
        self.finished = true;
        // A connection that broke has rolled back on the server already.
        if let Err(e) = self.conn.batch_execute("ROLLBACK") {
            tracing::warn!(error = %e, "rolling back an import");
        }
        // As sled does, the audit log says the file was rolled back, and why
        // (the cause in English).
        let after = serde_json::json!({
            "file": self.file,
            "rows": self.rows,
            "import_id": self.id,
            "started_by": self.actor,
            "started_at": self.at,
            "why": format!("it failed: {cause}"),
        })
        .to_string();
        let audited = self.store.transact(|w| {
            w.audit(
                &self.actor,
                self.uid,
                self.at,
                "import.rolled_back",
                format!("import/{}", self.id),
                None,
                Some(after),
            );
            Ok(())
        });
        if let Err(e) = audited {
            tracing::warn!(error = %e, "auditing the rollback of an import");
        }
        StoreError::ImportUndone {
            file: self.file.clone(),
            cause: Box::new(cause),
        }
    }
}

impl Drop for PgImport<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let e = self.fail(StoreError::Refused(Refused::ImportAbandoned));
            tracing::warn!(error = %e, "an import ended without its commit");
        }
    }
}
