//! The TUI's figures: keystroke to frame, first frame, bytes written per `j`,
//! and (through tmux, when present) the real binary's CPU use while idle.

use super::Failure;
use crate::config::TuiConfig;
use crate::desk::{Actor, Desk, DeskClient, LocalDesk};
use crate::tui::app::{Action, App, AppSetup};
use crate::tui::runner::step_inline;
use crate::tui::views;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A terminal that counts what ratatui writes to it.
#[derive(Clone, Default)]
struct Counted(Arc<Mutex<usize>>);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut n) = self.0.lock() {
            *n += buf.len();
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn percentile(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    super::bench::ms(super::bench::percentile(v, p))
}

/// Prints the TUI figures for a desk already open on the benchmark store.
pub fn run(
    desk: Arc<Desk>,
    actor: &Actor,
    now: crate::domain::Timestamp,
    dir: &Path,
) -> Result<(), Failure> {
    let counted = Counted::default();
    // A fixed viewport: asking a non-terminal for its size would dominate the timing.
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
    };
    let mut term = Terminal::with_options(CrosstermBackend::new(counted.clone()), options)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    let t = Instant::now();
    let clock = crate::clock::Clock::stopped_at(now);
    let port: Arc<dyn DeskClient> = Arc::new(LocalDesk::new(desk, &actor.name, clock)?);
    let setup = AppSetup {
        actor: actor.clone(),
        lang: crate::i18n::Lang::Ja,
        dates: crate::i18n::DateStyle::Iso,
        store_label: dir.display().to_string(),
        config: TuiConfig {
            followups_on_start: false,
            ..TuiConfig::default()
        },
        views: Vec::new(),
        no_color: false,
        documents: Default::default(),
    };
    let mut app = App::new(port, setup, now);
    step_inline(&mut app, Action::Resize(80, 24), now);
    step_inline(&mut app, Action::Start, now);
    term.draw(|f| {
        views::render(&app, f);
    })
    .map_err(|e| Failure::runtime(e.to_string()))?;
    let first = t.elapsed();
    println!(
        "TUI first frame (desk open, counts, first page, draw at 80x24): {:.1} ms",
        first.as_secs_f64() * 1000.0
    );

    let mut times = Vec::new();
    let mut steps = Vec::new();
    let mut bytes = Vec::new();
    let presses: Vec<Event> = (0..600)
        .map(|i| match i % 100 {
            99 => key(KeyCode::PageDown),
            49 => key(KeyCode::Char('k')),
            _ => key(KeyCode::Char('j')),
        })
        .collect();
    for ev in &presses {
        let before = counted.0.lock().map(|n| *n).unwrap_or(0);
        let t = Instant::now();
        if let Some(a) = app.action_for(ev) {
            step_inline(&mut app, a, now);
        }
        steps.push(t.elapsed());
        term.draw(|f| {
            views::render(&app, f);
        })
        .map_err(|e| Failure::runtime(e.to_string()))?;
        times.push(t.elapsed());
        if matches!(ev, Event::Key(k) if k.code == KeyCode::Char('j')) {
            bytes.push(counted.0.lock().map(|n| *n).unwrap_or(0) - before);
        }
    }
    let p50 = percentile(&mut times, 0.5);
    let p99 = percentile(&mut times, 0.99);
    let (s50, s99) = (percentile(&mut steps, 0.5), percentile(&mut steps, 0.99));
    bytes.sort_unstable();
    // For comparison: the same screen drawn whole on a fresh terminal.
    let fresh = Counted::default();
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
    };
    let mut whole = Terminal::with_options(CrosstermBackend::new(fresh.clone()), options)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    whole
        .draw(|f| {
            views::render(&app, f);
        })
        .map_err(|e| Failure::runtime(e.to_string()))?;
    let full = fresh.0.lock().map(|n| *n).unwrap_or(0);
    println!(
        "TUI of which App::step (desk reads included): p50 {s50:.2} ms, p99 {s99:.2} ms; a full redraw writes {full} bytes"
    );
    println!(
        "TUI keystroke -> frame (j/k/PgDn over the withdrawal queue, 80x24): p50 {p50:.2} ms, p99 {p99:.2} ms; bytes written per j: median {}, max {}",
        bytes.get(bytes.len() / 2).copied().unwrap_or(0),
        bytes.last().copied().unwrap_or(0),
    );
    Ok(())
}

/// Runs the real binary in tmux at 80x24 on the store and measures its CPU
/// time over 10 idle seconds. Returns None when tmux is absent.
pub fn idle_cpu(exe: &Path, dir: &Path, as_of: chrono::NaiveDate) -> Option<f64> {
    let sock = dir.with_extension("bench-tmux");
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-S")
            .arg(&sock)
            .args(args)
            .output()
            .ok()
    };
    let cmd = format!(
        "exec env LANG=ja_JP.UTF-8 {} --data-dir {} --as-of {as_of}",
        exe.display(),
        dir.display()
    );
    tmux(&["new-session", "-d", "-x", "80", "-y", "24", &cmd])?;
    // Let start-up work (first page, background follow-ups) finish first.
    std::thread::sleep(Duration::from_secs(8));
    let pid = String::from_utf8_lossy(&tmux(&["list-panes", "-F", "#{pane_pid}"])?.stdout)
        .trim()
        .to_string();
    let cpu = || -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks / 100.0)
    };
    let before = cpu();
    std::thread::sleep(Duration::from_secs(10));
    let after = cpu();
    tmux(&["send-keys", "q"]);
    std::thread::sleep(Duration::from_millis(500));
    tmux(&["kill-server"]);
    Some(after? - before?)
}
