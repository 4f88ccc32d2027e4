//! Screens with `[display] dates = "wareki"`: dates as the office writes
//! them, 令和8年11月21日 where there is room and R8.11.21 in the list's
//! column, at 80×24 and 120×40; English keeps ISO.

mod common;

use common::*;
use secretariat::i18n::{DateStyle, Lang};
use secretariat::tui::app::App;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Whether a screen still shows a date in ISO (`2026-11-21`).
fn has_iso_date(text: &str) -> bool {
    text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        assert!(!has_iso_date(&text), "an ISO date in 和暦:\n{text}");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn wareki(f: &Fixture, actor: &secretariat::desk::Actor) -> App {
    app_dated(f, actor, Lang::Ja, DateStyle::Wareki, 80, 24)
}

#[test]
fn the_list_and_the_detail() {
    let f = fixture();
    let mut app = wareki(&f, &f.operator);
    // At 120 columns the detail sits beside the list.
    snap("wareki_list", &mut app);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(" ! R8.11.9 "), "{text}");
    press(&mut app, &["Enter"]);
    let text = screen(&mut app, 80, 24);
    for needle in [
        "受付日時: 令和8年11月2日 09:30",
        "期限: 令和8年11月9日  ! 期限超過 (12日)",
        "生年月日: 平成7年4月2日",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    assert!(!has_iso_date(&text), "{text}");
    insta::assert_snapshot!("wareki_detail_80x24", text);
}

#[test]
fn the_loan_followups() {
    let f = fixture();
    let mut app = wareki(&f, &f.operator);
    press(&mut app, &["4"]);
    snap("wareki_loans", &mut app);
}

#[test]
fn the_lookup() {
    let f = fixture();
    let mut app = wareki(&f, &f.helpdesk);
    press(&mut app, &["L"]);
    type_text(&mut app, "1234561");
    press(&mut app, &["Enter"]);
    let text = screen(&mut app, 80, 24);
    for needle in [
        "生年月日: 平成7年4月2日",
        "別番号 7654321: 山田 太郎 (平成7年4月2日生)",
        "令和6年4月1日 .. 令和7年3月31日",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    snap("wareki_lookup", &mut app);
}

#[test]
fn english_screens_keep_iso() {
    let f = fixture();
    let mut app = app_dated(&f, &f.operator, Lang::En, DateStyle::Wareki, 120, 40);
    let text = screen(&mut app, 120, 40);
    assert!(has_iso_date(&text), "{text}");
    assert!(!text.contains("令和") && !text.contains("R8."), "{text}");
}
