//! The popups: confirmation, return reason, note, lookup number, help.

use super::{centred, draw_box, inside_box, put};
use crate::i18n::{Text, msg};
use crate::tui::app::drawn::Extent;
use crate::tui::app::{App, Popup, ReasonTarget};
use crate::tui::layout::Areas;
use crate::tui::text::{clean, fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::StatefulWidget;
use tui_input::Input;

/// Draws a one-line text field, scrolled so the cursor is visible.
pub fn draw_input(buf: &mut Buffer, area: Rect, input: &Input, style: Style) {
    let w = area.width as usize;
    if w == 0 {
        return;
    }
    let scroll = input.visual_scroll(w.saturating_sub(1));
    let mut skipped = 0;
    let shown: String = clean(input.value())
        .chars()
        .skip_while(|c| {
            let cw = width(&c.to_string());
            if skipped < scroll {
                skipped += cw;
                true
            } else {
                false
            }
        })
        .collect();
    put(buf, area.x, area.y, area.width, &shown, style);
}

pub fn input_cursor(area: Rect, input: &Input) -> Position {
    let w = area.width as usize;
    let scroll = input.visual_scroll(w.saturating_sub(1));
    let x = (input.visual_cursor() - scroll).min(w.saturating_sub(1));
    Position {
        x: area.x + x as u16,
        y: area.y,
    }
}

/// Where a popup goes: centred, as wide as useful, never larger than the screen.
pub fn rect_for(app: &App, p: &Popup, area: Rect) -> Rect {
    let h = match p {
        Popup::Confirm { question, .. } => 5 + question.lines().count().max(1) as u16,
        Popup::Users { .. } => area.height.saturating_sub(2).min(16),
        Popup::Reason { target, .. } if target.offers_canned() => 6 + app.canned.len() as u16,
        Popup::Reason { .. } => 6,
        Popup::Note { .. } | Popup::Lookup { .. } => 6,
        Popup::Form(f) if f.pick.is_some() => {
            crate::domain::loan::forms::LOAN_FORMS.len() as u16 + 3
        }
        Popup::Form(f) => f.fields.len() as u16 + 6,
        Popup::Help { .. } | Popup::Messages { .. } => area.height.saturating_sub(2),
        // The letter as large as the screen allows (a page is 100 columns at most).
        Popup::Document(_) => {
            let w = area.width.min(100);
            let h = area.height.saturating_sub(1);
            return Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
        }
        Popup::Filter { .. } | Popup::Command { .. } | Popup::Views { .. } | Popup::Enquiry(_) => 0,
    };
    let w = area.width.saturating_sub(4).min(76);
    let h = h.min(area.height);
    centred(area, w, h)
}

/// The row of the text field in a popup.
fn field_row(app: &App, p: &Popup, r: Rect) -> Rect {
    let i = inside_box(r);
    if let Popup::Form(f) = p {
        return super::form::focused_box(f, i);
    }
    let y = match p {
        Popup::Help { .. } | Popup::Users { .. } => i.y,
        Popup::Reason { target, .. } if target.offers_canned() => i.y + 1 + app.canned.len() as u16,
        _ => i.y + 1,
    };
    let prompt = match p {
        Popup::Help { .. } => width(Text::HelpSearch.get(app.lang)) as u16,
        _ => 2,
    };
    Rect::new(i.x + prompt, y, i.width.saturating_sub(prompt), 1)
}

/// Where the terminal cursor goes: in the focused text field, if any.
pub fn cursor(app: &App, areas: &Areas, area: Rect) -> Option<Position> {
    let p = app.popup()?;
    if let Popup::Filter { input } | Popup::Command { input } = p {
        let used = width(&fit(
            super::status::line_prompt(app),
            areas.hint.width as usize,
        )) as u16;
        let r = Rect::new(
            areas.hint.x + used,
            areas.hint.y,
            areas.hint.width.saturating_sub(used),
            1,
        );
        return (r.width > 0).then(|| input_cursor(r, input));
    }
    let input = p.input()?;
    let r = field_row(app, p, rect_for(app, p, area));
    (r.width > 0 && area.contains(Position { x: r.x, y: r.y })).then(|| input_cursor(r, input))
}

/// A popup, drawn over the screen.
pub struct PopupBox<'a> {
    pub app: &'a App,
    pub popup: &'a Popup,
}

/// Reports the lines and rows of a scrolling popup (help, messages).
impl StatefulWidget for PopupBox<'_> {
    type State = Option<Extent>;

    fn render(self, r: Rect, buf: &mut Buffer, drawn: &mut Option<Extent>) {
        let app = self.app;
        let l = app.lang;
        let t = &app.theme;
        let about = |what: Text, key: &crate::desk::CaseKey| {
            format!("{}: {}", what.get(l), app.case_label(key))
        };
        let title = match self.popup {
            Popup::Confirm { .. } => Text::ConfirmTitle.get(l).to_string(),
            Popup::Reason {
                target: ReasonTarget::Marked(k),
                ..
            } => msg::bulk_reason(l, k.len()),
            Popup::Reason {
                target: ReasonTarget::CertificationReturn { key, .. },
                ..
            } => about(Text::CertificationReturnTitle, key),
            Popup::Reason {
                target: ReasonTarget::Reopen { key, .. },
                ..
            } => about(Text::ReopenTitle, key),
            Popup::Reason {
                target: ReasonTarget::Reassign { key, .. },
                ..
            } => about(Text::ReassignTitle, key),
            Popup::Reason {
                target: ReasonTarget::One { key, .. },
                ..
            } => about(Text::ReturnTitle, key),
            Popup::Note { key, .. } => about(Text::NoteTitle, key),
            Popup::Form(f) => crate::text::sanitize(&f.title).into_owned(),
            Popup::Messages { .. } => Text::MessagesTitle.get(l).to_string(),
            Popup::Lookup { .. } => Text::LookupTitle.get(l).to_string(),
            Popup::Help { .. } => Text::HelpTitle.get(l).to_string(),
            Popup::Document(p) => format!(
                "{}: {}",
                crate::i18n::documents::kind_name(l, p.kind()),
                app.case_label(&p.key)
            ),
            Popup::Users { keys, .. } => {
                let n = keys.len();
                crate::i18n::questions::assign_marked(l, n)
            }
            // The filter is on the hint line; the view picker draws itself.
            Popup::Filter { .. }
            | Popup::Command { .. }
            | Popup::Views { .. }
            | Popup::Enquiry(_) => return,
        };
        if r.height < 3 || r.width < 6 {
            return;
        }
        draw_box(buf, r, &title, t.accent);
        let i = inside_box(r);
        let field = field_row(app, self.popup, r);
        let mut line = |y: u16, text: &str, style: Style| {
            if y < i.bottom() {
                put(buf, i.x, y, i.width, text, style);
            }
        };
        match self.popup {
            Popup::Confirm { question, .. } => {
                let mut n = 0;
                for (k, q) in question.lines().enumerate() {
                    line(i.y + k as u16, q, Style::default());
                    n = k as u16 + 1;
                }
                line(i.y + n.max(1) + 1, Text::YesNo.get(l), t.accent);
            }
            Popup::Users {
                input, selected, ..
            } => {
                line(field.y, ">", t.accent);
                let users = app.users_matching(input.value());
                let rows = i.height.saturating_sub(2) as usize;
                let first = selected.saturating_sub(rows.saturating_sub(1));
                if app.users.is_none() {
                    line(i.y + 1, "…", t.dim);
                }
                for (k, u) in users.iter().enumerate().skip(first).take(rows) {
                    let sel = k == *selected;
                    let shown = app.shown_name(u);
                    let who = if shown == u.as_str() {
                        u.clone()
                    } else {
                        format!("{shown} ({u})")
                    };
                    let text = format!("{}{who}", if sel { ">" } else { " " });
                    line(
                        i.y + 1 + (k - first) as u16,
                        &text,
                        if sel { t.selected } else { Style::default() },
                    );
                }
                let hint = crate::i18n::questions::picker_hint(l);
                line(i.bottom().saturating_sub(1), hint, t.dim);
            }
            Popup::Reason { target, .. } if !target.offers_canned() => {
                line(field.y, ">", t.accent);
                line(field.y + 1, Text::TextHint.get(l), t.dim);
            }
            Popup::Reason { pick, .. } => {
                for (n, reason) in app.canned.iter().enumerate() {
                    let sel = *pick == Some(n);
                    let text = format!("{}{}. {reason}", if sel { ">" } else { " " }, n + 1);
                    line(
                        i.y + n as u16,
                        &text,
                        if sel { t.selected } else { Style::default() },
                    );
                }
                line(field.y, ">", t.accent);
                line(field.y + 1, Text::ReturnHint.get(l), t.dim);
            }
            Popup::Note { .. } => {
                line(field.y, ">", t.accent);
                line(field.y + 1, Text::NoteHint.get(l), t.dim);
            }
            Popup::Lookup { error, .. } => {
                line(field.y, ">", t.accent);
                match error {
                    Some(e) => line(field.y + 1, &format!("! {e}"), t.error),
                    None => line(field.y + 1, Text::LookupHint.get(l), t.dim),
                }
            }
            Popup::Help {
                ctx,
                search,
                scroll,
            } => {
                line(i.y, Text::HelpSearch.get(l), t.accent);
                let all = super::help::lines(app, *ctx, search.value());
                let rows = i.height.saturating_sub(2) as usize;
                *drawn = Some(Extent {
                    lines: all.len(),
                    rows,
                });
                let start = (*scroll).min(all.len().saturating_sub(rows));
                for (n, text) in all.iter().skip(start).take(rows).enumerate() {
                    line(i.y + 1 + n as u16, text, Style::default());
                }
                let pos =
                    msg::line_position(l, start + 1, (start + rows).min(all.len()), all.len());
                line(
                    i.bottom().saturating_sub(1),
                    &format!("{}  {pos}", Text::HelpHint.get(l)),
                    t.dim,
                );
            }
            Popup::Messages { scroll } => {
                let mut out = super::detail::Lines::new(app, i.width as usize);
                for m in app.history().rev() {
                    let at =
                        m.at.with_timezone(&crate::domain::time::jst())
                            .format("%H:%M:%S");
                    let (mark, style) = if m.error {
                        ("!", t.error)
                    } else {
                        (" ", Style::default())
                    };
                    out.text(&format!("{at} {mark} {}", m.text), style);
                }
                if app.history().next().is_none() {
                    out.text(Text::NoMessages.get(l), t.dim);
                }
                let rows = i.height.saturating_sub(1) as usize;
                *drawn = Some(Extent {
                    lines: out.out.len(),
                    rows,
                });
                let start = (*scroll).min(out.out.len().saturating_sub(rows));
                for (n, text) in out.out.iter().skip(start).take(rows).enumerate() {
                    let s: String = text.spans.iter().map(|s| s.content.as_ref()).collect();
                    line(i.y + n as u16, &s, text.style);
                }
                let n = out.out.len();
                let pos = msg::line_position(l, start + 1, (start + rows).min(n), n);
                line(
                    i.bottom().saturating_sub(1),
                    &format!("{}  {pos}", Text::MessagesHint.get(l)),
                    t.dim,
                );
            }
            Popup::Form(f) => {
                super::form::draw(app, f, i, buf);
                return;
            }
            Popup::Document(p) => {
                let rows = i.height.saturating_sub(1) as usize;
                match (&p.letter, &p.error) {
                    (_, Some(e)) => line(i.y, &format!("! {e}"), t.error),
                    (Some(letter), None) => {
                        let all = letter.text(app.preview_width().min(i.width as usize));
                        let start = p.scroll.min(all.len().saturating_sub(rows));
                        for (n, text) in all.iter().skip(start).take(rows).enumerate() {
                            line(i.y + n as u16, text, Style::default());
                        }
                    }
                    (None, None) => line(i.y, "…", t.dim),
                }
                let hint = crate::i18n::documents::preview_hint(l, p.writing, p.kinds.len() > 1);
                line(i.bottom().saturating_sub(1), hint, t.dim);
            }
            Popup::Filter { .. }
            | Popup::Command { .. }
            | Popup::Views { .. }
            | Popup::Enquiry(_) => {}
        }
        if let Some(input) = self.popup.input() {
            if field.y < i.bottom() {
                draw_input(buf, field, input, Style::default());
            }
        }
    }
}
