//! Identity comes from the socket's peer credentials, never from the client;
//! the socket is 0660 with the data dir's group. These tests run clients as
//! other uids, so they need root (CI runs as root); otherwise they say so and pass.
//!
//! The client is this test binary run again as another user, executing the
//! ignored `helper_raw_client` test, which sends hand-written frames.

mod server_support;

use secretariat::server::protocol::{Hello, HelloAnswer, ServerMessage};
use server_support::*;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::Path;

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Uids with no account, so their names are `uid<N>`.
fn free_uids(n: usize) -> Vec<u32> {
    (61_000u32..62_000)
        .filter(|u| {
            nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(*u))
                .ok()
                .flatten()
                .is_none()
        })
        .take(n)
        .collect()
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

#[test]
#[ignore = "helper: run by the identity tests as another user"]
fn helper_raw_client() {
    let Ok(sock) = std::env::var("SECRETARIAT_TEST_SOCKET") else {
        return;
    };
    let hello = std::env::var("SECRETARIAT_TEST_HELLO").unwrap();
    let requests = std::env::var("SECRETARIAT_TEST_REQUESTS").unwrap_or_default();
    let mut s = match UnixStream::connect(&sock) {
        Ok(s) => s,
        Err(e) => {
            println!("CONNECT-ERROR {e}");
            return;
        }
    };
    s.write_all(&frame(hello.as_bytes())).unwrap();
    let answer: HelloAnswer = secretariat::server::protocol::read_frame(&mut s).unwrap();
    println!("ANSWER {}", serde_json::to_string(&answer).unwrap());
    if !matches!(answer, HelloAnswer::Welcome { .. }) {
        return;
    }
    for line in requests.lines().filter(|l| !l.trim().is_empty()) {
        s.write_all(&frame(line.as_bytes())).unwrap();
        loop {
            let m: ServerMessage = secretariat::server::protocol::read_frame(&mut s).unwrap();
            if let ServerMessage::Reply { .. } = m {
                println!("REPLY {}", serde_json::to_string(&m).unwrap());
                break;
            }
        }
    }
}

/// Runs the helper as `uid:gid`; returns its ANSWER / REPLY / CONNECT-ERROR lines.
fn as_user(uid: u32, gid: u32, dir: &Path, hello: &str, requests: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "helper_raw_client",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SECRETARIAT_TEST_SOCKET", socket(dir))
        .env("SECRETARIAT_TEST_HELLO", hello)
        .env("SECRETARIAT_TEST_REQUESTS", requests.join("\n"))
        .uid(uid)
        .gid(gid)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        // The harness may print "test helper_raw_client ... " before the first line.
        .filter_map(|l| {
            ["ANSWER", "REPLY", "CONNECT-ERROR"]
                .iter()
                .filter_map(|w| l.find(w))
                .min()
                .map(|i| l[i..].to_string())
        })
        .collect()
}

const APPROVE_AS_ROOT: &str = r#"{"call":{"id":1,"request":{"approve":{"key":{"queue":"withdrawal","reference":"W-2026-00000"},"revision":1,"actor":{"name":"root","role":"supervisor"},"user":"root"}}}}"#;

#[test]
fn the_server_knows_who_connects_whatever_the_client_says() {
    if !is_root() {
        eprintln!(
            "notice: skipped: the identity tests run clients as other uids and need root (CI runs as root)"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 3);
    let uids = free_uids(3);
    let (helpdesk, operator, outsider) = (uids[0], uids[1], uids[2]);
    let group = 61_500u32;
    // The secretariat's group owns the data dir; the socket takes that group.
    nix::unistd::chown(&dir, None, Some(nix::unistd::Gid::from_raw(group))).unwrap();
    run(
        &dir,
        &["users", "add", &format!("uid{operator}"), "operator"],
    );
    let _server = ServerProc::start(&dir);
    let meta = std::fs::metadata(socket(&dir)).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o660, "socket mode");
    assert_eq!(meta.gid(), group, "socket group is the data dir's");

    // A helpdesk user's hand-written approve, naming root as the actor: refused.
    let hello = serde_json::to_string(&Hello::current(None, None)).unwrap();
    let lines = as_user(helpdesk, group, &dir, &hello, &[APPROVE_AS_ROOT]);
    assert!(
        lines[0].contains(&format!(r#""user":"uid{helpdesk}""#)),
        "{lines:?}"
    );
    assert!(lines[0].contains(r#""role":"helpdesk""#), "{lines:?}");
    assert!(lines[1].contains(r#""kind":"refused""#), "{lines:?}");
    assert!(
        lines[1].contains("is helpdesk; approving or returning cases needs the operator role"),
        "{lines:?}"
    );

    // Asking to act as root (--user) is refused to a helpdesk user at the handshake.
    let hello_as_root = serde_json::to_string(&Hello::current(Some("root".into()), None)).unwrap();
    let lines = as_user(helpdesk, group, &dir, &hello_as_root, &[APPROVE_AS_ROOT]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("refusal") && lines[0].contains("--user is honoured only"),
        "{lines:?}"
    );

    // Nothing changed; then the operator's identical request is done, in their name.
    let r = remote(&dir);
    let key = secretariat::desk::CaseKey::new(secretariat::domain::Queue::Withdrawal, wref(0));
    assert_eq!(
        r.ask::<CaseDetail>(Request::Detail {
            key: key.to_owned()
        })
        .unwrap()
        .case
        .revision,
        1
    );
    let lines = as_user(operator, group, &dir, &hello, &[APPROVE_AS_ROOT]);
    assert!(
        lines[1].contains(r#""ok""#) || lines[1].contains(r#""Ok""#),
        "{lines:?}"
    );
    let case = r
        .ask::<CaseDetail>(Request::Detail {
            key: key.to_owned(),
        })
        .unwrap()
        .case;
    assert_eq!(case.updated_by, format!("uid{operator}"));

    // Outside the data dir's group: the kernel refuses the connection.
    let lines = as_user(outsider, outsider, &dir, &hello, &[]);
    assert!(
        lines[0].starts_with("CONNECT-ERROR") && lines[0].contains("ermission denied"),
        "{lines:?}"
    );
    let log = log(&dir);
    assert!(log.contains(&format!("user=uid{helpdesk}")), "{log}");
}
