//! Helpers of the server tests: small stores made by `secretariat import`, a
//! server process that is always reaped, and waiting with a deadline.
#![allow(dead_code)]

use chrono::NaiveDate;
use secretariat::server::RemoteDesk;

#[allow(unused_imports)]
pub use secretariat::desk::{
    Ask, BulkReport, CaseDetail, CheckSummary, DeskClient, Lookup, Page, QueueCounts, Request,
};
#[allow(unused_imports)]
pub use secretariat::domain::{Case, Refusal};
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub const AS_OF: &str = "2026-11-21";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", "C.UTF-8").env_remove("LC_ALL");
    c
}

/// Runs the binary on a data dir and returns (success, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = bin()
        .arg("--data-dir")
        .arg(dir)
        .arg("--as-of")
        .arg(AS_OF)
        .args(args)
        .output()
        .expect("binary runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The reference of the n-th withdrawal of a test store.
pub fn wref(n: usize) -> String {
    format!("W-2026-{n:05}")
}

/// A store of `n` withdrawals awaiting their directors, one person each,
/// imported through `secretariat import` (the creator, this OS user, is its supervisor).
pub fn store(dir: &Path, n: usize) {
    store_with(dir, n, &[]);
}

/// [`store`], importing with these global options first (`--config FILE`:
/// the arrival mails to the directors follow its rules).
pub fn store_with(dir: &Path, n: usize, options: &[&str]) {
    let file = dir.with_extension("jsonl");
    let mut f = std::fs::File::create(&file).unwrap();
    for i in 0..n {
        let regno = 3_000_000 + i;
        writeln!(
            f,
            r#"{{"kind":"person","registration_number":"{regno}","name":"試験 太郎{i}","name_kana":"しけん たろう","birth_date":"1995-04-01","email":"t{i}@example.jp"}}"#
        )
        .unwrap();
    }
    for i in 0..n {
        let regno = 3_000_000 + i;
        writeln!(
            f,
            r#"{{"kind":"withdrawal","ref":"{}","received_at":"2026-11-{:02} 09:30","registration_number":"{regno}","program":"試験病院 内科専門研修プログラム","director":"髙橋 一郎","director_email":"d{i}@example.jp","reason":"他プログラムへの応募のため"}}"#,
            wref(i),
            1 + i % 20
        )
        .unwrap();
    }
    drop(f);
    let mut args = options.to_vec();
    args.extend(["import", file.to_str().unwrap()]);
    let (code, out, err) = run(dir, &args);
    assert_eq!(code, Some(0), "import failed: {out}\n{err}");
}

/// Waits until `f` holds, at most `limit`.
pub fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    f()
}

pub fn socket(dir: &Path) -> PathBuf {
    secretariat::server::socket_path(dir)
}

pub fn log(dir: &Path) -> String {
    std::fs::read_to_string(secretariat::server::log_path(dir)).unwrap_or_default()
}

/// A `secretariat serve` process, killed and reaped when dropped.
pub struct ServerProc {
    pub child: Child,
    pub dir: PathBuf,
}

impl ServerProc {
    pub fn start(dir: &Path) -> ServerProc {
        Self::start_with(dir, &[])
    }

    pub fn start_with(dir: &Path, extra: &[&str]) -> ServerProc {
        Self::start_on(dir, &socket(dir), extra)
    }

    /// A server listening on `sock` (a team's socket outside the data dir).
    pub fn start_on(dir: &Path, sock: &Path, extra: &[&str]) -> ServerProc {
        let child = bin()
            .arg("--data-dir")
            .arg(dir)
            .arg("--as-of")
            .arg(AS_OF)
            .arg("--socket")
            .arg(sock)
            .arg("serve")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let mut p = ServerProc {
            child,
            dir: dir.to_path_buf(),
        };
        let up = wait_for(Duration::from_secs(20), || {
            UnixStream::connect(sock).is_ok() || p.exited().is_some()
        });
        assert!(
            up && p.exited().is_none(),
            "the server did not start:\n{}",
            log(dir)
        );
        p
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn signal(&self, sig: nix::sys::signal::Signal) {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.pid()), sig);
    }

    /// SIGKILL: a crash, with no chance to clean up.
    pub fn kill9(&mut self) {
        self.signal(nix::sys::signal::Signal::SIGKILL);
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits (at most 30 s) for the exit status.
    pub fn term(&mut self) -> ExitStatus {
        self.signal(nix::sys::signal::Signal::SIGTERM);
        let mut status = None;
        wait_for(Duration::from_secs(30), || {
            status = self.exited();
            status.is_some()
        });
        status.expect("the server stops within 30 s of SIGTERM")
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        if self.exited().is_none() {
            self.kill9();
        }
    }
}

pub fn remote(dir: &Path) -> RemoteDesk {
    RemoteDesk::connect(dir, None).expect("connects to the server")
}

pub fn remote_as(dir: &Path, user: &str) -> RemoteDesk {
    RemoteDesk::connect(dir, Some(user.to_string())).expect("connects to the server")
}
