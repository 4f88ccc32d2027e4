//! Stacked loans (seed 004, 「医師修学資金、臨床研修医研修資金をそれぞれ借りた場合」):
//! a borrower whose 臨床研修医研修資金 service (3 years) ran to 2024-03-31
//! serves this loan from April 2024 only. The help desk's lookup, the
//! follow-up's detail and its computation say so, in Japanese and English
//! (as of 2026-11-21: April 2024 to November 2026 are 32 months).

mod common;

use common::*;
use secretariat::desk::{CaseKey, Desk, DeskSettings};
use secretariat::domain::time::ymd;
use secretariat::domain::{
    Disbursement, Loan, LoanEvent, LoanEventKind, PriorLoanKind, PriorObligation, Queue,
    RegistrationNumber, Role,
};
use secretariat::i18n::Lang;
use secretariat::store::RegistryWrite;
use secretariat::tui::views;
use std::sync::Arc;

/// One year lent (18 months to serve), training completed 2023-03-31, work
/// at a designated hospital from 2023-04-01: without the obligation,
/// exemption on 2024-09-30; with it, the count starts April 2024 and
/// reaches 18 months on 2025-09-30.
fn stacked_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), "sato", DeskSettings::default()).unwrap();
    let supervisor = desk.actor("sato").unwrap();
    desk.add_user(&supervisor, "suzuki", Role::Operator, now())
        .unwrap();
    let loan = Loan {
        loan_id: "L-2022-0001".into(),
        registration_number: RegistrationNumber::parse("1234561").unwrap(),
        first_fiscal_year: 2022,
        years_approved: 1,
        annual_amount: 3_300_000,
        disbursements: vec![Disbursement {
            date: ymd(2022, 4, 28),
            amount: 3_300_000,
        }],
        events: vec![
            LoanEvent::new(LoanEventKind::Completion, ymd(2023, 3, 31)),
            LoanEvent::new(LoanEventKind::EmploymentStart, ymd(2023, 4, 1)),
        ],
        prior_obligations: vec![PriorObligation {
            kind: PriorLoanKind::Rinsho,
            years: 3,
            end: ymd(2024, 3, 31),
        }],
    };
    let registry = vec![
        RegistryWrite::Person(person(
            "1234561",
            "山田 太郎",
            "やまだ たろう",
            (1995, 4, 2),
        )),
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

#[test]
fn the_lookup_says_which_obligation_the_count_follows() {
    let f = stacked_fixture();
    for (lang, needle) in [
        (
            Lang::Ja,
            "従事 32/18か月 (臨床研修医研修資金の義務 2024-03-31まで、以後に算入)・免除到達 2025-09-30",
        ),
        (
            Lang::En,
            "service 32/18 months (the clinical-trainee loan obligation runs to 2024-03-31; counted after it)",
        ),
    ] {
        let mut app = app(&f, &f.helpdesk, lang, 200, 40);
        press(&mut app, &["L"]);
        type_text(&mut app, "1234561");
        press(&mut app, &["Enter", "G"]);
        let text = screen(&mut app, 200, 40);
        assert!(text.contains(needle), "{needle} not in\n{text}");
        // At 80 columns the line is cut, never wrapped over the next.
        let mut narrow = common::app(&f, &f.helpdesk, lang, 80, 24);
        press(&mut narrow, &["L"]);
        type_text(&mut narrow, "1234561");
        press(&mut narrow, &["Enter", "G"]);
        let text = screen(&mut narrow, 80, 24);
        assert!(text.contains("L-2022-0001"), "{text}");
    }
}

#[test]
fn the_exemption_follow_up_counts_from_the_month_after_the_obligation() {
    let f = stacked_fixture();
    let key = CaseKey::new(Queue::LoanFollowup, "L-2022-0001/exemption");
    let d = f.desk.detail(&key, now().date_naive()).unwrap();
    assert_eq!(d.case.due, Some(ymd(2025, 9, 30)));
    for (lang, needle) in [
        (
            Lang::Ja,
            "臨床研修医研修資金の義務 (3年) 2024-03-31まで: 従事月数は2024年4月から算入",
        ),
        (
            Lang::En,
            "the clinical-trainee loan obligation (3 years) runs to 2024-03-31: service counts from April 2024",
        ),
    ] {
        let app = app(&f, &f.operator, lang, 120, 40);
        let text = views::detail::lines(&app, &d, 200)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    // No status report is asked for fiscal year 2023, when the months were
    // the obligation's; 2024 and 2025 are.
    let report = |fy: i32| {
        let key = CaseKey::new(
            Queue::LoanFollowup,
            format!("L-2022-0001/status_report/{fy}"),
        );
        f.desk.detail(&key, now().date_naive()).is_ok()
    };
    assert!(!report(2023));
    assert!(report(2024) && report(2025));
}
