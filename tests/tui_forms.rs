//! Issue 20, intake at the desk, driven by keys: `e` records a loan form, `N`
//! receives a case on paper, `E` corrects a person; refused fields are named
//! beside them, two clerks correcting one person get one winner.

mod common;

use common::*;
use secretariat::desk::{RecordForm, Request};
use secretariat::domain::{LoanEventKind, Queue};
use secretariat::i18n::Lang;
use secretariat::tui::app::{App, Popup};

fn message(app: &App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

/// The fixture with a loan for 山田 太郎 (1234561), whose follow-up is in queue 4.
fn with_loan() -> Fixture {
    let f = fixture();
    let loan = RecordForm {
        kind: "loan".into(),
        fields: vec![
            ("loan_id".into(), "LOAN-1234561".into()),
            ("registration_number".into(), "1234561".into()),
            ("first_fiscal_year".into(), "2025".into()),
            ("years_approved".into(), "3".into()),
            (
                "disbursements".into(),
                "2025-04-30:3300000;2026-04-30:3300000".into(),
            ),
        ],
        seen: Vec::new(),
        dry_run: false,
    };
    f.desk
        .record_form(&f.operator, &loan, now().date_naive(), now())
        .unwrap();
    f
}

fn open_lookup(app: &mut App, regno: &str) {
    press(app, &["L"]);
    type_text(app, regno);
    press(app, &["Enter"]);
}

fn form(app: &App) -> Option<&secretariat::tui::app::Form> {
    match app.popup() {
        Some(Popup::Form(f)) => Some(f),
        _ => None,
    }
}

#[test]
fn e_records_a_leave_notified_late_and_says_the_late_notice_appeared() {
    let f = with_loan();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    open_lookup(&mut app, "1234561");
    press(&mut app, &["e"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("第8号様式 休職届"), "{shown}");
    assert!(shown.contains("第17号様式"), "{shown}");
    // The first form is 第8号様式 休職届: date, end date, notified, note.
    press(&mut app, &["Enter"]);
    type_text(&mut app, "R8.6.1");
    press(&mut app, &["Down", "Down"]);
    type_text(&mut app, "令和8年8月1日");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("事由の日付"), "{shown}");
    assert!(shown.contains("届出を受けた日"), "{shown}");
    press(&mut app, &["Enter"]);
    assert!(
        form(&app).is_none(),
        "the form closes once recorded: {}",
        screen(&mut app, 80, 24)
    );
    let said = message(&app);
    assert!(said.contains("第8号様式 休職届を記録しました"), "{said}");
    assert!(said.contains("届出遅延 0→1件"), "{said}");
    let loan = f.desk.store().loan("LOAN-1234561").unwrap().unwrap();
    assert_eq!(loan.events.len(), 1);
    assert_eq!(loan.events[0].event, LoanEventKind::LeaveStart);
    assert_eq!(loan.events[0].date.to_string(), "2026-06-01");
    assert_eq!(
        loan.events[0].notified_at.unwrap().to_string(),
        "2026-08-01"
    );
}

#[test]
fn a_refused_date_is_named_beside_its_field_and_nothing_is_written() {
    let f = with_loan();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    open_lookup(&mut app, "1234561");
    press(&mut app, &["e", "Enter"]);
    type_text(&mut app, "2026/13/1");
    press(&mut app, &["Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(form(&app).is_some(), "the form stays: {shown}");
    assert!(shown.contains("✗事由の日付"), "{shown}");
    assert!(shown.contains("日付として読めません"), "{shown}");
    let loan = f.desk.store().loan("LOAN-1234561").unwrap().unwrap();
    assert!(loan.events.is_empty());
    // An empty required field is named before anything is sent.
    press(&mut app, &["Esc", "e", "Enter", "Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("事由の日付は必須です"), "{shown}");
}

#[test]
fn n_receives_a_withdrawal_on_paper_with_the_next_ref() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["N"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("受付 — 採用辞退"), "{shown}");
    // ref and received_at are left for the desk.
    press(&mut app, &["Down", "Down"]);
    type_text(&mut app, "2345672");
    press(&mut app, &["Down"]);
    type_text(&mut app, "内科専門研修プログラム");
    press(&mut app, &["Down"]);
    type_text(&mut app, "小林 誠");
    press(&mut app, &["Down"]);
    type_text(&mut app, "家庭の事情のため");
    press(&mut app, &["Enter"]);
    let said = message(&app);
    assert!(said.contains("W-2026-P00001"), "{said}");
    let key = secretariat::desk::CaseKey::new(Queue::Withdrawal, "W-2026-P00001");
    let d = f.desk.detail(&key, now().date_naive()).unwrap();
    assert_eq!(d.case.subject_name, "鈴木 花子");
}

#[test]
fn two_clerks_correcting_one_person_get_one_winner_and_the_other_is_told_who() {
    let f = fixture();
    let mut first = app(&f, &f.operator, Lang::Ja, 80, 24);
    let mut second = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    for a in [&mut first, &mut second] {
        press(a, &["L"]);
        type_text(a, "2345672");
        press(a, &["Enter", "E"]);
        assert!(form(a).is_some(), "{}", screen(a, 80, 24));
    }
    // Both change the e-mail address (the fourth field after the number).
    for (a, mail) in [
        (&mut first, "hanako@example.jp"),
        (&mut second, "suzuki@example.jp"),
    ] {
        press(a, &["Down", "Down", "Down"]);
        for _ in 0..40 {
            press(a, &["Backspace"]);
        }
        type_text(a, mail);
    }
    press(&mut first, &["Enter"]);
    assert!(
        message(&first).contains("を記録しました"),
        "{}",
        message(&first)
    );
    press(&mut second, &["Enter"]);
    let said = message(&second);
    assert!(
        said.contains("「hanako@example.jp」に変更されました"),
        "{said}"
    );
    assert!(
        said.contains("鈴木 一郎"),
        "who changed it, by name: {said}"
    );
    let p = f.desk.store().person("2345672").unwrap().unwrap();
    assert_eq!(p.email.as_deref(), Some("hanako@example.jp"));
}

#[test]
fn help_desk_is_not_offered_the_forms() {
    let f = with_loan();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    open_lookup(&mut app, "1234561");
    press(&mut app, &["e", "E"]);
    assert!(form(&app).is_none());
    let refused = f.desk.execute(
        &secretariat::desk::Session {
            actor: f.helpdesk.clone(),
            now: now(),
            today: now().date_naive(),
        },
        Request::RecordFields {
            kind: "person".into(),
            key: "2345672".into(),
        },
        &mut |_, _| {},
    );
    assert!(refused.is_ok(), "reading a record's fields is a read");
}

#[test]
fn the_loan_form_snapshots() {
    let f = with_loan();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    open_lookup(&mut app, "1234561");
    press(&mut app, &["e"]);
    insta::assert_snapshot!("form_pick_80x24", screen(&mut app, 80, 24));
    press(&mut app, &["Enter"]);
    type_text(&mut app, "R8.6.1");
    insta::assert_snapshot!("form_leave_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("form_leave_120x40", screen(&mut app, 120, 40));
}

#[test]
fn help_desk_finds_a_caller_by_name_and_birth_date_and_picks_among_namesakes() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    // 山田 太郎 born 1995-04-02 is registered twice (二重登録): both are listed.
    press(&mut app, &["L"]);
    type_text(&mut app, "やまだ H7.4.2");
    press(&mut app, &["Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("該当する人 2人"), "{shown}");
    assert!(
        shown.contains("1234561") && shown.contains("7654321"),
        "{shown}"
    );
    press(&mut app, &["j", "Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("医籍登録番号 7654321"), "{shown}");
    // One match opens the person at once; kanji and variants fold.
    press(&mut app, &["Esc", "Esc", "L"]);
    type_text(&mut app, "髙橋 1994-01-30");
    press(&mut app, &["Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("医籍登録番号 3456783"), "{shown}");
    // A name without its birth date is refused, saying what to add.
    press(&mut app, &["Esc", "L"]);
    type_text(&mut app, "池田");
    press(&mut app, &["Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("生年月日も入れて"), "{shown}");
}

#[test]
fn e_on_a_withdrawal_records_the_directors_answer_and_u_undoes_it() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let key = app.selected_row().unwrap().key.clone();
    press(&mut app, &["e"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("統括責任者の回答"), "{shown}");
    type_text(&mut app, "承認");
    press(&mut app, &["Down"]);
    type_text(&mut app, "R8.11.20");
    press(&mut app, &["Enter"]);
    let said = message(&app);
    assert!(
        said.contains("統括責任者の回答 W-2026-0001を記録しました"),
        "{said}"
    );
    let d = f.desk.detail(&key, now().date_naive()).unwrap();
    assert_eq!(d.case.state, secretariat::domain::State::DirectorApproved);
    press(&mut app, &["u"]);
    let d = f.desk.detail(&key, now().date_naive()).unwrap();
    assert_eq!(
        d.case.state,
        secretariat::domain::State::AwaitingDirector,
        "{}",
        message(&app)
    );
}

#[test]
fn e_shows_a_yes_or_no_field_in_words_and_saves_the_one_changed() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    open_lookup(&mut app, "2345672");
    press(&mut app, &["E"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("なし"), "地域枠 in words: {shown}");
    assert!(!shown.contains("false"), "{shown}");
    // 氏名, 生年月日, カナ, メール, 地域枠: the fifth field.
    press(&mut app, &["Down", "Down", "Down", "Down"]);
    for _ in 0..5 {
        press(&mut app, &["Backspace"]);
    }
    type_text(&mut app, "あり");
    press(&mut app, &["Enter"]);
    assert!(
        message(&app).contains("を記録しました"),
        "{}",
        message(&app)
    );
    let p = f.desk.store().person("2345672").unwrap().unwrap();
    assert!(p.regional_quota);
}

#[test]
fn e_on_a_facility_report_corrects_the_facility_as_the_desk_holds_it() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["3", "E"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("登録情報の修正"), "{shown}");
    assert!(
        shown.contains("施設名") && shown.contains("連絡先メール"),
        "{shown}"
    );
    assert!(!shown.contains("facility_number"), "{shown}");
    // 施設名, 都道府県, 医療圏, 歯科, 重点区域, 認定, 連絡先メール: the seventh field.
    press(&mut app, &["Down", "Down", "Down", "Down", "Down", "Down"]);
    for _ in 0..60 {
        press(&mut app, &["Backspace"]);
    }
    type_text(&mut app, "kenshu@tohoku-hp.example.jp");
    press(&mut app, &["Enter"]);
    assert!(
        message(&app).contains("を記録しました"),
        "{}",
        message(&app)
    );
    let fac = f.desk.store().facility("F-0001").unwrap().unwrap();
    assert_eq!(
        fac.contact_email.as_deref(),
        Some("kenshu@tohoku-hp.example.jp")
    );
    assert!(fac.certified, "the fields not touched stay");
}

#[test]
fn e_on_a_facility_report_offers_its_supervisors_and_corrects_a_physician() {
    let f = fixture();
    let physician = RecordForm {
        kind: "physician".into(),
        fields: vec![
            ("cert_number".into(), "C-1001".into()),
            ("registration_number".into(), "3456783".into()),
            ("name".into(), "高橋 健一郎".into()),
            ("certification".into(), "general".into()),
            ("renewed".into(), "false".into()),
            ("full_time".into(), "true".into()),
            ("workplace".into(), "F-0001".into()),
        ],
        seen: Vec::new(),
        dry_run: false,
    };
    f.desk
        .record_form(&f.supervisor, &physician, now().date_naive(), now())
        .unwrap();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["3", "Enter", "E"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("修正する登録を選んでください"), "{shown}");
    assert!(shown.contains("認定医 C-1001 高橋 健一郎"), "{shown}");
    assert!(shown.contains("認定医 C-1002"), "{shown}");
    press(&mut app, &["Down", "Enter"]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("高橋 健一郎"), "{shown}");
    assert!(shown.contains("更新"), "the renewal is a field: {shown}");
    assert!(shown.contains("一般"), "a choice in words: {shown}");
    assert!(!shown.contains("general"), "no English id: {shown}");
    // 更新済 (renewed) is the fourth field after the key: registration
    // number, name, certification, renewed.
    press(&mut app, &["Down", "Down", "Down"]);
    for _ in 0..4 {
        press(&mut app, &["Backspace"]);
    }
    type_text(&mut app, "はい");
    press(&mut app, &["Enter"]);
    let said = message(&app);
    assert!(said.contains("記録しました"), "{said}");
    let p = f.desk.store().physician("C-1001").unwrap().unwrap();
    assert!(p.renewed, "the renewal recorded");
    // And taken back with u, from the list.
    press(&mut app, &["u"]);
    assert!(!f.desk.store().physician("C-1001").unwrap().unwrap().renewed);
}

#[test]
fn e_on_a_borrower_corrects_the_loans_prior_obligations() {
    let f = with_loan();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    open_lookup(&mut app, "1234561");
    press(&mut app, &["E"]);
    // The person or the loan.
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("LOAN-1234561"), "{shown}");
    press(&mut app, &["Down", "Enter"]);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("先行貸与の義務"), "{shown}");
    // 医籍登録番号, 貸与開始年度, 貸与年数, 貸与の実績, 年額, then the obligations.
    press(&mut app, &["Down", "Down", "Down", "Down", "Down"]);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("医師修学資金・臨床研修医研修資金"),
        "the rule: {shown}"
    );
    type_text(&mut app, "医師修学資金:99:2031-03-31");
    press(&mut app, &["Enter"]);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("先行貸与の義務 (年数)は1〜15です (99)"),
        "refused beside the field: {shown}"
    );
    for _ in 0..30 {
        press(&mut app, &["Backspace"]);
    }
    type_text(&mut app, "医師修学資金:9:2031-03-31");
    press(&mut app, &["Enter"]);
    assert!(form(&app).is_none(), "{}", screen(&mut app, 120, 40));
    let said = message(&app);
    assert!(said.contains("を記録しました"), "{said}");
    let loan = f.desk.store().loan("LOAN-1234561").unwrap().unwrap();
    assert_eq!(
        loan.obligations_end(),
        Some(secretariat::domain::time::ymd(2031, 3, 31))
    );
    assert_eq!(loan.disbursements.len(), 2, "the rest unchanged");
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("(医師修学資金の義務 2031-03-31まで、以後に算入)"),
        "the lookup read again: {shown}"
    );
}
