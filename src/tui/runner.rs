//! Doing what `App::step` asks: [`perform`] is the work of each effect, done
//! the same way by both runners — [`Runner`] on worker threads for the
//! terminal loop (so a slow or stalled server never freezes the screen), and
//! [`step_inline`] on the caller's thread for tests and benchmarks.

use super::app::{Action, App, BulkJob, Effect, Failure, MARK_CAP};
use crate::desk::{Ask, BulkReport, CaseKey, Daily, DeskClient, PageQuery, Request};
use crate::domain::Timestamp;
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Threads doing desk calls: one call may wait on a stalled server while
/// another still answers.
const POOL: usize = 3;
/// The pause after a change before the session is written.
pub const SESSION_PAUSE: Duration = Duration::from_millis(500);
/// How long quitting waits for the last session write and running work.
const QUIT_WAIT: Duration = Duration::from_secs(2);

/// Does one effect's work against the desk, reporting through `send`
/// (`Quit` is the loop's, and does nothing here).
pub fn perform(port: &dyn DeskClient, effect: Effect, send: &mut dyn FnMut(Action)) {
    match effect {
        Effect::Quit => {}
        Effect::Call { id, request, then } => {
            let answer = port.call(request, &mut |_, _| {}).map_err(Failure::from);
            send(Action::Answered { id, then, answer });
        }
        Effect::StartBulk(job) => run_bulk(port, &job, send),
        Effect::CollectMatching { query } => collect_matching(port, &query, send),
        Effect::GenerateFollowups => {
            let done = match port.daily() {
                Ok(Daily::Ran { report, .. }) => Ok((report.created, report.closed)),
                Ok(_) => Ok((0, 0)),
                Err(e) => Err(Failure::from(e)),
            };
            send(Action::FollowupsDone(done));
        }
        Effect::LoadSession => send(Action::SessionLoaded(port.load_session())),
        Effect::SaveSession(v) => port.save_session(v),
        Effect::Viewing(key) => port.viewing(key.as_ref()),
        // The terminal loop's (it suspends the screen for the editor).
        Effect::EditText(_) => {}
        Effect::WriteDocument(job) => send(Action::DocumentWritten(write_document(&job))),
    }
}

/// Asks the desk for a query's keys (up to `MARK_CAP`) in one request,
/// reporting `Matching`; one more than the cap tells that it was capped.
pub fn collect_matching(port: &dyn DeskClient, query: &PageQuery, send: &mut dyn FnMut(Action)) {
    let request = Request::MatchKeys {
        query: PageQuery {
            offset: 0,
            ..query.clone()
        },
        max: MARK_CAP + 1,
    };
    let result = port
        .ask::<Vec<CaseKey>>(request)
        .map(|mut keys| {
            let capped = keys.len() > MARK_CAP;
            keys.truncate(MARK_CAP);
            (keys, capped)
        })
        .map_err(Failure::from);
    send(Action::Matching(result));
}

/// Runs a bulk job, reporting `BulkProgress` and `BulkDone`.
pub fn run_bulk(port: &dyn DeskClient, job: &BulkJob, send: &mut dyn FnMut(Action)) {
    let request = Request::Bulk {
        keys: job.keys.clone(),
        action: job.action.clone(),
    };
    let result = port
        .call(request, &mut |done, total| {
            send(Action::BulkProgress { done, total })
        })
        .and_then(BulkReport::try_from);
    send(Action::BulkDone(result.map_err(Failure::from)));
}

/// Whether an effect is bookkeeping between the app and the desk (calls,
/// session, presence) rather than work a caller may want to see.
fn plumbing(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Call { .. } | Effect::LoadSession | Effect::SaveSession(_) | Effect::Viewing(_)
    )
}

/// Applies an action and does every effect it leads to on this thread, each
/// answer applied before the next; returns the effects other than the desk
/// plumbing (`Quit`, `StartBulk`…), in the order they were asked.
pub fn step_inline(app: &mut App, action: Action, now: Timestamp) -> Vec<Effect> {
    let port = app.port();
    let mut actions = VecDeque::from([action]);
    let mut shown = Vec::new();
    while let Some(a) = actions.pop_front() {
        for e in app.step(a, now) {
            let keep = (!plumbing(&e)).then(|| e.clone());
            perform(port.as_ref(), e, &mut |a| actions.push_back(a));
            shown.extend(keep);
        }
    }
    shown
}

/// The latest session state, written once changes pause (at most one write
/// per `SESSION_PAUSE`).
#[derive(Debug, Default)]
pub struct SessionWriter {
    latest: Option<serde_json::Value>,
    due: Option<Instant>,
}

impl SessionWriter {
    /// Holds a newer state; the first change since the last write sets when it goes.
    pub fn hold(&mut self, v: serde_json::Value, now: Instant) {
        self.latest = Some(v);
        self.due.get_or_insert(now + SESSION_PAUSE);
    }

    /// The state to write now, if its time has come.
    pub fn due(&mut self, now: Instant) -> Option<serde_json::Value> {
        if self.due.is_some_and(|d| now >= d) {
            self.due = None;
            return self.latest.take();
        }
        None
    }

    /// When the next write is due.
    pub fn next(&self) -> Option<Instant> {
        self.due
    }

    /// Whatever is unwritten, regardless of time (on quit).
    pub fn take(&mut self) -> Option<serde_json::Value> {
        self.due = None;
        self.latest.take()
    }
}

/// Runs effects on worker threads and sends their news back to the loop.
pub struct Runner {
    port: Arc<dyn DeskClient>,
    tx: Sender<Action>,
    calls: Option<Sender<Effect>>,
    /// Long work (bulk, follow-ups, collecting marks), one thread each.
    long: Vec<JoinHandle<()>>,
    session: SessionWriter,
}

impl Runner {
    /// A runner for `port` whose workers report to `tx`.
    pub fn new(port: Arc<dyn DeskClient>, tx: Sender<Action>) -> Runner {
        let (calls, jobs): (Sender<Effect>, Receiver<Effect>) = channel();
        let jobs = Arc::new(Mutex::new(jobs));
        for _ in 0..POOL {
            let (port, jobs, tx) = (Arc::clone(&port), Arc::clone(&jobs), tx.clone());
            // Detached: a thread stuck on a stalled server must not hold up quitting.
            std::thread::spawn(move || {
                loop {
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    perform(port.as_ref(), job, &mut |a| {
                        let _ = tx.send(a);
                    });
                }
            });
        }
        Runner {
            port,
            tx,
            calls: Some(calls),
            long: Vec::new(),
            session: SessionWriter::default(),
        }
    }

    /// Starts an effect's work (never waits for it); `Quit` is the caller's.
    pub fn run(&mut self, effect: Effect, now: Instant) {
        match effect {
            Effect::Quit => {}
            Effect::SaveSession(v) => self.session.hold(v, now),
            e @ (Effect::StartBulk(_)
            | Effect::CollectMatching { .. }
            | Effect::WriteDocument(_)
            | Effect::GenerateFollowups) => {
                if let Effect::StartBulk(job) = &e {
                    tracing::info!(cases = job.keys.len(), "bulk decision started");
                }
                let (port, tx) = (Arc::clone(&self.port), self.tx.clone());
                self.long.push(std::thread::spawn(move || {
                    perform(port.as_ref(), e, &mut |a| {
                        let _ = tx.send(a);
                    });
                }));
            }
            e => {
                if let Some(calls) = &self.calls {
                    let _ = calls.send(e);
                }
            }
        }
    }

    /// Writes the session if its pause is over; forgets finished long work.
    pub fn tick(&mut self, now: Instant) {
        if let (Some(v), Some(calls)) = (self.session.due(now), &self.calls) {
            let _ = calls.send(Effect::SaveSession(v));
        }
        self.long.retain(|w| !w.is_finished());
    }

    /// When the runner next needs `tick`.
    pub fn next_wake(&self) -> Option<Instant> {
        self.session.next()
    }

    /// Whether long work is running.
    pub fn busy(&self) -> bool {
        self.long.iter().any(|w| !w.is_finished())
    }

    /// On quit: the last session state written and running work finished,
    /// waiting at most `QUIT_WAIT` (a stalled server is left behind).
    pub fn finish(mut self) {
        let deadline = Instant::now() + QUIT_WAIT;
        let (done_tx, done_rx) = channel();
        let last = self.session.take();
        let port = Arc::clone(&self.port);
        let long = std::mem::take(&mut self.long);
        std::thread::spawn(move || {
            if let Some(v) = last {
                port.save_session(v);
            }
            for w in long {
                let _ = w.join();
            }
            let _ = done_tx.send(());
        });
        let _ = done_rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        self.calls = None;
    }
}

/// Writes a job's PDF and prints it if asked: the runner's part.
fn write_document(
    job: &crate::tui::app::document::WriteJob,
) -> Result<crate::tui::app::document::Written, String> {
    let font = crate::document::pdf::LetterFont::load(&job.font).map_err(|e| e.to_string())?;
    let bytes = crate::document::pdf::render(std::slice::from_ref(&job.letter), &font)
        .map_err(|e| e.to_string())?;
    crate::document::write_file(&job.path, &bytes)
        .map_err(|e| format!("{}: {e}", job.path.display()))?;
    if let Some(cmd) = &job.print {
        crate::document::print(cmd, &job.path).map_err(|e| format!("{cmd}: {e}"))?;
    }
    Ok(crate::tui::app::document::Written {
        kind: job.kind,
        number: job.number.clone(),
        path: job.path.clone(),
        printed: job.print.is_some(),
        again: job.again,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_writes_wait_for_a_pause_and_coalesce() {
        let mut w = SessionWriter::default();
        let t = Instant::now();
        w.hold(serde_json::json!(1), t);
        w.hold(serde_json::json!(2), t + Duration::from_millis(100));
        assert_eq!(w.due(t + Duration::from_millis(200)), None);
        assert_eq!(
            w.due(t + SESSION_PAUSE),
            Some(serde_json::json!(2)),
            "one write, of the latest state"
        );
        assert_eq!(w.due(t + SESSION_PAUSE * 3), None);
        w.hold(serde_json::json!(3), t + SESSION_PAUSE * 4);
        assert_eq!(w.take(), Some(serde_json::json!(3)));
        assert_eq!(w.next(), None);
    }
}
