//! A detached tmux session running `sh` in Japanese, for the end-to-end tests
//! that drive the real binary in a real terminal and read its screen.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_secretariat");

/// Runs the binary on the store `data` as of 2026-11-21 in Japanese, and
/// insists that it succeeds.
pub fn cli(data: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--as-of", "2026-11-21"])
        .args(args)
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .expect("run secretariat");
    assert!(
        out.status.success(),
        "secretariat {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Whether tmux can be used; where it cannot, the test says so (and under
/// `CI=true` fails, see `skip`).
pub fn available() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    crate::skip::unavailable(
        "tmux is not installed (the terminal tests drive the real binary in tmux)",
    );
    false
}

/// One session on a server of its own, killed when dropped.
pub struct Tmux {
    socket: String,
    /// The session's name, also its shell prompt (`NAME$ `).
    target: &'static str,
}

impl Tmux {
    /// Starts session `target` of `cols`×`rows` on socket `secretariat-SOCKET-PID`,
    /// its shell in `ja_JP.UTF-8` with the prompt `TARGET$ `.
    pub fn start(socket: &str, target: &'static str, cols: u16, rows: u16) -> Tmux {
        let tmux = Tmux {
            socket: format!("secretariat-{socket}-{}", std::process::id()),
            target,
        };
        let shell = format!("env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 PS1='{target}$ ' sh");
        let (cols, rows) = (cols.to_string(), rows.to_string());
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            target,
            "-x",
            &cols,
            "-y",
            &rows,
            &shell,
        ]);
        assert!(
            started.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", self.target]).stdout)
            .into_owned()
    }

    /// A tmux format of the pane (`#{alternate_on}`, `#{pane_pid}`…).
    pub fn format(&self, f: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", self.target, f]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Sends keys by name, one after another.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", self.target, k]);
            sleep(Duration::from_millis(150));
        }
    }

    /// Types `text` as it is.
    pub fn literal(&self, text: &str) {
        self.run(&["send-keys", "-t", self.target, "-l", text]);
        sleep(Duration::from_millis(300));
    }

    /// Waits until the screen satisfies `pred`, up to 20 seconds.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
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
