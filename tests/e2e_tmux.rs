//! The real binary in a real terminal (tmux): approve a case, quit, find the
//! decision in the export; the terminal is restored; a tiny window does not
//! crash it; an escape sequence in a name cannot retitle the pane.
//! Skipped, with a notice, where tmux is not installed.

mod skip;
mod tmux;
use tmux::{BIN, Tmux, cli};

#[test]
fn approve_quit_resize_and_hostile_names_in_a_real_terminal() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    cli(&data, &["demo", "--no-tui", "--cases", "200"]);

    let import = dir.path().join("hostile.jsonl");
    std::fs::write(
        &import,
        concat!(
            r#"{"kind":"person","registration_number":"7777777","name":"悪意\u001b]0;PWNED\u0007太郎","name_kana":"あくい たろう","birth_date":"1990-01-01"}"#,
            "\n",
            r#"{"kind":"withdrawal","ref":"W-E2E-ESC","received_at":"2026-11-20 09:00","registration_number":"7777777","program":"テスト内科プログラム","director":"試験 責任者","reason":"他プログラム応募のため"}"#,
            "\n"
        ),
    )
    .unwrap();
    cli(&data, &["import", import.to_str().unwrap()]);

    let tmux = Tmux::start("e2e", "e2e", 80, 24);
    tmux.run(&["select-pane", "-t", "e2e", "-T", "e2e-title"]);
    let command = format!("{BIN} --data-dir '{}' --as-of 2026-11-21", data.display());
    tmux.literal(&command);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the tab bar", |s| {
        s.contains("採用辞退") && s.contains("在籍報告")
    });
    assert_eq!(tmux.format("#{alternate_on}"), "1");

    // Show the hostile name: filter by its kana, then open it.
    tmux.keys(&["/"]);
    tmux.literal("あくい");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the hostile case", |s| s.contains("W-E2E-ESC"));
    assert!(screen.contains("悪意"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("its detail", |s| s.contains("他プログラム応募のため"));
    assert_eq!(
        tmux.format("#{pane_title}"),
        "e2e-title",
        "a name retitled the pane"
    );
    tmux.keys(&["Enter"]);

    // Approve it.
    tmux.keys(&["a"]);
    tmux.wait_for("the confirmation", |s| s.contains("承認しますか"));
    tmux.keys(&["y"]);
    tmux.wait_for("the decision", |s| s.contains("W-E2E-ESC を承認しました"));

    // Tiny and back.
    tmux.run(&["resize-window", "-t", "e2e", "-x", "20", "-y", "5"]);
    tmux.wait_for("the too-small notice", |s| s.contains("端末が"));
    tmux.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    tmux.wait_for("a redraw at 80x24", |s| {
        s.contains("採用辞退") && s.contains("研修資金")
    });
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "1",
        "the TUI is still running"
    );

    // Quit: the shell is back on the main screen.
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("研修資金"));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    assert_eq!(tmux.format("#{pane_current_command}"), "sh");

    let out = cli(&data, &["export", "decisions"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("W-E2E-ESC"))
        .unwrap_or_else(|| panic!("no decision on W-E2E-ESC in:\n{text}"));
    assert!(line.contains("approve"), "{line}");
}

#[test]
fn help_desk_reaches_the_loans_of_a_person_with_three_training_periods() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    cli(&data, &["demo", "--no-tui", "--cases", "100"]);
    let import = dir.path().join("three.jsonl");
    std::fs::write(
        &import,
        [
            r#"{"kind":"facility","facility_number":"F-E2E-01","name":"試験総合病院","prefecture":"宮城県"}"#,
            r#"{"kind":"person","registration_number":"5556667","name":"佐々木 三郎","name_kana":"ささき さぶろう","birth_date":"1993-05-20","training_periods":["F-E2E-01:2022-04-01:2023-03-31","F-E2E-01:2023-04-01:2024-09-30","F-E2E-01:2024-09-01:2025-03-31"]}"#,
            r#"{"kind":"loan","loan_id":"L-E2E-A","registration_number":"5556667","first_fiscal_year":2022,"years_approved":2,"disbursements":["2022-05-01:3300000"]}"#,
            r#"{"kind":"loan","loan_id":"L-E2E-B","registration_number":"5556667","first_fiscal_year":2024,"years_approved":2,"disbursements":["2024-05-01:3300000"]}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    cli(&data, &["import", import.to_str().unwrap()]);

    let tmux = Tmux::start("e2e-lookup", "e2e", 80, 24);
    // sato is help desk in the demo store.
    let command = format!(
        "{BIN} --data-dir '{}' --as-of 2026-11-21 --user sato",
        data.display()
    );
    tmux.literal(&command);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the tab bar", |s| {
        s.contains("採用辞退") && s.contains("ヘルプデスク")
    });
    // Help desk is not offered decisions, and a decision key is refused at once.
    assert!(!screen.contains("a:承認"), "{screen}");
    tmux.keys(&["a"]);
    tmux.wait_for("the refusal", |s| s.contains("users add sato operator"));

    tmux.keys(&["L"]);
    tmux.literal("5556667");
    tmux.keys(&["Enter"]);
    // The loans section ends the lookup (`L-E2E-B: 2024年度から…`); the
    // follow-ups the daily job made for them are among the cases at the top.
    let top = tmux.wait_for("the lookup", |s| s.contains("佐々木 三郎"));
    assert!(
        !top.contains("L-E2E-B:"),
        "the loans fit on the first screen:\n{top}"
    );
    tmux.keys(&["G"]);
    let end = tmux.wait_for("the loans", |s| s.contains("L-E2E-B:"));
    assert!(end.contains("L-E2E-A") && end.contains("TOVL"), "{end}");
    assert!(end.contains("/"), "a position is shown:\n{end}");
    tmux.keys(&["g", "PgDn", "PgDn"]);
    tmux.wait_for("the loans by PgDn", |s| s.contains("L-E2E-B:"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("研修資金"));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}
