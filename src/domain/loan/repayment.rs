//! Repayment (返還): what makes it due, and principal plus interest by days.

use super::service::{
    first_event, first_gap, first_not_designated, required_months, service_months,
};
use super::workplaces::Workplaces;
use crate::domain::config::RulesConfig;
use crate::domain::flags::Flag;
use crate::domain::model::{Loan, LoanEventKind};
use crate::domain::time::{fiscal_year, fiscal_year_bounds};
use chrono::NaiveDate;

/// Days in the interest year, leap years included (DOMAIN.md, Adopted).
pub const DAYS_IN_YEAR: i64 = 365;
/// The statutory rate, 年10%.
pub const INTEREST_PERCENT: i64 = 10;

/// Interest on one disbursement at 10% a year: amount x 10% x days / 365,
/// truncated to whole yen, where days = end - disbursement date (翌日起算).
pub fn interest(amount: i64, disbursement_date: NaiveDate, end_date: NaiveDate) -> i64 {
    interest_at(INTEREST_PERCENT, amount, disbursement_date, end_date)
}

/// Interest at a given annual percentage; none when the end is not after
/// the disbursement.
pub fn interest_at(
    percent: i64,
    amount: i64,
    disbursement_date: NaiveDate,
    end_date: NaiveDate,
) -> i64 {
    let days = (end_date - disbursement_date).num_days().max(0);
    let v = i128::from(amount) * i128::from(percent) * i128::from(days)
        / (100 * i128::from(DAYS_IN_YEAR));
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Why repayment became due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Left the training hospital before completing training (中止・退職).
    Resignation,
    /// Withdrew from the loan (辞退届).
    Withdrawal,
    /// The loan decision was cancelled (貸与決定の取消し), for the reason
    /// its record names (ア–キ), if it names one.
    Cancellation {
        reason: Option<super::cancellation::CancellationReason>,
    },
    /// No designated workplace in time after completion or a previous one.
    EmploymentGap,
    /// A service year with fewer working days than required.
    WorkingDaysBelow { days: u32 },
    /// Service at a facility that is not designated (§13(2)).
    NotDesignated,
}

impl Trigger {
    /// The loan event or flag id that names the cause.
    pub fn id(self) -> &'static str {
        match self {
            Trigger::Resignation => LoanEventKind::Resignation.id(),
            Trigger::Withdrawal => LoanEventKind::Withdrawal.id(),
            Trigger::Cancellation { .. } => LoanEventKind::Cancellation.id(),
            Trigger::EmploymentGap => Flag::EmploymentGapTooLong.id(),
            Trigger::WorkingDaysBelow { .. } => Flag::WorkingDaysBelow200.id(),
            Trigger::NotDesignated => Flag::NotDesignatedWorkplace.id(),
        }
    }

    /// The flag of the cause, when SPEC has one.
    pub fn flag(self) -> Option<Flag> {
        match self {
            Trigger::EmploymentGap => Some(Flag::EmploymentGapTooLong),
            Trigger::WorkingDaysBelow { .. } => Some(Flag::WorkingDaysBelow200),
            Trigger::NotDesignated => Some(Flag::NotDesignatedWorkplace),
            _ => None,
        }
    }
}

/// Interest on one disbursement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterestLine {
    pub date: NaiveDate,
    pub amount: i64,
    pub days: i64,
    pub interest: i64,
}

/// The full repayment owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repayment {
    pub trigger: Trigger,
    pub trigger_date: NaiveDate,
    /// The last day interest runs to.
    pub end_date: NaiveDate,
    /// The annual rate applied, in percent.
    pub percent: i64,
    pub lines: Vec<InterestLine>,
    pub principal: i64,
    pub interest: i64,
    pub total: i64,
}

/// The end of the interest period: the resignation date on resignation;
/// otherwise March 31 of the fiscal year of the last disbursement.
pub fn repayment_end_date(loan: &Loan, resignation: Option<NaiveDate>) -> Option<NaiveDate> {
    if resignation.is_some() {
        return resignation;
    }
    let last = loan.disbursements.iter().map(|d| d.date).max()?;
    Some(fiscal_year_bounds(fiscal_year(last)).1)
}

/// Principal and interest per disbursement up to `end_date`, for the
/// disbursements made on or before `today`.
pub fn compute(
    loan: &Loan,
    cfg: &RulesConfig,
    trigger: Trigger,
    trigger_date: NaiveDate,
    end_date: NaiveDate,
    today: NaiveDate,
) -> Repayment {
    let mut paid: Vec<_> = loan
        .disbursements
        .iter()
        .filter(|d| d.date <= today)
        .collect();
    paid.sort_by_key(|d| d.date);
    let lines: Vec<InterestLine> = paid
        .iter()
        .map(|d| InterestLine {
            date: d.date,
            amount: d.amount,
            days: (end_date - d.date).num_days().max(0),
            interest: interest_at(cfg.loan_interest_percent, d.amount, d.date, end_date),
        })
        .collect();
    let principal: i64 = lines.iter().map(|l| l.amount).sum();
    let interest: i64 = lines.iter().map(|l| l.interest).sum();
    Repayment {
        trigger,
        trigger_date,
        end_date,
        percent: cfg.loan_interest_percent,
        lines,
        principal,
        interest,
        total: principal + interest,
    }
}

/// The earliest cause of repayment as of `today`, ignoring causes that came
/// after service was already complete.
pub fn trigger(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> Option<(Trigger, NaiveDate)> {
    let completion = first_event(loan, LoanEventKind::Completion, today).map(|e| e.date);
    let mut found: Vec<(NaiveDate, Trigger)> = Vec::new();
    for e in super::service::events_as_of(loan, today) {
        match e.event {
            LoanEventKind::Resignation if completion.is_none_or(|c| e.date < c) => {
                found.push((e.date, Trigger::Resignation));
            }
            LoanEventKind::Withdrawal => found.push((e.date, Trigger::Withdrawal)),
            LoanEventKind::Cancellation => {
                let reason = e
                    .note
                    .as_deref()
                    .and_then(super::cancellation::CancellationReason::from_note);
                found.push((e.date, Trigger::Cancellation { reason }));
            }
            LoanEventKind::StatusReport => {
                if let Some(days) = e.working_days.filter(|d| *d < cfg.loan_min_working_days) {
                    found.push((e.date, Trigger::WorkingDaysBelow { days }));
                }
            }
            _ => {}
        }
    }
    if let Some(g) = first_gap(loan, w, cfg, today) {
        found.push((g.since(), Trigger::EmploymentGap));
    }
    if let Some(e) = first_not_designated(loan, w, today) {
        // Within a prior obligation the work is that loan's: a cause from the day after.
        let since = loan.obligations_end().map_or(e.date, |end| {
            e.date.max(crate::domain::time::add_days(end, 1))
        });
        found.push((since, Trigger::NotDesignated));
    }
    found.sort_by_key(|(d, _)| *d);
    let required = required_months(loan, cfg, today);
    found
        .into_iter()
        .find(|(d, _)| service_months(loan, w, cfg, *d) < required)
        .map(|(d, t)| (t, d))
}

/// The repayment owed as of `today`, if any cause has arisen and anything was
/// disbursed.
pub fn repayment(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> Option<Repayment> {
    let (t, date) = trigger(loan, w, cfg, today)?;
    if !loan.disbursements.iter().any(|d| d.date <= today) {
        return None;
    }
    let paid = Loan {
        disbursements: loan
            .disbursements
            .iter()
            .filter(|d| d.date <= today)
            .copied()
            .collect(),
        ..loan.clone()
    };
    let resignation = (t == Trigger::Resignation).then_some(date);
    let end = repayment_end_date(&paid, resignation)?;
    Some(compute(loan, cfg, t, date, end, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::fixtures::{completed_and_working, loan_with, status_report};
    use crate::domain::time::ymd;
    use proptest::prelude::*;

    #[test]
    fn worked_example_interest() {
        let cfg = RulesConfig::default();
        assert_eq!(
            interest(3_300_000, ymd(2023, 4, 28), ymd(2025, 3, 31)),
            635_589
        );
        assert_eq!(
            interest(3_300_000, ymd(2024, 4, 30), ymd(2025, 3, 31)),
            302_876
        );
        let l = loan_with(
            &[(ymd(2023, 4, 28), 3_300_000), (ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Resignation, ymd(2025, 3, 31))],
        );
        let r = repayment(&l, &Workplaces::ALL, &cfg, ymd(2025, 4, 10)).unwrap();
        assert_eq!(r.trigger, Trigger::Resignation);
        assert_eq!(r.end_date, ymd(2025, 3, 31));
        let days: Vec<i64> = r.lines.iter().map(|x| x.days).collect();
        assert_eq!(days, vec![703, 335]);
        assert_eq!(
            (r.principal, r.interest, r.total),
            (6_600_000, 938_465, 7_538_465)
        );
    }

    #[test]
    fn withdrawal_runs_interest_to_the_fiscal_year_end() {
        let cfg = RulesConfig::default();
        let l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Withdrawal, ymd(2024, 10, 1))],
        );
        let r = repayment(&l, &Workplaces::ALL, &cfg, ymd(2024, 10, 2)).unwrap();
        assert_eq!(r.end_date, ymd(2025, 3, 31));
        assert_eq!(r.lines[0].days, 335);
        assert_eq!(r.interest, 302_876);
        assert!(repayment(&l, &Workplaces::ALL, &cfg, ymd(2024, 9, 30)).is_none());
    }

    /// 取消 ア–キ: each reason named on the repayment, which is the whole
    /// loan with interest to the fiscal year's end (§15(2)); a cancellation
    /// whose record names no reason is still one.
    #[test]
    fn a_cancellation_names_its_reason_and_makes_the_whole_loan_repayable() {
        use super::super::cancellation::CancellationReason;
        let cfg = RulesConfig::default();
        for r in CancellationReason::ALL {
            let mut l = loan_with(
                &[(ymd(2024, 4, 30), 3_300_000)],
                &[(LoanEventKind::Cancellation, ymd(2024, 10, 1))],
            );
            l.events[0].note = Some(format!("{} 令和6年9月の決定", r.letter()));
            let rep = repayment(&l, &Workplaces::ALL, &cfg, ymd(2024, 10, 2)).unwrap();
            assert_eq!(rep.trigger, Trigger::Cancellation { reason: Some(r) });
            assert_eq!(rep.end_date, ymd(2025, 3, 31));
            assert_eq!((rep.interest, rep.total), (302_876, 3_602_876));
        }
        let l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Cancellation, ymd(2024, 10, 1))],
        );
        let rep = repayment(&l, &Workplaces::ALL, &cfg, ymd(2024, 10, 2)).unwrap();
        assert_eq!(rep.trigger, Trigger::Cancellation { reason: None });
    }

    #[test]
    fn resignation_after_completion_is_not_a_cause() {
        let cfg = RulesConfig::default();
        let l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[
                (LoanEventKind::Completion, ymd(2025, 3, 31)),
                (LoanEventKind::Resignation, ymd(2025, 3, 31)),
                (LoanEventKind::EmploymentStart, ymd(2025, 4, 1)),
            ],
        );
        assert!(repayment(&l, &Workplaces::ALL, &cfg, ymd(2025, 8, 1)).is_none());
    }

    #[test]
    fn below_200_days_makes_repayment_due_unless_service_was_complete() {
        let cfg = RulesConfig::default();
        let mut l = completed_and_working();
        l.events.push(status_report(ymd(2026, 4, 20), 180));
        let r = repayment(&l, &Workplaces::ALL, &cfg, ymd(2026, 5, 1)).unwrap();
        assert_eq!(r.trigger, Trigger::WorkingDaysBelow { days: 180 });
        assert_eq!(r.end_date, ymd(2025, 3, 31));
        // With 18 months served by the report date, nothing is owed.
        let mut done = l.clone();
        done.events.last_mut().unwrap().date = ymd(2026, 10, 1);
        assert!(repayment(&done, &Workplaces::ALL, &cfg, ymd(2026, 10, 2)).is_none());
    }

    proptest! {
        #[test]
        fn interest_is_monotone_in_days(amount in 0i64..10_000_000, a in 0i64..3000, b in 0i64..3000) {
            let d0 = ymd(2023, 4, 28);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let i_lo = interest(amount, d0, d0 + chrono::Duration::days(lo));
            let i_hi = interest(amount, d0, d0 + chrono::Duration::days(hi));
            prop_assert!(i_lo <= i_hi);
            prop_assert!(i_lo >= 0);
        }
    }
}
