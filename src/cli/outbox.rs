//! `secretariat export outbox`: hands the due notifications out and releases
//! only what left — nothing released that did not leave.
//!
//! The desk lists what is due without releasing it; each notification is
//! written out whole and flushed, and, when the output is a pipe, waited for
//! until the reader has read it. Only then is it counted as handed out. At the
//! end (or when the output closes: `export outbox | head -1`) the desk
//! releases exactly those; the others stay due for the next hand-out. To a
//! file (`-o`), nothing is released unless the file reached the disk.

use super::Failure;
use crate::desk::{Ask, DUE_MAX, DeskClient, Request};
use crate::domain::{Delivery, OutboxMessage, Queue};
use crate::i18n::cli::{Said, said};
use crate::i18n::excel::ExcelText;
use crate::interchange::export::{Format, write_outbox};
use std::io::Write;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::path::Path;

/// Where the notifications go.
enum Sink {
    Stdout(std::io::Stdout),
    File(std::fs::File),
}

impl Sink {
    /// Writes one record whole and waits until it has left: flushed, and
    /// read from the pipe when the output is one.
    fn hand_out(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => {
                let mut lock = out.lock();
                lock.write_all(bytes)?;
                lock.flush()?;
                drop(lock);
                read_by_the_other_end(out.as_fd())
            }
            Sink::File(f) => f.write_all(bytes),
        }
    }

    /// Makes what was written last: a file reaches the disk.
    fn finish(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(f) => f.sync_all(),
        }
    }
}

/// Waits until a pipe's reader has read everything written to it; a broken
/// pipe when the reader went away first. Anything but a pipe returns at once.
fn read_by_the_other_end(fd: BorrowedFd<'_>) -> std::io::Result<()> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let unread = || {
        let mut n: libc::c_int = 0;
        // SAFETY: FIONREAD writes one c_int through the pointer, which
        // points at `n`; on what is not a pipe or socket it fails.
        let r = unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) };
        if r != 0 { 0 } else { n }
    };
    loop {
        if unread() == 0 {
            return Ok(());
        }
        let mut fds = [PollFd::new(fd, PollFlags::empty())];
        poll(&mut fds, PollTimeout::from(10u8)).map_err(std::io::Error::from)?;
        let gone = fds[0]
            .revents()
            .is_some_and(|r| r.intersects(PollFlags::POLLERR | PollFlags::POLLHUP));
        // A reader that read it all and then left did get it.
        if gone && unread() > 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        }
    }
}

/// One notification as the export writes it, without the CSV header.
fn record(format: Format, header: &[u8], m: &OutboxMessage) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    // Due means not yet handed to anyone: no delivery.
    write_outbox(&mut bytes, format, [(m, None::<&Delivery>)])?;
    Ok(bytes.split_off(header.len().min(bytes.len())))
}

/// Hands the due notifications out to `path` or stdout; releases those that left.
pub fn hand_out(
    desk: &dyn DeskClient,
    format: Format,
    queue: Option<Queue>,
    path: Option<&Path>,
    excel: Option<crate::i18n::Lang>,
    lang: crate::i18n::Lang,
) -> Result<(), Failure> {
    let not_written = |e: std::io::Error| {
        let s = Said::NotificationsNotWritten {
            detail: e.to_string(),
        };
        Failure::runtime(said(lang, &s))
    };
    let mut sink = match path {
        Some(p) => Sink::File(std::fs::File::create(p).map_err(|e| {
            let s = Said::CannotWrite {
                file: p,
                detail: e.to_string(),
            };
            Failure::runtime(said(lang, &s))
        })?),
        None => Sink::Stdout(std::io::stdout()),
    };
    let mut shape = excel.map(ExcelText::new);
    let mut header = Vec::new();
    write_outbox(
        &mut header,
        format,
        std::iter::empty::<(&OutboxMessage, Option<&Delivery>)>(),
    )?;
    let mut pending_header = Some(header.clone());
    let mut left: Vec<u64> = Vec::new();
    let mut released = 0usize;
    let mut handed = 0usize;
    let mut due_seen = 0usize;
    let mut stopped: Option<std::io::Error> = None;
    loop {
        let due: Vec<OutboxMessage> = desk.ask(Request::DueNotifications {
            limit: DUE_MAX,
            queue,
        })?;
        let last_round = due.len() < DUE_MAX;
        due_seen += due.len();
        for m in &due {
            let mut bytes = pending_header.take().unwrap_or_default();
            bytes.extend(record(format, &header, m)?);
            if let Some(x) = &mut shape {
                bytes = x.convert(&String::from_utf8_lossy(&bytes)).into_bytes();
            }
            if let Err(e) = sink.hand_out(&bytes) {
                stopped = Some(e);
                break;
            }
            left.push(m.id);
            handed += 1;
        }
        if stopped.is_some() || last_round {
            break;
        }
        // What left is released before the next round is asked for.
        sink.finish().map_err(not_written)?;
        release(desk, &mut left, &mut released)?;
    }
    if stopped.is_none() {
        if let Some(h) = pending_header.take() {
            // Nothing was due: the CSV header alone.
            if let Err(e) = sink.hand_out(&h) {
                stopped = Some(e);
            }
        }
    }
    if stopped.is_none() {
        sink.finish().map_err(not_written)?;
    }
    release(desk, &mut left, &mut released)?;
    match stopped {
        None => {
            if path.is_some() {
                let s = Said::RecordsWritten { records: released };
                eprintln!("{}", said(lang, &s));
            }
            Ok(())
        }
        Some(e) => {
            let s = Said::OutputClosed {
                handed,
                due: due_seen,
                detail: e.to_string(),
            };
            Err(Failure::runtime(said(lang, &s)))
        }
    }
}

/// Releases the notifications in `left` (and empties it), counting them in `released`.
fn release(
    desk: &dyn DeskClient,
    left: &mut Vec<u64>,
    released: &mut usize,
) -> Result<(), Failure> {
    if left.is_empty() {
        return Ok(());
    }
    let ids = std::mem::take(left);
    let done: Vec<u64> = desk.ask(Request::ReleaseNotifications { ids: ids.clone() })?;
    *released += done.len();
    if done.len() < ids.len() {
        eprintln!(
            "{} of the notifications written were handed out by another `export outbox` at the same moment",
            ids.len() - done.len()
        );
    }
    Ok(())
}
