//! Recording a loan form at the desk (`secretariat record loan_event …`, the
//! request the TUI's `e` sends) changes the follow-ups exactly as importing
//! the same event does: one test per form of seed 004.

use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-21";

fn run(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", lang)
        .arg("--data-dir")
        .arg(dir)
        .arg("--as-of")
        .arg(AS_OF)
        .arg("--embedded")
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A borrower in the second of three loan years, serving at a designated facility.
const LEDGER: &str = concat!(
    r#"{"kind":"person","registration_number":"7654321","name":"渡邉 健","birth_date":"1996-07-07","email":"ken@example.jp"}"#,
    "\n",
    r#"{"kind":"facility","facility_number":"F-0001","name":"津中央病院","prefecture":"三重県"}"#,
    "\n",
    r#"{"kind":"loan","loan_id":"L-2025-0009","registration_number":"7654321","first_fiscal_year":2025,"years_approved":3,"disbursements":["2025-04-30:3300000","2026-04-30:3300000"]}"#,
    "\n",
    r#"{"kind":"loan_event","loan_id":"L-2025-0009","event":"continuation_submitted","date":"2026-04-10"}"#,
    "\n",
);

/// The loan follow-ups as `export cases` prints them, without the moments of writing.
fn followups(dir: &Path) -> Vec<serde_json::Value> {
    let out = ok(&run(
        dir,
        "C.UTF-8",
        &["export", "cases", "--queue", "loan_followup"],
    ));
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn store(tmp: &Path, name: &str, extra: &str) -> std::path::PathBuf {
    let dir = tmp.join(name);
    let file = tmp.join(format!("{name}.jsonl"));
    std::fs::write(&file, format!("{LEDGER}{extra}")).unwrap();
    ok(&run(&dir, "C.UTF-8", &["import", file.to_str().unwrap()]));
    ok(&run(&dir, "C.UTF-8", &["followups"]));
    dir
}

/// Imports the event into one store and records it into another; the two
/// stores' follow-ups must be the same, and the record must have changed
/// them from the ledger without it when `changes` says so.
fn same_as_import(fields: &[(&str, &str)], changes: bool) {
    same_as_import_typed(fields, fields, changes)
}

/// [`same_as_import`], the form typed otherwise than the file (dates in 令和).
fn same_as_import_typed(fields: &[(&str, &str)], typed: &[(&str, &str)], changes: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let mut row = serde_json::json!({"kind": "loan_event", "loan_id": "L-2025-0009"});
    for (k, v) in fields {
        row[*k] = serde_json::Value::String(v.to_string());
    }
    let imported = store(tmp.path(), "imported", &format!("{row}\n"));
    let recorded = store(tmp.path(), "recorded", "");
    let before = followups(&recorded);
    let mut args = vec![
        "record".to_string(),
        "loan_event".into(),
        "loan_id=L-2025-0009".into(),
    ];
    args.extend(typed.iter().map(|(k, v)| format!("{k}={v}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let said = ok(&run(&recorded, "ja_JP.UTF-8", &args));
    assert!(said.contains("を記録しました"), "{said}");
    let after = followups(&recorded);
    assert_eq!(after, followups(&imported), "recorded ≠ imported");
    assert_eq!(after != before, changes, "{before:#?}\n{after:#?}");
    // Recording it again changes nothing, and says so.
    let again = run(&recorded, "ja_JP.UTF-8", &args);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("変更する項目がありません"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let check = ok(&run(&recorded, "C.UTF-8", &["check"]));
    assert!(check.contains("the store is sound"), "{check}");
}

macro_rules! forms {
    ($($name:ident: [$(($k:literal, $v:literal)),*], $changes:expr;)*) => {$(
        #[test]
        fn $name() {
            same_as_import(&[$(($k, $v)),*], $changes);
        }
    )*};
}

forms! {
    form_8_leave_notified_late_raises_a_late_notice: [("event", "leave_start"), ("date", "2026-06-01"), ("end_date", "2026-09-30"), ("notified_at", "2026-07-20")], true;
    form_9_return_from_leave: [("event", "leave_end"), ("date", "2026-10-01"), ("notified_at", "2026-10-05")], false;
    form_14_illness: [("event", "illness"), ("date", "2026-06-01"), ("notified_at", "2026-08-01")], true;
    form_15_change_of_details: [("event", "details_change"), ("date", "2026-05-01"), ("notified_at", "2026-05-08"), ("note", "住所変更")], false;
    form_16_change_of_guarantor: [("event", "guarantor_change"), ("date", "2026-05-01"), ("notified_at", "2026-07-01"), ("note", "新しい保証人 鈴木 一郎")], true;
    form_17_study_plan: [("event", "study_interruption_plan"), ("date", "2026-09-01"), ("end_date", "2027-08-31")], false;
    form_7_resignation_makes_repayment_due: [("event", "resignation"), ("date", "2026-08-31"), ("notified_at", "2026-09-01")], true;
    form_13_withdrawal_makes_repayment_due: [("event", "withdrawal"), ("date", "2026-08-31"), ("notified_at", "2026-09-01")], true;
    completion_notice: [("event", "completion"), ("date", "2026-03-31")], true;
    employment_start_at_a_workplace: [("event", "employment_start"), ("date", "2026-04-01"), ("facility_number", "F-0001")], false;
    status_report_of_few_days: [("event", "status_report"), ("date", "2026-03-31"), ("working_days", "150"), ("facility_number", "F-0001")], true;
    cancellation_for_reason_a: [("event", "cancellation"), ("date", "2026-07-01"), ("note", "ア")], true;
}

#[test]
fn a_payment_notice_typed_in_wareki_is_the_same_as_one_imported_in_iso() {
    same_as_import_typed(
        &[
            ("event", "repayment_notice"),
            ("date", "2026-05-01"),
            ("end_date", "2026-05-30"),
        ],
        &[
            ("event", "repayment_notice"),
            ("date", "R8.5.1"),
            ("end_date", "令和８年５月３０日"),
        ],
        false,
    );
}

#[test]
fn a_form_with_bad_fields_is_refused_field_by_field_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store(tmp.path(), "s", "");
    let before = followups(&dir);
    let ledger = ok(&run(&dir, "C.UTF-8", &["lookup", "7654321", "--json"]));
    let args = [
        "record",
        "loan_event",
        "loan_id=L-2025-0009",
        "event=payment",
        "date=2026/13/1",
    ];
    let ja = run(&dir, "ja_JP.UTF-8", &args);
    assert_eq!(ja.status.code(), Some(3));
    let ja = String::from_utf8_lossy(&ja.stderr);
    assert!(
        ja.contains("事由の日付「2026/13/1」は日付として読めません"),
        "{ja}"
    );
    assert!(ja.contains("入金には金額 (円) が必要です"), "{ja}");
    let en = run(&dir, "C.UTF-8", &[&["--lang", "en"][..], &args].concat());
    let en = String::from_utf8_lossy(&en.stderr);
    assert!(
        en.contains("date \"2026/13/1\" is not a valid date"),
        "{en}"
    );
    assert!(en.contains("a payment needs its amount in yen"), "{en}");
    // Nothing was written: the follow-ups and the ledger are as they were.
    assert_eq!(followups(&dir), before);
    assert_eq!(
        ok(&run(&dir, "C.UTF-8", &["lookup", "7654321", "--json"])),
        ledger
    );
    let unknown = run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "loan_event",
            "loan_id=L-9",
            "event=payment",
            "date=2026-05-01",
            "amount=1000",
        ],
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("貸与番号 L-9 は登録されていません"));
}

#[test]
fn a_correction_changes_only_the_fields_named_and_a_paper_case_gets_the_next_ref() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store(tmp.path(), "s", "");
    let said = ok(&run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "person",
            "registration_number=7654321",
            "email=ken.watanabe@example.jp",
            "birth_date=H8.7.7",
            "regional_quota=はい",
        ],
    ));
    assert!(
        said.contains("メールアドレス: ken@example.jp → ken.watanabe@example.jp"),
        "{said}"
    );
    // The birth date was the same day written otherwise: not a change.
    assert!(!said.contains("生年月日"), "{said}");
    let person = ok(&run(&dir, "C.UTF-8", &["lookup", "7654321", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&person).unwrap();
    assert_eq!(v["person"]["name"], "渡邉 健");
    assert_eq!(v["person"]["email"], "ken.watanabe@example.jp");
    assert_eq!(v["person"]["regional_quota"], true);
    let first = ok(&run(
        &dir,
        "C.UTF-8",
        &[
            "record",
            "withdrawal",
            "registration_number=7654321",
            "program=内科",
            "director=山田 太郎",
            "reason=家庭の事情",
            "--json",
        ],
    ));
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["key"], "W-2026-P00001");
    let second = ok(&run(
        &dir,
        "C.UTF-8",
        &[
            "record",
            "withdrawal",
            "registration_number=7654321",
            "program=内科",
            "director=山田 太郎",
            "reason=家庭の事情",
            "--json",
        ],
    ));
    let second: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert_eq!(second["key"], "W-2026-P00002");
    // A ref typed by hand that takes the next number is stepped over.
    let paper = |extra: &[&str]| {
        let mut args = vec![
            "record",
            "withdrawal",
            "registration_number=7654321",
            "program=内科",
            "director=山田 太郎",
            "reason=家庭の事情",
            "--json",
        ];
        args.extend_from_slice(extra);
        let out = ok(&run(&dir, "C.UTF-8", &args));
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["key"].clone()
    };
    assert_eq!(paper(&["ref=W-2026-P00003"]), "W-2026-P00003");
    assert_eq!(paper(&[]), "W-2026-P00004");
    let taken = run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "withdrawal",
            "ref=W-2026-P00001",
            "registration_number=7654321",
            "program=内科",
            "director=山田",
            "reason=x",
        ],
    );
    assert!(
        String::from_utf8_lossy(&taken.stderr)
            .contains("受付番号 W-2026-P00001 はすでに使われています")
    );
    // Help desk may not record.
    let audit = ok(&run(&dir, "C.UTF-8", &["export", "audit"]));
    assert!(audit.contains("person.put"), "{audit}");
}

#[test]
fn the_directors_answer_moves_a_withdrawal_on_or_returns_it_with_the_directors_words() {
    let tmp = tempfile::tempdir().unwrap();
    let withdrawals = concat!(
        r#"{"kind":"withdrawal","ref":"W-2026-0101","received_at":"2026-11-10T09:00:00+09:00","registration_number":"7654321","program":"内科専門研修","director":"小林 誠","reason":"家庭の事情"}"#,
        "\n",
        r#"{"kind":"withdrawal","ref":"W-2026-0102","received_at":"2026-11-11T09:00:00+09:00","registration_number":"7654321","program":"外科専門研修","director":"小林 誠","reason":"進路変更"}"#,
        "\n",
    );
    let dir = store(tmp.path(), "s", withdrawals);
    let said = ok(&run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "director_answer",
            "ref=W-2026-0101",
            "director_decision=承認",
            "director_decided_at=R8.11.20",
            "note=電話で承認の連絡あり",
        ],
    ));
    assert!(said.contains("を記録しました"), "{said}");
    let cases = ok(&run(
        &dir,
        "C.UTF-8",
        &["export", "cases", "--queue", "withdrawal"],
    ));
    let row = |r: &str| -> serde_json::Value {
        cases
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["ref"] == r)
            .unwrap()
    };
    assert_eq!(row("W-2026-0101")["state"], "director_approved");
    assert_eq!(row("W-2026-0101")["director_decision"], "approved");
    // Declined needs the director's words: they are the reason the trainee reads.
    let refused = run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "director_answer",
            "ref=W-2026-0102",
            "director_decision=不承認",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("備考は必須です"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    ok(&run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "director_answer",
            "ref=W-2026-0102",
            "director_decision=declined",
            "note=研修継続を希望するため承認できません",
        ],
    ));
    let cases = ok(&run(
        &dir,
        "C.UTF-8",
        &["export", "cases", "--queue", "withdrawal"],
    ));
    let declined: serde_json::Value = cases
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["ref"] == "W-2026-0102")
        .unwrap();
    assert_eq!(declined["state"], "returned");
    assert_eq!(declined["director_decision"], "declined");
    // An answer to a case no longer awaiting one is refused.
    let again = run(
        &dir,
        "ja_JP.UTF-8",
        &[
            "record",
            "director_answer",
            "ref=W-2026-0101",
            "director_decision=承認",
        ],
    );
    assert!(!again.status.success());
}

#[test]
fn the_director_is_mailed_when_a_withdrawal_arrives_unless_configured_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let arriving = concat!(
        r#"{"kind":"withdrawal","ref":"W-2026-0201","received_at":"2026-11-10T09:00:00+09:00","registration_number":"7654321","program":"内科専門研修","director":"小林 誠","director_email":"kobayashi@hospital.example.jp","reason":"家庭の事情"}"#,
        "\n",
    );
    let dir = store(tmp.path(), "s", arriving);
    // And one received on paper at the desk.
    ok(&run(
        &dir,
        "C.UTF-8",
        &[
            "record",
            "withdrawal",
            "registration_number=7654321",
            "program=外科専門研修",
            "director=山本 健",
            "director_email=yamamoto@hospital.example.jp",
            "reason=進路変更",
        ],
    ));
    let outbox = ok(&run(&dir, "C.UTF-8", &["export", "outbox", "--all"]));
    let messages: Vec<serde_json::Value> = outbox
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{outbox}");
    let to_kobayashi = messages
        .iter()
        .find(|m| m["recipient"] == "kobayashi@hospital.example.jp")
        .expect("the imported withdrawal's director is mailed");
    assert_eq!(to_kobayashi["decision"], "received");
    let subject = to_kobayashi["subject"].as_str().unwrap();
    assert!(subject.contains("採用辞退の申請が届きました"), "{subject}");
    assert!(
        to_kobayashi["body"]
            .as_str()
            .unwrap()
            .contains("家庭の事情")
    );
    assert!(
        messages
            .iter()
            .any(|m| m["recipient"] == "yamamoto@hospital.example.jp")
    );
    // Importing the same file again mails nobody again.
    let file = tmp.path().join("again.jsonl");
    std::fs::write(&file, arriving).unwrap();
    ok(&run(&dir, "C.UTF-8", &["import", file.to_str().unwrap()]));
    let again = ok(&run(&dir, "C.UTF-8", &["export", "outbox", "--all"]));
    assert_eq!(again.lines().count(), 2, "{again}");
    let check = ok(&run(&dir, "C.UTF-8", &["check"]));
    assert!(check.contains("the store is sound"), "{check}");

    // An office that mails its directors itself turns it off.
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "[rules]\nnotify_director_on_arrival = false\n").unwrap();
    let quiet = tmp.path().join("quiet");
    let file = tmp.path().join("quiet.jsonl");
    std::fs::write(&file, format!("{LEDGER}{arriving}")).unwrap();
    ok(&run(
        &quiet,
        "C.UTF-8",
        &[
            "--config",
            config.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    ));
    let none = ok(&run(
        &quiet,
        "C.UTF-8",
        &[
            "--config",
            config.to_str().unwrap(),
            "export",
            "outbox",
            "--all",
        ],
    ));
    assert_eq!(none.lines().count(), 0, "{none}");
}

#[test]
fn a_loans_prior_obligations_recorded_in_japanese_are_the_same_as_imported_and_said_in_the_lookup()
{
    let tmp = tempfile::tempdir().unwrap();
    let loan = r#"{"kind":"loan","loan_id":"L-2025-0009","registration_number":"7654321","first_fiscal_year":2025,"years_approved":3,"disbursements":["2025-04-30:3300000","2026-04-30:3300000"],"prior_obligations":"shugaku:9:2031-03-31;rinsho:3:2028-03-31"}"#;
    let imported = store(tmp.path(), "imported", &format!("{loan}\n"));
    let recorded = store(tmp.path(), "recorded", "");
    let said = ok(&run(
        &recorded,
        "ja_JP.UTF-8",
        &[
            "record",
            "loan",
            "loan_id=L-2025-0009",
            "prior_obligations=医師修学資金:9:2031-03-31;臨床研修医研修資金:3:2028-03-31",
        ],
    ));
    assert!(said.contains("先行貸与の義務"), "{said}");
    assert!(said.contains("医師修学資金:9:2031-03-31"), "{said}");
    ok(&run(&recorded, "C.UTF-8", &["followups"]));
    assert_eq!(followups(&recorded), followups(&imported));
    let lookup = |dir: &Path| ok(&run(dir, "ja_JP.UTF-8", &["lookup", "7654321"]));
    let shown = lookup(&recorded);
    assert_eq!(shown, lookup(&imported));
    // The later end wins: 医師修学資金's.
    assert!(
        shown.contains("従事 0/54か月 (医師修学資金の義務 2031-03-31まで、以後に算入)"),
        "{shown}"
    );
    let json = ok(&run(&recorded, "C.UTF-8", &["lookup", "7654321", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["loan_standing"][0]["counted_after"],
        serde_json::json!({"kind": "shugaku", "years": 9, "end": "2031-03-31"}),
        "{json}"
    );

    // Refused part by part, in Japanese.
    let bad = run(
        &recorded,
        "ja_JP.UTF-8",
        &[
            "record",
            "loan",
            "loan_id=L-2025-0009",
            "prior_obligations=gakushi:20:2031-03-31",
        ],
    );
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("先行貸与の義務 (種類)「gakushi」は選べません。医師修学資金、臨床研修医研修資金 のどれかです"),
        "{err}"
    );
    // Cleared by an empty value.
    ok(&run(
        &recorded,
        "C.UTF-8",
        &[
            "record",
            "loan",
            "loan_id=L-2025-0009",
            "prior_obligations=",
        ],
    ));
    assert!(!lookup(&recorded).contains("以後に算入"));
    let check = ok(&run(&recorded, "C.UTF-8", &["check"]));
    assert!(check.contains("the store is sound"), "{check}");
}
