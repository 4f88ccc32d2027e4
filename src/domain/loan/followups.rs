//! The follow-ups a loan ledger calls for as of a date, and their checks.

use super::FollowupDraft;
use super::office;
use super::repayment::{Repayment, repayment};
use super::rows::LedgerRow;
use super::service::{
    Gap, all_employment_spans, events_as_of, exemption_date, first_gap, required_months,
    service_month_set, service_months, training_stopped,
};
use super::settlement::settle;
use super::workplaces::Workplaces;
use crate::domain::calendar::Calendar;
use crate::domain::case::LoanFollowup;
use crate::domain::config::RulesConfig;
use crate::domain::flags::{Check, CheckDetail, Flag};
use crate::domain::model::{Loan, LoanEvent, LoanEventKind};
use crate::domain::time::{fiscal_year, ymd};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The events whose notice may be due within `notice_days` (10日以内); see
/// [`notice_deadline`] for when one actually is.
pub const NOTICE_EVENTS: [LoanEventKind; 9] = [
    LoanEventKind::LeaveStart,
    LoanEventKind::LeaveEnd,
    LoanEventKind::Resignation,
    LoanEventKind::Withdrawal,
    LoanEventKind::EmploymentStart,
    LoanEventKind::EmploymentEnd,
    LoanEventKind::Illness,
    LoanEventKind::DetailsChange,
    LoanEventKind::GuarantorChange,
];

/// The 10-day deadline of an event's notice, where seed 004 gives one: leave
/// and return during training (§6), a change of workplace (§7(3): leaving
/// one, and every employment start but the first), and §10's list
/// (resignation, withdrawal, illness, details change, guarantor change).
/// None for completion and the first workplace after it (§7(1)(2): no
/// deadline), and for leave after completion, which the annual status
/// report carries (§9).
pub fn notice_deadline(
    loan: &Loan,
    e: &LoanEvent,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if !NOTICE_EVENTS.contains(&e.event) {
        return None;
    }
    let events = events_as_of(loan, today.max(e.date));
    let completion = events
        .iter()
        .find(|x| x.event == LoanEventKind::Completion)
        .map(|x| x.date);
    let applies = match e.event {
        LoanEventKind::LeaveStart | LoanEventKind::LeaveEnd => {
            completion.is_none_or(|c| e.date <= c)
        }
        LoanEventKind::EmploymentStart => events
            .iter()
            .find(|x| x.event == LoanEventKind::EmploymentStart)
            .is_some_and(|first| first.date < e.date),
        _ => true,
    };
    applies.then(|| cal.deadline_within(e.date, cfg.notice_days))
}

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
        computation: Vec<LedgerRow>,
    ) -> &mut LoanFollowup {
        let reference = format!("{}/{key}", self.loan.loan_id);
        // The same event recorded twice calls for one follow-up: the first.
        if let Some(at) = self.out.iter().position(|d| d.reference == reference) {
            return &mut self.out[at].followup;
        }
        self.out.push(FollowupDraft {
            reference,
            followup: LoanFollowup {
                loan_id: self.loan.loan_id.clone(),
                registration_number: self.loan.registration_number.clone(),
                topic: flag.id().to_string(),
                due,
                principal: None,
                interest: None,
                amount_due: None,
                service_months: None,
            },
            computation,
            open,
            also: Vec::new(),
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
/// it arrives, a disbursement the office owes when it is made; a late
/// notice, a short year, a gap, a late study plan and a non-designated
/// workplace are informational (closed) because the repayment follow-up
/// carries the work; exemption stays open until an operator resolves it,
/// repayment until it is fully paid or waived.
pub fn followups(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<FollowupDraft> {
    let mut b = Builder {
        loan,
        out: Vec::new(),
    };
    let events = events_as_of(loan, today);
    let months = service_months(loan, w, cfg, today);
    let required = required_months(loan, cfg, today);

    // 継続手続: April 15 of each loan year after the first.
    let stop = training_stopped(&events);
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
        let mut lines = vec![LedgerRow::Continuation {
            fiscal_year: fy,
            year: k + 1,
            years: loan.years_approved,
            due,
        }];
        if let Some(date) = submitted {
            lines.push(LedgerRow::ContinuationSubmitted { date });
        }
        if let Some(d) = disbursed {
            lines.push(LedgerRow::Disbursement {
                date: d.date,
                amount: d.amount,
                scheduled: false,
            });
        }
        let open = submitted.is_none() && disbursed.is_none();
        let held = office::leave_during_continuation(loan, fy, due, today);
        if let Some(leave) = held {
            lines.push(LedgerRow::HeldForLeave {
                start: leave.start,
                end: (!leave.ongoing).then_some(leave.end),
            });
        }
        b.push(
            &format!("continuation/{fy}"),
            Flag::ContinuationOverdue,
            due,
            open,
            lines,
        );
        if held.is_some() {
            if let Some(last) = b.out.last_mut() {
                last.also.push(Flag::DisbursementMayBeHeld);
            }
        }
    }

    // The office's own deadline: a continued year is disbursed by April 30.
    for d in office::disbursements_owed(loan, cfg, cal, today) {
        let f = b.push(
            &format!("disbursement/{}", d.fiscal_year),
            Flag::DisbursementOverdue,
            d.due,
            d.open,
            d.rows(),
        );
        f.principal = d.disbursed.map(|x| x.amount);
    }

    // 業務従事証明書: April 30 after each fiscal year with service.
    let last_year = exemption_date(loan, w, cfg, today)
        .filter(|_| months >= required)
        .map(fiscal_year);
    let service_years: BTreeSet<i32> = service_month_set(loan, w, cfg, today)
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
        let mut lines = vec![LedgerRow::StatusReportDue {
            fiscal_year: y,
            due,
        }];
        if let Some(r) = report {
            lines.push(LedgerRow::StatusReportReceived { date: r.date });
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
        let Some(deadline) = notice_deadline(loan, e, cfg, cal, today) else {
            continue;
        };
        if notified > deadline {
            let late = (notified - deadline).num_days();
            let lines = vec![LedgerRow::NoticeLate {
                kind: e.event,
                date: e.date,
                allowed_days: cfg.notice_days,
                deadline,
                notified,
                days_late: late,
            }];
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
            let lines = vec![LedgerRow::WorkingDaysShort {
                reported: e.date,
                days,
                required: cfg.loan_min_working_days,
            }];
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

    // 医学に関する専門知識修得計画書: due 3 months before the study starts,
    // so it is known (by `notified_at`) before its own date.
    for e in &loan.events {
        if let Some(late) = office::study_plan_late(e, cfg, cal, today) {
            b.push(
                &format!("study_plan_late/{}", e.date),
                Flag::StudyPlanLate,
                late.due,
                false,
                vec![late.row(e.date, cfg.loan_study_plan_months)],
            );
        }
    }

    // 返還免除条件となる医療機関以外での勤務 (§13(2)).
    for s in all_employment_spans(loan, w, today)
        .iter()
        .filter(|s| !s.designated)
    {
        // The start that opened the span (earlier than it when a prior
        // obligation cut it).
        let facility = events
            .iter()
            .rfind(|e| e.event == LoanEventKind::EmploymentStart && e.date <= s.start)
            .and_then(|e| e.facility_number.clone());
        let f = b.push(
            &format!("not_designated_workplace/{}", s.start),
            Flag::NotDesignatedWorkplace,
            s.start,
            false,
            vec![LedgerRow::NotDesignated {
                facility_number: facility,
                start: s.start,
                end: (!s.ongoing).then_some(s.end),
            }],
        );
        f.service_months = Some(months);
    }

    if let Some(g) = first_gap(loan, w, cfg, today) {
        let f = b.push(
            &format!("employment_gap_too_long/{}", g.after),
            Flag::EmploymentGapTooLong,
            g.allowed_by,
            false,
            vec![gap_row(&g)],
        );
        f.service_months = Some(months);
    }

    let owed = repayment(loan, w, cfg, today);
    if owed.is_none() && months >= required && required > 0 {
        if let Some(date) = exemption_date(loan, w, cfg, today) {
            let lines = vec![LedgerRow::ExemptionReached {
                months,
                required,
                date,
            }];
            let f = b.push("exemption", Flag::ExemptionReached, date, true, lines);
            f.service_months = Some(months);
        }
    }

    if let Some(r) = owed {
        // Once the notice is out, the follow-up is due when payment is.
        let s = settle(loan, r.total, cfg, cal, today);
        let due = s
            .deadline
            .unwrap_or_else(|| cal.deadline_within(r.trigger_date, cfg.decision_days));
        let mut lines = repayment_rows(&r);
        lines.extend(s.rows());
        let f = b.push("repayment", Flag::RepaymentDue, due, !s.settled(), lines);
        f.principal = Some(r.principal);
        f.interest = Some(r.interest);
        f.amount_due = Some(s.amount_due);
        f.service_months = Some(months);
        if s.overdue {
            if let Some(last) = b.out.last_mut() {
                last.also.push(Flag::PaymentOverdue);
            }
        }
    }
    // Stacked loans: every follow-up that counts service says which earlier
    // obligation the count follows.
    if let Some(row) = super::service::counted_after_row(loan) {
        for d in b
            .out
            .iter_mut()
            .filter(|d| d.followup.service_months.is_some())
        {
            d.computation.push(row.clone());
        }
    }
    b.out
}

fn gap_row(g: &Gap) -> LedgerRow {
    LedgerRow::EmploymentGap {
        after: g.after,
        allowed_by: g.allowed_by,
        next_start: g.next_start,
    }
}

/// The repayment computation, one row a step: the cause, interest on each
/// disbursement, the total.
pub fn repayment_rows(r: &Repayment) -> Vec<LedgerRow> {
    let mut v = vec![LedgerRow::RepaymentCause {
        cause: r.trigger,
        date: r.trigger_date,
        interest_until: r.end_date,
    }];
    for l in &r.lines {
        v.push(LedgerRow::Interest {
            disbursed: l.date,
            amount: l.amount,
            percent: r.percent,
            days: l.days,
            interest: l.interest,
        });
    }
    v.push(LedgerRow::RepaymentTotal {
        principal: r.principal,
        interest: r.interest,
        total: r.total,
    });
    v
}

/// Whether a topic's follow-up records a fact rather than awaiting something.
/// Whether a closed draft of this topic is still recorded: the facts (a late
/// notice, a short year, a gap) and a repayment that arose, even one settled
/// before follow-ups were first generated, so that the queue's history and
/// the export show that it was owed.
pub(super) fn records_a_fact(topic: &str) -> bool {
    Flag::from_id(topic).is_some_and(|f| informational(f) || f == Flag::RepaymentDue)
}

fn informational(flag: Flag) -> bool {
    matches!(
        flag,
        Flag::NotificationLate
            | Flag::WorkingDaysBelow200
            | Flag::EmploymentGapTooLong
            | Flag::StudyPlanLate
            | Flag::NotDesignatedWorkplace
    )
}

/// The draft as of `today` that a stored follow-up is: the same topic, and
/// the same due date but for the repayment and the exemption (one a loan:
/// their due dates move).
fn current<'a>(f: &LoanFollowup, drafts: &'a [FollowupDraft]) -> Option<&'a FollowupDraft> {
    let single = Flag::from_id(&f.topic)
        .is_some_and(|flag| matches!(flag, Flag::RepaymentDue | Flag::ExemptionReached));
    drafts
        .iter()
        .find(|d| d.followup.topic == f.topic && (single || d.followup.due == f.due))
}

/// What the program computes for a follow-up as of `today`, step by step:
/// empty when the ledger no longer calls for it.
pub fn computation(
    f: &LoanFollowup,
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<LedgerRow> {
    let drafts = followups(loan, w, cfg, cal, today);
    current(f, &drafts)
        .map(|d| d.computation.clone())
        .unwrap_or_default()
}

/// The checks of one follow-up: its own topic, raised while it still applies
/// (re-evaluated against the ledger when given), plus the loan-level rules
/// that are clear, and the cause of a repayment.
pub fn checks(
    f: &LoanFollowup,
    loan: Option<&Loan>,
    w: &Workplaces,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<Check> {
    let mut out = Vec::new();
    let detail = CheckDetail::Due { date: f.due };
    let Some(flag) = Flag::from_id(&f.topic) else {
        return out;
    };
    let Some(loan) = loan else {
        out.push(Check::raised(flag, detail));
        return out;
    };
    let drafts = followups(loan, w, cfg, cal, today);
    let now = current(f, &drafts);
    let row = |r: Option<&LedgerRow>, or: &CheckDetail| {
        r.map_or_else(|| or.clone(), |r| CheckDetail::Ledger { row: r.clone() })
    };
    out.push(match now {
        Some(d) if d.open || informational(flag) => {
            Check::raised(flag, row(d.computation.first(), &detail))
        }
        Some(d) => Check::clear(flag, row(d.computation.last(), &detail)),
        None => Check::clear(flag, detail),
    });
    if let Some(d) = now {
        let rows = &d.computation;
        for also in &d.also {
            // Payment overdue: the outstanding row (the last); a hold: the leave.
            let r = match also {
                Flag::PaymentOverdue => rows.last(),
                _ => rows
                    .iter()
                    .rev()
                    .find(|r| matches!(r, LedgerRow::HeldForLeave { .. })),
            };
            out.push(Check::raised(*also, row(r, &CheckDetail::Nothing)));
        }
        let notice = rows.iter().find(|r| matches!(r, LedgerRow::Notice { .. }));
        if let Some(n) = notice.filter(|_| !d.also.contains(&Flag::PaymentOverdue)) {
            out.push(Check::clear(
                Flag::PaymentOverdue,
                CheckDetail::Ledger { row: n.clone() },
            ));
        }
    }
    let months = service_months(loan, w, cfg, today);
    let required = required_months(loan, cfg, today);
    let owed = repayment(loan, w, cfg, today);
    if flag != Flag::ExemptionReached && months < required {
        out.push(Check::clear(
            Flag::ExemptionReached,
            CheckDetail::Service { months, required },
        ));
    }
    match &owed {
        None if flag != Flag::RepaymentDue => {
            out.push(Check::clear(Flag::RepaymentDue, CheckDetail::Nothing))
        }
        Some(r) if flag == Flag::RepaymentDue => {
            if let Some(cause) = r.trigger.flag() {
                out.push(Check::raised(
                    cause,
                    CheckDetail::Ledger {
                        row: repayment_rows(r).remove(0),
                    },
                ));
            }
        }
        _ => {}
    }
    out
}
