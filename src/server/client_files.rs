//! The remote desk's requests that move whole files: export, import, backup.

use super::client::{Partial, RemoteDesk, unexpected};
use super::protocol::{
    Answer, CHUNK, Call, ClientMessage, ImportFile, Service, ServiceAnswer, base64_encode,
    read_full,
};
use crate::desk::{DeskError, ExportError, ExportSpec, FileReport, ImportOptions};
use std::path::{Path, PathBuf};

impl RemoteDesk {
    /// Exports through the server: each piece of text is handed to `write` as
    /// it arrives (nothing is gathered); returns how many records were sent.
    /// `export outbox` without `all` releases the messages on the server.
    pub(super) fn export_through(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> Result<u64, ExportError> {
        let link = self.link()?;
        let mut write_error: Option<std::io::Error> = None;
        let call = Call::Service(Service::Export { spec: spec.clone() });
        let answer = self.call_on(&link, call, &mut |part| match part {
            Partial::Chunk(text) => write(&text).map_err(|e| {
                let detail = e.to_string();
                write_error = Some(e);
                DeskError::Failed(crate::desk::trouble::Trouble::ExportNotWritten { detail })
            }),
            Partial::Progress(..) => Ok(()),
        });
        if let Some(e) = write_error {
            return Err(ExportError::Write(e));
        }
        match answer? {
            Answer::Service(ServiceAnswer::Exported { records }) => Ok(records),
            other => Err(unexpected(&other).into()),
        }
    }

    /// Imports files through the server: each is sent in pieces of at most
    /// 1 MiB as it is (any encoding), then imported under the name given here.
    pub(super) fn import_through(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<FileReport>, DeskError> {
        let link = self.link()?;
        let mut sent = Vec::new();
        let mut buf = vec![0u8; CHUNK / 4 * 3];
        for path in files {
            let upload = self.next_id();
            let cannot = |e: std::io::Error| DeskError::invalid(path.display().to_string(), e);
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
        let call = Call::Service(Service::Import {
            files: sent,
            options: options.clone(),
        });
        let answer = self.call_on(&link, call, &mut |part| {
            if let Partial::Progress(done, total) = part {
                progress(done, total);
            }
            Ok(())
        })?;
        match answer {
            Answer::Service(ServiceAnswer::Imported(reports)) => Ok(reports),
            other => Err(unexpected(&other)),
        }
    }

    /// Has the server write a copy of the store to `dest` (made absolute here,
    /// since the server's working directory is its own); returns the store's
    /// directory.
    pub(super) fn backup_through(&self, dest: &Path) -> Result<PathBuf, DeskError> {
        let name = dest.display().to_string();
        let dest = std::path::absolute(dest).map_err(|e| DeskError::invalid(name.clone(), e))?;
        match self.service(Service::Backup { dest, name })? {
            Answer::Service(ServiceAnswer::BackedUp { store, .. }) => Ok(store),
            other => Err(unexpected(&other)),
        }
    }
}
