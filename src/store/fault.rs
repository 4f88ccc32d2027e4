//! Why the store's files could not be opened or read, as data: a file this
//! user may not read or write (whose it is, and how to give it back), no
//! space, another process holding the store, real damage, a newer schema.
//! The command line and the server's answer render it in the user's language
//! (`i18n::store`). A file the program may not read is never called damage:
//! the advice for damage — restore a backup — would throw away every
//! decision made since that backup.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Why the store cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fault")]
pub enum StoreFault {
    /// Another process has the store open.
    Locked { dir: PathBuf },
    /// A file (or directory) of the store this user may not read or write.
    Denied(Denied),
    /// The data dir belongs to another user: only its owner opens it.
    NotOwner {
        dir: PathBuf,
        owner: Account,
        user: Account,
    },
    /// The data dir cannot even be looked at (a directory above it denies).
    Unreachable { dir: PathBuf, user: Account },
    /// The data dir's group or others can reach its files.
    OpenToOthers { dir: PathBuf, mode: u32 },
    /// The file system of the store is full (or the user's quota is).
    NoSpace {
        dir: PathBuf,
        /// Free space for this user, when the file system says.
        free_bytes: Option<u64>,
    },
    /// The store's files are damaged.
    Damaged {
        dir: PathBuf,
        damage: Damage,
        /// What sled's crash recovery changed in the files before it gave up.
        changed: Vec<String>,
    },
    /// Written by a newer build.
    NewerSchema {
        dir: PathBuf,
        found: u32,
        reads: u32,
    },
    /// A backup cut short before it was complete.
    UnfinishedBackup { dir: PathBuf },
    /// Any other failure of the file system, in the system's words.
    Io { dir: PathBuf, detail: String },
}

/// A user of the machine: the name of its passwd entry, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub uid: u32,
    pub name: Option<String>,
}

impl Account {
    /// The account of `uid`.
    pub fn of(uid: u32) -> Account {
        Account {
            uid,
            name: nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
                .ok()
                .flatten()
                .map(|u| u.name),
        }
    }

    /// The account this process runs as.
    pub fn me() -> Account {
        Account::of(nix::unistd::getuid().as_raw())
    }

    /// As people and `ls -l` name it: the name, or `uidN` without one.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("uid{}", self.uid))
    }

    /// As `chown` takes it: the name, or the number without one.
    pub fn for_chown(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.uid.to_string())
    }
}

/// A file of the store this user may not read or write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Denied {
    /// The data dir.
    pub dir: PathBuf,
    /// The first file (or directory) found that denies, from the data dir down.
    pub file: PathBuf,
    /// Its owner, and its permission bits (when it could be looked at).
    pub owner: Option<Account>,
    pub mode: Option<u32>,
    /// Who runs the program.
    pub user: Account,
    /// How many more of the store's files deny the user.
    pub more: usize,
}

impl Denied {
    /// Whether giving the files back to the user fixes it (else its mode does).
    pub fn wrong_owner(&self) -> bool {
        self.owner.as_ref().is_none_or(|o| o.uid != self.user.uid)
    }
}

/// What is damaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "damage")]
pub enum Damage {
    /// The seal written at the last clean close is not a seal.
    SealUnreadable,
    /// A file the seal names is gone.
    Missing { file: String },
    /// A file changed since the last clean close.
    Changed { file: String },
    /// A file could not be read for a reason other than permission or space.
    Unreadable { file: String, error: String },
    /// sled found its files inconsistent, in its words.
    Sled { detail: String },
    /// sled stopped on its files (it panicked reading them).
    SledStopped,
    /// The stored schema version is not a version.
    SchemaVersion,
}

impl StoreFault {
    /// The data dir the fault is about.
    pub fn dir(&self) -> &Path {
        match self {
            StoreFault::Denied(d) => &d.dir,
            StoreFault::Locked { dir }
            | StoreFault::NotOwner { dir, .. }
            | StoreFault::Unreachable { dir, .. }
            | StoreFault::OpenToOthers { dir, .. }
            | StoreFault::NoSpace { dir, .. }
            | StoreFault::Damaged { dir, .. }
            | StoreFault::NewerSchema { dir, .. }
            | StoreFault::UnfinishedBackup { dir }
            | StoreFault::Io { dir, .. } => dir,
        }
    }

    /// Damage found in the files, nothing changed.
    pub(crate) fn damaged(dir: &Path, damage: Damage) -> StoreFault {
        StoreFault::Damaged {
            dir: dir.to_path_buf(),
            damage,
            changed: Vec::new(),
        }
    }

    /// The fault an I/O error on the store in `dir` means; `path` is the file
    /// it was about, when known.
    pub(crate) fn from_io(dir: &Path, path: Option<&Path>, e: &std::io::Error) -> StoreFault {
        use nix::errno::Errno;
        let errno = e.raw_os_error().map(Errno::from_raw);
        match errno {
            Some(Errno::EACCES | Errno::EPERM) => StoreFault::Denied(denied(dir, path)),
            Some(Errno::ENOSPC | Errno::EDQUOT) => StoreFault::NoSpace {
                dir: dir.to_path_buf(),
                free_bytes: free_bytes(dir),
            },
            _ if e.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreFault::Denied(denied(dir, path))
            }
            _ => StoreFault::Io {
                dir: dir.to_path_buf(),
                detail: e.to_string(),
            },
        }
    }

    /// A file the seal names that could not be read: permission and space
    /// are what they are, anything else is damage.
    pub(crate) fn unreadable(dir: &Path, file: &Path, e: &std::io::Error) -> StoreFault {
        match StoreFault::from_io(dir, Some(file), e) {
            StoreFault::Io { .. } => StoreFault::damaged(
                dir,
                Damage::Unreadable {
                    file: rel(dir, file),
                    error: e.to_string(),
                },
            ),
            other => other,
        }
    }
}

/// The free space of the file system of `dir` for this user.
fn free_bytes(dir: &Path) -> Option<u64> {
    let s = nix::sys::statvfs::statvfs(dir).ok()?;
    Some(s.blocks_available() * s.fragment_size())
}

fn rel(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Whether this process may read and write `p` (and enter it, a directory).
fn allowed(p: &Path, is_dir: bool) -> bool {
    use nix::unistd::AccessFlags;
    let mut want = AccessFlags::R_OK | AccessFlags::W_OK;
    if is_dir {
        want |= AccessFlags::X_OK;
    }
    nix::unistd::access(p, want).is_ok()
}

/// The denial of `path` (or, unknown, of the first file found that denies).
fn denied(dir: &Path, path: Option<&Path>) -> Denied {
    let mut found = find_denied(dir, false);
    if let Some(p) = path {
        if let Some(culprit) = culprit(dir, p) {
            if found.first() != Some(&culprit) {
                found.retain(|f| f != &culprit);
                found.insert(0, culprit);
            }
        }
    }
    let file = found.first().cloned().unwrap_or_else(|| {
        path.map(Path::to_path_buf)
            .unwrap_or_else(|| dir.to_path_buf())
    });
    denial(dir, file, found.len().saturating_sub(1))
}

/// The denial of `file`, looked at.
fn denial(dir: &Path, file: PathBuf, more: usize) -> Denied {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(&file).ok();
    Denied {
        dir: dir.to_path_buf(),
        owner: meta.as_ref().map(|m| Account::of(m.uid())),
        mode: meta.as_ref().map(|m| m.mode() & 0o7777),
        file,
        user: Account::me(),
        more,
    }
}

/// What denies access to `p`: the first of the directories from `dir` down
/// to it, or `p` itself, that this process may not use; for a file that does
/// not exist (one to create), the nearest directory above it.
fn culprit(dir: &Path, p: &Path) -> Option<PathBuf> {
    let mut chain: Vec<&Path> = p.ancestors().take_while(|a| a.starts_with(dir)).collect();
    chain.reverse();
    let mut last_existing = None;
    for a in chain {
        match std::fs::symlink_metadata(a) {
            Ok(m) => {
                if !allowed(a, m.is_dir()) {
                    return Some(a.to_path_buf());
                }
                last_existing = Some(a.to_path_buf());
            }
            Err(_) => return last_existing,
        }
    }
    None
}

/// The store's files (the data dir and everything in it, top down, sled's
/// own alone with `sled_only`) this process may not read and write. A
/// directory that denies is not looked into.
pub(crate) fn find_denied(dir: &Path, sled_only: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !allowed(dir, true) {
        out.push(dir.to_path_buf());
        return out;
    }
    walk(dir, dir, sled_only, 0, &mut out);
    out
}

fn walk(dir: &Path, at: &Path, sled_only: bool, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(at) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if depth == 0 && sled_only && !super::sled::seal::is_sled_file(dir, &p) {
            continue;
        }
        let Ok(m) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        let t = m.file_type();
        if t.is_dir() {
            if !allowed(&p, true) {
                out.push(p);
            } else if depth < 4 {
                walk(dir, &p, sled_only, depth + 1, out);
            }
        } else if t.is_file() && !allowed(&p, false) {
            out.push(p);
        }
    }
}

/// The denial among sled's files, if one denies: what looked like damage to
/// sled (an error, a panic) is then a question of permission.
pub(crate) fn sled_files_denied(dir: &Path) -> Option<StoreFault> {
    let found = find_denied(dir, true);
    let first = found.first()?.clone();
    Some(StoreFault::Denied(denial(dir, first, found.len() - 1)))
}

/// The denial among all the store's files, if one denies.
pub(crate) fn any_denied(dir: &Path) -> Option<StoreFault> {
    let found = find_denied(dir, false);
    let first = found.first()?.clone();
    Some(StoreFault::Denied(denial(dir, first, found.len() - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_told_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let full = std::io::Error::from_raw_os_error(nix::errno::Errno::ENOSPC as i32);
        assert!(matches!(
            StoreFault::from_io(dir, None, &full),
            StoreFault::NoSpace {
                free_bytes: Some(_),
                ..
            }
        ));
        let quota = std::io::Error::from_raw_os_error(nix::errno::Errno::EDQUOT as i32);
        assert!(matches!(
            StoreFault::from_io(dir, None, &quota),
            StoreFault::NoSpace { .. }
        ));
        let denied = std::io::Error::from_raw_os_error(nix::errno::Errno::EACCES as i32);
        let db = dir.join("db");
        std::fs::write(&db, b"x").unwrap();
        match StoreFault::from_io(dir, Some(&db), &denied) {
            StoreFault::Denied(d) => {
                assert_eq!(d.dir, dir);
                assert_eq!(d.user, Account::me());
            }
            other => panic!("{other:?}"),
        }
        let eio = std::io::Error::from_raw_os_error(nix::errno::Errno::EIO as i32);
        assert!(matches!(
            StoreFault::from_io(dir, None, &eio),
            StoreFault::Io { .. }
        ));
        assert!(matches!(
            StoreFault::unreadable(dir, &db, &eio),
            StoreFault::Damaged {
                damage: Damage::Unreadable { .. },
                ..
            }
        ));
    }

    #[test]
    fn a_file_to_create_is_denied_by_the_directory_above_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        std::fs::create_dir(&dir).unwrap();
        // Whatever denies (as root nothing does), the culprit is an existing path.
        let c = culprit(&dir, &dir.join("secretariat.lock"));
        assert!(c.is_none() || c.as_deref() == Some(dir.as_path()));
    }

    #[test]
    fn an_account_without_a_name_is_its_number() {
        let a = Account {
            uid: 61_234,
            name: None,
        };
        assert_eq!(a.label(), "uid61234");
        assert_eq!(a.for_chown(), "61234");
    }
}
