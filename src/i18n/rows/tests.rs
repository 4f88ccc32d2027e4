use super::*;
use crate::domain::FacilityNumber;
use crate::domain::flags::DateSpan;
use crate::domain::flags::{CheckDetail, NamedCert, PeriodSpan};
use crate::domain::time::ymd;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    ymd(y, m, day)
}

/// One of each row, with the worked example's numbers where it has some.
fn every_row() -> Vec<LedgerRow> {
    use LedgerRow as R;
    let f = FacilityNumber::parse("F-9").unwrap();
    vec![
        R::Terms {
            loan_id: "L-1".into(),
            first_fiscal_year: 2023,
            last_fiscal_year: 2024,
            years: 2,
            annual_amount: 3_300_000,
        },
        R::Disbursement {
            date: d(2023, 4, 28),
            amount: 3_300_000,
            scheduled: false,
        },
        R::DisbursedTotal { amount: 6_600_000 },
        R::Event {
            kind: LoanEventKind::EmploymentStart,
            date: d(2025, 4, 1),
            end_date: None,
            notified_at: Some(d(2025, 4, 20)),
            notified_late: true,
            amount: None,
            facility_number: Some(f.clone()),
            not_designated: true,
            working_days: Some(150),
            note: None,
        },
        R::Service {
            months: 16,
            required: 18,
            deducted: 2,
            remaining: 2,
        },
        R::DeductedMonths {
            months: vec![YearMonth {
                year: 2027,
                month: 10,
            }],
        },
        R::Exemption {
            date: d(2030, 5, 31),
            reached: false,
        },
        R::RepaymentCause {
            cause: Trigger::WorkingDaysBelow { days: 73 },
            date: d(2025, 3, 31),
            interest_until: d(2025, 3, 31),
        },
        R::Interest {
            disbursed: d(2023, 4, 28),
            amount: 3_300_000,
            percent: 10,
            days: 703,
            interest: 635_589,
        },
        R::RepaymentTotal {
            principal: 6_600_000,
            interest: 938_465,
            total: 7_538_465,
        },
        R::Notice {
            sent: d(2025, 5, 1),
            deadline: d(2025, 5, 30),
            moved_to: Some(d(2025, 6, 30)),
        },
        R::Deferral {
            granted: d(2025, 5, 2),
            until: d(2025, 6, 30),
        },
        R::Payment {
            date: d(2025, 7, 15),
            amount: 3_000_000,
        },
        R::Waiver {
            date: d(2025, 7, 16),
            amount: None,
        },
        R::LateInterest {
            from: d(2025, 5, 31),
            to: d(2025, 7, 15),
            balance: 7_538_465,
            percent: 15,
            days: 46,
            interest: 142_507,
        },
        R::Outstanding {
            amount_due: 7_538_465,
            late_interest: 230_167,
            paid: 3_000_000,
            outstanding: 4_768_632,
        },
        R::Continuation {
            fiscal_year: 2024,
            year: 2,
            years: 4,
            due: d(2024, 4, 15),
        },
        R::ContinuationSubmitted {
            date: d(2024, 3, 20),
        },
        R::HeldForLeave {
            start: d(2026, 3, 10),
            end: None,
        },
        R::DisbursementDue {
            fiscal_year: 2026,
            submitted: d(2026, 4, 10),
            due: d(2026, 4, 30),
        },
        R::StatusReportDue {
            fiscal_year: 2025,
            due: d(2026, 4, 30),
        },
        R::StatusReportReceived {
            date: d(2026, 4, 20),
        },
        R::NoticeLate {
            kind: LoanEventKind::Resignation,
            date: d(2025, 3, 31),
            allowed_days: 10,
            deadline: d(2025, 4, 10),
            notified: d(2025, 4, 15),
            days_late: 5,
        },
        R::WorkingDaysShort {
            reported: d(2026, 4, 20),
            days: 150,
            required: 200,
        },
        R::StudyPlanLate {
            start: d(2026, 7, 1),
            months_ahead: 3,
            due: d(2026, 4, 1),
            notified: d(2026, 4, 20),
            days_late: 19,
        },
        R::NotDesignated {
            facility_number: Some(f),
            start: d(2025, 10, 1),
            end: None,
        },
        R::EmploymentGap {
            after: d(2025, 6, 15),
            allowed_by: d(2025, 7, 31),
            next_start: Some(d(2025, 9, 1)),
        },
        R::ExemptionReached {
            months: 18,
            required: 18,
            date: d(2026, 9, 30),
        },
        R::CountedAfter {
            kind: crate::domain::PriorLoanKind::Shugaku,
            years: 9,
            end: d(2031, 3, 31),
            from: crate::domain::loan::YearMonth {
                year: 2031,
                month: 4,
            },
        },
    ]
}

#[test]
fn the_obligation_a_count_follows_reads_in_both_languages_and_in_wareki() {
    let row = every_row().pop().unwrap();
    assert_eq!(
        ledger_row(Lang::Ja, DateStyle::Wareki, &row),
        "医師修学資金の義務 (9年) 令和13年3月31日まで: 従事月数は2031年4月から算入"
    );
    assert_eq!(
        ledger_row(Lang::En, DateStyle::Iso, &row),
        "the medical-student loan obligation (9 years) runs to 2031-03-31: service counts from April 2031"
    );
    assert_eq!(
        serde_json::to_value(&row).unwrap(),
        serde_json::json!({"row": "counted_after", "kind": "shugaku", "years": 9,
            "end": "2031-03-31", "from": {"year": 2031, "month": 4}})
    );
}

/// No internal id or abbreviation: no `FY`, no snake_case word, no `(73d)`,
/// no arrows; Japanese has no ASCII words at all but ids and numbers.
fn assert_clean(lang: Lang, s: &str) {
    assert!(!s.is_empty());
    assert!(!s.contains("FY"), "{s}");
    assert!(!s.contains("->") && !s.contains(" x "), "{s}");
    assert!(!s.contains('_'), "{s}");
    let b = s.as_bytes();
    let short_days = b
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'd' && w[2] == b')');
    assert!(!short_days && !s.contains("Σ"), "{s}");
    if lang == Lang::Ja {
        // Facility and certificate numbers (letters with digits) are data.
        let words: Vec<&str> = s
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
            .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() > 1)
            .collect();
        assert!(words.is_empty(), "English in Japanese: {words:?} in {s}");
    }
}

#[test]
fn every_row_reads_without_ids_in_both_languages() {
    for row in every_row() {
        for lang in [Lang::Ja, Lang::En] {
            assert_clean(lang, &ledger_row(lang, DateStyle::Iso, &row));
        }
    }
}

#[test]
fn rows_carry_their_units() {
    let rows = every_row();
    let ja: Vec<String> = rows
        .iter()
        .map(|r| ledger_row(Lang::Ja, DateStyle::Iso, r))
        .collect();
    let en: Vec<String> = rows
        .iter()
        .map(|r| ledger_row(Lang::En, DateStyle::Iso, r))
        .collect();
    assert_eq!(
        ja[4],
        "従事月数 16か月 / 必要 18か月 (休職による控除 2か月)、残り 2か月"
    );
    assert_eq!(
        en[4],
        "service 16 months of 18 months required (2 months deducted for leave), 2 months to go"
    );
    assert_eq!(
        ja[9],
        "元金 6,600,000円 + 利息 938,465円 = 返還額 7,538,465円"
    );
    assert_eq!(
        en[9],
        "principal ¥6,600,000 + interest ¥938,465 = ¥7,538,465 to repay"
    );
    assert_eq!(
        ja[8],
        "2023-04-28 交付分 3,300,000円: 年10%で703日分 (1年365日) = 利息 635,589円"
    );
    assert!(ja[0].contains("2023年度〜2024年度"), "{}", ja[0]);
    assert!(en[0].contains("fiscal years 2023 to 2024"), "{}", en[0]);
    assert!(ja[7].contains("勤務日数の不足 (73日)"), "{}", ja[7]);
    assert!(en[7].contains("(73 days)"), "{}", en[7]);
    assert!(ja[16].contains("2024年度") && ja[16].contains("全4年の2年目"));
    assert!(en[16].contains("fiscal year 2024"));
    assert!(ja[5].contains("2027年10月") && en[5].contains("October 2027"));
    assert!(ja[3].contains("勤務開始") && ja[3].contains("期限後"));
    assert!(en[3].contains("start of work") && en[3].contains("not designated"));
}

/// Every detail of [`every_detail`], worded in `lang` with `dates`.
fn every_detail_in(lang: Lang, dates: DateStyle) -> Vec<String> {
    every_detail()
        .iter()
        .map(|d| check_detail(lang, dates, d))
        .collect()
}

fn every_detail() -> Vec<CheckDetail> {
    use crate::domain::time::at;
    use CheckDetail as D;
    let k1 = FacilityNumber::parse("K1").unwrap();
    let span = |a, b| PeriodSpan {
        facility_number: k1.clone(),
        start: a,
        end: b,
    };
    let cert = NamedCert {
        name: "伊藤".into(),
        cert_number: "D1".into(),
    };
    vec![
        D::UnknownPerson {
            registration_number: "123456".into(),
        },
        D::Duplicates {
            registration_numbers: vec!["654321".into()],
        },
        D::DirectorWaiting {
            director: "山田太郎".into(),
            received: d(2025, 4, 10),
            chased: Some(d(2025, 4, 12)),
            days: 8,
            allowed_days: 7,
        },
        D::Recruitment {
            on: d(2025, 3, 3),
            closes: d(2025, 2, 28),
            after_close: true,
            earliest_start: d(2026, 4, 1),
        },
        D::ReportWindow {
            fiscal_year: 2025,
            opens: Some(at(d(2025, 9, 4), 13, 0)),
            closes: Some(at(d(2025, 10, 6), 23, 59)),
        },
        D::Supervisor {
            supervisor: cert.clone(),
            workplace: Some(FacilityNumber::parse("MI-999").unwrap()),
            facility_number: Some(FacilityNumber::parse("MI-001").unwrap()),
        },
        D::Supervisors {
            valid: vec![cert],
            named: 2,
            unknown: vec!["X9".into()],
        },
        D::Submitted {
            at: at(d(2025, 10, 7), 9, 0),
            opens: at(d(2025, 9, 4), 13, 0),
            closes: at(d(2025, 10, 6), 23, 59),
        },
        D::FiscalYearSplit {
            period: span(d(2018, 4, 1), d(2019, 9, 30)),
            parts: vec![
                DateSpan {
                    from: d(2018, 4, 1),
                    to: d(2019, 3, 31),
                },
                DateSpan {
                    from: d(2019, 4, 1),
                    to: d(2019, 9, 30),
                },
            ],
        },
        D::TrainingGap {
            from: d(2020, 4, 1),
            to: d(2020, 4, 30),
            days: 30,
        },
        D::TrainingOverlap {
            first: span(d(2019, 4, 1), d(2020, 3, 31)),
            second: span(d(2020, 3, 1), d(2020, 9, 30)),
            from: d(2020, 3, 1),
            to: d(2020, 3, 31),
        },
        D::Due {
            date: d(2025, 4, 14),
        },
        D::Service {
            months: 16,
            required: 18,
        },
        D::Ledger {
            row: LedgerRow::DisbursedTotal { amount: 1 },
        },
    ]
}

#[test]
fn every_check_detail_reads_without_ids_in_both_languages() {
    assert_eq!(
        check_detail(Lang::Ja, DateStyle::Iso, &CheckDetail::Nothing),
        ""
    );
    for detail in every_detail() {
        for lang in [Lang::Ja, Lang::En] {
            assert_clean(lang, &check_detail(lang, DateStyle::Iso, &detail));
        }
    }
    let ja = every_detail_in(Lang::Ja, DateStyle::Iso);
    assert_eq!(
        ja[2],
        "山田太郎: 受付 2025-04-10、催促 2025-04-12、8日経過 (目安 7日)"
    );
    assert_eq!(ja[12], "従事月数 16か月 / 必要 18か月");
    assert!(ja[4].starts_with("2025年度の提出期間"), "{}", ja[4]);
    assert!(ja[9].contains("30日間"));
    assert_eq!(
        check_detail(Lang::En, DateStyle::Iso, &every_detail()[12]),
        "service 16 months of 18 months required"
    );
}

/// Every date and moment of every row goes through the screen's style:
/// with 和暦, no ISO date is left in Japanese; English keeps ISO.
#[test]
fn every_date_is_written_in_the_screens_style() {
    let iso = |s: &str| {
        s.as_bytes().windows(10).any(|w| {
            w.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        })
    };
    let rows: Vec<String> = every_row()
        .iter()
        .map(|r| ledger_row(Lang::Ja, DateStyle::Wareki, r))
        .chain(every_detail_in(Lang::Ja, DateStyle::Wareki))
        .collect();
    for s in &rows {
        assert!(!iso(s), "an ISO date in 和暦: {s}");
        assert_clean(Lang::Ja, s);
    }
    assert!(rows.iter().any(|s| s.contains("令和")), "{rows:?}");
    let ja = every_detail_in(Lang::Ja, DateStyle::Wareki);
    assert_eq!(
        ja[2],
        "山田太郎: 受付 令和7年4月10日、催促 令和7年4月12日、8日経過 (目安 7日)"
    );
    let en = ledger_row(Lang::En, DateStyle::Iso, &every_row()[8]);
    assert!(iso(&en), "{en}");
}

#[test]
fn rows_and_details_round_trip_through_json_with_readable_names() {
    for row in every_row() {
        let j = serde_json::to_string(&row).unwrap();
        assert_eq!(serde_json::from_str::<LedgerRow>(&j).unwrap(), row, "{j}");
    }
    for detail in every_detail() {
        let j = serde_json::to_string(&detail).unwrap();
        assert_eq!(
            serde_json::from_str::<CheckDetail>(&j).unwrap(),
            detail,
            "{j}"
        );
    }
    let j = serde_json::to_value(&every_row()[4]).unwrap();
    assert_eq!(
        j,
        serde_json::json!({"row": "service", "months": 16, "required": 18, "deducted": 2, "remaining": 2})
    );
}
