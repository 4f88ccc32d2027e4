//! The loan ledger as lines for the detail pane.

use super::followups::{notice_deadline, repayment_lines};
use super::office::study_plan_due;
use super::repayment::repayment;
use super::service::{
    events_as_of, exemption_date, leave_months, required_months, service_month_set, service_months,
};
use super::settlement::settle;
use super::workplaces::Workplaces;
use super::yen;
use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::model::Loan;
use crate::domain::model::LoanEventKind;
use chrono::NaiveDate;

fn month_label(idx: i32) -> String {
    format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
}

/// The ledger as lines for the detail pane: disbursements, events, service
/// months counted / needed / still needed, the projected exemption date, and
/// the repayment computation line by line. Language-neutral: ids, dates and
/// amounts only.
pub fn ledger_lines(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<String> {
    let mut v = vec![format!(
        "{} FY{}-FY{} ({}y x {})",
        loan.loan_id,
        loan.first_fiscal_year,
        loan.first_fiscal_year + i32::from(loan.years_approved) - 1,
        loan.years_approved,
        yen(loan.annual_amount)
    )];
    let mut paid = loan.disbursements.clone();
    paid.sort_by_key(|d| d.date);
    for d in &paid {
        let mark = if d.date > today { " ~" } else { "" };
        v.push(format!("{} {}{mark}", d.date, yen(d.amount)));
    }
    let total: i64 = paid
        .iter()
        .filter(|d| d.date <= today)
        .map(|d| d.amount)
        .sum();
    v.push(format!("Σ {}", yen(total)));
    for e in events_as_of(loan, today) {
        let mut line = format!("{} {}", e.date, e.event.id());
        if let Some(x) = e.end_date {
            line.push_str(&format!("~{x}"));
        }
        if let Some(n) = e.notified_at {
            let deadline = match e.event {
                LoanEventKind::StudyInterruptionPlan => {
                    Some(study_plan_due(e.date, cfg.loan_study_plan_months, cal))
                }
                _ => notice_deadline(loan, e, cfg, cal, today),
            };
            let late = if deadline.is_some_and(|d| n > d) {
                " !"
            } else {
                ""
            };
            line.push_str(&format!(" [{n}{late}]"));
        }
        if let Some(a) = e.amount {
            line.push_str(&format!(" {}", yen(a)));
        }
        if let Some(f) = e
            .facility_number
            .as_ref()
            .filter(|f| !w.is_designated(Some(f)))
        {
            line.push_str(&format!(" {f} (x)"));
        }
        if let Some(w) = e.working_days {
            line.push_str(&format!(" {w}d"));
        }
        if let Some(f) = &e.facility_number {
            line.push_str(&format!(" {f}"));
        }
        if let Some(n) = &e.note {
            line.push_str(&format!(" {n}"));
        }
        v.push(line);
    }
    let months = service_months(loan, w, cfg, today);
    let required = required_months(loan, cfg, today);
    let service = service_month_set(loan, w, cfg, today);
    let deducted: Vec<String> = leave_months(loan, today)
        .intersection(&service)
        .map(|m| month_label(*m))
        .collect();
    v.push(format!(
        "{months}/{required} (-{}) -> {}",
        deducted.len(),
        (required - months).max(0)
    ));
    if !deducted.is_empty() {
        v.push(format!("- {}", deducted.join(", ")));
    }
    if let Some(d) = exemption_date(loan, w, cfg, today) {
        let mark = if months >= required { "OK" } else { "->" };
        v.push(format!("{mark} {d}"));
    }
    if let Some(r) = repayment(loan, w, cfg, today) {
        v.extend(repayment_lines(&r));
        v.extend(settle(loan, r.total, cfg, cal, today).lines());
    }
    v
}
