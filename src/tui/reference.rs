//! The key reference of `docs/reference/keys.md`, made from the command table
//! and the default key map, so the manual lists every command with the keys it
//! really has (a test fails when the file is stale).

use super::commands::Command;
use super::keymap::{Context, KeyMap};
use crate::domain::Role;
use crate::i18n::{Lang, role_name};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const CONTEXTS: [(Context, &str, &str); 7] = [
    (Context::List, "一覧", "List"),
    (
        Context::Detail,
        "詳細 (80桁で全面表示)",
        "Detail (shown full-screen below 100 columns)",
    ),
    (Context::Lookup, "照会", "Lookup"),
    (Context::Mail, "送信失敗", "Failed mail"),
    (Context::Backlog, "滞留状況", "Backlog"),
    (Context::Enquiries, "問い合わせ", "Enquiries"),
    (Context::Confirm, "確認", "Confirmation"),
];

/// The key reference in Markdown: for each screen, every command with its
/// default keys, its wording in Japanese and English, its `[tui.keys]` name and
/// the least role that may use it.
pub fn keys_markdown() -> String {
    let map = KeyMap::new(&BTreeMap::new()).0;
    let mut out = String::new();
    out.push_str("<!-- Generated from src/tui/commands.rs by `cargo test --test docs_generated` with UPDATE_DOCS=1; do not edit. -->\n");
    out.push_str("# Keys\n\n");
    out.push_str(
        "Every key of the TUI, by screen, as the program defines it. Keys are rebound in\n",
    );
    out.push_str("`[tui.keys]` of the configuration by the name in the last column but one\n");
    out.push_str("(`approve = [\"y\"]`); a command rebound loses its default keys everywhere.\n");
    out.push_str("Help (`?`) and the hint line show only what the user's role may do.\n");
    out.push_str(
        "Full-width letters typed with a Japanese IME (`ａ`, `／`) mean the same as ASCII.\n",
    );
    for (ctx, ja, en) in CONTEXTS {
        let _ = write!(out, "\n## {ja} — {en}\n\n");
        out.push_str("| keys | 操作 | command | `[tui.keys]` | least role |\n");
        out.push_str("|---|---|---|---|---|\n");
        for (cmd, keys) in map.bindings(ctx) {
            let keys: Vec<String> = keys
                .iter()
                .map(|k| format!("`{}`", cell(&k.to_string())))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` | {} |",
                keys.join(" "),
                cell(cmd.text().get(Lang::Ja)),
                cell(cmd.text().get(Lang::En)),
                cmd.id(),
                role_name(Lang::En, Role::needed_for(cmd.needs())),
            );
        }
    }
    out.push_str("\n## : コマンド — `:` commands\n\n");
    out.push_str("Typed on the command line (`:`); `Tab` completes the name and its argument.\n\n");
    out.push_str("| command | 操作 | what it does | least role |\n");
    out.push_str("|---|---|---|---|\n");
    for t in super::commands::Typable::ALL {
        let typed = format!(":{} {}", t.id(), t.argument(Lang::En));
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            cell(typed.trim_end()),
            cell(t.text().get(Lang::Ja)),
            cell(t.text().get(Lang::En)),
            role_name(Lang::En, Role::needed_for(t.needs())),
        );
    }
    out.push_str(
        "\nIn a text field (filter, reason, note, number, help search) keys edit the text;\n",
    );
    out.push_str("`Enter` confirms and `Esc` cancels.\n");
    out
}

/// Every command has a default key somewhere (none is unreachable).
pub fn unbound_commands() -> Vec<Command> {
    let map = KeyMap::new(&BTreeMap::new()).0;
    Command::ALL
        .iter()
        .copied()
        .filter(|c| {
            CONTEXTS
                .iter()
                .all(|(ctx, _, _)| map.first_key(*ctx, *c).is_none())
        })
        .collect()
}

/// A table cell: a `|` would end the cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}
