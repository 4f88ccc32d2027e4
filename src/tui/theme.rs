//! Styles from `[tui.colors]`: the 16 ANSI colours only, none under `NO_COLOR`.
//! Meaning never rests on colour alone: every coloured thing also has a symbol
//! or an attribute (reverse, bold).

use crate::config::ROLES;
use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;

/// The styles the views use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub accent: Style,
    pub overdue: Style,
    pub due_soon: Style,
    pub selected: Style,
    pub marked: Style,
    pub dim: Style,
    pub error: Style,
    pub ok: Style,
    pub header: Style,
    pub tab_active: Style,
}

fn color(name: &str) -> Option<Color> {
    Some(match crate::config::color_name(name).as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark_gray" | "dark_grey" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

impl Theme {
    /// From the config's colour names; `none` (or an unknown name) means no colour
    /// for that role; `no_color` (the `NO_COLOR` convention) turns all colour off.
    pub fn new(colors: &BTreeMap<String, String>, no_color: bool) -> Theme {
        let fg = |role: &str| -> Style {
            if no_color {
                return Style::default();
            }
            let default = ROLES.iter().find(|(r, _)| *r == role).map(|(_, c)| *c);
            let name = colors.get(role).map(String::as_str).or(default);
            match name.and_then(color) {
                Some(c) => Style::default().fg(c),
                None => Style::default(),
            }
        };
        let bold = Modifier::BOLD;
        Theme {
            accent: fg("accent"),
            overdue: fg("overdue").add_modifier(bold),
            due_soon: fg("due_soon"),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            marked: fg("marked").add_modifier(bold),
            dim: fg("dim"),
            error: fg("error").add_modifier(bold),
            ok: fg("ok"),
            header: fg("header").add_modifier(bold),
            tab_active: Style::default().add_modifier(Modifier::REVERSED | bold),
        }
    }

    /// Whether `NO_COLOR` asks for no colour (set and not empty).
    pub fn no_color_from_env(value: Option<&str>) -> bool {
        value.is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colour_at_all() {
        let t = Theme::new(&BTreeMap::new(), true);
        for s in [
            t.accent, t.overdue, t.due_soon, t.marked, t.dim, t.error, t.ok, t.header,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        let c = Theme::new(&BTreeMap::new(), false);
        assert_eq!(c.overdue.fg, Some(Color::Red));
        let mut cfg = BTreeMap::new();
        cfg.insert("overdue".to_string(), "none".to_string());
        assert_eq!(Theme::new(&cfg, false).overdue.fg, None);
    }
}
