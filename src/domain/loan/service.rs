//! Service after completion (業務従事期間): employment spans, leave, gaps and
//! the months that count toward exemption.

use super::workplaces::Workplaces;
use crate::domain::config::RulesConfig;
use crate::domain::model::{Loan, LoanEvent, LoanEventKind};
use crate::domain::time::{add_days, end_of_month_after, fiscal_year, month_index, ymd};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// True when the span has no end yet and was cut at `today`.
    pub ongoing: bool,
    /// False for employment at a facility that is not designated.
    pub designated: bool,
}

/// A break in service longer than the rule allows (翌月末までに次の勤務先).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The day service (or training, for the first workplace) ended.
    pub after: NaiveDate,
    /// The last day the next workplace could have started.
    pub allowed_by: NaiveDate,
    /// When the next workplace did start, if it has.
    pub next_start: Option<NaiveDate>,
}

impl Gap {
    /// The day the gap became too long, which is when repayment falls due.
    pub fn since(&self) -> NaiveDate {
        add_days(self.allowed_by, 1)
    }
}

/// The loan's events that happened on or before `today`, in date order.
pub fn events_as_of(loan: &Loan, today: NaiveDate) -> Vec<&LoanEvent> {
    let mut v: Vec<&LoanEvent> = loan.events.iter().filter(|e| e.date <= today).collect();
    v.sort_by_key(|e| (e.date, e.event));
    v
}

/// The first day training stopped (completion, withdrawal, resignation or
/// cancellation) among `events`.
pub fn training_stopped(events: &[&LoanEvent]) -> Option<NaiveDate> {
    events
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
        .min()
}

/// The first event of a kind, as of `today`.
pub fn first_event(loan: &Loan, kind: LoanEventKind, today: NaiveDate) -> Option<&LoanEvent> {
    events_as_of(loan, today)
        .into_iter()
        .find(|e| e.event == kind)
}

/// Pairs start events with their end events (or an `end_date` on the start),
/// cut at `today`. A new start while a span is open closes it the day before.
/// `designated` tells, from the start event, whether the span counts.
fn spans(
    loan: &Loan,
    start: LoanEventKind,
    end: LoanEventKind,
    today: NaiveDate,
    designated: impl Fn(&LoanEvent) -> bool,
) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(NaiveDate, bool)> = None;
    for e in events_as_of(loan, today) {
        if e.event == start {
            if let Some((s, d)) = open.take() {
                out.push(Span {
                    start: s,
                    end: add_days(e.date, -1).max(s),
                    ongoing: false,
                    designated: d,
                });
            }
            match e.end_date {
                Some(x) if x <= today => out.push(Span {
                    start: e.date,
                    end: x.max(e.date),
                    ongoing: false,
                    designated: designated(e),
                }),
                _ => open = Some((e.date, designated(e))),
            }
        } else if e.event == end {
            if let Some((s, d)) = open.take() {
                out.push(Span {
                    start: s,
                    end: e.date.max(s),
                    ongoing: false,
                    designated: d,
                });
            }
        }
    }
    if let Some((s, d)) = open {
        out.push(Span {
            start: s,
            end: today,
            ongoing: true,
            designated: d,
        });
    }
    out
}

/// The first month (as `month_index`) this loan's service may count in: the
/// month after the latest prior obligation ends (seed 004, 「医師修学資金の
/// 返還免除となった後に専門研修医研修資金の返還免除のための勤務期間が開始され
/// ます」). None without prior obligations.
pub fn first_countable_month(loan: &Loan) -> Option<i32> {
    loan.obligations_end().map(|end| month_index(end) + 1)
}

/// The row saying which earlier obligation this loan's service follows and
/// the first month it counts in; None without prior obligations.
pub fn counted_after_row(loan: &Loan) -> Option<super::LedgerRow> {
    let o = loan.latest_obligation()?;
    Some(super::LedgerRow::CountedAfter {
        kind: o.kind,
        years: o.years,
        end: o.end,
        from: super::YearMonth::from_index(month_index(o.end) + 1),
    })
}

/// Every employment after completion, designated or not, as of `today`.
/// Employment up to the end of a prior obligation serves that obligation,
/// not this loan: a span is cut to start the day after it, and one that
/// ended by then is left out.
pub fn all_employment_spans(loan: &Loan, w: &Workplaces, today: NaiveDate) -> Vec<Span> {
    let all = spans(
        loan,
        LoanEventKind::EmploymentStart,
        LoanEventKind::EmploymentEnd,
        today,
        |e| w.is_designated(e.facility_number.as_ref()),
    );
    let Some(end) = loan.obligations_end() else {
        return all;
    };
    let from = add_days(end, 1);
    all.into_iter()
        .filter(|s| s.end >= from)
        .map(|s| Span {
            start: s.start.max(from),
            ..s
        })
        .collect()
}

/// Employment at designated workplaces after completion (研修修了後), as of
/// `today`, in order: the only service that counts, and the only one that
/// ends a break. A span that began before completion counts from the day of
/// completion; without completion there is no service yet.
pub fn employment_spans(loan: &Loan, w: &Workplaces, today: NaiveDate) -> Vec<Span> {
    let Some(completion) = first_event(loan, LoanEventKind::Completion, today).map(|e| e.date)
    else {
        return Vec::new();
    };
    all_employment_spans(loan, w, today)
        .into_iter()
        .filter(|s| s.designated && s.end >= completion)
        .map(|s| Span {
            start: s.start.max(completion),
            ..s
        })
        .collect()
}

/// The first employment at a facility that is not designated (§13(2), a
/// cause of repayment), as of `today`: the start event.
pub fn first_not_designated<'a>(
    loan: &'a Loan,
    w: &Workplaces,
    today: NaiveDate,
) -> Option<&'a LoanEvent> {
    let after = loan.obligations_end();
    events_as_of(loan, today).into_iter().find(|e| {
        e.event == LoanEventKind::EmploymentStart
            && !w.is_designated(e.facility_number.as_ref())
            && after.is_none_or(|end| {
                all_employment_spans(loan, w, today)
                    .iter()
                    .any(|s| !s.designated && s.start == e.date.max(add_days(end, 1)))
            })
    })
}

/// Leave or suspension (休職・停職), as of `today`, in order.
pub fn leave_spans(loan: &Loan, today: NaiveDate) -> Vec<Span> {
    spans(
        loan,
        LoanEventKind::LeaveStart,
        LoanEventKind::LeaveEnd,
        today,
        |_| true,
    )
}

/// Whether a study interruption plan (form 17) covers a break from `after`
/// to `next` (or to today when no next start): the plan starts by the end
/// of the month after `after` and its end (two years at most) leaves the next
/// start within the following month.
fn excused(loan: &Loan, after: NaiveDate, next: Option<NaiveDate>, today: NaiveDate) -> bool {
    events_as_of(loan, today)
        .into_iter()
        .filter(|e| e.event == LoanEventKind::StudyInterruptionPlan)
        .any(|e| {
            let two_years = ymd(e.date.year() + 2, e.date.month(), e.date.day());
            let end = e.end_date.unwrap_or(two_years).min(two_years);
            e.date <= end_of_month_after(after, 1)
                && next.unwrap_or(today) <= end_of_month_after(end, 1)
        })
}

/// The first break longer than allowed, as of `today`: between two
/// workplaces, between completion and the first workplace (遅滞なく), or after
/// the last workplace when no next one started in time. None while service
/// was already complete when the break began.
pub fn first_gap(loan: &Loan, w: &Workplaces, cfg: &RulesConfig, today: NaiveDate) -> Option<Gap> {
    let spans = employment_spans(loan, w, today);
    let completion = first_event(loan, LoanEventKind::Completion, today).map(|e| e.date);
    // Before a prior obligation ends there is no break in this loan's
    // service to count: the next workplace is due by the end of the month
    // after the later of completion and that end.
    let mut previous_end = completion.map(|c| loan.obligations_end().map_or(c, |e| e.max(c)));
    let mut counted: BTreeSet<i32> = BTreeSet::new();
    let required = required_months(loan, cfg, today);
    let leave = leave_months(loan, today);
    for s in &spans {
        if let Some(after) = previous_end {
            let allowed_by = end_of_month_after(after, 1);
            if s.start > allowed_by
                && count_months(&counted, &leave) < required
                && !excused(loan, after, Some(s.start), today)
            {
                return Some(Gap {
                    after,
                    allowed_by,
                    next_start: Some(s.start),
                });
            }
        }
        counted.extend(month_index(s.start)..=month_index(s.end));
        previous_end = if s.ongoing { None } else { Some(s.end) };
    }
    let after = previous_end?;
    let allowed_by = end_of_month_after(after, 1);
    let done = count_months(&counted, &leave) >= required;
    (today > allowed_by && !done && !excused(loan, after, None, today)).then_some(Gap {
        after,
        allowed_by,
        next_start: None,
    })
}

/// The months of employment that count: every month touched by a span
/// (start and end months included), each month once even when two
/// workplaces share it, and none after a gap.
pub fn service_month_set(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> BTreeSet<i32> {
    let gap_start = first_gap(loan, w, cfg, today).and_then(|g| g.next_start);
    let first = first_countable_month(loan).unwrap_or(i32::MIN);
    employment_spans(loan, w, today)
        .iter()
        .filter(|s| gap_start.is_none_or(|g| s.start < g))
        .flat_map(|s| month_index(s.start).max(first)..=month_index(s.end))
        .collect()
}

/// Months deducted for leave: from the month a leave starts to the month it
/// ends, both included (DOMAIN.md, Adopted).
pub fn leave_months(loan: &Loan, today: NaiveDate) -> BTreeSet<i32> {
    leave_spans(loan, today)
        .iter()
        .flat_map(|s| month_index(s.start)..=month_index(s.end))
        .collect()
}

fn count_months(service: &BTreeSet<i32>, leave: &BTreeSet<i32>) -> i64 {
    service.difference(leave).count() as i64
}

/// Service months counted toward exemption as of `today` (never negative).
pub fn service_months(loan: &Loan, w: &Workplaces, cfg: &RulesConfig, today: NaiveDate) -> i64 {
    count_months(
        &service_month_set(loan, w, cfg, today),
        &leave_months(loan, today),
    )
}

/// Loan years (貸与年数): the fiscal years with a disbursement once training
/// is complete; before that, the years approved, since more may follow.
pub fn loan_years(loan: &Loan, today: NaiveDate) -> i64 {
    let years: BTreeSet<i32> = loan
        .disbursements
        .iter()
        .filter(|d| d.date <= today)
        .map(|d| fiscal_year(d.date))
        .collect();
    let completed = first_event(loan, LoanEventKind::Completion, today).is_some();
    if completed && !years.is_empty() {
        years.len() as i64
    } else {
        i64::from(loan.years_approved).max(years.len() as i64)
    }
}

/// Service months needed for full exemption: 3/2 x 12 per loan year.
pub fn required_months(loan: &Loan, cfg: &RulesConfig, today: NaiveDate) -> i64 {
    loan_years(loan, today) * cfg.loan_service_months_per_year
}

/// The day exemption was (or, if service goes on without leave, will be)
/// reached: the last day of the month that completes the required count.
/// None when service has stopped short of it.
pub fn exemption_date(
    loan: &Loan,
    w: &Workplaces,
    cfg: &RulesConfig,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let required = required_months(loan, cfg, today);
    let leave = leave_months(loan, today);
    let counted: Vec<i32> = service_month_set(loan, w, cfg, today)
        .difference(&leave)
        .copied()
        .collect();
    let month_end =
        |idx: i32| end_of_month_after(ymd(idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1, 1), 0);
    if required <= 0 {
        return None;
    }
    if let Some(idx) = counted.get(required as usize - 1) {
        return Some(month_end(*idx));
    }
    // While a prior obligation runs after completion, the earliest this
    // loan's service can complete, if it follows without a break.
    if let (Some(end), Some(first)) = (loan.obligations_end(), first_countable_month(loan)) {
        let completed = first_event(loan, LoanEventKind::Completion, today).is_some();
        if completed && today <= end {
            return Some(month_end(first - 1 + required as i32));
        }
    }
    let ongoing = employment_spans(loan, w, today)
        .last()
        .is_some_and(|s| s.ongoing)
        && first_gap(loan, w, cfg, today).is_none();
    if !ongoing {
        return None;
    }
    let missing = required - counted.len() as i64;
    // While a prior obligation runs, the count starts the month after it.
    let last =
        first_countable_month(loan).map_or(month_index(today), |f| month_index(today).max(f - 1));
    Some(month_end(last + missing as i32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::fixtures::{employment_at, employment_start, leave, loan_with};

    const W: Workplaces = Workplaces::ALL;

    #[test]
    fn worked_example_service_and_leave() {
        let cfg = RulesConfig::default();
        let today = ymd(2028, 9, 15);
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000), (ymd(2025, 4, 30), 3_300_000)],
            &[
                (LoanEventKind::Completion, ymd(2027, 3, 31)),
                (LoanEventKind::EmploymentStart, ymd(2027, 4, 1)),
            ],
        );
        assert_eq!(service_months(&l, &W, &cfg, today), 18);
        l.events.push(leave(ymd(2027, 10, 20), ymd(2027, 11, 5)));
        assert_eq!(service_months(&l, &W, &cfg, today), 16);
        assert_eq!(required_months(&l, &cfg, today), 36);
        // 20 more months after September 2028 -> May 2030.
        assert_eq!(exemption_date(&l, &W, &cfg, today), Some(ymd(2030, 5, 31)));
    }

    #[test]
    fn only_service_after_completion_counts() {
        let cfg = RulesConfig::default();
        let today = ymd(2025, 7, 1);
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::EmploymentStart, ymd(2024, 6, 1))],
        );
        // No completion yet: employment is not service (研修修了後).
        assert_eq!(service_months(&l, &W, &cfg, today), 0);
        assert_eq!(first_gap(&l, &W, &cfg, today), None);
        // Completed 2025-03-31: the same employment counts from then, so
        // March to July 2025 are five months.
        l.events
            .push(LoanEvent::new(LoanEventKind::Completion, ymd(2025, 3, 31)));
        assert_eq!(service_months(&l, &W, &cfg, today), 5);
    }

    #[test]
    fn workplaces_sharing_a_month_count_it_once() {
        let cfg = RulesConfig::default();
        let l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[
                (LoanEventKind::Completion, ymd(2025, 3, 31)),
                (LoanEventKind::EmploymentStart, ymd(2025, 4, 1)),
                (LoanEventKind::EmploymentEnd, ymd(2025, 6, 10)),
                (LoanEventKind::EmploymentStart, ymd(2025, 6, 20)),
                (LoanEventKind::EmploymentEnd, ymd(2025, 7, 31)),
            ],
        );
        assert_eq!(service_months(&l, &W, &cfg, ymd(2025, 12, 1)), 4);
    }

    #[test]
    fn a_gap_stops_later_service_from_counting() {
        let cfg = RulesConfig::default();
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[
                (LoanEventKind::Completion, ymd(2025, 3, 31)),
                (LoanEventKind::EmploymentStart, ymd(2025, 4, 1)),
                (LoanEventKind::EmploymentEnd, ymd(2025, 6, 15)),
            ],
        );
        // Allowed until 2025-07-31; started 8/1.
        l.events.push(employment_start(ymd(2025, 8, 1)));
        let g = first_gap(&l, &W, &cfg, ymd(2025, 12, 1)).unwrap();
        assert_eq!(
            (g.allowed_by, g.since()),
            (ymd(2025, 7, 31), ymd(2025, 8, 1))
        );
        assert_eq!(service_months(&l, &W, &cfg, ymd(2025, 12, 1)), 3);
        assert_eq!(exemption_date(&l, &W, &cfg, ymd(2025, 12, 1)), None);
        // Starting on 7/31 is in time.
        l.events.pop();
        l.events.push(employment_start(ymd(2025, 7, 31)));
        assert!(first_gap(&l, &W, &cfg, ymd(2025, 12, 1)).is_none());
        assert_eq!(service_months(&l, &W, &cfg, ymd(2025, 12, 1)), 9);
    }

    #[test]
    fn no_workplace_after_completion_is_a_gap() {
        let cfg = RulesConfig::default();
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Completion, ymd(2025, 3, 31))],
        );
        assert!(first_gap(&l, &W, &cfg, ymd(2025, 4, 30)).is_none());
        let g = first_gap(&l, &W, &cfg, ymd(2025, 5, 1)).unwrap();
        assert_eq!(g.next_start, None);
        let mut plan = LoanEvent::new(LoanEventKind::StudyInterruptionPlan, ymd(2025, 4, 1));
        plan.end_date = Some(ymd(2026, 3, 31));
        l.events.push(plan);
        assert!(first_gap(&l, &W, &cfg, ymd(2025, 9, 1)).is_none());
    }

    use crate::domain::model::{PriorLoanKind, PriorObligation};

    /// Two years lent (36 months to serve), training completed 2027-03-31
    /// and work at a designated hospital from 2027-04-01 on.
    fn stacked(prior: &[(PriorLoanKind, u8, NaiveDate)]) -> Loan {
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000), (ymd(2025, 4, 30), 3_300_000)],
            &[
                (LoanEventKind::Completion, ymd(2027, 3, 31)),
                (LoanEventKind::EmploymentStart, ymd(2027, 4, 1)),
            ],
        );
        l.prior_obligations = prior
            .iter()
            .map(|&(kind, years, end)| PriorObligation { kind, years, end })
            .collect();
        l
    }

    #[test]
    fn shugaku_of_nine_years_comes_first() {
        // Seed 004: 医師修学資金 9 years ending 2031-03-31, then this loan.
        let cfg = RulesConfig::default();
        let l = stacked(&[(PriorLoanKind::Shugaku, 9, ymd(2031, 3, 31))]);
        assert_eq!(
            first_countable_month(&l),
            Some(month_index(ymd(2031, 4, 1)))
        );
        // While it runs nothing counts, and the earliest exemption is 36
        // months from April 2031.
        let during = ymd(2030, 6, 1);
        assert_eq!(service_months(&l, &W, &cfg, during), 0);
        assert_eq!(exemption_date(&l, &W, &cfg, during), Some(ymd(2034, 3, 31)));
        // April 2031 to September 2032: 18 months (66 without the obligation).
        let today = ymd(2032, 9, 15);
        assert_eq!(service_months(&l, &W, &cfg, today), 18);
        assert_eq!(service_months(&stacked(&[]), &W, &cfg, today), 66);
        assert_eq!(exemption_date(&l, &W, &cfg, today), Some(ymd(2034, 3, 31)));
        assert_eq!(
            exemption_date(&l, &W, &cfg, ymd(2034, 4, 2)),
            Some(ymd(2034, 3, 31))
        );
    }

    #[test]
    fn rinsho_of_three_years_comes_first() {
        let cfg = RulesConfig::default();
        let l = stacked(&[(PriorLoanKind::Rinsho, 3, ymd(2028, 3, 31))]);
        // April 2028 to September 2028.
        assert_eq!(service_months(&l, &W, &cfg, ymd(2028, 9, 15)), 6);
        assert_eq!(
            exemption_date(&l, &W, &cfg, ymd(2028, 9, 15)),
            Some(ymd(2031, 3, 31))
        );
    }

    #[test]
    fn with_both_the_later_end_wins() {
        let cfg = RulesConfig::default();
        let both = stacked(&[
            (PriorLoanKind::Shugaku, 9, ymd(2031, 3, 31)),
            (PriorLoanKind::Rinsho, 3, ymd(2028, 3, 31)),
        ]);
        assert_eq!(both.obligations_end(), Some(ymd(2031, 3, 31)));
        assert_eq!(service_months(&both, &W, &cfg, ymd(2032, 9, 15)), 18);
        // An obligation ending mid-month: the count starts the month after.
        let mid = stacked(&[(PriorLoanKind::Rinsho, 3, ymd(2028, 3, 15))]);
        assert_eq!(service_months(&mid, &W, &cfg, ymd(2028, 9, 15)), 6);
    }

    #[test]
    fn no_break_counts_before_a_prior_obligation_ends() {
        let cfg = RulesConfig::default();
        // Completed in 2027, no workplace of this loan's yet: without an
        // obligation that is a break from May 2027; with one ending
        // 2031-03-31, the next workplace is due by 2031-04-30.
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Completion, ymd(2027, 3, 31))],
        );
        assert!(first_gap(&l, &W, &cfg, ymd(2030, 6, 1)).is_some());
        l.prior_obligations = vec![PriorObligation {
            kind: PriorLoanKind::Shugaku,
            years: 9,
            end: ymd(2031, 3, 31),
        }];
        assert!(first_gap(&l, &W, &cfg, ymd(2031, 4, 30)).is_none());
        let g = first_gap(&l, &W, &cfg, ymd(2031, 5, 1)).unwrap();
        assert_eq!(
            (g.after, g.allowed_by),
            (ymd(2031, 3, 31), ymd(2031, 4, 30))
        );
        // Work from 2031-04-01 on: in time, and it counts from April.
        l.events.push(employment_start(ymd(2031, 4, 1)));
        assert!(first_gap(&l, &W, &cfg, ymd(2031, 9, 1)).is_none());
        assert_eq!(service_months(&l, &W, &cfg, ymd(2031, 9, 1)), 6);
    }

    #[test]
    fn employment_during_a_prior_obligation_is_not_this_loans() {
        let cfg = RulesConfig::default();
        let l = stacked(&[(PriorLoanKind::Shugaku, 9, ymd(2031, 3, 31))]);
        assert!(all_employment_spans(&l, &W, ymd(2030, 6, 1)).is_empty());
        let spans = all_employment_spans(&l, &W, ymd(2031, 6, 1));
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].start, ymd(2031, 4, 1));
        assert_eq!(first_gap(&l, &W, &cfg, ymd(2031, 6, 1)), None);
    }

    #[test]
    fn follow_ups_that_count_service_name_the_obligation_it_follows() {
        use crate::domain::calendar::Calendar;
        use crate::domain::loan::{LedgerRow, YearMonth, followups};
        let cfg = RulesConfig::default();
        let cal = Calendar::new(&cfg);
        // Completed 2027 with no workplace of this loan's yet, the 医師修学資金
        // service running to 2031-03-31: no break, no repayment.
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Completion, ymd(2027, 3, 31))],
        );
        l.prior_obligations = vec![PriorObligation {
            kind: PriorLoanKind::Shugaku,
            years: 9,
            end: ymd(2031, 3, 31),
        }];
        let drafts = followups(&l, &W, &cfg, &cal, ymd(2030, 6, 1));
        assert!(
            drafts
                .iter()
                .all(|d| !d.followup.topic.contains("gap") && d.followup.topic != "repayment"),
            "{drafts:?}"
        );
        // Served from April 2031 to exemption (18 months, September 2032).
        l.events.push(employment_start(ymd(2031, 4, 1)));
        let drafts = followups(&l, &W, &cfg, &cal, ymd(2032, 10, 15));
        let exemption = drafts
            .iter()
            .find(|d| d.followup.topic == "exemption_reached")
            .unwrap_or_else(|| panic!("{drafts:?}"));
        assert_eq!(exemption.followup.due, ymd(2032, 9, 30));
        assert!(exemption.computation.contains(&LedgerRow::CountedAfter {
            kind: PriorLoanKind::Shugaku,
            years: 9,
            end: ymd(2031, 3, 31),
            from: YearMonth {
                year: 2031,
                month: 4
            },
        }));
    }

    #[test]
    fn a_workplace_this_loan_does_not_designate_counts_against_it_only_after_the_obligation() {
        use crate::domain::loan::repayment::{Trigger, repayment};
        let cfg = RulesConfig::default();
        // The 臨床研修医研修資金 service (to 2028-03-31) at F-9, which this loan
        // does not designate; F-9 still after it: repayment from 2028-04-01.
        let f9 = crate::domain::FacilityNumber::parse("F-9").unwrap();
        let mut l = loan_with(
            &[(ymd(2024, 4, 30), 3_300_000)],
            &[(LoanEventKind::Completion, ymd(2025, 3, 31))],
        );
        l.events.push(employment_at(ymd(2025, 4, 1), &f9));
        l.prior_obligations = vec![PriorObligation {
            kind: PriorLoanKind::Rinsho,
            years: 3,
            end: ymd(2028, 3, 31),
        }];
        let mut fac = crate::domain::model::sample_facility("F-9", "民間病院", "仙南医療圏");
        fac.designated = false;
        let w = Workplaces::from_facilities([&fac]);
        assert!(repayment(&l, &w, &cfg, ymd(2028, 3, 31)).is_none());
        let r = repayment(&l, &w, &cfg, ymd(2028, 6, 1)).unwrap();
        assert_eq!(r.trigger, Trigger::NotDesignated);
        assert_eq!(r.trigger_date, ymd(2028, 4, 1));
        // The follow-up names the workplace, from the day after.
        let cal = crate::domain::calendar::Calendar::new(&cfg);
        let drafts = crate::domain::loan::followups(&l, &w, &cfg, &cal, ymd(2028, 6, 1));
        let nd = drafts
            .iter()
            .find(|d| d.followup.topic == "not_designated_workplace")
            .unwrap_or_else(|| panic!("{drafts:?}"));
        assert_eq!(nd.reference, "L-001/not_designated_workplace/2028-04-01");
        assert!(
            nd.computation
                .contains(&crate::domain::loan::LedgerRow::NotDesignated {
                    facility_number: Some(f9),
                    start: ymd(2028, 4, 1),
                    end: None,
                })
        );
    }
}
