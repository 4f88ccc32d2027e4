//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300 --no-tui` run by the schema-10 binary (main at 656d255)
//! as of 2026-11-21, with what that binary printed for `export cases`,
//! `export cases --filter` with the facility terms (`priority`,
//! `pref:北海道`, `-priority area:医療圏`), with `kind:` and `backlog --json --filter
//! "pref:北海道 age>3"`. This build must upgrade it to schema 11 — every
//! case's place numbered and its kind, beside its tag — with a copy beside
//! it, find it sound, and select with the facility and kind terms exactly
//! what the old binary selected by reading every case.

mod migrate_support;
use migrate_support::*;

#[test]
fn a_schema_10_store_gets_its_places_and_the_facility_terms_select_as_before() {
    let tmp = unpack("schema10-store.tar.gz");
    let root = tmp.path();

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("335 cases"), "{out}");
    assert!(
        root.join("store.schema-10.bak").join("db").is_file(),
        "the copy taken before upgrading"
    );

    let cases = ok(&run(root, &["export", "cases"]));
    assert_eq!(jsonl(&cases), jsonl(&fixture("cases.jsonl", root)));
    for (query, file, at_least) in [
        ("priority", "priority.jsonl", 6),
        ("pref:北海道", "hokkaido.jsonl", 22),
        ("-priority area:医療圏", "not-priority.jsonl", 95),
        ("kind:category_change", "kind-category.jsonl", 50),
        (
            "-kind:adoption -kind:completion_application",
            "kind-not.jsonl",
            241,
        ),
    ] {
        let out = ok(&run(root, &["export", "cases", "--filter", query]));
        let want = jsonl(&fixture(file, root));
        assert_eq!(want.len(), at_least, "{query}: the fixture");
        assert_eq!(jsonl(&out), want, "{query}");
    }
    let backlog = ok(&run(
        root,
        &["backlog", "--json", "--filter", "pref:北海道 age>3"],
    ));
    let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert_eq!(
        parse(&backlog),
        parse(&fixture("backlog-hokkaido.json", root))
    );

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(
        !root.join("store.schema-10.bak.2").exists(),
        "upgraded once"
    );
}
