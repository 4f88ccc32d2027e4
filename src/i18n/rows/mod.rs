//! The domain's typed rows in words: a loan ledger's or a follow-up's
//! computation row ([`ledger_row`]) and what a rule check found
//! ([`check_detail`]), in Japanese and English. No ids, no abbreviations;
//! every number with its unit. ASCII `+ - =` only: math symbols such as `×`
//! are ambiguous-width in CJK terminals.

use super::Lang;
use super::dates::{DateStyle, DateWidth, date, timestamp};
use super::labels::{days, months, yen};
use crate::domain::loan::repayment::Trigger;
use crate::domain::loan::{LedgerRow, YearMonth};
use crate::domain::{LoanEventKind, Timestamp};
use chrono::NaiveDate;

/// `2024年度` (`令和6年度` in 和暦) / `fiscal year 2024`.
pub fn fiscal_year(lang: Lang, dates: DateStyle, fy: i32) -> String {
    super::dates::fiscal_year(lang, dates, fy)
}

/// `2024年5月` / `May 2024`.
pub fn year_month(lang: Lang, m: YearMonth) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Ja => format!("{}年{}月", m.year, m.month),
        Lang::En => {
            let name = usize::try_from(m.month)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| EN.get(i))
                .copied()
                .unwrap_or("?");
            format!("{name} {}", m.year)
        }
    }
}

/// A loan event's kind in words.
pub fn loan_event(lang: Lang, k: LoanEventKind) -> &'static str {
    use LoanEventKind as K;
    match k {
        K::ContinuationSubmitted => lang.pick("継続手続", "continuation forms"),
        K::LeaveStart => lang.pick("休職・停職", "leave"),
        K::LeaveEnd => lang.pick("復職", "return from leave"),
        K::Completion => lang.pick("研修修了", "completion of training"),
        K::EmploymentStart => lang.pick("勤務開始", "start of work"),
        K::EmploymentEnd => lang.pick("勤務終了", "end of work"),
        K::StatusReport => lang.pick("業務従事状況報告", "status report"),
        K::Resignation => lang.pick("退職", "resignation"),
        K::Withdrawal => lang.pick("辞退届", "loan withdrawal"),
        K::StudyInterruptionPlan => lang.pick("修学の計画書", "study-interruption plan"),
        K::Cancellation => lang.pick("貸与決定の取消し", "cancellation of the loan"),
        K::Illness => lang.pick("疾病等届", "illness notice"),
        K::DetailsChange => lang.pick("記載事項変更届", "change of details"),
        K::GuarantorChange => lang.pick("連帯保証人変更届", "change of guarantor"),
        K::RepaymentNotice => lang.pick("納入通知書", "payment notice"),
        K::Payment => lang.pick("返還金の納付", "repayment received"),
        K::Deferral => lang.pick("返還猶予", "repayment deferral"),
        K::Waiver => lang.pick("返還免除", "repayment waiver"),
    }
}

/// A reason for cancelling a loan (取消事由 ア–キ), as the seed words it.
pub fn cancellation_reason(
    lang: Lang,
    r: crate::domain::loan::cancellation::CancellationReason,
) -> &'static str {
    use crate::domain::loan::cancellation::CancellationReason as R;
    match r {
        R::Illness => lang.pick(
            "心身の故障のため研修を継続できなくなったとき",
            "illness: training can no longer continue",
        ),
        R::PoorResults => lang.pick("研修の成績が著しく不良になったとき", "very poor results"),
        R::Withdrawal => lang.pick("貸与を辞退したとき", "withdrew from the loan"),
        R::Death => lang.pick("死亡したとき", "death"),
        R::Fraud => lang.pick(
            "偽りその他不正の手段により貸与を受けたとき",
            "the loan was obtained by fraud",
        ),
        R::PurposeUnattainable => lang.pick(
            "貸与の目的を達成する見込みがなくなったとき",
            "the loan's purpose can no longer be met",
        ),
        R::GovernorsDecision => lang.pick("知事が必要と認めたとき", "the governor's decision"),
    }
}

/// Why repayment became due, in words.
pub fn cause(lang: Lang, t: Trigger) -> String {
    match t {
        Trigger::Resignation => lang
            .pick("研修中の退職", "resignation during training")
            .into(),
        Trigger::Withdrawal => lang.pick("辞退届", "loan withdrawal").into(),
        Trigger::Cancellation { reason: None } => lang
            .pick("貸与決定の取消し", "cancellation of the loan")
            .into(),
        Trigger::Cancellation { reason: Some(r) } => lang.pick(
            format!(
                "貸与決定の取消し（{} {}）",
                r.letter(),
                cancellation_reason(lang, r)
            ),
            format!(
                "cancellation of the loan ({}: {})",
                r.id(),
                cancellation_reason(lang, r)
            ),
        ),
        Trigger::EmploymentGap => lang
            .pick(
                "期限までに次の指定勤務先に就かなかった",
                "no designated workplace in time",
            )
            .into(),
        Trigger::WorkingDaysBelow { days: d } => lang.pick(
            format!("勤務日数の不足 ({})", days(lang, i64::from(d))),
            format!("too few working days ({})", days(lang, i64::from(d))),
        ),
        Trigger::NotDesignated => lang
            .pick(
                "返還免除対象外の医療機関での勤務",
                "work at a facility that is not designated",
            )
            .into(),
    }
}

/// A date in a sentence.
fn day(dates: DateStyle, d: NaiveDate) -> String {
    date(d, dates, DateWidth::Full)
}

/// `A〜B` / `A to B`.
fn span(lang: Lang, dates: DateStyle, from: NaiveDate, to: Option<NaiveDate>) -> String {
    let from = day(dates, from);
    let to = to.map_or_else(
        || lang.pick("継続中", "ongoing").to_string(),
        |d| day(dates, d),
    );
    lang.pick(format!("{from}〜{to}"), format!("{from} to {to}"))
}

fn ts(dates: DateStyle, t: &Timestamp) -> String {
    timestamp(t, dates, DateWidth::Full)
}

fn ts_span(lang: Lang, dates: DateStyle, a: &Timestamp, b: &Timestamp) -> String {
    lang.pick(
        format!("{} 〜 {}", ts(dates, a), ts(dates, b)),
        format!("{} to {}", ts(dates, a), ts(dates, b)),
    )
}

fn percent_days(lang: Lang, percent: i64, n: i64) -> String {
    lang.pick(
        format!("年{percent}%で{}分", days(lang, n)),
        format!("at {percent}% a year for {}", days(lang, n)),
    )
}

/// One ledger or computation row in words, its dates in `dates`.
pub fn ledger_row(lang: Lang, dates: DateStyle, row: &LedgerRow) -> String {
    use LedgerRow as R;
    let d = |x: &NaiveDate| day(dates, *x);
    match row {
        R::Terms {
            loan_id,
            first_fiscal_year,
            last_fiscal_year,
            years,
            annual_amount,
        } => {
            let y = super::labels::years(lang, *years);
            let a = yen(lang, *annual_amount);
            lang.pick(format!(
                    "{loan_id}: {}〜{} (年額{a}を{y})",
                    fiscal_year(lang, dates, *first_fiscal_year),
                    fiscal_year(lang, dates, *last_fiscal_year)
                ), format!(
                    "{loan_id}: fiscal years {first_fiscal_year} to {last_fiscal_year} ({a} a year for {y})"
                ))
        }
        R::Disbursement {
            date,
            amount,
            scheduled,
        } => {
            let (date, a) = (d(date), yen(lang, *amount));
            match scheduled {
                false => lang.pick(format!("{date} 交付 {a}"), format!("{date} disbursed {a}")),
                true => lang.pick(
                    format!("{date} 交付予定 {a}"),
                    format!("{date} to be disbursed {a}"),
                ),
            }
        }
        R::DisbursedTotal { amount } => {
            let a = yen(lang, *amount);
            lang.pick(
                format!("交付済みの合計 {a}"),
                format!("disbursed in all {a}"),
            )
        }
        R::Event {
            kind,
            date,
            end_date,
            notified_at,
            notified_late,
            amount,
            facility_number,
            not_designated,
            working_days,
            note,
        } => {
            let mut s = match end_date {
                Some(_) => format!(
                    "{} {}",
                    span(lang, dates, *date, *end_date),
                    loan_event(lang, *kind)
                ),
                None => format!("{} {}", d(date), loan_event(lang, *kind)),
            };
            if let Some(n) = notified_at.as_ref().map(d) {
                s.push_str(&match notified_late {
                    false => lang.pick(format!(" (届出 {n})"), format!(" (notified {n})")),
                    true => lang.pick(
                        format!(" (届出 {n}、期限後)"),
                        format!(" (notified {n}, late)"),
                    ),
                });
            }
            if let Some(a) = amount {
                s.push_str(&format!(" {}", yen(lang, *a)));
            }
            if let Some(f) = facility_number {
                s.push_str(&match not_designated {
                    false => lang.pick(format!(" 施設 {f}"), format!(" at {f}")),
                    true => lang.pick(
                        format!(" 施設 {f} (返還免除対象外)"),
                        format!(" at {f} (not designated)"),
                    ),
                });
            }
            if let Some(w) = working_days {
                let d = days(lang, i64::from(*w));
                s.push_str(&lang.pick(format!(" 勤務日数 {d}"), format!(", {d} worked")));
            }
            if let Some(n) = note {
                s.push_str(&format!(" {n}"));
            }
            s
        }
        R::Service {
            months: m,
            required,
            deducted,
            remaining,
        } => {
            let (m, r, d, left) = (
                months(lang, *m),
                months(lang, *required),
                months(lang, *deducted),
                months(lang, *remaining),
            );
            lang.pick(
                format!("従事月数 {m} / 必要 {r} (休職による控除 {d})、残り {left}"),
                format!("service {m} of {r} required ({d} deducted for leave), {left} to go"),
            )
        }
        R::DeductedMonths { months: list } => {
            let l: Vec<String> = list.iter().map(|m| year_month(lang, *m)).collect();
            lang.pick(
                format!("控除した月: {}", l.join("、")),
                format!("months deducted: {}", l.join(", ")),
            )
        }
        R::Exemption { date, reached } => {
            let date = d(date);
            match reached {
                true => lang.pick(
                    format!("返還免除 {date} (従事月数を満たしました)"),
                    format!("exempt from repayment on {date} (service complete)"),
                ),
                false => lang.pick(
                    format!("返還免除の見込み {date}"),
                    format!("exemption expected on {date}"),
                ),
            }
        }
        R::RepaymentCause {
            cause: c,
            date,
            interest_until,
        } => {
            let (c, date, interest_until) = (cause(lang, *c), d(date), d(interest_until));
            lang.pick(
                format!("返還事由: {c} ({date})、利息は {interest_until} まで"),
                format!("repayment due: {c} on {date}; interest runs to {interest_until}"),
            )
        }
        R::Interest {
            disbursed,
            amount,
            percent,
            days: n,
            interest,
        } => {
            let (a, i, p) = (
                yen(lang, *amount),
                yen(lang, *interest),
                percent_days(lang, *percent, *n),
            );
            let disbursed = d(disbursed);
            lang.pick(
                format!("{disbursed} 交付分 {a}: {p} (1年365日) = 利息 {i}"),
                format!("{disbursed} disbursement {a}: {p} (365-day year) = {i} interest"),
            )
        }
        R::RepaymentTotal {
            principal,
            interest,
            total,
        } => {
            let (p, i, t) = (
                yen(lang, *principal),
                yen(lang, *interest),
                yen(lang, *total),
            );
            lang.pick(
                format!("元金 {p} + 利息 {i} = 返還額 {t}"),
                format!("principal {p} + interest {i} = {t} to repay"),
            )
        }
        R::Notice {
            sent,
            deadline,
            moved_to,
        } => {
            let (sent, deadline) = (d(sent), d(deadline));
            let mut s = lang.pick(
                format!("納入通知書 {sent} 送付、納期限 {deadline}"),
                format!("payment notice sent {sent}, payment due {deadline}"),
            );
            if let Some(m) = moved_to.as_ref().map(d) {
                s.push_str(
                    &lang.pick(format!(" (変更後の納期限 {m})"), format!(" (moved to {m})")),
                );
            }
            s
        }
        R::Deferral { granted, until } => {
            let (granted, until) = (d(granted), d(until));
            lang.pick(
                format!("返還猶予 {granted} 承認、{until} まで"),
                format!("repayment deferred on {granted} until {until}"),
            )
        }
        R::Payment { date, amount } => {
            let (date, a) = (d(date), yen(lang, *amount));
            lang.pick(format!("{date} 納付 {a}"), format!("{date} paid {a}"))
        }
        R::Waiver { date, amount } => {
            let what = amount.map_or_else(
                || lang.pick("残額の全部", "all that remained").to_string(),
                |a| yen(lang, a),
            );
            let date = d(date);
            lang.pick(
                format!("{date} 返還免除 {what}"),
                format!("{date} waived {what}"),
            )
        }
        R::LateInterest {
            from,
            to,
            balance,
            percent,
            days: n,
            interest,
        } => {
            let (b, i, p) = (
                yen(lang, *balance),
                yen(lang, *interest),
                percent_days(lang, *percent, *n),
            );
            let s = span(lang, dates, *from, Some(*to));
            lang.pick(
                format!("延滞利息 {s}: 未納 {b}、{p} = {i}"),
                format!("late interest {s}: {b} unpaid, {p} = {i}"),
            )
        }
        R::Outstanding {
            amount_due,
            late_interest,
            paid,
            outstanding,
        } => {
            let (d, l, p, o) = (
                yen(lang, *amount_due),
                yen(lang, *late_interest),
                yen(lang, *paid),
                yen(lang, *outstanding),
            );
            lang.pick(
                format!("返還額 {d} + 延滞利息 {l} - 納付済 {p} = 未納 {o}"),
                format!("{d} due + {l} late interest - {p} paid = {o} outstanding"),
            )
        }
        R::Continuation {
            fiscal_year: fy,
            year,
            years,
            due,
        } => {
            let (f, due) = (fiscal_year(lang, dates, *fy), d(due));
            lang.pick(
                format!("{f}の継続手続 (全{years}年の{year}年目)、期限 {due}"),
                format!("continuation for {f} (year {year} of {years}), due {due}"),
            )
        }
        R::ContinuationSubmitted { date } => {
            let date = d(date);
            lang.pick(
                format!("継続手続の書類 {date} 提出"),
                format!("continuation forms received {date}"),
            )
        }
        R::HeldForLeave { start, end } => {
            let s = span(lang, dates, *start, *end);
            lang.pick(
                format!("休職 {s}: 当該年度の貸与を一時保留できます"),
                format!("on leave {s}: that year's disbursement may be held"),
            )
        }
        R::DisbursementDue {
            fiscal_year: fy,
            submitted,
            due,
        } => {
            let (f, submitted, due) = (fiscal_year(lang, dates, *fy), d(submitted), d(due));
            lang.pick(
                format!("{f}: 継続手続 {submitted} 提出、貸与の期限 {due}"),
                format!("{f}: continuation received {submitted}, to be disbursed by {due}"),
            )
        }
        R::StatusReportDue {
            fiscal_year: fy,
            due,
        } => {
            let (f, due) = (fiscal_year(lang, dates, *fy), d(due));
            lang.pick(
                format!("{f}の業務従事状況報告、期限 {due}"),
                format!("status report for {f}, due {due}"),
            )
        }
        R::StatusReportReceived { date } => {
            let date = d(date);
            lang.pick(
                format!("業務従事状況報告 {date} 提出"),
                format!("status report received {date}"),
            )
        }
        R::NoticeLate {
            kind,
            date,
            allowed_days,
            deadline,
            notified,
            days_late,
        } => {
            let (k, a, l) = (
                loan_event(lang, *kind),
                days(lang, *allowed_days),
                days(lang, *days_late),
            );
            let (date, deadline, notified) = (d(date), d(deadline), d(notified));
            lang.pick(format!("{k} {date}: 届出期限 {deadline} ({a}以内)、届出 {notified} ({l}遅れ)"), format!(
                    "{k} on {date}: notice due within {a}, by {deadline}; received {notified} ({l} late)"
                ))
        }
        R::WorkingDaysShort {
            reported,
            days: n,
            required,
        } => {
            let (n, r) = (days(lang, i64::from(*n)), days(lang, i64::from(*required)));
            let reported = d(reported);
            lang.pick(
                format!("{reported} の報告: 勤務日数 {n} (必要 {r})"),
                format!("report of {reported}: {n} worked ({r} required)"),
            )
        }
        R::StudyPlanLate {
            start,
            months_ahead,
            due,
            notified,
            days_late,
        } => {
            let (m, l) = (
                months(lang, i64::from(*months_ahead)),
                days(lang, *days_late),
            );
            let (start, due, notified) = (d(start), d(due), d(notified));
            lang.pick(
                format!("修学開始 {start}: 計画書の期限 {due} ({m}前)、提出 {notified} ({l}遅れ)"),
                format!(
                    "study from {start}: plan due {due} ({m} ahead); received {notified} ({l} late)"
                ),
            )
        }
        R::NotDesignated {
            facility_number,
            start,
            end,
        } => {
            let f = facility_number.as_ref().map_or_else(
                || {
                    lang.pick("(施設番号なし)", "(no facility number)")
                        .to_string()
                },
                |f| f.to_string(),
            );
            let s = span(lang, dates, *start, *end);
            lang.pick(
                format!("施設 {f} {s}: 返還免除対象外のため従事月数に算入しません (0か月)"),
                format!("facility {f} {s}: not designated, no month counts (0 months)"),
            )
        }
        R::EmploymentGap {
            after,
            allowed_by,
            next_start,
        } => {
            let next =
                next_start.map_or_else(|| lang.pick("なし", "none yet").to_string(), |x| d(&x));
            let (after, allowed_by) = (d(after), d(allowed_by));
            lang.pick(format!("{after} の退職後、次の勤務開始の期限 {allowed_by} (次の勤務開始 {next})"), format!(
                    "after leaving on {after} the next workplace had to start by {allowed_by} (started: {next})"
                ))
        }
        R::ExemptionReached {
            months: m,
            required,
            date,
        } => {
            let (m, r, date) = (months(lang, *m), months(lang, *required), d(date));
            lang.pick(
                format!("従事月数 {m} / 必要 {r}: {date} に返還免除"),
                format!("service {m} of {r} required: exempt from {date}"),
            )
        }
        R::CountedAfter {
            kind,
            years,
            end,
            from,
        } => {
            let (k, y, end, from) = (
                super::loan::prior_kind(lang, *kind),
                super::labels::years(lang, *years),
                d(end),
                year_month(lang, *from),
            );
            lang.pick(
                format!("{k}の義務 ({y}) {end}まで: 従事月数は{from}から算入"),
                format!("the {k} obligation ({y}) runs to {end}: service counts from {from}"),
            )
        }
    }
}

mod checks;
pub use checks::check_detail;

#[cfg(test)]
mod tests;
