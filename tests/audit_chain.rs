//! The keyed audit chain: an edit is found even when the editor recomputes the
//! plain SHA-256 chain, another key is refused, a key others can read is
//! refused, and `audit head` + `check --since-head` find a truncated or
//! rewritten log. Each record carries the acting OS user's uid.

use secretariat::store::Store;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Fixture {
    tmp: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            tmp: tempfile::tempdir().unwrap(),
        };
        let people = f.tmp.path().join("people.jsonl");
        std::fs::write(
            &people,
            "{\"kind\":\"person\",\"registration_number\":\"1234567\",\"name\":\"山﨑 花子\",\"birth_date\":\"1990-05-01\"}\n",
        )
        .unwrap();
        let o = f.run(&["import", people.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        let o = f.run(&["users", "add", "tanaka", "operator"]);
        assert!(o.status.success(), "{}", text(&o));
        f
    }
    fn dir(&self) -> PathBuf {
        self.tmp.path().join("store")
    }
    fn key(&self) -> PathBuf {
        self.tmp.path().join("keys/audit.key")
    }
    fn run_with_key(&self, key: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_secretariat"))
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env(secretariat::audit_key::ENV, key)
            .arg("--data-dir")
            .arg(self.dir())
            .args(args)
            .output()
            .unwrap()
    }
    fn run(&self, args: &[&str]) -> Output {
        self.run_with_key(&self.key(), args)
    }
    /// Opens the store in this process (it must not be served meanwhile).
    fn store(&self) -> Store {
        let key = secretariat::audit_key::load_or_create(&self.key()).unwrap();
        Store::open_keyed(&self.dir(), "tester", key).unwrap()
    }
    fn head(&self) -> String {
        let o = self.run(&["audit", "head"]);
        assert!(o.status.success(), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn an_edit_is_found_even_with_the_plain_chain_recomputed() {
    let f = Fixture::new();
    assert!(f.run(&["check"]).status.success());
    f.store().tamper_for_tests("audit-rechained").unwrap();
    let o = f.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("audit record 1 was altered: its MAC does not verify"),
        "{}",
        text(&o)
    );
}

#[test]
fn another_key_is_refused_and_a_readable_key_too() {
    let f = Fixture::new();
    let other = f.tmp.path().join("other/audit.key");
    let o = f.run_with_key(&other, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("does not match the store") && e.trim().lines().count() == 1,
        "{e}"
    );
    std::fs::set_permissions(f.key(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = f.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("mode 0644"), "{}", text(&o));
    std::fs::set_permissions(f.key(), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(f.run(&["check"]).status.success());
}

#[test]
fn the_head_anchored_elsewhere_finds_a_truncated_or_rewritten_log() {
    let f = Fixture::new();
    let head = f.head();
    assert!(head.starts_with("2:") && head.len() == 2 + 64, "{head}");
    // The chain grows; the anchor still holds.
    let more = f.tmp.path().join("more.jsonl");
    std::fs::write(
        &more,
        "{\"kind\":\"person\",\"registration_number\":\"2345678\",\"name\":\"髙橋 太郎\",\"birth_date\":\"1991-06-02\"}\n",
    )
    .unwrap();
    let o = f.run(&["import", more.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let o = f.run(&["check", "--since-head", &head]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("extends"), "{}", text(&o));
    let later = f.head();
    assert!(later.starts_with("3:"), "{later}");
    // The last record removed and the head moved back: `check` alone cannot
    // tell, the anchor can.
    f.store().tamper_for_tests("audit-truncated").unwrap();
    assert!(f.run(&["check"]).status.success());
    let o = f.run(&["check", "--since-head", &later]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("truncated"), "{}", text(&o));
    // The older anchor still holds on the shorter log; a rewrite breaks it.
    assert!(f.run(&["check", "--since-head", &head]).status.success());
    f.store().tamper_for_tests("audit-rechained").unwrap();
    let o = f.run(&["check", "--since-head", &head]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("rewritten"), "{}", text(&o));
    // A head that is not SEQ:MAC is a clear refusal.
    let o = f.run(&["check", "--since-head", "yesterday"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains("SEQ:MAC"), "{}", text(&o));
}

#[test]
fn every_record_names_the_acting_uid() {
    let f = Fixture::new();
    let o = f.run(&["export", "audit"]);
    assert!(o.status.success(), "{}", text(&o));
    let me = nix::unistd::getuid().as_raw();
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        assert_eq!(r["uid"], serde_json::json!(me), "{r}");
    }
    let mode = std::fs::metadata(f.key()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(std::fs::metadata(f.key()).unwrap().len(), 32);
}
