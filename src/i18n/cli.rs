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
    match p {
        Preflight::NoTerminal => lang
            .pick(
                "画面を開くには端末が必要です。端末から起動してください (SSH では `ssh -t`)。端末なしで使うコマンドは `secretariat --help` にあります。",
                "the desk needs a terminal: start it from one (over SSH, `ssh -t`); the commands that need none are in `secretariat --help`",
            )
            .to_string(),
        Preflight::NoStore { dir } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} にストアがありません。`--data-dir` を確認するか、`secretariat demo` (デモ) または `secretariat import ファイル…` で作成してください。"
                ),
                format!(
                    "there is no store in {dir}: check --data-dir, or create one with `secretariat demo` (a demo) or `secretariat import FILE…`"
                ),
            )
        }
        Preflight::NotADirectory { dir } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} はファイルです。`--data-dir` にはストアのディレクトリを指定してください。"),
                format!("{dir} is a file: --data-dir names the store's directory"),
            )
        }
    }
}

/// What `secretariat check` says around the faults it lists (the faults
/// themselves name tables, keys and records, in English).
#[derive(Debug)]
pub enum CheckWords<'a> {
    /// How much was read.
    Read {
        cases: u64,
        index_entries: u64,
        audit_records: u64,
        notifications: u64,
    },
    /// The label before each fault.
    Fault,
    Sound,
    /// The sentence of a check that found faults.
    Faulty {
        faults: usize,
    },
    /// The store was opened after a crash, and sled's recovery changed it.
    Recovered {
        changed: &'a str,
    },
    /// `--since-head`: the chain still extends the head.
    Extends {
        head: &'a str,
        records: u64,
    },
    /// `--since-head`: it does not.
    DoesNotExtend {
        head: &'a str,
    },
}

/// One line of `check`, in `lang`.
pub fn check_text(lang: Lang, w: &CheckWords) -> String {
    match w {
        CheckWords::Read {
            cases,
            index_entries,
            audit_records,
            notifications,
        } => lang.pick(
            format!(
                "案件 {cases} 件、索引 {index_entries} 件、監査記録 {audit_records} 件、通知 {notifications} 件を検査しました"
            ),
            format!(
                "{cases} cases, {index_entries} index entries, {audit_records} audit records, {notifications} notifications checked"
            ),
        ),
        CheckWords::Fault => lang.pick("不備:", "fault:").into(),
        CheckWords::Sound => lang
            .pick("ストアに不備はありません", "the store is sound")
            .into(),
        CheckWords::Faulty { faults } => lang.pick(
            format!("ストアに {faults} 件の不備があります。バックアップから戻してください"),
            format!("the store has {faults} fault(s); restore it from a backup"),
        ),
        CheckWords::Recovered { changed } => lang.pick(
            format!(
                "注意: ストアは正常に閉じられていませんでした。開く際に sled のクラッシュ回復がファイルを変更しました ({changed})。この検査が読んだのは回復後のストアで、破損箇所より後に書かれたものは含まれません (バックアップと比べてください)"
            ),
            format!(
                "note: the store had not been closed cleanly; sled's crash recovery changed its files when it opened them ({changed}) — what this check read is the store as recovered, and what was written after the damaged part is not in it (compare with a backup)"
            ),
        ),
        CheckWords::Extends { head, records } => lang.pick(
            format!("監査記録の連鎖は {head} から続いています (現在 {records} 件)"),
            format!("the audit chain extends {head} (now {records} records)"),
        ),
        CheckWords::DoesNotExtend { head } => lang.pick(
            format!(
                "監査記録は先に控えた {head} から続いていません。その後に切り詰められたか書き換えられています。バックアップと比べ、触れられた人を確認してください"
            ),
            format!(
                "the audit log does not extend the head {head} anchored earlier; it was truncated or rewritten since — compare it with a backup and ask who had access"
            ),
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
    fn check_speaks_both_languages() {
        let read = CheckWords::Read {
            cases: 3,
            index_entries: 9,
            audit_records: 4,
            notifications: 1,
        };
        assert!(check_text(Lang::Ja, &read).starts_with("案件 3 件"));
        assert_eq!(
            check_text(Lang::En, &CheckWords::Sound),
            "the store is sound"
        );
        assert!(check_text(Lang::Ja, &CheckWords::Faulty { faults: 2 }).contains("2 件の不備"));
    }

    #[test]
    fn a_week_is_named_by_its_monday_in_japanese() {
        assert_eq!(week_label(Lang::Ja, "2026-W47"), "11/16の週");
        assert_eq!(week_label(Lang::Ja, "2026-W01"), "12/29の週");
        assert_eq!(week_label(Lang::En, "2026-W47"), "2026-W47");
        assert_eq!(week_label(Lang::Ja, "nonsense"), "nonsense");
    }
}
