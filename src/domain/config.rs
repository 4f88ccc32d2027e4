//! The rule parameters that DOMAIN.md marks as configuration, with its defaults.

use super::time::{Timestamp, at, ymd};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One recruitment period (募集期間) of a recruitment year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecruitmentPeriod {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A facility-report window for one fiscal year, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportWindow {
    pub fiscal_year: i32,
    pub opens: Timestamp,
    pub closes: Timestamp,
}

/// Everything the rules need besides data and today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Chase a director who has not answered after this many days.
    pub director_chase_days: i64,
    /// Days the secretariat allows itself to confirm or decide a case.
    pub decision_days: i64,
    /// Recruitment periods; the last one's end closes the year.
    pub recruitment_periods: Vec<RecruitmentPeriod>,
    pub report_windows: Vec<ReportWindow>,
    /// 会員区分.
    pub membership_categories: Vec<String>,
    /// Days a notice is due after its event (10日以内).
    pub notice_days: i64,
    /// Seconds a notification waits before release, during which undo works.
    pub release_delay_secs: i64,
    /// Holidays to add to the built-in table (e.g. a newly legislated one).
    pub extra_holidays: Vec<NaiveDate>,
    /// Built-in holidays to ignore.
    pub removed_holidays: Vec<NaiveDate>,
    /// Days after a report window closes by which a missing report is chased.
    pub missing_report_grace_days: i64,
    /// Annual interest on a loan repayment, in percent (年10%).
    pub loan_interest_percent: i64,
    /// 延滞利息: late-payment interest on a repayment, percent a year (15).
    pub loan_late_interest_percent: i64,
    /// Day of April by which each continued year is disbursed (30).
    pub loan_disbursement_due_day: u32,
    /// Months before a study interruption that its plan (form 17) is due (3).
    pub loan_study_plan_months: u32,
    /// Service months owed per loan year (3/2 x 12).
    pub loan_service_months_per_year: i64,
    /// Working days a service year needs (年間200日).
    pub loan_min_working_days: u32,
    /// Day of April by which a continuation (継続手続) is due.
    pub loan_continuation_due_day: u32,
    /// Day of April by which the annual status report (業務従事証明書) is due.
    pub loan_status_report_due_day: u32,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            director_chase_days: 7,
            decision_days: 14,
            recruitment_periods: default_recruitment_periods(),
            report_windows: vec![
                ReportWindow {
                    fiscal_year: 2025,
                    opens: at(ymd(2025, 9, 4), 13, 0),
                    closes: at(ymd(2025, 10, 6), 23, 59),
                },
                ReportWindow {
                    fiscal_year: 2026,
                    opens: at(ymd(2026, 9, 3), 13, 0),
                    closes: at(ymd(2026, 10, 5), 23, 59),
                },
            ],
            membership_categories: ["A①", "A②(B)", "A②(C)", "B", "C"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            notice_days: 10,
            release_delay_secs: 120,
            extra_holidays: Vec::new(),
            removed_holidays: Vec::new(),
            missing_report_grace_days: 14,
            loan_interest_percent: 10,
            loan_late_interest_percent: 15,
            loan_disbursement_due_day: 30,
            loan_study_plan_months: 3,
            loan_service_months_per_year: 18,
            loan_min_working_days: 200,
            loan_continuation_due_day: 15,
            loan_status_report_due_day: 30,
        }
    }
}

fn default_recruitment_periods() -> Vec<RecruitmentPeriod> {
    let mut v = Vec::new();
    for y in 2024..=2027 {
        v.push(RecruitmentPeriod {
            name: format!("{y} 一次募集"),
            start: ymd(y, 10, 1),
            end: ymd(y, 11, 15),
        });
        v.push(RecruitmentPeriod {
            name: format!("{y} 二次募集"),
            start: ymd(y, 12, 1),
            end: ymd(y, 12, 20),
        });
        v.push(RecruitmentPeriod {
            name: format!("{y} 最終調整"),
            start: ymd(y + 1, 1, 10),
            end: ymd(y + 1, 2, 28),
        });
    }
    v
}

impl RulesConfig {
    /// The last day of the recruitment cycle running in `fiscal_year`: the end
    /// of the latest period whose start falls in that fiscal year.
    pub fn recruitment_closes(&self, fiscal_year: i32) -> Option<NaiveDate> {
        self.recruitment_periods
            .iter()
            .filter(|p| super::time::fiscal_year(p.start) == fiscal_year)
            .map(|p| p.end)
            .max()
    }

    /// The report window of a fiscal year, if configured.
    pub fn report_window(&self, fiscal_year: i32) -> Option<&ReportWindow> {
        self.report_windows
            .iter()
            .find(|w| w.fiscal_year == fiscal_year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_config_keeps_defaults() {
        let cfg: RulesConfig = toml::from_str("decision_days = 10").unwrap();
        assert_eq!(cfg.decision_days, 10);
        assert_eq!(cfg.missing_report_grace_days, 14);
        assert_eq!(cfg.loan_min_working_days, 200);
    }

    #[test]
    fn recruitment_cycle_closes_with_final_adjustment() {
        let cfg = RulesConfig::default();
        assert_eq!(cfg.recruitment_closes(2024), Some(ymd(2025, 2, 28)));
        assert_eq!(cfg.recruitment_closes(2030), None);
    }
}
