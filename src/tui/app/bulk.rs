//! Work on many cases: the range mark (`v`), the bulk reassign with its
//! picker of the store's users (`A` with marks), and the confirmation of a
//! bulk decision, which says how many cases, the reason, and until when `u`
//! undoes it (`Request::UndoInfo`).

use super::answer::{Answer, take};
use super::{App, Pending, Popup, Then};
use crate::desk::{BulkAction, Request, UndoInfo};
use tui_input::Input;

impl App {
    /// `v`: starts a range mark at the selected case (marking it); moving
    /// marks every case between; `v` again ends it, the marks kept.
    pub(in crate::tui) fn range_mark(&mut self) {
        if self.queues.range.take().is_some() {
            let n = self.queues.marks.len();
            self.set_marks_info(crate::i18n::msg::marked_count(self.lang, n));
            return;
        }
        self.queues.range = Some((
            self.queues.queue,
            self.list().selected,
            self.queues.marks.clone(),
        ));
        self.extend_range();
    }

    /// The marks of a running range: those before it, and every loaded row
    /// from where it started to the selected one.
    pub(in crate::tui) fn extend_range(&mut self) {
        let Some((queue, start, before)) = &self.queues.range else {
            return;
        };
        if *queue != self.queues.queue {
            self.queues.range = None;
            return;
        }
        let here = self.list().selected;
        let (a, b) = (here.min(*start), here.max(*start));
        let mut marks = before.clone();
        marks.extend((a..=b).filter_map(|i| self.row(i).map(|r| r.key.clone())));
        self.queues.marks = marks;
    }

    /// `A` with marks: the picker of users (read from the desk if not yet).
    pub(in crate::tui) fn open_reassign_many(&mut self) {
        if self.bulk_run.bulk.is_some() {
            return;
        }
        self.want_users();
        self.popup = Some(Popup::Users {
            input: Input::default(),
            selected: 0,
            keys: self.sorted_marks(),
        });
    }

    /// The store's users whose name starts with (or holds) `typed`.
    pub fn users_matching(&self, typed: &str) -> Vec<String> {
        // A user is found by the user name or by the name people read.
        let t = typed.trim().to_lowercase();
        let words = |n: &String| [n.to_lowercase(), self.shown_name(n).to_lowercase()];
        let all = self.users.iter().flatten().map(|(n, _)| n.clone());
        let (starts, holds): (Vec<String>, Vec<String>) = all
            .filter(|n| words(n).iter().any(|w| w.contains(&t)))
            .partition(|n| words(n).iter().any(|w| w.starts_with(&t)));
        starts.into_iter().chain(holds).collect()
    }

    /// Asks before a bulk decision (or reassign), asking the desk how long a
    /// decision will stay undoable if that is not known yet.
    pub(in crate::tui) fn ask_bulk(&mut self, pending: Pending) {
        let decision = matches!(pending, Pending::Bulk { .. });
        if decision && self.undo_window.is_none() {
            self.call(Request::UndoInfo, Then::UndoWindow);
        }
        let question = self.bulk_question(&pending);
        self.popup = Some(Popup::Confirm { question, pending });
    }

    pub(in crate::tui) fn undo_window_answered(&mut self, answer: Answer) {
        match take::<UndoInfo>(answer) {
            Ok(info) => {
                self.undo_window = Some(info.window_secs);
                if let Some(Popup::Confirm { pending, .. }) = &self.popup {
                    let question = self.bulk_question(pending);
                    if let Some(Popup::Confirm { question: q, .. }) = &mut self.popup {
                        *q = question;
                    }
                }
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// The question, a line each: how many and what, the reason, the undo.
    pub fn bulk_question(&self, pending: &Pending) -> String {
        let lang = self.lang;
        let (what, reason) = match pending {
            Pending::Bulk { keys, action } => {
                let n = keys.len();
                match action {
                    BulkAction::Approve => {
                        (crate::i18n::msg::confirm_bulk(self.lang, true, n), None)
                    }
                    BulkAction::Return { reason } => (
                        crate::i18n::msg::confirm_bulk(self.lang, false, n),
                        Some(reason.as_str()),
                    ),
                }
            }
            Pending::ReassignMany { keys, to } => {
                let n = keys.len();
                let to = crate::tui::text::clean(to);
                (crate::i18n::questions::reassign_many(lang, n, &to), None)
            }
            // One case: its question is worded where it is asked.
            Pending::Approve { .. } | Pending::Chase { .. } | Pending::Link { .. } => {
                return String::new();
            }
        };
        let mut lines = vec![what];
        if let (
            Pending::Bulk {
                action: BulkAction::Approve,
                ..
            },
            Some(b),
        ) = (pending, &self.queues.bulk_checks)
        {
            let counts: Vec<_> = b.counts.iter().map(|(f, n)| (*f, *n)).collect();
            lines.extend(crate::i18n::checks::bulk_failing(
                self.lang,
                b.left > 0,
                &counts,
                b.capped,
            ));
        }
        if let Some(r) = reason {
            let r = crate::tui::text::clean(r);
            lines.push(crate::i18n::questions::reason_line(lang, &r));
        }
        if matches!(pending, Pending::ReassignMany { .. }) {
            // The desk keeps no undo for a reassign: say so rather than promise one.
            lines.push(crate::i18n::questions::reassign_not_undone(lang).to_string());
            return lines.join("\n");
        }
        let window = self.undo_window.map(|secs| {
            let until = (self.now + chrono::Duration::seconds(secs.max(0)))
                .with_timezone(&crate::domain::time::jst())
                .format("%H:%M")
                .to_string();
            (until, (secs.max(0) + 59) / 60)
        });
        lines.push(crate::i18n::questions::bulk_undo(lang, window));
        lines.join("\n")
    }
}

/// A bulk decision running in the worker, and whether the operator asked to
/// quit meanwhile.
#[derive(Default)]
pub struct BulkRun {
    /// Cases done and in all, while one runs.
    pub bulk: Option<(usize, usize)>,
    /// `q` was pressed while it ran: quit once it ends.
    pub quit_after_bulk: bool,
}
