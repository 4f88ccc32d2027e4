//! The confirmation of an approval that closes a case against its rule
//! checks: which checks fail, by name, and in bulk how many cases fail each.

use super::{Lang, flag_code, flag_text};
use crate::domain::Flag;

/// A check as the question names it: `NOSUP 有効な指導医がいません`.
fn named(lang: Lang, f: Flag) -> String {
    format!("{} {}", flag_code(f), flag_text(lang, f))
}

/// The lines under a one-case approval question when checks fail.
pub fn failing(lang: Lang, flags: &[Flag]) -> Vec<String> {
    if flags.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        lang.pick("確認で外れている項目があります:", "These rule checks fail:")
            .to_string(),
    ];
    lines.extend(flags.iter().map(|f| format!("  {}", named(lang, *f))));
    lines.push(
        lang.pick(
            "それでも承認するなら y (既定は いいえ)",
            "y approves it anyway (the default is No)",
        )
        .to_string(),
    );
    lines
}

/// The lines of a bulk approval's question on the checks: still counting,
/// none failing, or how many of the marked cases fail each check.
pub fn bulk_failing(
    lang: Lang,
    counting: bool,
    counts: &[(Flag, usize)],
    capped: bool,
) -> Vec<String> {
    if counting {
        return vec![
            lang.pick("確認項目を調べています…", "looking at the rule checks…")
                .to_string(),
        ];
    }
    if counts.is_empty() {
        return vec![
            lang.pick(
                "承認で完了する案件に、確認で外れるものはありません",
                "no case this approval closes fails a rule check",
            )
            .to_string(),
        ];
    }
    let mut lines = vec![
        lang.pick(
            "確認で外れている案件 (承認で完了するもの):",
            "Cases this approval closes that fail a rule check:",
        )
        .to_string(),
    ];
    for (f, n) in counts {
        let n = super::decided::count(*n);
        lines.push(match (lang, capped) {
            (Lang::Ja, false) => format!("  {} {n}件", named(lang, *f)),
            (Lang::Ja, true) => format!("  {} {n}件以上", named(lang, *f)),
            (Lang::En, false) => format!("  {}: {n}", named(lang, *f)),
            (Lang::En, true) => format!("  {}: at least {n}", named(lang, *f)),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_checks_are_named_in_japanese() {
        let lines = failing(Lang::Ja, &[Flag::NoValidSupervisor]);
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("  NOSUP "), "{lines:?}");
        assert!(failing(Lang::Ja, &[]).is_empty());
        let bulk = bulk_failing(Lang::Ja, false, &[(Flag::RepaymentDue, 1156)], false);
        assert!(
            bulk[1].contains("REPAY") && bulk[1].ends_with("1,156件"),
            "{bulk:?}"
        );
    }
}
