//! The loan ledger as typed rows for the detail pane.

use super::followups::{notice_deadline, repayment_rows};
use super::office::study_plan_due;
use super::repayment::repayment;
use super::rows::{LedgerRow, YearMonth};
use super::service::{
    events_as_of, exemption_date, leave_months, required_months, service_month_set, service_months,
};
use super::settlement::settle;
use super::workplaces::Workplaces;
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::model::Loan;
use crate::domain::model::LoanEventKind;
use chrono::NaiveDate;

/// The ledger as rows: the terms, disbursements, events, service months
/// counted / needed / still needed, the projected exemption date, and the
/// repayment computation step by step.
pub fn ledger_rows(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<LedgerRow> {
    let mut v = vec![LedgerRow::Terms {
        loan_id: loan.loan_id.clone(),
        first_fiscal_year: loan.first_fiscal_year,
        last_fiscal_year: loan.first_fiscal_year + i32::from(loan.years_approved) - 1,
        years: loan.years_approved,
        annual_amount: loan.annual_amount,
    }];
    let mut paid = loan.disbursements.clone();
    paid.sort_by_key(|d| d.date);
    for d in &paid {
        v.push(LedgerRow::Disbursement {
            date: d.date,
            amount: d.amount,
            scheduled: d.date > today,
        });
    }
    let total: i64 = paid
        .iter()
        .filter(|d| d.date <= today)
        .map(|d| d.amount)
        .sum();
    v.push(LedgerRow::DisbursedTotal { amount: total });
    for e in events_as_of(loan, today) {
        let notified_late = e.notified_at.is_some_and(|n| {
            let deadline = match e.event {
                LoanEventKind::StudyInterruptionPlan => {
                    Some(study_plan_due(e.date, cfg.loan_study_plan_months, cal))
                }
                _ => notice_deadline(loan, e, cfg, cal, today),
            };
            deadline.is_some_and(|d| n > d)
        });
        v.push(LedgerRow::Event {
            kind: e.event,
            date: e.date,
            end_date: e.end_date,
            notified_at: e.notified_at,
            notified_late,
            amount: e.amount,
            facility_number: e.facility_number.clone(),
            not_designated: e
                .facility_number
                .as_ref()
                .is_some_and(|f| !w.is_designated(Some(f))),
            working_days: e.working_days,
            note: e.note.clone(),
        });
    }
    let months = service_months(loan, w, cfg, today);
    let required = required_months(loan, cfg, today);
    let service = service_month_set(loan, w, cfg, today);
    let deducted: Vec<YearMonth> = leave_months(loan, today)
        .intersection(&service)
        .map(|m| YearMonth::from_index(*m))
        .collect();
    v.extend(super::service::counted_after_row(loan));
    v.push(LedgerRow::Service {
        months,
        required,
        deducted: i64::try_from(deducted.len()).unwrap_or(i64::MAX),
        remaining: (required - months).max(0),
    });
    if !deducted.is_empty() {
        v.push(LedgerRow::DeductedMonths { months: deducted });
    }
    if let Some(d) = exemption_date(loan, w, cfg, today) {
        v.push(LedgerRow::Exemption {
            date: d,
            reached: months >= required,
        });
    }
    if let Some(r) = repayment(loan, w, cfg, today) {
        v.extend(repayment_rows(&r));
        v.extend(settle(loan, r.total, cfg, cal, today).rows());
    }
    v
}
