//! The follow-ups a loan ledger calls for as of a date, and their checks.

use super::repayment::{Repayment, Trigger, repayment};
use super::service::{
    Gap, events_as_of, exemption_date, first_gap, required_months, service_month_set,
    service_months,
};
use super::{FollowupDraft, yen};
use crate::domain::calendar::Calendar;
use crate::domain::case::LoanFollowup;
use crate::domain::config::RulesConfig;
use crate::domain::flags::{Check, Flag};
use crate::domain::model::{Loan, LoanEventKind};
use crate::domain::time::{fiscal_year, ymd};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The events whose notice is due within `notice_days` (10日以内).
pub const NOTICE_EVENTS: [LoanEventKind; 7] = [
    LoanEventKind::LeaveStart,
    LoanEventKind::LeaveEnd,
    LoanEventKind::Resignation,
    LoanEventKind::Withdrawal,
    LoanEventKind::EmploymentStart,
    LoanEventKind::EmploymentEnd,
    LoanEventKind::Completion,
];

struct Builder<'a> {
    loan: &'a Loan,
    out: Vec<FollowupDraft>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        key: &str,
        flag: Flag,
        due: NaiveDate,
        open: bool,
        computation: Vec<String>,
    ) -> &mut LoanFollowup {
        self.out.push(FollowupDraft {
            reference: format!("{}/{key}", self.loan.loan_id),
            followup: LoanFollowup {
                loan_id: self.loan.loan_id.clone(),
                registration_number: self.loan.registration_number.clone(),
                topic: flag.id().to_string(),
                due,
                computation,
                principal: None,
                interest: None,
                amount_due: None,
                service_months: None,
            },
            open,
        });
        let last = self.out.len() - 1;
        &mut self.out[last].followup
    }
}

/// Every follow-up a loan calls for as of `today`, in a stable order.
///
/// Each has a deterministic reference (`{loan_id}/{topic}/{key}`), so that
/// generating again updates rather than duplicates. `open` tells whether
/// something is still awaited: a continuation or status report closes when
/// it arrives; a late notice, a short year and a gap are informational
/// (closed) because the repayment follow-up carries the work; exemption and
/// repayment stay open until an operator resolves them.
pub fn followups(
    loan: &Loan,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<FollowupDraft> {
    let mut b = Builder {
        loan,
        out: Vec::new(),
    };
    let events = events_as_of(loan, today);
    let months = service_months(loan, cfg, today);
    let required = required_months(loan, cfg, today);

    // 継続手続: April 15 of each loan year after the first.
    let stop = events
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                LoanEventKind::Completion
                    | LoanEventKind::Withdrawal
                    | LoanEventKind::Resignation
                    | LoanEventKind::Cancellation
            )
        })
        .map(|e| e.date)
        .min();
    for k in 1..i32::from(loan.years_approved) {
        let fy = loan.first_fiscal_year + k;
        let due = cal.roll_forward(ymd(fy, 4, cfg.loan_continuation_due_day));
        if today <= due || stop.is_some_and(|s| s <= due) {
            continue;
        }
        // Forms go out in March, so a March submission counts for April.
        let submitted = events
            .iter()
            .find(|e| {
                e.event == LoanEventKind::ContinuationSubmitted
                    && ymd(fy, 3, 1) <= e.date
                    && e.date < ymd(fy + 1, 3, 1)
            })
            .map(|e| e.date);
        let disbursed = loan
            .disbursements
            .iter()
            .find(|d| d.date <= today && fiscal_year(d.date) == fy);
        let mut lines = vec![format!("FY{fy} ({}/{}): {due}", k + 1, loan.years_approved)];
        if let Some(d) = submitted {
            lines.push(format!("{} {d}", LoanEventKind::ContinuationSubmitted.id()));
        }
        if let Some(d) = disbursed {
            lines.push(format!("{} {}", d.date, yen(d.amount)));
        }
        let open = submitted.is_none() && disbursed.is_none();
        b.push(
            &format!("continuation/{fy}"),
            Flag::ContinuationOverdue,
            due,
            open,
            lines,
        );
    }

    // 業務従事証明書: April 30 after each fiscal year with service.
    let last_year = exemption_date(loan, cfg, today)
        .filter(|_| months >= required)
        .map(fiscal_year);
    let service_years: BTreeSet<i32> = service_month_set(loan, cfg, today)
        .iter()
        .map(|idx| fiscal_year(ymd(idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1, 1)))
        .filter(|y| last_year.is_none_or(|l| *y <= l))
        .collect();
    for y in service_years {
        let due = cal.roll_forward(ymd(y + 1, 4, cfg.loan_status_report_due_day));
        if today <= due {
            continue;
        }
        let report = events.iter().find(|e| {
            e.event == LoanEventKind::StatusReport
                && e.end_date.map_or(fiscal_year(e.date) - 1, fiscal_year) == y
        });
        let mut lines = vec![format!("FY{y}: {due}")];
        if let Some(r) = report {
            lines.push(format!("{} {}", LoanEventKind::StatusReport.id(), r.date));
        }
        let f = b.push(
            &format!("status_report/{y}"),
            Flag::StatusReportOverdue,
            due,
            report.is_none(),
            lines,
        );
        f.service_months = Some(months);
    }

    // 10日以内の届出: informational once the notice has arrived late.
    for e in &events {
        let Some(notified) = e.notified_at.filter(|n| *n <= today) else {
            continue;
        };
        if !NOTICE_EVENTS.contains(&e.event) {
            continue;
        }
        let deadline = cal.deadline_within(e.date, cfg.notice_days);
        if notified > deadline {
            let late = (notified - deadline).num_days();
            let lines = vec![format!(
                "{} {} + {}d -> {deadline}; {notified} (+{late}d)",
                e.event.id(),
                e.date,
                cfg.notice_days
            )];
            b.push(
                &format!("notification_late/{}/{}", e.event.id(), e.date),
                Flag::NotificationLate,
                deadline,
                false,
                lines,
            );
        }
    }

    for e in &events {
        if e.event != LoanEventKind::StatusReport {
            continue;
        }
        if let Some(days) = e.working_days.filter(|d| *d < cfg.loan_min_working_days) {
            let lines = vec![format!(
                "{} {}: {days} < {}",
                e.event.id(),
                e.date,
                cfg.loan_min_working_days
            )];
            let f = b.push(
                &format!("working_days_below_200/{}", e.date),
                Flag::WorkingDaysBelow200,
                e.date,
                false,
                lines,
            );
            f.service_months = Some(months);
        }
    }

    if let Some(g) = first_gap(loan, cfg, today) {
        let f = b.push(
            &format!("employment_gap_too_long/{}", g.after),
            Flag::EmploymentGapTooLong,
            g.allowed_by,
            false,
            gap_lines(&g),
        );
        f.service_months = Some(months);
    }

    let owed = repayment(loan, cfg, today);
    if owed.is_none() && months >= required && required > 0 {
        if let Some(date) = exemption_date(loan, cfg, today) {
            let lines = vec![format!("{months}/{required} -> {date}")];
            let f = b.push("exemption", Flag::ExemptionReached, date, true, lines);
            f.service_months = Some(months);
        }
    }

    if let Some(r) = owed {
        let due = cal.deadline_within(r.trigger_date, cfg.decision_days);
        let f = b.push(
            "repayment",
            Flag::RepaymentDue,
            due,
            true,
            repayment_lines(&r),
        );
        f.principal = Some(r.principal);
        f.interest = Some(r.interest);
        f.amount_due = Some(r.total);
        f.service_months = Some(months);
    }
    b.out
}

fn gap_lines(g: &Gap) -> Vec<String> {
    let next = g
        .next_start
        .map_or_else(|| "-".to_string(), |d| d.to_string());
    vec![format!("{} -> {} < {next}", g.after, g.allowed_by)]
}

/// The repayment computation, one line a step.
pub fn repayment_lines(r: &Repayment) -> Vec<String> {
    let mut v = vec![format!(
        "{} {} -> {}",
        r.trigger.id(),
        r.trigger_date,
        r.end_date
    )];
    if let Trigger::WorkingDaysBelow { days } = r.trigger {
        v[0].push_str(&format!(" ({days}d)"));
    }
    for l in &r.lines {
        v.push(format!(
            "{} {} x {}% x {}/365 = {}",
            l.date,
            yen(l.amount),
            r.percent,
            l.days,
            yen(l.interest)
        ));
    }
    v.push(format!(
        "{} + {} = {}",
        yen(r.principal),
        yen(r.interest),
        yen(r.total)
    ));
    v
}

/// Whether a topic's follow-up records a fact rather than awaiting something.
pub(super) fn records_a_fact(topic: &str) -> bool {
    Flag::from_id(topic).is_some_and(informational)
}

fn informational(flag: Flag) -> bool {
    matches!(
        flag,
        Flag::NotificationLate | Flag::WorkingDaysBelow200 | Flag::EmploymentGapTooLong
    )
}

/// The checks of one follow-up: its own topic, raised while it still applies
/// (re-evaluated against the ledger when given), plus the loan-level rules
/// that are clear, and the cause of a repayment.
pub fn checks(
    f: &LoanFollowup,
    loan: Option<&Loan>,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<Check> {
    let mut out = Vec::new();
    let detail = f
        .computation
        .first()
        .cloned()
        .unwrap_or_else(|| f.due.to_string());
    let Some(flag) = Flag::from_id(&f.topic) else {
        return out;
    };
    let Some(loan) = loan else {
        out.push(Check::raised(flag, detail));
        return out;
    };
    let drafts = followups(loan, cfg, cal, today);
    let now = drafts
        .iter()
        .find(|d| d.followup.topic == f.topic && d.followup.due == f.due);
    out.push(match now {
        Some(d) if d.open || informational(flag) => Check::raised(
            flag,
            d.followup.computation.first().cloned().unwrap_or(detail),
        ),
        Some(d) => Check::clear(
            flag,
            d.followup.computation.last().cloned().unwrap_or(detail),
        ),
        None => Check::clear(flag, detail),
    });
    let months = service_months(loan, cfg, today);
    let required = required_months(loan, cfg, today);
    let owed = repayment(loan, cfg, today);
    if flag != Flag::ExemptionReached && months < required {
        out.push(Check::clear(
            Flag::ExemptionReached,
            format!("{months}/{required}"),
        ));
    }
    match &owed {
        None if flag != Flag::RepaymentDue => out.push(Check::clear(Flag::RepaymentDue, "")),
        Some(r) if flag == Flag::RepaymentDue => {
            if let Some(cause) = r.trigger.flag() {
                out.push(Check::raised(cause, repayment_lines(r).remove(0)));
            }
        }
        _ => {}
    }
    out
}
