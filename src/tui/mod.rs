//! The operator's screen.

use crate::clock::Clock;
use crate::config::TuiConfig;
use crate::desk::{Actor, Desk};
use crate::i18n::Lang;

/// Who is at the keyboard, and how the screen should look.
pub struct Session {
    pub actor: Actor,
    pub lang: Lang,
    pub clock: Clock,
    pub config: TuiConfig,
    /// Shown in the status line (the data dir).
    pub store_label: String,
}

/// Runs the TUI until the operator quits; the terminal is restored on every exit.
pub fn run(_desk: Desk, _session: Session) -> anyhow::Result<()> {
    anyhow::bail!("the TUI is not built yet")
}
