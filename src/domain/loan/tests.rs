//! Tests of the loan rules across submodules, and helpers for theirs.

use super::*;
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::flags::{Flag, raised_flags};
use crate::domain::ids::RegistrationNumber;
use crate::domain::model::{Disbursement, Loan, LoanEvent, LoanEventKind};
use crate::domain::time::{fiscal_year, ymd};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

/// A loan of one approved year per disbursement, first year from the first one.
pub fn loan(disbursements: &[(NaiveDate, i64)]) -> Loan {
    Loan {
        loan_id: "L-001".into(),
        registration_number: RegistrationNumber::parse("123456").unwrap(),
        first_fiscal_year: disbursements.first().map_or(2024, |(d, _)| fiscal_year(*d)),
        years_approved: disbursements.len().max(1) as u8,
        annual_amount: 3_300_000,
        disbursements: disbursements
            .iter()
            .map(|(date, amount)| Disbursement {
                date: *date,
                amount: *amount,
            })
            .collect(),
        events: Vec::new(),
    }
}

/// An event with only its kind and date.
pub fn event(kind: LoanEventKind, date: NaiveDate) -> LoanEvent {
    LoanEvent {
        event: kind,
        date,
        end_date: None,
        notified_at: None,
        working_days: None,
        facility_number: None,
        note: None,
        amount: None,
    }
}

fn run(l: &Loan, today: NaiveDate) -> Vec<FollowupDraft> {
    let cfg = RulesConfig::default();
    followups(l, &cfg, &Calendar::new(&cfg), today)
}

fn find<'a>(drafts: &'a [FollowupDraft], reference: &str) -> &'a FollowupDraft {
    drafts
        .iter()
        .find(|d| d.reference == reference)
        .unwrap_or_else(|| panic!("no {reference} in {drafts:#?}"))
}

#[test]
fn yen_formatting() {
    assert_eq!(yen(7_538_465), "¥7,538,465");
    assert_eq!(yen(0), "¥0");
    assert_eq!(yen(999), "¥999");
    assert_eq!(yen(-1000), "-¥1,000");
}

#[test]
fn worked_example_repayment_follow_up() {
    let mut l = loan(&[(ymd(2023, 4, 28), 3_300_000), (ymd(2024, 4, 30), 3_300_000)]);
    let mut quit = event(LoanEventKind::Resignation, ymd(2025, 3, 31));
    quit.notified_at = Some(ymd(2025, 4, 15)); // due 4/10
    l.events.push(quit);
    let drafts = run(&l, ymd(2025, 4, 20));
    let refs: Vec<&str> = drafts.iter().map(|d| d.reference.as_str()).collect();
    assert_eq!(
        refs,
        vec![
            "L-001/continuation/2024",
            "L-001/notification_late/resignation/2025-03-31",
            "L-001/repayment",
        ]
    );
    // The second year's continuation was evidently done: it was disbursed.
    assert!(!drafts[0].open);
    let late = &drafts[1];
    assert!(!late.open);
    assert_eq!(late.followup.due, ymd(2025, 4, 10));
    assert_eq!(
        late.followup.computation,
        vec!["resignation 2025-03-31 + 10d -> 2025-04-10; 2025-04-15 (+5d)"]
    );
    let r = &drafts[2];
    assert!(r.open);
    assert_eq!(r.followup.topic, "repayment_due");
    assert_eq!(r.followup.principal, Some(6_600_000));
    assert_eq!(r.followup.interest, Some(938_465));
    assert_eq!(r.followup.amount_due, Some(7_538_465));
    assert_eq!(r.followup.service_months, Some(0));
    assert_eq!(
        r.followup.computation,
        vec![
            "resignation 2025-03-31 -> 2025-03-31",
            "2023-04-28 ¥3,300,000 x 10% x 703/365 = ¥635,589",
            "2024-04-30 ¥3,300,000 x 10% x 335/365 = ¥302,876",
            "¥6,600,000 + ¥938,465 = ¥7,538,465",
        ]
    );
    // 2025-03-31 + 14 = 4/14 (Monday).
    assert_eq!(r.followup.due, ymd(2025, 4, 14));
}

#[test]
fn continuation_overdue_until_submitted() {
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    l.years_approved = 3;
    assert!(run(&l, ymd(2026, 4, 15)).is_empty());
    let d = run(&l, ymd(2026, 4, 16));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].reference, "L-001/continuation/2026");
    assert_eq!(d[0].followup.topic, "continuation_overdue");
    assert_eq!(d[0].followup.due, ymd(2026, 4, 15));
    assert!(d[0].open);
    l.events.push(event(
        LoanEventKind::ContinuationSubmitted,
        ymd(2026, 4, 20),
    ));
    let d = run(&l, ymd(2026, 4, 21));
    assert!(!d[0].open);
    // Withdrawn before the due date: no continuation is owed.
    let mut w = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    w.years_approved = 3;
    w.events
        .push(event(LoanEventKind::Withdrawal, ymd(2026, 3, 1)));
    let d = run(&w, ymd(2026, 5, 1));
    assert!(d.iter().all(|x| x.followup.topic != "continuation_overdue"));
}

#[test]
fn status_report_after_each_service_year() {
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000), (ymd(2026, 4, 30), 3_300_000)]);
    l.events
        .push(event(LoanEventKind::Completion, ymd(2027, 3, 31)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2027, 4, 1)));
    // 2028-04-30 is a Sunday after 昭和の日 (Sat) -> due Monday 5/1.
    let recorded = |d: &[FollowupDraft]| d.iter().filter(|x| x.worth_recording()).count();
    // The FY2026 continuation was disbursed: a closed draft, not worth a case.
    let d = run(&l, ymd(2028, 5, 1));
    assert!(!find(&d, "L-001/continuation/2026").worth_recording());
    assert_eq!(recorded(&d), 0);
    let d = run(&l, ymd(2028, 5, 2));
    let s = find(&d, "L-001/status_report/2027");
    assert!(s.open);
    assert_eq!(s.followup.due, ymd(2028, 5, 1));
    assert_eq!(s.followup.service_months, Some(14));
    let mut report = event(LoanEventKind::StatusReport, ymd(2028, 4, 25));
    report.working_days = Some(230);
    l.events.push(report);
    let d = run(&l, ymd(2028, 5, 2));
    assert!(!find(&d, "L-001/status_report/2027").open);
    assert_eq!(recorded(&d), 0);
}

#[test]
fn exemption_reached_after_the_required_months() {
    let mut l = loan(&[(ymd(2024, 4, 30), 3_300_000)]);
    l.events
        .push(event(LoanEventKind::Completion, ymd(2025, 3, 31)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2025, 4, 1)));
    let mut report = event(LoanEventKind::StatusReport, ymd(2026, 4, 10));
    report.working_days = Some(240);
    l.events.push(report);
    let d = run(&l, ymd(2026, 8, 31));
    assert!(!find(&d, "L-001/status_report/2025").open);
    assert!(d.iter().all(|x| x.followup.topic != "exemption_reached"));
    let d = run(&l, ymd(2026, 9, 15));
    let e = find(&d, "L-001/exemption");
    assert!(e.open);
    assert_eq!(e.followup.topic, "exemption_reached");
    assert_eq!(e.followup.due, ymd(2026, 9, 30));
    assert_eq!(e.followup.computation, vec!["18/18 -> 2026-09-30"]);
    let cfg = RulesConfig::default();
    let c = checks(
        &e.followup,
        Some(&l),
        &cfg,
        &Calendar::new(&cfg),
        ymd(2026, 9, 15),
    );
    assert_eq!(raised_flags(&c), vec![Flag::ExemptionReached]);
}

#[test]
fn gap_makes_repayment_due_with_the_fiscal_year_end() {
    let mut l = loan(&[(ymd(2024, 4, 30), 3_300_000)]);
    l.events
        .push(event(LoanEventKind::Completion, ymd(2025, 3, 31)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2025, 4, 1)));
    l.events
        .push(event(LoanEventKind::EmploymentEnd, ymd(2025, 6, 15)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2025, 9, 1)));
    let d = run(&l, ymd(2025, 9, 2));
    let g = find(&d, "L-001/employment_gap_too_long/2025-06-15");
    assert!(!g.open);
    assert_eq!(
        g.followup.computation,
        vec!["2025-06-15 -> 2025-07-31 < 2025-09-01"]
    );
    let r = find(&d, "L-001/repayment");
    assert_eq!(r.followup.interest, Some(302_876));
    assert_eq!(r.followup.service_months, Some(3));
    let cfg = RulesConfig::default();
    let c = checks(
        &r.followup,
        Some(&l),
        &cfg,
        &Calendar::new(&cfg),
        ymd(2025, 9, 2),
    );
    assert_eq!(
        raised_flags(&c),
        vec![Flag::EmploymentGapTooLong, Flag::RepaymentDue]
    );
}

#[test]
fn short_year_and_late_notice_are_recorded() {
    let mut l = loan(&[(ymd(2024, 4, 30), 3_300_000)]);
    l.events
        .push(event(LoanEventKind::Completion, ymd(2025, 3, 31)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2025, 4, 1)));
    let mut leave = event(LoanEventKind::LeaveStart, ymd(2025, 6, 1));
    leave.notified_at = Some(ymd(2025, 6, 11)); // 6/11 is the deadline: on time
    l.events.push(leave);
    let mut back = event(LoanEventKind::LeaveEnd, ymd(2025, 7, 31));
    back.notified_at = Some(ymd(2025, 8, 20)); // due 8/11 (山の日) -> 8/12
    l.events.push(back);
    let mut report = event(LoanEventKind::StatusReport, ymd(2026, 4, 20));
    report.working_days = Some(150);
    l.events.push(report);
    let d = run(&l, ymd(2026, 5, 1));
    let refs: Vec<&str> = d.iter().map(|x| x.reference.as_str()).collect();
    assert_eq!(
        refs,
        vec![
            "L-001/status_report/2025",
            "L-001/notification_late/leave_end/2025-07-31",
            "L-001/working_days_below_200/2026-04-20",
            "L-001/repayment",
        ]
    );
    assert_eq!(d[1].followup.due, ymd(2025, 8, 12));
    assert!(!d[0].open && !d[1].open && !d[2].open && d[3].open);
    // April 2025 - May 2026 is 14 months; leave June-July deducts 2.
    assert_eq!(d[3].followup.service_months, Some(12));
}

#[test]
fn checks_without_a_ledger_raise_the_topic() {
    let cfg = RulesConfig::default();
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    l.years_approved = 2;
    let d = run(&l, ymd(2026, 4, 16));
    let f = &d[0].followup;
    let c = checks(f, None, &cfg, &Calendar::new(&cfg), ymd(2026, 4, 16));
    assert_eq!(raised_flags(&c), vec![Flag::ContinuationOverdue]);
    let c = checks(f, Some(&l), &cfg, &Calendar::new(&cfg), ymd(2026, 4, 16));
    assert_eq!(raised_flags(&c), vec![Flag::ContinuationOverdue]);
    assert!(c.iter().any(|x| x.flag == Flag::RepaymentDue && !x.raised));
    l.events.push(event(
        LoanEventKind::ContinuationSubmitted,
        ymd(2026, 4, 17),
    ));
    let c = checks(f, Some(&l), &cfg, &Calendar::new(&cfg), ymd(2026, 4, 18));
    assert!(raised_flags(&c).is_empty());
}

#[test]
fn ledger_lines_show_service_and_repayment() {
    let cfg = RulesConfig::default();
    let cal = Calendar::new(&cfg);
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000), (ymd(2026, 4, 30), 3_300_000)]);
    l.events
        .push(event(LoanEventKind::Completion, ymd(2027, 3, 31)));
    l.events
        .push(event(LoanEventKind::EmploymentStart, ymd(2027, 4, 1)));
    let mut leave = event(LoanEventKind::LeaveStart, ymd(2027, 10, 20));
    leave.end_date = Some(ymd(2027, 11, 5));
    l.events.push(leave);
    let lines = ledger_lines(&l, &cfg, &cal, ymd(2028, 9, 15));
    assert_eq!(lines[0], "L-001 FY2025-FY2026 (2y x ¥3,300,000)");
    assert!(lines.contains(&"Σ ¥6,600,000".to_string()));
    assert!(
        lines.contains(&"16/36 (-2) -> 20".to_string()),
        "{lines:#?}"
    );
    assert!(lines.contains(&"- 2027-10, 2027-11".to_string()));
    assert!(lines.contains(&"-> 2030-05-31".to_string()));
    let mut quit = l.clone();
    quit.events
        .push(event(LoanEventKind::Cancellation, ymd(2028, 9, 1)));
    let lines = ledger_lines(&quit, &cfg, &cal, ymd(2028, 9, 15));
    // Interest to 2027-03-31: 700 and 335 days.
    assert!(lines.contains(&"2025-04-30 ¥3,300,000 x 10% x 700/365 = ¥632,876".to_string()));
    assert_eq!(lines.last().unwrap(), "¥6,600,000 + ¥935,752 = ¥7,535,752");
}

fn arb_event() -> impl Strategy<Value = LoanEvent> {
    (
        prop::sample::select(LoanEventKind::ALL.to_vec()),
        0i64..3000,
        prop::option::of(0i64..400),
        prop::option::of(0i64..40),
        prop::option::of(100u32..260),
    )
        .prop_map(|(kind, day, end, notice, days)| {
            let date = ymd(2024, 4, 1) + Duration::days(day);
            LoanEvent {
                event: kind,
                date,
                end_date: end.map(|e| date + Duration::days(e)),
                notified_at: notice.map(|n| date + Duration::days(n)),
                working_days: days,
                facility_number: None,
                note: None,
                amount: None,
            }
        })
}

fn arb_loan() -> impl Strategy<Value = Loan> {
    (1u8..=4, prop::collection::vec(arb_event(), 0..12)).prop_map(|(years, events)| {
        let mut l = loan(
            &(0..years)
                .map(|k| (ymd(2024 + i32::from(k), 4, 30), 3_300_000))
                .collect::<Vec<_>>(),
        );
        l.events = events;
        l
    })
}

proptest! {
    #[test]
    fn followups_are_idempotent_and_months_never_negative(l in arb_loan(), day in 0i64..3500) {
        let today = ymd(2024, 4, 1) + Duration::days(day);
        let cfg = RulesConfig::default();
        let first = run(&l, today);
        let second = run(&l, today);
        prop_assert_eq!(&first, &second);
        let mut refs: Vec<&str> = first.iter().map(|d| d.reference.as_str()).collect();
        refs.sort();
        let n = refs.len();
        refs.dedup();
        prop_assert_eq!(refs.len(), n, "references are unique");
        prop_assert!(service_months(&l, &cfg, today) >= 0);
        prop_assert!(first.iter().all(|d| d.followup.service_months.is_none_or(|m| m >= 0)));
    }
}
