//! What one client may hold of the server: how long a frame may take to
//! arrive, and how many uploaded files and bytes may wait for an import, per
//! connection and per user, leaving a reserve of disk free (`[server]` in the
//! config; see README, "What the server bounds").

use crate::config::ServerConfig;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

const MIB: u64 = 1024 * 1024;

/// The server's bounds on one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// A frame begun must arrive whole within this.
    pub frame_timeout: Duration,
    /// Files uploaded on one connection and waiting for an import.
    pub upload_files: usize,
    /// Files uploaded by one user on all their connections.
    pub upload_files_per_user: usize,
    /// Bytes uploaded on one connection and waiting for an import.
    pub upload_bytes: u64,
    /// Bytes uploaded by one user on all their connections.
    pub upload_bytes_per_user: u64,
    /// Bytes of disk an upload must leave free.
    pub disk_reserve: u64,
}

impl Limits {
    /// The bounds a `[server]` table sets.
    pub fn from_config(c: &ServerConfig) -> Limits {
        Limits {
            frame_timeout: Duration::from_secs(c.frame_timeout_secs.max(1)),
            upload_files: c.upload_max_files,
            upload_files_per_user: c.upload_max_files_per_user,
            upload_bytes: c.upload_max_mib.saturating_mul(MIB),
            upload_bytes_per_user: c.upload_max_mib_per_user.saturating_mul(MIB),
            disk_reserve: c.upload_disk_reserve_mib.saturating_mul(MIB),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_config(&ServerConfig::default())
    }
}

/// Bytes in MiB, rounded up (for sentences).
pub(crate) fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(MIB)
}

/// The files and bytes each user's uploads hold on disk now.
#[derive(Debug, Default)]
pub(crate) struct UploadLedger {
    by_user: Mutex<HashMap<u32, Held>>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Held {
    files: usize,
    bytes: u64,
}

impl UploadLedger {
    /// Counts `n` more bytes of `uid` unless that takes them past `max`;
    /// otherwise returns what they would hold.
    pub fn add(&self, uid: u32, n: u64, max: u64) -> Result<(), u64> {
        let mut by_user = super::serve::lock(&self.by_user);
        let held = by_user.entry(uid).or_default();
        let after = held.bytes.saturating_add(n);
        if after > max {
            if *held == Held::default() {
                by_user.remove(&uid);
            }
            return Err(after);
        }
        held.bytes = after;
        Ok(())
    }

    /// Counts one more file of `uid` unless that takes them past `max`;
    /// otherwise returns how many they would hold.
    pub fn add_file(&self, uid: u32, max: usize) -> Result<(), usize> {
        let mut by_user = super::serve::lock(&self.by_user);
        let held = by_user.entry(uid).or_default();
        if held.files >= max {
            let would = held.files + 1;
            if *held == Held::default() {
                by_user.remove(&uid);
            }
            return Err(would);
        }
        held.files += 1;
        Ok(())
    }

    /// Gives back a file of `uid` and its `n` bytes (it was removed).
    pub fn sub(&self, uid: u32, n: u64) {
        let mut by_user = super::serve::lock(&self.by_user);
        if let Some(held) = by_user.get_mut(&uid) {
            held.bytes = held.bytes.saturating_sub(n);
            held.files = held.files.saturating_sub(1);
            if *held == Held::default() {
                by_user.remove(&uid);
            }
        }
    }

    /// The bytes `uid`'s uploads hold now.
    #[cfg(test)]
    pub fn held(&self, uid: u32) -> u64 {
        super::serve::lock(&self.by_user)
            .get(&uid)
            .map_or(0, |h| h.bytes)
    }
}

/// Bytes free for unprivileged users on the filesystem of `path`.
pub(crate) fn free_bytes(path: &std::path::Path) -> Option<u64> {
    let s = nix::sys::statvfs::statvfs(path).ok()?;
    Some((s.blocks_available() as u64).saturating_mul(s.fragment_size() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_counts_per_user_and_refuses_past_the_bound() {
        let l = UploadLedger::default();
        assert!(l.add_file(1, 2).is_ok());
        assert!(l.add(1, 60, 100).is_ok());
        assert_eq!(l.add(1, 50, 100), Err(110));
        assert!(l.add(2, 100, 100).is_ok());
        assert!(l.add_file(1, 2).is_ok());
        assert_eq!(l.add_file(1, 2), Err(3));
        l.sub(1, 60);
        l.sub(1, 0);
        assert_eq!(l.held(1), 0);
        assert!(l.add_file(1, 1).is_ok());
        assert!(l.add(1, 100, 100).is_ok());
        assert_eq!(mib(1), 1);
        assert_eq!(mib(2 * MIB), 2);
    }
}
