//! A day of each role, walked in the real binary in a real terminal (tmux,
//! 80×24, ja_JP.UTF-8) on a demo store, reading every captured screen (issue
//! 19): the help desk looks a trainee up and leaves a note; an operator
//! approves, returns and undoes in each queue; a supervisor decides marked
//! cases in bulk, undoes them, and reads the backlog. Every screen is asked to
//! show names (the user's, not the account's), no English id, and only the
//! keys the role may use.

mod skip;
mod tmux;
use std::path::Path;
use tmux::{BIN, Tmux, cli};

/// The English ids a Japanese screen must not show.
const IDS: [&str; 14] = [
    "awaiting_director",
    "director_approved",
    "submitted",
    "completed",
    "returned",
    "released",
    "accepted",
    "certification_return",
    "withdrawal",
    "facility_report",
    "loan_followup",
    "/exemption",
    "/continuation",
    "/repayment",
];

/// Reads a screen as a person would: no English id, and the user shown by name.
fn read(screen: &str, who: &str) {
    for id in IDS {
        assert!(!screen.contains(id), "{id} on a Japanese screen:\n{screen}");
    }
    assert!(
        !screen.contains("panicked") && !screen.contains("RUST_BACKTRACE"),
        "{screen}"
    );
    assert!(
        screen.contains(who),
        "the user is shown as {who}:\n{screen}"
    );
}

/// Starts the TUI as `user` in a fresh tmux session and waits for the list,
/// the status line naming them `shown`.
fn open(data: &Path, user: &str, shown: &str) -> (Tmux, String) {
    let tmux = Tmux::start(&format!("walk-{user}"), "walk", 80, 24);
    let command = format!(
        "{BIN} --data-dir '{}' --as-of 2026-11-21 --user {user}",
        data.display()
    );
    tmux.literal(&command);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the list", |s| {
        s.contains("採用辞退") && s.contains(shown) && !s.contains("読み込み中")
    });
    read(&screen, shown);
    (tmux, screen)
}

fn quit(tmux: &Tmux) {
    tmux.keys(&["Escape", "Escape", "q"]);
    tmux.wait_for("the shell", |s| !s.contains("研修資金"));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}

/// A registration number of a person with a case, from the export.
fn some_registration_number(data: &Path) -> String {
    let out = cli(data, &["export", "cases", "--queue", "withdrawal"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let row: serde_json::Value =
        serde_json::from_str(text.lines().next().expect("a case")).expect("jsonl");
    row["registration_number"]
        .as_str()
        .expect("a registration number")
        .to_string()
}

#[test]
fn each_role_walks_its_day_at_80x24_in_japanese() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    cli(&data, &["demo", "--no-tui", "--cases", "300"]);
    let regno = some_registration_number(&data);

    // The help desk: look the trainee up, open a case from there, note it.
    let (t, home) = open(&data, "sato", "佐藤 由美 (ヘルプデスク)");
    assert!(
        !home.contains("a:承認"),
        "the help desk is offered approve:\n{home}"
    );
    t.keys(&["L"]);
    t.literal(&regno);
    t.keys(&["Enter"]);
    let lookup = t.wait_for("the lookup", |s| s.contains(&regno) && s.contains("[本人]"));
    read(&lookup, "照会");
    t.keys(&["Enter"]);
    let jumped = t.wait_for("the case from the lookup", |s| s.contains("1/1件"));
    read(&jumped, "佐藤 由美");
    t.keys(&["Enter"]);
    t.wait_for("its detail", |s| s.contains("[対象者]"));
    t.keys(&["n"]);
    t.wait_for("the note popup", |s| s.contains("メモを追加"));
    t.literal("電話で問い合わせあり");
    t.keys(&["Enter"]);
    let noted = t.wait_for("the note saved", |s| s.contains("メモを保存しました"));
    read(&noted, "メモを保存しました");
    t.keys(&["a"]);
    let refused = t.capture();
    assert!(!refused.contains("承認しますか"), "{refused}");
    quit(&t);

    // An operator: approve and undo, return with a canned reason, in each queue.
    let (t, _) = open(&data, "tanaka", "田中 美咲 (担当者)");
    for queue in ["1", "2", "3"] {
        t.keys(&[queue, "g"]);
        t.keys(&["a"]);
        t.wait_for("the confirmation", |s| s.contains("承認しますか"));
        t.keys(&["y"]);
        let approved = t.wait_for("the approval", |s| {
            s.contains("承認しました") && !s.contains("読み込み中")
        });
        read(&approved, "承認しました");
        t.keys(&["u"]);
        // The list is read again after the undo; a key pressed meanwhile
        // says so (tested below), so wait for it.
        let undone = t.wait_for("the undo", |s| {
            s.contains("取り消しました") && !s.contains("読み込み中")
        });
        read(&undone, "取り消しました");
        t.keys(&["r"]);
        t.wait_for("the reason popup", |s| s.contains("差し戻し理由"));
        t.keys(&["Down", "Enter"]);
        let returned = t.wait_for("the return", |s| s.contains("差し戻しました"));
        read(&returned, "差し戻しました");
    }
    t.keys(&["4", "g", "Enter"]);
    let loan = t.wait_for("a loan follow-up", |s| {
        s.contains("[貸与]") || s.contains("貸与番号")
    });
    read(&loan, "貸与番号");
    quit(&t);

    // A supervisor: mark three, approve them in bulk, undo, read the backlog.
    let (t, _) = open(&data, "suzuki", "鈴木 健一 (責任者)");
    t.keys(&["1", "g", "Space", "j", "Space", "j", "Space"]);
    t.wait_for("three marked", |s| s.contains("選択 3件"));
    t.keys(&["a"]);
    t.wait_for("the bulk confirmation", |s| s.contains("3件"));
    t.keys(&["y"]);
    let bulk = t.wait_for("the bulk result", |s| s.contains("承認"));
    read(&bulk, "承認");
    t.keys(&["u"]);
    let undone = t.wait_for("the bulk undo", |s| s.contains("件の決定を取り消しました"));
    read(&undone, "件の決定を取り消しました");
    t.keys(&["B"]);
    let backlog = t.wait_for("the backlog", |s| s.contains("バックログ"));
    read(&backlog, "バックログ");
    quit(&t);

    // What they did is in the store, in the names of who did it.
    let out = cli(&data, &["export", "audit"]);
    let audit = String::from_utf8_lossy(&out.stdout);
    for user in ["sato", "tanaka", "suzuki"] {
        assert!(audit.contains(&format!("\"actor\":\"{user}\"")), "{user}");
    }
}
