//! The case list: one line a case, only the visible rows, fetched by page.

use super::put;
use crate::desk::CaseRow;
use crate::domain::time::jst_date;
use crate::i18n::{Text, flag_code, state_name};
use crate::tui::app::App;
use crate::tui::text::{pad, pad_left};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Days before the due date when a case is marked `~` (due soon).
const SOON_DAYS: i64 = 3;

/// Column widths for a list of a given width; narrow lists drop columns.
#[derive(Debug, Clone, Copy)]
struct Columns {
    due: bool,
    reference: usize,
    name: usize,
    state: usize,
    assignee: Option<usize>,
    flags: usize,
}

impl Columns {
    fn for_width(w: usize) -> Columns {
        // Refs like W-2026-000123 are 13 characters; wide lists show longer ones.
        let reference = if w >= 90 {
            16
        } else if w >= 60 {
            13
        } else {
            11
        };
        let due = w >= 56;
        let assignee = (w >= 76).then_some(8);
        let state = 12;
        let fixed = 2
            + 1
            + if due { 6 } else { 0 }
            + 5
            + reference
            + 1
            + 1
            + state
            + 1
            + assignee.map(|a| a + 1).unwrap_or(0);
        let rest = w.saturating_sub(fixed);
        let flags = (rest / 3).clamp(4, 15).min(rest);
        let name = rest.saturating_sub(flags);
        Columns {
            due,
            reference,
            name,
            state,
            assignee,
            flags,
        }
    }
}

/// The list of the queue shown, with its column header.
pub struct CaseList<'a> {
    pub app: &'a App,
}

impl CaseList<'_> {
    fn header(&self, c: &Columns) -> String {
        let l = self.app.lang;
        let mut s = String::from("   ");
        if c.due {
            s.push_str(&pad(Text::ColDue.get(l), 5));
            s.push(' ');
        }
        s.push_str(&pad_left(Text::ColAge.get(l), 4));
        s.push(' ');
        s.push_str(&pad(Text::ColRef.get(l), c.reference));
        s.push(' ');
        s.push_str(&pad(Text::ColName.get(l), c.name));
        s.push(' ');
        s.push_str(&pad(Text::ColState.get(l), c.state));
        s.push(' ');
        if let Some(a) = c.assignee {
            s.push_str(&pad(Text::ColAssignee.get(l), a));
            s.push(' ');
        }
        s.push_str(&pad(Text::ColFlags.get(l), c.flags));
        s
    }

    /// The line of one case, as (text, style) pieces.
    fn line(&self, r: &CaseRow, c: &Columns) -> Vec<(String, Style)> {
        let app = self.app;
        let t = &app.theme;
        let marked = app.marks().contains(&r.key);
        let days_left = r.due.map(|d| (d - app.today).num_days());
        let (marker, mstyle) = if r.overdue {
            ("!", t.overdue)
        } else if r.state.is_open() && days_left.is_some_and(|d| d <= SOON_DAYS) {
            ("~", t.due_soon)
        } else {
            (" ", Style::default())
        };
        let mut out = vec![
            (if marked { "*" } else { " " }.to_string(), t.marked),
            (marker.to_string(), mstyle),
            (" ".to_string(), Style::default()),
        ];
        if c.due {
            let due = r
                .due
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_else(|| "  -  ".into());
            out.push((format!("{due} "), mstyle));
        }
        let age = (app.today - jst_date(&r.received_at)).num_days().max(0);
        out.push((
            format!("{} ", pad_left(&age.to_string(), 4)),
            Style::default(),
        ));
        out.push((format!("{} ", pad(&r.key.reference, c.reference)), t.accent));
        out.push((format!("{} ", pad(&r.name, c.name)), Style::default()));
        out.push((
            format!("{} ", pad(state_name(app.lang, r.state), c.state)),
            Style::default(),
        ));
        if let Some(a) = c.assignee {
            let who = r.assignee.as_deref().unwrap_or("-");
            out.push((format!("{} ", pad(who, a)), t.dim));
        }
        let flags: Vec<&str> = r.flags.iter().map(|f| flag_code(*f)).collect();
        out.push((pad(&flags.join(","), c.flags), t.error));
        out
    }
}

impl Widget for CaseList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let app = self.app;
        let cols = Columns::for_width(area.width as usize);
        put(
            buf,
            area.x,
            area.y,
            area.width,
            &self.header(&cols),
            app.theme.header,
        );
        let list = app.list();
        let total = list.total.unwrap_or(0) as usize;
        if total == 0 {
            let text = if list.total.is_none() {
                Text::Loading
            } else {
                Text::Empty
            };
            put(
                buf,
                area.x + 2,
                area.y + 1,
                area.width.saturating_sub(2),
                text.get(app.lang),
                app.theme.dim,
            );
            return;
        }
        for (n, y) in (area.y + 1..area.bottom()).enumerate() {
            let i = list.scroll + n;
            if i >= total {
                break;
            }
            let Some(row) = app.row(i) else {
                put(
                    buf,
                    area.x + 3,
                    y,
                    area.width.saturating_sub(3),
                    Text::Loading.get(app.lang),
                    app.theme.dim,
                );
                continue;
            };
            let selected = i == list.selected;
            let mut x = area.x;
            for (text, style) in self.line(row, &cols) {
                let style = if selected {
                    style.patch(app.theme.selected)
                } else {
                    style
                };
                if x >= area.right() {
                    break;
                }
                x += put(buf, x, y, area.right() - x, &text, style);
            }
            if selected {
                while x < area.right() {
                    x += put(buf, x, y, 1, " ", app.theme.selected).max(1);
                }
            }
        }
    }
}
