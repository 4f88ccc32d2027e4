//! After the repayment is computed: the payment notice (納入通知書) and its
//! deadline (納期限), deferrals (返還猶予), payments, waivers (返還免除) and
//! late-payment interest (延滞利息, 年15%).
//!
//! Late interest runs on the amount still unpaid, by days, from the day after
//! the deadline to the day of payment (or today), with the same day count and
//! truncation as the 10% interest: balance x 15% x days / 365, truncated to
//! whole yen per stretch of days at one balance. Payments go to the repayment
//! first, then to late interest. A payment counts on its own day (the day of
//! payment still bears interest; the next day does not).

use super::rows::LedgerRow;
use super::service::events_as_of;
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::model::{Loan, LoanEventKind};
use crate::domain::time::add_days;
use chrono::NaiveDate;

/// Late interest over a stretch of days at one unpaid balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LateLine {
    /// The first day counted.
    pub from: NaiveDate,
    /// The last day counted.
    pub to: NaiveDate,
    pub balance: i64,
    pub days: i64,
    pub interest: i64,
}

/// Where a repayment stands as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// What the repayment computation came to (principal + interest).
    pub billed: i64,
    /// The notice sent, with the deadline it gave: (sent, 納期限).
    pub notice: Option<(NaiveDate, NaiveDate)>,
    /// The deadline in force: the notice's, rolled to a business day and
    /// moved by every deferral granted by then.
    pub deadline: Option<NaiveDate>,
    /// Deferrals: (granted, until, rolled to a business day).
    pub deferrals: Vec<(NaiveDate, NaiveDate)>,
    pub payments: Vec<(NaiveDate, i64)>,
    /// Waivers: (date, yen, or None for all that remained).
    pub waivers: Vec<(NaiveDate, Option<i64>)>,
    pub paid: i64,
    pub waived: i64,
    /// The repayment after waivers: `billed - waived` (late interest apart).
    pub amount_due: i64,
    pub percent: i64,
    pub late_lines: Vec<LateLine>,
    pub late_interest: i64,
    /// Still owed: amount due + late interest - paid, never negative.
    pub outstanding: i64,
    /// The deadline in force has passed, nothing covers today, and something is owed.
    pub overdue: bool,
}

/// Late interest at `percent` a year on `balance` for `days` days,
/// truncated to whole yen (the 10% interest's rule).
pub fn late_interest_at(percent: i64, balance: i64, days: i64) -> i64 {
    let v = i128::from(balance.max(0)) * i128::from(percent) * i128::from(days.max(0))
        / (100 * i128::from(super::repayment::DAYS_IN_YEAR));
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Where the repayment of `billed` yen stands as of `today`, from the
/// ledger's notice, deferral, payment and waiver events.
pub fn settle(
    loan: &Loan,
    billed: i64,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Settlement {
    let events = events_as_of(loan, today);
    let notice = events
        .iter()
        .filter(|e| e.event == LoanEventKind::RepaymentNotice)
        .filter_map(|e| e.end_date.map(|d| (e.date, d)))
        .next_back();
    let deferrals: Vec<(NaiveDate, NaiveDate)> = events
        .iter()
        .filter(|e| e.event == LoanEventKind::Deferral)
        .filter_map(|e| e.end_date.map(|u| (e.date, cal.roll_forward(u))))
        .collect();
    let payments: Vec<(NaiveDate, i64)> = events
        .iter()
        .filter(|e| e.event == LoanEventKind::Payment)
        .map(|e| (e.date, e.amount.unwrap_or(0)))
        .collect();
    let waivers: Vec<(NaiveDate, Option<i64>)> = events
        .iter()
        .filter(|e| e.event == LoanEventKind::Waiver)
        .map(|e| (e.date, e.amount))
        .collect();
    // A deferral granted by the deadline in force moves it to its end.
    let deadline = notice.map(|(_, d)| {
        let mut d = cal.roll_forward(d);
        while let Some(u) = deferrals
            .iter()
            .filter(|(g, u)| *g <= d && *u > d)
            .map(|(_, u)| *u)
            .max()
        {
            d = u;
        }
        d
    });
    let full_waiver = waivers.iter().find(|(_, a)| a.is_none()).map(|(d, _)| *d);
    // Before a full waiver, what was paid or waived in part by the start of `day`.
    let reduced_before = |day: NaiveDate| -> i64 {
        payments
            .iter()
            .filter(|(d, _)| *d < day)
            .map(|(_, a)| *a)
            .chain(
                waivers
                    .iter()
                    .filter(|(d, _)| *d < day)
                    .filter_map(|(_, a)| *a),
            )
            .sum()
    };
    // A deferral granted after the deadline suspends late interest while it runs.
    let paused = |day: NaiveDate| {
        deadline.is_some_and(|dl| {
            deferrals
                .iter()
                .any(|(g, u)| *g > dl && *g <= day && day <= *u)
        })
    };
    let percent = cfg.loan_late_interest_percent;
    let mut late_lines: Vec<LateLine> = Vec::new();
    if let Some(dl) = deadline {
        let last = full_waiver.map_or(today, |w| w.min(today));
        let mut day = add_days(dl, 1);
        while day <= last {
            let balance = (billed - reduced_before(day)).max(0);
            if balance > 0 && !paused(day) {
                match late_lines.last_mut() {
                    Some(l) if l.balance == balance && add_days(l.to, 1) == day => {
                        l.to = day;
                        l.days += 1;
                    }
                    _ => late_lines.push(LateLine {
                        from: day,
                        to: day,
                        balance,
                        days: 1,
                        interest: 0,
                    }),
                }
            }
            if day == NaiveDate::MAX {
                break;
            }
            day = add_days(day, 1);
        }
        for l in &mut late_lines {
            l.interest = late_interest_at(percent, l.balance, l.days);
        }
    }
    let late_interest: i64 = late_lines.iter().map(|l| l.interest).sum();
    let paid: i64 = payments.iter().map(|(_, a)| *a).sum();
    let partial: i64 = waivers.iter().filter_map(|(_, a)| *a).sum();
    let (waived, outstanding) = match full_waiver {
        // All that remained is waived, late interest included.
        Some(w) => {
            let paid_by = payments
                .iter()
                .filter(|(d, _)| *d <= w)
                .map(|(_, a)| *a)
                .sum::<i64>();
            (billed - paid_by.min(billed), 0)
        }
        None => (
            partial.min(billed),
            (billed - partial.min(billed) + late_interest - paid).max(0),
        ),
    };
    let overdue = deadline.is_some_and(|dl| today > dl) && outstanding > 0 && !paused(today);
    Settlement {
        billed,
        notice,
        deadline,
        deferrals,
        payments,
        waivers,
        paid,
        waived,
        amount_due: billed - waived,
        percent,
        late_lines,
        late_interest,
        outstanding,
        overdue,
    }
}

impl Settlement {
    /// Whether anything beyond the computation happened (a notice, a payment,
    /// a deferral or a waiver).
    pub fn has_activity(&self) -> bool {
        self.notice.is_some()
            || !self.deferrals.is_empty()
            || !self.payments.is_empty()
            || !self.waivers.is_empty()
    }

    /// Fully paid or waived: nothing is owed any more.
    pub fn settled(&self) -> bool {
        self.outstanding == 0 && (self.paid > 0 || self.waived > 0)
    }

    /// The settlement, one row a step (after the repayment computation).
    pub fn rows(&self) -> Vec<LedgerRow> {
        let mut v = Vec::new();
        if let (Some((sent, given)), Some(dl)) = (self.notice, self.deadline) {
            v.push(LedgerRow::Notice {
                sent,
                deadline: given,
                moved_to: (dl != given).then_some(dl),
            });
        }
        for (granted, until) in &self.deferrals {
            v.push(LedgerRow::Deferral {
                granted: *granted,
                until: *until,
            });
        }
        for (date, amount) in &self.payments {
            v.push(LedgerRow::Payment {
                date: *date,
                amount: *amount,
            });
        }
        for (date, amount) in &self.waivers {
            v.push(LedgerRow::Waiver {
                date: *date,
                amount: *amount,
            });
        }
        for l in &self.late_lines {
            v.push(LedgerRow::LateInterest {
                from: l.from,
                to: l.to,
                balance: l.balance,
                percent: self.percent,
                days: l.days,
                interest: l.interest,
            });
        }
        if self.has_activity() {
            v.push(LedgerRow::Outstanding {
                amount_due: self.amount_due,
                late_interest: self.late_interest,
                paid: self.paid,
                outstanding: self.outstanding,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::fixtures::loan;
    use crate::domain::model::LoanEvent;
    use crate::domain::time::ymd;

    const BILLED: i64 = 7_538_465;

    fn notice(sent: NaiveDate, deadline: NaiveDate) -> LoanEvent {
        let mut e = LoanEvent::new(LoanEventKind::RepaymentNotice, sent);
        e.end_date = Some(deadline);
        e
    }

    fn payment(date: NaiveDate, amount: i64) -> LoanEvent {
        let mut e = LoanEvent::new(LoanEventKind::Payment, date);
        e.amount = Some(amount);
        e
    }

    fn run(l: &Loan, today: NaiveDate) -> Settlement {
        let cfg = RulesConfig::default();
        settle(l, BILLED, &cfg, &Calendar::new(&cfg), today)
    }

    #[test]
    fn worked_example_late_interest_with_a_part_payment() {
        // ¥7,538,465 billed (DOMAIN's worked example), notice sent 2025-05-01
        // with deadline Friday 2025-05-30. ¥3,000,000 paid 2025-07-15, today
        // 2025-08-31.
        // 5/31..7/15 = 46 days on ¥7,538,465: 7,538,465 x 15% x 46/365
        //   = 142,507.9… -> ¥142,507.
        // 7/16..8/31 = 47 days on ¥4,538,465: 4,538,465 x 15% x 47/365
        //   = 87,660.7… -> ¥87,660.
        // Late interest ¥230,167; outstanding 7,538,465 + 230,167 - 3,000,000
        //   = ¥4,768,632.
        let mut l = loan(&[]);
        l.events.push(notice(ymd(2025, 5, 1), ymd(2025, 5, 30)));
        l.events.push(payment(ymd(2025, 7, 15), 3_000_000));
        let s = run(&l, ymd(2025, 8, 31));
        let days: Vec<i64> = s.late_lines.iter().map(|x| x.days).collect();
        assert_eq!(days, vec![46, 47]);
        let each: Vec<i64> = s.late_lines.iter().map(|x| x.interest).collect();
        assert_eq!(each, vec![142_507, 87_660]);
        assert_eq!(s.late_interest, 230_167);
        assert_eq!(s.paid, 3_000_000);
        assert_eq!(s.outstanding, 4_768_632);
        assert!(s.overdue);
        assert_eq!(
            s.rows(),
            vec![
                LedgerRow::Notice {
                    sent: ymd(2025, 5, 1),
                    deadline: ymd(2025, 5, 30),
                    moved_to: None,
                },
                LedgerRow::Payment {
                    date: ymd(2025, 7, 15),
                    amount: 3_000_000,
                },
                LedgerRow::LateInterest {
                    from: ymd(2025, 5, 31),
                    to: ymd(2025, 7, 15),
                    balance: 7_538_465,
                    percent: 15,
                    days: 46,
                    interest: 142_507,
                },
                LedgerRow::LateInterest {
                    from: ymd(2025, 7, 16),
                    to: ymd(2025, 8, 31),
                    balance: 4_538_465,
                    percent: 15,
                    days: 47,
                    interest: 87_660,
                },
                LedgerRow::Outstanding {
                    amount_due: 7_538_465,
                    late_interest: 230_167,
                    paid: 3_000_000,
                    outstanding: 4_768_632,
                },
            ]
        );
        // On the deadline itself nothing is late yet.
        let s = run(&l, ymd(2025, 5, 30));
        assert_eq!((s.late_interest, s.overdue), (0, false));
    }

    #[test]
    fn paid_in_full_by_the_deadline_settles_without_late_interest() {
        let mut l = loan(&[]);
        l.events.push(notice(ymd(2025, 5, 1), ymd(2025, 5, 30)));
        l.events.push(payment(ymd(2025, 5, 30), BILLED));
        let s = run(&l, ymd(2025, 9, 1));
        assert_eq!((s.late_interest, s.outstanding, s.overdue), (0, 0, false));
        assert!(s.settled());
    }

    #[test]
    fn a_deferral_granted_by_the_deadline_moves_it() {
        // Deadline 2025-05-30; deferral granted 5/20 until 2025-08-29 (Fri).
        // Paid in full 2025-09-08: 8/30..9/8 = 10 days on ¥7,538,465:
        // 7,538,465 x 15% x 10/365 = 30,979.9… -> ¥30,979.
        let mut l = loan(&[]);
        l.events.push(notice(ymd(2025, 5, 1), ymd(2025, 5, 30)));
        let mut d = LoanEvent::new(LoanEventKind::Deferral, ymd(2025, 5, 20));
        d.end_date = Some(ymd(2025, 8, 29));
        l.events.push(d);
        let s = run(&l, ymd(2025, 8, 29));
        assert_eq!(s.deadline, Some(ymd(2025, 8, 29)));
        assert!(!s.overdue);
        l.events.push(payment(ymd(2025, 9, 8), BILLED));
        let s = run(&l, ymd(2025, 9, 30));
        assert_eq!(s.late_interest, 30_979);
        assert_eq!(s.outstanding, 30_979);
        assert!(s.overdue, "late interest is still owed");
        l.events.push(payment(ymd(2025, 9, 30), 30_979));
        assert!(run(&l, ymd(2025, 10, 1)).settled());
    }

    #[test]
    fn a_deadline_on_a_weekend_moves_to_the_next_business_day() {
        // 2025-05-31 is a Saturday: due Monday 6/2, late from 6/3.
        let mut l = loan(&[]);
        l.events.push(notice(ymd(2025, 5, 1), ymd(2025, 5, 31)));
        let s = run(&l, ymd(2025, 6, 2));
        assert_eq!((s.deadline, s.overdue), (Some(ymd(2025, 6, 2)), false));
        let s = run(&l, ymd(2025, 6, 3));
        // 1 day: 7,538,465 x 15% x 1/365 = 3,097.9… -> ¥3,097.
        assert_eq!((s.late_interest, s.overdue), (3_097, true));
    }

    #[test]
    fn waivers_lower_the_amount_due_and_a_full_one_settles() {
        // ¥1,000,000 waived: due ¥6,538,465. Then everything else waived.
        let mut l = loan(&[]);
        let mut w = LoanEvent::new(LoanEventKind::Waiver, ymd(2025, 6, 1));
        w.amount = Some(1_000_000);
        l.events.push(w);
        let s = run(&l, ymd(2025, 6, 2));
        assert_eq!((s.amount_due, s.outstanding), (6_538_465, 6_538_465));
        assert_eq!(
            s.rows().last().unwrap(),
            &LedgerRow::Outstanding {
                amount_due: 6_538_465,
                late_interest: 0,
                paid: 0,
                outstanding: 6_538_465,
            }
        );
        l.events
            .push(LoanEvent::new(LoanEventKind::Waiver, ymd(2025, 7, 1)));
        let s = run(&l, ymd(2025, 7, 2));
        assert_eq!((s.amount_due, s.outstanding), (0, 0));
        assert!(s.settled());
    }
}
