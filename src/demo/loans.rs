//! The demo's training loans: ledgers that give every loan rule something to find.

use super::{Demo, Stream};
use crate::domain::model::DEFAULT_ANNUAL_AMOUNT;
use crate::domain::time::{fiscal_year, ymd};
use crate::domain::{Disbursement, Loan, LoanEvent, LoanEventKind};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A notice usually sent within the 10 days, sometimes weeks late.
pub(super) fn notified(rng: &mut ChaCha8Rng, date: NaiveDate) -> Option<NaiveDate> {
    let days = if rng.gen_bool(0.15) {
        rng.gen_range(11..=40)
    } else {
        rng.gen_range(0..=9)
    };
    Some(date + Duration::days(days))
}

impl Demo {
    /// The person who holds loan `k`.
    pub(super) fn loan_person(&self, k: usize) -> usize {
        (k * 13 + 3) % self.person_count()
    }

    /// Loan `k`: FY2019 to today's fiscal year, 1–4 years, with continuations,
    /// leaves, completions, employment at designated hospitals, status reports
    /// (some under 200 days), resignations, withdrawals, late notices and
    /// missing documents, none of them after today.
    pub(super) fn loan(&self, k: usize) -> Loan {
        let mut rng = self.rng(Stream::Loan, k);
        let fy_today = fiscal_year(self.today);
        let first = rng.gen_range(2019..=fy_today.max(2019));
        let years = rng.gen_range(1..=4u8);
        let mut disbursements = Vec::new();
        let mut events = Vec::new();
        let facilities = self.facility_count();
        let first_j = rng.gen_range(0..facilities);
        let second_j = rng.gen_range(0..facilities);
        let workplace = self.facility_number(first_j);
        let second_workplace = self.facility_number(second_j);

        // Training years: continuation (from the 2nd year), disbursement.
        let mut ended_early = false;
        for y in 0..i32::from(years) {
            let fy = first + y;
            if y > 0 {
                if rng.gen_bool(0.08) {
                    // Continuation never came: that year is held, and the rest.
                    break;
                }
                let d = ymd(fy, 3, 20) + Duration::days(rng.gen_range(0..=25));
                events.push(LoanEvent::new(LoanEventKind::ContinuationSubmitted, d));
            }
            let paid = if y == 0 {
                ymd(fy, 4, 28)
            } else {
                ymd(fy, 4, 30)
            };
            disbursements.push(Disbursement {
                date: paid,
                amount: DEFAULT_ANNUAL_AMOUNT,
            });
            if rng.gen_bool(0.08) {
                let start = ymd(fy, 6, 1) + Duration::days(rng.gen_range(0..200));
                let end = start + Duration::days(rng.gen_range(14..120));
                let mut leave = LoanEvent::new(LoanEventKind::LeaveStart, start);
                leave.end_date = Some(end);
                leave.notified_at = notified(&mut rng, start);
                events.push(leave);
                let mut back = LoanEvent::new(LoanEventKind::LeaveEnd, end);
                back.notified_at = notified(&mut rng, end);
                events.push(back);
            }
            let roll = rng.gen_range(0..100);
            if roll < 6 {
                let kind = match roll {
                    0..=2 => LoanEventKind::Resignation,
                    3..=4 => LoanEventKind::Withdrawal,
                    _ => LoanEventKind::Cancellation,
                };
                let d = ymd(fy, 7, 1) + Duration::days(rng.gen_range(0..240));
                let mut e = LoanEvent::new(kind, d);
                e.notified_at = notified(&mut rng, d);
                events.push(e);
                ended_early = true;
                break;
            }
        }

        // After training: completion, service at designated hospitals,
        // yearly status reports.
        let completed = ymd(first + i32::from(years), 3, 31);
        if !ended_early && disbursements.len() == usize::from(years) {
            let mut c = LoanEvent::new(LoanEventKind::Completion, completed);
            c.notified_at = notified(&mut rng, completed);
            events.push(c);
            let start = completed + Duration::days(1);
            let mut e = LoanEvent::new(LoanEventKind::EmploymentStart, start);
            e.facility_number = Some(workplace);
            e.notified_at = notified(&mut rng, start);
            events.push(e);
            if rng.gen_bool(0.3) {
                // A change of hospital; half the time the next one starts
                // too late for service to keep counting.
                let left = start + Duration::days(rng.gen_range(180..900));
                let mut end = LoanEvent::new(LoanEventKind::EmploymentEnd, left);
                end.notified_at = notified(&mut rng, left);
                events.push(end);
                let gap = if rng.gen_bool(0.5) {
                    rng.gen_range(70..150)
                } else {
                    rng.gen_range(1..25)
                };
                let mut next =
                    LoanEvent::new(LoanEventKind::EmploymentStart, left + Duration::days(gap));
                next.facility_number = Some(second_workplace);
                next.notified_at = notified(&mut rng, left + Duration::days(gap));
                events.push(next);
            }
            if rng.gen_bool(0.05) {
                let d = start + Duration::days(rng.gen_range(200..700));
                let mut leave = LoanEvent::new(LoanEventKind::LeaveStart, d);
                leave.end_date = Some(d + Duration::days(rng.gen_range(10..60)));
                leave.notified_at = notified(&mut rng, d);
                events.push(leave);
            }
            if rng.gen_bool(0.02) {
                let d = start + Duration::days(rng.gen_range(300..900));
                let mut plan = LoanEvent::new(LoanEventKind::StudyInterruptionPlan, d);
                plan.end_date = Some(d + Duration::days(365));
                plan.note = Some("大学院進学のため".to_string());
                events.push(plan);
            }
            for service_year in first + i32::from(years)..fy_today {
                if rng.gen_bool(0.08) {
                    continue; // never sent
                }
                let d = ymd(service_year + 1, 4, 5) + Duration::days(rng.gen_range(0..40));
                let mut report = LoanEvent::new(LoanEventKind::StatusReport, d);
                report.working_days = Some(if rng.gen_bool(0.08) {
                    rng.gen_range(150..200)
                } else {
                    rng.gen_range(200..262)
                });
                events.push(report);
            }
        }

        events.retain(|e| e.date <= self.today);
        for e in &mut events {
            e.notified_at = e.notified_at.filter(|d| *d <= self.today);
        }
        events.sort_by_key(|e| e.date);
        disbursements.retain(|d| d.date <= self.today);
        let mut loan = Loan {
            loan_id: format!("L-{first}-{:05}", k + 1),
            registration_number: self.regno(self.loan_person(k)),
            first_fiscal_year: first,
            years_approved: years,
            annual_amount: DEFAULT_ANNUAL_AMOUNT,
            disbursements,
            events,
            prior_obligations: Vec::new(),
        };
        let workplaces = [self.facility(first_j), self.facility(second_j)];
        self.procedures(k, &mut loan, &workplaces);
        loan
    }
}
