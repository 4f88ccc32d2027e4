//! A form (`e`, `N`, `E`): the loan forms to choose from, or one row per
//! field — its label, its box, a mark when refused — and under them the
//! focused field's rule or why it was refused.

use super::put;
use crate::domain::loan::forms::LOAN_FORMS;
use crate::i18n::{Text, fields as words};
use crate::tui::app::{App, Choice, Form};
use crate::tui::text::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Columns of a field's label.
pub const LABEL: u16 = 20;
/// Rows under the fields: the focused field's rule or error, the form's
/// error, the keys.
const FOOT: u16 = 3;

/// The first field shown, so that the focused one is in view.
pub fn first_shown(form: &Form, inner: Rect) -> usize {
    let rows = inner.height.saturating_sub(FOOT).max(1) as usize;
    form.focus.saturating_sub(rows - 1)
}

/// The row of the focused field's box within `inner`.
pub fn focused_box(form: &Form, inner: Rect) -> Rect {
    let y = inner.y + (form.focus - first_shown(form, inner)) as u16;
    Rect::new(
        inner.x + LABEL + 1,
        y,
        inner.width.saturating_sub(LABEL + 1),
        1,
    )
}

/// Draws the form inside the popup's frame.
pub fn draw(app: &App, form: &Form, i: Rect, buf: &mut Buffer) {
    let l = app.lang;
    let t = &app.theme;
    let line = |buf: &mut Buffer, y: u16, x: u16, w: u16, text: &str, style: Style| {
        if y < i.bottom() {
            put(buf, x, y, w, text, style);
        }
    };
    if let Some(pick) = &form.pick {
        let selected = &pick.selected;
        let rows = i.height.saturating_sub(1) as usize;
        let first = selected.saturating_sub(rows.saturating_sub(1));
        for (k, c) in pick.choices.iter().enumerate().skip(first).take(rows) {
            let sel = k == *selected;
            let what = match c {
                Choice::LoanForm { form, .. } => LOAN_FORMS
                    .get(*form)
                    .map(|f| words::loan_form(l, f))
                    .unwrap_or_default(),
                Choice::Record { kind, key, name } => format!(
                    "{} {} {}",
                    words::kind_name(l, *kind),
                    crate::text::sanitize(key),
                    crate::text::sanitize(name)
                ),
                Choice::Receive { kind } => words::kind_name(l, *kind).to_string(),
            };
            let text = format!("{}{what}", if sel { ">" } else { " " });
            let style = if sel { t.selected } else { Style::default() };
            line(buf, i.y + (k - first) as u16, i.x, i.width, &text, style);
        }
        line(
            buf,
            i.bottom().saturating_sub(1),
            i.x,
            i.width,
            Text::FormPickHint.get(l),
            t.dim,
        );
        return;
    }
    let rows = i.height.saturating_sub(FOOT) as usize;
    let first = first_shown(form, i);
    for (k, f) in form.fields.iter().enumerate().skip(first).take(rows) {
        let y = i.y + (k - first) as u16;
        let mark = match (&f.error, f.required) {
            (Some(_), _) => "✗",
            (None, true) => "*",
            (None, false) => " ",
        };
        let label = format!("{mark}{}", words::label(l, form.kind, f.name));
        let style = match (&f.error, k == form.focus) {
            (Some(_), _) => t.error,
            (None, true) => t.accent,
            (None, false) => Style::default(),
        };
        line(buf, y, i.x, LABEL, &fit(&label, LABEL as usize), style);
        let area = Rect::new(i.x + LABEL + 1, y, i.width.saturating_sub(LABEL + 1), 1);
        if k == form.focus {
            super::popup::draw_input(buf, area, &f.input, Style::default());
        } else {
            // A field not being typed in shows its beginning.
            let text = crate::tui::text::clean(f.input.value());
            line(
                buf,
                y,
                area.x,
                area.width,
                &fit(&text, area.width as usize),
                Style::default(),
            );
        }
    }
    let foot = i.bottom().saturating_sub(FOOT);
    let focused = form.fields.get(form.focus);
    match focused.and_then(|f| f.error.as_deref()) {
        Some(e) => line(buf, foot, i.x, i.width, &format!("! {e}"), t.error),
        None => {
            let rule = focused.map_or("", |f| words::rule(l, f.name));
            line(buf, foot, i.x, i.width, rule, t.dim);
        }
    }
    if let Some(e) = &form.error {
        line(buf, foot + 1, i.x, i.width, &format!("! {e}"), t.error);
    } else if form.saving {
        line(buf, foot + 1, i.x, i.width, Text::FormSaving.get(l), t.dim);
    }
    line(buf, foot + 2, i.x, i.width, Text::FormHint.get(l), t.dim);
}
