//! Import of 修了申請 rows: good and bad, in JSON Lines and CSV (UTF-8 and CP932).

use crate::domain::field::{FieldProblem, Problem};
use crate::domain::time::{at, ymd};
use crate::domain::{CaseBody, Queue, State};
use crate::i18n::Lang;
use crate::interchange::*;

fn now() -> Timestamp {
    at(ymd(2026, 7, 1), 9, 0)
}

fn rows(name: &str, format: FileFormat, data: &[u8]) -> Vec<Result<(usize, Record), RowError>> {
    read(
        name,
        Box::new(std::io::Cursor::new(data.to_vec())),
        format,
        None,
        now(),
        "tanaka",
    )
    .unwrap()
    .collect()
}

const GOOD: &str = r#"{"kind":"completion_application","ref":"C-2026-000001","received_at":"2026-06-10 10:15","registration_number":"１２３４５６","association":"仙台市医師会","training":"かかりつけ医機能報告制度に係る研修","completed_on":"2026-06-01","notes":"修了証の写しを添付"}"#;

#[test]
fn a_good_row_is_a_submitted_case_of_the_membership_queue() {
    let r = rows("in.jsonl", FileFormat::Jsonl, GOOD.as_bytes());
    let (line, Record::Case(c)) = r[0].as_ref().unwrap() else {
        panic!("{r:?}")
    };
    assert_eq!(*line, 1);
    assert_eq!((c.queue, c.state), (Queue::Transfer, State::Submitted));
    assert_eq!(c.subject.key(), "123456");
    let CaseBody::CompletionApplication(a) = &c.body else {
        panic!()
    };
    assert_eq!(a.association, "仙台市医師会");
    assert_eq!(a.training, "かかりつけ医機能報告制度に係る研修");
    assert_eq!(a.completed_on, ymd(2026, 6, 1));
    assert_eq!(a.notes.as_deref(), Some("修了証の写しを添付"));
}

#[test]
fn bad_rows_are_refused_naming_the_field_and_its_rule() {
    let row = |fields: &str| {
        format!(
            r#"{{"kind":"completion_application","ref":"C-9","received_at":"2026-06-10 10:15","registration_number":"123456",{fields}}}"#
        )
    };
    let long = "研".repeat(101);
    let data = [
        // Completed after the day it was received.
        row(r#""association":"仙台市医師会","training":"研修","completed_on":"2026-06-11""#),
        // A training name over 100 characters.
        row(&format!(
            r#""association":"仙台市医師会","training":"{long}","completed_on":"2026-06-01""#
        )),
        // No association.
        row(r#""association":"","training":"研修","completed_on":"2026-06-01""#),
        // No training, a date that is none, and a field the kind does not have.
        row(r#""association":"仙台市医師会","completed_on":"2026-13-01","transfer_kind":"x""#),
        // Completed on the day of receipt: good.
        row(r#""association":"仙台市医師会","training":"研修","completed_on":"2026-06-10""#),
    ]
    .join("\n");
    let r = rows("in.jsonl", FileFormat::Jsonl, data.as_bytes());
    let reasons: Vec<String> = r
        .iter()
        .map(|x| {
            x.as_ref()
                .err()
                .map(|e| e.reason().clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        reasons[0],
        "completed_on 2026-06-11 is after the day the application was received (2026-06-10); the training must be completed before applying"
    );
    assert_eq!(
        reasons[1],
        "field \"training\" is longer than 100 characters"
    );
    assert!(reasons[2].contains("\"association\""), "{}", reasons[2]);
    assert!(reasons[3].contains("transfer_kind"), "{}", reasons[3]);
    assert!(reasons[3].contains("\"training\""), "{}", reasons[3]);
    assert!(reasons[3].contains("completed_on"), "{}", reasons[3]);
    assert!(r[4].is_ok(), "{:?}", r[4]);
}

#[test]
fn the_rules_refusals_read_in_japanese() {
    let kind = Kind::CompletionApplication;
    let late = FieldProblem::new(
        "completed_on",
        Problem::CompletedAfterReceipt {
            completed_on: ymd(2026, 6, 11),
            received_on: ymd(2026, 6, 10),
        },
    );
    assert_eq!(
        crate::i18n::fields::problem(Lang::Ja, kind, &late),
        "修了日 2026-06-11 が申請の受付日 2026-06-10 より後です (修了してから申請します)"
    );
    let long = FieldProblem::new("training", Problem::TooLong { max: 100 });
    assert_eq!(
        crate::i18n::fields::problem(Lang::Ja, kind, &long),
        "研修名は100文字以内です"
    );
    let none = FieldProblem::new("association", Problem::Missing);
    assert_eq!(
        crate::i18n::fields::problem(Lang::Ja, kind, &none),
        "申請先の医師会は必須です"
    );
}

const CSV: &str = "ref,received_at,registration_number,association,training,completed_on,notes\n\
C-1,2026-06-10 10:15,123456,仙台市医師会,かかりつけ医機能報告制度に係る研修,2026-06-01,\n\
C-2,2026-06-10 10:15,123456,石巻市医師会,研修,2026-06-30,オンライン受講\n";

#[test]
fn csv_by_its_file_name_in_utf8_and_cp932() {
    assert_eq!(
        Kind::from_file_name(std::path::Path::new("2026-06_completion_applications.csv")),
        Some(Kind::CompletionApplication)
    );
    let sjis = encoding_rs::SHIFT_JIS.encode(CSV).0.into_owned();
    for data in [CSV.as_bytes().to_vec(), sjis] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("completion_applications.csv");
        std::fs::write(&path, &data).unwrap();
        let r: Vec<_> = open(&path, None, now(), "t").unwrap().collect();
        assert_eq!(r.len(), 2);
        let (2, Record::Case(c)) = r[0].as_ref().unwrap() else {
            panic!("{r:?}")
        };
        let CaseBody::CompletionApplication(a) = &c.body else {
            panic!()
        };
        assert_eq!(a.training, "かかりつけ医機能報告制度に係る研修");
        assert_eq!(a.notes, None);
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.reason().starts_with("completed_on 2026-06-30 is after"),
            "{}",
            e.reason()
        );
    }
}
