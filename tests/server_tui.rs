//! Two TUIs on one server: a change by one shows in the other within 200 ms,
//! with "viewed by" and "changed by X - reload" in its detail pane, and a
//! decision on the held view is refused with who changed it. A TUI restarted
//! after its connection dropped (and the server restarted) comes back with its
//! queue, filter, selection and the return reason it was typing.

mod common;
mod server_support;

use common::{Fixture, fixture, now, press, screen, step, type_text};
use secretariat::config::TuiConfig;
use secretariat::desk::DeskClient;
use secretariat::domain::Role;
use secretariat::i18n::Lang;
use secretariat::server::{Event, RemoteDesk};
use secretariat::tui::app::{Action, App, AppSetup, Popup};
use server_support::{ServerProc, remote_as};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// The fixture's store, with this OS user as a supervisor (so that it may act
/// as the fixture's users), closed and ready for a server.
fn store() -> (tempfile::TempDir, PathBuf) {
    let Fixture {
        _dir,
        desk,
        supervisor,
        ..
    } = fixture();
    let me = secretariat::cli::os_user();
    desk.add_user(&supervisor, &me, Role::Supervisor, now())
        .unwrap();
    drop(desk);
    let dir = _dir.path().to_path_buf();
    (_dir, dir)
}

struct Screen {
    app: App,
    events: Receiver<Event>,
}

fn open(dir: &Path, user: &str) -> Screen {
    let remote: RemoteDesk = remote_as(dir, user);
    let events = remote.events();
    let actor = remote.actor();
    let port: Arc<dyn DeskClient> = Arc::new(remote);
    let mut app = App::new(
        port,
        AppSetup {
            actor,
            lang: Lang::Ja,
            dates: secretariat::i18n::DateStyle::Iso,
            store_label: dir.display().to_string(),
            config: TuiConfig {
                followups_on_start: false,
                ..TuiConfig::default()
            },
            views: Vec::new(),
            no_color: true,
            documents: Default::default(),
        },
        now(),
    );
    step(&mut app, Action::Resize(120, 40));
    step(&mut app, Action::Start);
    Screen { app, events }
}

impl Screen {
    /// Feeds pushed events to the app until `done` holds (at most 2 s).
    fn pump_until(&mut self, mut done: impl FnMut(&App) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(2);
        while !done(&self.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(first) = self.events.recv_timeout(left) else {
                return false;
            };
            let mut batch = vec![first];
            batch.extend(self.events.try_iter());
            step(&mut self.app, Action::Pushed(batch));
        }
        true
    }
}

#[test]
fn a_change_in_one_tui_shows_in_another_with_who_and_a_held_detail() {
    let (_tmp, dir) = store();
    let _server = ServerProc::start(&dir);
    let mut operator = open(&dir, "suzuki");
    let mut supervisor = open(&dir, "sato");
    let first = supervisor.app.selected_row().unwrap().clone();
    assert_eq!(operator.app.selected_row().unwrap().key, first.key);

    // Each sees the other looking at the same case.
    assert!(supervisor.pump_until(|a| a.presence().0.is_some_and(|v| v == ["suzuki"])));
    let text = screen(&mut supervisor.app, 120, 40);
    assert!(text.contains("閲覧中: 鈴木 一郎"), "{text}");

    // The operator approves; the supervisor's rows and counts follow at once,
    // and the detail it shows is held with who changed it.
    let open_before = supervisor.app.counts()[0].by_state.clone();
    let t = Instant::now();
    press(&mut operator.app, &["a", "y"]);
    assert!(supervisor.pump_until(|a| a.presence().1 == Some("suzuki")));
    let seen = t.elapsed();
    assert!(seen < Duration::from_millis(200), "took {seen:?}");
    let row = supervisor.app.selected_row().unwrap().clone();
    assert_eq!(row.key, first.key);
    assert!(row.revision > first.revision, "the row was refreshed");
    assert_ne!(supervisor.app.counts()[0].by_state, open_before);
    assert_eq!(
        supervisor.app.detail().unwrap().case.revision,
        first.revision,
        "the detail waits for a reload"
    );
    let text = screen(&mut supervisor.app, 120, 40);
    assert!(
        text.contains("鈴木 一郎 が変更しました - 再読み込み (R)"),
        "{text}"
    );

    // Deciding on the held view is refused, naming who changed the case.
    press(&mut supervisor.app, &["a", "y"]);
    let m = supervisor.app.message().unwrap();
    assert!(
        m.error && m.text.contains("鈴木 一郎 さんが変更しました"),
        "{m:?}"
    );
    // The refusal reloaded the case: the banner is gone.
    assert_eq!(supervisor.app.presence().1, None);
    assert!(supervisor.app.detail().unwrap().case.revision > first.revision);
}

#[test]
fn a_restarted_tui_comes_back_where_it_was() {
    let (_tmp, dir) = store();
    let mut server = ServerProc::start(&dir);
    let mut s = open(&dir, "suzuki");
    press(&mut s.app, &["/"]);
    type_text(&mut s.app, "やまだ");
    press(&mut s.app, &["Enter"]);
    let selected = s.app.selected_row().unwrap().key.clone();
    press(&mut s.app, &["r"]);
    type_text(&mut s.app, "在籍証明書が未着のため");
    let before = s.app.snapshot();
    assert!(before.reason.is_some());
    // The SSH connection drops, and the server restarts meanwhile.
    drop(s);
    assert!(server.term().success());
    let _server = ServerProc::start(&dir);
    let s = open(&dir, "suzuki");
    assert_eq!(s.app.list().text, "やまだ");
    assert_eq!(s.app.selected_row().unwrap().key, selected);
    match s.app.popup() {
        Some(Popup::Reason { input, .. }) => assert_eq!(input.value(), "在籍証明書が未着のため"),
        other => panic!("the reason popup should be back: {other:?}"),
    }
    assert_eq!(s.app.snapshot(), before);
    // Another user's session is their own.
    let other = open(&dir, "sato");
    assert!(other.app.list().text.is_empty());
    assert!(other.app.popup().is_none());
}
