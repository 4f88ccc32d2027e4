//! The tab bar: the four queues with open and overdue counts.

use super::put;
use crate::domain::Queue;
use crate::i18n::queue_name;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// `[1 採用辞退 12 !3]`: number key, name, open count, `!` and overdue count.
pub struct Tabs<'a> {
    pub app: &'a App,
}

impl Widget for Tabs<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let mut x = area.x;
        for (i, q) in Queue::ALL.into_iter().enumerate() {
            let c = app.counts().iter().find(|c| c.queue == q);
            let open = c.map(|c| c.open).unwrap_or(0);
            let overdue = c.map(|c| c.overdue).unwrap_or(0);
            let mut label = format!("{} {} {open}", i + 1, queue_name(app.lang, q));
            if overdue > 0 {
                label.push_str(&format!(" !{overdue}"));
            }
            let active = q == app.queue();
            let text = if active {
                format!("[{label}]")
            } else {
                format!(" {label} ")
            };
            let style = if active {
                app.theme.tab_active
            } else if overdue > 0 {
                app.theme.overdue
            } else {
                app.theme.accent
            };
            if x >= area.right() {
                break;
            }
            x += put(buf, x, area.y, area.right() - x, &text, style);
            x += put(
                buf,
                x,
                area.y,
                area.right().saturating_sub(x),
                " ",
                Default::default(),
            );
        }
    }
}
