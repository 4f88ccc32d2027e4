//! The supervisor's desk through the TUI's App: the filter language on `/`
//! (a refused term says so), the new sorts, and `M` over a filter.

mod common;

use common::*;
use secretariat::i18n::Lang;
use secretariat::tui::app::Action;

#[test]
fn slash_takes_the_filter_language_and_refuses_unknown_fields() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["/"]);
    type_text(&mut app, "age>5");
    press(&mut app, &["Enter"]);
    let all = app.list().total.expect("counted");
    assert!(all >= 1);
    press(&mut app, &["Esc", "/"]);
    type_text(&mut app, "colour:red");
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(m.error, "{}", m.text);
    assert!(
        m.text.contains("colour:red") && m.text.contains("assignee:"),
        "{}",
        m.text
    );
}

#[test]
fn the_japanese_refusal_names_the_term_too() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["/"]);
    type_text(&mut app, "age>x");
    let m = app.message().expect("a message");
    assert!(
        m.text.contains("age>x") && m.text.contains("日数"),
        "{}",
        m.text
    );
}

#[test]
fn s_cycles_six_sorts() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 120, 40);
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push(app.list().sort);
        press(&mut app, &["s"]);
    }
    assert_eq!(seen, secretariat::store::SortKey::ALL);
    assert_eq!(app.list().sort, secretariat::store::SortKey::Due);
}

#[test]
fn m_marks_what_a_field_filter_matches() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["/"]);
    type_text(&mut app, "assignee:none");
    press(&mut app, &["Enter"]);
    let total = app.list().total.expect("counted");
    let q = app.list().query(app.queue(), 0);
    let port = secretariat::desk::LocalDesk::new(
        f.desk.clone(),
        &f.supervisor.name,
        secretariat::clock::Clock::stopped_at(now()),
    )
    .unwrap();
    let mut actions = Vec::new();
    secretariat::tui::runner::collect_matching(&port, &q, &mut |a| actions.push(a));
    match actions.as_slice() {
        [Action::Matching(Ok((keys, capped)))] => {
            assert_eq!(keys.len() as u64, total);
            assert!(!capped);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn capital_s_reverses_the_sort_and_the_status_line_says_so() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 120, 40);
    press(&mut app, &["s"]);
    let oldest = app.selected_row().unwrap().key.clone();
    press(&mut app, &["S"]);
    assert!(app.list().reverse);
    assert_ne!(app.selected_row().unwrap().key, oldest, "newest first now");
    assert!(screen(&mut app, 120, 40).contains("desc"));
    press(&mut app, &["S"]);
    assert!(!app.list().reverse);
}
