//! The operator's screen.
//!
//! Data flows one way: terminal event → `KeyMap` → `Action` → `App::step`
//! (no I/O: desk calls come out as `Effect`s) → `runner` (a `DeskClient` on
//! worker threads; answers come back as `Action::Answered`) →
//! `views::render(&App)`.

pub mod app;
pub mod commands;
mod editor;
pub mod keymap;
pub mod layout;
pub mod reference;
pub mod runner;
pub mod signals;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod views;

use crate::clock::Clock;
use crate::config::TuiConfig;
use crate::desk::Actor;
use crate::i18n::Lang;
use std::sync::Arc;

/// Who is at the keyboard, and how the screen should look.
pub struct Session {
    pub actor: Actor,
    pub lang: Lang,
    /// How dates are written (`[display] dates`; English keeps ISO).
    pub dates: crate::i18n::DateStyle,
    pub clock: Clock,
    pub config: TuiConfig,
    /// The configured views (`[[views]]`), after the built-ins in `V`.
    pub views: Vec<crate::domain::view::View>,
    /// Shown in the status line (the data dir).
    pub store_label: String,
    /// `[documents]`, for `P`.
    pub documents: crate::document::DocumentsConfig,
}

/// Runs the TUI on a desk (a `Desk` of its own, or a server's `RemoteDesk`)
/// until the operator quits; `pushed` carries the server's events. The
/// terminal is restored on every exit; a termination signal quits too, and
/// is returned as the error [`signals::Stopped`] (exit 128 + its number).
pub fn run(
    port: Arc<dyn crate::desk::DeskClient>,
    pushed: Option<std::sync::mpsc::Receiver<crate::desk::Event>>,
    session: Session,
) -> anyhow::Result<()> {
    terminal::init_logging();
    let no_color = theme::Theme::no_color_from_env(std::env::var("NO_COLOR").ok().as_deref());
    let mut app = app::App::new(
        port,
        app::AppSetup {
            actor: session.actor,
            lang: session.lang,
            dates: session.dates,
            store_label: session.store_label,
            config: session.config,
            views: session.views,
            no_color,
            documents: session.documents,
        },
        session.clock.now(),
    );
    let watch = signals::SignalWatch::start()?;
    let mut screen = terminal::Screen::enter()?;
    let result = terminal::event_loop(&mut screen, &mut app, session.clock, pushed, Some(&watch));
    drop(screen);
    match watch.caught() {
        Some(stopped) => Err(stopped.into()),
        None => result,
    }
}
