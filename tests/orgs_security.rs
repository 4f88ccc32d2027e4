//! Issue 21's security tests: organisations share one store, and each
//! user's requests reach only the cases of the organisations their roles
//! reach. Everything goes through a running `secretariat serve` with
//! hand-written frames from clients running as other OS users (this test
//! binary run again as each uid, see `server_support/session.rs`), and
//! through the command line as those users. A case of another organisation
//! must be answered exactly like a reference that does not exist.
//!
//! Runs clients as other uids, so it needs root (CI runs as root);
//! otherwise it says so and passes (under `CI=true` it fails).

mod server_support;
#[path = "server_support/session.rs"]
mod session;
mod skip;

use secretariat::desk::{BulkAction, CaseKey, DocumentRequest, PageQuery, Request, Where};
use secretariat::domain::Queue;
use secretariat::server::protocol::{Answer, Call, Service};
use server_support::*;
use session::{Reply, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::time::Duration;

#[test]
#[ignore = "helper: run by the organisation tests as another user"]
fn helper_session() {
    session::helper_main();
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Uids with no account, so the server names them `uid<N>`.
fn free_uids(n: usize) -> Vec<u32> {
    (62_100u32..63_000)
        .filter(|u| {
            nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(*u))
                .ok()
                .flatten()
                .is_none()
        })
        .take(n)
        .collect()
}

const ORGS: &str = r#"{"kind":"organisation","org_id":"pp","name":"甲県医師会","org_kind":"prefectural_association","inquiry_email":"info@pp.example.jp","member_admin_email":"member@pp.example.jp"}
{"kind":"organisation","org_id":"pp-d1","name":"甲一市医師会","org_kind":"district_association","parent":"pp","inquiry_email":"info@d1.example.jp","member_admin_email":"member@d1.example.jp"}
{"kind":"organisation","org_id":"pp-d2","name":"甲二市医師会","org_kind":"district_association","parent":"pp","inquiry_email":"info@d2.example.jp"}
{"kind":"organisation","org_id":"qq","name":"乙県医師会","org_kind":"prefectural_association","inquiry_email":"info@qq.example.jp"}
{"kind":"organisation","org_id":"qq-e","name":"乙市医師会","org_kind":"district_association","parent":"qq","inquiry_email":"info@e.example.jp","member_admin_email":"member@e.example.jp"}
{"kind":"organisation","org_id":"brd","name":"試験専門医機構","org_kind":"board","inquiry_email":"info@brd.example.jp"}
"#;

/// (ref, registration number, kind, from, to): the cases of the store.
const TRANSFERS: [(&str, &str, &str, &str, &str); 7] = [
    // An association transfer D1 → E, and one E → D1.
    (
        "T-2026-00001",
        "3000001",
        "association_transfer",
        "pp-d1",
        "qq-e",
    ),
    (
        "T-2026-00002",
        "3000002",
        "association_transfer",
        "乙市医師会",
        "甲一市医師会",
    ),
    // A category change naming D1 and P.
    (
        "T-2026-00003",
        "3000003",
        "category_change",
        "pp-d1;甲県医師会",
        "",
    ),
    // Wholly D2's.
    (
        "T-2026-00004",
        "3000004",
        "association_transfer",
        "pp-d2",
        "pp-d2",
    ),
    (
        "T-2026-00005",
        "3000005",
        "association_transfer",
        "pp-d2",
        "pp-d2",
    ),
    ("T-2026-00006", "3000004", "category_change", "pp-d2", ""),
    // Wholly E's.
    (
        "T-2026-00007",
        "3000007",
        "association_transfer",
        "qq-e",
        "qq-e",
    ),
];
const WITHDRAWAL: &str = "W-2026-00001";
const MISSING_T: &str = "T-2026-99999";
const MISSING_W: &str = "W-2026-99999";

fn cases_file() -> String {
    let mut s = String::new();
    for n in 1..=7 {
        s += &format!(
            r#"{{"kind":"person","registration_number":"300000{n}","name":"試験 太郎{n}","name_kana":"しけん たろう","birth_date":"1995-04-0{n}","email":"member{n}@example.jp"}}"#
        );
        s.push('\n');
    }
    for (r, regno, kind, from, to) in TRANSFERS {
        let to = if to.is_empty() {
            String::new()
        } else {
            format!(r#","to_association":"{to}""#)
        };
        let current = if kind == "category_change" {
            r#","current_category":"B""#
        } else {
            ""
        };
        let requested = if kind == "category_change" { "C" } else { "B" };
        s += &format!(
            r#"{{"kind":"transfer","ref":"{r}","received_at":"2026-11-02 09:30","registration_number":"{regno}","transfer_kind":"{kind}","from_association":"{from}"{to}{current},"requested_category":"{requested}"}}"#
        );
        s.push('\n');
    }
    s += &format!(
        r#"{{"kind":"withdrawal","ref":"{WITHDRAWAL}","received_at":"2026-11-03 09:30","registration_number":"3000006","program":"試験病院 内科専門研修プログラム","director":"髙橋 一郎","director_email":"d0@example.jp","reason":"他プログラムへの応募のため"}}"#
    );
    s.push('\n');
    s
}

fn tkey(r: &str) -> CaseKey {
    CaseKey::new(Queue::Transfer, r)
}

fn key_of(r: &str) -> CaseKey {
    if r.starts_with('W') {
        CaseKey::new(Queue::Withdrawal, r)
    } else {
        tkey(r)
    }
}

fn missing_of(r: &str) -> &'static str {
    if r.starts_with('W') {
        MISSING_W
    } else {
        MISSING_T
    }
}

/// The attempts on what a user may not reach, and how they ended.
#[derive(Default)]
struct Tally {
    attempts: u64,
    refused: u64,
    leaks: Vec<String>,
}

impl Tally {
    fn held(&mut self) {
        self.attempts += 1;
        self.refused += 1;
    }

    fn leaked(&mut self, what: String) {
        self.attempts += 1;
        eprintln!("LEAK: {what}");
        self.leaks.push(what);
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if ok { self.held() } else { self.leaked(what()) }
    }
}

/// The outcome's JSON with `reference` (and its key's text) replaced by a mark.
fn normal(json: &str, reference: &str) -> String {
    json.replace(reference, "<REF>")
}

/// Sends `make(foreign)` and `make(missing)` as `s`: both must be refused,
/// and alike byte for byte once the references are marked; `no_such` asks
/// that the refusal be `no_such_case`.
fn alike(
    t: &mut Tally,
    s: &mut Session,
    what: &str,
    foreign: &str,
    no_such: bool,
    make: impl Fn(&str) -> Request,
) {
    let missing = missing_of(foreign);
    let a = s.call(make(foreign));
    let b = s.call(make(missing));
    let (na, nb) = (normal(&a.json, foreign), normal(&b.json, missing));
    let refused = a.outcome.is_err();
    let kind_ok = !no_such || a.refusal_id().as_deref() == Some("no_such_case");
    t.check(na == nb && refused && kind_ok, || {
        format!(
            "{} {what} {foreign}: {}\n    vs missing {missing}: {}",
            s.user, a.json, b.json
        )
    });
}

/// Like [`alike`] for an answer that is not a refusal (an empty page, a
/// count of none): alike byte for byte once the references are marked, and
/// never naming the foreign case.
fn alike_answer(
    t: &mut Tally,
    s: &mut Session,
    what: &str,
    foreign: &str,
    make: impl Fn(&str) -> Request,
) {
    let missing = missing_of(foreign);
    let a = s.call(make(foreign));
    let b = s.call(make(missing));
    let (na, nb) = (normal(&a.json, foreign), normal(&b.json, missing));
    t.check(na == nb && a.outcome.is_ok(), || {
        format!(
            "{} {what} {foreign}: {}\n    vs missing {missing}: {}",
            s.user, a.json, b.json
        )
    });
}

fn page(queue: Queue, text: &str) -> Request {
    let mut q = PageQuery::new(queue);
    q.text = text.to_string();
    q.include_closed = true;
    q.limit = 500;
    Request::Page { query: q }
}

/// The references a user's pages list (every queue, closed too).
fn listed(s: &mut Session) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for q in [Queue::Transfer, Queue::Withdrawal] {
        let r = s.call(page(q, ""));
        let Some(Answer::Desk(secretariat::desk::Response::Page(p))) = r.ok() else {
            panic!("{}: page: {}", s.user, r.json);
        };
        assert_eq!(p.total as usize, p.rows.len(), "{}", s.user);
        out.extend(p.rows.iter().map(|row| row.key.reference.clone()));
    }
    out
}

fn revision(s: &mut Session, r: &str) -> u64 {
    let reply = s.call(Request::Detail { key: key_of(r) });
    match reply.ok() {
        Some(Answer::Desk(secretariat::desk::Response::Detail(d))) => d.case.revision,
        _ => panic!("{}: detail of {r}: {}", s.user, reply.json),
    }
}

fn decided(reply: &Reply) -> Option<(String, String)> {
    match reply.ok() {
        Some(Answer::Desk(secretariat::desk::Response::Case(c))) => {
            let last = c.history.last()?;
            Some((
                serde_json::to_value(c.state).ok()?.as_str()?.to_string(),
                serde_json::to_value(last.kind).ok()?.as_str()?.to_string(),
            ))
        }
        _ => None,
    }
}

/// Every request on a case, for `user` (whose name a reassign gives it to).
fn attempts_on_case(t: &mut Tally, s: &mut Session, foreign: &str, rev: u64, role: &str) {
    let user = s.user.clone();
    // Where the user's role allows the request at all the refusal is
    // `no_such_case`; where it does not (help desk deciding, an operator
    // reopening, the administrator anything) the role's refusal comes first,
    // alike for both too. Either way the two answers must be the same.
    let ns = role == "operator" || role == "supervisor";
    let ns_sup = role == "supervisor";
    alike(t, s, "detail", foreign, true, |r| Request::Detail {
        key: key_of(r),
    });
    alike(t, s, "approve", foreign, ns, |r| Request::Approve {
        key: key_of(r),
        revision: rev,
    });
    // A stale revision must not tell a real case from none either.
    alike(t, s, "approve(stale)", foreign, ns, |r| Request::Approve {
        key: key_of(r),
        revision: rev + 7,
    });
    alike(t, s, "return", foreign, ns, |r| Request::ReturnCase {
        key: key_of(r),
        revision: rev,
        reason: "書類に不備があります".into(),
    });
    alike(t, s, "chase", foreign, ns, |r| Request::Chase {
        key: key_of(r),
        revision: rev,
    });
    alike(t, s, "certification_return", foreign, ns, |r| {
        Request::CertificationReturn {
            key: key_of(r),
            revision: rev,
            reason: "返上".into(),
        }
    });
    alike(t, s, "claim", foreign, ns, |r| Request::Claim {
        key: key_of(r),
        revision: rev,
    });
    alike(t, s, "reopen", foreign, ns_sup, |r| Request::Reopen {
        key: key_of(r),
        revision: rev,
        reason: "再開".into(),
    });
    alike(t, s, "reassign", foreign, ns_sup, |r| Request::Reassign {
        key: key_of(r),
        revision: rev,
        to: user.clone(),
    });
    alike(t, s, "annotate", foreign, ns, |r| Request::Annotate {
        key: key_of(r),
        text: "メモ".into(),
    });
    alike(t, s, "document", foreign, ns, |r| {
        Request::Document(DocumentRequest::Preview {
            kind: secretariat::domain::document::DocumentKind::ReturnLetter,
            key: key_of(r),
        })
    });
    // Bulk: a report, each case with its refusal.
    let bulk_ok = |s: &mut Session, t: &mut Tally, what: &str, make: &dyn Fn(&str) -> Request| {
        let missing = missing_of(foreign);
        let a = s.call(make(foreign));
        let b = s.call(make(missing));
        let (na, nb) = (normal(&a.json, foreign), normal(&b.json, missing));
        let done_nothing = match a.ok() {
            Some(Answer::Desk(secretariat::desk::Response::Bulk(rep))) => rep.done == 0,
            _ => a.outcome.is_err(),
        };
        t.check(na == nb && done_nothing, || {
            format!("{} {what} {foreign}: {}\n    vs {}", s.user, a.json, b.json)
        });
    };
    bulk_ok(s, t, "bulk approve", &|r| Request::Bulk {
        keys: vec![key_of(r)],
        action: BulkAction::Approve,
    });
    bulk_ok(s, t, "bulk return", &|r| Request::Bulk {
        keys: vec![key_of(r)],
        action: BulkAction::Return {
            reason: "書類に不備があります".into(),
        },
    });
    bulk_ok(s, t, "reassign_many", &|r| Request::ReassignMany {
        keys: vec![key_of(r)],
        to: user.clone(),
    });
    // Filters: a page, the keys `M` marks, view counts, the backlog.
    let queue = key_of(foreign).queue;
    alike_answer(t, s, "page filter", foreign, |r| page(queue, r));
    alike_answer(t, s, "match_keys", foreign, |r| {
        let mut q = PageQuery::new(queue);
        q.text = r.to_string();
        q.include_closed = true;
        Request::MatchKeys { query: q, max: 100 }
    });
    alike_answer(t, s, "view_counts", foreign, |r| {
        let view: secretariat::domain::view::View =
            serde_json::from_value(serde_json::json!({"name": "x", "query": r})).unwrap();
        Request::ViewCounts {
            views: vec![view],
            shown: queue,
        }
    });
    alike_answer(t, s, "backlog", foreign, |r| Request::Backlog {
        filter: Some(r.to_string()),
    });
}

/// The command line as `uid:gid` through the socket.
fn cli_as(uid: u32, gid: u32, sock: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = bin()
        .arg("--socket")
        .arg(sock)
        .args(args)
        .env("HOME", "/nonexistent")
        .uid(uid)
        .gid(gid)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

struct User {
    uid: u32,
    role: &'static str,
    name: String,
    /// The references this user's organisations hold.
    sees: BTreeSet<&'static str>,
    admin: bool,
}

fn all_refs() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = TRANSFERS.iter().map(|t| t.0).collect();
    v.push(WITHDRAWAL);
    v
}

#[test]
fn every_organisation_sees_and_decides_its_own_cases_only() {
    if !is_root() {
        skip::unavailable("the organisation tests run clients as other uids and need root");
        return;
    }
    let started = std::time::Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = tmp.path().join("store");
    let uids = free_uids(8);
    let group = 62_999u32;
    let (d1, d2, e, psup, psupc, admin, board, helpdesk) = (
        uids[0], uids[1], uids[2], uids[3], uids[4], uids[5], uids[6], uids[7],
    );

    // The organisations, imported by the store's creator (its administrator).
    let orgs = tmp.path().join("orgs.jsonl");
    std::fs::write(&orgs, ORGS).unwrap();
    let (code, out, err) = run(&dir, &["import", orgs.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let cases = tmp.path().join("cases.jsonl");
    std::fs::File::create(&cases)
        .unwrap()
        .write_all(cases_file().as_bytes())
        .unwrap();
    let (code, out, err) = run(&dir, &["import", cases.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let name = |u: u32| format!("uid{u}");
    for (u, role, org, children) in [
        (d1, "operator", "pp-d1", false),
        (d2, "operator", "pp-d2", false),
        (e, "operator", "qq-e", false),
        (psup, "supervisor", "pp", false),
        (psupc, "supervisor", "pp", true),
        (board, "operator", "brd", false),
        (helpdesk, "helpdesk", "pp-d1", false),
    ] {
        let user = name(u);
        let mut args = vec!["users", "add", &user, role, "--org", org];
        if children {
            args.push("--children");
        }
        let (code, out, err) = run(&dir, &args);
        assert_eq!(code, Some(0), "{out}\n{err}");
    }
    let (code, out, err) = run(&dir, &["users", "add", &name(admin), "admin"]);
    assert_eq!(code, Some(0), "{out}\n{err}");

    // The server, its socket in a run directory of the operators' group.
    let run_dir = tmp.path().join("run");
    std::fs::create_dir(&run_dir).unwrap();
    nix::unistd::chown(&run_dir, None, Some(nix::unistd::Gid::from_raw(group))).unwrap();
    std::fs::set_permissions(&run_dir, std::fs::Permissions::from_mode(0o2750)).unwrap();
    let sock = run_dir.join("secretariat.sock");
    let _server = ServerProc::start_on(&dir, &sock, &[]);

    let set = |v: &[&'static str]| v.iter().copied().collect::<BTreeSet<_>>();
    let users = [
        (
            d1,
            set(&["T-2026-00001", "T-2026-00002", "T-2026-00003"]),
            false,
        ),
        (
            d2,
            set(&["T-2026-00004", "T-2026-00005", "T-2026-00006"]),
            false,
        ),
        (
            e,
            set(&["T-2026-00001", "T-2026-00002", "T-2026-00007"]),
            false,
        ),
        (psup, set(&["T-2026-00003"]), false),
        (
            psupc,
            set(&[
                "T-2026-00001",
                "T-2026-00002",
                "T-2026-00003",
                "T-2026-00004",
                "T-2026-00005",
                "T-2026-00006",
            ]),
            false,
        ),
        (admin, set(&[]), true),
        (board, set(&[WITHDRAWAL]), false),
        (
            helpdesk,
            set(&["T-2026-00001", "T-2026-00002", "T-2026-00003"]),
            false,
        ),
    ]
    .map(|(uid, sees, admin)| User {
        uid,
        role: if admin {
            "admin"
        } else if uid == psup || uid == psupc {
            "supervisor"
        } else if uid == helpdesk {
            "helpdesk"
        } else {
            "operator"
        },
        name: name(uid),
        sees,
        admin,
    });
    let mut sessions: BTreeMap<u32, Session> = users
        .iter()
        .map(|u| (u.uid, Session::open(u.uid, group, &sock)))
        .collect();
    let mut t = Tally::default();

    // Each sees in its pages exactly what its organisations hold.
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        let got = listed(s);
        let want: BTreeSet<String> = u.sees.iter().map(|r| r.to_string()).collect();
        for r in all_refs() {
            if !u.sees.contains(r) {
                t.check(!got.contains(r), || format!("{} pages list {r}", u.name));
            }
        }
        assert_eq!(got, want, "{} lists what its organisations hold", u.name);
        // Counts: the open cases of the queues it sees, nothing more.
        let reply = s.call(Request::Counts);
        let Some(Answer::Desk(secretariat::desk::Response::Counts(c))) = reply.ok() else {
            panic!("{}", reply.json)
        };
        let open: u64 = c.iter().map(|q| q.open).sum();
        t.check(open == u.sees.len() as u64, || {
            format!("{} counts {open} open cases, sees {}", u.name, u.sees.len())
        });
    }

    // The real revisions of every case, from someone who sees it.
    let mut revs: BTreeMap<&str, u64> = BTreeMap::new();
    for r in all_refs() {
        let owner = users.iter().find(|u| u.sees.contains(r)).unwrap();
        revs.insert(r, revision(sessions.get_mut(&owner.uid).unwrap(), r));
    }

    // Every request on every case a user's organisations do not hold is
    // answered like a reference that does not exist.
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        for r in all_refs() {
            if !u.sees.contains(r) {
                attempts_on_case(&mut t, s, r, revs[r], u.role);
            }
        }
    }

    // Lookups: the other organisations' cases not listed, but counted.
    let regnos: BTreeMap<&str, Vec<&str>> = {
        let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (r, regno, ..) in TRANSFERS {
            m.entry(regno).or_default().push(r);
        }
        m.entry("3000006").or_default().push(WITHDRAWAL);
        m
    };
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        for (regno, refs) in &regnos {
            let reply = s.call(Request::Lookup {
                input: regno.to_string(),
            });
            let Some(Answer::Desk(secretariat::desk::Response::Lookup(l))) = reply.ok() else {
                panic!("{}: lookup {regno}: {}", u.name, reply.json)
            };
            let shown: BTreeSet<&str> = l.cases.iter().map(|c| c.key.reference.as_str()).collect();
            let hidden = refs.iter().filter(|r| !u.sees.contains(*r)).count() as u64;
            let seen: BTreeSet<&str> = refs
                .iter()
                .copied()
                .filter(|r| u.sees.contains(r))
                .collect();
            t.check(shown == seen && l.elsewhere == hidden, || {
                format!(
                    "{} lookup {regno}: shows {shown:?} elsewhere {}, expected {seen:?} and {hidden}",
                    u.name, l.elsewhere
                )
            });
            for r in refs.iter().filter(|r| !u.sees.contains(*r)) {
                t.check(!reply.json.contains(r), || {
                    format!("{} lookup {regno} names {r}", u.name)
                });
            }
        }
    }

    // Exports through the command line as each user: no foreign reference.
    for u in &users {
        for what in [
            &["export", "cases"][..],
            &["export", "decisions"],
            &["export", "outbox", "--all"],
            &["export", "audit"],
        ] {
            let (code, out, err) = cli_as(u.uid, group, &sock, what);
            if u.admin && (what[1] == "cases" || what[1] == "decisions") {
                // The administrator reads no cases: refused or empty.
                t.check(code != Some(0) || out.lines().count() <= 1, || {
                    format!("{} {what:?}: {out}", u.name)
                });
                continue;
            }
            assert!(
                code == Some(0) || err.contains("permission") || err.contains("needs"),
                "{} {what:?}: {code:?} {err}",
                u.name
            );
            for r in all_refs() {
                if !u.sees.contains(r) {
                    t.check(!out.contains(r), || {
                        let l: Vec<&str> = out.lines().filter(|l| l.contains(r)).take(2).collect();
                        format!("{} {what:?} lists {r}: {l:?}", u.name)
                    });
                }
            }
        }
    }
    // The export service by hand, too.
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        let spec: secretariat::desk::ExportSpec = serde_json::from_value(serde_json::json!({
            "what": "cases", "queue": null, "format": "jsonl", "all": false
        }))
        .unwrap();
        let (reply, chunks) = s.call_raw(Call::Service(Service::Export { spec }));
        let text = chunks.join("\n");
        for r in all_refs() {
            if !u.sees.contains(r) {
                t.check(!text.contains(r) && !reply.json.contains(r), || {
                    format!("{} export service lists {r}", u.name)
                });
            }
        }
    }

    // Saying which case one views: alike for a foreign case and none.
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        for r in all_refs().into_iter().filter(|r| !u.sees.contains(r)) {
            let missing = missing_of(r);
            let a = s
                .call_raw(Call::Service(Service::Viewing {
                    key: Some(key_of(r)),
                }))
                .0;
            let b = s
                .call_raw(Call::Service(Service::Viewing {
                    key: Some(key_of(missing)),
                }))
                .0;
            t.check(normal(&a.json, r) == normal(&b.json, missing), || {
                format!("{} viewing {r}: {} vs {}", u.name, a.json, b.json)
            });
        }
        s.call_raw(Call::Service(Service::Viewing { key: None }));
    }

    // The outbox by hand: due and failed mail of the user's cases only.
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        for req in [
            Request::DueNotifications {
                limit: 2_000,
                queue: None,
            },
            Request::FailedNotifications,
        ] {
            let reply = s.call(req.clone());
            for r in all_refs().into_iter().filter(|r| !u.sees.contains(r)) {
                t.check(!reply.json.contains(r), || {
                    format!("{} {} lists {r}: {}", u.name, req.name(), reply.json)
                });
            }
        }
    }

    // The administrator manages organisations and users, and decides nothing.
    let s = sessions.get_mut(&admin).unwrap();
    let reply = s.call(Request::Orgs);
    assert!(
        reply.outcome.is_ok() && reply.json.contains("pp-d1"),
        "{}",
        reply.json
    );
    let reply = s.call(Request::UserRows);
    assert!(reply.json.contains(&name(d1)), "{}", reply.json);
    let reply = s.call(Request::AddUser {
        name: "newcomer".into(),
        role: secretariat::domain::Role::Operator,
        force: false,
        at: Where {
            orgs: vec!["qq".into()],
            children: false,
        },
    });
    assert!(reply.outcome.is_ok(), "{}", reply.json);
    let (code, out, err) = cli_as(admin, group, &sock, &["orgs", "list"]);
    assert!(code == Some(0) && out.contains("qq-e"), "{out}{err}");
    let (code, out, err) = cli_as(admin, group, &sock, &["users", "remove", "newcomer"]);
    assert_eq!(code, Some(0), "{out}{err}");
    // An operator manages neither.
    let s = sessions.get_mut(&d1).unwrap();
    let reply = s.call(Request::AddUser {
        name: "intruder".into(),
        role: secretariat::domain::Role::Supervisor,
        force: false,
        at: Where {
            orgs: vec!["pp-d1".into()],
            children: false,
        },
    });
    t.check(reply.outcome.is_err(), || {
        format!("d1 adds a user: {}", reply.json)
    });
    let reply = s.call(Request::SetAdmin {
        name: name(d1),
        admin: true,
    });
    t.check(reply.outcome.is_err(), || {
        format!("d1 makes itself admin: {}", reply.json)
    });
    // P's supervisor without --children manages no role in D1.
    let s = sessions.get_mut(&psup).unwrap();
    let reply = s.call(Request::AddUser {
        name: "intruder".into(),
        role: secretariat::domain::Role::Supervisor,
        force: false,
        at: Where {
            orgs: vec!["pp-d1".into()],
            children: false,
        },
    });
    t.check(reply.outcome.is_err(), || {
        format!("psup gives a role in D1: {}", reply.json)
    });

    // Whose turn: D1 releases D1 → E; E cannot; after release E accepts and D1 cannot.
    let t1 = "T-2026-00001";
    let s = sessions.get_mut(&e).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t1),
        revision: revs[t1],
    });
    assert_eq!(
        reply.refusal_id().as_deref(),
        Some("not_their_turn"),
        "{}",
        reply.json
    );
    let s = sessions.get_mut(&d1).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t1),
        revision: revs[t1],
    });
    assert_eq!(
        decided(&reply),
        Some(("released".into(), "approve".into())),
        "{}",
        reply.json
    );
    let rev = revision(s, t1);
    let reply = s.call(Request::Approve {
        key: tkey(t1),
        revision: rev,
    });
    assert_eq!(
        reply.refusal_id().as_deref(),
        Some("not_their_turn"),
        "{}",
        reply.json
    );
    let s = sessions.get_mut(&e).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t1),
        revision: rev,
    });
    assert_eq!(
        decided(&reply),
        Some(("accepted".into(), "approve".into())),
        "{}",
        reply.json
    );
    // E → D1: D1 cannot release it.
    let t2 = "T-2026-00002";
    let s = sessions.get_mut(&d1).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t2),
        revision: revs[t2],
    });
    assert_eq!(
        reply.refusal_id().as_deref(),
        Some("not_their_turn"),
        "{}",
        reply.json
    );

    // The category change needs D1's and P's approvals.
    let t3 = "T-2026-00003";
    let s = sessions.get_mut(&d1).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t3),
        revision: revs[t3],
    });
    assert_eq!(
        decided(&reply),
        Some(("submitted".into(), "approve_part".into())),
        "{}",
        reply.json
    );
    let rev = revision(s, t3);
    let reply = s.call(Request::Approve {
        key: tkey(t3),
        revision: rev,
    });
    assert_eq!(
        reply.refusal_id().as_deref(),
        Some("not_their_turn"),
        "{}",
        reply.json
    );
    let s = sessions.get_mut(&psup).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t3),
        revision: rev,
    });
    let (state, kind) = decided(&reply).unwrap_or_else(|| panic!("{}", reply.json));
    assert_eq!(kind, "approve", "{}", reply.json);
    assert_ne!(state, "submitted", "{}", reply.json);

    // D2 decides its own case, and the board its withdrawal.
    let t4 = "T-2026-00004";
    let s = sessions.get_mut(&d2).unwrap();
    let reply = s.call(Request::Approve {
        key: tkey(t4),
        revision: revs[t4],
    });
    assert!(decided(&reply).is_some(), "{}", reply.json);
    let s = sessions.get_mut(&board).unwrap();
    let reply = s.call(Request::Claim {
        key: key_of(WITHDRAWAL),
        revision: revs[WITHDRAWAL],
    });
    assert!(reply.outcome.is_ok(), "{}", reply.json);

    // Undo reaches only the user's own decisions: undoing as anyone else
    // leaves D2's and D1's decisions alone.
    for u in [e, psupc, admin, helpdesk] {
        let s = sessions.get_mut(&u).unwrap();
        let reply = s.call(Request::Undo);
        let touched = [t1, t3, t4].iter().any(|r| reply.json.contains(r)) && reply.outcome.is_ok();
        // E's own acceptance of T1 is its to undo: that is not a leak.
        let own = u == e && reply.json.contains(t1) && !reply.json.contains(t4);
        t.check(!touched || own, || format!("uid{u} undo: {}", reply.json));
    }

    // Events: nobody hears of a case its organisations do not hold.
    std::thread::sleep(Duration::from_millis(500));
    for u in &users {
        let s = sessions.get_mut(&u.uid).unwrap();
        s.call(Request::Counts);
        s.gather_events(Duration::from_millis(200));
        // A change of a case; or who views one, when that names anyone
        // but the receiver (whose own `Viewing` comes back to it alike for
        // a foreign case and for none).
        let mut heard = BTreeSet::new();
        for ev in &s.events {
            let changed = ev.pointer("/event/changed/key/reference");
            let viewed = ev.pointer("/event/viewers/key/reference").filter(|_| {
                ev.pointer("/event/viewers/users")
                    .and_then(|u| u.as_array())
                    .is_some_and(|users| users.iter().any(|n| n.as_str() != Some(&u.name)))
            });
            if let Some(key) = changed.or(viewed) {
                heard.insert(key.as_str().unwrap_or_default().to_string());
            }
        }
        for r in all_refs() {
            if !u.sees.contains(r) {
                t.check(!heard.contains(r), || {
                    format!("{} heard of {r}: {:?}", u.name, s.events)
                });
            }
        }
        // Those who hold a case hear of its changes by others.
        if u.uid == e || u.uid == psupc {
            assert!(heard.contains(t1), "{} hears of T1: {:?}", u.name, s.events);
        }
        if u.uid == d1 {
            assert!(heard.contains(t3), "{} hears of T3: {:?}", u.name, s.events);
        }
    }

    // The category change's mail: one per member per decision.
    let (code, out, err) = cli_as(psupc, group, &sock, &["export", "outbox", "--all"]);
    assert_eq!(code, Some(0), "{err}");
    let mails: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.contains(t3))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in &mails {
        *per.entry((
            m["decision"].as_str().unwrap_or_default().to_string(),
            m["recipient"].as_str().unwrap_or_default().to_string(),
        ))
        .or_default() += 1;
    }
    println!("category change mail: {per:?}");
    for ((decision, to), n) in &per {
        assert_eq!(*n, 1, "{decision} mailed to {to} {n} times: {out}");
    }

    // Releasing mail: only that of the user's cases is released.
    let mut case_of: BTreeMap<u64, String> = BTreeMap::new();
    for u in &users {
        let (_, out, _) = cli_as(u.uid, group, &sock, &["export", "outbox", "--all"]);
        for l in out.lines() {
            let m: serde_json::Value = serde_json::from_str(l).unwrap();
            if let (Some(id), Some(r)) = (m["id"].as_u64(), m["case_ref"].as_str()) {
                case_of.insert(id, r.to_string());
            }
        }
    }
    assert!(!case_of.is_empty(), "the decisions left mail in the outbox");
    let top = case_of.keys().max().copied().unwrap_or(0) + 5;
    for who in [d2, e] {
        let u = users.iter().find(|u| u.uid == who).unwrap();
        let s = sessions.get_mut(&who).unwrap();
        let reply = s.call(Request::ReleaseNotifications {
            ids: (0..=top).collect(),
        });
        let Some(Answer::Desk(secretariat::desk::Response::Numbers(released))) = reply.ok() else {
            panic!("{}: {}", u.name, reply.json)
        };
        println!(
            "{} released {} of {} mails",
            u.name,
            released.len(),
            case_of.len()
        );
        for id in released {
            let r = case_of.get(id).cloned().unwrap_or_default();
            t.check(u.sees.contains(r.as_str()), || {
                format!("{} released mail {id} of {r:?}", u.name)
            });
        }
    }

    drop(sessions);
    println!(
        "attempts {}, refused {}, leaked {} ({:.1} s)",
        t.attempts,
        t.refused,
        t.leaks.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(t.leaks.is_empty(), "leaks:\n{}", t.leaks.join("\n"));
}
