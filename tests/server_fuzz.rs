//! The protocol fuzzed over the real socket: frames of every request the
//! server knows, mutated (bytes flipped, inserted, dropped, numbers made
//! huge, lists made long, bodies cut), sent with a deterministic seed
//! (`FUZZ_SEED`) within a bounded number of frames and time. The server must
//! not panic, must answer every frame it can read, must close only
//! connections it cannot read, and must give every slot back.

mod server_support;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use secretariat::desk::{BulkAction, CaseKey, ExportSpec, ExportWhat, PageQuery};
use secretariat::domain::view::View;
use secretariat::domain::{Queue, Role};
use secretariat::server::protocol::{
    self, Call, ClientMessage, Hello, HelloAnswer, ImportFile, ServerMessage, Service,
};
use server_support::*;
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// Valid frames (bodies) of every kind a client sends, to mutate.
fn corpus() -> Vec<Vec<u8>> {
    let key = CaseKey::new(Queue::Withdrawal, wref(1));
    let other = CaseKey::new(Queue::Withdrawal, wref(2));
    let mut page = PageQuery::new(Queue::Withdrawal);
    page.text = "state:open overdue 試験".into();
    let view = View {
        name: "v".into(),
        name_en: None,
        queue: Some(Queue::Withdrawal),
        query: "overdue".into(),
        sort: Some("due desc".into()),
    };
    let requests = vec![
        Request::Counts,
        Request::Page {
            query: page.clone(),
        },
        Request::Detail { key: key.clone() },
        Request::Lookup {
            input: "3000001".into(),
        },
        Request::Approve {
            key: key.clone(),
            revision: 1,
        },
        Request::ReturnCase {
            key: key.clone(),
            revision: 1,
            reason: "記載内容に不備があります".into(),
        },
        Request::Chase {
            key: other.clone(),
            revision: 1,
        },
        Request::Claim {
            key: other.clone(),
            revision: 1,
        },
        Request::Reopen {
            key: key.clone(),
            revision: 2,
            reason: "again".into(),
        },
        Request::Reassign {
            key: key.clone(),
            revision: 1,
            to: "sato".into(),
        },
        Request::Annotate {
            key: key.clone(),
            text: "メモ".into(),
        },
        Request::Undo,
        Request::Undoable,
        Request::Bulk {
            keys: vec![key.clone(), other.clone()],
            action: BulkAction::Return { reason: "r".into() },
        },
        Request::GenerateFollowups,
        Request::Users,
        Request::AddUser {
            name: "sato".into(),
            role: Role::Operator,
            force: false,
            at: Default::default(),
        },
        Request::RemoveUser {
            name: "sato".into(),
            force: false,
            at: Default::default(),
        },
        Request::UserRows,
        Request::Orgs,
        Request::SetAdmin {
            name: "sato".into(),
            admin: true,
        },
        Request::RemoveOrg {
            id: "office".into(),
        },
        Request::ServiceMail,
        Request::AuditHead,
        Request::CheckSinceHead {
            head: "1:00ff".into(),
        },
        Request::FailedNotifications,
        Request::RetryNotification { id: 1 },
        Request::CancelNotification { id: 1 },
        Request::Backlog {
            filter: Some("overdue".into()),
        },
        Request::MatchKeys {
            query: page,
            max: 10,
        },
        Request::ReassignMany {
            keys: vec![key.clone()],
            to: "sato".into(),
        },
        Request::ViewCounts {
            views: vec![view.clone(), view],
            shown: Queue::Withdrawal,
        },
        Request::UndoInfo,
        Request::LinkDuplicate {
            duplicate: "7654321".into(),
            keep: "1234561".into(),
            dry_run: false,
        },
        Request::Record {
            form: secretariat::desk::RecordForm {
                kind: "loan_event".into(),
                fields: vec![
                    ("loan_id".into(), "L-1".into()),
                    ("event".into(), "leave_start".into()),
                    ("date".into(), "R8.6.1".into()),
                ],
                seen: vec![("email".into(), "a@example.jp".into())],
                dry_run: false,
            },
        },
        Request::RecordFields {
            kind: "person".into(),
            key: "1234561".into(),
        },
    ];
    let mut calls: Vec<Call> = requests.into_iter().map(Call::Desk).collect();
    calls.extend([
        Call::Service(Service::Export {
            spec: ExportSpec {
                what: ExportWhat::Cases,
                queue: Some(Queue::Withdrawal),
                format: secretariat::interchange::export::Format::Csv,
                all: false,
                failed: false,
                filter: Some("overdue".into()),
                names: false,
            },
        }),
        Call::Service(Service::Import {
            files: vec![ImportFile {
                name: "a.jsonl".into(),
                upload: 7,
            }],
            options: Default::default(),
        }),
        Call::Service(Service::Viewing {
            key: Some(key.clone()),
        }),
        Call::Service(Service::SaveSession {
            state: serde_json::json!({"queue": "withdrawal", "rows": [1, 2, 3]}),
        }),
        Call::Service(Service::LoadSession),
        Call::Service(Service::ReleaseIfIdle),
    ]);
    let mut bodies: Vec<Vec<u8>> = calls
        .into_iter()
        .enumerate()
        .map(|(i, request)| {
            serde_json::to_vec(&ClientMessage::Call {
                id: i as u64,
                request,
            })
            .unwrap()
        })
        .collect();
    bodies.push(
        serde_json::to_vec(&ClientMessage::Upload {
            upload: 7,
            data: protocol::base64_encode(
                br#"{"kind":"person","registration_number":"3999999","name":"x"}"#,
            ),
        })
        .unwrap(),
    );
    bodies
}

/// One mutation of a valid body.
fn mutate(rng: &mut ChaCha8Rng, body: &[u8]) -> Vec<u8> {
    let mut b = body.to_vec();
    for _ in 0..rng.gen_range(1..4) {
        if b.is_empty() {
            break;
        }
        let at = rng.gen_range(0..b.len());
        // Mostly changes that keep the JSON readable, so that the request
        // gets past the decoder and reaches the desk.
        let op = if rng.gen_bool(0.7) {
            rng.gen_range(5..8)
        } else {
            rng.gen_range(0..9)
        };
        match op {
            0 => b[at] ^= 1 << rng.gen_range(0..8),
            1 => b[at] = rng.r#gen(),
            2 => b.insert(at, rng.r#gen()),
            3 => {
                b.remove(at);
            }
            4 => b.truncate(at),
            // A number made huge, negative or fractional.
            5 => {
                if let Some(p) = b[at..].iter().position(u8::is_ascii_digit) {
                    let big: &[u8] = [
                        &b"18446744073709551615"[..],
                        b"99999999999999999999999",
                        b"-1",
                        b"4294967296",
                        b"1e308",
                        b"0.5",
                    ][rng.gen_range(0..6)];
                    b.splice(at + p..at + p + 1, big.iter().copied());
                }
            }
            // A list made long: its first element repeated.
            6 => {
                if let Some(open) = b[at..].iter().position(|&c| c == b'[') {
                    let start = at + open + 1;
                    if let Some(end) = b[start..].iter().position(|&c| c == b',' || c == b']') {
                        let item = b[start..start + end].to_vec();
                        if !item.is_empty() {
                            let mut more = Vec::new();
                            for _ in 0..rng.gen_range(10..2_000) {
                                more.extend_from_slice(&item);
                                more.push(b',');
                            }
                            b.splice(start..start, more);
                        }
                    }
                }
            }
            // A string made long.
            7 => {
                if let Some(q) = b[at..].iter().position(|&c| c == b'"') {
                    let n = rng.gen_range(100..20_000);
                    let s = "髙".repeat(n / 3).into_bytes();
                    b.splice(at + q + 1..at + q + 1, s);
                }
            }
            _ => {
                let junk: Vec<u8> = (0..rng.gen_range(1..16)).map(|_| rng.r#gen()).collect();
                b.splice(at..at, junk);
            }
        }
    }
    b
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as u32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

fn connect(dir: &Path) -> UnixStream {
    let mut s = UnixStream::connect(socket(dir)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    protocol::write_frame(&mut s, &Hello::current(None, None)).unwrap();
    match protocol::read_frame::<HelloAnswer>(&mut s).unwrap() {
        HelloAnswer::Welcome { .. } => s,
        other => panic!("{other:?}"),
    }
}

/// Sends a small call and reads until its answer: true if it came, false if
/// the server closed the connection (it could not read what came before).
fn answers(s: &mut UnixStream, id: u64) -> bool {
    let call = ClientMessage::Call {
        id,
        request: Call::Desk(Request::Undoable),
    };
    if protocol::write_frame(s, &call).is_err() {
        return false;
    }
    loop {
        match protocol::read_frame::<ServerMessage>(s) {
            Ok(ServerMessage::Reply { id: got, outcome }) if got == id => {
                let outcome = outcome.map_err(|e| e.message);
                assert!(outcome.is_ok(), "the sync call failed: {outcome:?}");
                return true;
            }
            Ok(ServerMessage::Reply {
                outcome: Err(e), ..
            }) => {
                assert!(
                    !e.message.contains("internal error"),
                    "a request met an internal error: {}",
                    e.message
                );
            }
            Ok(_) => {}
            Err(protocol::FrameError::Closed) => return false,
            Err(protocol::FrameError::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return false;
            }
            Err(e) => panic!("the server's answer could not be read: {e}"),
        }
    }
}

#[test]
fn thousands_of_mutated_frames_find_no_panic_and_leak_no_slot() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 20);
    let cfg = dir.with_extension("toml");
    std::fs::write(&cfg, "[server]\nframe_timeout_secs = 2\n").unwrap();
    let _server = ServerProc::start_with(&dir, &["--config", cfg.to_str().unwrap()]);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let corpus = corpus();
    let mut s = connect(&dir);
    let (mut sent, mut closed) = (0u64, 0u64);
    let started = Instant::now();
    let budget = Duration::from_secs(20);
    while sent < 5_000 && started.elapsed() < budget {
        let body = &corpus[rng.gen_range(0..corpus.len())];
        let body = if rng.gen_range(0..8) == 0 {
            body.clone()
        } else {
            mutate(&mut rng, body)
        };
        let mut bytes = frame(&body);
        // Now and then a length that says less than the body holds.
        if rng.gen_range(0..40) == 0 && body.len() > 8 {
            let short = (body.len() / 2) as u32;
            bytes[..4].copy_from_slice(&short.to_be_bytes());
            bytes.truncate(4 + short as usize);
        }
        sent += 1;
        if s.write_all(&bytes).is_err() || !answers(&mut s, (1 << 60) + sent) {
            closed += 1;
            s = connect(&dir);
        }
    }
    println!(
        "seed {seed}: {sent} frames in {:.1} s, {closed} connections closed by the server",
        started.elapsed().as_secs_f64()
    );
    assert!(sent >= 1_000, "only {sent} frames in {budget:?}");
    drop(s);
    // Every slot came back: this user may hold its 16 connections at once.
    let all_sixteen = || {
        let streams: Vec<UnixStream> = (0..16)
            .filter_map(|_| {
                let mut s = UnixStream::connect(socket(&dir)).ok()?;
                protocol::write_frame(&mut s, &Hello::current(None, None)).ok()?;
                match protocol::read_frame::<HelloAnswer>(&mut s).ok()? {
                    HelloAnswer::Welcome { .. } => Some(s),
                    HelloAnswer::Refusal { .. } => None,
                }
            })
            .collect();
        streams.len() == 16
    };
    assert!(
        wait_for(Duration::from_secs(10), all_sixteen),
        "a slot was not given back"
    );
    let mut r = None;
    wait_for(Duration::from_secs(10), || {
        r = secretariat::server::RemoteDesk::connect(&dir, None).ok();
        r.is_some()
    });
    let r = r.expect("a fresh client is served");
    assert_eq!(r.ask::<Vec<QueueCounts>>(Request::Counts).unwrap().len(), 4);
    let log = log(&dir);
    assert!(!log.contains("internal error"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    let (code, out, err) = run(&dir, &["check"]);
    assert_eq!(code, Some(0), "{out}{err}");
}
