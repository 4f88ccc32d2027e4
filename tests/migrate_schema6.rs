//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300` run by the schema-6 binary (main at 38a190c), with its
//! audit key and what that binary printed for `export cases`, `backlog
//! --json`, `lookup 1102948 --json` and `check` as of 2026-11-21. This build
//! must upgrade it to schema 7 on first open with a copy beside it, build
//! the people-by-birth index from the people stored, find it sound, print
//! the very same exports (the lookup and backlog gain only their new members),
//! and log an enquiry on the upgraded store.

mod migrate_support;
use migrate_support::*;

use serde_json::Value;

/// A JSON object without the keys schema 7 added.
fn without(mut v: Value, key: &str) -> Value {
    if let Value::Object(m) = &mut v {
        m.remove(key);
    }
    v
}

#[test]
fn a_schema_6_store_of_the_previous_release_opens_upgraded_and_says_the_same() {
    let tmp = unpack("schema6-store.tar.gz");
    let root = tmp.path();

    // First open: upgraded, a copy of the schema-6 store beside it, sound —
    // which includes every person under their birth date.
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("335 cases"), "{out}");
    assert!(
        root.join("store.schema-6.bak").join("db").is_file(),
        "the copy taken before upgrading"
    );

    // The same cases, backlog and lookup as the old build printed.
    let cases = ok(&run(root, &["export", "cases"]));
    assert_eq!(jsonl(&cases), jsonl(&fixture("cases.jsonl", root)));
    let backlog: Value = serde_json::from_str(&ok(&run(root, &["backlog", "--json"]))).unwrap();
    assert_eq!(backlog["enquiries"]["open"], 0);
    let before: Value = serde_json::from_str(&fixture("backlog.json", root)).unwrap();
    assert_eq!(without(backlog, "enquiries"), before);
    let looked: Value =
        serde_json::from_str(&ok(&run(root, &["lookup", "1102948", "--json"]))).unwrap();
    assert_eq!(looked["enquiries"], Value::Array(vec![]));
    let before: Value = serde_json::from_str(&fixture("lookup.json", root)).unwrap();
    // `matches` (namesakes of a lookup by name) is new beside it: none for a number.
    assert!(looked["matches"].as_array().is_none_or(|m| m.is_empty()));
    assert_eq!(without(without(looked, "enquiries"), "matches"), before);

    // The upgraded store takes an enquiry, lists it, and stays sound.
    ok(&run(
        root,
        &[
            "enquiry",
            "add",
            "1102948",
            "--channel",
            "phone",
            "--topic",
            "パスワード",
            "--note",
            "再発行を案内",
        ],
    ));
    let listed = jsonl(&ok(&run(root, &["enquiries", "--open", "--json"])));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["registration_number"], "1102948");
    assert_eq!(listed[0]["name"], "木村　結衣");
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(!root.join("store.schema-6.bak.2").exists(), "upgraded once");
}
