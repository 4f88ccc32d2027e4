//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300` run by the schema-8 binary (main at f4a9401) as of
//! 2026-11-21, where its owner then recorded a status report on loan
//! L-2021-00001 with `record loan_event`: an undo stack entry holding that
//! loan before and after, in the shape schema 8 wrote it, with what that
//! binary printed for `export cases` and `lookup 1023758` (the borrower).
//! This build must upgrade it to schema 9 (every loan, also inside the undo
//! entry, rewritten with no prior obligations) with a copy beside it, find
//! it sound, print the same cases and the same loans, and read the undo
//! entry: past its window, refused by the loan's name.

use secretariat::desk::{Desk, DeskError, DeskSettings};
use secretariat::domain::refusal::Refusal;

mod migrate_support;
use migrate_support::*;

/// The lookup's lines from `Loans` on.
fn loans(lookup: &str) -> Vec<&str> {
    lookup
        .lines()
        .skip_while(|l| !l.starts_with("Loans"))
        .collect()
}

#[test]
fn a_schema_8_store_with_a_recorded_loan_event_opens_upgraded_with_its_loans_unchanged() {
    let tmp = unpack("schema8-store.tar.gz");
    let root = tmp.path();

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("335 cases"), "{out}");
    assert!(
        root.join("store.schema-8.bak").join("db").is_file(),
        "the copy taken before upgrading"
    );
    let cases = ok(&run(root, &["export", "cases"]));
    let before = std::fs::read_to_string(root.join("cases.jsonl")).unwrap();
    assert_eq!(jsonl(&cases), jsonl(&before));

    let lookup = ok(&run(root, &["lookup", "1023758"]));
    let old = std::fs::read_to_string(root.join("lookup-1023758.txt")).unwrap();
    assert!(lookup.contains("L-2021-00001"), "{lookup}");
    assert_eq!(loans(&lookup), loans(&old));

    // The owner's stack, read in the new shape: the recorded status report
    // (the loan before and after it) is past its window, named by its loan.
    let settings = DeskSettings {
        audit_key: secretariat::audit_key::load_or_create(&root.join("audit.key")).unwrap(),
        ..DeskSettings::default()
    };
    // The fixture's owner, who recorded the event, was root.
    let owner = "root";
    let desk = Desk::open(&root.join("store"), owner, settings).unwrap();
    let actor = desk.actor(owner).unwrap();
    match desk.undo(&actor, chrono::Utc::now().fixed_offset()) {
        Err(DeskError::Refused(Refusal::UndoReleased { reference, .. })) => {
            assert!(reference.contains("L-2021-00001"), "{reference}");
        }
        other => panic!("{other:?}"),
    }
    drop(desk);
    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(!root.join("store.schema-8.bak.2").exists(), "upgraded once");
}
