//! The enquiry log drawn: the form that logs one (a box over the lookup,
//! each field on its row, what is wrong with it on the row under it), the
//! open enquiries with their age, and a person's enquiries in the lookup.

use super::popup::{draw_input, input_cursor};
use super::{centred, draw_box, inside_box, put};
use crate::domain::enquiry::{Enquiry, EnquiryStatus};
use crate::i18n::enquiry::{age, channel_name, field_name, problem, status_name};
use crate::i18n::{DateWidth, Lang, Text};
use crate::tui::app::{App, EnquiriesScreen, EnquiryForm, FormField};
use crate::tui::text::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Cells of the label column of the form.
const LABEL: u16 = 12;

/// Where the form goes: centred, at most 76 wide and as tall as its rows
/// (the person, the fields with a row under each that has a problem, the keys).
pub fn form_rect(form: &EnquiryForm, area: Rect) -> Rect {
    let problems = FormField::ALL
        .iter()
        .filter(|f| form.problem(**f).is_some())
        .count() as u16;
    let w = area.width.saturating_sub(4).min(76);
    let h = (11 + problems).min(area.height);
    centred(area, w, h)
}

fn label(lang: Lang, f: FormField) -> &'static str {
    match f.field() {
        Some(field) => field_name(lang, field),
        None => Text::EnquiryStatusLabel.get(lang),
    }
}

/// Each field's row, and the row under it for its problem (if any).
fn rows(form: &EnquiryForm, inner: Rect) -> Vec<(FormField, u16)> {
    let mut y = inner.y + 2;
    let mut out = Vec::new();
    for f in FormField::ALL {
        out.push((f, y));
        y += 1 + u16::from(form.problem(f).is_some());
    }
    out
}

/// The note's field on the screen.
fn note_area(form: &EnquiryForm, area: Rect) -> Option<Rect> {
    let i = inside_box(form_rect(form, area));
    let (_, y) = rows(form, i)
        .into_iter()
        .find(|(f, _)| *f == FormField::Note)?;
    // After the two cells a picked value's `< ` takes.
    let x = i.x + LABEL + 2;
    (y < i.bottom()).then(|| Rect::new(x, y, i.width.saturating_sub(LABEL + 2), 1))
}

/// Where the terminal cursor goes: in the note, when it has the focus.
pub fn cursor(form: &EnquiryForm, area: Rect) -> Option<Position> {
    let input = form.input()?;
    let r = note_area(form, area)?;
    (r.width > 0).then(|| input_cursor(r, input))
}

/// The form logging an enquiry.
pub struct FormBox<'a> {
    pub app: &'a App,
    pub form: &'a EnquiryForm,
}

impl Widget for FormBox<'_> {
    fn render(self, r: Rect, buf: &mut Buffer) {
        let (app, form) = (self.app, self.form);
        let l = app.lang;
        let t = &app.theme;
        let title = format!(
            "{}: {} {}",
            Text::EnquiryFormTitle.get(l),
            form.registration_number,
            form.name
        );
        draw_box(
            buf,
            r,
            &fit(&title, r.width.saturating_sub(4) as usize),
            t.header,
        );
        let i = inside_box(r);
        if i.height == 0 {
            return;
        }
        let who = format!("{} {}", form.registration_number, form.name);
        put(buf, i.x, i.y, i.width, &fit(&who, i.width as usize), t.dim);
        for (f, y) in rows(form, i) {
            if y >= i.bottom() {
                break;
            }
            let focused = form.focus == f;
            let mark = if focused { "> " } else { "  " };
            let style = if form.problem(f).is_some() {
                t.error
            } else if focused {
                t.accent
            } else {
                Style::default()
            };
            let head = format!("{mark}{}", label(l, f));
            put(buf, i.x, y, LABEL, &fit(&head, LABEL as usize), style);
            let value_area = Rect::new(i.x + LABEL, y, i.width.saturating_sub(LABEL), 1);
            let value = match f {
                FormField::Channel => channel_name(l, form.channel).to_string(),
                FormField::Topic => form.topics.get(form.topic).cloned().unwrap_or_default(),
                FormField::Case => match form.picked_case() {
                    Some(k) => format!(
                        "{} {}",
                        crate::i18n::queue_name(l, k.queue),
                        crate::i18n::case_ref_label(l, app.dates, k.queue, &k.reference)
                    ),
                    None => Text::EnquiryNoCase.get(l).to_string(),
                },
                FormField::Status if form.resolved => Text::EnquiryResolvedLabel.get(l).to_string(),
                FormField::Status => Text::EnquiryOpenLabel.get(l).to_string(),
                FormField::Note => String::new(),
            };
            if f == FormField::Note {
                let value_area =
                    Rect::new(value_area.x + 2, y, value_area.width.saturating_sub(2), 1);
                if form.note.value().contains('\n') && !focused {
                    let shown = form.note.value().replace('\n', "⏎");
                    put(
                        buf,
                        value_area.x,
                        y,
                        value_area.width,
                        &fit(&shown, value_area.width as usize),
                        Style::default(),
                    );
                } else {
                    draw_input(buf, value_area, &form.note, Style::default());
                }
            } else {
                let shown = if focused {
                    format!("< {value} >")
                } else {
                    format!("  {value}")
                };
                put(
                    buf,
                    value_area.x,
                    y,
                    value_area.width,
                    &fit(&shown, value_area.width as usize),
                    style,
                );
            }
            if let Some(p) = form.problem(f) {
                if y + 1 < i.bottom() {
                    let text = format!("  ! {}", problem(l, p));
                    put(
                        buf,
                        i.x,
                        y + 1,
                        i.width,
                        &fit(&text, i.width as usize),
                        t.error,
                    );
                }
            }
        }
        let hint = if form.saving {
            Text::WaitDecision.get(l)
        } else {
            Text::EnquiryFormHint.get(l)
        };
        if i.height > 1 {
            put(
                buf,
                i.x,
                i.bottom() - 1,
                i.width,
                &fit(hint, i.width as usize),
                t.dim,
            );
        }
    }
}

/// The open enquiries: title, column heads, one row each (the selected one
/// reversed): number, age, name, topic, channel, who took it.
pub struct EnquiriesPane<'a> {
    pub app: &'a App,
    pub screen: &'a EnquiriesScreen,
}

fn pad(s: &str, cells: usize) -> String {
    let s = fit(s, cells);
    let w = width(&s);
    format!("{s}{}", " ".repeat(cells.saturating_sub(w)))
}

impl Widget for EnquiriesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, s) = (self.app, self.screen);
        let l = app.lang;
        if area.height == 0 {
            return;
        }
        let title = crate::i18n::enquiry::pane_title(l, Text::EnquiriesTitle.get(l), s.list.open);
        put(buf, area.x, area.y, area.width, &title, app.theme.header);
        let wide = area.width >= 100;
        let head = format!(
            "{} {} {} {} {}{}",
            pad("#", 5),
            pad(Text::EnquiryColAge.get(l), 5),
            pad(Text::EnquiryColName.get(l), 16),
            pad(Text::EnquiryColTopic.get(l), 18),
            pad(Text::EnquiryColChannel.get(l), 8),
            if wide {
                format!(" {}", Text::EnquiryColBy.get(l))
            } else {
                String::new()
            }
        );
        if area.height > 1 {
            put(buf, area.x, area.y + 1, area.width, &head, app.theme.dim);
        }
        let top = area.y + 2.min(area.height);
        if s.list.rows.is_empty() {
            if top < area.bottom() {
                let none = format!("  {}", Text::EnquiriesNone.get(l));
                put(buf, area.x, top, area.width, &none, app.theme.dim);
            }
            return;
        }
        let fits = (area.bottom().saturating_sub(top)).max(1) as usize;
        let first = (s.selected + 1).saturating_sub(fits);
        for (i, row) in s.list.rows.iter().enumerate().skip(first).take(fits) {
            let y = top + (i - first) as u16;
            let e = &row.enquiry;
            let name = row
                .name
                .clone()
                .unwrap_or_else(|| Text::EnquiryNoPerson.get(l).to_string());
            let mut text = format!(
                "{} {} {} {} {}",
                pad(&format!("#{}", e.id), 5),
                pad(&age(l, row.age_days), 5),
                pad(&name, 16),
                pad(&e.topic, 18),
                pad(channel_name(l, e.channel), 8),
            );
            if wide {
                text.push(' ');
                text.push_str(&pad(app.shown_name(&e.by), 12));
                text.push(' ');
                text.push_str(e.note.lines().next().unwrap_or(""));
            }
            let style = if row.age_days > 7 {
                app.theme.overdue
            } else {
                Style::default()
            };
            put(
                buf,
                area.x,
                y,
                area.width,
                &fit(&text, area.width as usize),
                style,
            );
            if i == s.selected {
                for x in area.left()..area.right() {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(app.theme.selected);
                    }
                }
            }
        }
    }
}

/// A person's enquiries as lines of the lookup, newest first.
pub fn lookup_lines(app: &App, enquiries: &[Enquiry]) -> Vec<String> {
    let l = app.lang;
    enquiries
        .iter()
        .map(|e| {
            let when = crate::i18n::dates::timestamp(&e.at, app.dates, DateWidth::Narrow);
            let status = match &e.status {
                EnquiryStatus::Open => status_name(l, &e.status).to_string(),
                EnquiryStatus::Resolved { .. } => status_name(l, &e.status).to_string(),
            };
            format!(
                "  #{} {} {} {} {} {}",
                e.id,
                when,
                status,
                channel_name(l, e.channel),
                e.topic,
                e.note.lines().next().unwrap_or("")
            )
        })
        .collect()
}
