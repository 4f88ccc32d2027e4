//! The detail pane explains the loan rules added for repayment and
//! designated workplaces, in Japanese and English.

mod common;

use common::*;
use secretariat::desk::{Desk, DeskSettings};
use secretariat::domain::time::ymd;
use secretariat::domain::{
    Disbursement, Facility, FacilityNumber, Loan, LoanEvent, LoanEventKind, RegistrationNumber,
    Role,
};
use secretariat::i18n::Lang;
use secretariat::store::RegistryWrite;
use secretariat::tui::views;
use std::sync::Arc;

fn event(kind: LoanEventKind, date: (i32, u32, u32)) -> LoanEvent {
    LoanEvent {
        event: kind,
        date: ymd(date.0, date.1, date.2),
        end_date: None,
        notified_at: None,
        working_days: None,
        facility_number: None,
        note: None,
        amount: None,
    }
}

fn loan_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), "sato", DeskSettings::default()).unwrap();
    let supervisor = desk.actor("sato").unwrap();
    desk.add_user(&supervisor, "suzuki", Role::Operator, now())
        .unwrap();
    let clinic = FacilityNumber::parse("24-0009").unwrap();
    let mut start = event(LoanEventKind::EmploymentStart, (2025, 4, 1));
    start.facility_number = Some(clinic.clone());
    let mut notice = event(LoanEventKind::RepaymentNotice, (2025, 5, 1));
    notice.end_date = Some(ymd(2025, 5, 30));
    let loan = Loan {
        loan_id: "L-2024-0001".into(),
        registration_number: RegistrationNumber::parse("1234561").unwrap(),
        first_fiscal_year: 2024,
        years_approved: 1,
        annual_amount: 3_300_000,
        disbursements: vec![Disbursement {
            date: ymd(2024, 4, 30),
            amount: 3_300_000,
        }],
        events: vec![
            event(LoanEventKind::Completion, (2025, 3, 31)),
            start,
            notice,
        ],
        prior_obligations: Vec::new(),
    };
    let registry = vec![
        RegistryWrite::Person(person(
            "1234561",
            "山田 太郎",
            "やまだ たろう",
            (1995, 4, 2),
        )),
        RegistryWrite::Facility(Facility {
            facility_number: clinic,
            name: "志摩クリニック".into(),
            prefecture: "三重県".into(),
            medical_area: Some("南勢志摩医療圏".into()),
            dental: false,
            priority_area: true,
            certified: false,
            contact_email: None,
            last_report: None,
            designated: false,
        }),
        RegistryWrite::Loan(loan),
    ];
    desk.load_records(&supervisor, registry, Vec::new(), now())
        .unwrap();
    desk.generate_followups(&supervisor, now().date_naive(), now())
        .unwrap();
    Fixture {
        operator: desk.actor("suzuki").unwrap(),
        helpdesk: desk.actor("suzuki").unwrap(),
        supervisor,
        desk: Arc::new(desk),
        _dir: dir,
    }
}

fn detail_text(lang: Lang) -> String {
    let f = loan_fixture();
    let mut app = app(&f, &f.operator, lang, 120, 40);
    // The only open follow-up of the queue (the others record facts, closed).
    press(&mut app, &["4"]);
    let d = app.detail().expect("the repayment follow-up is selected");
    assert_eq!(d.case.reference, "L-2024-0001/repayment");
    views::detail::lines(&app, d, 200)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_repayment_detail_explains_the_new_rules_in_both_languages() {
    let ja = detail_text(Lang::Ja);
    for needle in [
        "PAYOD 納期限を過ぎても返還金が納付されていません",
        "NDES 返還免除条件となる医療機関以外で勤務しています",
        "都道府県: 三重県",
        "医療圏: 南勢志摩医療圏",
        "重点区域: あり",
        "返還免除対象の医療機関: なし",
        "納入通知書 2025-05-01 送付、納期限 2025-05-30",
        "返還事由: 返還免除対象外の医療機関での勤務",
    ] {
        assert!(ja.contains(needle), "{needle} not in\n{ja}");
    }
    for id in ["repayment_notice", "not_designated_workplace", "FY", "->"] {
        assert!(!ja.contains(id), "{id} in\n{ja}");
    }
    let en = detail_text(Lang::En);
    for needle in [
        "PAYOD the repayment is past its payment deadline",
        "NDES service at a facility that is not designated",
        "prefecture: 三重県",
        "designated workplace: no",
        "payment notice sent 2025-05-01, payment due 2025-05-30",
    ] {
        assert!(en.contains(needle), "{needle} not in\n{en}");
    }
}

/// A loan follow-up's ref reads as words on every screen that names it: the
/// list, the detail's header, the confirmation popup; no slash, no slug.
#[test]
fn loan_followups_show_what_they_are_not_their_machine_ref() {
    let f = loan_fixture();
    for (lang, words) in [
        (Lang::Ja, ["L-2024-0001 返還", "L-2024-0001 対象外"]),
        (Lang::En, ["L-2024-0001 repayment", "L-2024-0001 not desig"]),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.operator, lang, w, h);
            press(&mut app, &["4", "x"]);
            let text = screen(&mut app, w, h);
            for word in words {
                assert!(text.contains(word), "{word} not in\n{text}");
            }
            for slug in ["/repayment", "not_designated", "_"] {
                assert!(!text.contains(slug), "{slug} in\n{text}");
            }
            let tag = if lang == Lang::Ja { "ja" } else { "en" };
            insta::assert_snapshot!(format!("loan_refs_list_{tag}_{w}x{h}"), text);
            press(&mut app, &["Enter"]);
            let text = screen(&mut app, w, h);
            assert!(!text.contains("0001/"), "{text}");
        }
    }
    let mut app = app(&f, &f.operator, Lang::Ja, 80, 24);
    press(&mut app, &["4", "a"]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("L-2024-0001 返還"), "{text}");
    assert!(!text.contains("0001/"), "{text}");
    insta::assert_snapshot!("loan_refs_confirm_ja_80x24", text);
}

/// The help desk's lookup tells each loan's service months, exemption and
/// amount due without opening the case.
#[test]
fn the_lookup_shows_where_each_loan_stands() {
    let f = loan_fixture();
    for (lang, needles) in [
        (
            Lang::Ja,
            [
                "従事 0/18か月",
                "返還額 3,602,876円",
                "未納 (延滞利息込) 4,402,418円",
            ],
        ),
        (
            Lang::En,
            [
                "service 0/18 months",
                "amount due ¥3,602,876",
                "owed ¥4,402,418",
            ],
        ),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app(&f, &f.helpdesk, lang, w, h);
            press(&mut app, &["L"]);
            type_text(&mut app, "1234561");
            press(&mut app, &["Enter", "G"]);
            let text = screen(&mut app, w, h);
            for n in needles {
                assert!(text.contains(n), "{n} not in\n{text}");
            }
            assert!(!text.contains("0001/"), "{text}");
            let tag = if lang == Lang::Ja { "ja" } else { "en" };
            insta::assert_snapshot!(format!("loan_lookup_{tag}_{w}x{h}"), text);
        }
    }
}

/// With `[display] dates = "wareki"` the ledger, the computation, the
/// checks and a ref in words write their dates as the office does.
#[test]
fn the_ledger_in_wareki() {
    use secretariat::i18n::DateStyle;
    let f = loan_fixture();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app_dated(&f, &f.operator, Lang::Ja, DateStyle::Wareki, w, h);
        press(&mut app, &["4", "x"]);
        let text = screen(&mut app, w, h);
        assert!(!text.contains("2025-"), "{text}");
        insta::assert_snapshot!(format!("loan_wareki_list_ja_{w}x{h}"), text);
    }
    let mut app = app_dated(&f, &f.operator, Lang::Ja, DateStyle::Wareki, 120, 40);
    press(&mut app, &["4", "x", "j"]);
    let d = app.detail().expect("a follow-up is selected");
    let text = views::detail::lines(&app, d, 100)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("L-2024-0001 対象外勤務 R7.4.1"),
        "the ref in words:\n{text}"
    );
    for needle in [
        "納入通知書 令和7年5月1日 送付、納期限 令和7年5月30日",
        "令和6年4月30日",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    let iso = text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    });
    assert!(!iso, "an ISO date in\n{text}");
    insta::assert_snapshot!("loan_wareki_detail_ja", text);
}
