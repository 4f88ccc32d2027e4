//! Issue 19, "A clerk's day in Japanese": the defects an operator met in a
//! day's work, each driven by keys against a temporary store.

mod common;

use common::*;
use secretariat::domain::State;
use secretariat::i18n::Lang;

fn message(app: &secretariat::tui::app::App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn undoing_a_bulk_decision_shows_its_cases_again_and_says_how_many() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["o", "M"]);
    let n = app.marks().len();
    assert!(n >= 2, "the fixture has overdue withdrawals");
    let marked: Vec<_> = app.marks().iter().cloned().collect();
    press(&mut app, &["a", "y"]);
    let total = app.list().total;
    assert_eq!(total, Some(0), "{}", screen(&mut app, 80, 24));
    press(&mut app, &["u"]);
    let total = app.list().total;
    assert_eq!(total, Some(n as u64), "{}", screen(&mut app, 80, 24));
    assert!(app.selected_row().is_some());
    let said = message(&app);
    assert!(
        said.contains(&format!("{n}件の決定を取り消しました")),
        "{said}"
    );
    assert!(!said.contains("一覧から外れました"), "{said}");
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("該当する案件はありません"), "{shown}");
    for k in &marked {
        assert_eq!(
            f.desk.detail(k, now().date_naive()).unwrap().case.state,
            State::AwaitingDirector
        );
    }
}
