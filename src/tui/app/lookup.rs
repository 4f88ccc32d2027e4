//! Help desk's lookup view: moving between the person's cases and scrolling
//! the whole view (identity, cases, training periods and their checks, loans)
//! with the usual keys.

use super::App;
use crate::tui::keymap::Command;

impl App {
    /// Lines of the lookup view below its fixed header, the rows it has and
    /// the line of its first case, as last drawn (before the first frame:
    /// one screen of its cases, none above them).
    fn lookup_extent(&self) -> Option<(usize, usize, usize)> {
        let view = self.screens.lookup()?;
        let (e, first_case) = self.drawn.lookup.unwrap_or_else(|| {
            let rows = self.size.1 as usize;
            let cases = view.data.cases.len().max(view.data.matches.len());
            (super::drawn::Extent { lines: cases, rows }, 0)
        });
        Some((e.lines, e.rows.max(1), first_case))
    }

    pub(in crate::tui) fn lookup_command(&mut self, c: Command) {
        let Some((n, rows, first_case)) = self.lookup_extent() else {
            return;
        };
        let max = n.saturating_sub(rows);
        let Some(l) = self.screens.lookup_mut() else {
            return;
        };
        let cases = l.data.cases.len().max(l.data.matches.len());
        match c {
            Command::Down | Command::Up => {
                l.selected = if c == Command::Down {
                    (l.selected + 1).min(cases.saturating_sub(1))
                } else {
                    l.selected.saturating_sub(1)
                };
                // Keep the selected case in view.
                let row = first_case + l.selected;
                if row < l.scroll {
                    l.scroll = row;
                } else if row >= l.scroll + rows {
                    l.scroll = row + 1 - rows;
                }
            }
            Command::PageDown => l.scroll = (l.scroll + rows.saturating_sub(1).max(1)).min(max),
            Command::PageUp => l.scroll = l.scroll.saturating_sub(rows.saturating_sub(1).max(1)),
            Command::DetailDown => l.scroll = (l.scroll + 1).min(max),
            Command::DetailUp => l.scroll = l.scroll.saturating_sub(1),
            Command::Top => l.scroll = 0,
            Command::Bottom => l.scroll = max,
            _ => {}
        }
        l.scroll = l.scroll.min(max);
    }
}
