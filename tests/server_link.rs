//! Issue 20 through a server: a duplicate linked and a form recorded and
//! undone by one client reach every other client at once (a `reload`), and
//! the other client reads the change over the socket.

mod server_support;

use secretariat::desk::{LinkReport, Lookup, RecordForm, RecordReport};
use secretariat::server::Event;
use server_support::*;
use std::time::Duration;

fn next_reload(events: &std::sync::mpsc::Receiver<Event>, dir: &std::path::Path) -> String {
    loop {
        let ev = events
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e:?}\n{}", log(dir)));
        if let Event::Reload { by } = ev {
            return by;
        }
    }
}

#[test]
fn a_link_and_an_undone_correction_reach_the_other_clients() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 4);
    let _server = ServerProc::start(&dir);
    run(&dir, &["users", "add", "tanaka", "operator"]);
    let me = remote(&dir);
    let other = remote_as(&dir, "tanaka");
    let events = other.events();

    // A supervisor links 3000001 to 3000000 (the desk leaves it to them to
    // judge a duplicate: the fixture's people differ only in a digit).
    let r: LinkReport = me
        .ask(Request::LinkDuplicate {
            duplicate: "3000001".into(),
            keep: "3000000".into(),
            dry_run: false,
        })
        .unwrap();
    assert_eq!(r.cases, 1);
    let by = next_reload(&events, &dir);
    assert!(!by.is_empty());
    let seen: Lookup = other
        .ask(Request::Lookup {
            input: "3000001".into(),
        })
        .unwrap();
    assert_eq!(seen.registration_number, "3000000");
    assert_eq!(seen.linked_from.as_deref(), Some("3000001"));
    assert_eq!(seen.cases.len(), 2, "its case moved: {:?}", seen.cases);

    // The operator refused: linking is for supervisors, below the UI.
    let refused = other.ask::<LinkReport>(Request::LinkDuplicate {
        duplicate: "3000002".into(),
        keep: "3000000".into(),
        dry_run: false,
    });
    assert!(refused.is_err(), "{refused:?}");

    // A correction, then its undo: each a reload for the other client.
    let form = RecordForm {
        kind: "person".into(),
        fields: vec![
            ("registration_number".into(), "3000003".into()),
            ("email".into(), "new@example.jp".into()),
        ],
        seen: vec![("email".into(), "t3@example.jp".into())],
        dry_run: false,
    };
    let _: RecordReport = me.ask(Request::Record { form }).unwrap();
    next_reload(&events, &dir);
    let undone: RecordReport = me.ask(Request::Undo).unwrap();
    assert_eq!(
        (undone.kind.as_str(), undone.key.as_str()),
        ("person", "3000003")
    );
    next_reload(&events, &dir);
    let seen: Lookup = other
        .ask(Request::Lookup {
            input: "3000003".into(),
        })
        .unwrap();
    assert_eq!(
        seen.person.and_then(|p| p.email).as_deref(),
        Some("t3@example.jp")
    );
}
