//! Identity comes from the socket's peer credentials, never from the client;
//! the service account alone reaches the store's files; the socket is 0660
//! in a run directory of the operators' group. These tests run clients as
//! other uids, so they need root (CI runs as root); otherwise they say so and pass.
//!
//! The client is this test binary run again as another user, executing the
//! ignored `helper_raw_client` test, which sends hand-written frames.

mod server_support;
mod skip;

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
fn as_user(uid: u32, gid: u32, sock: &Path, hello: &str, requests: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "helper_raw_client",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SECRETARIAT_TEST_SOCKET", sock)
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

/// The real binary as `uid:gid` (groups: only `gid`), with `args`.
fn secretariat_as(uid: u32, gid: u32, args: &[&str]) -> std::process::Output {
    bin()
        .args(args)
        .env("HOME", "/nonexistent")
        .uid(uid)
        .gid(gid)
        .output()
        .unwrap()
}

/// A team's layout: the service account owns the data dir (0700, nothing for
/// its group or others); the socket is in a run directory of mode 0750 owned
/// by the service account and the operators' group. Returns (data dir, socket).
fn service_layout(
    tmp: &Path,
    service: u32,
    group: u32,
) -> (std::path::PathBuf, std::path::PathBuf) {
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = tmp.join("store");
    store(&dir, 3);
    let st = std::process::Command::new("chown")
        .args(["-R", &format!("{service}:{service}"), dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(st.success());
    let run = tmp.join("run");
    std::fs::create_dir(&run).unwrap();
    nix::unistd::chown(
        &run,
        Some(nix::unistd::Uid::from_raw(service)),
        Some(nix::unistd::Gid::from_raw(group)),
    )
    .unwrap();
    // setgid: what the service creates there (its socket) takes the operators' group.
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o2750)).unwrap();
    // The store was made under this process's audit key: the service keeps
    // its own copy (0600, its own), outside the data dir.
    let keys = tmp.join("keys");
    std::fs::create_dir(&keys).unwrap();
    let key = secretariat::audit_key::path(None).unwrap();
    std::fs::copy(&key, keys.join("audit.key")).unwrap();
    let st = std::process::Command::new("chown")
        .args([
            "-R",
            &format!("{service}:{service}"),
            keys.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(st.success());
    (dir, run.join("secretariat.sock"))
}

/// The service's audit key (see `service_layout`).
fn service_key(dir: &Path) -> std::path::PathBuf {
    dir.parent().unwrap().join("keys/audit.key")
}

/// `secretariat serve --socket` as the service account, killed when dropped.
struct Service(std::process::Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve_as(service: u32, dir: &Path, sock: &Path) -> Service {
    let child = bin()
        .args(["--data-dir", dir.to_str().unwrap(), "--as-of", AS_OF])
        .args(["--socket", sock.to_str().unwrap(), "serve"])
        .env("HOME", "/nonexistent")
        .env(secretariat::audit_key::ENV, service_key(dir))
        .uid(service)
        .gid(service)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let up = wait_for(std::time::Duration::from_secs(20), || {
        UnixStream::connect(sock).is_ok()
    });
    assert!(up, "the service did not start:\n{}", log(dir));
    Service(child)
}

const APPROVE_AS_ROOT: &str = r#"{"call":{"id":1,"request":{"approve":{"key":{"queue":"withdrawal","reference":"W-2026-00000"},"revision":1,"actor":{"name":"root","role":"supervisor"},"user":"root"}}}}"#;

#[test]
fn the_server_knows_who_connects_whatever_the_client_says() {
    if !is_root() {
        skip::unavailable("the identity tests run clients as other uids and need root");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let uids = free_uids(4);
    let (service, helpdesk, operator, outsider) = (uids[0], uids[1], uids[2], uids[3]);
    let group = 61_500u32;
    let (dir, sock) = service_layout(tmp.path(), service, group);
    // The store's first supervisor (root, who made it) names the operator.
    let st = std::process::Command::new("chown")
        .args(["-R", "0:0", dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(st.success());
    run(
        &dir,
        &["users", "add", &format!("uid{operator}"), "operator"],
    );
    let st = std::process::Command::new("chown")
        .args(["-R", &format!("{service}:{service}"), dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(st.success());
    let _service = serve_as(service, &dir, &sock);
    let meta = std::fs::metadata(&sock).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o660, "socket mode");
    assert_eq!(meta.gid(), group, "socket group is its run directory's");
    let dmeta = std::fs::metadata(&dir).unwrap();
    assert_eq!(
        dmeta.mode() & 0o777,
        0o700,
        "only the service reaches the store"
    );

    // A helpdesk user's hand-written approve, naming root as the actor: refused.
    let hello = serde_json::to_string(&Hello::current(None, None)).unwrap();
    let lines = as_user(helpdesk, group, &sock, &hello, &[APPROVE_AS_ROOT]);
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
    let lines = as_user(helpdesk, group, &sock, &hello_as_root, &[APPROVE_AS_ROOT]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("refusal") && lines[0].contains("--user is honoured only"),
        "{lines:?}"
    );

    // The files: a helpdesk user can neither read nor open the store.
    nix::unistd::setegid(nix::unistd::Gid::from_raw(group)).unwrap();
    nix::unistd::seteuid(nix::unistd::Uid::from_raw(helpdesk)).unwrap();
    let read = std::fs::read(dir.join("db"));
    let list = std::fs::read_dir(&dir);
    nix::unistd::seteuid(nix::unistd::Uid::from_raw(0)).unwrap();
    nix::unistd::setegid(nix::unistd::Gid::from_raw(0)).unwrap();
    assert!(
        read.is_err() && list.is_err(),
        "the store's files are the service's alone"
    );
    let d = dir.to_str().unwrap();
    let o = secretariat_as(
        helpdesk,
        group,
        &[
            "--data-dir",
            d,
            "--embedded",
            "users",
            "add",
            "me",
            "supervisor",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("permission denied"), "{e}");
    assert!(!e.contains("damaged"), "{e}");
    // Through a user namespace that pretends to be the service account.
    if std::process::Command::new("unshare")
        .arg("--help")
        .output()
        .is_ok()
    {
        let exe = env!("CARGO_BIN_EXE_secretariat");
        let o = std::process::Command::new("unshare")
            .args(["--user", "--map-user", &service.to_string(), exe])
            .args([
                "--data-dir",
                d,
                "--embedded",
                "users",
                "add",
                "me",
                "supervisor",
            ])
            .env("HOME", "/nonexistent")
            .uid(helpdesk)
            .gid(group)
            .output()
            .unwrap();
        assert!(!o.status.success(), "a user namespace gets nowhere: {o:?}");
    }
    // Nothing of that reached the store.
    let users = String::from_utf8_lossy(
        &secretariat_as(
            operator,
            group,
            &["--socket", sock.to_str().unwrap(), "users", "list"],
        )
        .stdout,
    )
    .into_owned();
    assert!(!users.contains("me\tsupervisor"), "{users}");
    assert!(
        users.contains(&format!("uid{operator}\toperator@")),
        "{users}"
    );

    // The operator's identical request is done, in their name.
    let lines = as_user(operator, group, &sock, &hello, &[APPROVE_AS_ROOT]);
    assert!(
        lines[1].contains(r#""ok""#) || lines[1].contains(r#""Ok""#),
        "{lines:?}"
    );
    let key = wref(0).to_string();
    let o = secretariat_as(
        operator,
        group,
        &["--socket", sock.to_str().unwrap(), "export", "decisions"],
    );
    let decisions = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        decisions
            .lines()
            .any(|l| l.contains(&key) && l.contains(&format!("uid{operator}"))),
        "{decisions}"
    );

    // Outside the operators' group: the kernel refuses the connection.
    let lines = as_user(outsider, outsider, &sock, &hello, &[]);
    assert!(
        lines[0].starts_with("CONNECT-ERROR") && lines[0].contains("ermission denied"),
        "{lines:?}"
    );
    let log = log(&dir);
    assert!(log.contains(&format!("user=uid{helpdesk}")), "{log}");
}

#[test]
fn one_users_many_connections_never_lock_the_others_out() {
    if !is_root() {
        skip::unavailable("this test runs a client as another uid and needs root");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let uids = free_uids(2);
    let (service, other) = (uids[0], uids[1]);
    let group = 61_501u32;
    let (dir, sock) = service_layout(tmp.path(), service, group);
    let _service = serve_as(service, &dir, &sock);
    // One user (root here) opens 300 connections and says hello on each.
    let mut held = Vec::new();
    let (mut welcomed, mut refused) = (0, 0);
    for _ in 0..300 {
        let Ok(mut s) = UnixStream::connect(&sock) else {
            refused += 1;
            continue;
        };
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let said = secretariat::server::protocol::write_frame(&mut s, &Hello::current(None, None));
        match said
            .ok()
            .and_then(|()| secretariat::server::protocol::read_frame::<HelloAnswer>(&mut s).ok())
        {
            Some(HelloAnswer::Welcome { .. }) => welcomed += 1,
            Some(HelloAnswer::Refusal { reason, .. }) => {
                assert!(reason.contains("the most one user may hold"), "{reason}");
                refused += 1;
            }
            None => refused += 1,
        }
        held.push(s);
    }
    assert_eq!(
        welcomed, 16,
        "the cap per user (server.max_connections_per_user)"
    );
    assert_eq!(refused, 284);
    // Meanwhile another user's lookup is answered.
    let hello = serde_json::to_string(&Hello::current(None, None)).unwrap();
    let lookup = r#"{"call":{"id":1,"request":{"lookup":{"input":"3000001"}}}}"#;
    let lines = as_user(other, group, &sock, &hello, &[lookup]);
    assert!(lines[0].contains("welcome"), "{lines:?}");
    assert!(
        lines[1].contains("3000001") && lines[1].contains("試験"),
        "{lines:?}"
    );
    drop(held);
}
