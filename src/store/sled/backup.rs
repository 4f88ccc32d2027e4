//! `backup`: a consistent copy of the store, written under a temporary name
//! beside its destination (`.NAME.partial`, marked incomplete) and renamed
//! only when whole. A copy that fails is removed at once; one left by a
//! backup that was killed is removed at the store's next open or next backup.
//!
//! A partial copy is known to be ours by the list `DIR/backup-partials` (the
//! copies under way, one path a line) and to be abandoned by its marker's
//! lock: the backup writing it holds an exclusive lock on the marker file for
//! as long as it runs, and the kernel lets go of it when the process dies.

use super::{CACHE_BYTES, INCOMPLETE, Result, SledStore, StoreError, seal};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The copies under way (or left by a backup that was killed), one a line.
const PARTIALS: &str = "backup-partials";

/// The temporary name of a backup to `dest`.
pub(super) fn partial_of(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.partial"))
}

/// Whether `partial` is a copy no running backup is writing (its marker's
/// lock can be taken). A copy without its marker is a finished one, or not a
/// copy at all: never abandoned.
fn abandoned(partial: &Path) -> bool {
    let Ok(marker) = std::fs::File::open(partial.join(INCOMPLETE)) else {
        return false;
    };
    nix::fcntl::Flock::lock(marker, nix::fcntl::FlockArg::LockExclusiveNonblock).is_ok()
}

impl SledStore {
    fn partials_list(&self) -> PathBuf {
        self.dir.join(PARTIALS)
    }

    fn listed_partials(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.partials_list())
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect()
    }

    fn write_partials(&self, list: &[PathBuf]) -> std::io::Result<()> {
        if list.is_empty() {
            return match std::fs::remove_file(self.partials_list()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let mut text = String::new();
        for p in list {
            text.push_str(&p.to_string_lossy());
            text.push('\n');
        }
        std::fs::OpenOptions::new()
            .mode(0o600)
            .create(true)
            .write(true)
            .truncate(true)
            .open(self.partials_list())?
            .write_all(text.as_bytes())
    }

    /// Removes the partial copies this store's backups left when they were
    /// killed (those still being written are kept); what it removed.
    pub fn sweep_partial_backups(&self) -> Vec<PathBuf> {
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for p in self.listed_partials() {
            if !p.exists() {
                continue;
            }
            if abandoned(&p) && std::fs::remove_dir_all(&p).is_ok() {
                tracing::warn!(path = %p.display(), "removed the partial copy of a backup that was cut short");
                removed.push(p);
            } else {
                kept.push(p);
            }
        }
        if let Err(e) = self.write_partials(&kept) {
            tracing::warn!(error = %e, "could not update the list of partial backups");
        }
        removed
    }

    /// Writes a consistent copy of the store that `--data-dir dest` can open.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Io {
            dir: dest.to_path_buf(),
            detail: e.to_string(),
        };
        if dest.exists() && std::fs::read_dir(dest).map_err(io)?.next().is_some() {
            return Err(StoreError::Refused(super::Refused::BackupNotEmpty {
                dest: dest.to_path_buf(),
            }));
        }
        self.sweep_partial_backups();
        self.flush()?;
        let partial = partial_of(dest);
        if partial.exists() {
            // A copy with a locked marker is being written; one without a
            // marker was whole but never renamed: ours to remove.
            if partial.join(INCOMPLETE).exists() && !abandoned(&partial) {
                return Err(StoreError::Refused(super::Refused::BackupUnderWay {
                    dest: dest.to_path_buf(),
                }));
            }
            std::fs::remove_dir_all(&partial).map_err(io)?;
        }
        let mut list = self.listed_partials();
        list.push(partial.clone());
        self.write_partials(&list).map_err(|e| StoreError::Io {
            dir: self.dir.clone(),
            detail: e.to_string(),
        })?;
        let res = self.write_copy(&partial, dest);
        if res.is_err() {
            // Nothing of a failed backup stays: a full disk would stay full.
            let _ = std::fs::remove_dir_all(&partial);
        }
        list.retain(|p| p != &partial);
        if let Err(e) = self.write_partials(&list) {
            tracing::warn!(error = %e, "could not update the list of partial backups");
        }
        res
    }

    fn write_copy(&self, partial: &Path, dest: &Path) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Io {
            dir: dest.to_path_buf(),
            detail: e.to_string(),
        };
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(partial)
            .map_err(io)?;
        let mut marker = std::fs::File::create(partial.join(INCOMPLETE)).map_err(io)?;
        marker.write_all(b"a backup being written\n").map_err(io)?;
        // Held until the copy is whole: a copy whose marker is not locked was
        // left by a backup that died.
        let held = nix::fcntl::Flock::lock(marker, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|(_, e)| io(e.into()))?;
        let copy = sled::Config::new()
            .path(partial)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|e| StoreError::Io {
                dir: dest.to_path_buf(),
                detail: e.to_string(),
            })?;
        let db = self.db()?;
        // Tree by tree, in key order and in batches, so memory stays flat whatever
        // the store's size (sled's own export() gathers everything first). The
        // copy is consistent because this process holds the store: nobody else
        // writes while it runs.
        // Every tree the file holds: the one tree of schema 6, or the trees of
        // an older store being copied before it is upgraded.
        for name in db.tree_names() {
            if name.as_ref() == b"__sled__default" {
                continue;
            }
            let tree = db.open_tree(&name)?;
            let target = copy.open_tree(&name)?;
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for kv in tree.iter() {
                let (k, v) = kv?;
                batch.insert(k, v);
                n += 1;
                if n % 10_000 == 0 {
                    target.apply_batch(std::mem::take(&mut batch))?;
                    if n % 200_000 == 0 {
                        copy.flush()?;
                    }
                }
            }
            target.apply_batch(batch)?;
        }
        copy.flush()?;
        drop(copy);
        seal::write(partial).map_err(io)?;
        std::fs::remove_file(partial.join(INCOMPLETE)).map_err(io)?;
        drop(held);
        std::fs::rename(partial, dest).map_err(io)
    }
}
