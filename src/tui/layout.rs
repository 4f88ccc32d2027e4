//! Where each pane goes for a terminal size; shared by `update` (to know how
//! many rows the list shows) and the views (to draw there).

use ratatui::layout::Rect;

/// At this width and above, the detail pane sits right of the list; below it,
/// the detail pane replaces the list when opened with Enter.
pub const WIDE: u16 = 100;
/// Below this size only "terminal too small" is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The panes of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    /// Everything between the tab bar and the status line (lookup view, list+detail).
    pub body: Rect,
    /// The case list, its first row being the column header.
    pub list: Option<Rect>,
    pub separator: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
    /// Messages, the filter being typed, or key hints.
    pub hint: Rect,
}

impl Areas {
    /// The panes for `area`; None when it is too small to use.
    pub fn of(area: Rect, detail_shown: bool) -> Option<Areas> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let (x, y, w, h) = (area.x, area.y, area.width, area.height);
        let tabs = Rect::new(x, y, w, 1);
        let body = Rect::new(x, y + 1, w, h - 3);
        let status = Rect::new(x, y + h - 2, w, 1);
        let hint = Rect::new(x, y + h - 1, w, 1);
        let (list, separator, detail) = match (w >= WIDE, detail_shown) {
            (_, false) => (Some(body), None, None),
            (true, true) => {
                // 55%, but never so narrow that the list loses its due dates.
                let lw = (w * 11 / 20).max(62.min(w - 37));
                (
                    Some(Rect::new(x, body.y, lw, body.height)),
                    Some(Rect::new(x + lw, body.y, 1, body.height)),
                    Some(Rect::new(x + lw + 1, body.y, w - lw - 1, body.height)),
                )
            }
            (false, true) => (None, None, Some(body)),
        };
        Some(Areas {
            tabs,
            body,
            list,
            separator,
            detail,
            status,
            hint,
        })
    }

    /// How many cases the list shows (its header row excluded).
    pub fn list_rows(&self) -> usize {
        self.list
            .map(|l| l.height.saturating_sub(1) as usize)
            .unwrap_or(0)
    }
}
