//! Where the audit key lives and how it is made: outside the data dir, so
//! that someone who can copy or edit the store's files cannot recompute the
//! audit chain. Read by the store's owner (the service, or the single user)
//! only; clients never need it.
//!
//! The file is `audit.key_file` in the config (or `SECRETARIAT_AUDIT_KEY`);
//! by default `/etc/secretariat/audit.key` where `/etc/secretariat` exists (a
//! team's deployment), else the user's config dir
//! (`~/.config/secretariat/audit.key`). It is created on first use with 32
//! random bytes and mode 0600, and refused when anyone but its owner can read
//! it or it is not the running user's.

use crate::store::AuditKey;
use rand::RngCore;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

/// The environment variable that names the key file (before the config).
pub const ENV: &str = "SECRETARIAT_AUDIT_KEY";

/// The directory of a team's deployment.
const SYSTEM_DIR: &str = "/etc/secretariat";

/// The key file to use: the environment, the config, then the defaults.
pub fn path(configured: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = configured {
        return Ok(p.to_path_buf());
    }
    if Path::new(SYSTEM_DIR).is_dir() {
        return Ok(Path::new(SYSTEM_DIR).join("audit.key"));
    }
    directories::ProjectDirs::from("", "", "secretariat")
        .map(|d| d.config_dir().join("audit.key"))
        .ok_or_else(|| {
            "cannot find a config directory for the audit key; set audit.key_file in the config"
                .into()
        })
}

/// The key of the store's owner: the file `path` names, made on first use.
pub fn owner_key(configured: Option<&Path>) -> Result<AuditKey, String> {
    load_or_create(&path(configured)?)
}

/// Reads the key at `path`, creating it (32 random bytes, 0600) if absent.
pub fn load_or_create(path: &Path) -> Result<AuditKey, String> {
    match read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        other => return other.map_err(|e| e.to_string()),
    }
    create(path)?;
    read(path).map_err(|e| e.to_string())
}

fn read(path: &Path) -> std::io::Result<AuditKey> {
    let refuse = |why: String| std::io::Error::other(why);
    let meta = std::fs::metadata(path)?;
    let me = nix::unistd::geteuid().as_raw();
    if meta.uid() != me {
        return Err(refuse(format!(
            "the audit key {} belongs to {}, not to {} who runs secretariat; it must be the store owner's own (chown it, or set audit.key_file)",
            path.display(),
            crate::server::os_user_name(meta.uid()),
            crate::server::os_user_name(me)
        )));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(refuse(format!(
            "the audit key {} has mode {mode:04o}: its group or others can read it, and with it rewrite the audit log unseen; run `chmod 600 {}` and try again",
            path.display(),
            path.display()
        )));
    }
    let bytes = std::fs::read(path)?;
    let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        refuse(format!(
            "the audit key {} holds {} bytes, not 32; restore it from its backup",
            path.display(),
            bytes.len()
        ))
    })?;
    Ok(AuditKey::new(bytes, Some(path)))
}

fn create(path: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "cannot create the audit key {} ({e}); create it as the store's owner with `umask 077; head -c 32 /dev/urandom > {}`, or set audit.key_file in the config",
            path.display(),
            path.display()
        )
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(fail)?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    // Written whole under a temporary name (0600), then linked into place
    // only if no one else made it meanwhile: two first starts agree on one key.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(&bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => {
            tracing::info!(path = %path.display(), "audit key created");
            Ok(())
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(fail(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn made_once_read_again_and_refused_when_others_can_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/audit.key");
        let a = load_or_create(&path).unwrap();
        let b = load_or_create(&path).unwrap();
        assert_eq!(a, b);
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = load_or_create(&path).unwrap_err();
        assert!(e.contains("mode 0640") && e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(&path, b"short").unwrap();
        assert!(load_or_create(&path).unwrap_err().contains("not 32"));
    }
}
