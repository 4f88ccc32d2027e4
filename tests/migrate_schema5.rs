//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300` run by the schema-5 binary (commit 401dde1: every table
//! a sled tree of its own), with its audit key and what that binary printed
//! for `export cases`, `export cases --filter 高橋` and `backlog --json` as of
//! 2026-11-21. This build must upgrade it on first open with a copy beside
//! it, find it sound, and print the very same exports and backlog.

mod migrate_support;
use migrate_support::*;

use serde_json::Value;

#[test]
fn a_schema_5_store_of_the_previous_release_opens_upgraded_and_says_the_same() {
    let tmp = unpack("schema5-store.tar.gz");
    let root = tmp.path();
    // The sled files hold the old trees by name: a schema-5 layout.
    let db = std::fs::read(root.join("store/db")).unwrap();
    assert!(
        db.windows(b"idx_token".len()).any(|w| w == b"idx_token"),
        "the fixture is in schema 5's trees"
    );

    // First open: upgraded, a copy of the schema-5 store beside it, sound.
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("331 cases"), "{out}");
    let backup = root.join("store.schema-5.bak");
    assert!(
        backup.join("db").is_file(),
        "the copy taken before upgrading"
    );

    // The same cases, the same filter, the same backlog as the old build printed.
    let cases = ok(&run(root, &["export", "cases"]));
    assert_eq!(jsonl(&cases), jsonl(&fixture("cases.jsonl", root)));
    let takahashi = ok(&run(root, &["export", "cases", "--filter", "高橋"]));
    assert_eq!(jsonl(&takahashi), jsonl(&fixture("takahashi.jsonl", root)));
    assert_eq!(jsonl(&takahashi).len(), 7);
    let mut backlog: Value = serde_json::from_str(&ok(&run(root, &["backlog", "--json"]))).unwrap();
    // Schema 7 counts open enquiries too; a store of before has none.
    let enquiries = backlog.as_object_mut().unwrap().remove("enquiries");
    assert_eq!(enquiries.unwrap()["open"], 0);
    let before: Value = serde_json::from_str(&fixture("backlog.json", root)).unwrap();
    assert_eq!(backlog, before);

    // A lookup on the upgraded store, and no second upgrade at the next open.
    let first = jsonl(&cases)
        .into_iter()
        .find(|c| c["queue"] == "withdrawal" && c["assignee"].is_null())
        .expect("an unassigned withdrawal");
    let reference = first["ref"].as_str().unwrap().to_string();
    let regno = first["registration_number"].as_str().unwrap().to_string();
    let looked = ok(&run(root, &["lookup", &regno, "--json"]));
    assert!(looked.contains(&reference), "{looked}");
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(!root.join("store.schema-5.bak.2").exists(), "upgraded once");
}
