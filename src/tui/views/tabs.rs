//! The tab bar: the four queues with open and overdue counts. At narrow
//! widths the units go, then the names shorten, then go, so the four
//! counts always show.

use super::put;
use crate::desk::QueueCounts;
use crate::domain::Queue;
use crate::i18n::{Lang, msg, queue_name, queue_short};
use crate::tui::app::App;
use crate::tui::text::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// `[1 採用辞退 12件 !3]`: number key, name, open count, `!` and overdue count.
pub struct Tabs<'a> {
    pub app: &'a App,
}

/// The tab bar's pieces at the longest level of detail that fits in `w`.
pub fn bar(app: &App, w: usize) -> Bar {
    bar_for(app.lang, app.counts(), app.queue(), w)
}

/// The four tab labels and the gap between tabs (1 cell, or 0 where that
/// keeps the names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub labels: Vec<String>,
    pub gap: usize,
}

impl Bar {
    /// The bar as a line of text, the tab of `active` in brackets.
    pub fn text(&self, active: Queue) -> String {
        let mut s = String::new();
        for (q, label) in Queue::ALL.into_iter().zip(&self.labels) {
            if q == active {
                s.push_str(&format!("[{label}]"));
            } else {
                s.push_str(&format!(" {label} "));
            }
            s.push_str(&" ".repeat(self.gap));
        }
        s
    }
}

/// The tab bar for `counts` at the longest level of detail that fits in
/// `w`: names with units, names, names closer together, names with a name
/// of two (異動届・修了申請) short unless shown, the shown queue's name with
/// the others short, short names, numbers only. Counts from
/// 10,000 are abbreviated (`1.9万`, `19k`), so the names stay at 80 columns
/// however large the queues grow.
pub fn bar_for(l: Lang, counts: &[QueueCounts], active: Queue, w: usize) -> Bar {
    let counts = |q: Queue| {
        let c = counts.iter().find(|c| c.queue == q);
        (
            c.map(|c| c.open).unwrap_or(0),
            c.map(|c| c.overdue).unwrap_or(0),
        )
    };
    let level = |n: usize, pairs_short: bool| -> Vec<String> {
        Queue::ALL
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let (open, overdue) = counts(q);
                let pair = q != active && queue_name(l, q).contains('・');
                let name = match n {
                    1 if pairs_short && pair => Some(queue_short(l, q)),
                    0 | 1 => Some(queue_name(l, q)),
                    2 if q == active => Some(queue_name(l, q)),
                    2 | 3 => Some(queue_short(l, q)),
                    _ => None,
                };
                msg::tab(l, i + 1, name, open, overdue, n == 0)
            })
            .collect()
    };
    let total = |v: &[String], gap: usize| v.iter().map(|s| width(s) + 2 + gap).sum::<usize>();
    for (n, gap, pairs_short) in [
        (0, 1, false),
        (1, 1, false),
        (1, 0, false),
        (1, 1, true),
        (1, 0, true),
        (2, 1, false),
        (2, 0, false),
        (3, 1, false),
        (3, 0, false),
    ] {
        let labels = level(n, pairs_short);
        if total(&labels, gap) <= w + gap {
            return Bar { labels, gap };
        }
    }
    Bar {
        labels: level(4, false),
        gap: 0,
    }
}

impl Widget for Tabs<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let mut x = area.x;
        let bar = bar(app, area.width as usize);
        for (q, label) in Queue::ALL.into_iter().zip(&bar.labels) {
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
                &" ".repeat(bar.gap),
                Default::default(),
            );
        }
    }
}
