//! Desk tests on temporary stores with hand-made Japanese data.

use super::*;
use crate::domain::time::{at, parse_timestamp, ymd};
use crate::domain::*;
use crate::store::RegistryWrite;
use chrono::NaiveDate;

pub(crate) fn today() -> NaiveDate {
    ymd(2026, 11, 21)
}

pub(crate) fn now() -> Timestamp {
    at(today(), 10, 0)
}

fn person(regno: &str, name: &str, kana: &str) -> Person {
    Person {
        registration_number: RegistrationNumber::parse(regno).unwrap(),
        name: name.into(),
        name_kana: Some(kana.into()),
        birth_date: ymd(1990, 5, 1),
        email: Some(format!("r{regno}@example.jp")),
        regional_quota: false,
        training_periods: vec![],
    }
}

fn withdrawal(reference: &str, regno: &str, received: &str) -> Case {
    let body = CaseBody::Withdrawal(Withdrawal {
        registration_number: RegistrationNumber::parse(regno).unwrap(),
        program: "東北大学病院 内科専門研修プログラム".into(),
        director: "髙橋 一郎".into(),
        director_email: Some("director@example.jp".into()),
        reason: "家庭の事情により".into(),
        kind: WithdrawalKind::Adoption,
        director_decision: DirectorDecision::Pending,
        director_decided_at: None,
        chased_at: None,
        completed_at: None,
    });
    Case {
        reference: reference.into(),
        queue: Queue::Withdrawal,
        state: workflow::initial_state(&body),
        subject: Subject::Person(RegistrationNumber::parse(regno).unwrap()),
        subject_name: String::new(),
        subject_kana: None,
        received_at: parse_timestamp(received).unwrap(),
        due: None,
        assignee: None,
        revision: 0,
        updated_at: now(),
        updated_by: "test".into(),
        body,
        notes: vec![],
        history: vec![],
    }
}

pub(crate) struct Fixture {
    pub desk: Desk,
    pub boss: Actor,
    pub op: Actor,
    pub help: Actor,
    _dir: tempfile::TempDir,
}

pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), "boss", DeskSettings::default()).unwrap();
    let boss = desk.actor("boss").unwrap();
    desk.add_user(&boss, "op", Role::Operator, now()).unwrap();
    let people = vec![
        person("123456", "山﨑 花子", "やまざき はなこ"),
        person("234567", "髙橋 太郎", "たかはし たろう"),
        person("345678", "佐藤 健", "さとう けん"),
        // Same name and birth date as 123456 under another number: 二重登録.
        person("999001", "山﨑 花子", "やまざき はなこ"),
    ];
    let cases = vec![
        withdrawal("W-1", "123456", "2026-11-01 09:00"),
        withdrawal("W-2", "234567", "2026-11-18 09:00"),
        withdrawal("W-3", "345678", "2026-11-20 09:00"),
    ];
    let reg = people.into_iter().map(RegistryWrite::Person).collect();
    desk.load_records(&boss, reg, cases, now()).unwrap();
    Fixture {
        op: desk.actor("op").unwrap(),
        help: desk.actor("someone").unwrap(),
        boss,
        desk,
        _dir: dir,
    }
}

fn key(r: &str) -> CaseKey {
    CaseKey::new(Queue::Withdrawal, r)
}

#[test]
fn unknown_users_are_helpdesk_and_creator_is_supervisor() {
    let f = fixture();
    assert_eq!(f.boss.role, Role::Supervisor);
    assert_eq!(f.op.role, Role::Operator);
    assert_eq!(f.help.role, Role::Helpdesk);
}

#[test]
fn approve_walks_the_withdrawal_workflow_and_notifies_once_on_completion() {
    let f = fixture();
    let c = f.desk.approve(&f.op, &key("W-1"), 1, now()).unwrap();
    assert_eq!(c.state, State::DirectorApproved);
    assert_eq!(c.history.last().unwrap().notification, None);
    let c = f
        .desk
        .approve(&f.op, &key("W-1"), c.revision, now())
        .unwrap();
    assert_eq!(c.state, State::Completed);
    let id = c
        .history
        .last()
        .unwrap()
        .notification
        .expect("completion notifies the trainee");
    let msg = f.desk.store().outbox_message(id).unwrap().unwrap();
    assert_eq!(msg.recipient, "r123456@example.jp");
    assert_eq!(msg.status, OutboxStatus::Pending);
    let err = f
        .desk
        .approve(&f.op, &key("W-1"), c.revision, now())
        .unwrap_err();
    assert!(err.to_string().contains("no further step"), "{err}");
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn helpdesk_cannot_approve_and_nothing_changes() {
    let f = fixture();
    let err = f.desk.approve(&f.help, &key("W-1"), 1, now()).unwrap_err();
    assert!(err.to_string().contains("needs the operator role"), "{err}");
    assert_eq!(
        f.desk.detail(&key("W-1"), today()).unwrap().case.revision,
        1
    );
    // Help desk may add notes.
    f.desk
        .annotate(&f.help, &key("W-1"), "本人から電話あり", now())
        .unwrap();
}

#[test]
fn stale_revision_is_refused_with_who_changed_it() {
    let f = fixture();
    f.desk.claim(&f.boss, &key("W-2"), 1, now()).unwrap();
    let err = f.desk.approve(&f.op, &key("W-2"), 1, now()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("changed by boss"), "{msg}");
    assert_eq!(
        f.desk.detail(&key("W-2"), today()).unwrap().case.state,
        State::AwaitingDirector
    );
}

#[test]
fn return_needs_a_reason_and_makes_one_notification() {
    let f = fixture();
    assert!(
        f.desk
            .return_case(&f.op, &key("W-3"), 1, "  ", now())
            .is_err()
    );
    let c = f
        .desk
        .return_case(&f.op, &key("W-3"), 1, "署名がありません", now())
        .unwrap();
    assert_eq!(c.state, State::Returned);
    assert_eq!(f.desk.store().all_outbox().count(), 1);
    let d = f.desk.detail(&key("W-3"), today()).unwrap();
    assert_eq!(d.notifications.len(), 1);
}

#[test]
fn undo_restores_the_case_and_withdraws_the_notification() {
    let f = fixture();
    let c = f
        .desk
        .return_case(&f.op, &key("W-3"), 1, "署名がありません", now())
        .unwrap();
    let oid = c.history.last().unwrap().notification.unwrap();
    assert_eq!(f.desk.undoable(&f.op, now()).unwrap(), Some(key("W-3")));
    let c = f.desk.undo(&f.op, now()).unwrap();
    assert_eq!(c.state, State::AwaitingDirector);
    assert_eq!(c.history.last().unwrap().kind, DecisionKind::Undo);
    assert_eq!(
        f.desk.store().outbox_message(oid).unwrap().unwrap().status,
        OutboxStatus::Cancelled
    );
    assert!(f.desk.undo(&f.op, now()).is_err(), "only once");
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn undo_is_refused_after_release_time() {
    let f = fixture();
    f.desk
        .return_case(&f.op, &key("W-3"), 1, "不備", now())
        .unwrap();
    let later = now() + chrono::Duration::seconds(f.desk.rules().release_delay_secs + 1);
    let err = f.desk.undo(&f.op, later).unwrap_err();
    assert!(err.to_string().contains("no longer be undone"), "{err}");
}

#[test]
fn bulk_is_for_supervisors_and_reports_refusals() {
    let f = fixture();
    let keys = vec![key("W-1"), key("W-2"), key("NOPE")];
    assert!(
        f.desk
            .bulk(&f.op, &keys, &BulkAction::Approve, now(), &mut |_, _| {})
            .is_err()
    );
    let mut calls = 0;
    let r = f
        .desk
        .bulk(&f.boss, &keys, &BulkAction::Approve, now(), &mut |_, _| {
            calls += 1
        })
        .unwrap();
    assert_eq!(r.done, 2);
    assert_eq!(r.refused.len(), 1);
    assert!(calls >= 1);
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn pages_filter_sort_and_count() {
    let f = fixture();
    let mut q = PageQuery::new(Queue::Withdrawal);
    let p = f.desk.page(&q, today()).unwrap();
    assert_eq!(p.total, 3);
    assert_eq!(p.rows[0].key.reference, "W-1", "earliest due first");
    q.text = "やまざき".into();
    let p = f.desk.page(&q, today()).unwrap();
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].name, "山﨑 花子");
    q.text = "234".into();
    assert_eq!(
        f.desk.page(&q, today()).unwrap().rows[0].key.reference,
        "W-2"
    );
    q.text.clear();
    q.offset = 2;
    q.limit = 5;
    let p = f.desk.page(&q, today()).unwrap();
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].key.reference, "W-3");
    let counts = f.desk.counts(today()).unwrap();
    assert_eq!(counts[0].open, 3);
}

#[test]
fn lookup_shows_cases_and_duplicate_accounts() {
    let f = fixture();
    let l = f.desk.lookup("１２３４５６", today()).unwrap();
    assert_eq!(l.person.as_ref().unwrap().name, "山﨑 花子");
    assert_eq!(l.cases.len(), 1);
    assert_eq!(l.duplicates.len(), 1);
    assert_eq!(l.duplicates[0].registration_number.as_str(), "999001");
    assert!(l.cases[0].flags.contains(&Flag::DuplicatePerson));
    assert!(
        f.desk
            .lookup("12a", today())
            .unwrap_err()
            .to_string()
            .contains("1 to 7 digits")
    );
    assert!(matches!(
        f.desk.lookup("777", today()),
        Err(DeskError::NotFound(_))
    ));
}

#[test]
fn users_are_managed_by_supervisors_and_the_last_one_stays() {
    let f = fixture();
    assert!(
        f.desk
            .add_user(&f.op, "x", Role::Supervisor, now())
            .is_err()
    );
    assert!(
        f.desk
            .remove_user(&f.boss, "boss", now())
            .unwrap_err()
            .to_string()
            .contains("last supervisor")
    );
    f.desk
        .add_user(&f.boss, "nakamura", Role::Operator, now())
        .unwrap();
    assert_eq!(f.desk.actor("nakamura").unwrap().role, Role::Operator);
    f.desk.remove_user(&f.boss, "nakamura", now()).unwrap();
    assert_eq!(f.desk.actor("nakamura").unwrap().role, Role::Helpdesk);
}

#[test]
fn check_detects_an_altered_audit_record_and_a_lost_index_entry() {
    let f = fixture();
    f.desk.approve(&f.op, &key("W-1"), 1, now()).unwrap();
    assert!(f.desk.store().check().unwrap().faults.is_empty());
    f.desk.store().tamper_for_tests("audit").unwrap();
    let r = f.desk.store().check().unwrap();
    assert!(
        r.faults.iter().any(|x| x.contains("altered")),
        "{:?}",
        r.faults
    );
    f.desk.store().tamper_for_tests("index").unwrap();
    let r = f.desk.store().check().unwrap();
    assert!(
        r.faults.iter().any(|x| x.contains("idx_due")),
        "{:?}",
        r.faults
    );
}

#[test]
fn reopening_a_store_keeps_every_decision() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = Desk::open(dir.path(), "boss", DeskSettings::default()).unwrap();
        let boss = desk.actor("boss").unwrap();
        desk.load_records(
            &boss,
            vec![RegistryWrite::Person(person(
                "1",
                "田中 一",
                "たなか はじめ",
            ))],
            vec![withdrawal("W-9", "1", "2026-11-01 09:00")],
            now(),
        )
        .unwrap();
        desk.approve(&boss, &key("W-9"), 1, now()).unwrap();
    }
    let desk = Desk::open(dir.path(), "someone-else", DeskSettings::default()).unwrap();
    assert_eq!(
        desk.detail(&key("W-9"), today()).unwrap().case.state,
        State::DirectorApproved
    );
    assert_eq!(desk.actor("boss").unwrap().role, Role::Supervisor);
    assert_eq!(desk.actor("someone-else").unwrap().role, Role::Helpdesk);
}

#[test]
fn a_second_open_of_a_store_in_use_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Desk::open(dir.path(), "boss", DeskSettings::default()).unwrap();
    let second = Desk::open(dir.path(), "boss", DeskSettings::default());
    let msg = second.err().unwrap().to_string();
    assert!(msg.contains("open in another secretariat process"), "{msg}");
}
