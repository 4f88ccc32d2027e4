//! The enquiry log through a server: an enquiry logged by one client reaches
//! every other client at once as an `enquiry` event (protocol 6), a second
//! resolution is refused as stale naming who resolved it, and the lookup
//! over the socket lists it.

mod server_support;

use secretariat::desk::{EnquiryList, EnquiryRequest, Lookup};
use secretariat::domain::enquiry::{Channel, Enquiry, EnquiryProblem};
use secretariat::server::Event;
use server_support::*;
use std::time::Duration;

fn next_enquiry_event(events: &std::sync::mpsc::Receiver<Event>, dir: &std::path::Path) -> Event {
    loop {
        let ev = events
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e:?}\n{}", log(dir)));
        if matches!(ev, Event::Enquiry { .. }) {
            return ev;
        }
    }
}

#[test]
fn an_enquiry_reaches_every_other_client_and_a_second_resolution_is_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 10);
    let _server = ServerProc::start(&dir);
    run(&dir, &["users", "add", "tanaka", "operator"]);
    let me = remote(&dir);
    let other = remote_as(&dir, "tanaka");
    let events = other.events();
    let mine = me.events();

    let e: Enquiry = me
        .ask(Request::Enquiry(EnquiryRequest::LogEnquiry {
            registration_number: Some("3000001".into()),
            channel: Channel::Phone,
            topic: "パスワード".into(),
            note: "再発行を案内".into(),
            case: None,
            resolved: false,
        }))
        .unwrap();
    match next_enquiry_event(&events, &dir) {
        Event::Enquiry {
            id,
            by,
            registration_number,
            open,
        } => {
            assert_eq!(id, e.id);
            assert_eq!(by, me.actor().name);
            assert_eq!(registration_number.as_deref(), Some("3000001"));
            assert!(open);
        }
        other => panic!("{other:?}"),
    }
    let l: Lookup = other
        .ask(Request::Lookup {
            input: "3000001".into(),
        })
        .unwrap();
    assert_eq!(l.enquiries, vec![e.clone()]);

    let done: Enquiry = other
        .ask(Request::Enquiry(EnquiryRequest::ResolveEnquiry {
            id: e.id,
            revision: Some(e.revision),
        }))
        .unwrap();
    assert!(!done.status.is_open());
    // Every client hears of every change, its own too: first the logging.
    assert!(matches!(
        next_enquiry_event(&mine, &dir),
        Event::Enquiry { open: true, .. }
    ));
    match next_enquiry_event(&mine, &dir) {
        Event::Enquiry { id, by, open, .. } => {
            assert_eq!((id, by.as_str(), open), (e.id, "tanaka", false));
        }
        other => panic!("{other:?}"),
    }
    let err = me
        .ask::<Enquiry>(Request::Enquiry(EnquiryRequest::ResolveEnquiry {
            id: e.id,
            revision: Some(e.revision),
        }))
        .unwrap_err();
    match err.refusal() {
        Some(secretariat::domain::Refusal::Enquiry {
            problem: EnquiryProblem::Changed { by, .. },
        }) => assert_eq!(by, "tanaka"),
        other => panic!("{other:?} {err}"),
    }
    let open: EnquiryList = me
        .ask(Request::Enquiry(EnquiryRequest::Enquiries {
            open_only: true,
            person: None,
            limit: 10,
        }))
        .unwrap();
    assert!(open.rows.is_empty());
    assert_eq!(open.topics.len(), 10);
}
