//! Lines of the help popup, generated from the command table and the key map
//! so it never lies: only what the user's role may do, then a legend of the
//! list's markers and flag codes (found by the same search).

use crate::domain::Flag;
use crate::i18n::{Text, flag_code, flag_text};
use crate::tui::app::App;
use crate::tui::keymap::Context;

/// `keys  what it does` for every binding of `ctx` the role may use, and the
/// legend, narrowed by `search`. The commands' config names are not shown:
/// they are for `[tui.keys]` and listed in docs/reference/keys.md.
pub fn lines(app: &App, ctx: Context, search: &str) -> Vec<String> {
    let l = app.lang;
    let needle = search.trim().to_lowercase();
    let mut out: Vec<String> = app
        .keymap()
        .bindings(ctx)
        .into_iter()
        .filter(|(cmd, _)| app.offers(*cmd))
        .map(|(cmd, keys)| {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            format!("{:<16} {}", keys.join(" "), cmd.text().get(l))
        })
        .collect();
    out.push(Text::TextKeys.get(l).to_string());
    if ctx == Context::List {
        out.push(String::new());
        out.push(format!("[{}]", Text::LineHead.get(l)));
        for t in crate::tui::commands::Typable::ALL {
            if app.may(t.needs()) {
                let typed = format!(":{} {}", t.id(), t.argument(l));
                out.push(format!("{:<16} {}", typed.trim_end(), t.text().get(l)));
            }
        }
    }
    out.push(String::new());
    out.push(format!("[{}]", Text::LegendHead.get(l)));
    for (mark, text) in [
        ("!", Text::LegendOverdue),
        ("~", Text::LegendSoon),
        ("*", Text::LegendMarked),
    ] {
        out.push(format!("{mark:<6} {}", text.get(l)));
    }
    for f in Flag::ALL {
        out.push(format!("{:<6} {}", flag_code(f), flag_text(l, f)));
    }
    if needle.is_empty() {
        return out;
    }
    out.retain(|line| !line.is_empty() && line.to_lowercase().contains(&needle));
    out
}
