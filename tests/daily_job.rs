//! The day's follow-ups are the service's job (issue 19): a server generates
//! them as its service account when it starts and once a day, and a person
//! opening a screen writes nothing in their own name.

mod server_support;

use server_support::*;
use std::time::Duration;

fn audit_lines(dir: &std::path::Path, action: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = run(dir, &["export", "audit"]);
    assert_eq!(code, Some(0), "{err}");
    out.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["action"] == action)
        .collect()
}

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .expect("this OS user has a name")
}

#[test]
fn a_server_generates_the_days_followups_once_as_its_service_account() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/import.jsonl");
    let (code, _, err) = run(&dir, &["import", example]);
    assert_eq!(code, Some(0), "{err}");
    // The import ran in a server started for it, and the next server to
    // start (this one) runs the job again, the import having changed ledgers.
    let mut server = ServerProc::start(&dir);
    assert!(
        wait_for(Duration::from_secs(20), || log(&dir).contains("created=1")),
        "the server ran the daily job at its start:\n{}",
        log(&dir)
    );
    // An operator connecting asks for nothing and is not recorded as its author.
    let operator = remote_as(&dir, "suzuki");
    let counts: Vec<QueueCounts> = operator.ask(Request::Counts).unwrap();
    assert!(counts.iter().any(|c| c.open > 0));
    let created = audit_lines(&dir, "followup.create");
    let (_, all, _) = run(&dir, &["export", "audit"]);
    assert!(
        !created.is_empty(),
        "the repayment follow-up was created:\n{all}\n{}",
        log(&dir)
    );
    for line in &created {
        assert_eq!(line["actor"], me().as_str(), "{line}");
    }
    assert!(server.term().success());

    // The same day again, nothing imported since: a restarted server does
    // not run it twice.
    let runs = log(&dir).matches("daily follow-ups").count();
    let mut server = ServerProc::start(&dir);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(server.term().success());
    assert_eq!(
        log(&dir).matches("daily follow-ups").count(),
        runs,
        "{}",
        log(&dir)
    );
}
