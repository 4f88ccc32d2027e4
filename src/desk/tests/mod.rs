//! Desk tests on temporary stores with hand-made Japanese data.

mod completion;
mod edges;
mod enquiry;
pub(crate) mod orgs;
mod supervisor;

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

pub(crate) fn withdrawal(reference: &str, regno: &str, received: &str) -> Case {
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
    case(
        reference,
        Queue::Withdrawal,
        Subject::Person(RegistrationNumber::parse(regno).unwrap()),
        received,
        body,
    )
}

/// A case of `body` as a test imports it: at its first step, received then.
fn case(reference: &str, queue: Queue, subject: Subject, received: &str, body: CaseBody) -> Case {
    Case {
        reference: reference.into(),
        queue,
        state: workflow::initial_state(&body),
        subject,
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

/// The references of a page's rows, in the page's order.
pub(crate) fn references(page: Page) -> Vec<String> {
    page.rows.into_iter().map(|r| r.key.reference).collect()
}

/// The references of a page's rows, sorted.
pub(crate) fn sorted_references(page: Page) -> Vec<String> {
    let mut r = references(page);
    r.sort();
    r
}

pub(crate) struct Fixture {
    pub desk: Desk,
    pub boss: Actor,
    pub op: Actor,
    pub help: Actor,
    _dir: tempfile::TempDir,
    _db: Option<crate::store::postgres::tests::TestDb>,
}

/// The people of the fixture: three, and a second account of the first.
fn fixture_people() -> Vec<Person> {
    vec![
        person("123456", "山﨑 花子", "やまざき はなこ"),
        person("234567", "髙橋 太郎", "たかはし たろう"),
        person("345678", "佐藤 健", "さとう けん"),
        // Same name and birth date as 123456 under another number: 二重登録.
        person("999001", "山﨑 花子", "やまざき はなこ"),
    ]
}

fn fixture_cases() -> Vec<Case> {
    vec![
        withdrawal("W-1", "123456", "2026-11-01 09:00"),
        withdrawal("W-2", "234567", "2026-11-18 09:00"),
        withdrawal("W-3", "345678", "2026-11-20 09:00"),
    ]
}

/// With `SECRETARIAT_DESK_BACKEND=postgres` (and `SECRETARIAT_TEST_PG`), the
/// fixture's store is in PostgreSQL, in a database of its own.
pub(crate) fn fixture() -> Fixture {
    fixture_of(DeskSettings::default(), fixture_people(), fixture_cases())
}

/// The fixture in sled, for the tests of sled's own files and upgrades.
fn sled_fixture() -> Fixture {
    with_backend(
        false,
        DeskSettings::default(),
        fixture_people(),
        fixture_cases(),
    )
}

impl Fixture {
    /// Loads registry records and cases as the supervisor, now.
    pub(crate) fn load(&self, registry: Vec<RegistryWrite>, cases: Vec<Case>) {
        self.desk
            .load_records(&self.boss, registry, cases, now())
            .unwrap();
    }
}

/// A temporary store made by `boss` (a supervisor) with the operator `op`,
/// holding `people` and `cases`: with `SECRETARIAT_DESK_BACKEND=postgres`
/// (and `SECRETARIAT_TEST_PG`), in PostgreSQL, in a database of its own.
fn fixture_of(settings: DeskSettings, people: Vec<Person>, cases: Vec<Case>) -> Fixture {
    let postgres = std::env::var("SECRETARIAT_DESK_BACKEND").is_ok_and(|b| b == "postgres");
    with_backend(postgres, settings, people, cases)
}

fn with_backend(
    postgres: bool,
    settings: DeskSettings,
    people: Vec<Person>,
    cases: Vec<Case>,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = postgres
        .then(crate::store::postgres::tests::test_db)
        .flatten();
    let settings = DeskSettings {
        postgres: db.as_ref().map(|d| d.opts.clone()),
        ..settings
    };
    let desk = Desk::open(dir.path(), "boss", settings).unwrap();
    let boss = desk.actor("boss").unwrap();
    desk.add_user(&boss, "op", Role::Operator, now()).unwrap();
    let reg = people.into_iter().map(RegistryWrite::Person).collect();
    desk.load_records(&boss, reg, cases, now()).unwrap();
    Fixture {
        op: desk.actor("op").unwrap(),
        help: desk.actor("someone").unwrap(),
        boss,
        desk,
        _dir: dir,
        _db: db,
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
    let c = f.desk.undo_case(&f.op, now()).unwrap();
    assert_eq!(c.state, State::AwaitingDirector);
    assert_eq!(c.history.last().unwrap().kind, DecisionKind::Undo);
    assert_eq!(
        f.desk.store().outbox_message(oid).unwrap().unwrap().status,
        OutboxStatus::Cancelled
    );
    assert!(f.desk.undo_case(&f.op, now()).is_err(), "only once");
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn undo_is_refused_after_release_time() {
    let f = fixture();
    f.desk
        .return_case(&f.op, &key("W-3"), 1, "不備", now())
        .unwrap();
    let later = now() + chrono::Duration::seconds(f.desk.rules().release_delay_secs + 1);
    let err = f.desk.undo_case(&f.op, later).unwrap_err();
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
        Err(DeskError::Refused(Refusal::NoSuchPerson { .. }))
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
        r.faults
            .iter()
            .any(|x| matches!(x, crate::store::CheckFault::AuditAltered { seq: 1 })),
        "{:?}",
        r.faults
    );
    f.desk.store().tamper_for_tests("index").unwrap();
    let r = f.desk.store().check().unwrap();
    assert!(
        r.faults.iter().any(|x| matches!(
            x,
            crate::store::CheckFault::Entry { index, stale: false, .. }
                | crate::store::CheckFault::IndexSize { index, .. } if index == "idx_due"
        ) || matches!(
            // PostgreSQL: the case's due column no longer agrees with it.
            x,
            crate::store::CheckFault::Entry { index, stale: true, .. } if index == "cases.due_days"
        )),
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

fn facility(number: &str) -> Facility {
    Facility {
        facility_number: FacilityNumber::parse(number).unwrap(),
        name: "石巻赤十字病院".into(),
        prefecture: "宮城県".into(),
        medical_area: Some("石巻・登米・気仙沼医療圏".into()),
        dental: false,
        priority_area: true,
        certified: true,
        contact_email: Some("kenshu@example.jp".into()),
        last_report: None,
        designated: true,
    }
}

fn report(reference: &str, number: &str, fy: i32, received: &str) -> Case {
    let body = CaseBody::FacilityReport(FacilityReport {
        facility_number: FacilityNumber::parse(number).unwrap(),
        fiscal_year: fy,
        reporter_name: "事務 花子".into(),
        supervisors: vec!["GC-1".into()],
        director_name: None,
        contact_email: None,
        generated: false,
    });
    case(
        reference,
        Queue::FacilityReport,
        Subject::Facility(FacilityNumber::parse(number).unwrap()),
        received,
        body,
    )
}

#[test]
fn a_missing_report_is_generated_then_closed_by_the_accepted_report() {
    let f = fixture();
    f.load(vec![RegistryWrite::Facility(facility("04-0001"))], vec![]);
    // The FY2026 window closed on 2026-10-05: the facility is chased.
    let r = f.desk.generate_followups(&f.boss, today(), now()).unwrap();
    assert_eq!(r.created, 1);
    let missing = CaseKey::new(Queue::FacilityReport, "MISSING-2026-04-0001");
    let d = f.desk.detail(&missing, today()).unwrap();
    assert_eq!(d.case.state, State::Missing);
    assert!(
        d.checks
            .iter()
            .any(|c| c.flag == Flag::MissingReport && c.raised)
    );
    // The report arrives late and is accepted: the facility's previous
    // registration is updated and the follow-up closes in the same decision.
    f.load(
        vec![],
        vec![report("F-1", "04-0001", 2026, "2026-11-10 10:00")],
    );
    let key = CaseKey::new(Queue::FacilityReport, "F-1");
    let c = f.desk.approve(&f.op, &key, 1, now()).unwrap();
    assert_eq!(c.state, State::Accepted);
    let fac = f.desk.store().facility("04-0001").unwrap().unwrap();
    assert_eq!(fac.last_report.unwrap().registrant, "事務 花子");
    assert_eq!(
        f.desk.detail(&missing, today()).unwrap().case.state,
        State::Closed
    );
    // Idempotent: nothing more to do.
    let again = f.desk.generate_followups(&f.boss, today(), now()).unwrap();
    assert_eq!((again.created, again.closed, again.reopened), (0, 0, 0));
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn a_facility_returning_its_certification_is_not_chased_for_a_missing_report() {
    let f = fixture();
    f.load(
        vec![RegistryWrite::Facility(facility("04-0001"))],
        vec![report("F-1", "04-0001", 2026, "2026-11-10 10:00")],
    );
    let key = CaseKey::new(Queue::FacilityReport, "F-1");
    let c = f
        .desk
        .certification_return(&f.op, &key, 1, "指導責任者が不在のため返上", now())
        .unwrap();
    assert_eq!(c.state, State::CertificationReturn);
    let r = f.desk.generate_followups(&f.boss, today(), now()).unwrap();
    assert_eq!(r.created, 0, "no missing chase: {r:?}");
    let missing = CaseKey::new(Queue::FacilityReport, "MISSING-2026-04-0001");
    assert!(f.desk.detail(&missing, today()).is_err());
}

#[test]
fn completing_a_loan_withdrawal_stops_the_loan_and_repayment_follows() {
    let f = fixture();
    let loan = Loan {
        loan_id: "L-2025-0001".into(),
        registration_number: RegistrationNumber::parse("345678").unwrap(),
        first_fiscal_year: 2025,
        years_approved: 2,
        annual_amount: DEFAULT_ANNUAL_AMOUNT,
        disbursements: vec![Disbursement {
            date: time::ymd(2025, 4, 30),
            amount: 3_300_000,
        }],
        events: vec![],
        prior_obligations: Vec::new(),
    };
    let mut w = withdrawal("W-LOAN", "345678", "2026-11-15 09:00");
    if let CaseBody::Withdrawal(body) = &mut w.body {
        body.kind = WithdrawalKind::Loan;
        body.director_decision = DirectorDecision::Approved;
    }
    w.state = workflow::initial_state(&w.body);
    f.load(vec![RegistryWrite::Loan(loan)], vec![w]);
    let key = CaseKey::new(Queue::Withdrawal, "W-LOAN");
    let c = f.desk.approve(&f.op, &key, 1, now()).unwrap();
    assert_eq!(c.state, State::Completed);
    // The trainee gets the loan withdrawal's own notice, not the adoption one
    // (this fixture's notifications are in English).
    let outbox = f.desk.outbox(&f.boss).unwrap();
    let notice = outbox.iter().find(|m| m.case_ref == "W-LOAN").unwrap();
    assert_eq!(
        notice.subject,
        "Completed: your training-loan withdrawal (W-LOAN)"
    );
    assert!(
        notice.body.contains("no further disbursements"),
        "{}",
        notice.body
    );
    assert!(
        !notice.body.contains("apply to another programme"),
        "{}",
        notice.body
    );
    let l = f.desk.store().loan("L-2025-0001").unwrap().unwrap();
    assert!(
        l.events
            .iter()
            .any(|e| e.event == LoanEventKind::Withdrawal)
    );
    f.desk.generate_followups(&f.boss, today(), now()).unwrap();
    let rep = f
        .desk
        .detail(
            &CaseKey::new(Queue::LoanFollowup, "L-2025-0001/repayment"),
            today(),
        )
        .unwrap();
    let CaseBody::LoanFollowup(body) = &rep.case.body else {
        panic!("a loan follow-up")
    };
    assert_eq!(body.principal, Some(3_300_000));
    assert!(body.amount_due.unwrap() > 3_300_000, "interest is owed");
    assert!(!rep.ledger.is_empty(), "the detail shows the ledger");
}

#[test]
fn a_schema_2_store_gets_its_search_words_again_on_first_open() {
    let f = sled_fixture();
    let dir = f.desk.data_dir().to_path_buf();
    {
        // As schema 2 left it: no word entries for the refs' numbers (here none at all).
        let s = f.desk.store().as_sled().unwrap();
        s.tree(crate::store::sled::T::IdxToken).clear().unwrap();
        s.tree(crate::store::sled::T::Meta)
            .insert(b"schema_version", &2u32.to_be_bytes())
            .unwrap();
        s.flush().unwrap();
    }
    let Fixture { desk, _dir, .. } = f;
    drop(desk);
    let desk = Desk::open(&dir, "boss", DeskSettings::default()).unwrap();
    let report = desk.store().check().unwrap();
    assert!(report.faults.is_empty(), "{:?}", report.faults);
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = "髙橋".into();
    assert_eq!(desk.page(&q, today()).unwrap().total, 1);
    q.text = "W-3".into();
    assert_eq!(desk.page(&q, today()).unwrap().total, 1);
    drop(_dir);
}

#[test]
fn a_schema_5_store_in_trees_of_its_own_is_moved_into_one_and_indexed_again() {
    let f = sled_fixture();
    let dir = f.desk.data_dir().to_path_buf();
    let op = f.op.clone();
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = "髙橋".into();
    let before = f.desk.page(&q, today()).unwrap();
    assert_eq!(before.total, 1);
    let Fixture { desk, _dir, .. } = f;
    drop(desk);
    crate::store::sled::legacy_copy_for_tests(&dir);
    let desk = Desk::open(&dir, "boss", DeskSettings::default()).unwrap();
    let s = desk.store();
    assert_eq!(
        s.meta("schema_version").unwrap().unwrap(),
        crate::store::sled::SCHEMA_VERSION.to_be_bytes()
    );
    let report = s.check().unwrap();
    assert!(report.faults.is_empty(), "{:?}", report.faults);
    assert_eq!(report.cases, 3);
    // Words, refs and numbers find what they found before.
    assert_eq!(desk.page(&q, today()).unwrap().rows, before.rows);
    for (text, n) in [("W-3", 1), ("やまざき", 1), ("234567", 1), ("tanaka", 0)] {
        q.text = text.into();
        assert_eq!(desk.page(&q, today()).unwrap().total, n, "{text}");
    }
    // Decisions go on from there, and the tags follow them.
    desk.claim(&op, &key("W-2"), 1, now()).unwrap();
    q.text = "assignee:op".into();
    assert_eq!(desk.page(&q, today()).unwrap().total, 1);
    assert!(desk.store().check().unwrap().faults.is_empty());
    let backup = dir.with_file_name(format!(
        "{}.schema-5.bak",
        dir.file_name().unwrap().to_string_lossy()
    ));
    assert!(backup.is_dir(), "a copy of the schema-5 store beside it");
    drop(desk);
    // The copy is the old layout, and opens (and upgrades) the same way.
    let old = Desk::open(&backup, "boss", DeskSettings::default()).unwrap();
    assert_eq!(
        old.page(&PageQuery::new(Queue::Withdrawal), today())
            .unwrap()
            .total,
        3
    );
    drop(old);
    let again = backup.with_file_name(format!(
        "{}.schema-5.bak",
        backup.file_name().unwrap().to_string_lossy()
    ));
    for d in [&backup, &again] {
        let _ = std::fs::remove_dir_all(d);
    }
    drop(_dir);
}
