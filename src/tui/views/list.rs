//! The case list: one line a case, only the visible rows, fetched by page.

use super::put;
use crate::desk::CaseRow;
use crate::domain::time::jst_date;
use crate::i18n::{Lang, Text, flag_code, state_name};
use crate::store::SortKey;
use crate::tui::app::App;
use crate::tui::text::{pad, pad_left, width};
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

/// A column of the list, as far as its header is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Due,
    Age,
    Ref,
    Name,
    State,
    Assignee,
    Flags,
}

/// The column a sort orders the list by, and whether it runs ascending
/// there. No column shows the received time: oldest received first is the
/// age column descending.
fn sorted_column(sort: SortKey, reverse: bool) -> (Col, bool) {
    match sort {
        SortKey::Due => (Col::Due, !reverse),
        SortKey::Age => (Col::Age, !reverse),
        SortKey::Received => (Col::Age, reverse),
        SortKey::Name => (Col::Name, !reverse),
        SortKey::State => (Col::State, !reverse),
        SortKey::Assignee => (Col::Assignee, !reverse),
    }
}

fn col_label(col: Col) -> Text {
    match col {
        Col::Due => Text::ColDue,
        Col::Age => Text::ColAge,
        Col::Ref => Text::ColRef,
        Col::Name => Text::ColName,
        Col::State => Text::ColState,
        Col::Assignee => Text::ColAssignee,
        Col::Flags => Text::ColFlags,
    }
}

/// The list's column header for `sort`: the sorted column's label ends in
/// `^` (ascending) or `v` (descending). A label that fills its column takes
/// the space before it; a sorted column the width has dropped is named,
/// marked, at the right end of the name column.
fn header(lang: Lang, c: &Columns, sort: SortKey, reverse: bool) -> String {
    let mut cols = Vec::with_capacity(7);
    if c.due {
        cols.push((Col::Due, 5));
    }
    cols.push((Col::Age, 4));
    cols.push((Col::Ref, c.reference));
    cols.push((Col::Name, c.name));
    cols.push((Col::State, c.state));
    if let Some(a) = c.assignee {
        cols.push((Col::Assignee, a));
    }
    cols.push((Col::Flags, c.flags));
    let (sorted, ascending) = sorted_column(sort, reverse);
    let marked = |col: Col| {
        format!(
            "{}{}",
            col_label(col).get(lang),
            if ascending { '^' } else { 'v' }
        )
    };
    let shown = cols.iter().any(|(col, _)| *col == sorted);
    let mut s = String::from("   ");
    for (i, &(col, cells)) in cols.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let label = col_label(col).get(lang);
        let piece = if col == sorted {
            let text = marked(col);
            let mut cells = cells;
            if width(&text) > cells && s.ends_with(' ') {
                s.pop();
                cells += 1;
            }
            if col == Col::Age {
                pad_left(&text, cells)
            } else {
                pad(&text, cells)
            }
        } else if col == Col::Name && !shown {
            let sort = marked(sorted);
            let keep = cells.saturating_sub(width(&sort) + 1);
            if keep == 0 {
                pad_left(&sort, cells)
            } else {
                format!("{} {}", pad(label, keep), pad_left(&sort, cells - keep - 1))
            }
        } else if col == Col::Age {
            pad_left(label, cells)
        } else {
            pad(label, cells)
        };
        s.push_str(&piece);
    }
    s
}

impl CaseList<'_> {
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
        let (mut reference, mut flags, mut state) = (
            width(Text::ColRef.get(l)).max(11),
            width(Text::ColFlags.get(l)),
            12,
        );
        for r in shown {
            reference = reference.max(width(&r.key.reference));
            flags = flags.max(width(&flag_codes(r)));
            state = state.max(width(state_name(l, r.state)).min(16));
        }
        let cols = Columns::fit(area.width as usize, reference, flags, state);
        put(
            buf,
            area.x,
            area.y,
            area.width,
            &header(l, &cols, list.sort, list.reverse),
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

    #[test]
    fn the_sorted_column_is_marked_and_a_full_label_takes_the_space_before_it() {
        let c = Columns::fit(80, 11, 7, 12);
        let h = |l, sort, rev| header(l, &c, sort, rev);
        assert!(h(Lang::Ja, SortKey::Due, false).starts_with("   期限^ "));
        assert!(h(Lang::En, SortKey::Due, true).starts_with("   duev "));
        // "日数" fills its four cells: the marker borrows the space before it.
        assert!(h(Lang::Ja, SortKey::Age, false).contains("期限 日数^ 受付番号"));
        assert!(h(Lang::En, SortKey::Age, false).contains("due   age^ ref"));
        // Received is the age column, the other way round.
        assert!(h(Lang::En, SortKey::Received, false).contains("due   agev ref"));
        assert!(h(Lang::En, SortKey::Assignee, false).contains("state       assignee^ flags"));
        for (l, sort) in [(Lang::Ja, SortKey::Name), (Lang::En, SortKey::State)] {
            let marked = h(l, sort, false);
            assert_eq!(width(&marked), 80, "{marked}");
            assert_eq!(marked.matches('^').count(), 1, "{marked}");
        }
    }

    #[test]
    fn a_sorted_column_the_width_dropped_is_named_at_the_end_of_the_name_column() {
        // The 120-column layout's list with loan refs: no assignee column.
        let c = Columns::fit(66, 12, 8, 12);
        assert!(c.assignee.is_none(), "{c:?}");
        for (l, want) in [(Lang::Ja, "割当v 状態"), (Lang::En, "assigneev state")] {
            let h = header(l, &c, SortKey::Assignee, true);
            assert!(h.contains(want), "{h}");
            assert!(h.contains(Text::ColName.get(l)), "{h}");
            assert_eq!(width(&h), 66, "{h}");
        }
        // Narrower still, the name's label gives way to the sort.
        let c = Columns::fit(50, 12, 8, 12);
        assert!(!c.due && c.assignee.is_none(), "{c:?}");
        let h = header(Lang::En, &c, SortKey::Due, false);
        assert!(h.contains("due^ state"), "{h}");
        assert_eq!(width(&h), 50, "{h}");
    }
}
