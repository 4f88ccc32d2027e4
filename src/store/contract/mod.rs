//! The store's contract: what every backend does, tested through [`Store`]
//! alone. Each test runs on every backend [`backends`] opens: sled, and
//! PostgreSQL in a database of its own when `SECRETARIAT_TEST_PG` names a
//! cluster (`scripts/pg-cluster.sh`; required under `CI=true`).

mod more;

use super::*;
use crate::domain::time::{at, ymd};
use crate::domain::{
    Case, DecisionKind, OutboxMessage, OutboxStatus, Person, Queue, RegistrationNumber, Role, State,
};

/// Where a test's store lives, removed when the test ends.
#[allow(dead_code)]
enum Home {
    Dir(tempfile::TempDir),
    Database(super::postgres::tests::TestDb),
}

/// A new, empty store of every backend, each with where it lives.
fn backends() -> Vec<(Home, Store)> {
    let sled = tempfile::tempdir().unwrap();
    let store = Store::open(sled.path(), "boss").unwrap();
    let mut out = vec![(Home::Dir(sled), store)];
    if let Some((db, pg)) = super::postgres::tests::store("boss") {
        out.push((Home::Database(db), Store::Postgres(pg)));
    }
    out
}

fn case(reference: &str, name: &str) -> Case {
    super::sled::tests::case(reference.into(), name.into(), "理由".into(), 1, Some(30))
}

fn now() -> crate::domain::Timestamp {
    at(ymd(2026, 11, 2), 9, 0)
}

/// A batch writing `case`, refused unless it is at `expected` (None: any).
fn batch(case: Case, expected: Option<u64>) -> WriteBatch {
    WriteBatch {
        cases: vec![CaseWrite {
            expected_revision: expected,
            after: case,
            action: "test".into(),
            actor: "boss".into(),
            at: now(),
            outbox: None,
            cancel_outbox: None,
            undo: UndoSlot::Keep,
            skip_if_stale: false,
            orgs: None,
            earlier_outbox: Vec::new(),
        }],
        actor: "boss".into(),
        at: Some(now()),
        ..Default::default()
    }
}

fn written(out: &[Outcome]) -> (u64, u64) {
    match out {
        [Outcome::Written { id, revision, .. }] => (*id, *revision),
        other => panic!("not one case written: {other:?}"),
    }
}

#[test]
fn a_case_written_reads_back_by_id_and_ref_and_is_summarised_and_counted() {
    for (_dir, store) in backends() {
        let (id, revision) = written(&store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap());
        let back = store.case(id).unwrap().unwrap();
        assert_eq!((back.reference.as_str(), back.revision), ("W-1", revision));
        assert_eq!(store.case_id(Queue::Withdrawal, "W-1").unwrap(), Some(id));
        assert_eq!(store.case_id(Queue::Withdrawal, "W-2").unwrap(), None);
        assert_eq!(store.case_count().unwrap(), 1);
        assert_eq!(store.reference_of(id).unwrap().as_deref(), Some("W-1"));
        let (queue, summary) = store.summary(id).unwrap();
        assert_eq!((queue, summary.state), (Queue::Withdrawal, back.state));
        assert_eq!(summary.due, due_days(back.due));
        let open: Vec<u64> = store
            .summaries(Queue::Withdrawal, false)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(open, vec![id]);
        let counts = store
            .counts(Queue::Withdrawal, due_days(Some(ymd(2020, 1, 1))), None)
            .unwrap();
        assert_eq!(counts.open, 1);
        assert_eq!(counts.by_state, vec![(State::AwaitingDirector, 1)]);
    }
}

#[test]
fn a_decision_on_a_revision_that_moved_on_is_refused_and_changes_nothing() {
    for (_dir, store) in backends() {
        let (id, revision) = written(&store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap());
        let head = store.audit_head().unwrap();
        let mut decided = store.case(id).unwrap().unwrap();
        decided.state = State::Completed;
        let stale = store.write(&batch(decided.clone(), Some(revision + 1)));
        assert!(matches!(stale, Err(StoreError::Stale(_))), "{stale:?}");
        assert_eq!(store.case(id).unwrap().unwrap().revision, revision);
        assert_eq!(store.audit_head().unwrap(), head, "nothing audited");
        let (_, after) = written(&store.write(&batch(decided, Some(revision))).unwrap());
        assert_eq!(after, revision + 1);
        assert_eq!(store.summary(id).unwrap().1.state, State::Completed);
        assert!(store.summaries(Queue::Withdrawal, false).is_empty());
    }
}

#[test]
fn every_change_extends_the_audit_chain_and_a_check_finds_it_whole() {
    for (_dir, store) in backends() {
        let anchor = store.audit_head().unwrap();
        assert_eq!(anchor.seq, 0);
        store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap();
        let middle = store.audit_head().unwrap();
        store.write(&batch(case("W-2", "髙橋 花子"), None)).unwrap();
        let head = store.audit_head().unwrap();
        let records: Vec<_> = store.all_audit().map(|r| r.unwrap()).collect();
        assert_eq!(records.len() as u64, head.seq);
        let mut walk = ChainWalk::new(store.audit_key());
        for r in &records {
            walk.step(r).unwrap();
        }
        assert_eq!(walk.end(Some(&head)), None);
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        assert_eq!((report.cases, report.audit_records), (2, head.seq));
        assert!(store.check_since(&middle).unwrap().is_empty());
    }
}

#[test]
fn an_import_keeps_all_its_chunks_when_committed_and_none_when_dropped() {
    for (_dir, store) in backends() {
        let mut dropped = store
            .begin_import("a.jsonl", 2, "boss", None, now())
            .unwrap();
        dropped
            .write(&batch(case("W-1", "山田 太郎"), None))
            .unwrap();
        dropped
            .write(&batch(case("W-2", "髙橋 花子"), None))
            .unwrap();
        drop(dropped);
        assert_eq!(store.case_count().unwrap(), 0);
        let mut kept = store
            .begin_import("b.jsonl", 2, "boss", None, now())
            .unwrap();
        kept.write(&batch(case("W-3", "佐藤 次郎"), None)).unwrap();
        kept.write(&batch(case("W-4", "鈴木 一郎"), None)).unwrap();
        kept.commit().unwrap();
        assert_eq!(store.case_count().unwrap(), 2);
        assert!(store.case_id(Queue::Withdrawal, "W-1").unwrap().is_none());
        assert!(store.case_id(Queue::Withdrawal, "W-4").unwrap().is_some());
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn batches_written_together_and_settings_are_kept() {
    for (_dir, store) in backends() {
        let batches = ["W-1", "W-2", "W-3"].map(|r| batch(case(r, "山田 太郎"), None));
        store.write_all(batches).unwrap();
        assert_eq!(store.case_count().unwrap(), 3);
        store.set_meta("demo", b"1").unwrap();
        assert_eq!(store.meta("demo").unwrap().as_deref(), Some(&b"1"[..]));
        store.remove_meta("demo").unwrap();
        assert_eq!(store.meta("demo").unwrap(), None);
    }
}

#[test]
fn a_backup_says_how_it_was_made_and_holds_the_cases() {
    for (_dir, store) in backends() {
        let (id, _) = written(&store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap());
        let dest = tempfile::tempdir().unwrap();
        let to = dest.path().join("copy");
        match store.backup(&to).unwrap() {
            Backup::Copied { to: copied, .. } => {
                assert_eq!(copied, to);
                let copy = Store::open(&to, "boss").unwrap();
                assert_eq!(copy.case(id).unwrap(), store.case(id).unwrap());
                assert_eq!(copy.audit_head().unwrap(), store.audit_head().unwrap());
            }
            Backup::ByDatabaseTools { database } => {
                assert!(matches!(store, Store::Postgres(_)));
                assert!(database.starts_with("postgresql://"), "{database}");
                assert!(!to.exists(), "nothing is copied");
            }
        }
    }
}

#[test]
fn a_person_written_is_found_by_number_name_and_birth_date_and_audited() {
    for (_dir, store) in backends() {
        let person = Person {
            registration_number: RegistrationNumber::parse("1234567").unwrap(),
            name: "髙橋 花子".into(),
            name_kana: Some("たかはし はなこ".into()),
            birth_date: ymd(1990, 5, 1),
            email: None,
            regional_quota: false,
            training_periods: vec![],
        };
        store
            .write(&WriteBatch {
                registry: vec![RegistryWrite::Person(person.clone())],
                actor: "boss".into(),
                at: Some(now()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(store.person("1234567").unwrap(), Some(person));
        let found = store.same_identity("髙橋 花子", ymd(1990, 5, 1)).unwrap();
        assert_eq!(found, vec!["1234567".to_string()]);
        assert_eq!(store.people_born(ymd(1990, 5, 1)).unwrap(), found);
        assert!(store.people_born(ymd(1990, 5, 2)).unwrap().is_empty());
        assert_eq!(store.all_people().count(), 1);
        let last = store.all_audit().last().unwrap().unwrap();
        assert_eq!(
            (last.action.as_str(), last.target.as_str()),
            ("person.put", "person/1234567")
        );
    }
}

#[test]
fn the_mail_a_decision_owes_waits_until_it_is_released() {
    for (_dir, store) in backends() {
        let mut b = batch(case("W-1", "山田 太郎"), None);
        b.cases[0].outbox = Some(OutboxMessage {
            id: 0,
            queue: Queue::Withdrawal,
            case_ref: "W-1".into(),
            decision: DecisionKind::Approve,
            recipient: "director@example.jp".into(),
            subject: "承認".into(),
            body: "本文".into(),
            created_at: now(),
            release_at: now(),
            status: OutboxStatus::Pending,
        });
        let out = store.write(&b).unwrap();
        let Some(Outcome::Written {
            outbox_id: Some(id),
            ..
        }) = out.first()
        else {
            panic!("no notification written: {out:?}");
        };
        let pending = store.outbox_message(*id).unwrap().unwrap();
        assert_eq!(
            (pending.status, pending.case_ref.as_str()),
            (OutboxStatus::Pending, "W-1")
        );
        assert_eq!(
            store.release_outbox(&[*id], "boss", None, now()).unwrap(),
            vec![*id]
        );
        assert!(
            store
                .release_outbox(&[*id], "boss", None, now())
                .unwrap()
                .is_empty()
        );
        let released = store.outbox_message(*id).unwrap().unwrap();
        assert_eq!(released.status, OutboxStatus::Released);
        assert_eq!(store.all_outbox().count(), 1);
    }
}

#[test]
fn the_creator_supervises_and_a_user_given_a_role_keeps_it_until_forgotten() {
    for (_dir, store) in backends() {
        assert_eq!(store.role_of("boss").unwrap(), Role::Supervisor);
        assert_eq!(
            store.users().unwrap(),
            vec![("boss".to_string(), Role::Supervisor)]
        );
        let access = store.access_of("boss").unwrap().unwrap();
        let give = |a| WriteBatch {
            registry: vec![RegistryWrite::User("tanaka".into(), a)],
            actor: "boss".into(),
            at: Some(now()),
            ..Default::default()
        };
        store.write(&give(Some(access.clone()))).unwrap();
        assert_eq!(store.access_of("tanaka").unwrap(), Some(access));
        assert_eq!(store.role_of("tanaka").unwrap(), Role::Supervisor);
        store.write(&give(None)).unwrap();
        assert_eq!(store.access_of("tanaka").unwrap(), None);
        assert_eq!(store.users().unwrap().len(), 1);
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn a_case_is_found_by_the_number_part_of_its_ref() {
    let words = tokens(&case("W-2026-000230", "髙橋 花子"));
    assert!(words.iter().any(|t| t == "000230"), "{words:?}");
    assert!(
        words.len() > 2,
        "names, kana, ref and its number: {words:?}"
    );
    assert!(words.windows(2).all(|p| p[0] < p[1]), "sorted, no repeats");
}
