//! Session resume: the queue, filters, selection and an unfinished return
//! reason, handed to the desk (a server keeps them per user) whenever they
//! change — the loop writes the latest after a short pause, not one round
//! trip per cursor move — and restored at start, so a dropped SSH connection
//! loses nothing.

use super::{App, Popup, ReasonTarget};
use crate::desk::CaseKey;
use crate::domain::Queue;
use crate::store::SortKey;
use serde::{Deserialize, Serialize};
use tui_input::Input;

/// The shape of the saved state; another shape is ignored, never misread.
const SESSION_VERSION: u32 = 1;

/// One queue's list, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedList {
    pub text: String,
    pub overdue_only: bool,
    pub include_closed: bool,
    pub sort: SortKey,
    #[serde(default)]
    pub reverse: bool,
    pub selected: usize,
    pub scroll: usize,
}

/// What the text being typed is for: the reason popup's own target, kept
/// as it is (a return of one case is written `return`).
pub type SavedTarget = ReasonTarget;

/// A reason (or name) being typed, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReason {
    pub text: String,
    pub target: SavedTarget,
}

/// How the screen is kept between sessions: what the desk was last told.
#[derive(Default)]
pub struct Keeping {
    /// What the desk was last told this screen shows (None: nothing told yet).
    pub told_viewing: Option<Option<CaseKey>>,
    /// The session state last handed to the desk.
    pub kept: Option<SavedScreen>,
    /// Whether `Start` has run (the session is kept only after it restored).
    pub started: bool,
    /// A restored session waiting for its first page to find the selected case.
    pub restoring: Option<SavedScreen>,
}

/// What the screen keeps between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedScreen {
    pub version: u32,
    pub queue: Queue,
    pub lists: Vec<SavedList>,
    /// The selected case of the queue shown.
    pub selected: Option<CaseKey>,
    pub reason: Option<SavedReason>,
}

impl App {
    /// The state worth keeping, as it is now. A queue showing a jump to one
    /// case (`:ref`, the lookup's `Enter`) is kept as it was before the jump:
    /// the next run starts on the operator's own list, not on one case.
    pub fn snapshot(&self) -> SavedScreen {
        let reason = match &self.popup {
            Some(Popup::Reason { input, target, .. }) => Some(SavedReason {
                text: input.value().to_string(),
                target: target.clone(),
            }),
            _ => None,
        };
        SavedScreen {
            version: SESSION_VERSION,
            queue: self.queues.queue,
            lists: self
                .queues
                .lists
                .iter()
                .zip(&self.queues.jumped_from)
                .map(|(shown, before)| before.as_ref().unwrap_or(shown))
                .map(|l| SavedList {
                    text: l.text.clone(),
                    overdue_only: l.overdue_only,
                    include_closed: l.include_closed,
                    sort: l.sort,
                    reverse: l.reverse,
                    selected: l.selected,
                    scroll: l.scroll,
                })
                .collect(),
            selected: match self.queues.jumped_from[self.queues.queue.index()] {
                Some(_) => None,
                None => self.selected_row().map(|r| r.key.clone()),
            },
            reason,
        }
    }

    /// Hands the state to the desk when it changed since it was last kept.
    pub(in crate::tui) fn keep_session(&mut self) {
        if !self.keeping.started {
            return;
        }
        let now = self.snapshot();
        if self.keeping.kept.as_ref() == Some(&now) {
            return;
        }
        if let Ok(v) = serde_json::to_value(&now) {
            self.calls.out.push(super::Effect::SaveSession(v));
        }
        self.keeping.kept = Some(now);
    }

    /// Puts back the state kept last time (before the first page is loaded).
    pub(in crate::tui) fn restore_session(
        &mut self,
        value: serde_json::Value,
    ) -> Option<SavedScreen> {
        let saved: SavedScreen = serde_json::from_value(value).ok()?;
        if saved.version != SESSION_VERSION || saved.lists.len() != self.queues.lists.len() {
            return None;
        }
        self.queues.queue = saved.queue;
        for (l, s) in self.queues.lists.iter_mut().zip(&saved.lists) {
            l.text = s.text.clone();
            l.overdue_only = s.overdue_only;
            l.include_closed = s.include_closed;
            l.sort = s.sort;
            l.reverse = s.reverse;
            l.selected = s.selected;
            l.scroll = s.scroll;
            l.total = None;
        }
        Some(saved)
    }

    /// After the first load: the selected case found again (rows may have
    /// moved), and the reason being typed back in its popup.
    pub(in crate::tui) fn finish_restore(&mut self, saved: SavedScreen) {
        if let Some(key) = &saved.selected {
            if self.selected_row().map(|r| &r.key) != Some(key) {
                self.select_loaded(key);
            }
        }
        // The selected row in view, with the rows above it shown when they fit
        // (the screen may be smaller than when the session was kept).
        let rows = self.areas().map(|a| a.list_rows()).unwrap_or(1).max(1);
        let l = &mut self.queues.lists[self.queues.queue.index()];
        l.scroll = if l.selected < rows {
            0
        } else {
            l.selected + 1 - rows
        };
        self.after_move();
        if let Some(r) = saved.reason {
            let target = r.target;
            if let ReasonTarget::Marked(keys) = &target {
                self.queues.marks.extend(keys.iter().cloned());
            }
            self.popup = Some(Popup::Reason {
                input: Input::new(r.text),
                pick: None,
                target,
            });
        }
        self.keeping.kept = Some(self.snapshot());
        self.keeping.started = true;
    }
}
