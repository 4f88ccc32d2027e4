//! A client's `as_of` in the protocol handshake is a date the rules cover
//! (1990–2099), or the server refuses the connection in a sentence; it
//! never reaches the date arithmetic.

mod server_support;

use chrono::NaiveDate;
use secretariat::server::{ConnectError, RemoteDesk};
use server_support::*;

#[test]
fn a_client_as_of_outside_the_rule_years_is_refused_at_hello() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 3);
    let _server = ServerProc::start(&dir);
    for day in [
        NaiveDate::MAX,
        NaiveDate::MIN,
        NaiveDate::from_ymd_opt(1989, 12, 31).unwrap(),
        NaiveDate::from_ymd_opt(2100, 1, 1).unwrap(),
    ] {
        match RemoteDesk::connect_as_of(&dir, None, Some(day)) {
            Err(ConnectError::Refused { reason, .. }) => {
                assert!(
                    reason.contains("as_of") && reason.contains("1990-01-01"),
                    "{reason}"
                );
            }
            Err(e) => panic!("{day}: {e}"),
            Ok(_) => panic!("{day} was accepted"),
        }
    }
    let ok = RemoteDesk::connect_as_of(&dir, None, NaiveDate::from_ymd_opt(2099, 12, 31));
    assert!(ok.is_ok(), "the last day the rules cover is accepted");
    // The server is still there for everyone else.
    let (code, out, err) = run(&dir, &["backlog"]);
    assert_eq!(code, Some(0), "{out}{err}");
}
