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
    /// The report window of a fiscal year, if configured.
    pub fn report_window(&self, fiscal_year: i32) -> Option<&ReportWindow> {
        self.report_windows
            .iter()
            .find(|w| w.fiscal_year == fiscal_year)
    }
}
