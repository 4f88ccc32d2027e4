//! The status line (what the screen shows and who is at it) and the line
//! under it (a message, the filter being typed, or key hints from the
//! command table, only those the user's role may use).
//!
//! The status line gives room in this order: what the desk is being waited
//! for, bulk progress, marks, the filter and view, the position, user and
//! role, the sort, and the store last, only where it fits. A message too long
//! for one line takes the status line as well.

use super::put;
use crate::i18n::{Text, actor_role, msg, sort_label};
use crate::tui::app::{App, Popup};
use crate::tui::keymap::Command;
use crate::tui::text::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The status line's pieces, most important first.
pub fn parts(app: &App) -> Vec<String> {
    let l = app.lang;
    let list = app.list();
    let mut parts = Vec::new();
    if let Some(m) = &app.mail_stopped {
        parts.push(format!("! {}", crate::i18n::refusals::mail_stopped(l, m)));
    }
    parts.extend(waiting(app));
    if let Some((done, total)) = app.bulk_progress() {
        parts.push(msg::progress(l, done, total));
    }
    if !app.marks().is_empty() {
        parts.push(msg::marked_count(l, app.marks().len()));
    }
    if !list.text.is_empty() {
        parts.push(format!("{}: \"{}\"", Text::Filter.get(l), list.text));
    }
    if list.overdue_only {
        parts.push(Text::Overdue.get(l).to_string());
    }
    if list.include_closed {
        parts.push(Text::Closed.get(l).to_string());
    }
    if !matches!(
        app.shown_screen(),
        Some(crate::tui::app::Screen::Lookup(_) | crate::tui::app::Screen::Mail(_))
    ) {
        if let Some(t) = list.total {
            let pos = if t == 0 { 0 } else { list.selected + 1 };
            parts.push(msg::position(l, pos, t));
        }
    }
    if let (Some(d), Some(a)) = (app.detail(), app.areas().and_then(|a| a.detail)) {
        let n = super::detail::lines(app, d, a.width as usize).len();
        let h = a.height as usize;
        if n > h {
            let from = app.queues.detail_scroll.min(n.saturating_sub(h));
            parts.push(format!(
                "{} {}",
                Text::DetailShort.get(l),
                msg::line_position(l, from + 1, (from + h).min(n), n)
            ));
        }
    }
    parts.push(format!(
        "{} ({})",
        app.shown_name(&app.actor.name),
        actor_role(
            l,
            app.actor.role,
            app.actor.admin && app.actor.reach.is_empty()
        )
    ));
    parts.push(sort_label(l, list.sort, list.reverse));
    parts.push(format!("{}: {}", Text::Store.get(l), app.store_label));
    parts
}

/// The pieces that fit in `w` cells, in order of importance, joined.
pub fn fitted(parts: &[String], w: usize) -> String {
    let mut out = String::new();
    for p in parts {
        let add = if out.is_empty() {
            width(p)
        } else {
            width(p) + 3
        };
        if width(&out) + add > w {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" | ");
        }
        out.push_str(p);
    }
    out
}

/// The current message on one or two lines of `w` cells (the rest is in `m`).
pub fn message_lines(app: &App, w: usize) -> Option<(Vec<String>, bool)> {
    let m = app.message()?;
    let text = if m.error {
        format!("! {}", m.text)
    } else {
        m.text.clone()
    };
    let mut lines = wrap(&text, w.max(1));
    if lines.len() > 2 {
        lines.truncate(2);
        if let Some(last) = lines.last_mut() {
            let more = Text::MoreInHistory.get(app.lang);
            let keep = w.saturating_sub(width(more));
            *last = format!("{}{more}", crate::tui::text::fit(last, keep));
        }
    }
    Some((lines, m.error))
}

/// What the status line shows while work is pending, and the rest.
pub struct StatusLine<'a> {
    pub app: &'a App,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let w = area.width as usize;
        if let Some((lines, error)) = message_lines(app, w) {
            // While the hint line is a text field, a message (a refused term,
            // the completions on offer) has the status line, one line of it.
            let field = matches!(
                app.popup(),
                Some(Popup::Filter { .. } | Popup::Command { .. })
            );
            if lines.len() > 1 || field {
                let style = if error { app.theme.error } else { app.theme.ok };
                put(buf, area.x, area.y, area.width, &lines[0], style);
                return;
            }
        }
        let text = fitted(&parts(app), w);
        put(buf, area.x, area.y, area.width, &text, app.theme.header);
    }
}

/// A turning mark and what the screen waits for from the desk, if anything.
pub fn waiting(app: &App) -> Option<String> {
    let first = app.waiting().next()?;
    let spin = ['|', '/', '-', '\\'][(app.now.timestamp_subsec_millis() / 100 % 4) as usize];
    Some(format!("{spin} {}", first.waiting_text(app.lang)))
}

/// The last message, else the filter field, else hints.
pub struct HintLine<'a> {
    pub app: &'a App,
}

/// The prompt in front of the filter field.
pub fn filter_prompt(app: &App) -> &'static str {
    Text::FilterPrompt.get(app.lang)
}

/// The prompt in front of the field on the hint line: the filter's, or `:`.
pub fn line_prompt(app: &App) -> &'static str {
    match app.popup() {
        Some(Popup::Command { .. }) => ":",
        _ => filter_prompt(app),
    }
}

/// `key:what` for the commands the hint line offers in the current context,
/// most telling first, the help hint last.
pub fn hints(app: &App) -> Vec<String> {
    let ctx = app.context();
    // A command the case calls for is hinted beside approve.
    let order = |c: &Command| {
        if app.suggests(*c) {
            Command::Approve.hint_order()
        } else {
            c.hint_order()
        }
    };
    let mut offered: Vec<Command> = Command::ALL
        .iter()
        .copied()
        .filter(|c| order(c) > 0 && app.offers(*c))
        // In the lookup `u` works (after a correction or a link) but `Esc`
        // matters more on its narrow line: help lists it.
        .filter(|c| !(*c == Command::Undo && ctx == crate::tui::keymap::Context::Lookup))
        .collect();
    offered.sort_by_key(|c| (*c == Command::Help, order(c)));
    offered
        .into_iter()
        .filter_map(|c| {
            app.keymap()
                .first_key(ctx, c)
                .map(|k| format!("{k}:{}", short(c.text().get(app.lang))))
        })
        .collect()
}

/// The hint line for `w` cells: the most telling hints that fit, whole,
/// and the help hint (last of [`hints`]) always at the end.
pub fn hint_line(app: &App, w: usize) -> String {
    let mut all = hints(app);
    let help = app
        .keymap()
        .first_key(app.context(), Command::Help)
        .filter(|_| app.offers(Command::Help))
        .and_then(|_| all.pop());
    let room = w.saturating_sub(help.as_ref().map(|h| width(h) + 1).unwrap_or(0));
    let mut line = String::new();
    for h in all {
        let more = width(&h) + usize::from(!line.is_empty());
        if width(&line) + more > room {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&h);
    }
    if let Some(h) = help {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&h);
    }
    line
}

impl Widget for HintLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if let Some(Popup::Filter { input } | Popup::Command { input }) = app.popup() {
            let used = put(
                buf,
                area.x,
                area.y,
                area.width,
                line_prompt(app),
                app.theme.accent,
            );
            let rest = Rect::new(area.x + used, area.y, area.width.saturating_sub(used), 1);
            super::popup::draw_input(buf, rest, input, Default::default());
            return;
        }
        if let Some((lines, error)) = message_lines(app, area.width as usize) {
            let style = if error { app.theme.error } else { app.theme.ok };
            let last = lines.last().cloned().unwrap_or_default();
            put(buf, area.x, area.y, area.width, &last, style);
            return;
        }
        put(
            buf,
            area.x,
            area.y,
            area.width,
            &hint_line(app, area.width as usize),
            app.theme.dim,
        );
    }
}

/// The part of a command's text before any parenthesis.
fn short(s: &str) -> &str {
    s.split(" (").next().unwrap_or(s)
}
