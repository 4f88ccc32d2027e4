//! Deadlines around continuation and study interruption: the office's own
//! (disbursement by April 30, a hold while the borrower is on leave) and the
//! study plan's (form 17, three months ahead).

use super::rows::LedgerRow;
use super::service::{Span, events_as_of, leave_spans, training_stopped};
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::model::{Disbursement, Loan, LoanEvent, LoanEventKind};
use crate::domain::time::{fiscal_year, ymd};
use chrono::{Months, NaiveDate};

/// A leave overlapping the continuation period of fiscal year `fy` (forms
/// sent from March 1, due `due`): that year's disbursement may be held
/// (一時保留, §6(1)).
pub fn leave_during_continuation(
    loan: &Loan,
    fy: i32,
    due: NaiveDate,
    today: NaiveDate,
) -> Option<Span> {
    let from = ymd(fy, 3, 1);
    leave_spans(loan, today)
        .into_iter()
        .find(|s| s.start <= due && s.end >= from)
}

/// A continued year's disbursement, owed by the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisbursementOwed {
    pub fiscal_year: i32,
    /// April 30 of the year, or the day the continuation arrived if later.
    pub due: NaiveDate,
    pub submitted: NaiveDate,
    pub disbursed: Option<Disbursement>,
    /// Still owed (not disbursed, and not held for leave).
    pub open: bool,
}

impl DisbursementOwed {
    /// The follow-up's computation.
    pub fn rows(&self) -> Vec<LedgerRow> {
        let mut v = vec![LedgerRow::DisbursementDue {
            fiscal_year: self.fiscal_year,
            submitted: self.submitted,
            due: self.due,
        }];
        if let Some(d) = self.disbursed {
            v.push(LedgerRow::Disbursement {
                date: d.date,
                amount: d.amount,
                scheduled: false,
            });
        }
        v
    }
}

/// Every continued year whose continuation arrived and whose disbursement
/// was due by `today` (April 30, not rolled: the office pays before a
/// holiday, not after it). Open while nothing was disbursed in that fiscal
/// year; not open while the borrower was on leave in the continuation
/// period (the office may hold it) or once training stopped before the day.
pub fn disbursements_owed(
    loan: &Loan,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<DisbursementOwed> {
    let events = events_as_of(loan, today);
    let stop = training_stopped(&events);
    let mut out = Vec::new();
    for k in 1..i32::from(loan.years_approved) {
        let fy = loan.first_fiscal_year + k;
        let Some(submitted) = events
            .iter()
            .find(|e| {
                e.event == LoanEventKind::ContinuationSubmitted
                    && ymd(fy, 3, 1) <= e.date
                    && e.date < ymd(fy + 1, 3, 1)
            })
            .map(|e| e.date)
        else {
            continue;
        };
        let due = ymd(fy, 4, cfg.loan_disbursement_due_day).max(submitted);
        if today <= due || stop.is_some_and(|s| s <= due) {
            continue;
        }
        let disbursed = loan
            .disbursements
            .iter()
            .find(|d| d.date <= today && fiscal_year(d.date) == fy)
            .copied();
        let continuation_due = cal.roll_forward(ymd(fy, 4, cfg.loan_continuation_due_day));
        let held = leave_during_continuation(loan, fy, continuation_due, today).is_some();
        out.push(DisbursementOwed {
            fiscal_year: fy,
            due,
            submitted,
            disbursed,
            open: disbursed.is_none() && !held,
        });
    }
    out
}

/// A study-interruption plan that arrived after it was due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyPlanLate {
    pub due: NaiveDate,
    pub notified: NaiveDate,
}

impl StudyPlanLate {
    /// The follow-up's computation row, for a study starting on `start`
    /// whose plan is due `months_ahead` months before.
    pub fn row(&self, start: NaiveDate, months_ahead: u32) -> LedgerRow {
        LedgerRow::StudyPlanLate {
            start,
            months_ahead,
            due: self.due,
            notified: self.notified,
            days_late: (self.notified - self.due).num_days(),
        }
    }
}

/// The day a study-interruption plan (form 17) is due: `months` before the
/// study starts, on the same day of the month or the month's last day when
/// it has no such day, rolled to a business day like every deadline owed to
/// the office.
pub fn study_plan_due(start: NaiveDate, months: u32, cal: &Calendar) -> NaiveDate {
    let back = start
        .checked_sub_months(Months::new(months))
        .unwrap_or(start);
    cal.roll_forward(back)
}

/// Whether a plan event arrived late, as of `today`.
pub fn study_plan_late(
    e: &LoanEvent,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<StudyPlanLate> {
    if e.event != LoanEventKind::StudyInterruptionPlan {
        return None;
    }
    let notified = e.notified_at.filter(|n| *n <= today)?;
    let due = study_plan_due(e.date, cfg.loan_study_plan_months, cal);
    (notified > due).then_some(StudyPlanLate { due, notified })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests::cal;
    use crate::domain::loan::fixtures::{continuation, leave, loan};

    #[test]
    fn worked_example_study_plan_due_three_months_ahead() {
        // Study from 2026-07-01: due 2026-04-01 (Wednesday). Submitted
        // 2026-04-20: 19 days late.
        assert_eq!(study_plan_due(ymd(2026, 7, 1), 3, &cal()), ymd(2026, 4, 1));
        let mut plan = LoanEvent::new(LoanEventKind::StudyInterruptionPlan, ymd(2026, 7, 1));
        plan.notified_at = Some(ymd(2026, 4, 20));
        let cfg = RulesConfig::default();
        let late = study_plan_late(&plan, &cfg, &cal(), ymd(2026, 5, 1)).unwrap();
        assert_eq!(
            late.row(plan.date, 3),
            LedgerRow::StudyPlanLate {
                start: ymd(2026, 7, 1),
                months_ahead: 3,
                due: ymd(2026, 4, 1),
                notified: ymd(2026, 4, 20),
                days_late: 19,
            }
        );
        // Submitted on the due day: on time.
        plan.notified_at = Some(ymd(2026, 4, 1));
        assert!(study_plan_late(&plan, &cfg, &cal(), ymd(2026, 5, 1)).is_none());
    }

    #[test]
    fn study_plan_due_on_a_short_month_or_a_holiday() {
        // 2026-05-31 - 3 months: February has no 31st -> 2026-02-28, a
        // Saturday -> Monday 2026-03-02.
        assert_eq!(study_plan_due(ymd(2026, 5, 31), 3, &cal()), ymd(2026, 3, 2));
        // 2027-08-11 - 3 months = 2027-05-11 (Tuesday).
        assert_eq!(
            study_plan_due(ymd(2027, 8, 11), 3, &cal()),
            ymd(2027, 5, 11)
        );
    }

    #[test]
    fn worked_example_disbursement_overdue() {
        // FY2025 first; FY2026 continuation submitted 2026-04-10. Nothing
        // disbursed in FY2026 by April 30: overdue from 2026-05-01.
        let cfg = RulesConfig::default();
        let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
        l.years_approved = 2;
        l.events.push(continuation(ymd(2026, 4, 10)));
        assert!(disbursements_owed(&l, &cfg, &cal(), ymd(2026, 4, 30)).is_empty());
        let owed = disbursements_owed(&l, &cfg, &cal(), ymd(2026, 5, 1));
        assert_eq!(owed.len(), 1);
        assert_eq!((owed[0].due, owed[0].open), (ymd(2026, 4, 30), true));
        assert_eq!(
            owed[0].rows(),
            vec![LedgerRow::DisbursementDue {
                fiscal_year: 2026,
                submitted: ymd(2026, 4, 10),
                due: ymd(2026, 4, 30),
            }]
        );
        // Disbursed 5/8: no longer owed.
        l.disbursements.push(Disbursement {
            date: ymd(2026, 5, 8),
            amount: 3_300_000,
        });
        let owed = disbursements_owed(&l, &cfg, &cal(), ymd(2026, 5, 9));
        assert!(!owed[0].open);
    }

    #[test]
    fn worked_example_leave_during_the_continuation_period() {
        // Leave 2026-02-20 .. 2026-04-05 overlaps March 1 .. April 15 of
        // FY2026: the FY2026 disbursement may be held, and is not overdue.
        let cfg = RulesConfig::default();
        let mut l = loan(&[(ymd(2025, 4, 30), 3_300_000)]);
        l.years_approved = 2;
        l.events.push(leave(ymd(2026, 2, 20), ymd(2026, 4, 5)));
        l.events.push(continuation(ymd(2026, 4, 10)));
        let held = leave_during_continuation(&l, 2026, ymd(2026, 4, 15), ymd(2026, 5, 1));
        assert_eq!(held.map(|s| s.start), Some(ymd(2026, 2, 20)));
        let owed = disbursements_owed(&l, &cfg, &cal(), ymd(2026, 5, 1));
        assert!(!owed[0].open);
        // A leave that ended in February does not overlap.
        l.events[0].end_date = Some(ymd(2026, 2, 27));
        assert!(leave_during_continuation(&l, 2026, ymd(2026, 4, 15), ymd(2026, 5, 1)).is_none());
    }
}
