//! 修了申請 (completion applications) in the TUI: received on paper with `N`
//! in the membership queue, shown in the list by the member's name and in
//! the detail pane with Japanese labels (修了日 in 和暦 when configured).

mod common;

use common::*;
use secretariat::i18n::{DateStyle, Lang};

/// 山田 太郎's application, recorded as paper intake.
fn with_application(f: &Fixture) {
    record(
        f,
        &f.operator,
        &form(
            "completion_application",
            &[
                ("ref", "C-2026-000001"),
                ("received_at", "2026-11-20 09:30"),
                ("registration_number", "1234561"),
                ("association", "仙台市医師会"),
                ("training", "かかりつけ医機能報告制度に係る研修"),
                ("completed_on", "2026-11-01"),
                ("notes", "修了証の写しを添付"),
            ],
        ),
    );
}

#[test]
fn the_detail_at_80x24_in_japanese() {
    let f = fixture();
    with_application(&f);
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["2", "/"]);
    type_text(&mut app, "C-2026-000001");
    press(&mut app, &["Enter"]);
    let list = screen(&mut app, 80, 24);
    assert!(list.contains("山田 太郎"), "{list}");
    assert!(list.contains("異動届・修了申請"), "{list}");
    press(&mut app, &["Enter"]);
    let text = screen(&mut app, 80, 24);
    for want in [
        "修了申請",
        "申請先医師会",
        "仙台市医師会",
        "研修名",
        "修了日",
        "2026-11-01",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    insta::assert_snapshot!("completion_detail_ja_80x24", text);
    sound(&f);
}

#[test]
fn the_completion_date_in_wareki() {
    let f = fixture();
    with_application(&f);
    let mut app = app_dated(&f, &f.operator, Lang::Ja, DateStyle::Wareki, 80, 24);
    press(&mut app, &["2", "/"]);
    type_text(&mut app, "C-2026-000001");
    press(&mut app, &["Enter", "Enter"]);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("令和8年11月1日"), "{text}");
}

#[test]
fn n_in_the_membership_queue_offers_a_completion_application() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["2", "N"]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("異動届"), "{text}");
    assert!(text.contains("修了申請"), "{text}");
    press(&mut app, &["Down", "Enter"]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("受付 — 修了申請"), "{text}");
    assert!(text.contains("研修名"), "{text}");
    assert!(text.contains("修了日"), "{text}");
}
