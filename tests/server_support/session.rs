//! A client of a running server as another OS user, kept open: this test
//! binary run again as that uid, executing an ignored helper test that
//! relays hand-written frames from its stdin to the socket and prints
//! every message of the server on its stdout (`REPLY`, `EVENT`, `CHUNK`).
//! The helper must be declared in the test file that uses this module:
//!
//! ```ignore
//! #[test]
//! #[ignore = "helper: run by the tests as another user"]
//! fn helper_session() { server_support::session::helper_main(); }
//! ```
#![allow(dead_code)]

use secretariat::desk::Request;
use secretariat::server::protocol::{
    Answer, Call, ClientMessage, Hello, HelloAnswer, RemoteError, ServerMessage,
};
use std::io::{BufRead, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const SOCKET_ENV: &str = "SECRETARIAT_TEST_SESSION_SOCKET";

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

/// The helper's body: connect, say hello, then relay.
pub fn helper_main() {
    let Ok(sock) = std::env::var(SOCKET_ENV) else {
        return;
    };
    let mut s = match UnixStream::connect(&sock) {
        Ok(s) => s,
        Err(e) => {
            println!("CONNECT-ERROR {e}");
            return;
        }
    };
    let hello = serde_json::to_string(&Hello::current(None, None)).unwrap();
    s.write_all(&frame(hello.as_bytes())).unwrap();
    let answer: HelloAnswer = secretariat::server::protocol::read_frame(&mut s).unwrap();
    println!("ANSWER {}", serde_json::to_string(&answer).unwrap());
    if !matches!(answer, HelloAnswer::Welcome { .. }) {
        std::process::exit(0);
    }
    let mut r = s.try_clone().unwrap();
    std::thread::spawn(move || {
        loop {
            match secretariat::server::protocol::read_frame::<ServerMessage>(&mut r) {
                Ok(m) => {
                    let word = match &m {
                        ServerMessage::Reply { .. } => "REPLY",
                        ServerMessage::Event(_) => "EVENT",
                        ServerMessage::Chunk { .. } => "CHUNK",
                    };
                    println!("{word} {}", serde_json::to_string(&m).unwrap());
                }
                Err(e) => {
                    println!("CLOSED {e}");
                    std::process::exit(0);
                }
            }
        }
    });
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        if s.write_all(&frame(line.as_bytes())).is_err() {
            break;
        }
    }
    std::process::exit(0);
}

/// What the server answered to one call: the typed outcome and its JSON.
#[derive(Debug, Clone)]
pub struct Reply {
    pub outcome: Result<Answer, RemoteError>,
    /// The outcome as it came on the wire (re-serialized), for comparing.
    pub json: String,
}

impl Reply {
    pub fn ok(&self) -> Option<&Answer> {
        self.outcome.as_ref().ok()
    }

    pub fn refusal_id(&self) -> Option<String> {
        let e = self.outcome.as_ref().err()?;
        let r = e.refusal.as_ref()?;
        let v = serde_json::to_value(r).ok()?;
        v.get("refusal")?.as_str().map(str::to_string)
    }
}

/// An open session as one OS user.
pub struct Session {
    pub user: String,
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<String>,
    next_id: u64,
    /// Every `EVENT` line received so far (the JSON of the event message).
    pub events: Vec<serde_json::Value>,
}

impl Session {
    /// Opens a session as `uid:gid` on `sock`; panics unless welcomed.
    pub fn open(uid: u32, gid: u32, sock: &Path) -> Session {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "helper_session",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SOCKET_ENV, sock)
            .env("HOME", "/nonexistent")
            .uid(uid)
            .gid(gid)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // The harness may print "test helper_session ... " before a line.
                let found = [
                    "ANSWER",
                    "REPLY",
                    "EVENT",
                    "CHUNK",
                    "CONNECT-ERROR",
                    "CLOSED",
                ]
                .iter()
                .filter_map(|w| line.find(w))
                .min();
                if let Some(i) = found {
                    if tx.send(line[i..].to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        let stdin = child.stdin.take();
        let mut s = Session {
            user: format!("uid{uid}"),
            child,
            stdin,
            rx,
            next_id: 1,
            events: Vec::new(),
        };
        let first = s
            .next_line(Duration::from_secs(30))
            .expect("the helper answers");
        assert!(
            first.starts_with("ANSWER") && first.contains("welcome"),
            "{}: {first}",
            s.user
        );
        assert!(first.contains(&format!(r#""user":"uid{uid}""#)), "{first}");
        s
    }

    fn next_line(&mut self, limit: Duration) -> Option<String> {
        match self.rx.recv_timeout(limit) {
            Ok(l) => Some(l),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    fn keep_event(&mut self, line: &str) {
        let body = line.trim_start_matches("EVENT ").to_string();
        self.events.push(serde_json::from_str(&body).unwrap());
    }

    /// Sends one call and waits for its reply; events met meanwhile are kept.
    pub fn call_raw(&mut self, call: Call) -> (Reply, Vec<String>) {
        let id = self.next_id;
        self.next_id += 1;
        let msg = serde_json::to_string(&ClientMessage::Call { id, request: call }).unwrap();
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{msg}").unwrap();
        stdin.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut chunks = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .next_line(left)
                .unwrap_or_else(|| panic!("{}: no reply to {msg}", self.user));
            if line.starts_with("EVENT") {
                self.keep_event(&line);
                continue;
            }
            if line.starts_with("CHUNK") {
                chunks.push(line);
                continue;
            }
            assert!(line.starts_with("REPLY"), "{}: {line}", self.user);
            let m: ServerMessage = serde_json::from_str(line.trim_start_matches("REPLY ")).unwrap();
            let ServerMessage::Reply { id: got, outcome } = m else {
                unreachable!()
            };
            assert_eq!(got, id, "{}: replies in order", self.user);
            let json = serde_json::to_string(&outcome).unwrap();
            return (Reply { outcome, json }, chunks);
        }
    }

    /// One desk request.
    pub fn call(&mut self, request: Request) -> Reply {
        self.call_raw(Call::Desk(request)).0
    }

    /// Waits `quiet` for events, keeping them.
    pub fn gather_events(&mut self, quiet: Duration) {
        while let Some(line) = self.next_line(quiet) {
            if line.starts_with("EVENT") {
                self.keep_event(&line);
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
