//! `App::step` only describes desk work: the threaded runner does it on
//! workers, so a stalled desk leaves the screen responsive (it quits, and says
//! what it waits for), and answers a newer state has overtaken are dropped.

mod common;

use common::*;
use secretariat::clock::Clock;
use secretariat::config::TuiConfig;
use secretariat::desk::{
    Actor, DeskClient, ExportError, ExportSpec, FileReport, ImportOptions, LocalDesk, Request,
    Response,
};
use secretariat::i18n::Lang;
use secretariat::tui::app::{Action, App, AppSetup, Effect};
use secretariat::tui::runner::{Runner, perform};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A desk whose calls wait until `release` (a server that stopped answering).
struct Stalled {
    inner: LocalDesk,
    open: Mutex<bool>,
    gate: Condvar,
}

impl Stalled {
    fn release(&self) {
        *self.open.lock().unwrap() = true;
        self.gate.notify_all();
    }
}

impl DeskClient for Stalled {
    fn call(
        &self,
        request: Request,
        progress: &mut dyn FnMut(usize, usize),
    ) -> secretariat::desk::Result<Response> {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.gate.wait(open).unwrap();
        }
        drop(open);
        self.inner.call(request, progress)
    }
    fn actor(&self) -> Actor {
        self.inner.actor()
    }
    fn export(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> Result<u64, ExportError> {
        self.inner.export(spec, write)
    }
    fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> secretariat::desk::Result<Vec<FileReport>> {
        self.inner.import(files, options, progress)
    }
    fn backup(&self, dest: &Path) -> secretariat::desk::Result<PathBuf> {
        self.inner.backup(dest)
    }
}

fn app_on(port: Arc<dyn DeskClient>, actor: &Actor) -> App {
    App::new(
        port,
        AppSetup {
            actor: actor.clone(),
            lang: Lang::Ja,
            dates: secretariat::i18n::DateStyle::Iso,
            store_label: "/tmp/secretariat-test".into(),
            config: TuiConfig {
                followups_on_start: false,
                ..TuiConfig::default()
            },
            views: Vec::new(),
            no_color: true,
            documents: Default::default(),
        },
        now(),
    )
}

/// Steps an action through the threaded runner; true if the app asked to quit.
fn run(app: &mut App, runner: &mut Runner, action: Action) -> bool {
    for e in app.step(action, now()) {
        if e == Effect::Quit {
            return true;
        }
        runner.run(e, Instant::now());
    }
    false
}

/// Applies what the workers reported until `done` holds (at most 2 s).
fn pump(
    app: &mut App,
    runner: &mut Runner,
    rx: &Receiver<Action>,
    done: impl Fn(&App) -> bool,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while !done(app) {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(a) = rx.recv_timeout(left) else {
            return false;
        };
        run(app, runner, a);
    }
    true
}

#[test]
fn a_stalled_desk_leaves_the_screen_responsive() {
    let f = fixture();
    let stalled = Arc::new(Stalled {
        inner: LocalDesk::new(f.desk.clone(), "suzuki", Clock::stopped_at(now())).unwrap(),
        open: Mutex::new(false),
        gate: Condvar::new(),
    });
    let port: Arc<dyn DeskClient> = stalled.clone();
    let mut app = app_on(port, &f.operator);
    let (tx, rx) = channel();
    let mut runner = Runner::new(app.port(), tx);
    let t = Instant::now();
    run(&mut app, &mut runner, Action::Resize(80, 24));
    run(&mut app, &mut runner, Action::Start);
    // The session comes back (it is not a desk call); the list's calls hang.
    assert!(pump(&mut app, &mut runner, &rx, |a| a.waiting().count() >= 2));
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    let text = screen_threaded(&app);
    assert!(text.contains("一覧を読み込み中"), "{text}");
    // Keys still work while the desk says nothing: moving, help, and quitting.
    let t = Instant::now();
    assert!(!press_on(&mut app, &mut runner, "j"));
    assert!(!press_on(&mut app, &mut runner, "?"));
    assert!(!press_on(&mut app, &mut runner, "Esc"));
    assert!(press_on(&mut app, &mut runner, "q"));
    assert!(
        t.elapsed() < Duration::from_millis(100),
        "{:?}",
        t.elapsed()
    );

    // Once the desk answers, the same screen fills in.
    stalled.release();
    assert!(pump(&mut app, &mut runner, &rx, |a| a
        .selected_row()
        .is_some()
        && a.detail().is_none()
        && a.waiting().count() == 0));
    assert_eq!(app.list().total, Some(4));
    assert!(!screen_threaded(&app).contains("読み込み中"));
    let t = Instant::now();
    runner.finish();
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[test]
fn quitting_does_not_wait_for_a_stalled_desk_for_long() {
    let f = fixture();
    let stalled = Arc::new(Stalled {
        inner: LocalDesk::new(f.desk.clone(), "suzuki", Clock::stopped_at(now())).unwrap(),
        open: Mutex::new(false),
        gate: Condvar::new(),
    });
    let port: Arc<dyn DeskClient> = stalled.clone();
    let mut app = app_on(port, &f.operator);
    let (tx, rx) = channel();
    let mut runner = Runner::new(app.port(), tx);
    run(&mut app, &mut runner, Action::Start);
    assert!(pump(&mut app, &mut runner, &rx, |a| a.waiting().count() >= 1));
    let t = Instant::now();
    runner.finish();
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    stalled.release();
}

#[test]
fn an_answer_for_an_older_filter_does_not_overwrite_the_newer_one() {
    let f = fixture();
    let port: Arc<dyn DeskClient> =
        Arc::new(LocalDesk::new(f.desk.clone(), "suzuki", Clock::stopped_at(now())).unwrap());
    let mut app = app_on(port.clone(), &f.operator);
    let mut held: Vec<Effect> = Vec::new();
    fn later(app: &mut App, a: Action) -> Vec<Effect> {
        let effects = app.step(a, now());
        effects
            .into_iter()
            .filter(|e| matches!(e, Effect::Call { .. }))
            .collect()
    }
    later(&mut app, Action::Resize(80, 24));
    assert_eq!(later(&mut app, Action::Start), Vec::<Effect>::new());
    held.extend(later(&mut app, Action::SessionLoaded(None)));
    // The unfiltered first page is on its way when the operator filters.
    assert!(held.iter().any(|e| matches!(e, Effect::Call { request: Request::Page { query }, .. } if query.text.is_empty())));
    let slash = key_action(&app, "/");
    later(&mut app, slash);
    for c in "たかはし".chars() {
        let ev = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
        let a = app.action_for(&ev).unwrap();
        held.extend(later(&mut app, a));
    }
    // Answer the calls oldest first: the unfiltered page lands in the cache
    // but must not set the filtered list's total.
    let mut answers = Vec::new();
    for e in held {
        perform(port.as_ref(), e, &mut |a| answers.push(a));
    }
    let mut saw_old = false;
    for a in answers {
        let old = matches!(&a, Action::Answered { then: secretariat::tui::app::Then::Page { query, .. }, .. } if query.text.is_empty());
        app.step(a, now());
        if old {
            saw_old = true;
            assert_ne!(app.list().total, Some(4), "the old answer took over");
        }
    }
    assert!(saw_old);
    assert_eq!(app.list().text, "たかはし");
    assert_eq!(app.list().total, Some(1));
}

fn press_on(app: &mut App, runner: &mut Runner, k: &str) -> bool {
    let a = key_action(app, k);
    run(app, runner, a)
}

fn key_action(app: &App, k: &str) -> Action {
    app.action_for(&key_event(k)).unwrap()
}

fn screen_threaded(app: &App) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| {
        secretariat::tui::views::render(app, f);
    })
    .unwrap();
    secretariat::tui::views::buffer_lines(term.backend().buffer()).join("\n")
}

/// A desk that hands back a session kept on a bigger screen.
struct Kept {
    inner: LocalDesk,
    saved: serde_json::Value,
}

impl DeskClient for Kept {
    fn call(
        &self,
        request: Request,
        progress: &mut dyn FnMut(usize, usize),
    ) -> secretariat::desk::Result<Response> {
        self.inner.call(request, progress)
    }
    fn actor(&self) -> Actor {
        self.inner.actor()
    }
    fn export(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> Result<u64, ExportError> {
        self.inner.export(spec, write)
    }
    fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> secretariat::desk::Result<Vec<FileReport>> {
        self.inner.import(files, options, progress)
    }
    fn backup(&self, dest: &Path) -> secretariat::desk::Result<PathBuf> {
        self.inner.backup(dest)
    }
    fn load_session(&self) -> Option<serde_json::Value> {
        Some(self.saved.clone())
    }
}

#[test]
fn a_restored_session_shows_the_selected_row_with_the_rows_above_it() {
    let f = fixture();
    let list = |selected: usize, scroll: usize| {
        serde_json::json!({"text": "", "overdue_only": false, "include_closed": false,
            "sort": "due", "selected": selected, "scroll": scroll})
    };
    let saved = serde_json::json!({
        "version": 1,
        "queue": "withdrawal",
        "lists": [list(3, 3), list(0, 0), list(0, 0), list(0, 0)],
        "selected": {"queue": "withdrawal", "reference": "W-2026-0004"},
        "reason": null,
    });
    let port: Arc<dyn DeskClient> = Arc::new(Kept {
        inner: LocalDesk::new(f.desk.clone(), "suzuki", Clock::stopped_at(now())).unwrap(),
        saved,
    });
    let mut app = app_on(port, &f.operator);
    step(&mut app, Action::Resize(80, 24));
    step(&mut app, Action::Start);
    assert_eq!(
        app.selected_row().map(|r| r.key.reference.as_str()),
        Some("W-2026-0004")
    );
    assert_eq!(
        app.list().scroll,
        0,
        "the rows above the selection are shown"
    );
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("W-2026-0001") && text.contains("W-2026-0004"),
        "{text}"
    );
}
