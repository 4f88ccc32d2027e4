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

/// What a command says when it is done, or why it could not finish, beside
/// the desk's own errors.
#[derive(Debug)]
pub enum Said<'a> {
    /// `backup`: the store copied.
    BackedUp { store: &'a Path, dest: &'a Path },
    /// `demo`: the store made.
    DemoMade {
        cases: usize,
        dir: &'a Path,
        secs: f64,
    },
    /// `followups`: what the pass did.
    Followups {
        today: chrono::NaiveDate,
        created: usize,
        updated: usize,
        closed: usize,
        reopened: usize,
    },
    /// `import`: one file's counts and verdict.
    Imported {
        file: &'a str,
        rows: usize,
        created: usize,
        updated: usize,
        rejected: usize,
        verdict: Verdict,
    },
    /// `import`: the rows rejected in all.
    RowsRejected { rows: usize },
    /// A file named on the command line is not there.
    NoSuchFile { file: &'a Path },
    /// A file could not be written.
    CannotWrite { file: &'a Path, detail: String },
    /// The backlog could not be written as JSON.
    CannotWriteJson { detail: String },
    /// `export outbox`: records written.
    RecordsWritten { records: usize },
    /// `export outbox`: the output closed early.
    OutputClosed {
        handed: usize,
        due: usize,
        detail: String,
    },
    /// `export outbox`: the file did not reach the disk.
    NotificationsNotWritten { detail: String },
    /// `mail send`: some notifications wait for the next pass.
    NotAllSent,
    /// `stop`: no server runs.
    NothingToStop { dir: &'a Path },
    /// `stop`: it still runs after 30 s.
    StillRuns { dir: &'a Path, log: &'a Path },
    /// `stop`: done.
    Stopped { dir: &'a Path },
    /// `serve`: the log cannot be written.
    CannotWriteLog { log: &'a Path, detail: String },
    /// `serve`: signals cannot be watched.
    CannotWatchSignals { detail: String },
    /// `--socket`: no service answers there.
    NoService { socket: &'a Path },
    /// No home directory for the store.
    NoHome,
}

/// How an import of one file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    DryRun,
    Imported,
    RejectedWhole,
}

/// One sentence in `lang`.
pub fn said(lang: Lang, s: &Said) -> String {
    match s {
        Said::BackedUp { store, dest } => {
            let (store, dest) = (store.display(), dest.display());
            lang.pick(
                format!("{store} を {dest} にバックアップしました"),
                format!("backed up {store} to {dest}"),
            )
        }
        Said::DemoMade { cases, dir, secs } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} にデモのストアを作りました ({cases} 件、{secs:.1} 秒)"),
                format!("demo store with {cases} cases in {dir} ({secs:.1} s)"),
            )
        }
        Said::Followups {
            today,
            created,
            updated,
            closed,
            reopened,
        } => lang.pick(
            format!(
                "{today} 時点のフォローアップ: 作成 {created} 件、更新 {updated} 件、完了 {closed} 件、再開 {reopened} 件"
            ),
            format!(
                "follow-ups as of {today}: {created} created, {updated} updated, {closed} closed, {reopened} reopened"
            ),
        ),
        Said::Imported {
            file,
            rows,
            created,
            updated,
            rejected,
            verdict,
        } => {
            let verdict = match verdict {
                Verdict::DryRun => lang.pick(
                    "確認しました (試行のみ。何も書いていません)",
                    "checked (dry run, nothing written)",
                ),
                Verdict::Imported => lang.pick("取り込みました", "imported"),
                Verdict::RejectedWhole => lang.pick(
                    "ファイル全体を取り込みませんでした (何も書いていません。行を直すか --skip-invalid を指定してください)",
                    "rejected whole (nothing written; fix the rows or use --skip-invalid)",
                ),
            };
            lang.pick(
                format!(
                    "{file}: {rows} 行、作成 {created} 件、更新 {updated} 件、不備 {rejected} 行 — {verdict}"
                ),
                format!(
                    "{file}: {rows} rows, {created} created, {updated} updated, {rejected} rejected — {verdict}"
                ),
            )
        }
        Said::RowsRejected { rows } => lang.pick(
            format!("{rows} 行を取り込めませんでした"),
            format!("{rows} row(s) rejected"),
        ),
        Said::NoSuchFile { file } => {
            let file = file.display();
            lang.pick(
                format!("{file} がありません"),
                format!("{file} does not exist"),
            )
        }
        Said::CannotWrite { file, detail } => {
            let file = file.display();
            lang.pick(
                format!("{file} に書き込めません: {detail}"),
                format!("cannot write {file}: {detail}"),
            )
        }
        Said::CannotWriteJson { detail } => lang.pick(
            format!("滞留状況を JSON で書き出せません: {detail}"),
            format!("cannot write the backlog as JSON: {detail}"),
        ),
        Said::RecordsWritten { records } => lang.pick(
            format!("{records} 件を書き出しました"),
            format!("{records} record(s) written"),
        ),
        Said::OutputClosed {
            handed,
            due,
            detail,
        } => lang.pick(
            format!(
                "{handed} 件の通知を渡したところで出力が閉じました ({detail})。渡した分だけを送信済みにし、期限の来た {due} 件の残りはそのままです。もう一度 `secretariat export outbox` を実行してください"
            ),
            format!(
                "the output closed after {handed} notification(s) ({detail}); only those were released, and the rest of the {due} due stay due — run `secretariat export outbox` again to hand them out"
            ),
        ),
        Said::NotificationsNotWritten { detail } => lang.pick(
            format!("通知を書き出せませんでした ({detail})。まだ渡していない通知はそのままです"),
            format!(
                "the notifications could not be written out ({detail}); those not yet released stay due"
            ),
        ),
        Said::NotAllSent => lang
            .pick(
                "送れなかった通知があります。残りは次の `mail send` で送ります",
                "not every notification could be sent; the rest go at the next `mail send`",
            )
            .to_string(),
        Said::NothingToStop { dir } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} を扱う secretariat サーバーは動いていません。停止するものはありません"),
                format!("no secretariat server serves {dir}; nothing to stop"),
            )
        }
        Said::StillRuns { dir, log } => {
            let (dir, log) = (dir.display(), log.display());
            lang.pick(
                format!(
                    "{dir} の secretariat サーバーに停止を指示しましたが、30 秒たっても動いています。理由は {log} を見てください"
                ),
                format!(
                    "the secretariat server of {dir} was asked to stop but still runs after 30 s; {log} may say why"
                ),
            )
        }
        Said::Stopped { dir } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} の secretariat サーバーを停止しました"),
                format!("stopped the secretariat server of {dir}"),
            )
        }
        Said::CannotWriteLog { log, detail } => {
            let log = log.display();
            lang.pick(
                format!("サーバーのログ {log} に書き込めません: {detail}"),
                format!("cannot write the server log {log}: {detail}"),
            )
        }
        Said::CannotWatchSignals { detail } => lang.pick(
            format!("シグナルを監視できません: {detail}"),
            format!("cannot watch for signals: {detail}"),
        ),
        Said::NoService { socket } => {
            let socket = socket.display();
            lang.pick(
                format!(
                    "{socket} で応答する secretariat サービスがありません。サービスはストアのサービスアカウントで動きます (docs/administration.md の \"A team's deployment\")"
                ),
                format!(
                    "no secretariat service answers on {socket}; it runs as the store's service account (see docs/administration.md, \"A team's deployment\")"
                ),
            )
        }
        Said::NoHome => lang
            .pick(
                "ストアを置くホームディレクトリが見つかりません。--data-dir DIR を指定してください",
                "cannot find a home directory for the store; pass --data-dir DIR",
            )
            .to_string(),
    }
}
