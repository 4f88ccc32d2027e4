//! Intake at the desk in the real binary, in tmux at 80×24 in ja_JP.UTF-8
//! (issue 20): help desk finds a caller by name and birth date; an operator
//! records a 休職届 that arrived late and sees the 届出遅延 appear.

mod skip;
mod tmux;
use std::path::Path;
use tmux::{BIN, Tmux, cli};

fn open(data: &Path, user: &str, shown: &str) -> Tmux {
    let tmux = Tmux::start(&format!("intake-{user}"), "intake", 80, 24);
    let command = format!(
        "{BIN} --data-dir '{}' --as-of 2026-11-21 --user {user}",
        data.display()
    );
    tmux.literal(&command);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the list", |s| {
        s.contains("採用辞退") && s.contains(shown) && !s.contains("読み込み中")
    });
    tmux
}

fn quit(tmux: &Tmux) {
    tmux.keys(&["Escape"]);
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("研修資金"));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}

/// A borrower: registration number, surname and birth date, from the store.
fn borrower(data: &Path) -> (String, String, String) {
    let out = cli(data, &["export", "cases", "--queue", "loan_followup"]);
    let text = String::from_utf8_lossy(&out.stdout);
    // A loan still in training: its continuation is awaited.
    let row: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("jsonl"))
        .find(|r| r["topic"] == "continuation_overdue")
        .expect("a loan awaiting its continuation");
    let regno = row["registration_number"].as_str().unwrap().to_string();
    let out = cli(data, &["lookup", &regno, "--json"]);
    let l: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = l["person"]["name"].as_str().unwrap();
    let surname = name.split(['　', ' ']).next().unwrap().to_string();
    let birth = l["person"]["birth_date"].as_str().unwrap().to_string();
    (regno, surname, birth)
}

#[test]
fn a_caller_found_by_name_and_a_late_leave_recorded_at_80x24() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    cli(&data, &["demo", "--no-tui", "--cases", "300"]);
    let (regno, surname, birth) = borrower(&data);

    // Help desk: the caller gives a surname and a birth date in 令和/ISO.
    let t = open(&data, "sato", "佐藤 由美 (ヘルプデスク)");
    t.keys(&["L"]);
    t.literal(&format!("{surname} {birth}"));
    t.keys(&["Enter"]);
    let found = t.wait_for("the caller", |s| {
        s.contains(&regno) && (s.contains("[本人]") || s.contains("該当する人"))
    });
    assert!(!found.contains("loan_followup"), "{found}");
    if found.contains("該当する人") {
        // Namesakes born the same day: the list tells them apart.
        assert!(found.contains(&regno), "{found}");
    }
    // Help desk is not offered the forms.
    t.keys(&["e"]);
    let after = t.capture();
    assert!(!after.contains("記録する様式"), "{after}");
    quit(&t);

    // An operator records a 休職届 received two months after the leave began.
    let t = open(&data, "tanaka", "田中 美咲 (担当者)");
    t.keys(&["L"]);
    t.literal(&regno);
    t.keys(&["Enter"]);
    t.wait_for("the lookup", |s| s.contains("[本人]"));
    t.keys(&["e"]);
    t.wait_for("the loan forms", |s| s.contains("第8号様式 休職届"));
    t.keys(&["Enter"]);
    let form = t.wait_for("the form", |s| s.contains("事由の日付"));
    assert!(form.contains("届出を受けた日"), "{form}");
    t.literal("R8.6.1");
    t.keys(&["Down", "Down"]);
    t.literal("R8.8.3");
    t.keys(&["Enter"]);
    let saved = t.wait_for("the record", |s| s.contains("を記録しました"));
    assert!(
        saved.contains("届出遅延"),
        "the late notice appears at once:\n{saved}"
    );
    for id in ["leave_start", "notification_late", "loan_event"] {
        assert!(!saved.contains(id), "{id} on a Japanese screen:\n{saved}");
    }
    // Recorded by mistake: u takes it back, in words.
    t.keys(&["u"]);
    let undone = t.wait_for("the undo", |s| s.contains("の記録を取り消しました"));
    for id in ["leave_start", "loan_event", "undo"] {
        assert!(!undone.contains(id), "{id} on a Japanese screen:\n{undone}");
    }
    quit(&t);
    let out = cli(&data, &["export", "audit"]);
    let audit = String::from_utf8_lossy(&out.stdout);
    assert!(audit.contains("\"actor\":\"tanaka\""), "recorded as tanaka");
    let out = cli(&data, &["lookup", &regno, "--json"]);
    let l: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = l["loans"][0]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        !events
            .iter()
            .any(|e| e["event"] == "leave_start" && e["date"] == "2026-06-01"),
        "the leave is gone from the ledger: {events:?}"
    );
}

/// A person of the demo registered twice (二重登録): the number asked, and the duplicate's.
fn registered_twice(data: &Path) -> (String, String) {
    let out = cli(data, &["export", "cases", "--queue", "withdrawal"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("jsonl");
        let regno = row["registration_number"].as_str().unwrap_or_default();
        let out = cli(data, &["lookup", regno, "--json"]);
        let l: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if let Some(d) = l["duplicates"].as_array().and_then(|d| d.first()) {
            let dup = d["registration_number"].as_str().unwrap().to_string();
            return (regno.to_string(), dup);
        }
    }
    panic!("the demo has people registered twice");
}

#[test]
fn a_supervisor_links_a_duplicate_and_undoes_it_at_80x24() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    cli(&data, &["demo", "--no-tui", "--cases", "300"]);
    let (keep, dup) = registered_twice(&data);
    let t = open(&data, "suzuki", "鈴木 健一 (責任者)");
    t.keys(&["L"]);
    t.literal(&keep);
    t.keys(&["Enter"]);
    t.wait_for("the lookup", |s| s.contains("[本人]") && s.contains(&dup));
    t.keys(&["D"]);
    let asked = t.wait_for("the question", |s| s.contains("に統合しますか"));
    assert!(asked.contains(&format!("二重登録 {dup}")), "{asked}");
    t.keys(&["y"]);
    let linked = t.wait_for("the link", |s| s.contains("に統合しました"));
    assert!(
        linked.contains(&format!("{dup} を {keep} に統合しました")),
        "{linked}"
    );
    for id in ["linked", "link_duplicate", "duplicate"] {
        assert!(!linked.contains(id), "{id} on a Japanese screen:\n{linked}");
    }
    // The old number finds the person kept.
    let out = cli(&data, &["lookup", &dup]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("{dup} は二重登録として {keep} に統合済みです")),
        "{text}"
    );
    t.keys(&["u"]);
    t.wait_for("the undo", |s| s.contains("の記録を取り消しました"));
    quit(&t);
    let out = cli(&data, &["lookup", &dup, "--json"]);
    let l: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        l["registration_number"],
        dup.as_str(),
        "its own record again"
    );
}
