//! After a crash and a cut-off file, `check` tells the truth: it never says
//! the files were left as they are when sled's crash recovery changed them,
//! says what it changed when it did, and no panic message reaches the terminal.

mod server_support;

use server_support::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The SHA-256 of each of sled's files (db, conf, snap.*, blobs/).
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "db" || name == "conf" || name.starts_with("snap.") {
            let bytes = std::fs::read(e.path()).unwrap();
            let digest: Vec<String> = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            out.insert(name, digest.concat());
        }
    }
    out
}

/// A store left by a crash: made, served, and its server killed (no seal).
fn crashed_store(dir: &Path) {
    store(dir, 2000);
    let mut server = ServerProc::start(dir);
    let _ = remote(dir).ask::<Vec<QueueCounts>>(Request::Counts);
    server.kill9();
    assert!(
        !dir.join("secretariat.seal").exists(),
        "a killed server left a seal"
    );
}

/// `check` on `dir` with its db cut to `len` bytes: what it said.
fn check_cut(root: &Path, crashed: &Path, name: &str, cut: impl Fn(u64) -> u64) -> String {
    let dir = root.join(name);
    let st = std::process::Command::new("cp")
        .arg("-a")
        .arg(crashed)
        .arg(&dir)
        .status()
        .unwrap();
    assert!(st.success());
    let db = dir.join("db");
    let len = std::fs::metadata(&db).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.set_len(cut(len)).unwrap();
    drop(f);
    let before = hashes(&dir);
    let (code, out, err) = run(&dir, &["--embedded", "check"]);
    let said = format!("{out}{err}");
    let after = hashes(&dir);
    eprintln!("{name}: cut {len} -> {} bytes: {code:?} {said}", cut(len));
    assert_ne!(code, Some(101), "{name}: it panicked: {said}");
    assert!(!said.contains("panicked"), "{name}: {said}");
    if before != after {
        assert!(
            !said.contains("left as they are"),
            "{name}: the files changed, but check says they were left as they are: {said}"
        );
        assert!(
            said.contains("crash recovery changed"),
            "{name}: the files changed and check does not say so: {said}"
        );
    }
    said
}

#[test]
fn check_after_a_crash_says_what_recovery_changed_and_no_panic_leaks() {
    let tmp = tempfile::tempdir().unwrap();
    let crashed = tmp.path().join("crashed");
    crashed_store(&crashed);
    // Into the newest segment, a segment and more back, and half of it.
    let cuts: [(&str, &dyn Fn(u64) -> u64); 4] = [
        ("tail", &|len| len - 4_000),
        ("segment", &|len| len.saturating_sub(600_000)),
        ("half", &|len| len / 2),
        ("head", &|_| 100_000),
    ];
    // And a store whose last close left no seal and an older snapshot (sled
    // stops with a panic on some of these cuts).
    let unsealed = tmp.path().join("unsealed");
    store(&unsealed, 2000);
    std::fs::remove_file(unsealed.join("secretariat.seal")).unwrap();
    let mut changed = 0;
    let mut refused_after_change = 0;
    for (store, prefix) in [(&crashed, "killed"), (&unsealed, "unsealed")] {
        for (name, cut) in &cuts {
            let said = check_cut(tmp.path(), store, &format!("{prefix}-{name}"), cut);
            if said.contains("crash recovery changed") {
                changed += 1;
                if said.contains("is damaged") {
                    refused_after_change += 1;
                }
            }
        }
    }
    assert!(changed > 0, "no cut made recovery change the files");
    eprintln!(
        "{changed} cuts changed the files, {refused_after_change} of them refused as damaged"
    );
}
