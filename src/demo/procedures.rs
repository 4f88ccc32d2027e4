//! The later loan procedures in the demo ledgers: §10's other notices, the
//! repayment through to payment (notices, part payments, deferrals, waivers),
//! study-interruption plans with their deadline, a leave over the
//! continuation period, and a continued year the office has not paid yet.
//! Drawn from their own stream, after the ledger of `loans.rs` is made.

use super::loans::notified;
use super::{Demo, Stream, pick};
use crate::domain::config::RulesConfig;
use crate::domain::loan::{Workplaces, repayment};
use crate::domain::time::{fiscal_year, ymd};
use crate::domain::{Facility, Loan, LoanEvent, LoanEventKind};
use chrono::{Duration, Months};
use rand::Rng;

const GUARANTORS: &[&str] = &["山田花子", "佐藤一郎", "髙橋和子", "渡邉誠"];

impl Demo {
    /// Adds the later procedures to loan `k`, none of them after today.
    pub(super) fn procedures(&self, k: usize, loan: &mut Loan, workplaces: &[Facility]) {
        let mut rng = self.rng(Stream::LoanProcedures, k);
        let today = self.today;
        let first = loan.first_fiscal_year;
        let training_end = ymd(first + i32::from(loan.years_approved), 3, 31);
        let mut add = Vec::new();

        // §10: illness, details change, guarantor change (10-day notices).
        for (p, kind) in [
            (0.06, LoanEventKind::Illness),
            (0.10, LoanEventKind::DetailsChange),
            (0.06, LoanEventKind::GuarantorChange),
        ] {
            if rng.gen_bool(p) {
                let d = ymd(first, 5, 1) + Duration::days(rng.gen_range(0..300));
                let mut e = LoanEvent::new(kind, d);
                e.notified_at = notified(&mut rng, d);
                if kind == LoanEventKind::GuarantorChange {
                    e.note = Some(format!("新保証人 {}", pick(&mut rng, GUARANTORS)));
                }
                add.push(e);
            }
        }

        // A leave over the continuation period of the second year: that
        // year's disbursement may be held.
        if loan.disbursements.len() > 1 && rng.gen_bool(0.06) {
            let fy = first + 1;
            let start = ymd(fy, 2, 10) + Duration::days(rng.gen_range(0..30));
            let mut leave = LoanEvent::new(LoanEventKind::LeaveStart, start);
            leave.end_date = Some(ymd(fy, 4, 1) + Duration::days(rng.gen_range(0..20)));
            leave.notified_at = notified(&mut rng, start);
            add.push(leave);
        }

        // A study-interruption plan after completion, due 3 months ahead.
        let plan_p = if loan
            .events
            .iter()
            .any(|e| e.event == LoanEventKind::Completion)
        {
            0.06
        } else {
            0.0
        };
        if rng.gen_bool(plan_p) {
            let start = training_end + Duration::days(rng.gen_range(200..700));
            let due = start.checked_sub_months(Months::new(3)).unwrap_or(start);
            let sent = if rng.gen_bool(0.5) {
                due + Duration::days(rng.gen_range(5..40))
            } else {
                due - Duration::days(rng.gen_range(0..30))
            };
            let mut plan = LoanEvent::new(LoanEventKind::StudyInterruptionPlan, start);
            plan.end_date = Some(start + Duration::days(rng.gen_range(180..700)));
            plan.notified_at = Some(sent);
            plan.note = Some("大学院進学のため".to_string());
            if sent <= today {
                loan.events.push(plan);
            }
        }

        // The latest continued year not paid yet by the office.
        let fy_today = fiscal_year(today);
        let continued_now = loan.events.iter().any(|e| {
            e.event == LoanEventKind::ContinuationSubmitted && fiscal_year(e.date) >= fy_today - 1
        });
        if continued_now && rng.gen_bool(0.25) {
            if let Some(last) = loan.disbursements.last().copied() {
                if fiscal_year(last.date) == fy_today && last.date != ymd(first, 4, 28) {
                    loan.disbursements.pop();
                }
            }
        }

        add.retain(|e| e.date <= today && e.date <= training_end);
        for e in &mut add {
            e.notified_at = e.notified_at.filter(|d| *d <= today);
        }
        loan.events.extend(add);
        loan.events.sort_by_key(|e| (e.date, e.event));

        // Repayment: the notice, then payment in full, in part, late, deferred,
        // waived, or not at all.
        let cfg = RulesConfig::default();
        let w = Workplaces::from_facilities(workplaces);
        let Some(r) = repayment(loan, &w, &cfg, today) else {
            return;
        };
        if !rng.gen_bool(0.8) {
            return;
        }
        let sent = r.trigger_date + Duration::days(rng.gen_range(20..60));
        let deadline = sent + Duration::days(30);
        let mut notice = LoanEvent::new(LoanEventKind::RepaymentNotice, sent);
        notice.end_date = Some(deadline);
        let mut after = vec![notice];
        let pay = |date, amount| {
            let mut e = LoanEvent::new(LoanEventKind::Payment, date);
            e.amount = Some(amount);
            e
        };
        match rng.gen_range(0..100) {
            0..=29 => after.push(pay(
                deadline - Duration::days(rng.gen_range(0..20)),
                r.total,
            )),
            30..=44 => after.push(pay(
                deadline + Duration::days(rng.gen_range(5..60)),
                r.total,
            )),
            45..=64 => after.push(pay(
                deadline - Duration::days(rng.gen_range(0..10)),
                r.total / 2,
            )),
            65..=74 => {
                let mut d = LoanEvent::new(LoanEventKind::Deferral, sent + Duration::days(10));
                d.end_date = Some(deadline + Duration::days(rng.gen_range(90..400)));
                d.note = Some("疾病のため返還猶予".to_string());
                after.push(d);
            }
            75..=79 => {
                let mut wv = LoanEvent::new(LoanEventKind::Waiver, sent + Duration::days(20));
                wv.note = Some("死亡のため返還免除".to_string());
                after.push(wv);
            }
            80..=84 => {
                let mut wv = LoanEvent::new(LoanEventKind::Waiver, sent + Duration::days(20));
                wv.amount = Some(r.interest);
                wv.note = Some("災害のため利息を免除".to_string());
                after.push(wv);
            }
            _ => {}
        }
        after.retain(|e| e.date <= today);
        loan.events.extend(after);
        loan.events.sort_by_key(|e| (e.date, e.event));
    }
}
