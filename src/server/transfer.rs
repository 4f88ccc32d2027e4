//! Requests that move whole files: `export` (streamed to the client in
//! chunks), `import` (files uploaded in chunks first) and `backup`.

use super::handle::Answered;
use super::protocol::{Answer, CHUNK, Event, ImportFile, ServerMessage, ServiceAnswer, encode};
use super::serve::{Client, Shared, lock};
use super::uploads::{Upload, upload_path};
use crate::desk::trouble::{Trouble, UploadProblem};
use crate::desk::{DeskError, ExportError, ExportSpec, ImportOptions, Session};
use crate::domain::refusal::{Bounded, Refusal};
use crate::store::{Backup, StoreError};
use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many chunks of one export may wait in a client's queue.
const CHUNKS_IN_FLIGHT: usize = 4;

/// How long an export waits for a client that stopped reading.
const STALLED: Duration = Duration::from_secs(120);

/// Runs an import of uploaded files, each under the name the user gave it.
pub(crate) fn import(
    shared: &Shared,
    client: &Client,
    call: u64,
    files: Vec<ImportFile>,
    options: &ImportOptions,
) -> Answered {
    let mut actor = shared.desk.actor(&client.user)?;
    actor.uid = Some(client.uid);
    // The uploads are taken now; they are removed when `taken` is dropped.
    let mut taken;
    {
        let mut uploads = lock(&client.uploads);
        taken = uploads.sibling();
        if let Some(why) = uploads.refused.take() {
            return Err(DeskError::Refused(why));
        }
        let max = shared.limits.upload_files;
        if files.len() > max {
            return Err(DeskError::Refused(Refusal::TooMany {
                what: Bounded::ImportFiles,
                count: files.len(),
                max,
            }));
        }
        for f in &files {
            if let Some(u) = uploads.files.remove(&f.upload) {
                taken.files.insert(f.upload, u);
            }
        }
    }
    let mut named: Vec<(PathBuf, PathBuf)> = Vec::new();
    for f in &files {
        let path = match taken.files.get_mut(&f.upload) {
            Some(u) => {
                if let Some(problem) = &u.failed {
                    return Err(upload_failed(&f.name, problem.clone()));
                }
                std::fs::File::open(&u.path)
                    .and_then(|file| file.sync_all())
                    .map_err(|e| not_kept(&f.name, &u.path, e))?;
                u.path.clone()
            }
            None => {
                // No bytes came: an empty file.
                let path = upload_path(shared, client, f.upload);
                path.parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::File::create(&path).map(drop))
                    .map_err(|e| not_kept(&f.name, &path, e))?;
                taken.insert_counted(
                    f.upload,
                    Upload {
                        path: path.clone(),
                        bytes: 0,
                        failed: None,
                    },
                );
                path
            }
        };
        named.push((path, PathBuf::from(&f.name)));
    }
    let pairs: Vec<(&Path, &Path)> = named
        .iter()
        .map(|(p, n)| (p.as_path(), n.as_path()))
        .collect();
    // Progress (rows written so far) keeps a long import's caller waiting.
    let mut progress = |_: &str, done: usize| {
        if let Ok(f) = encode(&ServerMessage::Event(Event::BulkProgress {
            call,
            done,
            total: 0,
        })) {
            client.push(Arc::new(f));
        }
    };
    let reports =
        shared
            .desk
            .import_named(&actor, &pairs, options, shared.clock.now(), &mut progress)?;
    drop(taken);
    let wrote = !options.dry_run
        && reports
            .iter()
            .any(|r| r.written && r.created + r.updated > 0);
    let events = if wrote {
        vec![Event::Reload {
            by: actor.name.clone(),
        }]
    } else {
        Vec::new()
    };
    Ok((Answer::Service(ServiceAnswer::Imported(reports)), events))
}

fn upload_failed(file: &str, problem: UploadProblem) -> DeskError {
    DeskError::Failed(Trouble::Upload {
        file: file.to_string(),
        problem,
    })
}

fn not_kept(file: &str, path: &Path, e: std::io::Error) -> DeskError {
    upload_failed(
        file,
        UploadProblem::NotKept {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    )
}

/// Writes an export as the chunks of call `call`, then answers its count.
pub(crate) fn export(
    shared: &Shared,
    client: &Client,
    call: u64,
    spec: &ExportSpec,
    s: &Session,
) -> Answered {
    let mut out = ChunkWriter::new(client, call);
    let written = shared
        .desk
        .export_to(&s.actor, spec, s.today, s.now, &mut out);
    match written {
        Ok(n) => Ok((
            Answer::Service(ServiceAnswer::Exported { records: n as u64 }),
            Vec::new(),
        )),
        Err(ExportError::Desk(e)) => Err(e),
        Err(ExportError::Write(e)) => Err(DeskError::Failed(Trouble::ExportNotSent {
            detail: e.to_string(),
        })),
    }
}

/// Sends what is written to it as [`ServerMessage::Chunk`]s of at most
/// [`CHUNK`] bytes of UTF-8, cut after a line where one fits; at most
/// [`CHUNKS_IN_FLIGHT`] wait for the client at a time, so memory stays flat.
struct ChunkWriter<'a> {
    client: &'a Client,
    call: u64,
    buf: Vec<u8>,
    in_flight: VecDeque<Arc<Vec<u8>>>,
}

impl<'a> ChunkWriter<'a> {
    fn new(client: &'a Client, call: u64) -> ChunkWriter<'a> {
        ChunkWriter {
            client,
            call,
            buf: Vec::with_capacity(CHUNK),
            in_flight: VecDeque::new(),
        }
    }

    /// Sends the first `n` bytes of the buffer as one chunk.
    fn send(&mut self, n: usize) -> std::io::Result<()> {
        if self.client.gone() {
            return Err(std::io::Error::other("the client left"));
        }
        let text = std::str::from_utf8(&self.buf[..n])
            .map_err(|_| std::io::Error::other("the export is not UTF-8 text"))?
            .to_string();
        self.buf.drain(..n);
        let frame = encode(&ServerMessage::Chunk {
            id: self.call,
            text,
        })
        .map_err(std::io::Error::other)?;
        // A frame still counted elsewhere is still queued or being written.
        let started = Instant::now();
        while self.in_flight.len() >= CHUNKS_IN_FLIGHT {
            if self
                .in_flight
                .front()
                .is_some_and(|f| Arc::strong_count(f) == 1)
            {
                self.in_flight.pop_front();
            } else if started.elapsed() > STALLED {
                return Err(std::io::Error::other(format!(
                    "the client read nothing for {} s",
                    STALLED.as_secs()
                )));
            } else {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let frame = Arc::new(frame);
        self.in_flight.push_back(frame.clone());
        self.client
            .queue
            .send(frame)
            .map_err(|_| std::io::Error::other("the client left"))
    }

    /// Where to cut a full buffer: after its last newline, else at the last
    /// character boundary within [`CHUNK`].
    fn cut(&self) -> usize {
        let head = &self.buf[..CHUNK.min(self.buf.len())];
        match head.iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => (1..=head.len())
                .rev()
                .find(|&i| i == self.buf.len() || (self.buf[i] & 0xC0) != 0x80)
                .unwrap_or(head.len()),
        }
    }
}

impl Write for ChunkWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        while self.buf.len() >= CHUNK {
            let n = self.cut();
            self.send(n)?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.send(self.buf.len())?;
        }
        Ok(())
    }
}

/// Writes a copy of the store to `dest`, as the server's OS user.
pub(crate) fn backup(shared: &Shared, client: &Client, dest: &Path) -> Answered {
    let actor = shared.desk.actor(&client.user)?;
    tracing::info!(user = %actor.name, dest = %dest.display(), "backup");
    let store = shared.desk.store();
    if !dest.is_absolute() {
        return Err(DeskError::Refused(Refusal::BackupNotAbsolute {
            dest: dest.display().to_string(),
        }));
    }
    match store.backup(dest) {
        Ok(Backup::Copied { from, to }) => Ok((
            Answer::Service(ServiceAnswer::BackedUp {
                store: from,
                dest: to,
            }),
            Vec::new(),
        )),
        Ok(Backup::ByDatabaseTools { database }) => {
            Err(DeskError::Refused(Refusal::BackupByDatabaseTools {
                database,
            }))
        }
        Err(StoreError::Io { detail, .. }) => Err(DeskError::Failed(Trouble::BackupNotWritten {
            server_user: super::os_user_name(shared.server_uid),
            dest: dest.to_path_buf(),
            detail,
        })),
        Err(e) => Err(e.into()),
    }
}
