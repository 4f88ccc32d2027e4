//! The backlog overview (`B`, `:backlog`): the four queues' figures, the shown
//! queue's ages as a bar chart and its assignees, and twelve weeks of arrivals
//! against decisions as two sparklines. ASCII bars, like every other frame.

use super::put;
use crate::i18n::backlog::Word as W;
use crate::i18n::{Lang, queue_name};
use crate::tui::app::backlog::{BacklogScreen, Focus};
use crate::tui::text::{pad, pad_left};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::widgets::{Bar, BarChart, BarGroup, Sparkline, Widget};

/// Bars in ASCII: `#` full, `=` half, `.` a trace.
const ASCII_BARS: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "=",
    half: "=",
    three_eighths: "=",
    one_quarter: ".",
    one_eighth: ".",
    empty: " ",
};

/// The overview, borrowing its screen state.
pub struct BacklogPane<'a> {
    pub screen: &'a BacklogScreen,
    pub lang: Lang,
    pub dates: crate::i18n::DateStyle,
    pub theme: &'a Theme,
    /// The names people read for users (`tanaka` → `田中 美咲`).
    pub names: &'a std::collections::BTreeMap<String, String>,
}

impl Widget for BacklogPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, lang, theme) = (self.screen, self.lang, self.theme);
        if area.height < 8 || area.width < 40 {
            return;
        }
        let w = area.width;
        let mut y = area.y;
        let title = format!(
            "{} {}  ({})",
            W::Title.get(lang),
            crate::i18n::dates::date(s.data.as_of, self.dates, crate::i18n::DateWidth::Full),
            W::Keys.get(lang)
        );
        put(buf, area.x, y, w, &title, theme.header);
        y += 1;
        // The queue table: name 18 (異動届・修了申請 whole), then seven columns of 8.
        let head = crate::i18n::labels::backlog_columns(lang, true);
        let col = |i: usize| area.x + 18 + (i as u16) * 8;
        put(buf, area.x, y, 18, W::Queue.get(lang), theme.header);
        for (i, h) in head.iter().enumerate() {
            put(buf, col(i), y, 8, &pad_left(h, 7), theme.header);
        }
        y += 1;
        for (qi, q) in s.data.queues.iter().enumerate() {
            let marker = if qi == s.queue { ">" } else { " " };
            put(
                buf,
                area.x,
                y,
                18,
                &format!("{marker}{}", pad(queue_name(lang, q.queue), 17)),
                Style::default(),
            );
            for (i, n) in q.columns().iter().enumerate() {
                let on = s.focus == Focus::Queues && qi == s.queue && i == s.column;
                let style = match (on, i) {
                    (true, _) => theme.selected,
                    (_, 1) if *n > 0 => theme.overdue,
                    _ => Style::default(),
                };
                put(buf, col(i), y, 8, &pad_left(&n.to_string(), 7), style);
            }
            y += 1;
        }
        // The open enquiries of help desk, on the line under the queues.
        let e = &s.data.enquiries;
        let text = crate::i18n::labels::open_enquiries(lang, e.open, e.oldest_days);
        let style = if e.open > 0 { theme.overdue } else { theme.dim };
        put(buf, area.x + 1, y, w.saturating_sub(1), &text, style);
        y += 1;
        let Some(q) = s.data.queues.get(s.queue) else {
            return;
        };
        let weeks_rows = 5u16;
        let middle = area.bottom().saturating_sub(y + weeks_rows).max(3);
        // Ages as a bar chart on the left, assignees on the right.
        let chart_w = 30.min(w / 2);
        let chart = BarChart::default()
            .bar_set(ASCII_BARS)
            .bar_width(6)
            .bar_gap(1)
            .data(
                BarGroup::default().bars(&q.age.labelled().map(|(label, n)| {
                    Bar::default()
                        .value(n)
                        .label(ratatui::text::Line::from(label))
                })),
            );
        put(
            buf,
            area.x,
            y,
            chart_w,
            &format!("{} ({})", W::AgeDays.get(lang), queue_name(lang, q.queue)),
            theme.header,
        );
        chart.render(
            Rect::new(area.x, y + 1, chart_w, middle.saturating_sub(1)),
            buf,
        );
        let ax = area.x + chart_w + 2;
        let aw = w.saturating_sub(chart_w + 2);
        put(
            buf,
            ax,
            y,
            aw,
            &format!(
                "{} {} {}  {}",
                pad(W::Assignee.get(lang), 14),
                pad_left(W::Open.get(lang), 7),
                pad_left(W::Overdue.get(lang), 7),
                W::OldestDays.get(lang)
            ),
            theme.header,
        );
        let rows = middle.saturating_sub(1) as usize;
        let first = if s.focus == Focus::Assignees {
            s.assignee.saturating_sub(rows.saturating_sub(1))
        } else {
            0
        };
        for (i, a) in q.assignees.iter().enumerate().skip(first).take(rows) {
            let who = match &a.assignee {
                Some(n) => self.names.get(n).unwrap_or(n).clone(),
                None => W::Unassigned.get(lang).to_string(),
            };
            let ry = y + 1 + (i - first) as u16;
            put(buf, ax, ry, 15, &pad(&who, 14), Style::default());
            for (c, n) in [a.open, a.overdue].iter().enumerate() {
                let on = s.focus == Focus::Assignees && i == s.assignee && c == s.column;
                let style = if on { theme.selected } else { Style::default() };
                put(
                    buf,
                    ax + 15 + (c as u16) * 8,
                    ry,
                    8,
                    &pad_left(&n.to_string(), 7),
                    style,
                );
            }
            put(
                buf,
                ax + 32,
                ry,
                aw.saturating_sub(32),
                &pad_left(&a.oldest_days.to_string(), 6),
                Style::default(),
            );
        }
        // Twelve weeks: arrivals and decisions as sparklines on a shared scale.
        let y = area.bottom().saturating_sub(weeks_rows);
        let week = |w: Option<&crate::desk::WeekFlow>| {
            w.map_or(String::new(), |w| {
                crate::i18n::cli::week_label(lang, &w.week)
            })
        };
        let (first_week, last_week) = (week(s.data.weeks.first()), week(s.data.weeks.last()));
        put(
            buf,
            area.x,
            y,
            w,
            &format!("{} {first_week} .. {last_week}", W::Weeks.get(lang)),
            theme.header,
        );
        let max = s
            .data
            .weeks
            .iter()
            .map(|w| w.arrived.max(w.decided))
            .max()
            .unwrap_or(0)
            .max(1);
        let label_w = 12u16;
        let spark_w = (s.data.weeks.len() as u16 * 2).min(w.saturating_sub(label_w + 12));
        for (row, (name, values)) in [
            (
                W::Arrived.get(lang),
                s.data.weeks.iter().map(|w| w.arrived).collect::<Vec<_>>(),
            ),
            (
                W::Decided.get(lang),
                s.data.weeks.iter().map(|w| w.decided).collect::<Vec<_>>(),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let ry = y + 1 + (row as u16) * 2;
            put(buf, area.x, ry + 1, label_w, name, Style::default());
            let doubled: Vec<u64> = values.iter().flat_map(|v| [*v, *v]).collect();
            Sparkline::default()
                .bar_set(ASCII_BARS)
                .max(max)
                .data(&doubled)
                .render(Rect::new(area.x + label_w, ry, spark_w, 2), buf);
            let total: u64 = values.iter().sum();
            let last = values.last().copied().unwrap_or(0);
            put(
                buf,
                area.x + label_w + spark_w + 1,
                ry + 1,
                w.saturating_sub(label_w + spark_w + 1),
                &format!(
                    "{} {last} / {} {total}",
                    W::ThisWeek.get(lang),
                    W::Total.get(lang)
                ),
                Style::default(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::backlog::tests::sample;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn draw(screen: &BacklogScreen, lang: Lang, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let theme = Theme::new(&Default::default(), true);
        let names = [("tanaka".to_string(), "田中 美咲".to_string())].into();
        t.draw(|f| {
            f.render_widget(
                BacklogPane {
                    screen,
                    lang,
                    dates: crate::i18n::DateStyle::Iso,
                    theme: &theme,
                    names: &names,
                },
                f.area(),
            )
        })
        .unwrap();
        super::super::buffer_lines(t.backend().buffer()).join("\n")
    }

    #[test]
    fn the_overview_at_80x24_and_120x40_in_both_languages() {
        let mut s = BacklogScreen::new(sample());
        for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(format!("backlog_{tag}_{w}x{h}"), draw(&s, lang, w, h));
            }
        }
        s.toggle_focus();
        s.down();
        s.right();
        let text = draw(&s, Lang::Ja, 80, 24);
        assert!(
            text.contains("田中 美咲") && !text.contains("tanaka"),
            "{text}"
        );
        insta::assert_snapshot!("backlog_ja_assignee_cursor_80x24", text);
    }
}
