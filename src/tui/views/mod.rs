//! Widgets, one per pane or popup, each borrowing the `App` it draws.

pub mod backlog;
pub mod detail;
pub mod enquiry;
pub mod form;
pub mod help;
pub mod list;
pub mod lookup;
pub mod mail;
pub mod popup;
pub mod status;
pub mod tabs;
pub mod views_picker;

use super::app::App;
use super::app::drawn::Drawn;
use super::text::{fit, width};
use crate::i18n::Text;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

/// Draws the whole screen, and says what its scrolling panes drew (for
/// [`App::drew`]).
pub fn render(app: &App, frame: &mut Frame) -> Drawn {
    let mut drawn = Drawn::default();
    let area = frame.area();
    let Some(areas) = app.areas_for(area) else {
        frame.render_widget(TooSmall { app }, area);
        return drawn;
    };
    frame.render_widget(tabs::Tabs { app }, areas.tabs);
    // The screen on top of the list, else the list (and the detail).
    use crate::tui::app::Screen;
    match app.shown_screen() {
        Some(Screen::Backlog(screen)) => frame.render_widget(
            backlog::BacklogPane {
                screen,
                lang: app.lang,
                dates: app.dates,
                theme: &app.theme,
                names: &app.user_names,
            },
            areas.body,
        ),
        Some(Screen::Mail(_)) => frame.render_widget(mail::MailPane { app }, areas.body),
        Some(Screen::Lookup(_)) => {
            frame.render_stateful_widget(lookup::LookupPane { app }, areas.body, &mut drawn.lookup)
        }
        Some(Screen::Enquiries(screen)) => {
            frame.render_widget(enquiry::EnquiriesPane { app, screen }, areas.body)
        }
        None => {
            if let Some(l) = areas.list {
                frame.render_widget(list::CaseList { app }, l);
            }
            if let Some(s) = areas.separator {
                frame.render_widget(Separator, s);
            }
            if let Some(d) = areas.detail {
                frame.render_stateful_widget(detail::DetailPane { app }, d, &mut drawn.detail);
            }
        }
    }
    frame.render_widget(status::StatusLine { app }, areas.status);
    frame.render_widget(status::HintLine { app }, areas.hint);
    match app.popup() {
        Some(crate::tui::app::Popup::Views { selected, counts }) => {
            frame.render_widget(
                views_picker::ViewsPicker {
                    views: app.views(),
                    counts,
                    selected: *selected,
                    lang: app.lang,
                    dates: app.dates,
                    theme: &app.theme,
                },
                area,
            );
        }
        Some(crate::tui::app::Popup::Enquiry(form)) => {
            let rect = enquiry::form_rect(form, area);
            frame.render_widget(enquiry::FormBox { app, form }, rect);
        }
        Some(p) => {
            let rect = popup::rect_for(app, p, area);
            frame.render_stateful_widget(popup::PopupBox { app, popup: p }, rect, &mut drawn.popup);
        }
        None => {}
    }
    let cursor = match app.popup() {
        Some(crate::tui::app::Popup::Enquiry(form)) => enquiry::cursor(form, area),
        _ => popup::cursor(app, &areas, area),
    };
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
    drawn
}

/// The centred notice for a terminal below the minimum size.
pub struct TooSmall<'a> {
    pub app: &'a App,
}

impl ratatui::widgets::Widget for TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let text = fit(Text::TooSmall.get(self.app.lang), area.width as usize);
        let size = format!("{}x{}", area.width, area.height);
        let y = area.y + area.height / 2;
        let x = area.x + (area.width.saturating_sub(width(&text) as u16)) / 2;
        put(buf, x, y, area.width, &text, Style::default());
        if area.height > 1 && y + 1 < area.bottom() {
            let sx = area.x + (area.width.saturating_sub(size.len() as u16)) / 2;
            put(buf, sx, y + 1, area.width, &size, Style::default());
        }
    }
}

/// The column between list and detail (ASCII, never a box-drawing character).
struct Separator;

impl ratatui::widgets::Widget for Separator {
    fn render(self, area: Rect, buf: &mut Buffer) {
        for y in area.top()..area.bottom() {
            put(buf, area.x, y, 1, "|", Style::default());
        }
    }
}

/// Writes `text` (cleaned and cut to `max` cells) at (x, y), clipped to the buffer.
/// Returns the cells used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, max: u16, text: &str, style: Style) -> u16 {
    let area = buf.area;
    if !area.contains(Position { x, y }) {
        return 0;
    }
    let max = max.min(area.right() - x);
    let s = fit(text, max as usize);
    buf.set_stringn(x, y, &s, max as usize, style);
    width(&s) as u16
}

/// Writes a line of spans, each cleaned, cut to the row's width.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, max: u16, line: &Line<'_>) {
    let mut used = 0;
    for span in &line.spans {
        if used >= max {
            break;
        }
        used += put(
            buf,
            x + used,
            y,
            max - used,
            &span.content,
            line.style.patch(span.style),
        );
    }
}

/// An ASCII frame with a title, its inside cleared.
pub fn draw_box(buf: &mut Buffer, r: Rect, title: &str, style: Style) {
    if r.width < 2 || r.height < 2 {
        return;
    }
    for y in r.top()..r.bottom() {
        // A wide character just left of the box would cover its left
        // border; one under the right border would leave its second half
        // outside. Either becomes a space.
        if r.x > buf.area.x {
            if let Some(c) = buf.cell_mut((r.x - 1, y)) {
                if width(c.symbol()) > 1 {
                    c.reset();
                }
            }
        }
        let under_right = buf
            .cell((r.right() - 1, y))
            .is_some_and(|c| width(c.symbol()) > 1);
        if under_right {
            if let Some(c) = buf.cell_mut((r.right(), y)) {
                c.reset();
            }
        }
        for x in r.left()..r.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.reset();
            }
        }
    }
    let inner = (r.width - 2) as usize;
    let edge = format!("+{}+", "-".repeat(inner));
    put(buf, r.x, r.y, r.width, &edge, style);
    put(buf, r.x, r.bottom() - 1, r.width, &edge, style);
    for y in r.y + 1..r.bottom() - 1 {
        put(buf, r.x, y, 1, "|", style);
        put(buf, r.right() - 1, y, 1, "|", style);
    }
    if r.width > 6 {
        put(buf, r.x + 2, r.y, r.width - 4, &format!(" {title} "), style);
    }
}

/// A screen's key hints, on the row under its title where there is one.
pub fn put_keys(buf: &mut Buffer, area: Rect, keys: &str, style: Style) {
    if area.height > 1 {
        put(buf, area.x, area.y + 1, area.width, keys, style);
    }
}

/// Where the text inside a box drawn by `draw_box` on `r` goes: a cell of
/// margin beside each border.
pub fn inside_box(r: Rect) -> Rect {
    Rect::new(
        r.x + 2,
        r.y + 1,
        r.width.saturating_sub(4),
        r.height.saturating_sub(2),
    )
}

/// A rectangle of `w` by `h` centred on `area` (`w` at most its width).
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    )
}

/// Renders a buffer as text lines, one per row, wide characters once (for tests).
pub fn buffer_lines(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    let mut out = Vec::with_capacity(a.height as usize);
    for y in a.top()..a.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in a.left()..a.right() {
            let sym = buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" ");
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(sym);
            skip = width(sym).saturating_sub(1);
        }
        out.push(line.trim_end().to_string());
    }
    out
}
