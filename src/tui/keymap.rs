//! Keys to actions, by context, rebindable from `[tui.keys]` in the config.
//!
//! Outside text fields, full-width ASCII from a Japanese IME (ａ, ／, ？, １…)
//! is folded to ASCII first, so it means the same as the ASCII key.

use crate::domain::ids::fold_fullwidth_ascii;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

pub use super::commands::Command;
use super::commands::DEFAULTS;

/// Where the keyboard focus is; each context has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The queue's case list (with the detail pane beside it on wide screens).
    List,
    /// The detail pane shown instead of the list (below 100 columns).
    Detail,
    /// The help-desk lookup view.
    Lookup,
    /// The notifications the mail relay refused.
    Mail,
    /// The backlog overview (`B`).
    Backlog,
    /// A yes/no question.
    Confirm,
    /// A text field (filter, reason, note, lookup number, help search): keys edit text.
    Text,
    /// The open enquiries (`I`, `:enquiries`).
    Enquiries,
}

/// A key with its modifiers, as written in the config (`a`, `G`, `Ctrl-c`, `PgDn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        // Shift is already in the character ('G'), and Shift-Tab arrives as BackTab.
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods.difference(KeyModifiers::SHIFT),
            _ => mods,
        };
        Key { code, mods }
    }

    /// From a terminal event, with full-width ASCII folded.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCode::Char(fold_fullwidth_ascii(c)),
            other => other,
        };
        Key::new(code, ev.modifiers)
    }

    /// Parses `a`, `G`, `?`, `Space`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Up`,
    /// `Down`, `Left`, `Right`, `PgDn`, `PgUp`, `Home`, `End`, `F1`…, `Ctrl-x`, `Alt-x`.
    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = ["ctrl-", "c-"].iter().find_map(|p| lower.strip_prefix(p)) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = ["alt-", "m-"].iter().find_map(|p| lower.strip_prefix(p)) {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else if lower == "shift-tab" {
                return Some(Key::new(KeyCode::BackTab, mods));
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.clone().next()) {
            return Some(Key::new(KeyCode::Char(fold_fullwidth_ascii(c)), mods));
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "pgup" | "pageup" => KeyCode::PageUp,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| *n <= 24)?),
            _ => return None,
        };
        Some(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

impl Context {
    /// Its name in messages about the config.
    pub fn name(self) -> &'static str {
        match self {
            Context::List => "the case list",
            Context::Detail => "the detail pane",
            Context::Lookup => "the lookup view",
            Context::Mail => "the mail view",
            Context::Backlog => "the backlog overview",
            Context::Confirm => "a yes/no question",
            Context::Text => "a text field",
            Context::Enquiries => "the enquiry list",
        }
    }
}

/// Something wrong in `[tui.keys]`, found before the TUI starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// No command has this name.
    UnknownAction { name: String },
    /// A key name that cannot be read.
    BadKey { action: String, key: String },
    /// One key would mean two commands in one context.
    Clash {
        key: String,
        context: Context,
        actions: Vec<&'static str>,
    },
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyProblem::UnknownAction { name } => {
                let near: Vec<&str> = Command::ALL
                    .iter()
                    .map(|c| c.id())
                    .filter(|id| strsim::damerau_levenshtein(id, name) <= 2)
                    .collect();
                write!(f, "[tui.keys] {name}: there is no action of that name")?;
                if !near.is_empty() {
                    write!(f, " (did you mean {}?)", near.join(", "))?;
                }
                Ok(())
            }
            KeyProblem::BadKey { action, key } => write!(
                f,
                "[tui.keys] {action} = {key:?}: not a key name (write a, G, ?, Space, Enter, Esc, Tab, Shift-Tab, Up, PgDn, Home, F1, Ctrl-x, Alt-x)"
            ),
            KeyProblem::Clash {
                key,
                context,
                actions,
            } => write!(
                f,
                "[tui.keys] {key} would mean both {} in {}; bind one of them to another key",
                actions.join(" and "),
                context.name()
            ),
        }
    }
}

/// Every problem in `[tui.keys]`: unknown actions, unreadable keys, and keys
/// that two actions would share in one context (defaults included).
pub fn check(config: &BTreeMap<String, Vec<String>>) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    for (name, keys) in config {
        if Command::from_id(name).is_none() {
            problems.push(KeyProblem::UnknownAction { name: name.clone() });
            continue;
        }
        for k in keys {
            if Key::parse(k).is_none() {
                problems.push(KeyProblem::BadKey {
                    action: name.clone(),
                    key: k.clone(),
                });
            }
        }
    }
    let mut by_key: BTreeMap<(u8, String), Vec<&'static str>> = BTreeMap::new();
    for (ctx, key, cmd) in KeyMap::all_bindings(config) {
        let e = by_key.entry((ctx as u8, key.to_string())).or_default();
        if !e.contains(&cmd.id()) {
            e.push(cmd.id());
        }
    }
    for ((ctx, key), actions) in by_key {
        if actions.len() > 1 {
            let context = [
                Context::List,
                Context::Detail,
                Context::Lookup,
                Context::Mail,
                Context::Backlog,
                Context::Confirm,
                Context::Text,
                Context::Enquiries,
            ]
            .into_iter()
            .find(|c| *c as u8 == ctx)
            .unwrap_or(Context::List);
            problems.push(KeyProblem::Clash {
                key,
                context,
                actions,
            });
        }
    }
    problems
}

/// The bindings in force, defaults overridden by the config.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<(Context, Key, Command)>,
}

impl KeyMap {
    /// The defaults with `[tui.keys]` applied: a configured command loses its
    /// default keys in every context it is bound in. Returns the problems found
    /// (unknown command names, unreadable keys), which are otherwise ignored.
    pub fn new(config: &BTreeMap<String, Vec<String>>) -> (KeyMap, Vec<String>) {
        let problems: Vec<String> = check(config).iter().map(|p| p.to_string()).collect();
        let configured = |c: &Command| config.contains_key(c.id());
        // A rebound key wins over a default that used it in the same context.
        let mut seen = std::collections::HashSet::new();
        let mut ordered: Vec<(Context, Key, Command)> = Vec::new();
        let (mine, defaults): (Vec<_>, Vec<_>) = Self::all_bindings(config)
            .into_iter()
            .partition(|(_, _, c)| configured(c));
        for b in mine.into_iter().chain(defaults) {
            if seen.insert((b.0, b.1)) {
                ordered.push(b);
            }
        }
        (KeyMap { bindings: ordered }, problems)
    }

    /// Every binding the defaults and the config make, clashes included: a
    /// configured command loses its default keys in every context it is bound in.
    fn all_bindings(config: &BTreeMap<String, Vec<String>>) -> Vec<(Context, Key, Command)> {
        let mut overrides: BTreeMap<Command, Vec<Key>> = BTreeMap::new();
        for (name, keys) in config {
            if let Some(cmd) = Command::from_id(name) {
                overrides.insert(cmd, keys.iter().filter_map(|k| Key::parse(k)).collect());
            }
        }
        let mut bindings = Vec::new();
        for (ctx, cmd, keys) in DEFAULTS {
            match overrides.get(cmd) {
                Some(ks) => bindings.extend(ks.iter().map(|k| (*ctx, *k, *cmd))),
                None => bindings.extend(
                    keys.iter()
                        .filter_map(|k| Key::parse(k))
                        .map(|k| (*ctx, k, *cmd)),
                ),
            }
        }
        bindings
    }

    /// The command a key means in a context, if any.
    pub fn command(&self, ctx: Context, ev: &KeyEvent) -> Option<Command> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|(c, k, _)| *c == ctx && *k == key)
            .map(|(_, _, cmd)| *cmd)
    }

    /// Every command bound in a context with its keys, in help order.
    pub fn bindings(&self, ctx: Context) -> Vec<(Command, Vec<Key>)> {
        let mut out: Vec<(Command, Vec<Key>)> = Vec::new();
        for &cmd in Command::ALL {
            let keys: Vec<Key> = self
                .bindings
                .iter()
                .filter(|(c, _, k)| *c == ctx && *k == cmd)
                .map(|(_, k, _)| *k)
                .collect();
            if !keys.is_empty() {
                out.push((cmd, keys));
            }
        }
        out
    }

    /// The first key of a command in a context, for hints.
    pub fn first_key(&self, ctx: Context, cmd: Command) -> Option<Key> {
        self.bindings
            .iter()
            .find(|(c, _, k)| *c == ctx && *k == cmd)
            .map(|(_, k, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Command as C;
    use Context as X;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn full_width_keys_mean_the_same() {
        let (km, _) = KeyMap::new(&BTreeMap::new());
        let n = KeyModifiers::NONE;
        for (fw, cmd) in [
            ('ａ', C::Approve),
            ('／', C::Filter),
            ('？', C::Help),
            ('１', C::Queue1),
            ('ｊ', C::Down),
            ('ｋ', C::Up),
            ('Ｇ', C::Bottom),
            ('　', C::Mark),
        ] {
            assert_eq!(km.command(X::List, &ev(KeyCode::Char(fw), n)), Some(cmd));
        }
        assert_eq!(
            km.command(X::List, &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(C::Bottom)
        );
        assert_eq!(
            km.command(X::List, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(C::PrevQueue)
        );
    }

    #[test]
    fn config_replaces_defaults_and_reports_problems() {
        let mut cfg = BTreeMap::new();
        cfg.insert("approve".to_string(), vec!["A".to_string()]); // A is reassign
        cfg.insert("aprove".to_string(), vec!["z".to_string()]);
        cfg.insert("note".to_string(), vec!["Hyper-q".to_string()]);
        let (km, problems) = KeyMap::new(&cfg);
        let n = KeyModifiers::NONE;
        assert_eq!(km.command(X::List, &ev(KeyCode::Char('a'), n)), None);
        assert_eq!(
            km.command(X::List, &ev(KeyCode::Char('A'), KeyModifiers::SHIFT)),
            Some(C::Approve)
        );
        // The unknown name, the bad key, and A shared with reassign in two contexts.
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(
            Key::parse("Ctrl-c").map(|k| k.to_string()),
            Some("Ctrl-c".into())
        );
        assert_eq!(
            Key::parse("PgDn").map(|k| k.to_string()),
            Some("PgDn".into())
        );
    }
}

#[cfg(test)]
mod check_tests {
    use super::*;

    fn cfg(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn the_defaults_have_no_clash() {
        assert_eq!(check(&BTreeMap::new()), Vec::new());
    }

    #[test]
    fn an_unknown_action_is_refused_with_a_near_name() {
        let p = check(&cfg(&[("aprove", &["z"])]));
        assert_eq!(
            p,
            vec![KeyProblem::UnknownAction {
                name: "aprove".into()
            }]
        );
        assert!(
            p[0].to_string().contains("did you mean approve"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn a_bad_key_name_is_refused() {
        let p = check(&cfg(&[("note", &["Hyper-q"])]));
        assert_eq!(
            p,
            vec![KeyProblem::BadKey {
                action: "note".into(),
                key: "Hyper-q".into()
            }]
        );
    }

    #[test]
    fn two_actions_on_one_key_in_one_context_are_refused() {
        let p = check(&cfg(&[("approve", &["j"])]));
        assert!(
            p.iter().any(
                |p| matches!(p, KeyProblem::Clash { key, context: Context::List, actions }
                if key == "j" && actions.contains(&"approve") && actions.contains(&"down"))
            ),
            "{p:?}"
        );
        assert!(p[0].to_string().contains("the case list"), "{}", p[0]);
        // Moving `down` away as well frees the key.
        assert_eq!(
            check(&cfg(&[("approve", &["j"]), ("down", &["Down"])]))
                .iter()
                .filter(|p| matches!(
                    p,
                    KeyProblem::Clash {
                        context: Context::List,
                        ..
                    }
                ))
                .count(),
            0
        );
    }
}
