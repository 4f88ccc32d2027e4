//! Issue 20: a form recorded at the desk is undone like a decision — `u`
//! takes back the newest change of the clerk, a loan event with the
//! follow-ups it opened, a correction, a record created, a case received on
//! paper — while its window is open and nobody changed the record since.

mod common;

use common::*;
use secretariat::desk::{CaseKey, DeskError, Request, Response, Undone};
use secretariat::domain::refusal::Refusal;
use secretariat::domain::{Queue, State};
use secretariat::i18n::Lang;

fn message(app: &secretariat::tui::app::App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

/// The actions of the audit log, oldest first.
fn audited(f: &Fixture) -> Vec<String> {
    f.desk
        .store()
        .all_audit()
        .map(|r| r.unwrap().action)
        .collect()
}

fn with_loan() -> Fixture {
    let f = fixture();
    record(
        &f,
        &f.operator,
        &form(
            "loan",
            &[
                ("loan_id", "LOAN-1234561"),
                ("registration_number", "1234561"),
                ("first_fiscal_year", "2025"),
                ("years_approved", "3"),
                ("disbursements", "2025-04-30:3300000;2026-04-30:3300000"),
            ],
        ),
    );
    f
}

/// The loan follow-up cases: ref, state, due and what they say.
fn followups(f: &Fixture) -> Vec<(String, State, String)> {
    let mut out = Vec::new();
    for id in 1..=200u64 {
        if let Some(c) = f.desk.store().case(id).unwrap() {
            if c.queue == Queue::LoanFollowup {
                let body = serde_json::to_string(&c.body).unwrap();
                out.push((c.reference, c.state, format!("{:?} {body}", c.due)));
            }
        }
    }
    out
}

#[test]
fn u_after_a_late_leave_notice_takes_it_back_with_the_follow_up_it_opened() {
    let f = with_loan();
    let before = followups(&f);
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["L"]);
    type_text(&mut app, "1234561");
    press(&mut app, &["Enter", "e", "Enter"]);
    type_text(&mut app, "R8.6.1");
    press(&mut app, &["Down", "Down"]);
    type_text(&mut app, "令和8年8月1日");
    press(&mut app, &["Enter"]);
    assert!(
        message(&app).contains("届出遅延 0→1件"),
        "{}",
        message(&app)
    );
    assert_ne!(followups(&f), before, "the late notice opened a follow-up");
    press(&mut app, &["Esc", "u"]);
    let said = message(&app);
    assert!(
        said.contains("(LOAN-1234561) の記録を取り消しました"),
        "{said}"
    );
    assert!(said.contains("休職"), "the form is named: {said}");
    let loan = f.desk.store().loan("LOAN-1234561").unwrap().unwrap();
    assert!(loan.events.is_empty(), "the event is gone from the ledger");
    let after = followups(&f);
    let late: Vec<_> = after
        .iter()
        .filter(|(r, _, _)| r.contains("notification_late"))
        .collect();
    assert_eq!(late.len(), 1, "{after:?}");
    assert_eq!(
        late[0].1,
        State::Closed,
        "the follow-up it opened is closed"
    );
    let others: Vec<_> = after
        .iter()
        .filter(|(r, _, _)| !r.contains("notification_late"))
        .cloned()
        .collect();
    assert_eq!(others, before, "the others are as they were");
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("undo"), "no English id: {shown}");
    // The clerk's change before it, the loan recorded, comes next; then nothing.
    press(&mut app, &["u"]);
    let said = message(&app);
    assert!(
        said.contains("研修資金の貸与 (LOAN-1234561) の記録を取り消しました"),
        "{said}"
    );
    assert!(f.desk.store().loan("LOAN-1234561").unwrap().is_none());
    press(&mut app, &["u"]);
    assert!(
        !message(&app).contains("の記録を取り消しました"),
        "{}",
        message(&app)
    );
    sound(&f);
}

#[test]
fn a_correction_is_undone_and_a_later_change_by_another_clerk_blocks_it_naming_them() {
    let f = fixture();
    let email = |f: &Fixture| f.desk.store().person("2345672").unwrap().unwrap().email;
    let was = email(&f);
    record(
        &f,
        &f.operator,
        &form(
            "person",
            &[
                ("registration_number", "2345672"),
                ("email", "hanako@example.jp"),
            ],
        ),
    );
    assert_eq!(email(&f).as_deref(), Some("hanako@example.jp"));
    match f.desk.undo(&f.operator, now()).unwrap() {
        Undone::Record(r) => assert_eq!((r.kind.as_str(), r.key.as_str()), ("person", "2345672")),
        other => panic!("{other:?}"),
    }
    assert_eq!(email(&f), was, "the e-mail is back");

    // Corrected again, then changed by the supervisor: the clerk's undo is refused.
    record(
        &f,
        &f.operator,
        &form(
            "person",
            &[
                ("registration_number", "2345672"),
                ("email", "hanako@example.jp"),
            ],
        ),
    );
    record(
        &f,
        &f.supervisor,
        &form(
            "person",
            &[
                ("registration_number", "2345672"),
                ("email", "suzuki.h@example.jp"),
            ],
        ),
    );
    match f.desk.undo(&f.operator, now()) {
        Err(DeskError::Refused(Refusal::UndoChanged { reference, by })) => {
            assert_eq!((reference.as_str(), by.as_str()), ("2345672", "sato"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        email(&f).as_deref(),
        Some("suzuki.h@example.jp"),
        "nothing changed"
    );
    // The supervisor's own change is theirs to undo.
    f.desk.undo(&f.supervisor, now()).unwrap();
    assert_eq!(email(&f).as_deref(), Some("hanako@example.jp"));
    assert!(audited(&f).iter().filter(|a| *a == "person.put").count() >= 4);
}

#[test]
fn a_person_created_by_a_form_is_removed_by_its_undo_and_not_found_after() {
    let f = fixture();
    record(
        &f,
        &f.operator,
        &form(
            "person",
            &[
                ("registration_number", "5678905"),
                ("name", "中村 陽子"),
                ("name_kana", "なかむら ようこ"),
                ("birth_date", "1998-03-03"),
            ],
        ),
    );
    assert!(f.desk.store().person("5678905").unwrap().is_some());
    f.desk.undo(&f.operator, now()).unwrap();
    assert!(f.desk.store().person("5678905").unwrap().is_none());
    let found = call(
        &f,
        &f.operator,
        Request::Lookup {
            input: "中村 1998-03-03".into(),
        },
    );
    assert!(found.is_err(), "{found:?}");
    assert!(audited(&f).iter().any(|a| a == "person.remove"));
    sound(&f);
}

#[test]
fn a_case_received_on_paper_is_returned_by_its_undo_and_its_ref_not_given_again() {
    let f = fixture();
    let paper = form(
        "withdrawal",
        &[
            ("registration_number", "2345672"),
            ("program", "内科専門研修プログラム"),
            ("director", "小林 誠"),
            ("reason", "家庭の事情のため"),
        ],
    );
    record(&f, &f.operator, &paper);
    let key = CaseKey::new(Queue::Withdrawal, "W-2026-P00001");
    f.desk.undo(&f.operator, now()).unwrap();
    let d = f.desk.detail(&key, now().date_naive()).unwrap();
    assert_eq!(d.case.state, State::Returned);
    record(&f, &f.operator, &paper);
    let next = CaseKey::new(Queue::Withdrawal, "W-2026-P00002");
    assert!(f.desk.detail(&next, now().date_naive()).is_ok());
}

#[test]
fn a_form_is_undoable_only_within_the_window_and_undo_info_names_it() {
    let f = fixture();
    record(
        &f,
        &f.operator,
        &form(
            "person",
            &[
                ("registration_number", "2345672"),
                ("email", "hanako@example.jp"),
            ],
        ),
    );
    match call(&f, &f.operator, Request::UndoInfo).unwrap() {
        Response::UndoInfo(i) => {
            assert_eq!(i.record, Some(("person".into(), "2345672".into())));
            assert_eq!(i.next, None);
        }
        other => panic!("{other:?}"),
    }
    let later = now() + chrono::Duration::seconds(121);
    assert!(matches!(
        f.desk.undo(&f.operator, later),
        Err(DeskError::Refused(Refusal::UndoReleased { .. }))
    ));
    assert_eq!(
        f.desk
            .store()
            .person("2345672")
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("hanako@example.jp")
    );
}
