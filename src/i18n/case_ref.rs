//! A case's reference as the screen names it. A loan follow-up's machine
//! reference (`L-2021-00001/continuation/2023`) is read into words
//! (`L-2021-00001 継続 2023年度`); the store, `:ref`, exports and CSV keep
//! the machine form. Other queues' references are words already.

use super::Lang;
use super::dates::{DateStyle, DateWidth, date};
use super::rows::loan_event;
use crate::domain::{LoanEventKind, Queue};

/// The reference of a case in `queue`, in words: a loan follow-up's topic
/// and its year or date after the loan id (the date short, as a label:
/// `2025-05-10`, `R7.5.10`); anything else, or a loan reference this does
/// not know, as it is.
pub fn case_ref_label(lang: Lang, dates: DateStyle, queue: Queue, reference: &str) -> String {
    if queue != Queue::LoanFollowup {
        return reference.to_string();
    }
    loan_followup(lang, dates, reference).unwrap_or_else(|| reference.to_string())
}

fn loan_followup(lang: Lang, dates: DateStyle, reference: &str) -> Option<String> {
    let (loan, rest) = reference.split_once('/')?;
    let mut parts: Vec<&str> = rest.split('/').collect();
    // The date that ends some references, in the screen's style.
    let written = parts
        .last()
        .and_then(|d| crate::domain::time::parse_date(d).ok())
        .map(|d| date(d, dates, DateWidth::Narrow));
    if let (Some(w), Some(last)) = (&written, parts.last_mut()) {
        *last = w.as_str();
    }
    let fy = |y: &str| match (lang, y.parse::<i32>()) {
        (Lang::Ja, Ok(n)) => super::dates::fiscal_year(lang, dates, n),
        (Lang::Ja, Err(_)) => format!("{y}年度"),
        (Lang::En, _) => format!("FY{y}"),
    };
    let words = match parts.as_slice() {
        ["exemption"] => lang.pick("免除申請", "exemption").to_string(),
        ["repayment"] => lang.pick("返還", "repayment").to_string(),
        ["continuation", y] => format!("{} {}", lang.pick("継続", "continuation"), fy(y)),
        ["disbursement", y] => format!("{} {}", lang.pick("貸与", "disbursement"), fy(y)),
        ["status_report", y] => format!("{} {}", lang.pick("従事報告", "status report"), fy(y)),
        ["notification_late", event, date] => {
            let event = LoanEventKind::from_id(event).map(|k| loan_event(lang, k))?;
            format!("{} {event} {date}", lang.pick("届出遅延", "late notice"))
        }
        ["working_days_below_200", date] => {
            format!("{} {date}", lang.pick("勤務日数不足", "under 200 days"))
        }
        ["study_plan_late", date] => {
            format!("{} {date}", lang.pick("計画書遅延", "late study plan"))
        }
        ["not_designated_workplace", date] => {
            format!("{} {date}", lang.pick("対象外勤務", "not designated"))
        }
        ["employment_gap_too_long", date] => {
            format!("{} {date}", lang.pick("勤務空白", "employment gap"))
        }
        _ => return None,
    };
    Some(format!("{loan} {words}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ja(r: &str) -> String {
        case_ref_label(Lang::Ja, DateStyle::Iso, Queue::LoanFollowup, r)
    }
    fn en(r: &str) -> String {
        case_ref_label(Lang::En, DateStyle::Iso, Queue::LoanFollowup, r)
    }

    #[test]
    fn every_loan_followup_reference_reads_as_words() {
        let cases = [
            (
                "L-2021-00001/exemption",
                "L-2021-00001 免除申請",
                "L-2021-00001 exemption",
            ),
            (
                "L-2021-00001/repayment",
                "L-2021-00001 返還",
                "L-2021-00001 repayment",
            ),
            (
                "L-2021-00001/continuation/2023",
                "L-2021-00001 継続 2023年度",
                "L-2021-00001 continuation FY2023",
            ),
            (
                "L-2021-00001/disbursement/2024",
                "L-2021-00001 貸与 2024年度",
                "L-2021-00001 disbursement FY2024",
            ),
            (
                "L-2021-00001/status_report/2025",
                "L-2021-00001 従事報告 2025年度",
                "L-2021-00001 status report FY2025",
            ),
            (
                "L-2020-00014/working_days_below_200/2025-05-10",
                "L-2020-00014 勤務日数不足 2025-05-10",
                "L-2020-00014 under 200 days 2025-05-10",
            ),
            (
                "L-2020-00014/notification_late/resignation/2025-05-10",
                "L-2020-00014 届出遅延 退職 2025-05-10",
                "L-2020-00014 late notice resignation 2025-05-10",
            ),
            (
                "L-2020-00014/study_plan_late/2025-05-10",
                "L-2020-00014 計画書遅延 2025-05-10",
                "L-2020-00014 late study plan 2025-05-10",
            ),
            (
                "L-2020-00014/not_designated_workplace/2025-04-01",
                "L-2020-00014 対象外勤務 2025-04-01",
                "L-2020-00014 not designated 2025-04-01",
            ),
            (
                "L-2020-00014/employment_gap_too_long/2025-04-01",
                "L-2020-00014 勤務空白 2025-04-01",
                "L-2020-00014 employment gap 2025-04-01",
            ),
        ];
        for (r, j, e) in cases {
            assert_eq!(ja(r), j);
            assert_eq!(en(r), e);
            assert!(!ja(r).contains('/') && !ja(r).contains('_'), "{r}");
        }
    }

    #[test]
    fn a_date_in_a_reference_is_written_short_in_the_screens_style() {
        let w = |r| case_ref_label(Lang::Ja, DateStyle::Wareki, Queue::LoanFollowup, r);
        assert_eq!(
            w("L-2020-00014/working_days_below_200/2025-05-10"),
            "L-2020-00014 勤務日数不足 R7.5.10"
        );
        assert_eq!(
            w("L-2020-00014/notification_late/resignation/2019-04-30"),
            "L-2020-00014 届出遅延 退職 H31.4.30"
        );
        // A fiscal year by the era of its first day.
        assert_eq!(
            w("L-2021-00001/continuation/2023"),
            "L-2021-00001 継続 令和5年度"
        );
    }

    #[test]
    fn other_references_stay_as_they_are() {
        assert_eq!(ja("L-2021-00001/unheard_of"), "L-2021-00001/unheard_of");
        assert_eq!(ja("LF-1234561-0"), "LF-1234561-0");
        assert_eq!(
            case_ref_label(
                Lang::Ja,
                DateStyle::Wareki,
                Queue::Withdrawal,
                "W-2026-0001/x"
            ),
            "W-2026-0001/x"
        );
    }
}
