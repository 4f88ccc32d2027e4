//! The view picker (`V`): every view by name with its live count and queue;
//! the highlighted view's query under the list; `Enter` opens it.

use super::{centred, draw_box, put};
use crate::domain::view::View;
use crate::i18n::{Lang, Text};
use crate::tui::text::{pad, pad_left};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// The picker, borrowing the views and their counts (None: not counted yet).
pub struct ViewsPicker<'a> {
    pub views: &'a [View],
    pub counts: &'a [Option<u64>],
    pub selected: usize,
    pub lang: Lang,
    /// How the queries' dates are written.
    pub dates: crate::i18n::DateStyle,
    pub theme: &'a Theme,
}

impl ViewsPicker<'_> {
    /// Where the picker goes on a screen of `area`: centred, at most 70 wide.
    pub fn rect(&self, area: Rect) -> Rect {
        let w = area.width.saturating_sub(4).min(70);
        let h = (self.views.len() as u16 + 5).min(area.height.saturating_sub(2));
        centred(area, w, h)
    }
}

impl Widget for ViewsPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let r = self.rect(area);
        let english = self.lang == Lang::En;
        draw_box(buf, r, Text::ViewsTitle.get(self.lang), self.theme.accent);
        if r.height < 4 || r.width < 10 {
            return;
        }
        let inner = r.width - 4;
        let rows = (r.height - 4) as usize;
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        for (i, v) in self.views.iter().enumerate().skip(first).take(rows) {
            let y = r.y + 1 + (i - first) as u16;
            let count = match self.counts.get(i).copied().flatten() {
                Some(n) => n.to_string(),
                None => "…".into(),
            };
            let queue = match v.queue {
                Some(q) => format!("  [{}]", crate::i18n::queue_name(self.lang, q)),
                None => String::new(),
            };
            let line = format!(
                "{}{} {}{}",
                if i == self.selected { ">" } else { " " },
                pad(v.title(english), 24),
                pad_left(&count, 7),
                queue
            );
            let style = if i == self.selected {
                self.theme.selected
            } else {
                Style::default()
            };
            put(buf, r.x + 2, y, inner, &line, style);
        }
        if let Some(v) = self.views.get(self.selected) {
            let query = format!(
                "{}: {}",
                Text::ViewsQuery.get(self.lang),
                crate::i18n::filter_text(self.lang, self.dates, &v.query)
            );
            put(buf, r.x + 2, r.bottom() - 3, inner, &query, self.theme.dim);
        }
        put(
            buf,
            r.x + 2,
            r.bottom() - 2,
            inner,
            Text::ViewsConfig.get(self.lang),
            self.theme.dim,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Queue;
    use crate::domain::view::all_views;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_picker_lists_views_with_counts_in_both_languages() {
        let views = all_views(&[View {
            name: "仙南の在籍報告".into(),
            name_en: None,
            queue: Some(Queue::FacilityReport),
            query: "area:仙南 overdue".into(),
            sort: Some("age desc".into()),
        }]);
        let counts = [Some(26), Some(1827), Some(297), None, Some(4)];
        let theme = Theme::new(&Default::default(), true);
        for (lang, tag) in [(Lang::Ja, "ja"), (Lang::En, "en")] {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| {
                    f.render_widget(
                        ViewsPicker {
                            views: &views,
                            counts: &counts,
                            selected: 1,
                            lang,
                            dates: crate::i18n::DateStyle::Iso,
                            theme: &theme,
                        },
                        f.area(),
                    )
                })
                .unwrap();
                let text = super::super::buffer_lines(t.backend().buffer()).join("\n");
                assert!(text.contains("1827"), "{text}");
                // Names, not queries; the highlighted view's query only, under the list.
                assert!(!text.contains("assignee:me"), "{text}");
                assert_eq!(
                    text.matches("assignee:none").count(),
                    usize::from(lang == Lang::En),
                    "{text}"
                );
                let shown =
                    crate::i18n::filter_text(lang, crate::i18n::DateStyle::Iso, "assignee:none");
                let query = format!("{}: {shown}", Text::ViewsQuery.get(lang));
                assert!(text.contains(&query), "{text}");
                insta::assert_snapshot!(format!("views_{tag}_{w}x{h}"), text);
            }
        }
    }
}
