//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300` run by the schema-7 binary (main at 0a94ab3) as of
//! 2026-11-21, where its owner then approved one withdrawal, returned
//! another and approved two more together (a bulk decision): four entries on
//! the owner's undo stack in the shape schema 7 wrote them, with what that
//! binary printed for `export cases`. This build must upgrade it to schema 8
//! (every undo entry rewritten as a decision's) with a copy beside it, find
//! it sound — `check` reads every undo entry in the new shape — print the
//! same cases, and read the stack: the newest unit is the bulk decision,
//! whose window closed long ago.

mod migrate_support;
use migrate_support::*;

use secretariat::desk::{Desk, DeskError, DeskSettings};
use secretariat::domain::refusal::Refusal;

#[test]
fn a_schema_7_store_with_decisions_to_undo_opens_upgraded_and_reads_its_undo_stack() {
    let tmp = unpack("schema7-store.tar.gz");
    let root = tmp.path();

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("336 cases"), "{out}");
    assert!(
        root.join("store.schema-7.bak").join("db").is_file(),
        "the copy taken before upgrading"
    );
    let cases = ok(&run(root, &["export", "cases"]));
    let before = std::fs::read_to_string(root.join("cases.jsonl")).unwrap();
    assert_eq!(jsonl(&cases), jsonl(&before));

    // The owner's stack, read in the new shape: the bulk decision of two
    // (the newest unit) is past its window, named by its case.
    let settings = DeskSettings {
        audit_key: secretariat::audit_key::load_or_create(&root.join("audit.key")).unwrap(),
        ..DeskSettings::default()
    };
    // The fixture's owner, who took the decisions, was root.
    let owner = "root";
    let desk = Desk::open(&root.join("store"), owner, settings).unwrap();
    let actor = desk.actor(owner).unwrap();
    match desk.undo(&actor, chrono::Utc::now().fixed_offset()) {
        Err(DeskError::Refused(Refusal::UndoReleased { reference, .. })) => {
            assert!(reference.starts_with("W-2026-"), "{reference}");
        }
        other => panic!("{other:?}"),
    }
    drop(desk);
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(!root.join("store.schema-7.bak.2").exists(), "upgraded once");
}
