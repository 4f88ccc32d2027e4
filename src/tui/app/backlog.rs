//! The backlog overview's screen state (`B`, `:backlog`): which queue, which
//! table and cell the cursor is on, and the query `Enter` opens for a cell.

use super::answer::{Answer, take};
use super::{App, Then};
use crate::desk::{Backlog, Request};
use crate::domain::Queue;
use crate::tui::keymap::Command;

/// The queue table's columns, as `Enter` filters them.
pub const QUEUE_COLUMNS: [&str; 7] = ["open", "overdue", "due_7d", "0-7", "8-30", "31-90", "90+"];

/// The assignee table's columns.
pub const ASSIGNEE_COLUMNS: [&str; 2] = ["open", "overdue"];

/// Which table the cursor is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Queues,
    Assignees,
}

/// The overview on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogScreen {
    pub data: Backlog,
    pub focus: Focus,
    /// The queue row (and the queue whose assignees and ages are shown).
    pub queue: usize,
    /// The assignee row, in the assignee table.
    pub assignee: usize,
    pub column: usize,
}

impl BacklogScreen {
    pub fn new(data: Backlog) -> Self {
        BacklogScreen {
            data,
            focus: Focus::Queues,
            queue: 0,
            assignee: 0,
            column: 0,
        }
    }

    fn columns(&self) -> usize {
        match self.focus {
            Focus::Queues => QUEUE_COLUMNS.len(),
            Focus::Assignees => ASSIGNEE_COLUMNS.len(),
        }
    }

    fn assignees(&self) -> usize {
        self.data
            .queues
            .get(self.queue)
            .map_or(0, |q| q.assignees.len())
    }

    /// Moves down a row of the table in focus.
    pub fn down(&mut self) {
        match self.focus {
            Focus::Queues if self.queue + 1 < self.data.queues.len() => self.queue += 1,
            Focus::Assignees if self.assignee + 1 < self.assignees() => self.assignee += 1,
            _ => {}
        }
    }

    /// Moves up a row of the table in focus.
    pub fn up(&mut self) {
        match self.focus {
            Focus::Assignees => self.assignee = self.assignee.saturating_sub(1),
            Focus::Queues => self.queue = self.queue.saturating_sub(1),
        }
    }

    /// Switches between the queue table and the shown queue's assignees (`Tab`).
    pub fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Focus::Queues if self.assignees() > 0 => Focus::Assignees,
            _ => Focus::Queues,
        };
        self.assignee = 0;
        self.column = self.column.min(self.columns() - 1);
    }

    pub fn left(&mut self) {
        self.column = self.column.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.column = (self.column + 1).min(self.columns() - 1);
    }

    /// The queue and query `Enter` opens: the cell's cases (e.g. tanaka's
    /// overdue transfers: `assignee:tanaka overdue`).
    pub fn cell_query(&self) -> Option<(Queue, String)> {
        let q = self.data.queues.get(self.queue)?;
        let query = match self.focus {
            Focus::Queues => match *QUEUE_COLUMNS.get(self.column)? {
                "overdue" => "overdue",
                "due_7d" => "due>-1 due<+8",
                "0-7" => "age<8",
                "8-30" => "age>7 age<31",
                "31-90" => "age>30 age<91",
                "90+" => "age>90",
                _ => "",
            }
            .to_string(),
            Focus::Assignees => {
                let a = q.assignees.get(self.assignee)?;
                let who = match &a.assignee {
                    Some(n) => format!("assignee:{n}"),
                    None => "assignee:none".to_string(),
                };
                match *ASSIGNEE_COLUMNS.get(self.column)? {
                    "overdue" => format!("{who} overdue"),
                    _ => who,
                }
            }
        };
        Some((q.queue, query))
    }
}

impl App {
    /// `B`, `:backlog`: asks for the overview; it opens when it arrives.
    pub(in crate::tui) fn open_backlog(&mut self) {
        self.call(Request::Backlog { filter: None }, Then::Backlog);
    }

    /// The overview's answer: opens it, or refreshes the one shown keeping
    /// the cursor where it was (within range).
    pub(in crate::tui) fn backlog_answered(&mut self, answer: Answer) {
        match take::<Backlog>(answer) {
            Ok(data) => {
                let mut screen = BacklogScreen::new(data);
                if let Some(old) = self.screens.backlog() {
                    screen.queue = old.queue.min(screen.data.queues.len().saturating_sub(1));
                    if old.focus == Focus::Assignees && screen.assignees() > 0 {
                        screen.focus = Focus::Assignees;
                        screen.assignee = old.assignee.min(screen.assignees() - 1);
                    }
                    screen.column = old.column.min(screen.columns() - 1);
                }
                // Read again where it is, or shown on top.
                self.screens.refresh(super::Screen::Backlog(screen));
                self.after_move();
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// A command in the overview: moves, `Enter` opens the cell's cases in
    /// their queue (filtered), `Esc` goes back to the list.
    pub(in crate::tui) fn backlog_command(&mut self, c: Command) {
        match c {
            Command::Back => {
                self.screens.close();
                self.after_move();
            }
            Command::Open => {
                let Some((queue, query)) = self.screens.backlog().and_then(|b| b.cell_query())
                else {
                    return;
                };
                // The cell's cases are in the list, under no other screen.
                self.screens.close_all();
                self.queues.queue = queue;
                let query = crate::i18n::filter_text(self.lang, self.dates, &query);
                if self.list().text == query {
                    self.after_move();
                } else {
                    self.set_filter(query);
                }
            }
            _ => {
                let Some(b) = self.screens.backlog_mut() else {
                    return;
                };
                match c {
                    Command::Down => b.down(),
                    Command::Up => b.up(),
                    Command::Left => b.left(),
                    Command::Right => b.right(),
                    Command::SwitchTable => b.toggle_focus(),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::desk::{AgeBuckets, AssigneeLoad, QueueBacklog, WeekFlow};
    use crate::domain::time::ymd;

    /// A backlog with Japanese assignees, for this module and the view's snapshots.
    pub fn sample() -> Backlog {
        let queue = |queue, open: u64, assignees: Vec<AssigneeLoad>| QueueBacklog {
            queue,
            open,
            overdue: open / 3,
            due_7d: open / 10,
            age: AgeBuckets {
                d0_7: open / 5,
                d8_30: open / 4,
                d31_90: open / 3,
                d90_plus: open - open / 5 - open / 4 - open / 3,
            },
            assignees,
        };
        let load = |who: Option<&str>, open, overdue, oldest_days| AssigneeLoad {
            assignee: who.map(str::to_string),
            open,
            overdue,
            oldest_days,
        };
        Backlog {
            as_of: ymd(2026, 11, 21),
            queues: vec![
                queue(
                    Queue::Withdrawal,
                    412,
                    vec![
                        load(None, 380, 120, 233),
                        load(Some("tanaka"), 26, 9, 120),
                        load(Some("鈴木"), 6, 0, 12),
                    ],
                ),
                queue(Queue::Transfer, 650, vec![load(None, 650, 210, 300)]),
                queue(
                    Queue::FacilityReport,
                    462,
                    vec![load(None, 450, 60, 90), load(Some("sato"), 12, 3, 40)],
                ),
                queue(Queue::LoanFollowup, 31, vec![load(None, 31, 9, 400)]),
            ],
            weeks: (0..12)
                .map(|i| WeekFlow {
                    week: format!("2026-W{:02}", 36 + i),
                    arrived: 30 + (i as u64 * 7) % 25,
                    decided: 20 + (i as u64 * 11) % 30,
                })
                .collect(),
            enquiries: crate::desk::EnquiryBacklog {
                open: 7,
                oldest_days: Some(12),
            },
        }
    }

    #[test]
    fn the_cursor_walks_the_tables_and_enter_filters_the_cell() {
        let mut s = BacklogScreen::new(sample());
        assert_eq!(s.cell_query(), Some((Queue::Withdrawal, String::new())));
        s.right();
        assert_eq!(s.cell_query(), Some((Queue::Withdrawal, "overdue".into())));
        s.down();
        assert_eq!(s.cell_query(), Some((Queue::Transfer, "overdue".into())));
        for _ in 0..10 {
            s.right();
        }
        assert_eq!(s.cell_query(), Some((Queue::Transfer, "age>90".into())));
        s.left();
        assert_eq!(
            s.cell_query(),
            Some((Queue::Transfer, "age>30 age<91".into()))
        );
        s.up();
        s.toggle_focus();
        assert_eq!(s.focus, Focus::Assignees);
        assert_eq!(
            s.cell_query(),
            Some((Queue::Withdrawal, "assignee:none overdue".into()))
        );
        s.down();
        s.left();
        assert_eq!(
            s.cell_query(),
            Some((Queue::Withdrawal, "assignee:tanaka".into()))
        );
        for _ in 0..5 {
            s.down();
        }
        assert_eq!(
            s.cell_query(),
            Some((Queue::Withdrawal, "assignee:鈴木".into()))
        );
        s.toggle_focus();
        assert_eq!(s.focus, Focus::Queues);
    }
}
