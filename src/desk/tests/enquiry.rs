//! The enquiry log through the desk: who may log, what is refused field by
//! field, stale resolutions naming who resolved, lists, lookup, backlog,
//! audit and export.

use super::*;
use crate::desk::api::Session;
use crate::domain::enquiry::{Channel, EnquiryProblem, EnquiryStatus};
use crate::interchange::export::Format;

fn session(a: &Actor) -> Session {
    Session {
        actor: a.clone(),
        now: now(),
        today: today(),
    }
}

fn log(f: &Fixture, a: &Actor, regno: Option<&str>, topic: &str, note: &str) -> Result<Response> {
    f.desk.execute(
        &session(a),
        Request::Enquiry(EnquiryRequest::LogEnquiry {
            registration_number: regno.map(str::to_string),
            channel: Channel::Phone,
            topic: topic.into(),
            note: note.into(),
            case: None,
            resolved: false,
        }),
        &mut |_, _| {},
    )
}

fn logged(r: Result<Response>) -> crate::domain::enquiry::Enquiry {
    match r.unwrap() {
        Response::Enquiry(e) => *e,
        other => panic!("{other:?}"),
    }
}

fn list(f: &Fixture, open_only: bool, person: Option<&str>) -> EnquiryList {
    match f
        .desk
        .execute(
            &session(&f.help),
            Request::Enquiry(EnquiryRequest::Enquiries {
                open_only,
                person: person.map(str::to_string),
                limit: 100,
            }),
            &mut |_, _| {},
        )
        .unwrap()
    {
        Response::Enquiries(l) => l,
        other => panic!("{other:?}"),
    }
}

fn problem(r: Result<Response>) -> EnquiryProblem {
    match r.unwrap_err() {
        DeskError::Refused(Refusal::Enquiry { problem }) => problem,
        other => panic!("{other:?}"),
    }
}

#[test]
fn help_desk_logs_an_enquiry_on_a_person_and_it_is_audited() {
    let f = fixture();
    let e = logged(log(
        &f,
        &f.help,
        Some("１２３４５６"),
        "パスワード",
        "再発行の方法を案内",
    ));
    assert_eq!(e.id, 1);
    assert_eq!(e.revision, 1);
    assert_eq!(e.by, "someone");
    assert_eq!(e.registration_number.as_ref().unwrap().as_str(), "123456");
    assert!(e.status.is_open());
    let last = f.desk.store().all_audit().last().unwrap().unwrap();
    assert_eq!(last.action, "enquiry.log");
    assert_eq!(last.target, "enquiry/1");
    assert!(last.after.unwrap().contains("再発行の方法を案内"));
    // Before a caller is identified, on nobody.
    let anon = logged(log(&f, &f.op, None, "その他", ""));
    assert_eq!(anon.id, 2);
    assert!(anon.registration_number.is_none());
    let r = f.desk.store().check().unwrap();
    assert!(r.faults.is_empty(), "{:?}", r.faults);
}

#[test]
fn bad_fields_are_refused_by_name_and_nothing_is_written() {
    let f = fixture();
    assert!(matches!(
        problem(log(&f, &f.help, Some("123456"), "雑談", "")),
        EnquiryProblem::UnknownTopic { .. }
    ));
    assert_eq!(
        problem(log(&f, &f.help, Some("123456"), "その他", "a\u{1b}[2Jb")),
        EnquiryProblem::NoteControl { at: 2 }
    );
    assert!(matches!(
        problem(log(
            &f,
            &f.help,
            Some("123456"),
            "その他",
            &"x".repeat(10_001)
        )),
        EnquiryProblem::NoteTooLong { .. }
    ));
    let err = log(&f, &f.help, Some("7777777"), "その他", "").unwrap_err();
    assert!(
        matches!(err.refusal(), Some(Refusal::NoSuchPerson { .. })),
        "{err:?}"
    );
    let err = log(&f, &f.help, Some("12a"), "その他", "").unwrap_err();
    assert!(matches!(
        err.refusal(),
        Some(Refusal::BadRegistrationNumber { .. })
    ));
    // A case of someone else.
    let err = f
        .desk
        .execute(
            &session(&f.help),
            Request::Enquiry(EnquiryRequest::LogEnquiry {
                registration_number: Some("123456".into()),
                channel: Channel::Mail,
                topic: "採用辞退".into(),
                note: String::new(),
                case: Some(key("W-2")),
                resolved: false,
            }),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(matches!(
        err.refusal(),
        Some(Refusal::Enquiry {
            problem: EnquiryProblem::CaseNotTheirs { .. }
        })
    ));
    assert_eq!(f.desk.store().all_enquiries().count(), 0);
}

#[test]
fn a_second_resolution_is_refused_naming_who_resolved_it() {
    let f = fixture();
    let e = logged(log(&f, &f.help, Some("234567"), "異動届", "書類の送付先"));
    let done = f.desk.resolve_enquiry(&f.op, e.id, Some(1), now()).unwrap();
    assert_eq!(done.revision, 2);
    assert!(matches!(&done.status, EnquiryStatus::Resolved { by, .. } if by == "op"));
    let err = f
        .desk
        .resolve_enquiry(&f.help, e.id, Some(1), now())
        .unwrap_err();
    match err.refusal() {
        Some(
            r @ Refusal::Enquiry {
                problem:
                    EnquiryProblem::Changed {
                        by,
                        revision: 2,
                        seen: 1,
                        ..
                    },
            },
        ) => {
            assert_eq!(by, "op");
            assert!(r.is_stale());
        }
        other => panic!("{other:?}"),
    }
    let err = f
        .desk
        .resolve_enquiry(&f.help, e.id, None, now())
        .unwrap_err();
    assert!(matches!(
        err.refusal(),
        Some(Refusal::Enquiry {
            problem: EnquiryProblem::AlreadyResolved { .. }
        })
    ));
    let err = f
        .desk
        .resolve_enquiry(&f.help, 99, None, now())
        .unwrap_err();
    assert!(err.refusal().unwrap().is_not_found());
    let last = f.desk.store().all_audit().last().unwrap().unwrap();
    assert_eq!(last.action, "enquiry.resolve");
    assert_eq!(last.actor, "op");
}

#[test]
fn lists_are_newest_first_with_age_and_name_and_the_lookup_and_backlog_see_them() {
    let f = fixture();
    let mut s = session(&f.help);
    s.now = at(ymd(2026, 11, 10), 9, 0);
    let old = f
        .desk
        .execute(
            &s,
            Request::Enquiry(EnquiryRequest::LogEnquiry {
                registration_number: Some("123456".into()),
                channel: Channel::Counter,
                topic: "採用辞退".into(),
                note: "辞退届の書き方".into(),
                case: Some(key("W-1")),
                resolved: false,
            }),
            &mut |_, _| {},
        )
        .unwrap();
    let Response::Enquiry(old) = old else {
        panic!()
    };
    let newer = logged(log(&f, &f.help, Some("123456"), "パスワード", ""));
    logged(log(&f, &f.help, Some("345678"), "その他", ""));
    f.desk
        .resolve_enquiry(&f.op, newer.id, Some(1), now())
        .unwrap();

    let all = list(&f, false, None);
    assert_eq!(
        all.rows.iter().map(|r| r.enquiry.id).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(all.open, 2);
    assert_eq!(all.topics.len(), 10);
    let open = list(&f, true, None);
    assert_eq!(
        open.rows.iter().map(|r| r.enquiry.id).collect::<Vec<_>>(),
        [3, 1]
    );
    assert_eq!(open.rows[1].age_days, 11);
    assert_eq!(open.rows[1].name.as_deref(), Some("山﨑 花子"));
    let hers = list(&f, false, Some("123456"));
    assert_eq!(
        hers.rows.iter().map(|r| r.enquiry.id).collect::<Vec<_>>(),
        [2, 1]
    );

    let l = f.desk.lookup("123456", today()).unwrap();
    assert_eq!(
        l.enquiries.iter().map(|e| e.id).collect::<Vec<_>>(),
        [2, old.id]
    );
    assert_eq!(l.enquiries[1].case.as_ref().unwrap().reference, "W-1");

    let b = f.desk.backlog(&f.help, None, today()).unwrap();
    assert_eq!(b.enquiries.open, 2);
    assert_eq!(b.enquiries.oldest_days, Some(11));

    let (rows, csv) = enquiries_csv(&f);
    assert_eq!(rows, 3);
    assert!(
        csv.starts_with("id,registration_number,at,by,channel,topic,note"),
        "{csv}"
    );
    assert!(
        csv.contains("counter,採用辞退,辞退届の書き方,withdrawal,W-1,open"),
        "{csv}"
    );
}

#[test]
fn a_formula_in_a_note_does_not_reach_a_csv_cell_as_one() {
    let f = fixture();
    logged(log(
        &f,
        &f.help,
        Some("123456"),
        "その他",
        "=HYPERLINK(\"x\")",
    ));
    let (_, csv) = enquiries_csv(&f);
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}

/// The enquiry log exported as CSV by the helpdesk: how many rows, and the text.
fn enquiries_csv(f: &Fixture) -> (usize, String) {
    let mut out = Vec::new();
    let spec = ExportSpec {
        what: ExportWhat::Enquiries,
        queue: None,
        format: Format::Csv,
        all: false,
        failed: false,
        filter: None,
        names: false,
    };
    let rows = f
        .desk
        .export_to(&f.help, &spec, today(), now(), &mut out)
        .unwrap();
    (rows, String::from_utf8(out).unwrap())
}
