//! Every role at 80×24, in Japanese and English: what each may do is offered,
//! what it may not is refused at the key (before any dialog) with who can
//! grant it, and help desk reaches the end of a long lookup.

mod common;

use common::*;
use secretariat::domain::time::ymd;
use secretariat::domain::{Disbursement, FacilityNumber, Loan, RegistrationNumber, TrainingPeriod};
use secretariat::i18n::Lang;
use secretariat::store::RegistryWrite;
use secretariat::tui::app::{App, Popup};

/// 佐々木 三郎 (5556667): three training periods (one crossing a fiscal year,
/// one overlapping) and two loans, so the lookup is longer than 24 rows.
fn three_periods(f: &Fixture) {
    let mut p = person("5556667", "佐々木 三郎", "ささき さぶろう", (1993, 5, 20));
    let fac = || FacilityNumber::parse("F-0001").unwrap();
    p.training_periods = vec![
        TrainingPeriod {
            facility: fac(),
            start: ymd(2022, 4, 1),
            end: ymd(2023, 3, 31),
        },
        TrainingPeriod {
            facility: fac(),
            start: ymd(2023, 4, 1),
            end: ymd(2024, 9, 30),
        },
        TrainingPeriod {
            facility: fac(),
            start: ymd(2024, 9, 1),
            end: ymd(2025, 3, 31),
        },
    ];
    let loan = |id: &str, fy: i32| Loan {
        loan_id: id.into(),
        registration_number: RegistrationNumber::parse("5556667").unwrap(),
        first_fiscal_year: fy,
        years_approved: 2,
        annual_amount: 3_300_000,
        disbursements: vec![Disbursement {
            date: ymd(fy, 5, 1),
            amount: 3_300_000,
        }],
        events: Vec::new(),
        prior_obligations: Vec::new(),
    };
    let registry = vec![
        RegistryWrite::Person(p),
        RegistryWrite::Loan(loan("LOAN-5556667-A", 2022)),
        RegistryWrite::Loan(loan("LOAN-5556667-B", 2024)),
    ];
    f.desk
        .load_records(&f.supervisor, registry, Vec::new(), now())
        .unwrap();
}

fn snap80(name: &str, app: &mut App) -> String {
    let text = screen(app, 80, 24);
    insta::assert_snapshot!(format!("{name}_80x24"), text);
    text
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

#[test]
fn help_desk_keys_for_decisions_are_refused_at_once_without_a_dialog() {
    let f = fixture();
    for lang in [Lang::Ja, Lang::En] {
        let mut app = app(&f, &f.helpdesk, lang, 80, 24);
        for k in ["a", "r", "A", "O", "c", "C", "H", "u"] {
            press(&mut app, &[k]);
            assert!(app.popup().is_none(), "{k} opened {:?}", app.popup());
            let m = app.message().expect("a refusal");
            assert!(m.error, "{k}: {}", m.text);
            let grant = match lang {
                Lang::Ja => "責任者が `secretariat users add tanaka",
                Lang::En => "a supervisor can grant it with `secretariat users add tanaka",
            };
            assert!(m.text.contains(grant), "{k}: {}", m.text);
        }
        // The whole sentence is on screen (two lines), not cut.
        press(&mut app, &["a"]);
        let text = screen(&mut app, 80, 24);
        let tail: Vec<&str> = text.lines().rev().take(2).collect();
        let joined = format!("{}{}", tail[1], tail[0]);
        assert!(joined.contains("users add tanaka"), "{text}");
    }
}

#[test]
fn an_operator_is_refused_bulk_before_being_asked_about_it() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["*", "a"]);
    assert!(app.popup().is_none(), "{:?}", app.popup());
    assert!(
        app.message()
            .unwrap()
            .text
            .contains("責任者の権限が必要です")
    );
    press(&mut app, &["r"]);
    assert!(app.popup().is_none());
    press(&mut app, &["A"]);
    assert!(app.popup().is_none());
    // Without marks, a single return opens its popup, naming the case.
    press(&mut app, &["-", "r"]);
    assert!(matches!(app.popup(), Some(Popup::Reason { .. })));
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("差し戻し理由: W-2026-0001 山田 太郎"),
        "{text}"
    );
}

#[test]
fn hints_and_help_show_only_what_the_role_may_do() {
    let f = fixture();
    let mut help = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    let text = screen(&mut help, 80, 24);
    let hints = text.lines().last().unwrap();
    let keys: Vec<&str> = hints
        .split_whitespace()
        .filter_map(|h| h.split(':').next())
        .collect();
    assert!(
        !keys
            .iter()
            .any(|k| ["a", "r", "c", "u", "Space"].contains(k)),
        "{hints}"
    );
    assert!(
        hints.contains("n:メモ") && hints.contains("L:照会"),
        "{hints}"
    );
    press(&mut help, &["?"]);
    type_text(&mut help, "承認");
    let text = screen(&mut help, 80, 24);
    let approve = secretariat::tui::commands::Command::Approve
        .text()
        .get(Lang::Ja);
    assert!(!text.contains(approve), "{text}");
    // Config names are for docs/reference/keys.md, not the help screen.
    assert!(
        !text.contains("(approve)") && !text.contains("(queue_1)"),
        "{text}"
    );
    // The legend is found by the same search.
    press(&mut help, &["Esc", "?"]);
    type_text(&mut help, "NOSUP");
    let text = screen(&mut help, 80, 24);
    assert!(
        text.contains("NOSUP  要件を満たす指導責任者がいません"),
        "{text}"
    );
    press(&mut help, &["Esc", "?"]);
    type_text(&mut help, "期限超過");
    let text = screen(&mut help, 80, 24);
    assert!(text.contains("!      期限超過"), "{text}");

    let mut boss = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut boss, &["?"]);
    type_text(&mut boss, "reassign");
    assert!(screen(&mut boss, 80, 24).contains("A                reassign (supervisors only)"));
}

#[test]
fn help_desk_scrolls_the_lookup_to_the_loans_and_back() {
    let f = fixture();
    three_periods(&f);
    for lang in [Lang::Ja, Lang::En] {
        let mut app = app(&f, &f.helpdesk, lang, 80, 24);
        press(&mut app, &["L"]);
        type_text(&mut app, "5556667");
        press(&mut app, &["Enter"]);
        assert!(app.lookup_view().is_some());
        let top = snap80(
            &format!("lookup_three_periods_{}", lang_name(lang)),
            &mut app,
        );
        assert!(!top.contains("LOAN-5556667-B"), "{top}");
        press(&mut app, &["G"]);
        let end = snap80(
            &format!("lookup_three_periods_end_{}", lang_name(lang)),
            &mut app,
        );
        assert!(end.contains("LOAN-5556667-B"), "{end}");
        assert!(end.contains("TOVL"), "{end}");
        press(&mut app, &["g"]);
        assert_eq!(screen(&mut app, 80, 24), top);
        // PgDn twice reaches the end too; Ctrl-f and J scroll as well.
        press(&mut app, &["PgDn", "PgDn"]);
        assert!(screen(&mut app, 80, 24).contains("LOAN-5556667-B"));
        press(&mut app, &["g", "Ctrl-f", "J"]);
        assert_ne!(screen(&mut app, 80, 24), top);
    }
}

#[test]
fn each_role_at_80x24_in_both_languages() {
    let f = fixture();
    for lang in [Lang::Ja, Lang::En] {
        let n = lang_name(lang);
        let mut help = app(&f, &f.helpdesk, lang, 80, 24);
        snap80(&format!("role_helpdesk_list_{n}"), &mut help);
        press(&mut help, &["a"]);
        snap80(&format!("role_helpdesk_refused_{n}"), &mut help);

        let mut op = app(&f, &f.operator, lang, 80, 24);
        press(&mut op, &["/"]);
        type_text(&mut op, "やまだ");
        press(&mut op, &["Enter"]);
        snap80(&format!("role_operator_filter_{n}"), &mut op);
        press(&mut op, &["Esc", "r"]);
        snap80(&format!("role_operator_return_{n}"), &mut op);
        press(&mut op, &["Esc", "4", "Enter"]);
        snap80(&format!("role_operator_loan_detail_{n}"), &mut op);

        let mut boss = app(&f, &f.supervisor, lang, 80, 24);
        press(&mut boss, &["Space", "Space", "Space"]);
        snap80(&format!("role_supervisor_marks_{n}"), &mut boss);
        press(&mut boss, &["a"]);
        snap80(&format!("role_supervisor_bulk_confirm_{n}"), &mut boss);
    }
}

#[test]
fn after_a_decision_the_cursor_stays_on_the_case_or_says_where_it_went() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["j"]);
    let second = app.selected_row().unwrap().key.clone();
    press(&mut app, &["a", "y"]);
    // Approved but still open: the cursor stays on it.
    assert_eq!(app.selected_row().unwrap().key, second);
    // A return takes it off the open list: the message says where the cursor is.
    press(&mut app, &["r", "1", "Enter"]);
    let m = app.message().unwrap();
    assert!(m.text.contains("を差し戻しました"), "{}", m.text);
    let now_on = app.selected_row().unwrap().key.reference.clone();
    assert!(
        m.text
            .contains(&format!("一覧から外れました。次: {now_on}")),
        "{}",
        m.text
    );
}

#[test]
fn a_message_about_marks_goes_when_the_marks_change_and_m_shows_history() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["*", "-"]);
    assert_eq!(app.message().unwrap().text, "選択を解除しました");
    press(&mut app, &["Space"]);
    assert!(app.message().is_none(), "stale: {:?}", app.message());
    press(&mut app, &["m"]);
    assert!(matches!(app.popup(), Some(Popup::Messages { .. })));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("選択を解除しました"), "{text}");
    assert!(text.contains("件を選択しました"), "{text}");
}

#[test]
fn help_pages_down_to_the_legend_at_80x24() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["?"]);
    let first = screen(&mut app, 80, 24);
    assert!(!first.contains("NOSUP"), "{first}");
    // The operator's help is four pages at 80x24 (the forms and the enquiry
    // log added a page's worth of keys).
    press(&mut app, &["PgDn", "PgDn", "PgDn", "PgDn"]);
    let end = screen(&mut app, 80, 24);
    assert!(
        end.contains("REPAY"),
        "the last flag of the legend shows:\n{end}"
    );
    press(&mut app, &["PgUp", "PgUp", "PgUp", "PgUp"]);
    assert_eq!(screen(&mut app, 80, 24), first);
}

#[test]
fn a_lookup_of_nothing_or_of_letters_says_so_in_the_users_language() {
    let f = fixture();
    for (lang, empty, letters) in [
        (
            Lang::Ja,
            "医籍登録番号 (1〜7桁の数字) を入力してください",
            "「abc」は医籍登録番号として読み取れません",
        ),
        (
            Lang::En,
            "type a registration number (1 to 7 digits)",
            "\"abc\" is not a registration number (1 to 7 digits)",
        ),
    ] {
        let mut app = app(&f, &f.helpdesk, lang, 80, 24);
        press(&mut app, &["L", "Enter"]);
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains(empty), "{shown}");
        assert!(!shown.contains("is empty"), "{shown}");
        press(&mut app, &["Esc", "L"]);
        type_text(&mut app, "abc");
        press(&mut app, &["Enter"]);
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains(letters), "{shown}");
    }
}

#[test]
fn help_lists_the_colon_commands_from_their_table_in_the_users_language() {
    let f = fixture();
    let mut ja = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut ja, &["?"]);
    type_text(&mut ja, ":ref");
    let text = screen(&mut ja, 80, 24);
    assert!(text.contains(":ref 受付番号"), "{text}");
    assert!(text.contains("受付番号の案件へ"), "{text}");
    let mut en = app(&f, &f.helpdesk, Lang::En, 80, 24);
    press(&mut en, &["?"]);
    type_text(&mut en, ":sort");
    let text = screen(&mut en, 80, 24);
    assert!(text.contains(":sort FIELD [desc]"), "{text}");
}
