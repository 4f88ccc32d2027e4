//! A store the previous release made, opened by this build. The fixture is
//! `demo --cases 300` run by the schema-9 binary (main at e5a3e8c) as of
//! 2026-11-21, where its owner (root) then made sato an operator and kimura
//! help desk, with what that binary printed for `users list`, `export
//! cases` and `backlog`. This build must upgrade it to schema 10 — one
//! organisation, 事務局 (`office`), holding every case, each user keeping
//! their role there, schema 9's supervisors its administrators — with a
//! copy beside it, find it sound, and show every user the same cases and
//! the same backlog as before.

use secretariat::desk::{Desk, DeskSettings, PageQuery};
use secretariat::domain::Role;
use secretariat::domain::org::OrgId;

mod migrate_support;
use migrate_support::*;

#[test]
fn a_schema_9_store_becomes_one_office_holding_every_case_with_every_role_kept() {
    let tmp = unpack("schema9-store.tar.gz");
    let root = tmp.path();

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(out.contains("336 cases"), "{out}");
    assert!(
        root.join("store.schema-9.bak").join("db").is_file(),
        "the copy taken before upgrading"
    );

    // The same cases, exported as before.
    let cases = ok(&run(root, &["export", "cases"]));
    assert_eq!(jsonl(&cases), jsonl(&fixture("cases.jsonl", root)));
    // The same backlog, figure for figure (it counts what each user sees;
    // the membership queue's name has grown since: 異動届・修了申請).
    let figures = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .map(|l| {
                l.split_whitespace()
                    .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    };
    let backlog = ok(&run(root, &["backlog"]));
    assert_eq!(figures(&backlog), figures(&fixture("backlog.txt", root)));

    // One organisation; every user keeps their role in it.
    let orgs = ok(&run(root, &["orgs", "list"]));
    assert_eq!(orgs.lines().count(), 1, "{orgs}");
    assert!(
        orgs.starts_with("office\t事務局\toffice\t-\t336 cases, 5 users"),
        "{orgs}"
    );
    let users = ok(&run(root, &["users", "list"]));
    for line in fixture("users.txt", root).lines() {
        let mut old = line.split('\t');
        let (name, role) = (old.next().unwrap(), old.next().unwrap());
        let admin = if role == "supervisor" { "admin " } else { "" };
        let want = format!("{name}\t{admin}{role}@office");
        assert!(
            users.lines().any(|l| l.starts_with(&want)),
            "{want:?} in {users}"
        );
    }

    // Each user sees every case, as before: the office holds them all.
    let settings = DeskSettings {
        audit_key: secretariat::audit_key::load_or_create(&root.join("audit.key")).unwrap(),
        ..DeskSettings::default()
    };
    let desk = Desk::open(&root.join("store"), "root", settings).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let all = desk.counts(today).unwrap();
    for user in ["tanaka", "sato", "kimura", "suzuki", "root", "nobody-known"] {
        let actor = desk.actor(user).unwrap();
        assert_eq!(desk.counts_for(&actor, today).unwrap(), all, "{user}");
        let mut q = PageQuery::new(secretariat::domain::Queue::Transfer);
        q.limit = 500;
        assert_eq!(
            desk.page_for(&q, today, &actor).unwrap().total,
            all[1].open,
            "{user}"
        );
    }
    let sato = desk.actor("sato").unwrap();
    assert_eq!(sato.role, Role::Operator);
    assert_eq!(sato.reach.get(&OrgId::default_org()), Some(&Role::Operator));
    assert!(!sato.admin);
    assert!(desk.actor("suzuki").unwrap().admin);
    drop(desk);

    let out = ok(&run(root, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
    assert!(!root.join("store.schema-9.bak.2").exists(), "upgraded once");
}
