//! The notifications the mail relay refused: one row each (id, case,
//! recipient, attempts, the relay's answer); the selected one is reversed.

use super::detail::Lines;
use super::put_line;
use crate::i18n::{Text, queue_name};
use crate::tui::app::App;
use crate::tui::text::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

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
        let l = app.lang;
        let mut out = Lines::new(app, area.width as usize);
        out.text(Text::MailView.get(l), app.theme.header);
        out.text(Text::MailKeys.get(l), app.theme.dim);
        let first = out.out.len();
        if view.rows.is_empty() {
            out.text(&format!("  {}", Text::MailNone.get(l)), app.theme.dim);
        }
        for (m, d) in &view.rows {
            let text = format!(
                "#{} {} {} -> {} ({}x): {}",
                m.id,
                queue_name(l, m.queue),
                m.case_ref,
                m.recipient,
                d.attempts,
                d.answer.as_deref().unwrap_or("")
            );
            // One row per message, so that the selection maps to a row.
            out.out.push(Line::from(Span::styled(
                fit(&crate::text::sanitize(&text), area.width as usize),
                app.theme.error,
            )));
        }
        let selected_row = first + view.selected;
        let scroll = (selected_row + 3).saturating_sub(area.height as usize);
        for ((i, line), y) in out
            .out
            .iter()
            .enumerate()
            .skip(scroll)
            .zip(area.top()..area.bottom())
        {
            put_line(buf, area.x, y, area.width, line);
            if i == selected_row && !view.rows.is_empty() {
                for x in area.left()..area.right() {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(app.theme.selected);
                    }
                }
            }
        }
    }
}
