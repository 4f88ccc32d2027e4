//! The view picker (`V`): every view with its live count and query; `Enter`
//! opens the selected one.

use super::{draw_box, put};
use crate::domain::view::View;
use crate::i18n::Lang;
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
    pub theme: &'a Theme,
}

impl ViewsPicker<'_> {
    /// Where the picker goes on a screen of `area`: centred, at most 70 wide.
    pub fn rect(&self, area: Rect) -> Rect {
        let w = area.width.saturating_sub(4).min(70);
        let h = (self.views.len() as u16 + 4).min(area.height.saturating_sub(2));
        Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        )
    }
}

impl Widget for ViewsPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let r = self.rect(area);
        let english = self.lang == Lang::En;
        let title = if english {
            "views (Enter opens)"
        } else {
            "ビュー (Enterで開く)"
        };
        draw_box(buf, r, title, self.theme.accent);
        if r.height < 3 || r.width < 10 {
            return;
        }
        let inner = r.width - 4;
        let rows = (r.height - 3) as usize;
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        for (i, v) in self.views.iter().enumerate().skip(first).take(rows) {
            let y = r.y + 1 + (i - first) as u16;
            let count = match self.counts.get(i).copied().flatten() {
                Some(n) => n.to_string(),
                None => "…".into(),
            };
            let queue = match v.queue {
                Some(q) => format!(" [{}]", crate::i18n::queue_name(self.lang, q)),
                None => String::new(),
            };
            let line = format!(
                "{}{} {}  {}{}",
                if i == self.selected { ">" } else { " " },
                pad(v.title(english), 20),
                pad_left(&count, 7),
                v.query,
                queue
            );
            let style = if i == self.selected {
                self.theme.selected
            } else {
                Style::default()
            };
            put(buf, r.x + 2, y, inner, &line, style);
        }
        let hint = if english {
            "config: [[views]] name, queue, query, sort"
        } else {
            "設定ファイル: [[views]] name, queue, query, sort"
        };
        put(buf, r.x + 2, r.bottom() - 2, inner, hint, self.theme.dim);
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
                            theme: &theme,
                        },
                        f.area(),
                    )
                })
                .unwrap();
                let text = super::super::buffer_lines(t.backend().buffer()).join("\n");
                assert!(text.contains("1827"), "{text}");
                insta::assert_snapshot!(format!("views_{tag}_{w}x{h}"), text);
            }
        }
    }
}
