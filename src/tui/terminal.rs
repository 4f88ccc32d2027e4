//! The terminal: raw mode and the alternate screen, restored on every exit
//! (panics included), and the event loop, which sleeps in `poll`/`read` until
//! a key, a resize, a timer or a worker has something to say. The loop never
//! waits for the desk: every effect goes to the [`Runner`]'s workers.

use super::app::{Action, App, Effect};
use super::runner::Runner;
use super::views;
use crate::clock::Clock;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// How often the loop looks at the workers' channel while work is pending
/// (the spinner turns at this pace).
const WORKER_POLL: Duration = Duration::from_millis(100);
/// How often it looks for news from the server (changes show within 200 ms).
const PUSHED_POLL: Duration = Duration::from_millis(50);

/// Puts the terminal back as it was: cooked mode, main screen, cursor shown,
/// bracketed paste off (the TUI enables no mouse reporting; it is turned off
/// all the same, in case). Safe to call more than once, from any thread.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        crossterm::event::DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// The terminal in raw mode on the alternate screen; dropping it restores.
pub struct Screen {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Screen {
    /// Enters raw mode and the alternate screen, and makes panics restore first.
    pub fn enter() -> anyhow::Result<Screen> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        enable_raw_mode()?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e.into());
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Screen { terminal }),
            Err(e) => {
                restore();
                Err(e.into())
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Sends tracing to the file named by `SECRETARIAT_LOG`, never to the screen.
pub fn init_logging() {
    let Some(path) = std::env::var_os("SECRETARIAT_LOG") else {
        return;
    };
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init();
}

/// Runs the loop until the operator quits, or a signal `signals` watches
/// for comes (a quit all the same); `pushed` carries a server's events.
pub fn event_loop(
    screen: &mut Screen,
    app: &mut App,
    clock: Clock,
    pushed: Option<Receiver<crate::desk::Event>>,
    signals: Option<&super::signals::SignalWatch>,
) -> anyhow::Result<()> {
    let signalled = || signals.is_some_and(|s| s.caught().is_some());
    let (tx, rx): (Sender<Action>, Receiver<Action>) = channel();
    let live = pushed.is_some();
    if let Some(events) = pushed {
        let tx = tx.clone();
        // Batches what arrived together, so a burst costs one refresh.
        std::thread::spawn(move || {
            while let Ok(first) = events.recv() {
                let mut batch = vec![first];
                batch.extend(events.try_iter());
                if tx.send(Action::Pushed(batch)).is_err() {
                    break;
                }
            }
        });
    }
    let mut runner = Runner::new(app.port(), tx.clone());
    let size = screen.terminal.size()?;
    let mut pending = vec![Action::Resize(size.width, size.height), Action::Start];
    loop {
        if signalled() {
            runner.finish();
            return Ok(());
        }
        // Polling for the server's news must not redraw an unchanged screen.
        let changed = !pending.is_empty();
        let mut edited = Vec::new();
        for action in pending.drain(..) {
            for effect in app.step(action, clock.now()) {
                if effect == Effect::Quit {
                    runner.finish();
                    return Ok(());
                }
                if let Effect::EditText(text) = effect {
                    edited.push(Action::Edited(edit_outside(screen, &text)?));
                    continue;
                }
                runner.run(effect, Instant::now());
            }
        }
        if !edited.is_empty() {
            pending.extend(edited);
            continue;
        }
        if changed {
            let mut drawn = Default::default();
            screen.terminal.draw(|f| drawn = views::render(app, f))?;
            app.drew(drawn);
        }
        runner.tick(Instant::now());
        // A worker may have reported just before it finished: handle that now
        // rather than after the next key.
        let reported: Vec<Action> = rx.try_iter().collect();
        if !reported.is_empty() {
            pending.extend(reported);
            continue;
        }
        let busy = runner.busy() || app.waiting().next().is_some();
        let deadline = app
            .next_deadline()
            .map(|d| (d - clock.now()).to_std().unwrap_or(Duration::ZERO));
        let wake = runner
            .next_wake()
            .map(|w| w.saturating_duration_since(Instant::now()));
        let soonest = [deadline, wake].into_iter().flatten().min();
        let timeout = match (busy, live) {
            (true, _) => Some(WORKER_POLL.min(soonest.unwrap_or(WORKER_POLL))),
            (false, true) => Some(PUSHED_POLL.min(soonest.unwrap_or(PUSHED_POLL))),
            (false, false) => soonest,
        };
        let ready = match timeout {
            Some(t) => event::poll(t)?,
            None => true,
        };
        if ready {
            let ev = event::read()?;
            if let Some(a) = app.action_for(&ev) {
                pending.push(a);
            }
        }
        pending.extend(rx.try_iter());
        let due = app.next_deadline().is_some_and(|d| clock.now() >= d);
        if !ready && (due || busy) {
            pending.push(Action::Tick);
        }
    }
}

/// Leaves the screen for the user's editor on `text`, then takes it back.
fn edit_outside(screen: &mut Screen, text: &str) -> anyhow::Result<Option<String>> {
    restore();
    let edited = super::editor::edit(text);
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    screen.terminal.clear()?;
    Ok(edited)
}
