//! The tab bar: the four queues with open and overdue counts. At narrow
//! widths the units go, then the names shorten, then go, so the four
//! counts always show.

use super::put;
use crate::domain::Queue;
use crate::i18n::{msg, queue_name, queue_short};
use crate::tui::app::App;
use crate::tui::text::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// `[1 採用辞退 12件 !3]`: number key, name, open count, `!` and overdue count.
pub struct Tabs<'a> {
    pub app: &'a App,
}

/// The four tab labels at the longest level of detail that fits in `w`.
pub fn labels(app: &App, w: usize) -> Vec<String> {
    let l = app.lang;
    let counts = |q: Queue| {
        let c = app.counts().iter().find(|c| c.queue == q);
        (
            c.map(|c| c.open).unwrap_or(0),
            c.map(|c| c.overdue).unwrap_or(0),
        )
    };
    let level = |n: usize| -> Vec<String> {
        Queue::ALL
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let (open, overdue) = counts(q);
                let name = match n {
                    0 | 1 => Some(queue_name(l, q)),
                    2 => Some(queue_short(l, q)),
                    _ => None,
                };
                msg::tab(l, i + 1, name, open, overdue, n == 0)
            })
            .collect()
    };
    let total = |v: &[String]| v.iter().map(|s| width(s) + 3).sum::<usize>();
    // Names with units, names, short names, numbers only.
    for n in 0..3 {
        let v = level(n);
        if total(&v) <= w {
            return v;
        }
    }
    level(3)
}

impl Widget for Tabs<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let mut x = area.x;
        for (q, label) in Queue::ALL.into_iter().zip(labels(app, area.width as usize)) {
            let overdue = app
                .counts()
                .iter()
                .find(|c| c.queue == q)
                .map(|c| c.overdue)
                .unwrap_or(0);
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
