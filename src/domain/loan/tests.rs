//! Tests of the loan rules across submodules (the loans and events they make are `fixtures`').

use super::fixtures::*;
use super::*;
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::flags::{Check, Flag, raised_flags};
use crate::domain::loan::repayment::{Trigger, repayment};
use crate::domain::loan::settlement::settle;
use crate::domain::loan::workplaces::Workplaces;
use crate::domain::model::{Loan, LoanEvent, LoanEventKind};
use crate::domain::time::ymd;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

fn run(l: &Loan, today: NaiveDate) -> Vec<FollowupDraft> {
    let cfg = RulesConfig::default();
    followups(l, &Workplaces::ALL, &cfg, &Calendar::new(&cfg), today)
}

/// The flags [`checks`] raises for a follow-up, with the default rules and
/// every workplace.
fn raised(f: &LoanFollowup, l: Option<&Loan>, today: NaiveDate) -> Vec<Flag> {
    raised_flags(&checked(f, l, today))
}

/// What [`checks`] finds for a follow-up, with the default rules and every
/// workplace.
fn checked(f: &LoanFollowup, l: Option<&Loan>, today: NaiveDate) -> Vec<Check> {
    let cfg = RulesConfig::default();
    checks(f, l, &Workplaces::ALL, &cfg, &Calendar::new(&cfg), today)
}

fn find<'a>(drafts: &'a [FollowupDraft], reference: &str) -> &'a FollowupDraft {
    drafts
        .iter()
        .find(|d| d.reference == reference)
        .unwrap_or_else(|| panic!("no {reference} in {drafts:#?}"))
}

#[test]
fn worked_example_repayment_follow_up() {
    let mut l = loan(&[(ymd(2023, 4, 28), 3_300_000), (ymd(2024, 4, 30), 3_300_000)]);
    let mut quit = LoanEvent::new(LoanEventKind::Resignation, ymd(2025, 3, 31));
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
        late.computation,
        vec![LedgerRow::NoticeLate {
            kind: LoanEventKind::Resignation,
            date: ymd(2025, 3, 31),
            allowed_days: 10,
            deadline: ymd(2025, 4, 10),
            notified: ymd(2025, 4, 15),
            days_late: 5,
        }]
    );
    let r = &drafts[2];
    assert!(r.open);
    assert_eq!(r.followup.topic, "repayment_due");
    assert_eq!(r.followup.principal, Some(6_600_000));
    assert_eq!(r.followup.interest, Some(938_465));
    assert_eq!(r.followup.amount_due, Some(7_538_465));
    assert_eq!(r.followup.service_months, Some(0));
    assert_eq!(
        r.computation,
        vec![
            LedgerRow::RepaymentCause {
                cause: Trigger::Resignation,
                date: ymd(2025, 3, 31),
                interest_until: ymd(2025, 3, 31),
            },
            LedgerRow::Interest {
                disbursed: ymd(2023, 4, 28),
                amount: 3_300_000,
                percent: 10,
                days: 703,
                interest: 635_589,
            },
            LedgerRow::Interest {
                disbursed: ymd(2024, 4, 30),
                amount: 3_300_000,
                percent: 10,
                days: 335,
                interest: 302_876,
            },
            LedgerRow::RepaymentTotal {
                principal: 6_600_000,
                interest: 938_465,
                total: 7_538_465,
            },
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
    l.events.push(continuation(ymd(2026, 4, 20)));
    let d = run(&l, ymd(2026, 4, 21));
    assert!(!d[0].open);
    // Withdrawn before the due date: no continuation is owed.
    let mut w = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    w.years_approved = 3;
    w.events
        .push(LoanEvent::new(LoanEventKind::Withdrawal, ymd(2026, 3, 1)));
    let d = run(&w, ymd(2026, 5, 1));
    assert!(d.iter().all(|x| x.followup.topic != "continuation_overdue"));
}

#[test]
fn status_report_after_each_service_year() {
    let mut l = loan_with(
        &[(ymd(2025, 4, 30), 3_300_000), (ymd(2026, 4, 30), 3_300_000)],
        &[
            (LoanEventKind::Completion, ymd(2027, 3, 31)),
            (LoanEventKind::EmploymentStart, ymd(2027, 4, 1)),
        ],
    );
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
    l.events.push(status_report(ymd(2028, 4, 25), 230));
    let d = run(&l, ymd(2028, 5, 2));
    assert!(!find(&d, "L-001/status_report/2027").open);
    assert_eq!(recorded(&d), 0);
}

#[test]
fn exemption_reached_after_the_required_months() {
    let mut l = completed_and_working();
    l.events.push(status_report(ymd(2026, 4, 10), 240));
    let d = run(&l, ymd(2026, 8, 31));
    assert!(!find(&d, "L-001/status_report/2025").open);
    assert!(d.iter().all(|x| x.followup.topic != "exemption_reached"));
    let d = run(&l, ymd(2026, 9, 15));
    let e = find(&d, "L-001/exemption");
    assert!(e.open);
    assert_eq!(e.followup.topic, "exemption_reached");
    assert_eq!(e.followup.due, ymd(2026, 9, 30));
    assert_eq!(
        e.computation,
        vec![LedgerRow::ExemptionReached {
            months: 18,
            required: 18,
            date: ymd(2026, 9, 30),
        }]
    );
    assert_eq!(
        raised(&e.followup, Some(&l), ymd(2026, 9, 15)),
        vec![Flag::ExemptionReached]
    );
}

#[test]
fn gap_makes_repayment_due_with_the_fiscal_year_end() {
    let l = loan_with(
        &[(ymd(2024, 4, 30), 3_300_000)],
        &[
            (LoanEventKind::Completion, ymd(2025, 3, 31)),
            (LoanEventKind::EmploymentStart, ymd(2025, 4, 1)),
            (LoanEventKind::EmploymentEnd, ymd(2025, 6, 15)),
            (LoanEventKind::EmploymentStart, ymd(2025, 9, 1)),
        ],
    );
    let d = run(&l, ymd(2025, 9, 2));
    let g = find(&d, "L-001/employment_gap_too_long/2025-06-15");
    assert!(!g.open);
    assert_eq!(
        g.computation,
        vec![LedgerRow::EmploymentGap {
            after: ymd(2025, 6, 15),
            allowed_by: ymd(2025, 7, 31),
            next_start: Some(ymd(2025, 9, 1)),
        }]
    );
    let r = find(&d, "L-001/repayment");
    assert_eq!(r.followup.interest, Some(302_876));
    assert_eq!(r.followup.service_months, Some(3));
    assert_eq!(
        raised(&r.followup, Some(&l), ymd(2025, 9, 2)),
        vec![Flag::EmploymentGapTooLong, Flag::RepaymentDue]
    );
}

#[test]
fn short_year_is_recorded_and_leave_after_completion_owes_no_ten_day_notice() {
    let mut l = completed_and_working();
    let mut leave = LoanEvent::new(LoanEventKind::LeaveStart, ymd(2025, 6, 1));
    leave.notified_at = Some(ymd(2025, 6, 11));
    l.events.push(leave);
    // After completion a leave goes with the annual status report (§9): a
    // notice 20 days after the return is not late.
    let mut back = LoanEvent::new(LoanEventKind::LeaveEnd, ymd(2025, 7, 31));
    back.notified_at = Some(ymd(2025, 8, 20));
    l.events.push(back);
    l.events.push(status_report(ymd(2026, 4, 20), 150));
    let d = run(&l, ymd(2026, 5, 1));
    let refs: Vec<&str> = d.iter().map(|x| x.reference.as_str()).collect();
    assert_eq!(
        refs,
        vec![
            "L-001/status_report/2025",
            "L-001/working_days_below_200/2026-04-20",
            "L-001/repayment",
        ]
    );
    assert!(!d[0].open && !d[1].open && d[2].open);
    // April 2025 - May 2026 is 14 months; the leave's months June-July are
    // still deducted: 12.
    assert_eq!(d[2].followup.service_months, Some(12));
}

#[test]
fn worked_example_only_ten_day_notices_can_be_late() {
    // Completion 2025-03-31 notified 5/20, first workplace 4/1 notified 5/20:
    // no deadline (§7(1)(2)). Leave during training 2024-10-01 notified
    // 10/20: due 10/11 (+10d, a Friday) -> 9 days late. A change of workplace
    // 2025-09-01 notified 9/25: due 9/11 -> 14 days late. Illness 2024-11-05
    // notified 11/18: due 11/15 (a Friday) -> 3 days late. A details
    // change and a guarantor change notified within 10 days are on time.
    let mut l = loan(&[(ymd(2024, 4, 30), 3_300_000)]);
    use LoanEventKind::*;
    for (kind, date, notified) in [
        (LeaveStart, ymd(2024, 10, 1), ymd(2024, 10, 20)),
        (Illness, ymd(2024, 11, 5), ymd(2024, 11, 18)),
        (DetailsChange, ymd(2024, 12, 1), ymd(2024, 12, 11)),
        (GuarantorChange, ymd(2025, 1, 6), ymd(2025, 1, 16)),
        (Completion, ymd(2025, 3, 31), ymd(2025, 5, 20)),
        (EmploymentStart, ymd(2025, 4, 1), ymd(2025, 5, 20)),
        (EmploymentEnd, ymd(2025, 8, 31), ymd(2025, 9, 5)),
        (EmploymentStart, ymd(2025, 9, 1), ymd(2025, 9, 25)),
    ] {
        let mut e = LoanEvent::new(kind, date);
        e.notified_at = Some(notified);
        if kind == GuarantorChange {
            e.note = Some("新保証人 山田花子".into());
        }
        l.events.push(e);
    }
    let d = run(&l, ymd(2025, 10, 1));
    let late: Vec<(&str, &LedgerRow)> = d
        .iter()
        .filter(|x| x.followup.topic == "notification_late")
        .map(|x| (x.reference.as_str(), &x.computation[0]))
        .collect();
    let late_notice = |kind: LoanEventKind, date, deadline, notified, days_late| {
        let reference = format!("L-001/notification_late/{}/{date}", kind.id());
        let row = LedgerRow::NoticeLate {
            kind,
            date,
            allowed_days: 10,
            deadline,
            notified,
            days_late,
        };
        (reference, row)
    };
    let expected = [
        (
            LeaveStart,
            ymd(2024, 10, 1),
            ymd(2024, 10, 11),
            ymd(2024, 10, 20),
            9,
        ),
        (
            Illness,
            ymd(2024, 11, 5),
            ymd(2024, 11, 15),
            ymd(2024, 11, 18),
            3,
        ),
        (
            EmploymentStart,
            ymd(2025, 9, 1),
            ymd(2025, 9, 11),
            ymd(2025, 9, 25),
            14,
        ),
    ]
    .map(|(k, date, deadline, notified, days)| late_notice(k, date, deadline, notified, days));
    let expected: Vec<(&str, &LedgerRow)> =
        expected.iter().map(|(r, row)| (r.as_str(), row)).collect();
    assert_eq!(late, expected);
    let cfg = RulesConfig::default();
    let lines = ledger_rows(
        &l,
        &Workplaces::ALL,
        &cfg,
        &Calendar::new(&cfg),
        ymd(2025, 10, 1),
    );
    let event_row = |kind: LoanEventKind| {
        lines
            .iter()
            .find_map(|r| match r {
                LedgerRow::Event {
                    kind: k,
                    date,
                    notified_at,
                    notified_late,
                    note,
                    ..
                } if *k == kind && *notified_late == (kind == LoanEventKind::EmploymentStart) => {
                    Some((*date, *notified_at, *notified_late, note.clone()))
                }
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(
        event_row(LoanEventKind::Completion),
        (ymd(2025, 3, 31), Some(ymd(2025, 5, 20)), false, None)
    );
    assert_eq!(
        event_row(LoanEventKind::EmploymentStart),
        (ymd(2025, 9, 1), Some(ymd(2025, 9, 25)), true, None)
    );
    assert_eq!(
        event_row(LoanEventKind::GuarantorChange),
        (
            ymd(2025, 1, 6),
            Some(ymd(2025, 1, 16)),
            false,
            Some("新保証人 山田花子".to_string())
        )
    );
}

#[test]
fn checks_without_a_ledger_raise_the_topic() {
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    l.years_approved = 2;
    let d = run(&l, ymd(2026, 4, 16));
    let f = &d[0].followup;
    assert_eq!(
        raised(f, None, ymd(2026, 4, 16)),
        vec![Flag::ContinuationOverdue]
    );
    let c = checked(f, Some(&l), ymd(2026, 4, 16));
    assert_eq!(raised_flags(&c), vec![Flag::ContinuationOverdue]);
    assert!(c.iter().any(|x| x.flag == Flag::RepaymentDue && !x.raised));
    l.events.push(continuation(ymd(2026, 4, 17)));
    assert!(raised(f, Some(&l), ymd(2026, 4, 18)).is_empty());
}

#[test]
fn ledger_rows_show_service_and_repayment() {
    let cfg = RulesConfig::default();
    let cal = Calendar::new(&cfg);
    let mut l = loan_with(
        &[(ymd(2025, 4, 30), 3_300_000), (ymd(2026, 4, 30), 3_300_000)],
        &[
            (LoanEventKind::Completion, ymd(2027, 3, 31)),
            (LoanEventKind::EmploymentStart, ymd(2027, 4, 1)),
        ],
    );
    l.events.push(leave(ymd(2027, 10, 20), ymd(2027, 11, 5)));
    let lines = ledger_rows(&l, &Workplaces::ALL, &cfg, &cal, ymd(2028, 9, 15));
    assert_eq!(
        lines[0],
        LedgerRow::Terms {
            loan_id: "L-001".into(),
            first_fiscal_year: 2025,
            last_fiscal_year: 2026,
            years: 2,
            annual_amount: 3_300_000,
        }
    );
    assert!(lines.contains(&LedgerRow::DisbursedTotal { amount: 6_600_000 }));
    // 18 months from April 2027 minus 2 for the leave = 16 of 36.
    assert!(
        lines.contains(&LedgerRow::Service {
            months: 16,
            required: 36,
            deducted: 2,
            remaining: 20,
        }),
        "{lines:#?}"
    );
    assert!(lines.contains(&LedgerRow::DeductedMonths {
        months: vec![
            YearMonth {
                year: 2027,
                month: 10
            },
            YearMonth {
                year: 2027,
                month: 11
            }
        ]
    }));
    assert!(lines.contains(&LedgerRow::Exemption {
        date: ymd(2030, 5, 31),
        reached: false,
    }));
    let mut quit = l.clone();
    quit.events
        .push(LoanEvent::new(LoanEventKind::Cancellation, ymd(2028, 9, 1)));
    let lines = ledger_rows(&quit, &Workplaces::ALL, &cfg, &cal, ymd(2028, 9, 15));
    // Interest to 2027-03-31: 700 and 335 days.
    assert!(lines.contains(&LedgerRow::Interest {
        disbursed: ymd(2025, 4, 30),
        amount: 3_300_000,
        percent: 10,
        days: 700,
        interest: 632_876,
    }));
    assert_eq!(
        lines.last().unwrap(),
        &LedgerRow::RepaymentTotal {
            principal: 6_600_000,
            interest: 935_752,
            total: 7_535_752,
        }
    );
}

#[test]
fn worked_example_service_at_a_non_designated_facility() {
    // Completion 2025-03-31; designated F-1 from 2025-04-01, then from
    // 2025-10-01 F-9, which is not designated. Months counted: April-
    // September 2025 = 6 (October on counts none). Repayment is due from
    // 2025-10-01 (§13(2)): interest on ¥3,300,000 paid 2024-04-30 to
    // 2025-03-31 (no resignation: the fiscal year's end) = 335 days:
    // 3,300,000 x 10% x 335/365 = 302,876.7… -> ¥302,876.
    let f1 = crate::domain::FacilityNumber::parse("F-1").unwrap();
    let f9 = crate::domain::FacilityNumber::parse("F-9").unwrap();
    let mut l = loan_with(
        &[(ymd(2024, 4, 30), 3_300_000)],
        &[(LoanEventKind::Completion, ymd(2025, 3, 31))],
    );
    l.events.push(employment_at(ymd(2025, 4, 1), &f1));
    l.events.push(employment_at(ymd(2025, 10, 1), &f9));
    let mut fac = crate::domain::Facility {
        facility_number: f9,
        name: "民間クリニック".into(),
        prefecture: "三重県".into(),
        medical_area: None,
        dental: false,
        priority_area: false,
        certified: false,
        contact_email: None,
        last_report: None,
        designated: false,
    };
    let w = Workplaces::from_facilities([&fac]);
    let cfg = RulesConfig::default();
    let today = ymd(2025, 12, 15);
    assert_eq!(service_months(&l, &w, &cfg, today), 6);
    assert_eq!(service_months(&l, &Workplaces::ALL, &cfg, today), 9);
    let d = followups(&l, &w, &cfg, &Calendar::new(&cfg), today);
    let nd = find(&d, "L-001/not_designated_workplace/2025-10-01");
    assert!(!nd.open && nd.worth_recording());
    assert_eq!(
        nd.computation,
        vec![LedgerRow::NotDesignated {
            facility_number: Some(crate::domain::FacilityNumber::parse("F-9").unwrap()),
            start: ymd(2025, 10, 1),
            end: None,
        }]
    );
    let r = find(&d, "L-001/repayment");
    assert_eq!(
        r.computation[0],
        LedgerRow::RepaymentCause {
            cause: Trigger::NotDesignated,
            date: ymd(2025, 10, 1),
            interest_until: ymd(2025, 3, 31),
        }
    );
    assert_eq!(r.followup.interest, Some(302_876));
    let c = checks(&r.followup, Some(&l), &w, &cfg, &Calendar::new(&cfg), today);
    assert_eq!(
        raised_flags(&c),
        vec![Flag::RepaymentDue, Flag::NotDesignatedWorkplace]
    );
    // Designated after all: nothing is owed.
    fac.designated = true;
    let w = Workplaces::from_facilities([&fac]);
    let d = followups(&l, &w, &cfg, &Calendar::new(&cfg), today);
    assert!(d.iter().all(|x| x.followup.topic != "repayment_due"));
}

#[test]
fn worked_example_repayment_paid_late_then_in_full_closes() {
    // The worked repayment (¥7,538,465, resignation 2025-03-31). Notice sent
    // 2025-04-21, deadline 2025-05-30 (Fri). ¥7,538,465 paid 2025-06-09:
    // 5/31..6/9 = 10 days: 7,538,465 x 15% x 10/365 = 30,979.9… -> ¥30,979
    // late interest, still owed on 6/10 (payment_overdue); paid 6/20: closed.
    let mut l = loan_with(
        &[(ymd(2023, 4, 28), 3_300_000), (ymd(2024, 4, 30), 3_300_000)],
        &[(LoanEventKind::Resignation, ymd(2025, 3, 31))],
    );
    let mut notice = LoanEvent::new(LoanEventKind::RepaymentNotice, ymd(2025, 4, 21));
    notice.end_date = Some(ymd(2025, 5, 30));
    l.events.push(notice);
    let cfg = RulesConfig::default();
    let cal = Calendar::new(&cfg);
    let d = run(&l, ymd(2025, 5, 30));
    let r = find(&d, "L-001/repayment");
    assert_eq!(r.followup.due, ymd(2025, 5, 30));
    assert!(r.open && r.also.is_empty());
    let mut pay = LoanEvent::new(LoanEventKind::Payment, ymd(2025, 6, 9));
    pay.amount = Some(7_538_465);
    l.events.push(pay);
    let d = run(&l, ymd(2025, 6, 10));
    let r = find(&d, "L-001/repayment");
    assert!(r.open);
    assert_eq!(r.also, vec![Flag::PaymentOverdue]);
    assert_eq!(
        r.computation.last().unwrap(),
        &LedgerRow::Outstanding {
            amount_due: 7_538_465,
            late_interest: 30_979,
            paid: 7_538_465,
            outstanding: 30_979,
        }
    );
    assert_eq!(
        late_interest(&l, &Workplaces::ALL, &cfg, &cal, ymd(2025, 6, 10)),
        Some(30_979)
    );
    assert_eq!(
        raised(&r.followup, Some(&l), ymd(2025, 6, 10)),
        vec![Flag::RepaymentDue, Flag::PaymentOverdue]
    );
    let mut rest = LoanEvent::new(LoanEventKind::Payment, ymd(2025, 6, 20));
    rest.amount = Some(30_979);
    l.events.push(rest);
    let d = run(&l, ymd(2025, 6, 21));
    let r = find(&d, "L-001/repayment");
    assert!(!r.open && r.also.is_empty());
}

#[test]
fn a_full_waiver_closes_the_repayment() {
    let mut l = loan_with(
        &[(ymd(2024, 4, 30), 3_300_000)],
        &[(LoanEventKind::Cancellation, ymd(2024, 10, 1))],
    );
    let d = run(&l, ymd(2024, 10, 2));
    assert_eq!(
        find(&d, "L-001/repayment").followup.amount_due,
        Some(3_602_876)
    );
    let mut part = LoanEvent::new(LoanEventKind::Waiver, ymd(2024, 11, 1));
    part.amount = Some(602_876);
    l.events.push(part);
    let d = run(&l, ymd(2024, 11, 2));
    let r = find(&d, "L-001/repayment");
    assert_eq!((r.followup.amount_due, r.open), (Some(3_000_000), true));
    l.events
        .push(LoanEvent::new(LoanEventKind::Waiver, ymd(2024, 12, 1)));
    let d = run(&l, ymd(2024, 12, 2));
    let r = find(&d, "L-001/repayment");
    assert_eq!((r.followup.amount_due, r.open), (Some(0), false));
}

#[test]
fn study_plan_late_and_office_deadlines_are_follow_ups() {
    let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
    l.years_approved = 3;
    // On leave 2026-03-10 .. 2026-04-03, continuation in on 2026-04-10.
    l.events.push(leave(ymd(2026, 3, 10), ymd(2026, 4, 3)));
    l.events.push(continuation(ymd(2026, 4, 10)));
    // FY2027: continuation in 2027-04-12, never disbursed.
    l.events.push(continuation(ymd(2027, 4, 12)));
    let d = run(&l, ymd(2027, 5, 6));
    let c26 = find(&d, "L-001/continuation/2026");
    assert!(!c26.open && c26.worth_recording());
    assert_eq!(c26.also, vec![Flag::DisbursementMayBeHeld]);
    assert_eq!(
        c26.computation.last().unwrap(),
        &LedgerRow::HeldForLeave {
            start: ymd(2026, 3, 10),
            end: Some(ymd(2026, 4, 3)),
        }
    );
    // Held: the FY2026 disbursement is not overdue; FY2027's is.
    assert!(!find(&d, "L-001/disbursement/2026").open);
    let d27 = find(&d, "L-001/disbursement/2027");
    assert!(d27.open);
    assert_eq!(d27.followup.topic, "disbursement_overdue");
    assert_eq!(d27.followup.due, ymd(2027, 4, 30));
    assert_eq!(
        raised(&c26.followup, Some(&l), ymd(2027, 5, 6)),
        vec![Flag::DisbursementMayBeHeld]
    );
    let mut plan = LoanEvent::new(LoanEventKind::StudyInterruptionPlan, ymd(2027, 7, 1));
    plan.notified_at = Some(ymd(2027, 4, 20));
    l.events.push(plan);
    let d = run(&l, ymd(2027, 5, 6));
    let p = find(&d, "L-001/study_plan_late/2027-07-01");
    // 2027-07-01 - 3 months = 2027-04-01 (Thursday).
    assert_eq!(p.followup.due, ymd(2027, 4, 1));
    assert!(!p.open && p.worth_recording());
}

fn arb_event() -> impl Strategy<Value = LoanEvent> {
    (
        prop::sample::select(LoanEventKind::ALL.to_vec()),
        0i64..3000,
        prop::option::of(0i64..400),
        prop::option::of(0i64..40),
        prop::option::of(100u32..260),
        prop::option::of(prop::sample::select(vec!["F-1", "F-2", "F-9"])),
        prop::option::of(1i64..8_000_000),
    )
        .prop_map(|(kind, day, end, notice, days, facility, amount)| {
            let date = ymd(2024, 4, 1) + Duration::days(day);
            LoanEvent {
                event: kind,
                date,
                end_date: end.map(|e| date + Duration::days(e)),
                notified_at: notice.map(|n| date + Duration::days(n)),
                working_days: days,
                facility_number: facility
                    .and_then(|f| crate::domain::FacilityNumber::parse(f).ok()),
                note: None,
                amount,
            }
        })
}

/// F-9 is not designated (when `f9_designated` is false).
fn workplaces(f9_designated: bool) -> Workplaces {
    let f = crate::domain::Facility {
        facility_number: crate::domain::FacilityNumber::parse("F-9").unwrap(),
        name: "F-9".into(),
        prefecture: "三重県".into(),
        medical_area: None,
        dental: false,
        priority_area: false,
        certified: true,
        contact_email: None,
        last_report: None,
        designated: f9_designated,
    };
    Workplaces::from_facilities([&f])
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
    fn followups_are_idempotent_and_months_never_negative(
        l in arb_loan(),
        day in 0i64..3500,
        f9_designated in any::<bool>(),
    ) {
        let today = ymd(2024, 4, 1) + Duration::days(day);
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        let w = workplaces(f9_designated);
        let first = followups(&l, &w, &cfg, &cal, today);
        let second = followups(&l, &w, &cfg, &cal, today);
        prop_assert_eq!(&first, &second);
        for d in &first {
            // Every follow-up's checks can be evaluated and raise its extras.
            let c = checks(&d.followup, Some(&l), &w, &cfg, &cal, today);
            for also in &d.also {
                prop_assert!(c.iter().any(|x| x.flag == *also && x.raised));
            }
            prop_assert!(d.followup.amount_due.is_none_or(|a| a >= 0));
        }
        if let Some(r) = repayment(&l, &w, &cfg, today) {
            let s = settle(&l, r.total, &cfg, &cal, today);
            prop_assert!(s.late_interest >= 0 && s.outstanding >= 0);
            prop_assert!(s.amount_due <= r.total);
            let d = first.iter().find(|d| d.reference == "L-001/repayment");
            prop_assert_eq!(d.map(|d| d.open), Some(!s.settled()));
        }
        prop_assert!(
            service_months(&l, &w, &cfg, today) <= service_months(&l, &Workplaces::ALL, &cfg, today)
        );
        let mut refs: Vec<&str> = first.iter().map(|d| d.reference.as_str()).collect();
        refs.sort();
        let n = refs.len();
        refs.dedup();
        prop_assert_eq!(refs.len(), n, "references are unique");
        prop_assert!(service_months(&l, &w, &cfg, today) >= 0);
        prop_assert!(first.iter().all(|d| d.followup.service_months.is_none_or(|m| m >= 0)));
    }
}
