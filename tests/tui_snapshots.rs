//! Screens at 80×24 and 120×40 with Japanese data, as text, compared with
//! the committed snapshots (`INSTA_UPDATE=always cargo test` to refresh).

mod common;

use common::*;
use secretariat::i18n::Lang;
use secretariat::tui::app::App;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        assert!(!text.contains('\u{1b}'), "an escape reached the screen");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

#[test]
fn each_queue() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    for (i, q) in ["1", "2", "3", "4"].into_iter().enumerate() {
        press(&mut app, &[q]);
        snap(&format!("queue_{}", i + 1), &mut app);
    }
}

#[test]
fn detail_behind_enter_below_100_columns() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["n"]);
    type_text(&mut app, "書類到着済み。署名欄の確認待ち");
    press(&mut app, &["Enter", "Enter"]);
    let text = screen(&mut app, 80, 24);
    insta::assert_snapshot!("detail_80x24", text);
    // At 120 columns the detail sits beside the list; Enter there hides it.
    let text = screen(&mut app, 120, 40);
    insta::assert_snapshot!("detail_120x40", text);
}

#[test]
fn english_screen() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 120, 40);
    press(&mut app, &["Space", "4"]);
    snap("english_loans", &mut app);
}

#[test]
fn popups() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["a"]);
    snap("popup_confirm", &mut app);
    press(&mut app, &["n", "r", "Down", "Down"]);
    snap("popup_return_reason", &mut app);
    press(&mut app, &["Esc", "n"]);
    type_text(&mut app, "電話で確認済み");
    snap("popup_note", &mut app);
    press(&mut app, &["Esc", "L"]);
    type_text(&mut app, "１２３４５６１");
    snap("popup_lookup", &mut app);
    press(&mut app, &["Esc", "?"]);
    snap("popup_help", &mut app);
    type_text(&mut app, "承認");
    snap("popup_help_search", &mut app);
}

#[test]
fn lookup_view() {
    let f = fixture();
    let mut app = app(&f, &f.helpdesk, Lang::Ja, 80, 24);
    press(&mut app, &["L"]);
    type_text(&mut app, "1234561");
    press(&mut app, &["Enter"]);
    snap("lookup_view", &mut app);
}

#[test]
fn too_small() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let text = screen(&mut app, 30, 8);
    assert!(text.contains("端末が小さすぎます"), "{text}");
    insta::assert_snapshot!("too_small_30x8", text);
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    use secretariat::store::RegistryWrite;
    let f = fixture();
    let mut evil = person(
        "5555555",
        "悪意\u{1b}]0;X\u{7}太郎\u{202e}",
        "あくい",
        (1990, 1, 1),
    );
    evil.email = Some("x\u{1b}[2J@example.jp".into());
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Person(evil)],
            vec![withdrawal("W-2026-0099", "5555555", 20, "理由\u{1b}[31m赤")],
            now(),
        )
        .unwrap();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    press(&mut app, &["/"]);
    type_text(&mut app, "あくい");
    press(&mut app, &["Enter"]);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("悪意"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(!text.contains('\u{202e}'));
}

#[test]
fn mail_view() {
    let f = fixture();
    refuse_one_notification(&f);
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["F"]);
    let text = screen(&mut app, 80, 24);
    insta::assert_snapshot!("mail_view_80x24", text);
}
