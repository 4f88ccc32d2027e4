//! Documents (文書): each kind made through the desk on a temporary store,
//! drawn as a PDF and read back with `pdftotext` against the letter's own
//! text and the worked example's figures; the 文書番号 given once, per fiscal
//! year, and never twice nor skipped under two operators at once.

mod common;
#[path = "skip/mod.rs"]
mod skip;

use common::documents::*;
use common::*;
use secretariat::desk::{
    Actor, CaseKey, Desk, DeskClient, DocumentOutcome, DocumentRequest, LocalDesk, Request,
    Response,
};
use secretariat::document::DocumentsConfig;
use secretariat::document::letter::letter;
use secretariat::document::pdf::{LetterFont, render};
use secretariat::domain::document::{Document, DocumentKind};
use secretariat::domain::time::{at, ymd};
use secretariat::domain::{LoanEventKind, Queue};
use secretariat::store::RegistryWrite;
use std::path::Path;
use std::sync::Arc;

fn make(
    f: &Fixture,
    who: &Actor,
    kind: DocumentKind,
    key: &CaseKey,
    day: chrono::NaiveDate,
) -> Document {
    f.desk
        .document(who, kind, key, day, at(day, 10, 0))
        .unwrap()
}

/// `pdftotext -layout` of a PDF, or None (with a notice; a failure under CI)
/// where poppler-utils or the font is missing.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = match std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            skip::unavailable(&format!("pdftotext (poppler-utils) is not installed: {e}"));
            return None;
        }
    };
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    Some(String::from_utf8(out.stdout).unwrap())
}

fn font() -> Option<LetterFont> {
    let path = DocumentsConfig::default().font;
    if !Path::new(&path).exists() {
        skip::unavailable(&format!(
            "the font {} is missing (apt-get install fonts-ipaexfont-mincho)",
            path.display()
        ));
        return None;
    }
    Some(LetterFont::load(&path).unwrap())
}

/// Whitespace folded: a line of the page as words.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text holds every line of the letter's own text, in order.
fn assert_pdf_matches_letter(doc: &Document, cfg: &DocumentsConfig) -> Option<String> {
    let l = letter(doc, cfg);
    let pdf = render(std::slice::from_ref(&l), &font()?).unwrap();
    let text = pdf_text(&pdf)?;
    let pdf_lines: Vec<String> = text.lines().map(words).filter(|l| !l.is_empty()).collect();
    let mut at = 0;
    for want in l
        .text(200)
        .iter()
        .map(|l| words(l))
        .filter(|l| !l.is_empty())
    {
        // A long paragraph wraps on paper: its first words start a line.
        let found = pdf_lines[at..]
            .iter()
            .position(|got| got == &want || want.starts_with(got.as_str()) && got.len() > 12);
        let Some(i) = found else {
            panic!("{want:?} is not on the page after line {at}:\n{text}");
        };
        at += i + 1;
    }
    Some(text)
}

#[test]
fn the_payment_notice_carries_the_worked_example_line_by_line() {
    let f = loans_fixture(1);
    let cfg = office();
    let doc = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(1),
        ymd(2025, 4, 10),
    );
    assert_eq!(doc.issued.number.fiscal_year, 2025);
    assert_eq!(doc.issued.number.seq, 1);
    let text = letter(&doc, &cfg).text(100).join("\n");
    for line in [
        "医人第1号",
        "令和7年4月10日",
        "山田 太郎　様",
        "宮城県知事　村井 嘉浩",
        "専門研修医研修資金返還金納入通知書",
        "研修中の退職（令和7年3月31日）",
        "令和5年4月28日  3,300,000円  703日  635,589円",
        "令和6年4月30日  3,300,000円  335日  302,876円",
        "合計            6,600,000円         938,465円",
        "元金 6,600,000円 ＋ 利息 938,465円 ＝ 7,538,465円",
        "納入金額  7,538,465円",
        // 30 days after 10 April is Saturday 10 May: the next business day.
        "納期限  令和7年5月12日（2025-05-12）",
        "七十七銀行 県庁支店 普通預金 1234567",
        "担当　医師確保班 佐藤",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    let Some(pdf) = assert_pdf_matches_letter(&doc, &cfg) else {
        return;
    };
    for line in [
        "令和5年4月28日 3,300,000円 703日 635,589円",
        "令和6年4月30日 3,300,000円 335日 302,876円",
        "合計 6,600,000円 938,465円",
        "７ 納入金額 7,538,465円",
    ] {
        assert!(
            pdf.lines().any(|l| words(l).contains(line)),
            "{line:?} not in the PDF's text:\n{pdf}"
        );
    }
}

#[test]
fn each_kind_reads_back_from_its_pdf() {
    let f = loans_fixture(1);
    let cfg = office();
    // A notice recorded with a deadline that has passed makes the reminder due.
    let mut loan = worked_loan("L-2023-0001");
    let mut notice = event(LoanEventKind::RepaymentNotice, ymd(2025, 4, 10));
    notice.end_date = Some(ymd(2025, 5, 12));
    loan.events.push(notice);
    let mut paid = event(LoanEventKind::Payment, ymd(2025, 6, 2));
    paid.amount = Some(1_000_000);
    loan.events.push(paid);
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Loan(loan)],
            Vec::new(),
            now(),
        )
        .unwrap();
    let day = ymd(2025, 7, 1);
    let reminder = make(&f, &f.operator, DocumentKind::Reminder, &repayment(1), day);
    let text = letter(&reminder, &cfg).text(100).join("\n");
    for line in [
        "当初の納期限  令和7年5月12日",
        "納入済額  1,000,000円",
        "延滞利息（年15%、令和7年7月1日まで）",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    assert_pdf_matches_letter(&reminder, &cfg);
    let decision = make(
        &f,
        &f.operator,
        DocumentKind::LoanDecision,
        &repayment(1),
        day,
    );
    assert_pdf_matches_letter(&decision, &cfg);
    // A returned withdrawal.
    let w = CaseKey::new(Queue::Withdrawal, "W-2026-0002");
    let d = f.desk.detail(&w, day).unwrap();
    f.desk
        .return_case(
            &f.operator,
            &w,
            d.case.revision,
            "診断書が添付されていません",
            now(),
        )
        .unwrap();
    let back = make(
        &f,
        &f.operator,
        DocumentKind::ReturnLetter,
        &w,
        ymd(2026, 11, 21),
    );
    let text = letter(&back, &cfg).text(100).join("\n");
    assert!(
        text.contains("差し戻しの理由  診断書が添付されていません"),
        "{text}"
    );
    assert_pdf_matches_letter(&back, &cfg);
    // The facility report names two supervisors the registry does not know.
    let r = CaseKey::new(Queue::FacilityReport, "R-2026-0001");
    let ask = make(
        &f,
        &f.operator,
        DocumentKind::CertificationReturnRequest,
        &r,
        ymd(2026, 11, 21),
    );
    let text = letter(&ask, &cfg).text(100).join("\n");
    assert!(text.contains("小林 誠　殿"), "{text}");
    assert!(text.contains("要件を満たす指導責任者がいません"), "{text}");
    assert_pdf_matches_letter(&ask, &cfg);
    // A kind about another queue is refused, in words.
    let wrong = f
        .desk
        .document(&f.operator, DocumentKind::PaymentNotice, &w, day, now())
        .unwrap_err();
    let said = secretariat::i18n::error_text(secretariat::i18n::Lang::Ja, &wrong);
    assert!(said.contains("納入通知書は作れません"), "{said}");
}

#[test]
fn a_number_is_given_once_and_counts_per_fiscal_year() {
    let f = loans_fixture(3);
    let last_day = ymd(2026, 3, 31);
    let first = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(1),
        last_day,
    );
    let second = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(2),
        last_day,
    );
    assert_eq!(
        (first.issued.number.fiscal_year, first.issued.number.seq),
        (2025, 1)
    );
    assert_eq!(
        (second.issued.number.fiscal_year, second.issued.number.seq),
        (2025, 2)
    );
    // 1 April starts the new fiscal year's count.
    let april = ymd(2026, 4, 1);
    let third = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(3),
        april,
    );
    assert_eq!(
        (third.issued.number.fiscal_year, third.issued.number.seq),
        (2026, 1)
    );
    // Produced again (by another operator, another day): the same number,
    // date and deadline, said to be a copy; the figures as of its date.
    let again = make(
        &f,
        &f.supervisor,
        DocumentKind::PaymentNotice,
        &repayment(1),
        april,
    );
    assert!(again.issued.again);
    assert_eq!(again.issued.number, first.issued.number);
    assert_eq!(again.issued.date, last_day);
    assert_eq!(again.body, first.body);
    // Another kind of the same case is a document of its own.
    let other = make(
        &f,
        &f.operator,
        DocumentKind::LoanDecision,
        &repayment(1),
        april,
    );
    assert_eq!(other.issued.number.seq, 2);
    // Every production is audited; every number once.
    let issued: Vec<_> = f
        .desk
        .store()
        .all_audit()
        .map(|r| r.unwrap())
        .filter(|r| r.action.starts_with("document."))
        .collect();
    assert_eq!(issued.len(), 5);
    assert_eq!(
        issued
            .iter()
            .filter(|r| r.action == "document.reprint")
            .count(),
        1
    );
    assert!(f.desk.store().check().unwrap().faults.is_empty());
    // A document record that does not read is named by `check`.
    f.desk
        .store()
        .set_meta(
            "document/payment_notice/loan_followup/L-2023-0001/repayment",
            b"{",
        )
        .unwrap();
    let faults = f.desk.store().check().unwrap().faults;
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(
        format!("{faults:?}").contains("document/payment_notice"),
        "{faults:?}"
    );
}

#[test]
fn help_desk_may_not_produce_documents_and_a_batch_is_a_supervisors() {
    let f = loans_fixture(2);
    let refused = f
        .desk
        .document(
            &f.helpdesk,
            DocumentKind::PaymentNotice,
            &repayment(1),
            ymd(2025, 4, 10),
            now(),
        )
        .unwrap_err();
    assert!(format!("{refused:?}").contains("Permission"), "{refused:?}");
    let batch = Request::Document(DocumentRequest::Many {
        kind: DocumentKind::PaymentNotice,
        keys: vec![repayment(1), repayment(2)],
    });
    let operator = LocalDesk::new(
        f.desk.clone(),
        "suzuki",
        secretariat::clock::Clock::stopped_at(now()),
    )
    .unwrap();
    assert!(operator.call(batch.clone(), &mut |_, _| {}).is_err());
    let supervisor = LocalDesk::new(
        f.desk.clone(),
        "sato",
        secretariat::clock::Clock::stopped_at(now()),
    )
    .unwrap();
    let mut seen = Vec::new();
    let answer = supervisor
        .call(batch, &mut |done, total| seen.push((done, total)))
        .unwrap();
    let Response::Documents(out) = answer else {
        panic!("{answer:?}")
    };
    let numbers: Vec<u64> = out
        .iter()
        .map(|o: &DocumentOutcome| o.result.as_ref().unwrap().issued.number.seq)
        .collect();
    assert_eq!(numbers, vec![1, 2]);
    assert_eq!(seen.last(), Some(&(2, 2)));
}

/// Two operators producing documents at once, the same cases among them:
/// every case one number, the numbers 1..=N with none twice and none skipped,
/// in the documents and in the audit.
#[test]
fn two_operators_at_once_never_share_or_skip_a_number() {
    const N: usize = 24;
    let f = loans_fixture(N);
    let day = ymd(2025, 4, 10);
    let desk: Arc<Desk> = f.desk.clone();
    let threads: Vec<_> = [f.operator.clone(), f.supervisor.clone()]
        .into_iter()
        .enumerate()
        .map(|(t, who)| {
            let desk = desk.clone();
            std::thread::spawn(move || {
                let mut got = Vec::new();
                for i in 0..N {
                    // One goes forwards, the other backwards: they meet in the middle.
                    let n = if t == 0 { i + 1 } else { N - i };
                    let d = desk
                        .document(
                            &who,
                            DocumentKind::PaymentNotice,
                            &repayment(n),
                            day,
                            at(day, 10, 0),
                        )
                        .unwrap();
                    got.push((n, d.issued.number.seq));
                }
                got
            })
        })
        .collect();
    let mut by_case = std::collections::BTreeMap::new();
    for t in threads {
        for (n, seq) in t.join().unwrap() {
            let first = *by_case.entry(n).or_insert(seq);
            assert_eq!(first, seq, "case {n} got two numbers");
        }
    }
    let mut numbers: Vec<u64> = by_case.values().copied().collect();
    numbers.sort();
    assert_eq!(numbers, (1..=N as u64).collect::<Vec<_>>());
    let mut audited: Vec<u64> = f
        .desk
        .store()
        .all_audit()
        .map(|r| r.unwrap())
        .filter(|r| r.action == "document.issue")
        .map(|r| {
            let v: serde_json::Value = serde_json::from_str(r.after.as_deref().unwrap()).unwrap();
            v["number"].as_u64().unwrap()
        })
        .collect();
    audited.sort();
    assert_eq!(audited, numbers);
}

/// A page as a person sees it: the payment notice drawn to PNG by
/// `pdftoppm`; `UPDATE_SCREENSHOTS=1` keeps it as
/// `screenshots/document-payment-notice.png`.
#[test]
fn the_payment_notice_renders_to_a_picture() {
    let f = loans_fixture(1);
    let cfg = office();
    let doc = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(1),
        ymd(2025, 4, 10),
    );
    let Some(font) = font() else { return };
    let started = std::time::Instant::now();
    let pdf = render(&[letter(&doc, &cfg)], &font).unwrap();
    let took = started.elapsed();
    eprintln!("payment notice: {} bytes in {took:?}", pdf.len());
    // The font is subset: far smaller than the 4 MB font file.
    assert!(pdf.len() < 300_000, "{} bytes", pdf.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notice.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = match std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&file)
        .arg(dir.path().join("notice"))
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            skip::unavailable(&format!("pdftoppm (poppler-utils) is not installed: {e}"));
            return;
        }
    };
    assert!(out.status.success(), "{out:?}");
    let png = std::fs::read(dir.path().join("notice.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let shot =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots/document-payment-notice.png");
        std::fs::write(shot, &png).unwrap();
    }
}

/// 取消 エ (death) and a waiver of all of it (「死亡…により…返還…の全部を免除」):
/// the notice names the cause, shows the waiver and asks for nothing.
#[test]
fn a_cancellation_on_death_with_a_waiver_is_named_on_the_notice() {
    let f = fixture();
    let mut loan = worked_loan("L-2024-0009");
    loan.disbursements.truncate(1);
    loan.events = vec![event(LoanEventKind::Cancellation, ymd(2023, 10, 2))];
    loan.events[0].note = Some("エ 令和5年9月28日 死亡".into());
    let mut waiver = event(LoanEventKind::Waiver, ymd(2023, 11, 1));
    waiver.note = Some("死亡による全額免除".into());
    loan.events.push(waiver);
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Loan(loan)],
            Vec::new(),
            now(),
        )
        .unwrap();
    f.desk
        .generate_followups(&f.supervisor, ymd(2023, 11, 10), now())
        .unwrap();
    let key = CaseKey::new(Queue::LoanFollowup, "L-2024-0009/repayment");
    let doc = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &key,
        ymd(2023, 11, 10),
    );
    let text = letter(&doc, &office()).text(100).join("\n");
    for line in [
        "返還事由  貸与決定の取消し（エ 死亡したとき）（令和5年10月2日）",
        // 3,300,000 x 10% x 338 days (to 31 March 2024) / 365 = 305,589.
        "元金 3,300,000円 ＋ 利息 305,589円 ＝ 3,605,589円",
        "返還免除額 3,605,589円（死亡による免除）",
        "納入金額  0円",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

/// `loan_event.reason`: a cancellation's letter and a waiver's cause, kept
/// as the note's first word (where the form writes them), named on the
/// notice; on another event it is refused by name.
#[test]
fn a_reason_recorded_as_a_field_is_the_one_the_notice_names() {
    use secretariat::desk::RecordForm;
    let f = fixture();
    let mut loan = worked_loan("L-2024-0010");
    loan.disbursements.truncate(1);
    loan.events.clear();
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Loan(loan)],
            Vec::new(),
            now(),
        )
        .unwrap();
    let record = |fields: &[(&str, &str)]| {
        let form = RecordForm {
            kind: "loan_event".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            seen: Vec::new(),
            dry_run: false,
        };
        f.desk
            .record_form(&f.operator, &form, ymd(2023, 11, 10), now())
    };
    let base = [("loan_id", "L-2024-0010")];
    let refused = record(&[
        base[0],
        ("event", "resignation"),
        ("date", "2023-10-02"),
        ("reason", "d"),
    ]);
    let said = secretariat::i18n::error_text(secretariat::i18n::Lang::Ja, &refused.unwrap_err());
    assert!(said.contains("理由は貸与決定の取消し"), "{said}");
    record(&[
        base[0],
        ("event", "cancellation"),
        ("date", "2023-10-02"),
        ("reason", "d"),
        ("note", "9月28日 死亡"),
    ])
    .unwrap();
    record(&[
        base[0],
        ("event", "waiver"),
        ("date", "2023-11-01"),
        ("reason", "death"),
    ])
    .unwrap();
    let key = CaseKey::new(Queue::LoanFollowup, "L-2024-0010/repayment");
    let doc = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &key,
        ymd(2023, 11, 10),
    );
    let text = letter(&doc, &office()).text(100).join("\n");
    for line in [
        "貸与決定の取消し（エ 死亡したとき）",
        "（死亡による免除）",
        "納入金額  0円",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

#[test]
fn a_payment_notice_numbered_records_its_notice_on_the_loan_and_the_reminder_follows_it() {
    let f = loans_fixture(2);
    let notices = |f: &Fixture, id: &str| -> Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)> {
        f.desk
            .store()
            .loan(id)
            .unwrap()
            .unwrap()
            .events
            .iter()
            .filter(|e| e.event == LoanEventKind::RepaymentNotice)
            .map(|e| (e.date, e.end_date))
            .collect()
    };
    // Before it is due, no reminder can be made: no deadline was given.
    let refused = f.desk.document(
        &f.operator,
        DocumentKind::Reminder,
        &repayment(1),
        ymd(2025, 7, 1),
        at(ymd(2025, 7, 1), 10, 0),
    );
    assert!(refused.is_err(), "{refused:?}");
    let day = ymd(2025, 4, 10);
    let notice = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(1),
        day,
    );
    let deadline = notice.issued.deadline.expect("a notice gives a deadline");
    assert_eq!(notices(&f, "L-2023-0001"), vec![(day, Some(deadline))]);
    // Produced again: no second notice on the loan.
    make(
        &f,
        &f.supervisor,
        DocumentKind::PaymentNotice,
        &repayment(1),
        ymd(2025, 4, 20),
    );
    assert_eq!(notices(&f, "L-2023-0001").len(), 1);
    // Past its deadline the reminder is due and names it.
    let late = ymd(2025, 7, 1);
    let reminder = make(&f, &f.operator, DocumentKind::Reminder, &repayment(1), late);
    let text = letter(&reminder, &office()).text(100).join("\n");
    assert!(text.contains("当初の納期限"), "{text}");
    // A loan whose notice was recorded by hand keeps it alone.
    let mut loan = worked_loan("L-2023-0002");
    let mut hand = event(LoanEventKind::RepaymentNotice, ymd(2025, 4, 1));
    hand.end_date = Some(ymd(2025, 5, 30));
    loan.events.push(hand);
    f.desk
        .load_records(
            &f.supervisor,
            vec![RegistryWrite::Loan(loan)],
            Vec::new(),
            now(),
        )
        .unwrap();
    let n2 = make(
        &f,
        &f.operator,
        DocumentKind::PaymentNotice,
        &repayment(2),
        day,
    );
    assert_eq!(n2.issued.deadline, Some(ymd(2025, 5, 30)));
    assert_eq!(
        notices(&f, "L-2023-0002"),
        vec![(ymd(2025, 4, 1), Some(ymd(2025, 5, 30)))]
    );
    let audit: Vec<String> = f
        .desk
        .store()
        .all_audit()
        .map(|a| a.unwrap().action)
        .collect();
    assert!(audit.iter().any(|a| a == "loan.put"), "{audit:?}");
    sound(&f);
}
