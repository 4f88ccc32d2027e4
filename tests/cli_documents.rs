//! `secretariat document` on a temporary store, through the server the
//! command starts as any other: the payment notice of DOMAIN.md's worked
//! example read back from its PDF, the kind by its Japanese name giving the
//! same number again, the letter as text, and a supervisor's batch.

#[path = "skip/mod.rs"]
mod skip;

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, config: &Path, as_of: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .arg("--config")
        .arg(config)
        .arg("--as-of")
        .arg(as_of)
        .args(args)
        .output()
        .expect("binary runs")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const DATA: &[&str] = &[
    r#"{"kind":"person","registration_number":"1234561","name":"山田 太郎","name_kana":"やまだ たろう","birth_date":"1995-04-02"}"#,
    r#"{"kind":"loan","loan_id":"L-2023-0001","registration_number":"1234561","first_fiscal_year":2023,"years_approved":2,"disbursements":["2023-04-28:3300000","2024-04-30:3300000"]}"#,
    r#"{"kind":"loan_event","loan_id":"L-2023-0001","event":"resignation","date":"2025-03-31"}"#,
    r#"{"kind":"loan","loan_id":"L-2023-0002","registration_number":"1234561","first_fiscal_year":2023,"years_approved":2,"disbursements":["2023-04-28:3300000","2024-04-30:3300000"]}"#,
    r#"{"kind":"loan_event","loan_id":"L-2023-0002","event":"resignation","date":"2025-03-31"}"#,
];

const CONFIG: &str = r#"
[documents]
office = "宮城県保健福祉部医療人材対策室"
person = "医師確保班 佐藤"
number_prefix = "医人第"
payment_to = "七十七銀行 県庁支店 普通預金 1234567"
"#;

fn pdf_text(file: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => panic!("pdftotext failed: {o:?}"),
        Err(e) => {
            skip::unavailable(&format!("pdftotext (poppler-utils) is not installed: {e}"));
            None
        }
    }
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn document_writes_a_numbered_pdf_and_the_same_number_again() {
    if !Path::new(secretariat::document::DEFAULT_FONT).exists() {
        skip::unavailable("fonts-ipaexfont-mincho is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let data = tmp.path().join("loans.jsonl");
    std::fs::write(&data, DATA.join("\n")).unwrap();
    let day = "2025-04-10";
    let o = run(&dir, &config, day, &["import", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", said(&o));
    let o = run(&dir, &config, day, &["followups"]);
    assert!(o.status.success(), "{}", said(&o));

    let pdf = tmp.path().join("notice.pdf");
    let o = run(
        &dir,
        &config,
        day,
        &[
            "document",
            "payment_notice",
            "L-2023-0001",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("納入通知書 医人第1号"), "{}", said(&o));
    let Some(text) = pdf_text(&pdf) else { return };
    let lines: Vec<String> = text.lines().map(words).collect();
    for want in [
        "医人第1号",
        "令和7年4月10日",
        "令和5年4月28日 3,300,000円 703日 635,589円",
        "令和6年4月30日 3,300,000円 335日 302,876円",
        "合計 6,600,000円 938,465円",
        "７ 納入金額 7,538,465円",
        "８ 納期限 令和7年5月12日（2025-05-12）",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(want)),
            "{want:?} not in\n{text}"
        );
    }

    // By its Japanese name, another day: the number given before.
    let o = run(
        &dir,
        &config,
        "2025-04-20",
        &["document", "納入通知書", "L-2023-0001/repayment", "--text"],
    );
    assert!(o.status.success(), "{}", said(&o));
    let out = said(&o);
    assert!(
        out.contains("医人第1号") && out.contains("令和7年4月10日"),
        "{out}"
    );

    // A batch (the store's creator is its supervisor): one file, a page each.
    let batch = tmp.path().join("batch.pdf");
    let o = run(
        &dir,
        &config,
        day,
        &[
            "document",
            "loan_decision",
            "L-2023-0001",
            "L-2023-0002",
            "-o",
            batch.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    assert!(said(&o).contains("2 件中 2 件を作成"), "{}", said(&o));
    let text = pdf_text(&batch).unwrap();
    assert_eq!(text.matches('\u{c}').count(), 2, "two pages:\n{text}");
    assert!(
        text.contains("医人第2号") && text.contains("医人第3号"),
        "{text}"
    );

    // A kind that does not apply is refused with exit 3 and the reason.
    let o = run(&dir, &config, day, &["document", "reminder", "L-2023-0001"]);
    assert_eq!(o.status.code(), Some(3), "{}", said(&o));
    assert!(said(&o).contains("納期限を過ぎていません"), "{}", said(&o));
    let o = run(&dir, &config, day, &["document", "invoice", "L-2023-0001"]);
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));

    // Every number in the audit, and the store sound.
    let o = run(&dir, &config, day, &["export", "audit"]);
    let audit = String::from_utf8_lossy(&o.stdout);
    assert_eq!(audit.matches("document.issue").count(), 3, "{audit}");
    assert_eq!(audit.matches("document.reprint").count(), 1, "{audit}");
    let o = run(&dir, &config, day, &["check"]);
    assert!(o.status.success(), "{}", said(&o));
}
