//! The view of notifications the mail relay refused, where a supervisor
//! retries or cancels one (the desk checks the role and audits it).

use super::App;
use crate::desk::{Ask, Outgoing, Request};
use crate::i18n::{Text, error_text, msg};

/// The failed notifications, with the selected one.
#[derive(Debug, Clone, PartialEq)]
pub struct MailView {
    pub rows: Vec<Outgoing>,
    pub selected: usize,
}

impl App {
    pub(in crate::tui) fn open_failed_mail(&mut self) {
        match self.port.ask(Request::FailedNotifications) {
            Ok(rows) => self.mail = Some(MailView { rows, selected: 0 }),
            Err(e) => self.set_error(msg::refused(self.lang, &error_text(self.lang, &e))),
        }
    }

    pub(in crate::tui) fn reload_mail(&mut self) {
        let selected = self.mail.as_ref().map_or(0, |m| m.selected);
        if let Ok(rows) = self.port.ask::<Vec<Outgoing>>(Request::FailedNotifications) {
            let selected = selected.min(rows.len().saturating_sub(1));
            self.mail = Some(MailView { rows, selected });
        }
    }

    pub(in crate::tui) fn move_in_mail(&mut self, down: bool) {
        if let Some(m) = &mut self.mail {
            m.selected = if down {
                (m.selected + 1).min(m.rows.len().saturating_sub(1))
            } else {
                m.selected.saturating_sub(1)
            };
        }
    }

    fn selected_mail(&self) -> Option<u64> {
        let m = self.mail.as_ref()?;
        m.rows.get(m.selected).map(|(o, _)| o.id)
    }

    pub(in crate::tui) fn retry_selected_mail(&mut self) {
        let Some(id) = self.selected_mail() else {
            return;
        };
        match self.port.ask::<()>(Request::RetryNotification { id }) {
            Ok(()) => self.set_info(format!("#{id} {}", Text::MailRetried.get(self.lang))),
            Err(e) => self.set_error(msg::refused(self.lang, &error_text(self.lang, &e))),
        }
        self.reload_mail();
    }

    pub(in crate::tui) fn cancel_selected_mail(&mut self) {
        let Some(id) = self.selected_mail() else {
            return;
        };
        match self.port.ask::<()>(Request::CancelNotification { id }) {
            Ok(()) => self.set_info(format!("#{id} {}", Text::MailCancelled.get(self.lang))),
            Err(e) => self.set_error(msg::refused(self.lang, &error_text(self.lang, &e))),
        }
        self.reload_mail();
    }
}
