//! Help desk's view of a person: identity, duplicate warning, every case across
//! the queues, training periods with their checks, loans.

use super::detail::{Lines, check_line, day, person_fields};
use super::{put, put_keys, put_line};
use crate::i18n::{Text, msg, queue_name, state_label};
use crate::tui::app::drawn::Extent;
use crate::tui::app::{App, LookupView};
use crate::tui::text::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::StatefulWidget;

/// Rows at the top that stay while the rest scrolls: the number, and the keys.
pub const HEADER: usize = 2;

/// The lookup view; the selected case is reversed and Enter jumps to it.
pub struct LookupPane<'a> {
    pub app: &'a App,
}

/// The scrolling lines of the lookup view, and the index of its first case line.
pub fn lines(app: &App, view: &LookupView, width: usize) -> (Vec<Line<'static>>, usize) {
    let l = app.lang;
    let d = &view.data;
    let mut out = Lines::new(app, width);
    if !d.matches.is_empty() {
        // A name several people have: one row each, with what tells them apart.
        out.head(&crate::i18n::msg::callers(l, d.matches.len()));
        let first = out.out.len();
        for p in &d.matches {
            let text = format!(
                "  {} {} ({}) {} {}",
                p.registration_number,
                crate::text::sanitize(&p.name),
                crate::text::sanitize(p.name_kana.as_deref().unwrap_or("-")),
                day(app, p.birth_date),
                crate::text::sanitize(p.email.as_deref().unwrap_or("-")),
            );
            out.out.push(Line::from(fit(&text, width)));
        }
        return (out.out, first);
    }
    out.head(Text::Identity.get(l));
    if let Some(from) = &d.linked_from {
        let text = msg::linked_from(l, from, &d.registration_number);
        out.text(&format!("  {text}"), app.theme.dim);
    }
    match &d.person {
        Some(p) => person_fields(&mut out, p),
        None => out.text(&format!("  {}", Text::NoPerson.get(l)), app.theme.error),
    }
    if !d.duplicates.is_empty() {
        out.text(
            &format!("!! {}", Text::DuplicateWarn.get(l)),
            app.theme.error,
        );
        for p in &d.duplicates {
            let line = msg::duplicate_of(
                l,
                p.registration_number.as_str(),
                &p.name,
                &day(app, p.birth_date),
            );
            out.text(&format!("   {line}"), app.theme.error);
        }
    }
    out.head(Text::CasesHead.get(l));
    let first_case = out.out.len();
    if d.cases.is_empty() {
        out.text(&format!("  {}", Text::None_.get(l)), app.theme.dim);
    }
    if d.elsewhere > 0 {
        let text = crate::i18n::orgs::elsewhere(l, d.elsewhere);
        out.text(&format!("  {text}"), app.theme.dim);
    }
    for c in &d.cases {
        let marker = if c.overdue { "!" } else { " " };
        let due = c.due.map(|d| day(app, d)).unwrap_or_else(|| "-".into());
        let text = format!(
            "{marker} {} {} {} {} {}",
            queue_name(l, c.key.queue),
            crate::i18n::case_ref_label(l, app.dates, c.key.queue, &c.key.reference),
            state_label(l, c.state),
            due,
            c.name
        );
        let style = if c.overdue {
            app.theme.overdue
        } else {
            Style::default()
        };
        // One row per case, so that the selection maps to a row.
        out.out
            .push(Line::from(Span::styled(fit(&text, width), style)));
    }
    if !d.enquiries.is_empty() {
        out.head(Text::EnquiriesHead.get(l));
        for line in super::enquiry::lookup_lines(app, &d.enquiries) {
            out.out.push(Line::from(fit(&line, width)));
        }
    }
    out.head(Text::TrainingHead.get(l));
    if let Some(p) = &d.person {
        // The dates first, whole, so that a narrow screen cuts the name, never a date.
        for t in &p.training_periods {
            let text = format!(
                "  {} .. {}  {}",
                day(app, t.start),
                day(app, t.end),
                crate::i18n::labels::facility_label(
                    d.facility_names.get(t.facility.as_str()),
                    t.facility.as_str()
                )
            );
            out.out.push(Line::from(fit(&text, width)));
        }
    }
    for check in &d.training {
        check_line(&mut out, check);
    }
    out.head(Text::LoansHead.get(l));
    if d.loans.is_empty() {
        out.text(&format!("  {}", Text::None_.get(l)), app.theme.dim);
    }
    for loan in &d.loans {
        let line = msg::loan_line(
            l,
            app.dates,
            &loan.loan_id,
            loan.first_fiscal_year,
            loan.years_approved,
            &crate::i18n::labels::yen(l, loan.principal()),
        );
        out.text(&format!("  {line}"), Style::default());
        if let Some(s) = d.loan_standing.iter().find(|s| s.loan_id == loan.loan_id) {
            let standing = crate::i18n::loan::standing(l, app.dates, s, app.today);
            let style = if s.outstanding.is_some_and(|o| o > 0) {
                app.theme.error
            } else {
                Style::default()
            };
            out.text(&format!("    {standing}"), style);
        }
    }
    (out.out, first_case)
}

/// Reports the lines below its header, the rows they had, and the line of
/// the first case.
impl StatefulWidget for LookupPane<'_> {
    type State = Option<(Extent, usize)>;

    fn render(self, area: Rect, buf: &mut Buffer, drawn: &mut Option<(Extent, usize)>) {
        let app = self.app;
        let Some(view) = app.lookup_view() else {
            return;
        };
        let l = app.lang;
        let d = &view.data;
        let w = area.width as usize;
        let (all, first_case) = lines(app, view, w);
        let rows = (area.height as usize).saturating_sub(HEADER);
        let extent = Extent {
            lines: all.len(),
            rows,
        };
        *drawn = Some((extent, first_case));
        let scroll = view.scroll.min(extent.max_scroll());
        let shown_to = (scroll + rows).min(all.len());
        let pos = msg::line_position(l, scroll + 1, shown_to, all.len());
        let title = format!(
            "{} {} {}",
            Text::LookupView.get(l),
            Text::RegNo.get(l),
            d.registration_number
        );
        let pw = crate::tui::text::width(&pos);
        let tw = w.saturating_sub(pw + 1);
        put(buf, area.x, area.y, tw as u16, &title, app.theme.header);
        if pw < w {
            put(
                buf,
                area.x + (w - pw) as u16,
                area.y,
                pw as u16,
                &pos,
                app.theme.dim,
            );
        }
        put_keys(buf, area, Text::LookupKeys.get(l), app.theme.dim);
        let selected_row = first_case + view.selected;
        let top = area.top() + HEADER as u16;
        for ((i, line), y) in all.iter().enumerate().skip(scroll).zip(top..area.bottom()) {
            put_line(buf, area.x, y, area.width, line);
            if i == selected_row && (!d.cases.is_empty() || !d.matches.is_empty()) {
                for x in area.left()..area.right() {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(app.theme.selected);
                    }
                }
            }
        }
    }
}
