//! The real binary in a real terminal (tmux), ended by a signal from outside:
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT each give the shell back on the main
//! screen with the cursor shown, and the exit status is 128 + the signal.
//! Where tmux is missing the test is skipped with a notice, except under
//! `CI=true`, where that is a failure.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_secretariat");

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "sig"]).stdout).into_owned()
    }

    fn format(&self, f: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "sig", f]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&Tmux, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(self, &screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Whether tmux can be used; under `CI=true` its absence fails the test.
fn tmux_present() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "tmux is not installed, and under CI=true the terminal tests must run"
    );
    eprintln!("NOTICE: tmux is not installed; skipping the signal test");
    false
}

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
    if !tmux_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    demo(&data);
    let tmux = Tmux {
        socket: format!("secretariat-sig-{}", std::process::id()),
    };
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "sig",
        "-x",
        "100",
        "-y",
        "30",
        "env LANG=ja_JP.UTF-8 PS1='sig$ ' sh",
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
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
        tmux.wait_for("the tab bar", |t, s| {
            s.contains("採用辞退") && s.contains("在籍報告") && t.format("#{alternate_on}") == "1"
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
        let screen = tmux.wait_for("the shell back", |_, s| s.contains(&want));
        assert!(screen.contains("sig$ "), "SIG{signal}: {screen}");
        assert!(!screen.contains("在籍報告"), "SIG{signal}: {screen}");
        assert_eq!(tmux.format("#{alternate_on}"), "0", "SIG{signal}");
        assert_eq!(tmux.format("#{cursor_flag}"), "1", "SIG{signal}");
        assert_eq!(tmux.format("#{pane_current_command}"), "sh", "SIG{signal}");
        assert!(!screen.contains("panicked"), "SIG{signal}: {screen}");
    }
}
