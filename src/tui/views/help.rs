//! Lines of the help popup, generated from the key map so it never lies.

use crate::i18n::{Text, command_text};
use crate::tui::app::App;
use crate::tui::keymap::Context;

/// `keys  what it does (name)` for every binding of `ctx`, narrowed by `search`.
pub fn lines(app: &App, ctx: Context, search: &str) -> Vec<String> {
    let needle = search.trim().to_lowercase();
    let mut out: Vec<String> = app
        .keymap()
        .bindings(ctx)
        .into_iter()
        .map(|(cmd, keys)| {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            format!(
                "{:<16} {} ({})",
                keys.join(" "),
                command_text(app.lang, cmd),
                cmd.id()
            )
        })
        .collect();
    out.push(Text::TextKeys.get(app.lang).to_string());
    if needle.is_empty() {
        return out;
    }
    out.retain(|l| l.to_lowercase().contains(&needle));
    out
}
