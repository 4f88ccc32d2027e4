//! What a server that runs for months must not let one client take: a thread
//! per connection kept until shutdown, a slot lost to a panic, a frame begun
//! and never finished, a client left waiting for ever, a request that holds a
//! core. Each test measures the server process from outside and prints what
//! it saw.

mod server_support;

use secretariat::desk::{CaseKey, PageQuery, VIEWS_MAX};
use secretariat::domain::Queue;
use secretariat::domain::view::View;
use secretariat::server::RemoteDesk;
use secretariat::server::protocol::{self, Call, ClientMessage, Hello, HelloAnswer, ServerMessage};
use server_support::*;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// What the kernel says a process holds.
#[derive(Debug, Clone, Copy)]
struct Held {
    maps: usize,
    rss_kib: u64,
    vm_kib: u64,
    threads: u64,
    fds: usize,
}

fn held(pid: i32) -> Held {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))
        .unwrap()
        .lines()
        .count();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    Held {
        maps,
        rss_kib: field("VmRSS:"),
        vm_kib: field("VmSize:"),
        threads: field("Threads:"),
        fds,
    }
}

fn raw(dir: &Path) -> UnixStream {
    let s = UnixStream::connect(socket(dir)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

fn hello(s: &mut UnixStream) -> HelloAnswer {
    protocol::write_frame(s, &Hello::current(None, None)).unwrap();
    protocol::read_frame(s).unwrap()
}

/// Reads until the server closes the connection; false if `limit` passes first.
fn closed_within(s: &mut UnixStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
    false
}

fn write_config(dir: &Path, server: &str) -> String {
    let cfg = dir.with_extension("toml");
    std::fs::write(&cfg, format!("[server]\n{server}\n")).unwrap();
    cfg.to_str().unwrap().to_string()
}

fn counts(r: &RemoteDesk) -> usize {
    r.ask::<Vec<QueueCounts>>(Request::Counts).unwrap().len()
}

/// How many connections to open and close: all 50,000 in CI (about a minute
/// in a debug build), fewer when `SERVER_CHURN` says so.
fn churn() -> usize {
    std::env::var("SERVER_CHURN")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000)
}

/// How many memory maps the server may gain over the churn: the allocator
/// takes a few arenas under load (22 seen on a loaded machine, 44 in the soak),
/// while a leaked thread costs two maps a connection (100,000 over 50,000).
const MAPS_SLACK: usize = 256;

/// How much address space (KiB) the server may gain over the churn.
const VM_SLACK_KIB: u64 = 1024 * 1024;

#[test]
fn fifty_thousand_connections_leave_the_servers_maps_and_memory_flat() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let server = ServerProc::start(&dir);
    // Each connection says hello, is welcomed and leaves. One over the cap
    // while earlier threads still end is refused and closed at once (its
    // hello may then meet a closed socket); it waits a moment and goes on.
    let connect = |n: usize| -> usize {
        let mut welcomed = 0;
        for _ in 0..n {
            let mut s = raw(&dir);
            let said = protocol::write_frame(&mut s, &Hello::current(None, None))
                .and_then(|()| protocol::read_frame::<HelloAnswer>(&mut s));
            match said {
                Ok(HelloAnswer::Welcome { .. }) => welcomed += 1,
                Ok(HelloAnswer::Refusal { reason, .. }) => {
                    assert!(reason.contains("max_connections"), "{reason}");
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        welcomed
    };
    connect(1_000);
    std::thread::sleep(Duration::from_millis(500));
    let before = held(server.pid());
    let n = churn();
    let started = Instant::now();
    let welcomed = connect(n);
    let took = started.elapsed();
    assert!(
        welcomed >= n * 9 / 10,
        "only {welcomed} of {n} were welcomed"
    );
    // The last threads end and are reaped on the next accept tick.
    let mut after = held(server.pid());
    wait_for(Duration::from_secs(10), || {
        after = held(server.pid());
        after.maps <= before.maps + MAPS_SLACK
            && after.threads <= before.threads
            && after.fds <= before.fds
    });
    println!(
        "{n} connections ({welcomed} welcomed) in {:.1} s: maps {} -> {}, RSS {} -> {} KiB, VM {} -> {} KiB, threads {} -> {}, fds {} -> {}",
        took.as_secs_f64(),
        before.maps,
        after.maps,
        before.rss_kib,
        after.rss_kib,
        before.vm_kib,
        after.vm_kib,
        before.threads,
        after.threads,
        before.fds,
        after.fds
    );
    assert!(
        after.maps <= before.maps + MAPS_SLACK,
        "the server's memory maps grew from {} to {} over {n} connections",
        before.maps,
        after.maps
    );
    assert!(
        after.rss_kib <= before.rss_kib + 32 * 1024,
        "the server's RSS grew from {} to {} KiB",
        before.rss_kib,
        after.rss_kib
    );
    // Address space: the allocator reserves arenas (+142 MiB seen in CI's
    // run); a leaked thread's stack is 2 MiB a connection (100 GiB here).
    assert!(after.vm_kib <= before.vm_kib + VM_SLACK_KIB, "{after:?}");
    assert!(after.threads <= before.threads + 2, "{after:?}");
    // (One connection still ending holds two threads and four descriptors.)
    assert!(after.fds <= before.fds + 4, "{after:?}");
    assert_eq!(counts(&remote(&dir)), 4);
}

#[test]
fn a_request_that_panics_is_answered_and_gives_its_slot_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let server = ServerProc::start(&dir);
    // The last date there is: its deadlines overflowed (a panic in the desk),
    // and since issue 25 the hello refuses it (dates are 1990-2099); were it
    // let through again, the server must survive it either way.
    let far = chrono::NaiveDate::MAX;
    for i in 0..20 {
        let r = match RemoteDesk::connect_as_of(&dir, None, Some(far)) {
            Ok(r) => r,
            Err(secretariat::server::ConnectError::Refused { reason, .. }) => {
                assert!(reason.contains("1990-01-01"), "{i}: {reason}");
                continue;
            }
            Err(e) => panic!("{i}: {e}"),
        };
        r.set_answer_timeout(Duration::from_secs(20));
        let started = Instant::now();
        let answered = r.call(Request::Backlog { filter: None }, &mut |_, _| {});
        assert!(started.elapsed() < Duration::from_secs(15), "{i}");
        if let Err(e) = answered {
            let said = e.to_string();
            assert!(said.contains("internal error"), "{i}: {said}");
        }
        drop(r);
    }
    // Twenty such clients (more than the 16 one user may hold) came and
    // went: their slots came back, and the server still answers.
    // (The last of them may still be ending: wait for it.)
    let sixteen = || {
        let all: Vec<RemoteDesk> = (0..16)
            .filter_map(|_| RemoteDesk::connect(&dir, None).ok())
            .collect();
        all.len() == 16 && all.iter().all(|r| counts(r) == 4)
    };
    assert!(wait_for(Duration::from_secs(10), sixteen));
    let log = log(&dir);
    assert!(
        !log.contains("a request met an internal error")
            || log.contains("request=\"backlog\"")
            || log.contains("request=backlog"),
        "{log}"
    );
    drop(server);
}

#[test]
fn a_frame_begun_and_not_finished_is_timed_out_but_an_idle_client_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let cfg = write_config(&dir, "frame_timeout_secs = 2");
    let server = ServerProc::start_with(&dir, &["--config", &cfg]);
    let before = held(server.pid());
    // Fifteen connections each declare a 16 MiB frame, send 4 MiB of it, and stall.
    let mut stalled: Vec<UnixStream> = (0..15)
        .map(|_| {
            let mut s = raw(&dir);
            assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
            s.write_all(&(protocol::MAX_FRAME as u32).to_be_bytes())
                .unwrap();
            s.write_all(&vec![b' '; 4 << 20]).unwrap();
            s
        })
        .collect();
    let during = held(server.pid());
    // An idle client between frames is never cut.
    let idle = remote(&dir);
    std::thread::sleep(Duration::from_secs(3));
    let started = Instant::now();
    for s in &mut stalled {
        assert!(
            closed_within(s, Duration::from_secs(10)),
            "a stalled frame was not timed out"
        );
    }
    println!(
        "15 half-sent 16 MiB frames: RSS {} -> {} KiB, VM {} -> {} KiB; closed {:.1} s after the 3 s wait",
        before.rss_kib,
        during.rss_kib,
        before.vm_kib,
        during.vm_kib,
        started.elapsed().as_secs_f64()
    );
    // Memory grew with what was sent (15 × 4 MiB), not with what was
    // declared (15 × 16 MiB); see also protocol's unit test of the reads.
    assert!(
        during.rss_kib < before.rss_kib + 15 * 8 * 1024 + 48 * 1024,
        "{before:?} {during:?}"
    );
    assert!(
        log(&dir).contains("server.frame_timeout_secs"),
        "{}",
        log(&dir)
    );
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(counts(&idle), 4, "an idle client is still served");
}

#[test]
fn a_client_says_the_server_did_not_answer_after_its_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let sock = tmp.path().join("mute.sock");
    let listener = UnixListener::bind(&sock).unwrap();
    // A server that says hello and then never answers.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming() {
            let Ok(mut s) = s else { return };
            let _: Hello = protocol::read_frame(&mut s).unwrap();
            protocol::write_frame(
                &mut s,
                &HelloAnswer::Welcome {
                    protocol: protocol::PROTOCOL_VERSION,
                    program_version: protocol::PROGRAM_VERSION.into(),
                    user: "someone".into(),
                    role: secretariat::domain::Role::Supervisor,
                    admin: false,
                    reach: Default::default(),
                },
            )
            .unwrap();
            held.push(s);
        }
    });
    let r = RemoteDesk::connect_to(&sock, &sock, None, None).unwrap();
    r.set_answer_timeout(Duration::from_secs(1));
    let started = Instant::now();
    let e = r
        .call(Request::Counts, &mut |_, _| {})
        .expect_err("no answer comes");
    let waited = started.elapsed();
    println!("gave up after {:.2} s: {e}", waited.as_secs_f64());
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(5));
    assert!(e.to_string().contains("did not answer"), "{e}");
    assert!(e.to_string().contains("server.answer_timeout_secs"), "{e}");
}

fn views(n: usize, query: &str) -> Vec<View> {
    (0..n)
        .map(|i| View {
            name: format!("v{i}"),
            name_en: None,
            queue: Some(Queue::Withdrawal),
            query: query.into(),
            sort: None,
        })
        .collect()
}

fn refused_within(r: &RemoteDesk, request: Request, words: &[&str], limit: Duration) -> Duration {
    let started = Instant::now();
    let e = r
        .call(request, &mut |_, _| {})
        .expect_err("the request is over a bound");
    let took = started.elapsed();
    let said = e.to_string();
    for w in words {
        assert!(said.contains(w), "{said:?} should name {w:?}");
    }
    assert!(took < limit, "refused only after {took:?}: {said}");
    took
}

#[test]
fn every_list_and_text_of_a_request_is_bounded_before_work_begins() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 20);
    let _server = ServerProc::start(&dir);
    let r = remote(&dir);
    let quick = Duration::from_secs(5);
    // As many views as fit in a frame: refused before one is counted.
    let bomb = views(150_000, "state:open overdue");
    let took = refused_within(
        &r,
        Request::ViewCounts {
            views: bomb,
            shown: Queue::Withdrawal,
        },
        &["150000 views", &format!("at most {VIEWS_MAX}")],
        quick,
    );
    println!("view_counts of 150,000 views refused in {took:?}");
    let ok: Vec<u64> = r
        .ask(Request::ViewCounts {
            views: views(VIEWS_MAX, ""),
            shown: Queue::Withdrawal,
        })
        .unwrap();
    assert_eq!(ok.len(), VIEWS_MAX);
    let many_terms = vec!["a"; 40].join(" ");
    let long = "あ".repeat(5_000);
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = many_terms.clone();
    refused_within(
        &r,
        Request::Page { query: q.clone() },
        &["40 terms", "at most 32"],
        quick,
    );
    refused_within(
        &r,
        Request::MatchKeys { query: q, max: 10 },
        &["at most 32"],
        quick,
    );
    let took = refused_within(
        &r,
        Request::Backlog {
            filter: Some(long.clone()),
        },
        &["5000 characters", "at most 1000"],
        quick,
    );
    println!("backlog with a 5,000-character filter refused in {took:?}");
    refused_within(
        &r,
        Request::ViewCounts {
            views: views(2, &many_terms),
            shown: Queue::Withdrawal,
        },
        &["at most 32"],
        quick,
    );
    refused_within(
        &r,
        Request::Lookup {
            input: long.clone(),
        },
        &["at most 1000"],
        quick,
    );
    let key = CaseKey::new(Queue::Withdrawal, long.clone());
    refused_within(
        &r,
        Request::Detail { key: key.clone() },
        &["at most 1000"],
        quick,
    );
    refused_within(
        &r,
        Request::ReturnCase {
            key: CaseKey::new(Queue::Withdrawal, wref(1)),
            revision: 1,
            reason: "x".repeat(5_000),
        },
        &["reason", "at most 4000"],
        quick,
    );
    refused_within(
        &r,
        Request::Bulk {
            keys: vec![key; 3],
            action: secretariat::desk::BulkAction::Approve,
        },
        &["at most 1000"],
        quick,
    );
    let export = secretariat::desk::ExportSpec {
        what: secretariat::desk::ExportWhat::Cases,
        queue: None,
        format: secretariat::interchange::export::Format::Jsonl,
        all: false,
        failed: false,
        filter: Some(many_terms),
        names: false,
    };
    let e = r.export(&export, &mut |_| Ok(())).expect_err("bounded");
    assert!(e.to_string().contains("at most 32"), "{e}");
    // The server answers as before.
    assert_eq!(counts(&r), 4);
}

/// Sends the frames of one upload on a raw connection, acting as `act_as`.
fn upload_raw(s: &mut UnixStream, upload: u64, bytes: usize) {
    let piece = vec![b'x'; 768 * 1024];
    let mut left = bytes;
    while left > 0 {
        let n = left.min(piece.len());
        let msg = ClientMessage::Upload {
            upload,
            data: protocol::base64_encode(&piece[..n]),
        };
        protocol::write_frame(s, &msg).unwrap();
        left -= n;
    }
}

fn import_call(s: &mut UnixStream, id: u64, uploads: &[u64]) -> String {
    let files = uploads
        .iter()
        .map(|&u| protocol::ImportFile {
            name: format!("f{u}.jsonl"),
            upload: u,
        })
        .collect();
    let call = Call::Service(protocol::Service::Import {
        files,
        options: Default::default(),
    });
    protocol::write_frame(s, &ClientMessage::Call { id, request: call }).unwrap();
    loop {
        match protocol::read_frame::<ServerMessage>(s).unwrap() {
            ServerMessage::Reply { id: got, outcome } if got == id => {
                return match outcome {
                    Ok(a) => format!("ok {a:?}"),
                    Err(e) => e.message,
                };
            }
            _ => {}
        }
    }
}

/// Waits until the server read everything sent before on `s`.
fn sync(s: &mut UnixStream) {
    let call = ClientMessage::Call {
        id: 99,
        request: Call::Desk(Request::Undoable),
    };
    protocol::write_frame(s, &call).unwrap();
    while !matches!(
        protocol::read_frame::<ServerMessage>(s).unwrap(),
        ServerMessage::Reply { id: 99, .. }
    ) {}
}

fn hello_as(s: &mut UnixStream, user: &str) {
    protocol::write_frame(s, &Hello::current(Some(user.into()), None)).unwrap();
    assert!(matches!(
        protocol::read_frame::<HelloAnswer>(s).unwrap(),
        HelloAnswer::Welcome { .. }
    ));
}

fn uploads_on_disk(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("uploads")).map_or(0, |d| d.count())
}

#[test]
fn uploads_need_a_role_that_imports_and_are_bounded_per_connection_user_and_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let cfg = write_config(
        &dir,
        "upload_max_files = 3\nupload_max_files_per_user = 4\nupload_max_mib = 2\nupload_max_mib_per_user = 3",
    );
    let server = ServerProc::start_with(&dir, &["--config", &cfg]);

    // Help desk may not import: thousands of upload ids open no file at all.
    let before = held(server.pid());
    let mut s = raw(&dir);
    hello_as(&mut s, "madoguchi");
    let started = Instant::now();
    for u in 0..3_000 {
        upload_raw(&mut s, u, 10);
    }
    let said = import_call(&mut s, 1, &[0]);
    println!(
        "3,000 upload ids from help desk refused in {:?}",
        started.elapsed()
    );
    assert!(
        said.contains("madoguchi") && said.contains("helpdesk"),
        "{said}"
    );
    assert_eq!(uploads_on_disk(&dir), 0);
    let after = held(server.pid());
    // This one connection holds 4 (its socket and 3 clones), and no file more.
    assert!(after.fds <= before.fds + 6, "{before:?} {after:?}");

    // A supervisor: at most 3 files waiting on one connection.
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    for u in 1..=4 {
        upload_raw(&mut s, u, 10);
    }
    let said = import_call(&mut s, 1, &[1, 2, 3, 4]);
    assert!(
        said.contains("at most 3") && said.contains("upload_max_files"),
        "{said}"
    );
    assert_eq!(uploads_on_disk(&dir), 0, "refused uploads are removed");

    // At most 2 MiB on one connection.
    upload_raw(&mut s, 10, 3 << 20);
    let said = import_call(&mut s, 2, &[10]);
    assert!(
        said.contains("at most 2 MiB") && said.contains("upload_max_mib"),
        "{said}"
    );
    assert_eq!(uploads_on_disk(&dir), 0);

    // At most 3 MiB for one user on all their connections.
    let mut a = raw(&dir);
    assert!(matches!(hello(&mut a), HelloAnswer::Welcome { .. }));
    let mut b = raw(&dir);
    assert!(matches!(hello(&mut b), HelloAnswer::Welcome { .. }));
    upload_raw(&mut a, 1, 2 << 20);
    upload_raw(&mut b, 1, 2 << 20);
    let said = import_call(&mut b, 1, &[1]);
    assert!(
        said.contains("at most 3 MiB") && said.contains("per_user"),
        "{said}"
    );
    drop(a);
    // When the first connection ends, its uploads are gone and counted no more.
    assert!(wait_for(Duration::from_secs(5), || uploads_on_disk(&dir) == 0));
    upload_raw(&mut b, 2, 2 << 20);
    let said = import_call(&mut b, 2, &[2]);
    assert!(!said.contains("upload_max"), "{said}");
    assert_eq!(uploads_on_disk(&dir), 0);

    // At most 4 files for one user on all their connections.
    let mut c = raw(&dir);
    assert!(matches!(hello(&mut c), HelloAnswer::Welcome { .. }));
    for u in 1..=3 {
        upload_raw(&mut c, u, 10);
    }
    sync(&mut c);
    upload_raw(&mut b, 3, 10);
    upload_raw(&mut b, 4, 10);
    let said = import_call(&mut b, 3, &[3, 4]);
    assert!(
        said.contains("at most 4") && said.contains("upload_max_files_per_user"),
        "{said}"
    );
    drop(c);
    assert!(wait_for(Duration::from_secs(5), || uploads_on_disk(&dir) == 0));
    drop(server);

    // A disk that would be left below the reserve refuses the upload.
    let cfg = write_config(&dir, "upload_disk_reserve_mib = 1000000000");
    let _server = ServerProc::start_with(&dir, &["--config", &cfg]);
    let mut s = raw(&dir);
    assert!(matches!(hello(&mut s), HelloAnswer::Welcome { .. }));
    upload_raw(&mut s, 1, 1000);
    let said = import_call(&mut s, 1, &[1]);
    assert!(said.contains("upload_disk_reserve_mib"), "{said}");
    assert_eq!(uploads_on_disk(&dir), 0);
}
