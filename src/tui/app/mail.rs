//! The view of notifications the mail relay refused, where a supervisor
//! retries or cancels one (the desk checks the role and audits it). Every
//! read and change is a desk call; the list is read again after each answer.

use super::answer::take;
use super::{Answer, App, Then};
use crate::desk::{Outgoing, Request};
use crate::i18n::Text;
use crate::tui::keymap::Command;

/// The failed notifications, with the selected one.
#[derive(Debug, Clone, PartialEq)]
pub struct MailView {
    pub rows: Vec<Outgoing>,
    pub selected: usize,
}

impl App {
    /// `F`: asks for the list; the view opens when it arrives.
    pub(in crate::tui) fn open_failed_mail(&mut self) {
        self.call(Request::FailedNotifications, Then::Mail { open: true });
    }

    /// Reads the list shown again (after a change, a reload, news from the server).
    pub(in crate::tui) fn reload_mail(&mut self) {
        if self.screens.mail().is_some() {
            self.call(Request::FailedNotifications, Then::Mail { open: false });
        }
    }

    /// The list's answer: opens the view (`open`) or refreshes the one shown,
    /// keeping the selection in range.
    pub(in crate::tui) fn mail_answered(&mut self, open: bool, answer: Answer) {
        match take::<Vec<Outgoing>>(answer) {
            Ok(rows) if open => {
                self.screens
                    .open(super::Screen::Mail(MailView { rows, selected: 0 }));
                self.after_move();
            }
            Ok(rows) => {
                if let Some(m) = self.screens.mail_mut() {
                    m.selected = m.selected.min(rows.len().saturating_sub(1));
                    m.rows = rows;
                }
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// The answer of a retry (`retried`) or a cancel of `id`; the list is read again.
    pub(in crate::tui) fn mail_changed(&mut self, id: u64, retried: bool, answer: Answer) {
        match take::<()>(answer) {
            Ok(()) => {
                let done = if retried {
                    Text::MailRetried
                } else {
                    Text::MailCancelled
                };
                self.set_info(format!("#{id} {}", done.get(self.lang)));
            }
            Err(f) => self.show_failure(&f),
        }
        self.reload_mail();
    }

    fn selected_mail(&self) -> Option<u64> {
        let m = self.screens.mail()?;
        m.rows.get(m.selected).map(|(o, _)| o.id)
    }

    /// A command in the mail view.
    pub(in crate::tui) fn mail_command(&mut self, c: Command) {
        match c {
            Command::Back => {
                self.screens.close();
                self.after_move();
            }
            Command::RetryMail | Command::CancelMail => {
                let Some(id) = self.selected_mail() else {
                    return;
                };
                let retried = c == Command::RetryMail;
                let request = if retried {
                    Request::RetryNotification { id }
                } else {
                    Request::CancelNotification { id }
                };
                self.call(request, Then::MailChanged { id, retried });
            }
            _ => {
                let Some(m) = self.screens.mail_mut() else {
                    return;
                };
                let last = m.rows.len().saturating_sub(1);
                m.selected = match c {
                    Command::Down => (m.selected + 1).min(last),
                    Command::Up => m.selected.saturating_sub(1),
                    Command::Top => 0,
                    Command::Bottom => last,
                    _ => m.selected,
                };
            }
        }
    }
}
