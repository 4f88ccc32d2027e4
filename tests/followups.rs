//! Loan ledgers to follow-ups, end to end: import, `followups --as-of`, `export cases`.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, as_of: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "C.UTF-8")
        .arg("--data-dir")
        .arg(dir)
        .arg("--as-of")
        .arg(as_of)
        .args(args)
        .output()
        .expect("binary runs")
}

fn cases(dir: &Path, as_of: &str) -> Vec<serde_json::Value> {
    let o = run(dir, as_of, &["export", "cases", "--queue", "loan_followup"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A borrower serving from 2025-04-01 at a facility not designated, with the
/// repayment notice of 2025-05-01 (deadline 2025-05-30); the tests add the payments.
const SHIMA_LEDGER: [&str; 6] = [
    r#"{"kind":"person","registration_number":"7654321","name":"渡邉 健","birth_date":"1996-07-07"}"#,
    r#"{"kind":"facility","facility_number":"F-0009","name":"志摩クリニック","prefecture":"三重県","medical_area":"南勢志摩医療圏","priority_area":true,"designated":false}"#,
    r#"{"kind":"loan","loan_id":"L-2024-0001","registration_number":"7654321","first_fiscal_year":2024,"years_approved":1,"disbursements":["2024-04-30:3300000"]}"#,
    r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"completion","date":"2025-03-31"}"#,
    r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"employment_start","date":"2025-04-01","facility_number":"F-0009"}"#,
    r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"repayment_notice","date":"2025-05-01","end_date":"2025-05-30"}"#,
];

#[test]
fn the_worked_repayment_example_from_an_imported_ledger() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/import.jsonl");
    let o = run(&dir, "2026-11-21", &["import", example]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The server's daily job may have made it already (an import has it run
    // again); `followups` runs it now, and the follow-up is there once.
    let o = run(&dir, "2026-11-21", &["followups"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = cases(&dir, "2026-11-21");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0]["ref"], "L-2023-0001/repayment");
    assert_eq!(c[0]["principal"], 6_600_000);
    assert_eq!(c[0]["interest"], 635_589 + 302_876);
    assert_eq!(c[0]["amount_due"], 7_538_465);
    assert_eq!(c[0]["flags"], serde_json::json!(["repayment_due"]));
    // Idempotent: a second run creates and changes nothing.
    let o = run(&dir, "2026-11-21", &["followups"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("0 created, 0 updated, 0 closed"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(cases(&dir, "2026-11-21"), c);
}

#[test]
fn a_continuation_follow_up_opens_when_due_and_closes_when_it_arrives() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let file = tmp.path().join("loans.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"person","registration_number":"7654321","name":"渡邉 健","birth_date":"1996-07-07","email":"ken@example.jp"}"#,
            "\n",
            r#"{"kind":"loan","loan_id":"L-2025-0009","registration_number":"7654321","first_fiscal_year":2025,"years_approved":3,"disbursements":["2025-04-30:3300000"]}"#,
            "\n"
        ),
    )
    .unwrap();
    assert!(
        run(&dir, "2026-04-10", &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    assert!(run(&dir, "2026-04-10", &["followups"]).status.success());
    let before_due = cases(&dir, "2026-04-10");
    assert!(
        before_due
            .iter()
            .all(|c| c["topic"] != "continuation_overdue" || c["state"] == "open")
    );
    assert!(run(&dir, "2026-04-20", &["followups"]).status.success());
    let c = cases(&dir, "2026-04-20");
    let cont = c
        .iter()
        .find(|c| c["ref"] == "L-2025-0009/continuation/2026")
        .expect("continuation follow-up");
    assert_eq!(cont["state"], "open");
    assert!(
        cont["flags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("continuation_overdue"))
    );
    // The form arrives late: the follow-up closes by itself.
    std::fs::write(&file, r#"{"kind":"loan_event","loan_id":"L-2025-0009","event":"continuation_submitted","date":"2026-04-22"}"#).unwrap();
    assert!(
        run(&dir, "2026-04-23", &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let o = run(&dir, "2026-04-23", &["followups"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = cases(&dir, "2026-04-23");
    let cont = c
        .iter()
        .find(|c| c["ref"] == "L-2025-0009/continuation/2026")
        .unwrap();
    assert_eq!(cont["state"], "closed");
    assert!(run(&dir, "2026-04-23", &["check"]).status.success());
}

#[test]
fn a_repayment_paid_late_at_a_non_designated_workplace_exports_late_interest_and_area() {
    // Service from 2025-04-01 at F-0009, not designated: repayment due, with
    // interest on ¥3,300,000 paid 2024-04-30 to 2025-03-31, 335 days:
    // 3,300,000 x 10% x 335/365 = ¥302,876; total ¥3,602,876. Notice with
    // deadline 2025-05-30 (Fri); paid 2025-06-30: 31 days late:
    // 3,602,876 x 15% x 31/365 = 45,899.6… -> ¥45,899, still owed.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let file = tmp.path().join("loans.jsonl");
    let mut rows = SHIMA_LEDGER.to_vec();
    rows.push(
        r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"payment","date":"2025-06-30","amount":3602876}"#,
    );
    std::fs::write(&file, rows.join("\n")).unwrap();
    let o = run(&dir, "2025-07-10", &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(run(&dir, "2025-07-10", &["followups"]).status.success());
    let c = cases(&dir, "2025-07-10");
    let r = c
        .iter()
        .find(|c| c["ref"] == "L-2024-0001/repayment")
        .expect("repayment follow-up");
    assert_eq!(r["amount_due"], 3_602_876);
    assert_eq!(r["late_interest"], 45_899);
    assert_eq!(r["state"], "open");
    assert_eq!(
        r["flags"],
        serde_json::json!([
            "repayment_due",
            "payment_overdue",
            "not_designated_workplace"
        ])
    );
    assert_eq!(r["prefecture"], "三重県");
    assert_eq!(r["medical_area"], "南勢志摩医療圏");
    assert_eq!(r["priority_area"], true);
    assert!(
        c.iter()
            .any(|c| c["ref"] == "L-2024-0001/not_designated_workplace/2025-04-01")
    );
    // The late interest arrives: the repayment closes by itself.
    std::fs::write(
        &file,
        r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"payment","date":"2025-07-15","amount":45899}"#,
    )
    .unwrap();
    assert!(
        run(&dir, "2025-07-20", &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let o = run(&dir, "2025-07-20", &["followups"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = cases(&dir, "2025-07-20");
    let r = c
        .iter()
        .find(|c| c["ref"] == "L-2024-0001/repayment")
        .unwrap();
    assert_eq!(r["state"], "closed", "{r}");
    // Idempotent.
    let o = run(&dir, "2025-07-20", &["followups"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 created, 0 updated, 0 closed"));
    assert!(run(&dir, "2025-07-20", &["check"]).status.success());
}

#[test]
fn a_repayment_settled_before_the_first_run_is_recorded_closed() {
    // The same ledger as above, paid in full on time (¥3,602,876 by the
    // deadline 2025-05-30), and follow-ups generated for the first time after.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let file = tmp.path().join("loans.jsonl");
    let mut rows = SHIMA_LEDGER.to_vec();
    rows.push(
        r#"{"kind":"loan_event","loan_id":"L-2024-0001","event":"payment","date":"2025-05-20","amount":3602876}"#,
    );
    std::fs::write(&file, rows.join("\n")).unwrap();
    let o = run(&dir, "2025-07-10", &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&dir, "2025-07-10", &["followups"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = cases(&dir, "2025-07-10");
    let r = c
        .iter()
        .find(|c| c["ref"] == "L-2024-0001/repayment")
        .unwrap_or_else(|| panic!("the settled repayment left no case: {c:?}"));
    assert_eq!(r["state"], "closed");
    assert_eq!(r["amount_due"], 3_602_876);
    // Idempotent.
    let o = run(&dir, "2025-07-10", &["followups"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 created, 0 updated, 0 closed"));
}
