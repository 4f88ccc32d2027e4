mod completion;

use super::*;
use crate::domain::time::{at, ymd};
use crate::domain::{CaseBody, DirectorDecision, LoanEventKind, State, Subject};

fn now() -> Timestamp {
    at(ymd(2026, 4, 1), 9, 0)
}

fn rows(
    name: &str,
    format: FileFormat,
    kind: Option<Kind>,
    data: &[u8],
) -> Vec<Result<(usize, Record), RowError>> {
    read(
        name,
        Box::new(std::io::Cursor::new(data.to_vec())),
        format,
        kind,
        now(),
        "tanaka",
    )
    .unwrap()
    .collect()
}

/// What refuses a CSV file of `kind` with this header before any row.
fn header_fault(kind: Kind, header: &[u8]) -> InterchangeError {
    read(
        "x.csv",
        Box::new(std::io::Cursor::new(header.to_vec())),
        FileFormat::Csv,
        Some(kind),
        now(),
        "t",
    )
    .err()
    .unwrap()
}

fn jsonl(data: &str) -> Vec<Result<(usize, Record), RowError>> {
    rows("in.jsonl", FileFormat::Jsonl, None, data.as_bytes())
}

fn one_error(data: &str) -> String {
    let r = jsonl(data);
    assert_eq!(r.len(), 1, "{r:?}");
    match &r[0] {
        Err(e) => e.reason().clone(),
        Ok(x) => panic!("expected an error, got {x:?}"),
    }
}

const PERSON: &str = r#"{"kind":"person","registration_number":"１２３４５６","name":"山田　太郎","birth_date":"1990-05-01","name_kana":"ヤマダ　タロウ","regional_quota":"yes","training_periods":["13-0001:2018-04-01:2019-03-31","13-0002:2019-04-01:2019-09-30"]}"#;
const WITHDRAWAL: &str = r#"{"kind":"withdrawal","ref":"W-2026-000001","received_at":"2026-03-20 10:15","registration_number":"123456","program":"仙台市立病院 内科","director":"佐藤 一郎","reason":"他プログラムへの応募を希望するため","director_decision":"approved","director_decided_at":"2026-03-25T09:00:00+09:00"}"#;

#[test]
fn jsonl_reads_every_kind_and_skips_blank_lines() {
    let data = format!(
        "{PERSON}\n\n{WITHDRAWAL}\r\n   \n{}\n{}\n{}\n{}\n{}\n{}\n",
        r#"{"kind":"facility","facility_number":"04-0001","name":"石巻赤十字病院","prefecture":"宮城県","medical_area":"石巻・登米・気仙沼医療圏","priority_area":true,"dental":false}"#,
        r#"{"kind":"physician","cert_number":"C-000001","registration_number":"222","name":"鈴木 花子","certification":"dental","renewed":true,"full_time":"0","workplace":"04-0001"}"#,
        r#"{"kind":"transfer","ref":"T-1","received_at":"2026-03-01","registration_number":"123456","transfer_kind":"association_transfer","from_association":"仙台市医師会","requested_category":"B","facility":"未定"}"#,
        r#"{"kind":"facility_report","ref":"F-1","received_at":"2025-09-10 13:30","facility_number":"04-0001","fiscal_year":2025,"reporter_name":"高橋 健","supervisors":["C-000001","C-000002"]}"#,
        r#"{"kind":"loan","loan_id":"L-1","registration_number":"123456","first_fiscal_year":2023,"years_approved":2,"disbursements":["2023-04-28:3300000","2024-04-30:3,300,000"]}"#,
        r#"{"kind":"loan_event","loan_id":"L-1","event":"leave_start","date":"2024-10-20","end_date":"2024-11-05","notified_at":"2024-11-10 17:30","working_days":180}"#,
    );
    let out: Vec<(usize, Record)> = jsonl(&data).into_iter().map(Result::unwrap).collect();
    let lines: Vec<usize> = out.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [1, 3, 5, 6, 7, 8, 9, 10]);
    let Record::Person(p) = &out[0].1 else {
        panic!()
    };
    assert_eq!(p.registration_number.as_str(), "123456");
    assert!(p.regional_quota);
    assert_eq!(p.training_periods.len(), 2);
    let Record::Case(c) = &out[1].1 else { panic!() };
    assert_eq!(c.state, State::DirectorApproved);
    assert_eq!(c.subject, Subject::Person(p.registration_number.clone()));
    assert_eq!(c.received_at.to_rfc3339(), "2026-03-20T10:15:00+09:00");
    assert_eq!(
        (c.revision, c.updated_by.as_str(), c.due),
        (0, "tanaka", None)
    );
    assert_eq!(c.subject_name, "");
    let CaseBody::Withdrawal(w) = &c.body else {
        panic!()
    };
    assert_eq!(w.director_decision, DirectorDecision::Approved);
    let Record::Facility(f) = &out[2].1 else {
        panic!()
    };
    assert!(f.priority_area && f.certified && !f.dental);
    let Record::Physician(ph) = &out[3].1 else {
        panic!()
    };
    assert!(!ph.full_time);
    let Record::Case(t) = &out[4].1 else { panic!() };
    let CaseBody::Transfer(t) = &t.body else {
        panic!()
    };
    assert_eq!(t.facility, None);
    let Record::Case(r) = &out[5].1 else { panic!() };
    assert_eq!((r.state, r.subject.key()), (State::Submitted, "04-0001"));
    let Record::Loan(l) = &out[6].1 else { panic!() };
    assert_eq!((l.principal(), l.annual_amount), (6_600_000, 3_300_000));
    let Record::LoanEvent { loan_id, event } = &out[7].1 else {
        panic!()
    };
    assert_eq!(
        (loan_id.as_str(), event.event),
        ("L-1", LoanEventKind::LeaveStart)
    );
}

#[test]
fn reasons_are_one_clear_sentence() {
    let base = r#""kind":"person","registration_number":"1","name":"a""#;
    assert_eq!(
        one_error(&format!(
            r#"{{{base},"birth_date":"1990-01-01","reason_code":1}}"#
        )),
        r#"unknown field "reason_code""#
    );
    assert_eq!(
        one_error(&format!("{{{base}}}")),
        r#"missing required field "birth_date""#
    );
    assert_eq!(
        one_error(&format!(r#"{{{base},"birth_date":"2025-02-30"}}"#)),
        r#"birth_date "2025-02-30" is not a valid date (YYYY-MM-DD)"#
    );
    assert_eq!(
        one_error(
            r#"{"kind":"person","registration_number":"12a","name":"a","birth_date":"1990-01-01"}"#
        ),
        r#"registration_number "12a" must be 1 to 7 digits"#
    );
    assert_eq!(
        one_error(
            r#"{"kind":"loan","loan_id":"L","registration_number":"1","first_fiscal_year":2024,"years_approved":7,"disbursements":[]}"#
        ),
        "years_approved must be 1 to 4, got 7"
    );
    assert!(one_error("{not json").starts_with("line is not JSON: "));
    assert_eq!(one_error("[1,2]"), "line is not a JSON object");
    assert!(
        one_error(r#"{"kind":"people"}"#)
            .starts_with("unknown kind \"people\"; expected one of organisation, person")
    );
    assert_eq!(
        one_error(r#"{"name":"x"}"#),
        r#"missing required field "kind""#
    );
    // Several faults are all reported.
    let many = one_error(r#"{"kind":"person","registration_number":"x","birth_date":"1"}"#);
    assert_eq!(many.matches("; ").count(), 2, "{many}");
}

#[test]
fn huge_fields_are_refused_and_control_characters_kept() {
    let long = "山".repeat(1_001);
    let e = one_error(&format!(
        r#"{{"kind":"person","registration_number":"1","name":"{long}","birth_date":"1990-01-01"}}"#
    ));
    assert_eq!(e, r#"field "name" is longer than 1000 characters"#);
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    let e = one_error(&format!(
        r#"{{"kind":"withdrawal","ref":"W","received_at":"2026-01-01","registration_number":"1","program":"p","director":"d","reason":"{ten_mb}"}}"#
    ));
    assert_eq!(e, r#"field "reason" is longer than 10000 characters"#);
    let r = jsonl(
        r#"{"kind":"person","registration_number":"1","name":"山田\u001b]0;X\u0007太郎","birth_date":"1990-01-01"}"#,
    );
    let Ok((_, Record::Person(p))) = &r[0] else {
        panic!("{r:?}")
    };
    assert_eq!(p.name, "山田\x1b]0;X\x07太郎");
}

#[test]
fn overlong_line_is_skipped_and_reading_goes_on() {
    let mut data = vec![b'x'; MAX_LINE_BYTES as usize + 10];
    data.push(b'\n');
    data.extend_from_slice(PERSON.as_bytes());
    let r = rows("in.jsonl", FileFormat::Jsonl, None, &data);
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].as_ref().unwrap_err().reason(),
        "line is longer than 16 MiB"
    );
    assert_eq!(r[1].as_ref().unwrap().0, 2);
}

const WITHDRAWALS_CSV: &str = "ref,received_at,registration_number,program,director,reason,withdrawal_kind\n\
W-1,2026-03-01 09:00,１２３,内科プログラム,佐藤 一郎,\"家庭の事情\nにより\",loan\n\
W-2,2026-03-02,124,ソ表プログラム,能 一郎,進路変更,\n\
W-3,2026-03-02,12x,p,d,r,\n";

#[test]
fn csv_in_utf8_bom_and_cp932_read_alike() {
    let utf8 = WITHDRAWALS_CSV.as_bytes().to_vec();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&utf8);
    let sjis = encoding_rs::SHIFT_JIS
        .encode(WITHDRAWALS_CSV)
        .0
        .into_owned();
    for data in [utf8, bom, sjis] {
        let r = rows(
            "withdrawals.csv",
            FileFormat::Csv,
            Some(Kind::Withdrawal),
            &data,
        );
        assert_eq!(r.len(), 3);
        let (line, Record::Case(c)) = r[0].as_ref().unwrap() else {
            panic!()
        };
        assert_eq!(*line, 2);
        let CaseBody::Withdrawal(w) = &c.body else {
            panic!()
        };
        assert_eq!(w.reason, "家庭の事情\nにより");
        assert_eq!(w.kind, crate::domain::WithdrawalKind::Loan);
        let (line, Record::Case(c)) = r[1].as_ref().unwrap() else {
            panic!()
        };
        assert_eq!(*line, 4, "the quoted newline counts as a line");
        let CaseBody::Withdrawal(w) = &c.body else {
            panic!()
        };
        assert_eq!(w.program, "ソ表プログラム");
        let e = r[2].as_ref().unwrap_err();
        assert_eq!(
            (e.line, e.reason().as_str()),
            (5, r#"registration_number "12x" must be 1 to 7 digits"#)
        );
    }
}

#[test]
fn csv_lists_booleans_and_header_faults() {
    let data = "registration_number,name,birth_date,regional_quota,training_periods\n\
        7,渡邉 優,1995-01-02,1,13-0001:2020-04-01:2021-03-31;13-0002:2021-04-01:2022-03-31\n\
        8,齋藤 凛,1995-01-02,,\n\
        ,,,,\n";
    let r = rows(
        "data/People.CSV",
        FileFormat::Csv,
        Some(Kind::Person),
        data.as_bytes(),
    );
    assert_eq!(r.len(), 2, "the all-empty row is skipped");
    let Ok((_, Record::Person(p))) = &r[0] else {
        panic!()
    };
    assert!(p.regional_quota);
    assert_eq!(p.training_periods.len(), 2);
    let err = header_fault(Kind::Withdrawal, b"ref,reason_code\n");
    assert!(
        err.to_string()
            .contains(r#"unknown field "reason_code" in the header"#),
        "{err}"
    );
    let err = header_fault(Kind::Person, b"name,birth_date\n");
    assert!(
        err.to_string()
            .contains("lacks required field \"registration_number\"")
    );
    let short = rows(
        "p.csv",
        FileFormat::Csv,
        Some(Kind::Person),
        b"registration_number,name,birth_date\n1,a\n",
    );
    assert_eq!(
        short[0].as_ref().unwrap_err().reason(),
        "row has 2 fields but the header has 3"
    );
}

#[test]
fn empty_files_have_no_rows() {
    assert!(rows("people.csv", FileFormat::Csv, Some(Kind::Person), b"").is_empty());
    assert!(
        rows(
            "people.csv",
            FileFormat::Csv,
            Some(Kind::Person),
            b"\xEF\xBB\xBF"
        )
        .is_empty()
    );
    assert!(rows("x.jsonl", FileFormat::Jsonl, None, b"\xEF\xBB\xBF\n\n").is_empty());
}

#[test]
fn kind_and_format_from_file_name() {
    let k = |s: &str| Kind::from_file_name(Path::new(s));
    assert_eq!(k("withdrawals.csv"), Some(Kind::Withdrawal));
    assert_eq!(k("/tmp/in/WITHDRAWAL.csv"), Some(Kind::Withdrawal));
    assert_eq!(k("people.csv"), Some(Kind::Person));
    assert_eq!(k("persons.csv"), Some(Kind::Person));
    assert_eq!(k("facility_reports.csv"), Some(Kind::FacilityReport));
    assert_eq!(k("facility-reports.csv"), Some(Kind::FacilityReport));
    assert_eq!(k("facilities.csv"), Some(Kind::Facility));
    assert_eq!(k("loan_events.csv"), Some(Kind::LoanEvent));
    assert_eq!(k("2026-04_loans.csv"), Some(Kind::Loan));
    assert_eq!(k("misc.csv"), None);
    assert_eq!(k("myloans.csv"), None);
    assert_eq!(
        FileFormat::from_path(Path::new("a.NDJSON")),
        Some(FileFormat::Jsonl)
    );
    assert_eq!(FileFormat::from_path(Path::new("a.xlsx")), None);
}

#[test]
fn open_reads_a_file_and_names_unknown_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("transfers.csv");
    std::fs::write(
        &path,
        "ref,received_at,registration_number,transfer_kind,from_association,requested_category,facility\nT-1,2026-03-01,1,category_change,仙台市医師会,B,未定\n",
    )
    .unwrap();
    let r: Vec<_> = open(&path, None, now(), "t").unwrap().collect();
    assert!(matches!(&r[0], Ok((2, Record::Case(_)))), "{r:?}");
    let other = dir.path().join("misc.csv");
    std::fs::write(&other, "a\n").unwrap();
    assert!(matches!(
        open(&other, None, now(), "t"),
        Err(InterchangeError {
            problem: FileProblem::UnknownKind,
            ..
        })
    ));
    assert!(matches!(
        open(&dir.path().join("none.jsonl"), None, now(), "t"),
        Err(InterchangeError {
            problem: FileProblem::CannotRead { .. },
            ..
        })
    ));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_jsonl_input_gives_rows_or_reasons(data in proptest::collection::vec(any::<u8>(), 0..400)) {
            for r in rows("x.jsonl", FileFormat::Jsonl, None, &data) {
                if let Err(e) = r {
                    prop_assert!(!e.reason().is_empty());
                }
            }
        }

        #[test]
        fn any_csv_body_gives_rows_or_reasons(body in "[a-z0-9,;:\"\\n\\- 山田ｱ]{0,300}") {
            let data = format!("ref,received_at,facility_number,fiscal_year,reporter_name,supervisors\n{body}");
            for r in rows("facility_reports.csv", FileFormat::Csv, Some(Kind::FacilityReport), data.as_bytes()) {
                if let Err(e) = r {
                    prop_assert!(!e.reason().is_empty());
                }
            }
        }

        #[test]
        fn a_generated_person_imports(regno in 0u32..10_000_000, name in "\\PC{1,20}", y in 1950i32..2005, d in 1u32..=28) {
            let line = serde_json::json!({
                "kind": "person",
                "registration_number": regno.to_string(),
                "name": name,
                "birth_date": format!("{y}-02-{d:02}"),
            });
            let r = jsonl(&line.to_string());
            if name.trim().is_empty() {
                prop_assert!(r[0].is_err());
            } else {
                let Ok((1, Record::Person(p))) = &r[0] else { panic!("{r:?}") };
                prop_assert_eq!(&p.name, &name);
            }
        }
    }
}

#[test]
fn the_later_loan_events_and_designated_facilities_import() {
    let r = jsonl(concat!(
        r#"{"kind":"facility","facility_number":"24-0009","name":"志摩クリニック","prefecture":"三重県","designated":false}"#,
        "\n",
        r#"{"kind":"facility","facility_number":"24-0001","name":"三重大学病院","prefecture":"三重県"}"#,
        "\n",
        r#"{"kind":"loan_event","loan_id":"L-1","event":"payment","date":"2025-06-30","amount":"3,602,876"}"#,
        "\n",
        r#"{"kind":"loan_event","loan_id":"L-1","event":"waiver","date":"2025-07-01"}"#,
        "\n",
        r#"{"kind":"loan_event","loan_id":"L-1","event":"guarantor_change","date":"2025-07-01","note":"新保証人 山田花子"}"#,
    ));
    let designated: Vec<bool> = r
        .iter()
        .filter_map(|x| match x {
            Ok((_, Record::Facility(f))) => Some(f.designated),
            _ => None,
        })
        .collect();
    assert_eq!(designated, vec![false, true]);
    // "3,602,876" is not a whole number: refused, with the reason.
    assert!(r[2].is_err());
    let Ok((_, Record::LoanEvent { event, .. })) = &r[3] else {
        panic!("{:?}", r[3]);
    };
    assert_eq!((event.event, event.amount), (LoanEventKind::Waiver, None));
    let Ok((_, Record::LoanEvent { event, .. })) = &r[4] else {
        panic!("{:?}", r[4]);
    };
    assert_eq!(event.note.as_deref(), Some("新保証人 山田花子"));
    assert_eq!(
        one_error(r#"{"kind":"loan_event","loan_id":"L-1","event":"payment","date":"2025-06-30"}"#),
        "a payment needs its amount in yen (field \"amount\")"
    );
    assert_eq!(
        one_error(
            r#"{"kind":"loan_event","loan_id":"L-1","event":"leave_start","date":"2025-06-30","amount":5}"#
        ),
        "amount is only for payment and waiver events, not leave_start"
    );
    assert_eq!(
        one_error(
            r#"{"kind":"loan_event","loan_id":"L-1","event":"deferral","date":"2025-06-30"}"#
        ),
        "a deferral needs end_date: the day the deferral ends"
    );
    assert_eq!(
        one_error(
            r#"{"kind":"loan_event","loan_id":"L-1","event":"repayment_notice","date":"2025-06-30"}"#
        ),
        "a repayment_notice needs end_date: the payment deadline (納期限)"
    );
}

#[test]
fn e_mail_addresses_are_ascii_and_at_most_100_characters() {
    // The seed's rule, which `mail send` applies again before sending.
    let person = |email: &str| {
        format!(
            r#"{{"kind":"person","registration_number":"1","name":"a","birth_date":"1990-01-01","email":"{email}"}}"#
        )
    };
    let at_limit = format!("{}@example.jp", "a".repeat(89));
    assert_eq!(at_limit.len(), 100);
    let Ok((_, Record::Person(p))) = &jsonl(&person(&at_limit))[0] else {
        panic!("100 characters are allowed")
    };
    assert_eq!(p.email.as_deref(), Some(at_limit.as_str()));
    let over = format!("{}@example.jp", "a".repeat(90));
    assert!(
        one_error(&person(&over))
            .ends_with("is not an e-mail address of at most 100 half-width characters")
    );
    assert_eq!(
        one_error(&person("山田@example.jp")),
        r#"email "山田@example.jp" is not an e-mail address of at most 100 half-width characters"#
    );
    assert!(one_error(&person("ｈａｎａｋｏ@example.jp")).starts_with("email "));
    let director = r#"{"kind":"withdrawal","ref":"W","received_at":"2026-01-01","registration_number":"1","program":"p","director":"d","reason":"r","director_email":"director at example.jp"}"#;
    assert!(one_error(director).starts_with("director_email "));
    let facility = r#"{"kind":"facility","facility_number":"04-0001","name":"n","prefecture":"宮城県","contact_email":"事務局@example.jp"}"#;
    assert!(one_error(facility).starts_with("contact_email "));
}

#[test]
fn a_loans_prior_obligations_are_read_checked_and_written_back() {
    use crate::domain::{PriorLoanKind, PriorObligation};
    let base = r#""kind":"loan","loan_id":"L-1","registration_number":"123456","first_fiscal_year":2027,"years_approved":2,"disbursements":"2027-04-30:3300000""#;
    let r = jsonl(&format!(
        r#"{{{base},"prior_obligations":"shugaku:9:2031-03-31;rinsho:3:2028-03-31"}}"#
    ));
    let Ok((_, Record::Loan(l))) = &r[0] else {
        panic!("{r:?}")
    };
    // Kept in the order they end.
    assert_eq!(
        l.prior_obligations,
        vec![
            PriorObligation {
                kind: PriorLoanKind::Rinsho,
                years: 3,
                end: ymd(2028, 3, 31),
            },
            PriorObligation {
                kind: PriorLoanKind::Shugaku,
                years: 9,
                end: ymd(2031, 3, 31),
            },
        ]
    );
    let cells = loan_cells(l);
    assert!(cells.contains(&(
        "prior_obligations",
        Some("rinsho:3:2028-03-31;shugaku:9:2031-03-31".into())
    )));
    // Absent: none.
    let r = jsonl(&format!("{{{base}}}"));
    let Ok((_, Record::Loan(l))) = &r[0] else {
        panic!("{r:?}")
    };
    assert!(l.prior_obligations.is_empty());

    // Each part refused by name, in English and, for a form, in Japanese.
    for (value, english, japanese) in [
        (
            "gakushi:9:2031-03-31",
            r#"prior_obligations kind"#,
            "先行貸与の義務 (種類)「gakushi」は選べません。医師修学資金、臨床研修医研修資金 のどれかです",
        ),
        (
            "shugaku:16:2031-03-31",
            "prior_obligations years must be 1 to 15, got 16",
            "先行貸与の義務 (年数)",
        ),
        (
            "rinsho:3:2131-03-31",
            "prior_obligations end",
            "先行貸与の義務 (終了)",
        ),
        ("rinsho:3", "prior_obligations", "先行貸与の義務"),
    ] {
        let e = one_error(&format!(r#"{{{base},"prior_obligations":"{value}"}}"#));
        assert!(e.contains(english), "{value}: {e}");
        let problems = typed_record(Kind::Loan, loan_form(value), now(), "t").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let ja = crate::i18n::fields::problem(crate::i18n::Lang::Ja, Kind::Loan, &problems[0]);
        assert!(ja.contains(japanese), "{value}: {ja}");
    }
    // A form may name the kind in Japanese.
    let fields = loan_form("医師修学資金:9:2031-03-31");
    let Ok(Record::Loan(l)) = typed_record(Kind::Loan, fields, now(), "t") else {
        panic!()
    };
    assert_eq!(l.prior_obligations[0].kind, PriorLoanKind::Shugaku);
}

/// A loan's form fields, with `prior_obligations` as given.
fn loan_form(prior_obligations: &str) -> Vec<(String, String)> {
    vec![
        ("loan_id".to_string(), "L-1".to_string()),
        ("registration_number".into(), "123456".into()),
        ("first_fiscal_year".into(), "2027".into()),
        ("years_approved".into(), "2".into()),
        ("disbursements".into(), "2027-04-30:3300000".into()),
        ("prior_obligations".into(), prior_obligations.into()),
    ]
}
