//! The notifications the mail relay refused: two rows each (id, queue, case,
//! recipient and attempts; then the relay's answer), the selected one
//! reversed. Only a role that may retry or cancel is shown those keys.

use super::{put, put_keys};
use crate::domain::Permission;
use crate::i18n::{Text, queue_name};
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Rows at the top that stay while the rest scrolls: the title, and the keys.
pub const HEADER: u16 = 2;

/// The failed-notifications view.
pub struct MailPane<'a> {
    pub app: &'a App,
}

impl Widget for MailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(view) = app.mail_view() else {
            return;
        };
        if area.height == 0 {
            return;
        }
        let l = app.lang;
        let title = format!("{} ({})", Text::MailView.get(l), view.rows.len());
        put(buf, area.x, area.y, area.width, &title, app.theme.header);
        let keys = if app.may(Permission::ManageMail) {
            Text::MailKeys
        } else {
            Text::MailKeysRead
        };
        put_keys(buf, area, keys.get(l), app.theme.dim);
        let top = area.y + HEADER.min(area.height);
        if view.rows.is_empty() {
            if top < area.bottom() {
                let none = format!("  {}", Text::MailNone.get(l));
                put(buf, area.x, top, area.width, &none, app.theme.dim);
            }
            return;
        }
        // Two rows per notification; the selected one stays in view.
        let fits = ((area.bottom() - top) / 2).max(1) as usize;
        let first = (view.selected + 1).saturating_sub(fits);
        for (i, (m, d)) in view.rows.iter().enumerate().skip(first).take(fits) {
            let y = top + 2 * (i - first) as u16;
            let head = format!(
                "#{} {} {} -> {} ({}x)",
                m.id,
                queue_name(l, m.queue),
                crate::i18n::case_ref_label(l, app.dates, m.queue, &m.case_ref),
                m.recipient,
                d.attempts
            );
            let answer = format!("    {}", d.answer.as_deref().unwrap_or("-"));
            put(buf, area.x, y, area.width, &head, Style::default());
            if y + 1 < area.bottom() {
                put(buf, area.x, y + 1, area.width, &answer, app.theme.error);
            }
            if i == view.selected {
                for yy in y..(y + 2).min(area.bottom()) {
                    for x in area.left()..area.right() {
                        if let Some(cell) = buf.cell_mut((x, yy)) {
                            cell.set_style(app.theme.selected);
                        }
                    }
                }
            }
        }
    }
}
