//! The TUI driven by keys against a temporary store: decisions land in the
//! store, refusals change nothing, and no key sequence at any size panics.

mod common;

use common::*;
use rand::{Rng, SeedableRng};
use secretariat::desk::CaseKey;
use secretariat::domain::{DecisionKind, Queue, State};
use secretariat::i18n::Lang;
use secretariat::tui::app::{Action, Effect, Popup};

fn key(r: &str) -> CaseKey {
    CaseKey::new(Queue::Withdrawal, r)
}

fn state_of(f: &Fixture, k: &CaseKey) -> State {
    f.desk.detail(k, now().date_naive()).unwrap().case.state
}

#[test]
fn approve_needs_a_yes_and_then_lands_in_the_store() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    let first = app.selected_row().unwrap().key.clone();
    assert_eq!(state_of(&f, &first), State::AwaitingDirector);

    press(&mut app, &["a"]);
    assert!(matches!(app.popup(), Some(Popup::Confirm { .. })));
    press(&mut app, &["Enter"]); // the default is No
    assert!(app.popup().is_none());
    assert_eq!(state_of(&f, &first), State::AwaitingDirector);

    press(&mut app, &["a", "y"]);
    assert_eq!(state_of(&f, &first), State::DirectorApproved);
    let d = f.desk.detail(&first, now().date_naive()).unwrap();
    let last = d.case.history.last().unwrap();
    assert_eq!(
        (last.kind, last.actor.as_str()),
        (DecisionKind::Approve, "suzuki")
    );
    assert!(!app.message().unwrap().error);
}

#[test]
fn full_width_keys_from_an_ime_work_like_ascii() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["ｊ", "ｊ"]);
    assert_eq!(app.list().selected, 2);
    press(&mut app, &["２"]);
    assert_eq!(app.queue(), Queue::Transfer);
    press(&mut app, &["１", "ａ"]);
    assert!(matches!(app.popup(), Some(Popup::Confirm { .. })));
}

#[test]
fn return_with_a_typed_japanese_reason_and_a_canned_one() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let first = app.selected_row().unwrap().key.clone();
    press(&mut app, &["r"]);
    // Submitting nothing is refused and keeps the popup.
    press(&mut app, &["Enter"]);
    assert!(matches!(app.popup(), Some(Popup::Reason { .. })));
    type_text(&mut app, "署名が漏れています");
    press(&mut app, &["Enter"]);
    let d = f.desk.detail(&first, now().date_naive()).unwrap();
    assert_eq!(d.case.state, State::Returned);
    assert_eq!(
        d.case.history.last().unwrap().reason.as_deref(),
        Some("署名が漏れています")
    );

    // The next case, with canned reason 2 picked by its number.
    let next = app.selected_row().unwrap().key.clone();
    assert_ne!(next, first);
    press(&mut app, &["r", "2", "Enter"]);
    let d = f.desk.detail(&next, now().date_naive()).unwrap();
    assert_eq!(d.case.state, State::Returned);
    assert!(
        d.case
            .history
            .last()
            .unwrap()
            .reason
            .as_deref()
            .unwrap()
            .contains("記載内容に不備")
    );
}

#[test]
fn note_by_help_desk_is_saved() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    let first = app.selected_row().unwrap().key.clone();
    press(&mut app, &["n"]);
    type_text(&mut app, "本人から電話あり。書類は来週郵送とのこと");
    press(&mut app, &["Enter"]);
    let d = f.desk.detail(&first, now().date_naive()).unwrap();
    assert_eq!(d.case.notes.len(), 1);
    assert_eq!(d.case.notes[0].author, "tanaka");
    assert!(d.case.notes[0].text.starts_with("本人から電話"));
}

#[test]
fn help_desk_may_not_approve_and_nothing_changes() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::En, 80, 24);
    let first = app.selected_row().unwrap().key.clone();
    let before = f.desk.detail(&first, now().date_naive()).unwrap().case;
    press(&mut app, &["a", "y"]);
    let m = app.message().unwrap();
    assert!(m.error);
    assert!(m.text.contains("helpdesk"), "{}", m.text);
    assert_eq!(
        f.desk.detail(&first, now().date_naive()).unwrap().case,
        before
    );
}

#[test]
fn stale_revision_is_refused_with_who_changed_it_and_the_row_reloads() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::En, 120, 40);
    let row = app.selected_row().unwrap().clone();
    // Someone else decides behind the app's back.
    f.desk
        .approve(&f.supervisor, &row.key, row.revision, now())
        .unwrap();
    press(&mut app, &["a", "y"]);
    let m = app.message().unwrap();
    assert!(m.error);
    assert!(m.text.contains("changed by 佐藤 恵子"), "{}", m.text);
    // Only the supervisor's step happened, and the app shows the new revision.
    // (Its due date moved, so it may sit elsewhere in the due-ordered list.)
    assert_eq!(state_of(&f, &row.key), State::DirectorApproved);
    let detail = &app.detail().unwrap().case;
    assert_eq!(detail.reference, row.key.reference);
    assert!(detail.revision > row.revision);
    assert_eq!(detail.state, State::DirectorApproved);
}

#[test]
fn bulk_approve_of_marked_cases_by_a_supervisor() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 120, 40);
    press(&mut app, &["Space", "Space", "k", "k"]);
    assert_eq!(app.marks().len(), 2);
    let marked: Vec<CaseKey> = app.marks().iter().cloned().collect();
    press(&mut app, &["a"]);
    match app.popup() {
        Some(Popup::Confirm { question, .. }) => assert!(question.contains('2'), "{question}"),
        other => panic!("expected a confirmation, got {other:?}"),
    }
    let effects = press(&mut app, &["y"]);
    assert!(effects.iter().any(|e| matches!(e, Effect::StartBulk(_))));
    for k in &marked {
        assert_eq!(state_of(&f, k), State::DirectorApproved);
    }
    assert!(app.marks().is_empty());
    assert!(app.bulk_progress().is_none());
    // The unmarked ones are untouched.
    assert_eq!(state_of(&f, &key("W-2026-0004")), State::AwaitingDirector);
}

#[test]
fn bulk_by_an_operator_is_refused_by_the_desk() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::En, 80, 24);
    press(&mut app, &["*"]);
    assert_eq!(app.marks().len(), 4);
    press(&mut app, &["a", "y"]);
    let m = app.message().unwrap();
    assert!(m.error && m.text.contains("supervisor"), "{}", m.text);
    for r in ["W-2026-0001", "W-2026-0002", "W-2026-0003", "W-2026-0004"] {
        assert_eq!(state_of(&f, &key(r)), State::AwaitingDirector);
    }
    assert_eq!(app.marks().len(), 4, "marks stay for another try");
}

#[test]
fn bulk_return_asks_a_reason_then_the_count() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["Space", "Space"]);
    press(&mut app, &["r", "1", "Enter"]);
    assert!(matches!(app.popup(), Some(Popup::Confirm { .. })));
    press(&mut app, &["y"]);
    assert_eq!(state_of(&f, &key("W-2026-0001")), State::Returned);
    assert_eq!(state_of(&f, &key("W-2026-0002")), State::Returned);
    assert_eq!(state_of(&f, &key("W-2026-0003")), State::AwaitingDirector);
}

#[test]
fn undo_restores_the_last_decision() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let first = app.selected_row().unwrap().key.clone();
    press(&mut app, &["a", "y"]);
    assert_eq!(state_of(&f, &first), State::DirectorApproved);
    press(&mut app, &["u"]);
    assert_eq!(state_of(&f, &first), State::AwaitingDirector);
    let d = f.desk.detail(&first, now().date_naive()).unwrap();
    assert_eq!(d.case.history.last().unwrap().kind, DecisionKind::Undo);
    // Nothing left to undo: refused, said so.
    press(&mut app, &["u"]);
    assert!(app.message().unwrap().error);
}

#[test]
fn claim_filter_overdue_and_sort() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let first = app.selected_row().unwrap().key.clone();
    press(&mut app, &["c"]);
    let d = f.desk.detail(&first, now().date_naive()).unwrap();
    assert_eq!(d.case.assignee.as_deref(), Some("suzuki"));

    press(&mut app, &["/"]);
    type_text(&mut app, "たかはし");
    assert_eq!(
        app.list().total,
        Some(1),
        "the filter applies as it is typed"
    );
    assert_eq!(app.selected_row().unwrap().key, key("W-2026-0003"));
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "たかはし");
    press(&mut app, &["Esc"]);
    assert_eq!(app.list().text, "");
    assert_eq!(app.list().total, Some(4));

    press(&mut app, &["4", "o"]);
    assert!(app.list().overdue_only);
    assert_eq!(app.list().total, Some(1));
    press(&mut app, &["s"]);
    assert_eq!(app.list().sort, secretariat::store::SortKey::Received);
}

#[test]
fn lookup_shows_duplicates_and_jumps_to_a_case() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut app, &["L"]);
    type_text(&mut app, "１２３４５６１"); // full-width digits from the IME
    press(&mut app, &["Enter"]);
    let view = app.lookup_view().expect("lookup view");
    assert_eq!(view.data.duplicates.len(), 1);
    assert_eq!(view.data.cases.len(), 2);
    let target = view.data.cases[1].key.clone();
    press(&mut app, &["j", "Enter"]);
    assert!(app.lookup_view().is_none());
    assert_eq!(app.queue(), target.queue);
    assert_eq!(app.selected_row().unwrap().key, target);

    // An unknown number keeps the popup open with the desk's sentence.
    press(&mut app, &["L"]);
    type_text(&mut app, "abc");
    press(&mut app, &["Enter"]);
    assert!(matches!(
        app.popup(),
        Some(Popup::Lookup { error: Some(_), .. })
    ));
}

#[test]
fn ctrl_c_in_a_note_cancels_first_then_quits() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["n"]);
    type_text(&mut app, "下書き");
    assert!(press(&mut app, &["Ctrl-c"]).is_empty());
    assert!(app.popup().is_none());
    assert_eq!(press(&mut app, &["Ctrl-c"]), vec![Effect::Quit]);
    assert_eq!(press(&mut app, &["q"]), vec![Effect::Quit]);
}

#[test]
fn random_keys_at_random_sizes_never_panic() {
    let f = fixture();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20261121);
    let keys = [
        "j",
        "k",
        "g",
        "G",
        "PgDn",
        "PgUp",
        "Enter",
        "Esc",
        "/",
        "o",
        "s",
        "x",
        "R",
        "L",
        "a",
        "r",
        "n",
        "c",
        "C",
        "Space",
        "*",
        "-",
        "u",
        "?",
        "y",
        "n",
        "1",
        "2",
        "3",
        "4",
        "Tab",
        "Shift-Tab",
        "J",
        "K",
        "Up",
        "Down",
        "Left",
        "Right",
        "Backspace",
        "Home",
        "End",
        "あ",
        "漢",
        "５",
        "ｊ",
        "\u{1b}",
        "Ctrl-u",
        "F1",
    ];
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    let (mut w, mut h) = (80u16, 24u16);
    for i in 0..3000 {
        if i % 50 == 0 {
            w = rng.gen_range(1..=300);
            h = rng.gen_range(1..=100);
        }
        let k = keys[rng.gen_range(0..keys.len())];
        let effects = if k == "\u{1b}" {
            type_text(&mut app, "\u{1b}]0;X\u{7}");
            Vec::new()
        } else if secretariat::tui::keymap::Key::parse(k).is_some() {
            press(&mut app, &[k])
        } else {
            Vec::new()
        };
        if effects.contains(&Effect::Quit) {
            app = common::app(&f, &f.supervisor, Lang::Ja, w, h);
        }
        if i % 7 == 0 {
            let _ = screen(&mut app, w, h);
        }
    }
    app.step(Action::Tick, now());
}

#[test]
fn certification_return_of_a_facility_report_with_an_optional_reason() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    press(&mut app, &["3"]);
    let report = app.selected_row().unwrap().key.clone();
    assert_eq!(report.queue, Queue::FacilityReport);
    press(&mut app, &["H"]);
    assert!(matches!(app.popup(), Some(Popup::Reason { .. })));
    // No canned return reasons here: a digit is just a digit.
    type_text(&mut app, "1");
    press(&mut app, &["Backspace", "Enter"]);
    assert_eq!(state_of(&f, &report), State::CertificationReturn);
    let d = f.desk.detail(&report, now().date_naive()).unwrap();
    assert_eq!(
        d.case.history.last().unwrap().kind,
        DecisionKind::CertificationReturn
    );
}

#[test]
fn reopen_and_reassign_are_for_supervisors() {
    let f = fixture();
    let w = key("W-2026-0001");
    let rev = f.desk.detail(&w, now().date_naive()).unwrap().case.revision;
    f.desk
        .return_case(&f.operator, &w, rev, "書類不備", now())
        .unwrap();
    // The operator may not reopen: the desk says so and nothing changes.
    let mut op = app(&f, &f.operator, Lang::En, 120, 40);
    press(&mut op, &["x"]);
    let at = (0..10)
        .find(|i| op.row(*i).is_some_and(|r| r.key == w))
        .unwrap();
    for _ in 0..at {
        press(&mut op, &["j"]);
    }
    press(&mut op, &["O"]);
    type_text(&mut op, "resubmitted by phone");
    press(&mut op, &["Enter"]);
    assert!(op.message().unwrap().error);
    assert_eq!(state_of(&f, &w), State::Returned);
    // The supervisor reopens it and assigns it to the operator.
    let mut boss = app(&f, &f.supervisor, Lang::Ja, 120, 40);
    press(&mut boss, &["x"]);
    for _ in 0..at {
        press(&mut boss, &["j"]);
    }
    press(&mut boss, &["O"]);
    type_text(&mut boss, "電話で再提出の申し出");
    press(&mut boss, &["Enter"]);
    assert_eq!(state_of(&f, &w), State::AwaitingDirector);
    let row = (0..10)
        .find(|i| boss.row(*i).is_some_and(|r| r.key == w))
        .unwrap();
    press(&mut boss, &["g"]);
    for _ in 0..row {
        press(&mut boss, &["j"]);
    }
    press(&mut boss, &["A"]);
    type_text(&mut boss, "suzuki");
    press(&mut boss, &["Enter"]);
    let c = f.desk.detail(&w, now().date_naive()).unwrap().case;
    assert_eq!(c.assignee.as_deref(), Some("suzuki"));
    assert_eq!(c.history.last().unwrap().kind, DecisionKind::Reassign);
}

#[test]
fn a_supervisor_marks_every_overdue_case_and_returns_them_in_bulk() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 120, 40);
    press(&mut app, &["o"]);
    let overdue = f.desk.counts(now().date_naive()).unwrap()[0].overdue as usize;
    assert!(overdue >= 2, "the fixture has overdue withdrawals");
    press(&mut app, &["M"]);
    assert_eq!(app.marks().len(), overdue);
    assert!(app.message().unwrap().text.contains(&overdue.to_string()));
    press(&mut app, &["r"]);
    type_text(&mut app, "一括差し戻し");
    press(&mut app, &["Enter", "y"]);
    assert!(app.marks().is_empty());
    assert_eq!(f.desk.counts(now().date_naive()).unwrap()[0].overdue, 0);
}

#[test]
fn a_japanese_operator_reads_refusals_in_japanese() {
    let f = fixture();
    let mut help = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut help, &["a", "y"]);
    let m = help.message().unwrap();
    assert!(m.error);
    assert!(
        m.text.contains("ヘルプデスク") && m.text.contains("権限が必要です"),
        "{}",
        m.text
    );
    // A stale decision too names who changed the case, in Japanese.
    let mut op = app(&f, &f.operator, Lang::Ja, 120, 40);
    let row = op.selected_row().unwrap().clone();
    f.desk
        .approve(&f.supervisor, &row.key, row.revision, now())
        .unwrap();
    press(&mut op, &["a", "y"]);
    let m = op.message().unwrap();
    assert!(
        m.text.contains("佐藤 恵子 さんが変更しました"),
        "{}",
        m.text
    );
}

#[test]
fn the_detail_pane_shows_where_each_notification_stands() {
    let f = fixture();
    let t = CaseKey::new(Queue::Transfer, "T-2026-0001");
    let rev = f.desk.detail(&t, now().date_naive()).unwrap().case.revision;
    f.desk.approve(&f.operator, &t, rev, now()).unwrap();
    let later = now() + chrono::Duration::minutes(10);
    let taken = f
        .desk
        .mail_take(&f.operator, later, "example.jp", 10)
        .unwrap();
    assert_eq!(taken.len(), 1);
    f.desk
        .mail_failed(
            &f.operator,
            &taken[0].1,
            "550 5.1.1 Mailbox unavailable",
            later,
        )
        .unwrap();
    let mut app = app(&f, &f.operator, Lang::Ja, 160, 60);
    press(&mut app, &["2"]);
    let shown = screen(&mut app, 160, 60);
    assert!(
        shown.contains("送信失敗: 550 5.1.1 Mailbox unavailable"),
        "{shown}"
    );
}

#[test]
fn a_supervisor_retries_a_refused_notification_from_the_mail_view() {
    let f = fixture();
    let id = refuse_one_notification(&f);

    // An operator sees the list but may not retry or cancel: the keys are
    // neither offered nor obeyed.
    let mut op = app(&f, &f.operator, Lang::En, 120, 40);
    press(&mut op, &["F"]);
    let shown = screen(&mut op, 120, 40);
    assert!(
        shown.contains("Notifications the mail relay refused"),
        "{shown}"
    );
    assert!(shown.contains("550 5.1.1 Mailbox unavailable"), "{shown}");
    assert!(!shown.contains("t: retry"), "{shown}");
    assert!(!shown.contains("t:retry"), "{shown}");
    for k in ["t", "X"] {
        press(&mut op, &[k]);
        assert!(op.message().unwrap().error, "{k}: {:?}", op.message());
        assert!(op.popup().is_none());
    }
    assert_eq!(f.desk.failed_notifications(&f.operator).unwrap().len(), 1);
    let mut help = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut help, &["F", "X"]);
    assert!(help.message().unwrap().error, "{:?}", help.message());
    assert_eq!(f.desk.failed_notifications(&f.operator).unwrap().len(), 1);

    let mut boss = app(&f, &f.supervisor, Lang::Ja, 120, 40);
    press(&mut boss, &["F"]);
    let shown = screen(&mut boss, 120, 40);
    assert!(shown.contains("t:再送 X:送信取り消し"), "{shown}");
    press(&mut boss, &["t"]);
    assert!(!boss.message().unwrap().error, "{:?}", boss.message());
    assert!(
        f.desk
            .failed_notifications(&f.supervisor)
            .unwrap()
            .is_empty()
    );
    // The list was read again after the answer.
    assert!(boss.mail_view().unwrap().rows.is_empty());
    let shown = screen(&mut boss, 120, 40);
    assert!(
        shown.contains("送信できなかった通知はありません"),
        "{shown}"
    );
    let d = f.desk.delivery(&f.supervisor, id).unwrap().unwrap();
    assert_eq!(d.state, secretariat::domain::DeliveryState::Queued);
    assert_eq!(d.changed_by.as_deref(), Some("sato"));
    press(&mut boss, &["Esc"]);
    assert!(boss.mail_view().is_none());
}

#[test]
fn a_supervisor_cancels_a_refused_notification_and_the_list_is_read_again() {
    let f = fixture();
    let id = refuse_one_notification(&f);
    let mut boss = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut boss, &["F", "j", "X"]);
    let m = boss.message().unwrap();
    assert!(!m.error, "{m:?}");
    assert!(m.text.contains(&format!("#{id}")), "{m:?}");
    assert!(boss.mail_view().unwrap().rows.is_empty());
    let d = f.desk.delivery(&f.supervisor, id).unwrap().unwrap();
    assert_eq!(d.changed_by.as_deref(), Some("sato"));
    assert!(
        f.desk
            .failed_notifications(&f.supervisor)
            .unwrap()
            .is_empty()
    );
    // Nothing selected: the keys do nothing.
    press(&mut boss, &["t"]);
    assert!(boss.message().unwrap().text.contains(&format!("#{id}")));
}

#[test]
fn a_reports_supervisors_are_named_with_their_certificate_numbers() {
    use secretariat::domain::{Certification, FacilityNumber, Physician, RegistrationNumber};
    use secretariat::store::RegistryWrite;
    let f = fixture();
    let physician = Physician {
        cert_number: "C-1001".into(),
        registration_number: RegistrationNumber::parse("7777777").unwrap(),
        name: "石川 彩".into(),
        certification: Certification::General,
        renewed: true,
        full_time: true,
        workplace: FacilityNumber::parse("F-0001").unwrap(),
    };
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Physician(physician)],
            vec![],
            now(),
        )
        .unwrap();
    let mut a = app(&f, &f.operator, Lang::Ja, 120, 40);
    press(&mut a, &["3"]);
    let text = screen(&mut a, 120, 40);
    assert!(
        text.contains("指導責任者: 石川 彩 (C-1001), C-1002"),
        "{text}"
    );
    assert!(text.contains("施設名: 東北大学病院"), "{text}");
}
