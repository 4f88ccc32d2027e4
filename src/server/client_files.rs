//! The remote desk's requests that move whole files: export, import, backup.

use super::client::{Partial, RemoteDesk};
use super::protocol::{CHUNK, ClientMessage, ImportFile, Request, Response, base64_encode};
use crate::desk::{DeskError, ExportSpec, FileReport, ImportOptions};
use crate::store::StoreError;
use chrono::NaiveDate;
use std::io::Read;
use std::path::{Path, PathBuf};

fn unexpected(r: Response) -> DeskError {
    DeskError::Store(StoreError::Refused(format!(
        "the secretariat server gave an answer of the wrong kind ({r:?}); run the same version on both sides"
    )))
}

impl RemoteDesk {
    /// Exports through the server: each piece of text is handed to `write` as
    /// it arrives (nothing is gathered); returns how many records were sent.
    /// `export outbox` without `all` releases the messages on the server.
    pub fn export(
        &self,
        spec: &ExportSpec,
        today: NaiveDate,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> Result<u64, ExportFailure> {
        let link = self.link()?;
        let mut write_error: Option<std::io::Error> = None;
        let request = Request::Export {
            spec: spec.clone(),
            today,
        };
        let answer = self.call_on(&link, request, &mut |part| match part {
            Partial::Chunk(text) => write(&text).map_err(|e| {
                let sentence = e.to_string();
                write_error = Some(e);
                DeskError::Invalid(sentence)
            }),
            Partial::Progress(..) => Ok(()),
        });
        if let Some(e) = write_error {
            return Err(ExportFailure::Write(e));
        }
        match answer? {
            Response::Exported { records } => Ok(records),
            other => Err(unexpected(other).into()),
        }
    }

    /// Imports files through the server: each is sent in pieces of at most
    /// 1 MiB as it is (any encoding), then imported under the name given here.
    pub fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
    ) -> Result<Vec<FileReport>, DeskError> {
        let link = self.link()?;
        let mut sent = Vec::new();
        let mut buf = vec![0u8; CHUNK / 4 * 3];
        for path in files {
            let upload = self.next_id();
            let cannot = |e: std::io::Error| {
                DeskError::Invalid(format!("cannot read {}: {e}", path.display()))
            };
            let mut file = std::fs::File::open(path).map_err(cannot)?;
            loop {
                let n = read_full(&mut file, &mut buf).map_err(cannot)?;
                if n == 0 {
                    break;
                }
                let data = base64_encode(&buf[..n]);
                self.send_on(&link, &ClientMessage::Upload { upload, data })?;
            }
            sent.push(ImportFile {
                name: path.display().to_string(),
                upload,
            });
        }
        let request = Request::Import {
            files: sent,
            options: options.clone(),
        };
        match self.call_on(&link, request, &mut |_| Ok(()))? {
            Response::Imported(reports) => Ok(reports),
            other => Err(unexpected(other)),
        }
    }

    /// Has the server write a copy of the store to `dest` (made absolute here,
    /// since the server's working directory is its own); returns the store's
    /// directory.
    pub fn backup(&self, dest: &Path) -> Result<PathBuf, DeskError> {
        let dest = std::path::absolute(dest).map_err(|e| {
            DeskError::Invalid(format!("cannot make {} absolute: {e}", dest.display()))
        })?;
        let link = self.link()?;
        match self.call_on(&link, Request::Backup { dest }, &mut |_| Ok(()))? {
            Response::BackedUp { store, .. } => Ok(store),
            other => Err(unexpected(other)),
        }
    }
}

/// Reads until `buf` is full or the input ends.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Why an export through the server stopped: the server, or writing its text here.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("{0}")]
    Write(std::io::Error),
}
