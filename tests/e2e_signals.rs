//! The real binary in a real terminal (tmux), ended by a signal from outside:
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT each give the shell back on the main
//! screen with the cursor shown, and the exit status is 128 + the signal.
//! Where tmux is missing the test is skipped with a notice, except under
//! `CI=true`, where that is a failure.

mod skip;
mod tmux;
use std::path::Path;
use std::process::Command;
use tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_secretariat");

/// The pid of the shell's one child (the program it runs in the foreground).
fn child_of(pid: &str) -> Option<String> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    children.split_whitespace().next().map(str::to_string)
}

fn demo(data: &Path) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args([
            "--as-of",
            "2026-11-21",
            "demo",
            "--no-tui",
            "--cases",
            "100",
        ])
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("run secretariat");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn each_ending_signal_restores_the_terminal_and_exits_128_plus_its_number() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    demo(&data);
    let tmux = Tmux::start("sig", "sig", 100, 30);
    let shell = tmux.format("#{pane_pid}");
    // Through a server started in the background, and on the store directly.
    for (signal, number, embedded) in [
        ("TERM", 15, false),
        ("HUP", 1, true),
        ("INT", 2, false),
        ("QUIT", 3, true),
    ] {
        tmux.run(&["send-keys", "-t", "sig", "clear", "Enter"]);
        let command = format!(
            "{BIN} --data-dir '{}' --as-of 2026-11-21{}; echo \"status=$?\"",
            data.display(),
            if embedded { " --embedded" } else { "" }
        );
        tmux.run(&["send-keys", "-t", "sig", "-l", &command]);
        tmux.run(&["send-keys", "-t", "sig", "Enter"]);
        tmux.wait_for("the tab bar", |s| {
            s.contains("採用辞退")
                && s.contains("在籍報告")
                && tmux.format("#{alternate_on}") == "1"
        });
        assert_eq!(
            tmux.format("#{cursor_flag}"),
            "0",
            "the TUI hides the cursor"
        );
        let pid = child_of(&shell).expect("the program runs under the shell");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let want = format!("status={}", 128 + number);
        // The prompt after the status, on a line of its own (tmux trims its
        // trailing space; the line the command was typed on may have scrolled
        // away where the binary's path is long).
        let screen = tmux.wait_for("the shell back", |s| {
            s.split_once(&want)
                .is_some_and(|(_, after)| after.lines().any(|l| l.trim_end() == "sig$"))
        });
        assert!(!screen.contains("在籍報告"), "SIG{signal}: {screen}");
        assert_eq!(tmux.format("#{alternate_on}"), "0", "SIG{signal}");
        assert_eq!(tmux.format("#{cursor_flag}"), "1", "SIG{signal}");
        assert_eq!(tmux.format("#{pane_current_command}"), "sh", "SIG{signal}");
        assert!(!screen.contains("panicked"), "SIG{signal}: {screen}");
    }
}
