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
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(
        m.text.contains("age>x") && m.text.contains("日数"),
        "{}",
        m.text
    );
}

#[test]
fn a_half_typed_term_is_not_refused_while_the_filter_is_typed() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["/"]);
    // Applied as typed once it reads: "age>" alone waits for its number.
    type_text(&mut app, "age>");
    assert!(app.message().is_none(), "{:?}", app.message());
    type_text(&mut app, "5");
    assert!(app.message().is_none(), "{:?}", app.message());
    press(&mut app, &["Enter"]);
    assert!(app.list().total.is_some_and(|n| n >= 1));
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

/// The list's column header: the second line of the screen.
fn list_header(app: &mut secretariat::tui::app::App, w: u16, h: u16) -> String {
    screen(app, w, h)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_header_marks_the_sorted_column_s_moves_the_mark_and_capital_s_flips_it() {
    let f = fixture();
    for lang in [Lang::Ja, Lang::En] {
        let t = |col: secretariat::i18n::Text, m: char| format!("{}{m}", col.get(lang));
        use secretariat::i18n::Text::*;
        // What `s` steps through (received is the age column, descending).
        let marks = [
            t(ColDue, '^'),
            t(ColAge, 'v'),
            t(ColAge, '^'),
            t(ColName, '^'),
            t(ColState, '^'),
            t(ColAssignee, '^'),
        ];
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.supervisor, lang, w, h);
            for (i, mark) in marks.iter().enumerate() {
                let head = list_header(&mut app, w, h);
                assert!(head.contains(mark.as_str()), "{i}: {mark} in {head}");
                assert_eq!(head.matches(['^', 'v']).count(), 1, "{head}");
                press(&mut app, &["S"]);
                let flipped = mark.replace('^', "<").replace('v', "^").replace('<', "v");
                let head = list_header(&mut app, w, h);
                assert!(head.contains(&flipped), "{i}: {flipped} in {head}");
                assert!(!head.contains(mark.as_str()), "{head}");
                press(&mut app, &["S", "s"]);
            }
            assert!(list_header(&mut app, w, h).contains(&marks[0]));
        }
        // Loan refs leave no room for the assignee column at 120x40: the
        // sort is named at the end of the name column instead.
        let mut app = app(&f, &f.supervisor, lang, 120, 40);
        press(&mut app, &["4"]);
        type_text(&mut app, "sssss");
        let head = list_header(&mut app, 120, 40);
        assert!(
            !head.contains(&format!("{} ", ColAssignee.get(lang))),
            "{head}"
        );
        let at = |s: &str| head.find(s).unwrap_or(usize::MAX);
        let mark = t(ColAssignee, '^');
        assert!(at(ColName.get(lang)) < at(&mark), "{head}");
        assert!(at(&mark) < at(ColState.get(lang)), "{head}");
        press(&mut app, &["S"]);
        assert!(list_header(&mut app, 120, 40).contains(&t(ColAssignee, 'v')));
    }
}

#[test]
fn b_opens_the_backlog_and_enter_opens_a_cell_filtered() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["B"]);
    let b = app.backlog_view().expect("the overview is open");
    assert_eq!(b.data.queues.len(), 4);
    assert_eq!(app.context(), secretariat::tui::keymap::Context::Backlog);
    assert!(screen(&mut app, 80, 24).contains("Backlog"));
    // The first queue's overdue cell.
    press(&mut app, &["l", "Enter"]);
    assert!(app.backlog_view().is_none());
    assert_eq!(app.list().text, "overdue");
    assert_eq!(app.queue(), secretariat::domain::Queue::Withdrawal);
    // An assignee's cases: Tab to the assignee table, Enter on its first row.
    press(&mut app, &["B", "Tab", "h", "Enter"]);
    assert!(
        app.list().text.starts_with("assignee:"),
        "{}",
        app.list().text
    );
    assert!(app.list().total.is_some());
    // Esc goes back without changing the list.
    let before = app.list().text.clone();
    press(&mut app, &["B", "Esc"]);
    assert!(app.backlog_view().is_none());
    assert_eq!(app.list().text, before);
}

#[test]
fn the_backlog_is_open_to_every_role_and_shows_in_help() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["B"]);
    assert!(app.backlog_view().is_some());
    assert!(screen(&mut app, 80, 24).contains("バックログ"));
    press(&mut app, &["Esc", "?"]);
    type_text(&mut app, "バックログ");
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("B ") && text.contains("担当者・経過日数"),
        "{text}"
    );
}

#[test]
fn the_backlog_screen_at_80x24_and_120x40_in_both_languages() {
    let f = fixture();
    for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.supervisor, lang, w, h);
            press(&mut app, &["B"]);
            insta::assert_snapshot!(
                format!("backlog_screen_{tag}_{w}x{h}"),
                screen(&mut app, w, h)
            );
        }
    }
}

fn sennan_view() -> secretariat::domain::view::View {
    secretariat::domain::view::View {
        name: "在籍報告の超過".into(),
        name_en: Some("overdue reports".into()),
        queue: Some(secretariat::domain::Queue::FacilityReport),
        query: "overdue".into(),
        sort: Some("age desc".into()),
    }
}

#[test]
fn capital_v_lists_views_with_live_counts_and_enter_opens_one() {
    use secretariat::tui::app::Popup;
    let f = fixture();
    let mut app = app_with_views(&f, &f.operator, Lang::En, 80, 24, vec![sennan_view()]);
    press(&mut app, &["V"]);
    let counts = match app.popup() {
        Some(Popup::Views { counts, selected }) => {
            assert_eq!(*selected, 0);
            counts.clone()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(counts.len(), 5, "four built-ins and the configured one");
    assert!(counts.iter().all(Option::is_some), "{counts:?}");
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("overdue reports") && text.contains("unassigned"),
        "{text}"
    );
    press(&mut app, &["Down", "Down", "Down", "Down", "Enter"]);
    assert!(app.popup().is_none());
    assert_eq!(app.queue(), secretariat::domain::Queue::FacilityReport);
    assert_eq!(app.list().text, "overdue");
    assert_eq!(app.list().sort, secretariat::store::SortKey::Age);
    assert!(app.list().reverse);
    assert_eq!(app.list().total, counts[4], "the count the picker showed");
    // A built-in view without a queue opens in the queue shown; Esc closes.
    press(&mut app, &["V", "Esc"]);
    assert!(app.popup().is_none());
    press(&mut app, &["V", "Down", "Enter"]);
    assert_eq!(app.queue(), secretariat::domain::Queue::FacilityReport);
    assert_eq!(app.list().text, "assignee:none");
}

#[test]
fn the_view_picker_at_80x24_and_120x40_in_both_languages() {
    let f = fixture();
    for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app_with_views(&f, &f.supervisor, lang, w, h, vec![sennan_view()]);
            press(&mut app, &["V"]);
            insta::assert_snapshot!(
                format!("views_screen_{tag}_{w}x{h}"),
                screen(&mut app, w, h)
            );
        }
    }
}

#[test]
fn colon_runs_the_command_line_with_completion_and_history() {
    use secretariat::domain::Queue;
    use secretariat::store::SortKey;
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    // :ref finds the case in whichever queue holds it.
    press(&mut app, &[":"]);
    assert!(screen(&mut app, 80, 24).contains(":"));
    type_text(&mut app, "ref R-2026-0001");
    press(&mut app, &["Enter"]);
    assert_eq!(app.queue(), Queue::FacilityReport);
    assert_eq!(app.selected_row().unwrap().key.reference, "R-2026-0001");
    // :queue N, :sort FIELD desc.
    press(&mut app, &[":"]);
    type_text(&mut app, "queue 2");
    press(&mut app, &["Enter"]);
    assert_eq!(app.queue(), Queue::Transfer);
    press(&mut app, &[":"]);
    type_text(&mut app, "sort age desc");
    press(&mut app, &["Enter"]);
    assert_eq!((app.list().sort, app.list().reverse), (SortKey::Age, true));
    // Tab completes a command and a view name; :view opens it.
    press(&mut app, &[":"]);
    type_text(&mut app, "vi");
    press(&mut app, &["Tab"]);
    type_text(&mut app, " unas");
    press(&mut app, &["Tab"]);
    match app.popup() {
        Some(secretariat::tui::app::Popup::Command { input }) => {
            assert_eq!(input.value(), "view unassigned")
        }
        other => panic!("{other:?}"),
    }
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "assignee:none");
    // :backlog and :messages open their panes.
    press(&mut app, &[":"]);
    type_text(&mut app, "backlog");
    press(&mut app, &["Enter"]);
    assert!(app.backlog_view().is_some());
    press(&mut app, &["Esc", ":"]);
    type_text(&mut app, "messages");
    press(&mut app, &["Enter"]);
    assert!(matches!(
        app.popup(),
        Some(secretariat::tui::app::Popup::Messages { .. })
    ));
    // History: Up walks back through the lines typed.
    press(&mut app, &["Esc", ":", "Up"]);
    match app.popup() {
        Some(secretariat::tui::app::Popup::Command { input }) => {
            assert_eq!(input.value(), "messages")
        }
        other => panic!("{other:?}"),
    }
    press(&mut app, &["Up", "Up"]);
    match app.popup() {
        Some(secretariat::tui::app::Popup::Command { input }) => {
            assert_eq!(input.value(), "view unassigned")
        }
        other => panic!("{other:?}"),
    }
    // Mistakes say what is wrong.
    press(&mut app, &["Esc", ":"]);
    type_text(&mut app, "frobnicate");
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(m.error && m.text.contains("frobnicate"), "{}", m.text);
    press(&mut app, &[":"]);
    type_text(&mut app, "ref X-0000");
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(m.error && m.text.contains("X-0000"), "{}", m.text);
    press(&mut app, &[":"]);
    type_text(&mut app, "view nosuch");
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(m.error && m.text.contains("my cases"), "{}", m.text);
}

#[test]
fn the_command_line_at_80x24_and_120x40_in_both_languages() {
    let f = fixture();
    for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.supervisor, lang, w, h);
            press(&mut app, &[":"]);
            type_text(&mut app, "sort ");
            press(&mut app, &["Tab"]);
            insta::assert_snapshot!(
                format!("command_line_{tag}_{w}x{h}"),
                screen(&mut app, w, h)
            );
        }
    }
}

fn confirm_question(app: &secretariat::tui::app::App) -> String {
    match app.popup() {
        Some(secretariat::tui::app::Popup::Confirm { question, .. }) => question.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn v_marks_a_range_and_a_with_marks_reassigns_them_all_through_a_user_picker() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["v", "j", "j"]);
    assert_eq!(app.marks().len(), 3, "the range follows the cursor");
    press(&mut app, &["k"]);
    assert_eq!(app.marks().len(), 2, "and shrinks back");
    press(&mut app, &["v", "j", "j"]);
    assert_eq!(app.marks().len(), 2, "v again ends the range");
    let marked: Vec<_> = app.marks().iter().cloned().collect();
    press(&mut app, &["A"]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("suzuki") && text.contains("tanaka"), "{text}");
    type_text(&mut app, "tan");
    press(&mut app, &["Enter"]);
    let q = confirm_question(&app);
    assert!(q.contains("2 marked") && q.contains("tanaka"), "{q}");
    assert!(q.contains("does not undo"), "{q}");
    press(&mut app, &["y"]);
    assert!(app.marks().is_empty(), "{:?}", app.message());
    let marked_again = marked.clone();
    for k in marked {
        let d = f
            .desk
            .detail(&k, secretariat::domain::time::ymd(2026, 11, 21))
            .unwrap();
        assert_eq!(d.case.assignee.as_deref(), Some("tanaka"));
    }
    // As the confirmation said, u does not undo a reassign.
    press(&mut app, &["u"]);
    for k in &marked_again {
        let d = f
            .desk
            .detail(k, secretariat::domain::time::ymd(2026, 11, 21))
            .unwrap();
        assert_eq!(d.case.assignee.as_deref(), Some("tanaka"));
    }
}

#[test]
fn a_bulk_reassign_to_someone_not_a_user_shows_the_refusal() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["Space", "Space", "A"]);
    type_text(&mut app, "yamada");
    press(&mut app, &["Enter", "y"]);
    let m = app.message().expect("a message");
    assert!(m.error, "{}", m.text);
    assert!(
        m.text.contains("yamada is not a user") && m.text.contains("suzuki"),
        "{}",
        m.text
    );
    assert_eq!(app.marks().len(), 2, "the marks stay");
}

#[test]
fn a_single_a_still_asks_for_a_name_for_the_selected_case() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["A"]);
    assert!(matches!(
        app.popup(),
        Some(secretariat::tui::app::Popup::Reason { .. })
    ));
    type_text(&mut app, "yamada");
    press(&mut app, &["Enter"]);
    let m = app.message().expect("a message");
    assert!(m.text.contains("yamada is not a user"), "{}", m.text);
}

#[test]
fn the_user_picker_at_80x24_and_120x40_in_both_languages() {
    let f = fixture();
    for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.supervisor, lang, w, h);
            press(&mut app, &["v", "j", "A"]);
            insta::assert_snapshot!(format!("user_picker_{tag}_{w}x{h}"), screen(&mut app, w, h));
        }
    }
}

#[test]
fn the_bulk_confirmation_says_how_many_the_reason_and_until_when_u_undoes_it() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["Space", "Space", "Space", "r"]);
    type_text(&mut app, "書類不備");
    press(&mut app, &["Enter"]);
    let q = confirm_question(&app);
    assert!(q.contains("3 件"), "{q}");
    assert!(q.contains("理由: 書類不備"), "{q}");
    assert!(q.contains("まで取り消せます"), "{q}");
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("書類不備") && text.contains("取り消せます"),
        "{text}"
    );
    press(&mut app, &["Esc"]);
    assert!(app.popup().is_none());
}

fn filter_value(app: &secretariat::tui::app::App) -> String {
    match app.popup() {
        Some(secretariat::tui::app::Popup::Filter { input }) => input.value().to_string(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tab_in_the_filter_completes_fields_and_their_values() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::En, 80, 24);
    press(&mut app, &["/"]);
    type_text(&mut app, "overdue assig");
    press(&mut app, &["Tab"]);
    assert_eq!(filter_value(&app), "overdue assignee:");
    type_text(&mut app, "t");
    press(&mut app, &["Tab"]);
    assert_eq!(
        filter_value(&app),
        "overdue assignee:tanaka",
        "users from the store"
    );
    assert_eq!(
        app.list().text,
        "overdue assignee:tanaka",
        "applied as completed"
    );
    // Several: what they share first, then each in turn, listed on the status line.
    press(&mut app, &["Esc", "/"]);
    type_text(&mut app, "assignee:");
    press(&mut app, &["Tab"]);
    let first = filter_value(&app);
    press(&mut app, &["Tab"]);
    let second = filter_value(&app);
    assert_ne!(first, second);
    assert!(first.starts_with("assignee:") && second.starts_with("assignee:"));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("me") && text.contains("suzuki"), "{text}");
}

#[test]
fn filter_completion_at_80x24_and_120x40_in_both_languages() {
    let f = fixture();
    for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.supervisor, lang, w, h);
            press(&mut app, &["/"]);
            type_text(
                &mut app,
                if lang == Lang::Ja {
                    "状態:"
                } else {
                    "state:"
                },
            );
            press(&mut app, &["Tab"]);
            insta::assert_snapshot!(
                format!("filter_completion_{tag}_{w}x{h}"),
                screen(&mut app, w, h)
            );
        }
    }
}
