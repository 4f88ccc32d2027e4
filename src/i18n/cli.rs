//! The command line's own sentences before a store is reached.

use super::Lang;
use std::path::Path;

/// Why a command stops before it opens anything.
#[derive(Debug)]
pub enum Preflight<'a> {
    /// The screen was asked for without a terminal (a pipe, cron, `ssh` without `-t`).
    NoTerminal,
    /// A command that only reads, on a data dir that holds no store.
    NoStore { dir: &'a Path },
    /// `--data-dir` names a file.
    NotADirectory { dir: &'a Path },
}

/// One sentence, with what to do.
pub fn preflight_text(lang: Lang, p: &Preflight) -> String {
    match (lang, p) {
        (Lang::Ja, Preflight::NoTerminal) => "画面を開くには端末が必要です。端末から起動してください (SSH では `ssh -t`)。端末なしで使うコマンドは `secretariat --help` にあります。".to_string(),
        (Lang::En, Preflight::NoTerminal) => "the desk needs a terminal: start it from one (over SSH, `ssh -t`); the commands that need none are in `secretariat --help`".to_string(),
        (Lang::Ja, Preflight::NoStore { dir }) => format!(
            "{} にストアがありません。`--data-dir` を確認するか、`secretariat demo` (デモ) または `secretariat import ファイル…` で作成してください。",
            dir.display()
        ),
        (Lang::En, Preflight::NoStore { dir }) => format!(
            "there is no store in {}: check --data-dir, or create one with `secretariat demo` (a demo) or `secretariat import FILE…`",
            dir.display()
        ),
        (Lang::Ja, Preflight::NotADirectory { dir }) => format!(
            "{} はファイルです。`--data-dir` にはストアのディレクトリを指定してください。",
            dir.display()
        ),
        (Lang::En, Preflight::NotADirectory { dir }) => format!(
            "{} is a file: --data-dir names the store's directory",
            dir.display()
        ),
    }
}

/// A week of the backlog (`2026-W47`) as the office says it: `11/16の週` in
/// Japanese (the Monday it starts), the ISO week in English.
pub fn week_label(lang: Lang, iso_week: &str) -> String {
    let start = iso_week.split_once("-W").and_then(|(y, w)| {
        chrono::NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)
    });
    match (lang, start) {
        (Lang::Ja, Some(d)) => format!("{}の週", d.format("%-m/%-d")),
        _ => iso_week.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_is_named_by_its_monday_in_japanese() {
        assert_eq!(week_label(Lang::Ja, "2026-W47"), "11/16の週");
        assert_eq!(week_label(Lang::Ja, "2026-W01"), "12/29の週");
        assert_eq!(week_label(Lang::En, "2026-W47"), "2026-W47");
        assert_eq!(week_label(Lang::Ja, "nonsense"), "nonsense");
    }
}
