//! The status line (who, where, what the list shows) and the line under it
//! (a message, the filter being typed, or key hints from the key map).

use super::put;
use crate::i18n::{Text, command_text, msg, role_name, sort_name};
use crate::tui::app::{App, Popup};
use crate::tui::keymap::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// User, role, store, filter, sort, marks, bulk progress.
pub struct StatusLine<'a> {
    pub app: &'a App,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let l = app.lang;
        let list = app.list();
        let mut parts = vec![
            format!("{} ({})", app.actor.name, role_name(l, app.actor.role)),
            format!("{}: {}", Text::Store.get(l), app.store_label),
        ];
        if !list.text.is_empty() {
            parts.push(format!("{}: \"{}\"", Text::Filter.get(l), list.text));
        }
        parts.push(sort_name(l, list.sort).to_string());
        if list.overdue_only {
            parts.push(Text::Overdue.get(l).to_string());
        }
        if list.include_closed {
            parts.push(Text::Closed.get(l).to_string());
        }
        if let Some(t) = list.total {
            let pos = if t == 0 { 0 } else { list.selected + 1 };
            parts.push(format!("{pos}/{t}"));
        }
        if !app.marks().is_empty() {
            parts.push(format!("{}: {}", Text::Marks.get(l), app.marks().len()));
        }
        if let Some((done, total)) = app.bulk_progress() {
            parts.push(msg::progress(l, done, total));
        }
        if let Some(w) = waiting(app) {
            parts.insert(0, w);
        }
        let text = parts.join(" | ");
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

impl Widget for HintLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if let Some(Popup::Filter { input }) = app.popup() {
            let used = put(
                buf,
                area.x,
                area.y,
                area.width,
                filter_prompt(app),
                app.theme.accent,
            );
            let rest = Rect::new(area.x + used, area.y, area.width.saturating_sub(used), 1);
            super::popup::draw_input(buf, rest, input, Default::default());
            return;
        }
        if let Some(m) = app.message() {
            let (text, style) = if m.error {
                (format!("! {}", m.text), app.theme.error)
            } else {
                (m.text.clone(), app.theme.ok)
            };
            put(buf, area.x, area.y, area.width, &text, style);
            return;
        }
        let ctx = app.context();
        let wanted = [
            Command::Yes,
            Command::No,
            Command::Help,
            Command::Approve,
            Command::Return,
            Command::Note,
            Command::Claim,
            Command::Filter,
            Command::Lookup,
            Command::Open,
            Command::Mark,
            Command::Undo,
            Command::Back,
            Command::Quit,
        ];
        let hints: Vec<String> = wanted
            .iter()
            .filter_map(|c| {
                app.keymap()
                    .first_key(ctx, *c)
                    .map(|k| format!("{k}:{}", short(command_text(app.lang, *c))))
            })
            .collect();
        put(
            buf,
            area.x,
            area.y,
            area.width,
            &hints.join(" "),
            app.theme.dim,
        );
    }
}

/// The part of a command's text before any parenthesis.
fn short(s: &str) -> &str {
    s.split(" (").next().unwrap_or(s)
}
