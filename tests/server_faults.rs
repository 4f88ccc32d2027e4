//! Faults on the socket: garbage, oversized frames, a client of another
//! protocol version, a client gone mid-request, a client that never reads.
//! The server survives each, still answers a fresh client, and logs why.

mod server_support;

use secretariat::desk::{CaseKey, PageQuery};
use secretariat::domain::Queue;
use secretariat::server::protocol::{
    self, Call, ClientMessage, Hello, HelloAnswer, MAX_FRAME, ServerMessage,
};
use secretariat::server::{ConnectError, Event, RemoteDesk};
use server_support::*;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn raw(dir: &Path) -> UnixStream {
    let s = UnixStream::connect(socket(dir)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

fn hello(s: &mut UnixStream) -> HelloAnswer {
    protocol::write_frame(s, &Hello::current(None, None)).unwrap();
    protocol::read_frame(s).unwrap()
}

/// Reads until the server closes the connection (or 10 s pass).
fn closed_by_server(s: &mut UnixStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn still_serves(dir: &Path) {
    let r = remote(dir);
    assert_eq!(
        r.ask::<Vec<QueueCounts>>(Request::Counts).unwrap().len(),
        4,
        "a fresh client is served"
    );
}

fn log_says(dir: &Path, words: &str) {
    assert!(
        wait_for(Duration::from_secs(5), || log(dir).contains(words)),
        "the log should say {words:?}:\n{}",
        log(dir)
    );
}

#[test]
fn garbage_oversized_frames_and_other_versions_are_refused_and_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let _server = ServerProc::start(&dir);

    // Not this protocol at all: "GET " read as a length is over a gigabyte.
    let mut s = raw(&dir);
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    assert!(closed_by_server(&mut s));
    log_says(&dir, "exceeds the limit");
    still_serves(&dir);

    // A frame of the right length holding junk, as the hello.
    let mut s = raw(&dir);
    s.write_all(&frame(b"\x00\xff{{not json")).unwrap();
    assert!(closed_by_server(&mut s));
    log_says(&dir, "did not say hello");
    still_serves(&dir);

    // After a good hello: junk, then an oversized frame on another connection.
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    s.write_all(&frame(
        br#"{"call":{"id":1,"request":{"launch":"missiles"}}}"#,
    ))
    .unwrap();
    assert!(closed_by_server(&mut s));
    log_says(&dir, "not a message of this protocol");
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    s.write_all(&((MAX_FRAME as u32) + 1).to_be_bytes())
        .unwrap();
    assert!(closed_by_server(&mut s));
    still_serves(&dir);

    // A client of another protocol version is told both versions.
    let mut s = raw(&dir);
    let other = Hello {
        protocol: 99,
        program_version: "9.9.9".into(),
        act_as: None,
        as_of: None,
    };
    protocol::write_frame(&mut s, &other).unwrap();
    match protocol::read_frame::<HelloAnswer>(&mut s).unwrap() {
        HelloAnswer::Refusal {
            reason, protocol, ..
        } => {
            assert_eq!(protocol, secretariat::server::protocol::PROTOCOL_VERSION);
            assert!(
                reason.contains("protocol 99") && reason.contains("9.9.9"),
                "{reason}"
            );
            let ours = format!(
                "protocol {}",
                secretariat::server::protocol::PROTOCOL_VERSION
            );
            assert!(reason.contains(&ours), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    log_says(&dir, "protocol 99");
    still_serves(&dir);

    // A client that connects and says nothing is let go after its hello timeout,
    // and meanwhile blocks nobody.
    let _silent = raw(&dir);
    still_serves(&dir);
}

#[test]
fn a_client_gone_mid_request_harms_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 600);
    let _server = ServerProc::start(&dir);
    // Half a frame, then gone.
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    let body = serde_json::to_vec(&ClientMessage::Call {
        id: 1,
        request: Call::Desk(Request::Counts),
    })
    .unwrap();
    let f = frame(&body);
    s.write_all(&f[..f.len() / 2]).unwrap();
    drop(s);
    log_says(&dir, "closed a client");
    // A whole bulk decision, then gone before the answer: the bulk completes
    // (each chunk its own transaction) and the store stays sound.
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    let keys: Vec<CaseKey> = (0..600)
        .map(|i| CaseKey::new(Queue::Withdrawal, wref(i)))
        .collect();
    protocol::write_frame(
        &mut s,
        &ClientMessage::Call {
            id: 2,
            request: Call::Desk(Request::Bulk {
                keys,
                action: secretariat::desk::BulkAction::Approve,
            }),
        },
    )
    .unwrap();
    drop(s);
    // A killed process: the kernel closes its socket the same way.
    let mut child = bin()
        .arg("--data-dir")
        .arg(&dir)
        .args(["followups"])
        .spawn()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    still_serves(&dir);
    let r = remote(&dir);
    let check = r.ask::<CheckSummary>(Request::Check).unwrap();
    assert!(check.faults.is_empty(), "{:?}", check.faults);
    let done = wait_for(Duration::from_secs(20), || {
        let mut q = PageQuery::new(Queue::Withdrawal);
        q.state = Some(secretariat::domain::State::AwaitingDirector);
        r.ask::<Page>(Request::Page { query: q.clone() })
            .unwrap()
            .total
            == 0
    });
    assert!(done, "the abandoned bulk decision still completed");
}

#[test]
fn a_client_that_never_reads_slows_only_itself_and_is_told_to_resync() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 40);
    let _server = ServerProc::start(&dir);
    let mut slow = raw(&dir);
    assert!(matches!(hello(&mut slow), HelloAnswer::Welcome { .. }));
    // Thousands of requests whose answers it never reads: its queue and its
    // socket buffer fill up, and its own thread waits.
    let writer = {
        let mut slow = slow.try_clone().unwrap();
        slow.set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        std::thread::spawn(move || {
            for id in 0..20_000u64 {
                let call = ClientMessage::Call {
                    id,
                    request: Call::Desk(Request::Counts),
                };
                if protocol::write_frame(&mut slow, &call).is_err() {
                    break;
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    // Others are served promptly, and their changes are broadcast.
    let fast = remote(&dir);
    let mut worst = Duration::ZERO;
    for i in 0..40 {
        let key = CaseKey::new(Queue::Withdrawal, wref(i));
        let t = Instant::now();
        fast.ask::<Case>(Request::Annotate {
            key: key.to_owned(),
            text: "確認済み".into(),
        })
        .unwrap();
        worst = worst.max(t.elapsed());
    }
    assert!(
        worst < Duration::from_millis(500),
        "worst decision took {worst:?}"
    );
    // The slow client now reads: somewhere in its stream it is told to resync.
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut resync = false;
    for _ in 0..25_000 {
        match protocol::read_frame::<ServerMessage>(&mut slow) {
            Ok(ServerMessage::Event(Event::Resync)) => {
                resync = true;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(resync, "a client that missed events is told to resync");
    drop(slow);
    let _ = writer.join();
    still_serves(&dir);
}

#[test]
fn connecting_without_a_server_says_so_and_a_supervisor_may_act_as_another() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 2);
    // No server: the client says so.
    match RemoteDesk::connect(&dir, None) {
        Err(ConnectError::NotRunning(_)) => {}
        other => panic!("{:?}", other.err()),
    }
    let _server = ServerProc::start(&dir);
    // This OS user created the store, so it is a supervisor and --user is honoured.
    let r = RemoteDesk::connect(&dir, Some("someone".into())).unwrap();
    assert_eq!(r.actor().name, "someone");
}

/// A JSON value of random shape, with sizes and strings that stress a server.
fn junk_value(rng: &mut rand_chacha::ChaCha8Rng, depth: u32) -> serde_json::Value {
    use rand::Rng;
    use serde_json::{Value, json};
    match rng.gen_range(0..if depth > 2 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.gen_range(0..3) == 0),
        2 => json!(
            [
                0u64,
                1,
                499,
                500,
                501,
                10_000,
                10_001,
                u32::MAX as u64,
                u64::MAX,
                1_000_000_000_000_000_000
            ][rng.gen_range(0..10)]
        ),
        3 => json!(-rng.gen_range(1..i64::MAX)),
        4 => json!(
            [
                "",
                "W-2026-00001",
                "withdrawal",
                "１２３",
                "\u{1b}]0;x\u{7}",
                "髙橋 𠮷",
                "a\u{202e}b"
            ][rng.gen_range(0..7)]
        ),
        5 => Value::Array(
            (0..rng.gen_range(0..4))
                .map(|_| junk_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let keys = [
                "key",
                "revision",
                "reason",
                "query",
                "limit",
                "offset",
                "keys",
                "action",
                "queue",
                "reference",
                "text",
                "input",
                "to",
                "name",
                "role",
                "spec",
                "dest",
            ];
            let mut m = serde_json::Map::new();
            for _ in 0..rng.gen_range(0..5) {
                m.insert(
                    keys[rng.gen_range(0..keys.len())].into(),
                    junk_value(rng, depth + 1),
                );
            }
            Value::Object(m)
        }
    }
}

/// One hand-written call: a known request name with random fields, or junk.
fn junk_call(rng: &mut rand_chacha::ChaCha8Rng, id: u64) -> Vec<u8> {
    use rand::Rng;
    let names = [
        "counts",
        "page",
        "detail",
        "lookup",
        "approve",
        "return_case",
        "chase",
        "claim",
        "reopen",
        "reassign",
        "annotate",
        "undo",
        "undoable",
        "bulk",
        "users",
        "add_user",
        // (Not shutdown or backup: for the store's owner they are real work.)
        "remove_user",
        "check",
        "export",
        "viewing",
        "save_session",
        "generate_followups",
        "launch",
    ];
    let name = names[rng.gen_range(0..names.len())];
    let body = if rng.gen_range(0..4) == 0 {
        serde_json::Value::String(name.into())
    } else {
        serde_json::json!({ name: junk_value(rng, 0) })
    };
    let mut call = serde_json::json!({"call": {"id": id, "request": body}});
    if rng.gen_range(0..10) == 0 {
        call = junk_value(rng, 0);
    }
    serde_json::to_vec(&call).unwrap()
}

#[test]
fn ten_thousand_hand_written_frames_harm_nothing() {
    use rand::{Rng, SeedableRng};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 20);
    let _server = ServerProc::start(&dir);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(
        std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(9),
    );
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    let mut sent = 0;
    let started = Instant::now();
    while sent < 10_000 && started.elapsed() < Duration::from_secs(120) {
        let body = junk_call(&mut rng, sent);
        // Now and then a frame whose length lies, or of random bytes.
        let bytes = match rng.gen_range(0..50) {
            0 => {
                let mut f = (u32::MAX).to_be_bytes().to_vec();
                f.extend_from_slice(&body);
                f
            }
            1 => (0..rng.gen_range(1..64))
                .map(|_| rng.r#gen::<u8>())
                .collect(),
            _ => frame(&body),
        };
        let broken = s.write_all(&bytes).is_err();
        sent += 1;
        // A frame the server could not read closes the connection: open anew.
        if broken || bytes.len() < 4 || bytes[..4] != frame(&body)[..4] {
            s = raw(&dir);
            assert!(
                matches!(hello(&mut s), HelloAnswer::Welcome { .. }),
                "frame {sent}: the server still answers"
            );
        }
    }
    assert!(sent >= 2_000, "only {sent} frames in the time");
    drop(s);
    still_serves(&dir);
    let (code, out, _) = run(&dir, &["check"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!log(&dir).contains("panicked"), "{}", log(&dir));
}
