//! What the tests of a store the previous release made share: the fixture
//! unpacked (its store, audit key and what the old binary printed), and this
//! build run on it as of the fixture's day.
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The day every fixture was made on.
pub const AS_OF: &str = "2026-11-21";

/// `tests/fixtures/NAME` unpacked into a new temporary directory, its audit
/// key the owner's alone as the binary requires.
pub fn unpack(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let tar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let st = Command::new("tar")
        .arg("xzf")
        .arg(&tar)
        .arg("-C")
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(st.success(), "unpacking {name}");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        tmp.path().join("audit.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    tmp
}

/// This build on the fixture's store, embedded, in English, as of [`AS_OF`].
pub fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env("SECRETARIAT_AUDIT_KEY", root.join("audit.key"))
        .arg("--data-dir")
        .arg(root.join("store"))
        .args(["--as-of", AS_OF, "--embedded"])
        .args(args)
        .output()
        .expect("binary runs")
}

/// Its standard output, the command having succeeded.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// JSON lines, each parsed.
pub fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A file the old binary wrote beside its store.
pub fn fixture(name: &str, root: &Path) -> String {
    std::fs::read_to_string(root.join(name)).expect("fixture file")
}
