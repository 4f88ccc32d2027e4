//! Issue 19, "A clerk's day in Japanese": the defects an operator met in a
//! day's work, each driven by keys against a temporary store.

mod common;

use common::*;
use secretariat::domain::State;
use secretariat::i18n::Lang;
use secretariat::server::Event;
use secretariat::tui::app::{Action, App, Then};
use secretariat::tui::runner::perform;

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

/// This week's closing decisions in `backlog --json`, read through the binary.
fn decided_this_week_by_the_cli(dir: &std::path::Path) -> u64 {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .args(["--as-of", "2026-11-21", "--embedded", "backlog", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    b["weeks"][11]["decided"].as_u64().unwrap()
}

#[test]
fn undone_decisions_do_not_count_as_processed() {
    let Fixture {
        _dir: dir,
        desk,
        supervisor,
        operator,
        ..
    } = fixture();
    let today = now().date_naive();
    let decided = |desk: &secretariat::desk::Desk| {
        desk.backlog(&supervisor, None, today).unwrap().weeks[11].decided
    };
    let keys: Vec<_> = ["W-2026-0001", "W-2026-0002", "W-2026-0003"]
        .into_iter()
        .map(|r| secretariat::desk::CaseKey::new(secretariat::domain::Queue::Withdrawal, r))
        .collect();
    let back = secretariat::desk::BulkAction::Return {
        reason: "一括差し戻し".into(),
    };
    desk.bulk(&supervisor, &keys, &back, now(), &mut |_, _| {})
        .unwrap();
    assert_eq!(decided(&desk), 3);
    desk.undo(&supervisor, now()).unwrap();
    assert_eq!(decided(&desk), 0, "a bulk decision undone is not processed");

    // One return undone, one kept: only the kept one counts.
    let rev = |k: &secretariat::desk::CaseKey| desk.detail(k, today).unwrap().case.revision;
    desk.return_case(&operator, &keys[0], rev(&keys[0]), "署名漏れ", now())
        .unwrap();
    desk.undo(&operator, now()).unwrap();
    desk.return_case(&operator, &keys[1], rev(&keys[1]), "署名漏れ", now())
        .unwrap();
    assert_eq!(decided(&desk), 1);
    drop(desk);
    assert_eq!(decided_this_week_by_the_cli(dir.path()), 1);
}

/// Like `step`, but `news` arrives from the server right after the answer of
/// the decision, before the reloaded list does (as it may over a socket).
fn step_with_news_after_decision(app: &mut App, action: Action, news: Action) {
    let port = app.port();
    let mut actions = std::collections::VecDeque::from([action]);
    let mut news = Some(news);
    while let Some(a) = actions.pop_front() {
        let decision = matches!(
            &a,
            Action::Answered {
                then: Then::Decided { .. },
                ..
            }
        );
        for e in app.step(a, now()) {
            perform(port.as_ref(), e, &mut |a| actions.push_back(a));
        }
        if decision {
            if let Some(n) = news.take() {
                actions.push_front(n);
            }
        }
    }
}

#[test]
fn after_a_decision_the_message_names_the_case_and_where_the_cursor_went() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    let first = app.selected_row().unwrap().key.clone();
    assert_eq!(first.reference, "W-2026-0001");
    // Approved and still open: the cursor and the detail stay on it.
    press(&mut app, &["a", "y"]);
    assert_eq!(message(&app), "W-2026-0001 を承認しました (u で取り消し)");
    assert_eq!(app.selected_row().unwrap().key, first);
    assert_eq!(app.detail().unwrap().case.reference, "W-2026-0001");

    // Returned (closed, so hidden): the message says it left and what is shown.
    press(&mut app, &["r", "1", "Enter"]);
    let next = app.selected_row().unwrap().key.clone();
    assert_ne!(next, first);
    assert_eq!(app.detail().unwrap().case.reference, next.reference);
    assert_eq!(
        message(&app),
        format!(
            "W-2026-0001 を差し戻しました — 一覧から外れました。次: {} (u で取り消し)",
            next.reference
        )
    );
}

#[test]
fn a_queue_switched_before_the_list_returns_gets_no_next_case_from_another_queue() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    let four = app.action_for(&key_event("4")).unwrap();
    press(&mut app, &["r", "1"]);
    let enter = app.action_for(&key_event("Enter")).unwrap();
    // The operator presses 4 as soon as the return is answered, before the
    // reloaded list of queue 1 is in.
    step_with_news_after_decision(&mut app, enter, four);
    assert_eq!(app.queue(), secretariat::domain::Queue::LoanFollowup);
    let said = message(&app);
    assert!(said.starts_with("W-2026-0001 を差し戻しました"), "{said}");
    assert!(!said.contains("次:"), "{said}");
}

#[test]
fn a_key_for_the_selected_case_while_the_list_loads_says_so() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    // The list is being read again (its answer not yet in).
    let reload = app.action_for(&key_event("R")).unwrap();
    let _pending = app.step(reload, now());
    for key in ["a", "r", "n"] {
        let action = app.action_for(&key_event(key)).unwrap();
        let _ = app.step(action, now());
        assert!(app.popup().is_none(), "{key}");
        assert_eq!(
            message(&app),
            "一覧を読み込み中です。表示されてからもう一度押してください",
            "{key}"
        );
    }
}

#[test]
fn the_news_of_my_own_decision_does_not_swallow_where_the_cursor_went() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::En, 120, 40);
    let first = app.selected_row().unwrap().key.clone();
    press(&mut app, &["r", "1"]);
    let news = Action::Pushed(vec![Event::Changed {
        key: first.clone(),
        by: "suzuki".into(),
        revision: 1,
        state: State::Returned,
    }]);
    step_with_news_after_decision(&mut app, Action::Submit, news);
    let next = app.selected_row().unwrap().key.clone();
    assert_ne!(next, first);
    assert_eq!(
        message(&app),
        format!(
            "W-2026-0001 returned — it left this list; next: {} (u to undo)",
            next.reference
        )
    );
}

#[test]
fn j_and_k_move_in_the_view_picker_and_enter_opens_the_one_chosen() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["V", "j", "Enter"]);
    assert!(app.popup().is_none());
    assert_eq!(app.list().text, "担当:なし", "the second view, 未割当");
    press(&mut app, &["V", "j", "j", "k", "Enter"]);
    assert_eq!(app.list().text, "担当:なし");
    press(&mut app, &["V", "ｊ", "Down", "Up", "Enter"]);
    assert_eq!(app.list().text, "担当:なし", "full-width j too");
    press(&mut app, &["V", "Enter"]);
    assert_eq!(app.list().text, "担当:自分", "the first view");
    // The message log scrolls with j too (it has no text field to type in).
    press(&mut app, &["m", "j"]);
    assert!(matches!(
        app.popup(),
        Some(secretariat::tui::app::Popup::Messages { scroll: 1 })
    ));
}

#[test]
fn leaving_a_ref_jump_restores_the_list_as_it_was() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["o", "j"]);
    let before = app.list().clone();
    assert!(!before.include_closed && before.overdue_only);
    press(&mut app, &[":"]);
    type_text(&mut app, "ref W-2026-0004");
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "W-2026-0004");
    assert!(app.list().include_closed, "a ref is found closed or not");
    assert_eq!(app.selected_row().unwrap().key.reference, "W-2026-0004");
    // Esc leaves the jump: 完了を含む off again, overdue only back, same row.
    press(&mut app, &["Esc"]);
    assert_eq!(app.list().text, "");
    assert!(!app.list().include_closed);
    assert!(app.list().overdue_only);
    assert_eq!(app.list().selected, before.selected);
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("完了を含む"), "{shown}");

    // Typing another filter after the jump also gives the switches back.
    press(&mut app, &[":"]);
    type_text(&mut app, "ref W-2026-0004");
    press(&mut app, &["Enter", "/"]);
    press(&mut app, &["Backspace"; 11]);
    type_text(&mut app, "W-2026");
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "W-2026");
    assert!(!app.list().include_closed);
}

#[test]
fn a_session_kept_during_a_jump_comes_back_to_the_list_as_it_was() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["o", "j"]);
    let before = app.list().clone();
    press(&mut app, &[":"]);
    type_text(&mut app, "ref W-2026-0004");
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "W-2026-0004");
    // The session is kept now, and the program started again from it.
    let kept = serde_json::to_value(app.snapshot()).unwrap();
    let mut again = common::app(&f, &f.operator, Lang::Ja, 80, 24);
    step(&mut again, Action::SessionLoaded(Some(kept)));
    assert_eq!(again.list().text, "", "not the one-case filter of the jump");
    assert!(!again.list().include_closed);
    assert!(again.list().overdue_only);
    assert_eq!(again.list().selected, before.selected);
}

#[test]
fn a_filter_being_typed_logs_no_refusal_for_each_keystroke() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    let logged = app.history().count();
    press(&mut app, &["/"]);
    type_text(&mut app, "age>");
    // The list stays on what read last ("age", a word), nothing is said or
    // logged, no half sentence.
    assert_eq!(app.list().text, "age");
    assert!(app.message().is_none(), "{:?}", app.message());
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("実行できません"), "{shown}");
    type_text(&mut app, "1 flag:NOSUP");
    assert_eq!(app.history().count(), logged, "no refusal per keystroke");
    assert!(app.list().text.starts_with("age>1"));
    press(&mut app, &["Enter"]);
    assert_eq!(app.list().text, "age>1 flag:NOSUP");
    assert_eq!(app.history().count(), logged);

    // Enter on what does not read: said once, in full, and logged once.
    press(&mut app, &["/"]);
    type_text(&mut app, " age>x");
    assert!(app.message().is_none());
    press(&mut app, &["Enter"]);
    let m = app.message().expect("the refusal");
    assert!(m.error && m.text.contains("age>x"), "{}", m.text);
    assert_eq!(app.history().count(), logged + 1);
}

#[test]
fn with_cases_marked_an_operator_is_not_offered_what_is_refused() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    let offered = |app: &App, key: &str| {
        secretariat::tui::views::status::hints(app)
            .iter()
            .any(|h| h.starts_with(&format!("{key}:")))
    };
    assert!(offered(&app, "a") && offered(&app, "r"));
    press(&mut app, &["Space"]);
    assert_eq!(app.marks().len(), 1);
    // `a` and `r` would act on the marks, which needs 責任者: not offered.
    assert!(
        !offered(&app, "a"),
        "{:?}",
        secretariat::tui::views::status::hints(&app)
    );
    assert!(!offered(&app, "r"));
    let clear = secretariat::tui::keymap::Command::ClearMarks;
    assert!(app.offers(clear), "help offers dropping the marks");
    press(&mut app, &["a"]);
    assert!(app.message().unwrap().error, "still refused at the key");
    press(&mut app, &["-"]);
    assert!(app.marks().is_empty());
    assert!(offered(&app, "a") && offered(&app, "r"));
}

/// The detail pane's lines of the case shown, as text.
fn detail_text(app: &App) -> String {
    let d = app.detail().expect("a detail");
    secretariat::tui::views::detail::lines(app, d, 120)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_notification_is_undoable_only_until_its_release_time() {
    let f = fixture();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    press(&mut app, &["2", "a", "y"]);
    let text = detail_text(&app);
    assert!(text.contains("まで取り消し可"), "{text}");
    // The window closes; the pane, redrawn later, no longer offers the undo.
    let delay = f.desk.rules().release_delay_secs;
    let later = now() + chrono::Duration::seconds(delay + 60);
    secretariat::tui::runner::step_inline(&mut app, Action::Tick, later);
    let text = detail_text(&app);
    assert!(!text.contains("まで取り消し可"), "{text}");
    assert!(text.contains("を過ぎました"), "{text}");
}

#[test]
fn a_report_received_before_its_window_says_it_came_early() {
    use secretariat::desk::CaseKey;
    use secretariat::domain::Queue;
    use secretariat::domain::time::{at, ymd};
    let f = fixture();
    let key = CaseKey::new(Queue::FacilityReport, "R-2026-0001");
    let mut early = f.desk.detail(&key, now().date_naive()).unwrap().case;
    early.reference = "R-2026-0002".into();
    early.received_at = at(ymd(2026, 8, 20), 9, 0);
    early.updated_at = early.received_at;
    f.desk
        .load_records(&f.supervisor, Vec::new(), vec![early], now())
        .unwrap();
    let mut app = app(&f, &f.operator, Lang::Ja, 120, 40);
    press(&mut app, &["3", "/"]);
    type_text(&mut app, "R-2026-0002");
    press(&mut app, &["Enter"]);
    let text = detail_text(&app);
    let line = text
        .lines()
        .find(|l| l.contains("LATE"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("期間前の提出"), "{line}");
    assert!(!line.contains("受付期間外に提出されました"), "{line}");
    // The late one (after the window) still says so.
    press(&mut app, &["Esc", "/"]);
    type_text(&mut app, "R-2026-0001");
    press(&mut app, &["Enter"]);
    let text = detail_text(&app);
    assert!(text.contains("受付期間外に提出されました"), "{text}");
}

fn question(app: &App) -> String {
    match app.popup() {
        Some(secretariat::tui::app::Popup::Confirm { question, .. }) => question.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

#[test]
fn accepting_a_report_without_a_valid_supervisor_asks_naming_the_checks() {
    use secretariat::desk::CaseKey;
    use secretariat::domain::Queue;
    let f = fixture();
    let report = CaseKey::new(Queue::FacilityReport, "R-2026-0001");
    let d = f.desk.detail(&report, now().date_naive()).unwrap();
    assert!(
        d.checks
            .iter()
            .any(|c| c.raised && c.flag == secretariat::domain::Flag::NoValidSupervisor),
        "the fixture's report has no valid supervisor"
    );
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    // The report without a valid supervisor is offered H (認定返上) on the
    // hint line, beside approve; another case is not.
    press(&mut app, &["3"]);
    let hinted = screen(&mut app, 80, 24);
    assert!(hinted.contains("H:認定返上"), "{hinted}");
    press(&mut app, &["1"]);
    let other = screen(&mut app, 80, 24);
    assert!(!other.contains("H:認定返上"), "{other}");
    // A first step that closes nothing asks as before.
    press(&mut app, &["a"]);
    let q = question(&app);
    assert!(!q.contains("確認で外れている"), "{q}");
    press(&mut app, &["n", "3", "a"]);
    let q = question(&app);
    assert!(q.contains("R-2026-0001"), "{q}");
    assert!(q.contains("確認で外れている項目があります"), "{q}");
    assert!(q.contains("NOSUP 要件を満たす指導責任者がいません"), "{q}");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("NOSUP"), "{shown}");
    press(&mut app, &["Enter"]); // the default is No
    let state = |f: &Fixture| {
        f.desk
            .detail(&report, now().date_naive())
            .unwrap()
            .case
            .state
    };
    assert_eq!(state(&f), State::Submitted);
    press(&mut app, &["a", "y"]);
    assert_eq!(state(&f), State::Accepted);
}

#[test]
fn a_bulk_approval_counts_the_marked_cases_failing_each_check() {
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    press(&mut app, &["3", "Space", "a"]);
    let q = question(&app);
    assert!(q.contains("確認で外れている案件"), "{q}");
    assert!(
        q.lines()
            .any(|l| l.contains("NOSUP") && l.ends_with(" 1件")),
        "{q}"
    );
    press(&mut app, &["n", "-", "1", "*", "a"]);
    let q = question(&app);
    assert!(q.contains("確認で外れるものはありません"), "{q}");
}

#[test]
fn a_workers_refusal_is_said_in_the_operators_language() {
    use secretariat::domain::Refusal;
    use secretariat::tui::app::Failure;
    let f = fixture();
    let mut app = app(&f, &f.supervisor, Lang::Ja, 80, 24);
    let refused = || Failure::Refused(Refusal::BadRegistrationNumber { input: "x".into() });
    for action in [
        Action::Matching(Err(refused())),
        Action::BulkDone(Err(refused())),
        Action::FollowupsDone(Err(refused())),
    ] {
        let _ = app.step(action, now());
        let said = message(&app);
        assert!(
            said.contains("「x」は医籍登録番号として読み取れません"),
            "{said}"
        );
    }
}
