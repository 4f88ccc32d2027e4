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

/// Column widths for a list of a given width. The ref and the flags of the
/// rows shown are kept whole; the name gives way first, then the assignee
/// and the due date are dropped, then the state is shortened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    due: bool,
    reference: usize,
    name: usize,
    state: usize,
    assignee: Option<usize>,
    flags: usize,
}

/// The name column never shrinks below this while others can give way.
const NAME_MIN: usize = 10;

impl Columns {
    /// `reference` and `flags`: the widest ref and flag list among the rows shown.
    fn fit(w: usize, reference: usize, flags: usize, state: usize) -> Columns {
        let mut c = Columns {
            due: true,
            reference,
            name: 0,
            state,
            assignee: Some(8),
            flags,
        };
        let fixed = |c: &Columns| {
            3 + if c.due { 6 } else { 0 }
                + 5
                + c.reference
                + 1
                + 1
                + c.state
                + 1
                + c.assignee.map(|a| a + 1).unwrap_or(0)
                + c.flags
        };
        // A generous name first, on wide lists.
        let mut steps = 0;
        while w.saturating_sub(fixed(&c)) < NAME_MIN && steps < 3 {
            match steps {
                0 => c.assignee = None,
                1 => c.due = false,
                _ => c.state = c.state.min(8),
            }
            steps += 1;
        }
        let rest = w.saturating_sub(fixed(&c));
        if rest < 4 {
            // Not even a short name: the flags, then the ref, give way last.
            let short = 4 - rest;
            let from_flags = short.min(c.flags.saturating_sub(4));
            c.flags -= from_flags;
            c.reference = c.reference.saturating_sub(short - from_flags).max(6);
        }
        c.name = w.saturating_sub(fixed(&c)).max(if w > 30 { 4 } else { 0 });
        c
    }
}

fn flag_codes(r: &CaseRow) -> String {
    let codes: Vec<&str> = r.flags.iter().map(|f| flag_code(*f)).collect();
    codes.join(",")
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
        out.push((pad(&flag_codes(r), c.flags), t.error));
        out
    }
}

impl Widget for CaseList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let app = self.app;
        let list = app.list();
        let l = app.lang;
        let shown = (list.scroll..list.scroll + area.height.saturating_sub(1) as usize)
            .filter_map(|i| app.row(i));
        let w = crate::tui::text::width;
        let (mut reference, mut flags, mut state) =
            (w(Text::ColRef.get(l)).max(11), w(Text::ColFlags.get(l)), 12);
        for r in shown {
            reference = reference.max(w(&r.key.reference));
            flags = flags.max(w(&flag_codes(r)));
            state = state.max(w(state_name(l, r.state)).min(16));
        }
        let cols = Columns::fit(area.width as usize, reference, flags, state);
        put(
            buf,
            area.x,
            area.y,
            area.width,
            &self.header(&cols),
            app.theme.header,
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_gives_way_first_and_ref_and_flags_stay_whole() {
        let wide = Columns::fit(120, 13, 8, 12);
        assert_eq!((wide.reference, wide.flags), (13, 8));
        assert!(wide.assignee.is_some() && wide.due);
        // 80 columns with a long loan ref and many flags: the assignee goes first.
        let narrow = Columns::fit(80, 22, 14, 12);
        assert_eq!((narrow.reference, narrow.flags), (22, 14));
        assert!(narrow.name >= NAME_MIN, "{narrow:?}");
        // The wide layout's list (62 columns) with loan refs keeps them whole.
        let loans = Columns::fit(62, 22, 14, 12);
        assert_eq!((loans.reference, loans.flags), (22, 14));
        assert!(loans.name >= 4, "{loans:?}");
        let tiny = Columns::fit(40, 22, 14, 12);
        assert!(tiny.name >= 4, "{tiny:?}");
    }
}
