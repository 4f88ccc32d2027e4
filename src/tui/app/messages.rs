//! The status message: one at a time, expiring, dropped as soon as it no
//! longer holds (a word about marks once the marks change), and the last
//! `HISTORY` kept for `m`.

use super::{App, Popup};
use crate::domain::Timestamp;

/// How many messages the history keeps.
pub const HISTORY: usize = 50;
const INFO_SECS: i64 = 6;
const ERROR_SECS: i64 = 15;

/// A line in the status bar and until when it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    pub until: Timestamp,
    /// When it was said.
    pub at: Timestamp,
    /// A message about the marks holds only while their count is this.
    pub marks: Option<usize>,
    /// A refused filter: it holds only until the filter reads again.
    pub filter: bool,
}

impl App {
    fn say(&mut self, text: String, error: bool, marks: Option<usize>) {
        let secs = if error { ERROR_SECS } else { INFO_SECS };
        let m = Message {
            text,
            error,
            until: self.now + chrono::Duration::seconds(secs),
            at: self.now,
            marks,
            filter: false,
        };
        if self.history.len() >= HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(m.clone());
        self.message = Some(m);
    }

    pub(in crate::tui) fn set_info(&mut self, text: String) {
        self.say(text, false, None);
    }

    pub(in crate::tui) fn set_error(&mut self, text: String) {
        self.say(text, true, None);
    }

    /// A message about the marks (it goes when their count changes).
    pub(in crate::tui) fn set_marks_info(&mut self, text: String) {
        let n = self.queues.marks.len();
        self.say(text, false, Some(n));
    }

    /// A refused filter term, said while the filter is typed: it goes as soon
    /// as the filter reads again.
    pub(in crate::tui) fn set_filter_error(&mut self, text: String) {
        self.say(text, true, None);
        if let Some(m) = &mut self.message {
            m.filter = true;
        }
    }

    /// The filter reads again: a refusal of an earlier keystroke no longer holds.
    pub(in crate::tui) fn filter_reads(&mut self) {
        if self.message.as_ref().is_some_and(|m| m.filter) {
            self.message = None;
        }
    }

    pub(in crate::tui) fn expire_message(&mut self) {
        if self.message.as_ref().is_some_and(|m| self.now >= m.until) {
            self.message = None;
        }
    }

    pub(in crate::tui) fn drop_stale_message(&mut self) {
        let n = self.queues.marks.len();
        if self
            .message
            .as_ref()
            .is_some_and(|m| m.marks.is_some_and(|k| k != n))
        {
            self.message = None;
        }
    }

    /// When the screen next needs a `Tick` (a message to expire), if ever.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.message.as_ref().map(|m| m.until)
    }

    /// The messages said, oldest first.
    pub fn history(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.history.iter()
    }

    pub(in crate::tui) fn open_messages(&mut self) {
        self.popup = Some(Popup::Messages { scroll: 0 });
    }
}
