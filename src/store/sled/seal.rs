//! The seal: on a clean close the store records each of sled's files' length,
//! mtime and a sampled CRC-32. On open, a file that changed since is checked again *before* sled
//! reads it, because sled's recovery rewrites what it takes for a torn write;
//! a damaged store is refused with its files untouched. After a crash there is
//! no seal and sled's own crash recovery runs as designed.

use super::{Damage, StoreFault};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const SEAL: &str = "secretariat.seal";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct FileSeal {
    len: u64,
    mtime_ns: u128,
    crc: u32,
}

/// Whether a path in the data dir is sled's (the socket, logs and sessions a
/// server keeps beside them are not sealed).
pub(crate) fn is_sled_file(dir: &Path, p: &Path) -> bool {
    let first = p
        .strip_prefix(dir)
        .ok()
        .and_then(|r| r.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first == "db" || first == "conf" || first == "blobs" || first.starts_with("snap.")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() && is_sled_file(dir, &p) => stack.push(p),
                Ok(t) if t.is_file() && is_sled_file(dir, &p) => out.push(p),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

fn stat(p: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(p).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), mtime))
}

/// Bytes read whole at each end of a file, and the sample taken every stride.
const EDGE: u64 = 1 << 20;
const SAMPLE: u64 = 64 << 10;
const STRIDE: u64 = 16 << 20;

/// CRC-32 of a file's first and last MiB and of 64 KiB every 16 MiB between:
/// a few tens of milliseconds on a multi-gigabyte store, so closing stays quick.
/// Damage between samples is left to sled's own per-record checksums.
fn crc(p: &Path) -> std::io::Result<u32> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(p)?;
    let len = f.metadata()?.len();
    let mut ranges = vec![(0, EDGE.min(len))];
    let mut at = EDGE;
    while at + SAMPLE < len.saturating_sub(EDGE) {
        ranges.push((at, SAMPLE));
        at += STRIDE;
    }
    if len > EDGE {
        let start = len.saturating_sub(EDGE).max(EDGE);
        ranges.push((start, len - start));
    }
    let mut h = crc32fast::Hasher::new();
    h.update(&len.to_be_bytes());
    let mut buf = vec![0u8; EDGE as usize];
    for (start, n) in ranges {
        f.seek(SeekFrom::Start(start))?;
        let chunk = &mut buf[..n as usize];
        f.read_exact(chunk)?;
        h.update(chunk);
    }
    Ok(h.finalize())
}

fn rel(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// The length and mtime of each of sled's files, as found before sled opens
/// them (its crash recovery may rewrite them).
pub fn found(dir: &Path) -> BTreeMap<String, (u64, u128)> {
    files(dir)
        .into_iter()
        .filter_map(|p| Some((rel(dir, &p), stat(&p)?)))
        .collect()
}

/// What changed in sled's files since `before` ([`found`]), one phrase each:
/// `db (34000000 -> 34603008 bytes)`, `snap.X removed`, `snap.Y written`.
pub fn changes(dir: &Path, before: &BTreeMap<String, (u64, u128)>) -> Vec<String> {
    let after = found(dir);
    let mut out = Vec::new();
    for (name, (len, mtime)) in before {
        match after.get(name) {
            None => out.push(format!("{name} removed")),
            Some((l, _)) if l != len => out.push(format!("{name} ({len} -> {l} bytes)")),
            Some((_, m)) if m != mtime => out.push(format!("{name} rewritten")),
            Some(_) => {}
        }
    }
    for name in after.keys().filter(|n| !before.contains_key(*n)) {
        out.push(format!("{name} written"));
    }
    out
}

/// Records the seal of a closed store.
pub fn write(dir: &Path) -> std::io::Result<()> {
    let mut seal = BTreeMap::new();
    for p in files(dir) {
        if let Some((len, mtime_ns)) = stat(&p) {
            seal.insert(
                rel(dir, &p),
                FileSeal {
                    len,
                    mtime_ns,
                    crc: crc(&p)?,
                },
            );
        }
    }
    let text = serde_json::to_string(&seal).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!("{SEAL}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, dir.join(SEAL))
}

/// Checks the files against the seal; `Err` names the first damaged file,
/// or the file this user may not read; `Ok(true)` when there was a seal (a
/// clean close), `Ok(false)` when there was none (a crash, or a new store).
/// Removes the seal once checked, so that a crash leaves none behind.
pub fn verify_and_break(dir: &Path) -> Result<bool, super::StoreError> {
    let path = dir.join(SEAL);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        // Not valid UTF-8: not a seal this program wrote.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(StoreFault::damaged(dir, Damage::SealUnreadable).into());
        }
        Err(e) => return Err(StoreFault::from_io(dir, Some(&path), &e).into()),
    };
    let seal: BTreeMap<String, FileSeal> = serde_json::from_str(&text)
        .map_err(|_| StoreFault::damaged(dir, Damage::SealUnreadable))?;
    for (name, s) in &seal {
        let p = dir.join(name);
        let found = match std::fs::metadata(&p) {
            Ok(_) => stat(&p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            // A directory on the way this user may not enter: not damage.
            Err(e) => return Err(StoreFault::from_io(dir, Some(&p), &e).into()),
        };
        match found {
            None => {
                return Err(
                    StoreFault::damaged(dir, Damage::Missing { file: name.clone() }).into(),
                );
            }
            Some((len, mtime)) if len == s.len && mtime == s.mtime_ns => {}
            // Changed since the clean close (or copied without times): look inside.
            Some(_) => match crc(&p) {
                Ok(c) if c == s.crc => {}
                Ok(_) => {
                    return Err(
                        StoreFault::damaged(dir, Damage::Changed { file: name.clone() }).into(),
                    );
                }
                Err(e) => return Err(StoreFault::unreadable(dir, &p, &e).into()),
            },
        }
    }
    std::fs::remove_file(&path).map_err(|e| StoreFault::from_io(dir, Some(&path), &e))?;
    Ok(true)
}
