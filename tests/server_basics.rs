//! The server end to end: answers equal the desk's own, changes reach other
//! clients, presence, sessions across restarts, clean stop, stale sockets,
//! autostart and idle exit, and the command line through a running server.

mod server_support;

use secretariat::desk::{CaseKey, Desk, DeskSettings, PageQuery};
use secretariat::domain::{Queue, State};
use secretariat::server::{Event, RemoteDesk, StartOptions, connect_or_start};
use server_support::*;
use std::time::{Duration, Instant};

fn key(n: usize) -> CaseKey {
    CaseKey::new(Queue::Withdrawal, wref(n))
}

#[test]
fn answers_over_the_socket_equal_the_desks_own() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 30);
    let (counts, page, details, lookup) = {
        let desk = Desk::open(
            &dir,
            "nobody",
            DeskSettings {
                audit_key: secretariat::audit_key::owner_key(None).unwrap(),
                ..DeskSettings::default()
            },
        )
        .unwrap();
        let mut q = PageQuery::new(Queue::Withdrawal);
        q.limit = 10;
        let details: Vec<_> = (0..5)
            .map(|i| desk.detail(&key(i), today()).unwrap())
            .collect();
        (
            desk.counts(today()).unwrap(),
            desk.page(&q, today()).unwrap(),
            details,
            desk.lookup("3000001", today()).unwrap(),
        )
    };
    let _server = ServerProc::start(&dir);
    let r = remote(&dir);
    // The welcome carries the whole actor: the store's creator administers it
    // and supervises the office (what the screen's status line shows).
    let me = r.actor();
    assert!(me.admin, "{me:?}");
    assert_eq!(
        me.reach
            .get(&secretariat::domain::org::OrgId::default_org())
            .copied(),
        Some(secretariat::domain::Role::Supervisor),
        "{me:?}"
    );
    assert_eq!(r.ask::<Vec<QueueCounts>>(Request::Counts).unwrap(), counts);
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.limit = 10;
    assert_eq!(
        r.ask::<Page>(Request::Page { query: q.clone() }).unwrap(),
        page
    );
    for (i, d) in details.iter().enumerate() {
        assert_eq!(
            &r.ask::<CaseDetail>(Request::Detail {
                key: key(i).to_owned()
            })
            .unwrap(),
            d
        );
    }
    assert_eq!(
        r.ask::<Lookup>(Request::Lookup {
            input: "３０００００１".into()
        })
        .unwrap(),
        lookup
    );
    let e = r
        .ask::<Lookup>(Request::Lookup {
            input: "9999999".into(),
        })
        .unwrap_err();
    assert!(e.to_string().contains("no person"), "{e}");
    // The desk refuses a reassign to someone who is not a user, one case or
    // many, through the server as in process.
    let revision = details[0].case.revision;
    let one = r
        .ask::<Case>(Request::Reassign {
            key: key(0).to_owned(),
            revision,
            to: "yamada".into(),
        })
        .unwrap_err();
    assert!(
        one.to_string()
            .contains("yamada is not a user of this store; users: "),
        "{one}"
    );
    let many = r
        .ask::<BulkReport>(Request::ReassignMany {
            keys: vec![key(0).to_owned(), key(1).to_owned()],
            to: "yamada".into(),
        })
        .unwrap_err();
    assert!(
        many.to_string()
            .contains("yamada is not a user of this store"),
        "{many}"
    );
    let c = r
        .ask::<CaseDetail>(Request::Detail {
            key: key(0).to_owned(),
        })
        .unwrap()
        .case;
    assert_eq!((c.revision, c.assignee), (revision, None));
}

#[test]
fn a_change_reaches_every_other_client_at_once_and_presence_is_shared() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 10);
    let _server = ServerProc::start(&dir);
    run(&dir, &["users", "add", "tanaka", "operator"]);
    let me = remote(&dir);
    let other = remote_as(&dir, "tanaka");
    assert_eq!(other.actor().name, "tanaka");
    let events = other.events();
    me.viewing(Some(&key(1)));
    let ev = events
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e:?}\n{}", log(&dir)));
    assert!(
        matches!(&ev, Event::Viewers { key: k, users } if *k == key(1) && users.len() == 1),
        "{ev:?}"
    );
    let rev = me
        .ask::<CaseDetail>(Request::Detail {
            key: key(1).to_owned(),
        })
        .unwrap()
        .case
        .revision;
    let started = Instant::now();
    let case = me
        .ask::<Case>(Request::Approve {
            key: key(1).to_owned(),
            revision: rev,
        })
        .unwrap();
    let seen = loop {
        match events.recv_timeout(Duration::from_secs(10)).unwrap() {
            Event::Changed {
                key: k,
                by,
                revision,
                state,
            } if k == key(1) => break (by, revision, state, started.elapsed()),
            _ => {}
        }
    };
    assert_eq!(seen.0, me.actor().name);
    assert_eq!(seen.1, case.revision);
    assert_eq!(seen.2, State::DirectorApproved);
    assert!(seen.3 < Duration::from_millis(200), "took {:?}", seen.3);
    // The other operator decides on the revision they saw: refused, with who changed it.
    let e = other
        .ask::<Case>(Request::Approve {
            key: key(1).to_owned(),
            revision: rev,
        })
        .unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("changed by {}", me.actor().name)),
        "{e}"
    );
    drop(me);
    let ev = loop {
        match events.recv_timeout(Duration::from_secs(10)).unwrap() {
            Event::Viewers { key: k, users } if k == key(1) => break users,
            _ => {}
        }
    };
    assert!(ev.is_empty(), "a client that left views nothing: {ev:?}");
}

#[test]
fn sigterm_stops_cleanly_and_sessions_survive_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let mut server = ServerProc::start(&dir);
    let r = remote(&dir);
    assert_eq!(r.load_session(), None);
    let state = serde_json::json!({"queue": "transfer", "filter": "山﨑", "reason": "書類が未着"});
    r.save_session(state.clone());
    let status = server.term();
    assert!(status.success(), "{status:?}");
    assert!(!socket(&dir).exists(), "the socket is removed");
    assert!(
        dir.join("secretariat.seal").exists(),
        "the store was sealed"
    );
    assert!(log(&dir).contains("stopping"), "{}", log(&dir));
    // A call on the lost connection says so in a sentence.
    let e = r.ask::<Vec<QueueCounts>>(Request::Counts).unwrap_err();
    assert!(e.to_string().contains("server"), "{e}");
    let _server = ServerProc::start(&dir);
    // The same RemoteDesk connects again by itself.
    assert_eq!(r.load_session(), Some(state));
}

#[test]
fn a_stale_socket_is_replaced_and_a_live_one_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let mut server = ServerProc::start(&dir);
    let (code, _, err) = run(&dir, &["serve"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("a secretariat server already serves"), "{err}");
    server.kill9();
    assert!(socket(&dir).exists(), "a crash leaves the socket behind");
    let _again = ServerProc::start(&dir);
    assert!(
        log(&dir).contains("replacing a stale socket"),
        "{}",
        log(&dir)
    );
    assert_eq!(
        remote(&dir)
            .ask::<Vec<QueueCounts>>(Request::Counts)
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn the_command_line_goes_through_a_running_server() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let _server = ServerProc::start(&dir);
    let (code, out, err) = run(&dir, &["users", "add", "sato", "helpdesk"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("sato is now helpdesk"));
    let (code, out, _) = run(&dir, &["users", "list"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("sato\thelpdesk"), "{out}");
    let (code, out, err) = run(&dir, &["lookup", "3000002"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(&wref(2)), "{out}");
    let (code, out, _) = run(&dir, &["check"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("the store is sound"));
    let (code, _, err) = run(&dir, &["followups"]);
    assert_eq!(code, Some(0), "{err}");
    // Backup goes through the server; --embedded wants the store itself and says why not.
    let (code, out, err) = run(&dir, &["backup", tmp.path().join("b").to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("backed up"), "{out}");
    let (code, _, err) = run(
        &dir,
        &[
            "--embedded",
            "backup",
            tmp.path().join("c").to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("a secretariat server is running"), "{err}");
    let (code, _, err) = run(&dir, &["--embedded", "lookup", "3000002"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("secretariat stop"), "{err}");
    let (code, out, _) = run(&dir, &["stop"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("stopped"), "{out}");
    let (code, out, err) = run(&dir, &["--embedded", "lookup", "3000002"]);
    assert_eq!(code, Some(0), "{out}{err}\n{}", log(&dir));
}

#[test]
fn autostart_connects_and_the_server_leaves_when_idle() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 5);
    let opts = StartOptions {
        as_of: Some(today()),
        idle_exit_secs: 1,
        program: Some(env!("CARGO_BIN_EXE_secretariat").into()),
        ..StartOptions::new()
    };
    let r = connect_or_start(&dir, &opts).unwrap();
    let pid = r.server_pid();
    assert!(pid > 0);
    // A second client finds the same server.
    let r2: RemoteDesk = connect_or_start(&dir, &opts).unwrap();
    assert_eq!(r2.server_pid(), pid);
    assert_eq!(
        r2.ask::<Vec<QueueCounts>>(Request::Counts).unwrap().len(),
        4
    );
    drop(r);
    drop(r2);
    let gone = wait_for(Duration::from_secs(10), || {
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_err()
    });
    assert!(gone, "the idle server exits");
    assert!(!socket(&dir).exists());
    assert!(log(&dir).contains("--idle-exit"), "{}", log(&dir));
}
