//! The import of one file as the store keeps it: all its chunks or none.

use super::{Outcome, Result, WriteBatch};

/// One file being imported, begun by [`super::Store::begin_import`]: every
/// other change waits until it is committed, or rolled back (also when it
/// is dropped without a commit, and when the program dies before: the
/// store puts back what it had written when it is opened again).
#[derive(Debug)]
pub enum ImportSession<'a> {
    Sled(super::sled::ImportRun<'a>),
    Postgres(Box<super::postgres::PgImport<'a>>),
}

impl ImportSession<'_> {
    /// Writes one chunk of the file (one transaction). On failure the whole
    /// file is rolled back.
    pub fn write(&mut self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        match self {
            ImportSession::Sled(run) => run.write(batch),
            ImportSession::Postgres(run) => run.write(batch),
        }
    }

    /// Makes the file's rows the store's, on disk when it returns.
    pub fn commit(self) -> Result<()> {
        match self {
            ImportSession::Sled(run) => run.commit(),
            ImportSession::Postgres(run) => run.commit(),
        }
    }
}
