//! The case list: one line a case, only the visible rows, fetched by page.

use super::put;
use crate::desk::CaseRow;
use crate::domain::time::jst_date;
use crate::i18n::dates::due_column;
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

/// Column widths for a list of a given width. The name is what a clerk
/// reads a row by, so it keeps a minimum while the less telling columns give
/// way: the assignee first, then the state is shortened, a long ref (a loan
/// follow-up in words) cut to its topic, the due date dropped, the ref cut
/// shorter, then the flags, then the ref down to its loan id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    due: bool,
    /// The due date's cells: 5 for `11-21`, more for `R8.11.21`.
    due_cells: usize,
    reference: usize,
    name: usize,
    state: usize,
    assignee: Option<usize>,
    flags: usize,
}

/// The name column's minimum on a list this wide: 16 cells from 60 columns
/// (the 120-column layout's list), 10 on narrower ones.
fn name_min(w: usize) -> usize {
    if w >= 60 { 16 } else { 10 }
}

/// A ref is cut no shorter than a loan id (`L-2021-00001`), flags no
/// shorter than one code.
const REF_MIN: usize = 12;
const FLAGS_MIN: usize = 5;
/// A ref in words is cut to its loan id and topic (`L-2021-00001
/// 勤務日数不足`) before the due date goes, then shorter before the flags.
const REF_WORDS: usize = 25;
const REF_SHORT: usize = 20;

impl Columns {
    /// `reference` and `flags`: the widest ref and flag list among the rows shown.
    /// `names`: the widest name among them (the minimum need not pass it).
    /// `due`: the widest due date among them.
    fn fit(
        w: usize,
        due: usize,
        reference: usize,
        flags: usize,
        state: usize,
        names: usize,
    ) -> Columns {
        let mut c = Columns {
            due: true,
            due_cells: due,
            reference,
            name: 0,
            state,
            assignee: Some(8),
            flags,
        };
        let fixed = |c: &Columns| {
            3 + if c.due { c.due_cells + 1 } else { 0 }
                + 5
                + c.reference
                + 1
                + 1
                + c.state
                + 1
                + c.assignee.map(|a| a + 1).unwrap_or(0)
                + c.flags
        };
        let min = name_min(w).min(names.max(4));
        let over = |c: &Columns| (fixed(c) + min).saturating_sub(w);
        let cut = |col: &mut usize, floor: usize, over: usize| {
            *col -= over.min(col.saturating_sub(floor));
        };
        if over(&c) > 0 {
            c.assignee = None;
        }
        if over(&c) > 0 {
            c.state = c.state.min(8);
        }
        let o = over(&c);
        cut(&mut c.reference, REF_WORDS, o);
        if over(&c) > 0 {
            c.due = false;
        }
        let o = over(&c);
        cut(&mut c.reference, REF_SHORT, o);
        let o = over(&c);
        cut(&mut c.flags, FLAGS_MIN, o);
        let o = over(&c);
        cut(&mut c.reference, REF_MIN, o);
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
        cols.push((Col::Due, c.due_cells));
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
            // A label cut to `氏…` says less than none: the sort alone.
            if keep < width(label) {
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
                .map(|d| due_column(d, app.dates))
                .unwrap_or_else(|| "  -".into());
            out.push((format!("{} ", pad(&due, c.due_cells)), mstyle));
        }
        let age = (app.today - jst_date(&r.received_at)).num_days().max(0);
        out.push((
            format!("{} ", pad_left(&age.to_string(), 4)),
            Style::default(),
        ));
        out.push((
            format!("{} ", pad(&app.ref_label(&r.key), c.reference)),
            t.accent,
        ));
        out.push((format!("{} ", pad(&r.name, c.name)), Style::default()));
        out.push((
            format!("{} ", pad(state_name(app.lang, r.state), c.state)),
            Style::default(),
        ));
        if let Some(a) = c.assignee {
            let who = r.assignee.as_deref().map_or("-", |a| app.short_name(a));
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
        let mut due = 5;
        let (mut reference, mut flags, mut state, mut names) = (
            width(Text::ColRef.get(l)).max(11),
            width(Text::ColFlags.get(l)),
            12,
            width(Text::ColName.get(l)),
        );
        for r in shown {
            if let Some(d) = r.due {
                due = due.max(width(&due_column(d, app.dates)));
            }
            reference = reference.max(width(&app.ref_label(&r.key)));
            flags = flags.max(width(&flag_codes(r)));
            state = state.max(width(state_name(l, r.state)).min(16));
            names = names.max(width(&r.name));
        }
        let cols = Columns::fit(area.width as usize, due, reference, flags, state, names);
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
    fn the_name_keeps_room_and_the_less_telling_columns_give_way() {
        let wide = Columns::fit(120, 5, 13, 8, 12, 40);
        assert_eq!((wide.reference, wide.flags), (13, 8));
        assert!(wide.assignee.is_some() && wide.due);
        // 80 columns with a long ref and many flags: the assignee goes first.
        let narrow = Columns::fit(80, 5, 22, 14, 12, 40);
        assert_eq!((narrow.reference, narrow.flags), (22, 14));
        assert!(narrow.assignee.is_none() && narrow.name >= 10, "{narrow:?}");
        // 80 columns, a loan follow-up's ref in words: cut, the name keeps 10.
        let words = Columns::fit(80, 5, 36, 14, 12, 40);
        assert!(words.name >= 10 && words.reference >= REF_MIN, "{words:?}");
        // The 120-column layout's list: the name keeps 16, short flags stay whole.
        let loans = Columns::fit(66, 5, 36, 8, 12, 40);
        assert_eq!(loans.flags, 8, "{loans:?}");
        assert!(loans.name >= 16 && loans.reference >= REF_MIN, "{loans:?}");
        let many = Columns::fit(66, 5, 36, 14, 12, 40);
        assert!(many.name >= 16 && many.flags >= FLAGS_MIN, "{many:?}");
        // Every width is filled, with a due date of `11-21` or `R10.12.31`.
        for (w, due) in [40, 50, 62, 66, 80, 120]
            .into_iter()
            .flat_map(|w| [(w, 5), (w, 9)])
        {
            for (r, f) in [(11, 4), (22, 14), (40, 20)] {
                let c = Columns::fit(w, due, r, f, 12, 40);
                let used = 3
                    + if c.due { due + 1 } else { 0 }
                    + 5
                    + c.reference
                    + 1
                    + c.name
                    + 1
                    + c.state
                    + 1
                    + c.assignee.map(|a| a + 1).unwrap_or(0)
                    + c.flags;
                assert_eq!(used, w, "{w} {c:?}");
            }
        }
        // Short names leave their room to a ref in words.
        let short = Columns::fit(66, 5, 33, 16, 12, 9);
        assert_eq!(short.flags, 16, "{short:?}");
        assert!(short.reference >= REF_SHORT && short.name >= 9, "{short:?}");
        let tiny = Columns::fit(40, 5, 22, 14, 12, 40);
        assert!(tiny.name >= 4, "{tiny:?}");
    }

    #[test]
    fn the_sorted_column_is_marked_and_a_full_label_takes_the_space_before_it() {
        let c = Columns::fit(80, 5, 11, 7, 12, 40);
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
        let c = Columns::fit(66, 5, 12, 8, 12, 40);
        assert!(c.assignee.is_none(), "{c:?}");
        for (l, want) in [(Lang::Ja, "割当v 状態"), (Lang::En, "assigneev state")] {
            let h = header(l, &c, SortKey::Assignee, true);
            assert!(h.contains(want), "{h}");
            assert!(h.contains(Text::ColName.get(l)), "{h}");
            assert_eq!(width(&h), 66, "{h}");
        }
        // Narrower still, the name's label gives way to the sort.
        let c = Columns::fit(50, 5, 12, 8, 12, 40);
        assert!(!c.due && c.assignee.is_none(), "{c:?}");
        let h = header(Lang::En, &c, SortKey::Due, false);
        assert!(h.contains("due^ state"), "{h}");
        assert_eq!(width(&h), 50, "{h}");
    }
}
