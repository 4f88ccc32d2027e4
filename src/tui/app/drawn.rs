//! What the last frame drew, as its widgets reported it. Scrolling is
//! bounded by these figures, so the state never lays text out itself: a
//! pane that was not drawn yet bounds nothing, and its widget clamps what it
//! shows.

/// A scrolling pane as drawn: its lines in all and the rows it showed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extent {
    pub lines: usize,
    pub rows: usize,
}

impl Extent {
    /// The furthest the pane scrolls: its last line on its last row.
    pub fn max_scroll(&self) -> usize {
        self.lines.saturating_sub(self.rows)
    }
}

/// The figures of one frame, per scrolling pane (None where it was not drawn).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The case detail beside (or instead of) the list.
    pub detail: Option<Extent>,
    /// The lookup view below its header, and the line of its first case.
    pub lookup: Option<(Extent, usize)>,
    /// The help or the messages popup.
    pub popup: Option<Extent>,
}

impl super::App {
    /// Takes what the frame just drawn reports (the runner calls it after
    /// every draw; no effects).
    pub fn drew(&mut self, drawn: Drawn) {
        self.drawn = drawn;
    }

    /// The terminal's size, as last told (`Action::Resize`).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
}
