//! Disk space: a full disk is a state the store goes through, not a crash.
//!
//! - **A reserve.** Changes are refused, with a typed sentence, while the
//!   free space of the store's file system is below the reserve
//!   (`max(mib, percent of the file system)`, like a flood-stage watermark),
//!   so that undoing an import — which the reserve does not hold back —
//!   always has room.
//! - **A ballast.** A file of the reserve's size (at most 64 MiB) sits in
//!   the data dir. When a write fails for all that (something else filled
//!   the disk), it is removed, so that sled has room to open its files again
//!   and to finish what reads ask of it (sled splits nodes as it reads); it
//!   is laid again once the disk has room.
//! - **Reads go on.** When sled fails to write (its log is then closed to
//!   writes for good, and some reads need to write), its files are opened
//!   again in place from what is on disk, so that reads go on.
//! - **Changes resume by themselves.** An import whose undo could not be
//!   written waits; it is done before the next change, once there is room,
//!   and changes are refused until then. No restart is needed.

use super::{Damage, Result, SledStore, StoreError, StoreFault, fault, table};
use crate::domain::refusal::Refusal;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// sled's page cache (its default is 1 GiB).
pub(super) const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The free space kept on the store's file system: changes are refused below
/// `max(mib MiB, percent % of the file system)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reserve {
    pub mib: u64,
    pub percent: u8,
}

impl Default for Reserve {
    fn default() -> Self {
        Reserve {
            mib: 256,
            percent: 2,
        }
    }
}

impl Reserve {
    /// The bytes kept free on a file system of `total` bytes.
    pub fn bytes(&self, total: u64) -> u64 {
        (self.mib << 20).max(total / 100 * u64::from(self.percent.min(100)))
    }
}

/// The ballast file in the data dir.
const BALLAST: &str = "space-ballast";

/// The ballast is the reserve, up to this.
const BALLAST_MAX: u64 = 64 << 20;

/// The free space sled's files are opened again with, at least: opening
/// them writes (recovery, a snapshot), and a write cut short there would
/// damage the store.
const ROOM_TO_REOPEN: u64 = 4 << 20;

/// sled's handles.
pub(super) struct Sled {
    pub db: sled::Db,
    pub data: sled::Tree,
}

/// The store's state as to space.
#[derive(Default)]
pub(super) struct Space {
    reserve: std::sync::Mutex<Reserve>,
    /// The file of an import whose undo waits for room.
    undo_pending: std::sync::Mutex<Option<String>>,
    /// sled failed to write: its handles are to be opened again.
    broken: AtomicBool,
}

impl Space {
    /// The file of an import whose undo waits for room (a poisoned lock is
    /// taken as it is: the value is a plain name).
    fn undo_pending(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.undo_pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Opens sled's files in `dir`. sled can panic on some damaged files; a panic
/// here is a damaged store, not a bug.
pub(super) fn open_sled(dir: &Path) -> Result<sled::Db> {
    let config = sled::Config::new()
        .path(dir)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::HighThroughput);
    let try_open = || {
        super::quiet_panics(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()))
        })
    };
    let sled_locked = |r: &std::thread::Result<sled::Result<sled::Db>>| matches!(r, Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock"));
    let mut opened = try_open();
    // We hold the store's lock file, so no other open store exists in any
    // process: sled's own lock still taken is that of a store this process
    // has just closed (or of handles being opened again), whose flusher
    // thread has not let go yet. It does within moments.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while sled_locked(&opened) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        opened = try_open();
    }
    // What looks like damage to sled may be a file it may not read: that is
    // said instead, since the advice for damage is to restore a backup.
    let damaged = |damage: Damage| {
        fault::sled_files_denied(dir).unwrap_or_else(|| StoreFault::damaged(dir, damage))
    };
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            Err(StoreFault::Locked {
                dir: dir.to_path_buf(),
            }
            .into())
        }
        Ok(Err(sled::Error::Io(e))) => Err(StoreFault::from_io(dir, None, &e).into()),
        Ok(Err(e)) => Err(damaged(Damage::Sled {
            detail: e.to_string(),
        })
        .into()),
        Err(_) => Err(damaged(Damage::SledStopped).into()),
    }
}

/// The error of handles being opened again.
fn reopening() -> sled::Error {
    sled::Error::Io(std::io::Error::other(
        "the store's files are being opened again after a write failed",
    ))
}

impl SledStore {
    /// sled's database.
    pub(super) fn db(&self) -> Result<sled::Db> {
        let h = self.sled.read().unwrap_or_else(|e| e.into_inner());
        match h.as_ref() {
            Some(s) => Ok(s.db.clone()),
            None => Err(reopening().into()),
        }
    }

    /// The one tree that holds every table.
    pub(super) fn data(&self) -> Result<sled::Tree> {
        let h = self.sled.read().unwrap_or_else(|e| e.into_inner());
        match h.as_ref() {
            Some(s) => Ok(s.data.clone()),
            None => Err(reopening().into()),
        }
    }

    /// Sets the free space kept on the store's file system (and lays the
    /// ballast that keeps part of it).
    pub fn set_reserve(&self, reserve: Reserve) {
        *self.space.reserve.lock().unwrap_or_else(|e| e.into_inner()) = reserve;
        self.lay_ballast();
    }

    fn ballast_bytes(&self) -> u64 {
        (self.reserve().mib << 20).min(BALLAST_MAX)
    }

    /// Lays the ballast where it is missing and the disk has room for it and
    /// the reserve besides.
    fn lay_ballast(&self) {
        let path = self.dir.join(BALLAST);
        let size = self.ballast_bytes();
        let have = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size == 0 || have >= size {
            return;
        }
        let Some((free, total)) = self.room() else {
            return;
        };
        if free < self.reserve().bytes(total) + size {
            return;
        }
        let laid = std::fs::OpenOptions::new()
            .mode(0o600)
            .create(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                nix::fcntl::posix_fallocate(&f, 0, i64::try_from(size).unwrap_or(i64::MAX))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = laid {
            tracing::warn!(error = %e, "could not lay the store's ballast");
            let _ = std::fs::remove_file(&path);
        }
    }

    /// Removes the ballast (a write failed: sled needs its room).
    fn drop_ballast(&self) {
        match std::fs::remove_file(self.dir.join(BALLAST)) {
            Ok(()) => tracing::warn!("removed the store's ballast to make room"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(error = %e, "could not remove the store's ballast"),
        }
    }

    /// The free space kept on the store's file system.
    pub fn reserve(&self) -> Reserve {
        *self.space.reserve.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// (free, total) bytes of the store's file system.
    fn room(&self) -> Option<(u64, u64)> {
        let s = nix::sys::statvfs::statvfs(&self.dir).ok()?;
        let unit = s.fragment_size();
        Some((s.blocks_available() * unit, s.blocks() * unit))
    }

    /// The refusal of a change for want of space, if there is one: free space
    /// below the reserve, or an import's undo still waiting for room.
    pub fn short_of_space(&self) -> Option<Refusal> {
        let (free, total) = self.room()?;
        let reserve = self.reserve().bytes(total);
        let undo_of = self.space.undo_pending().clone();
        (free < reserve || undo_of.is_some()).then_some(Refusal::DiskSpace {
            free_mib: free >> 20,
            reserve_mib: reserve >> 20,
            undo_of,
        })
    }

    /// Refuses a change while the disk is short of space (see [`short_of_space`]).
    pub(super) fn refuse_if_short(&self) -> Result<()> {
        match self.short_of_space() {
            Some(r) => Err(StoreError::Space(r)),
            None => Ok(()),
        }
    }

    /// Notes that a change failed in sled: its handles are opened again
    /// before the next request ([`SledStore::heal`]).
    pub fn note_failure(&self) {
        self.space.broken.store(true, Ordering::SeqCst);
    }

    /// Before a request: handles that failed are opened again, and an
    /// import's undo that waited is done once there is room. Quick when there
    /// is nothing to do.
    pub fn heal(&self) {
        let pending = self.space.undo_pending().is_some();
        if !pending && !self.space.broken.load(Ordering::SeqCst) {
            return;
        }
        let _alone = self.writers.write().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = self.heal_alone() {
            tracing::warn!(error = %e, "the store could not take changes again yet");
        }
    }

    /// [`SledStore::heal`], with every other writer held out by the caller.
    pub(super) fn heal_alone(&self) -> Result<()> {
        let missing = self
            .sled
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_none();
        if missing || self.space.broken.load(Ordering::SeqCst) {
            self.reopen()?;
        }
        let pending = self.space.undo_pending().clone();
        let Some(file) = pending else {
            self.lay_ballast();
            return Ok(());
        };
        // Undone once the reserve is free again: trying on a full disk would
        // only spend the handles again.
        if let Some((free, total)) = self.room() {
            if free < self.reserve().bytes(total) {
                return Err(StoreError::Space(Refusal::DiskSpace {
                    free_mib: free >> 20,
                    reserve_mib: self.reserve().bytes(total) >> 20,
                    undo_of: Some(file),
                }));
            }
        }
        match self.recover_imports(None) {
            Ok(()) => {
                *self.space.undo_pending() = None;
                tracing::warn!(file = %file, "the import that failed is undone; the store takes changes again");
                self.lay_ballast();
                Ok(())
            }
            Err(e) => {
                // Its handles are spent; fresh ones keep reads going.
                self.note_failure();
                if let Err(again) = self.reopen() {
                    tracing::warn!(error = %again, "could not open the store's files again");
                }
                Err(e)
            }
        }
    }

    /// Notes an import whose undo must wait for room.
    pub(super) fn undo_waits(&self, file: &str) {
        *self.space.undo_pending() = Some(file.to_string());
    }

    /// Opens sled's files again in place, from what is on disk (every change
    /// reported done was flushed). The caller holds every writer out.
    pub(super) fn reopen(&self) -> Result<()> {
        self.drop_ballast();
        if let Some((free, _)) = self.room() {
            if free < ROOM_TO_REOPEN {
                // The handles that failed are kept: most reads still work.
                return Err(StoreError::Space(Refusal::DiskSpace {
                    free_mib: free >> 20,
                    reserve_mib: self.reserve().bytes(0) >> 20,
                    undo_of: self.space.undo_pending().clone(),
                }));
            }
        }
        // sled lets go of its files when its last handle goes: the handles
        // are taken out first (a read meanwhile fails at once, letting go of
        // what it holds, rather than waiting), then opened again. If they
        // cannot be now, the next request tries again.
        drop(self.sled.write().unwrap_or_else(|e| e.into_inner()).take());
        let db = open_sled(&self.dir).inspect_err(|e| {
            tracing::warn!(error = %e, "could not open the store's files again");
        })?;
        let data = db.open_tree(table::DATA_TREE)?;
        *self.sled.write().unwrap_or_else(|e| e.into_inner()) = Some(Sled { db, data });
        self.space.broken.store(false, Ordering::SeqCst);
        tracing::warn!(dir = %self.dir.display(), "the store's files were opened again after a write failed");
        self.load_tags()
    }
}
