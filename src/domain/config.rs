//! The rule parameters that DOMAIN.md marks as configuration, with its defaults.

use super::time::{Timestamp, at, ymd};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One recruitment period (募集期間) of a recruitment year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentPeriod {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A facility-report window for one fiscal year, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The topics an enquiry is logged under (問い合わせの用件), in the
    /// order the form lists them.
    pub enquiry_topics: Vec<String>,
    /// Mail the programme director when a withdrawal arrives (seed 000:
    /// 専攻医が辞退 → 統括にメール), not only when chased.
    pub notify_director_on_arrival: bool,
    /// Days from a payment notice (納入通知書) to the deadline it gives,
    /// when the ledger records none (rolled to a business day).
    pub payment_notice_days: i64,
    /// Days from a reminder (督促状) to the new deadline it gives.
    pub reminder_days: i64,
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
            enquiry_topics: super::enquiry::default_topics(),
            notify_director_on_arrival: true,
            payment_notice_days: 30,
            reminder_days: 14,
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

/// A configured value outside its rule: the key (`rules.notice_days`), the
/// value as read, and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub value: String,
    pub rule: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "`{}`: {}", self.key, self.rule)
        } else {
            write!(f, "`{}` = {}: {}", self.key, self.value, self.rule)
        }
    }
}

/// Collects the problems of one section (`prefix`: `rules`, `mail`…).
pub struct ConfigCheck<'a> {
    pub prefix: &'a str,
    pub problems: Vec<ConfigProblem>,
}

impl ConfigCheck<'_> {
    /// A problem with `key` (below the prefix).
    pub fn fail(&mut self, key: &str, value: impl std::fmt::Display, rule: impl Into<String>) {
        self.problems.push(ConfigProblem {
            key: if key.is_empty() {
                self.prefix.to_string()
            } else {
                format!("{}.{key}", self.prefix)
            },
            value: value.to_string(),
            rule: rule.into(),
        });
    }

    /// A whole number that must lie in `lo..=hi` (of `unit`).
    pub fn range<T>(&mut self, key: &str, v: T, lo: T, hi: T, unit: &str)
    where
        T: PartialOrd + std::fmt::Display + Copy,
    {
        if v < lo || v > hi {
            self.fail(
                key,
                v,
                format!("must be a whole number of {unit} from {lo} to {hi}"),
            );
        }
    }

    /// A date that must lie in the years the rules cover.
    pub fn date(&mut self, key: &str, d: NaiveDate) {
        if !super::time::in_rule_years(d) {
            self.fail(
                key,
                d,
                format!(
                    "must be a date from {} to {} (the years the rules cover)",
                    super::time::first_rule_day(),
                    super::time::last_rule_day()
                ),
            );
        }
    }
}

/// Every number of `[rules]` with its range (key, low, high, unit): the one
/// list the check and docs/administration.md's table follow.
pub const RULE_RANGES: [(&str, i64, i64, &str); 15] = [
    ("director_chase_days", 1, 365, "days"),
    ("decision_days", 1, 365, "days"),
    ("notice_days", 1, 365, "days"),
    ("release_delay_secs", 0, 86_400, "seconds"),
    ("missing_report_grace_days", 0, 365, "days"),
    ("loan_interest_percent", 0, 100, "percent"),
    ("loan_late_interest_percent", 0, 100, "percent"),
    ("loan_disbursement_due_day", 1, 30, "days of April"),
    ("loan_study_plan_months", 0, 24, "months"),
    ("loan_service_months_per_year", 1, 60, "months"),
    ("loan_min_working_days", 1, 366, "days"),
    ("loan_continuation_due_day", 1, 30, "days of April"),
    ("loan_status_report_due_day", 1, 30, "days of April"),
    ("payment_notice_days", 1, 365, "days"),
    ("reminder_days", 1, 365, "days"),
];

impl RulesConfig {
    /// Every value against its rule: numbers in [`RULE_RANGES`], dates in the
    /// rule years, periods and windows that end after they start.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut c = ConfigCheck {
            prefix: "rules",
            problems: Vec::new(),
        };
        let numbers: [i64; 15] = [
            self.director_chase_days,
            self.decision_days,
            self.notice_days,
            self.release_delay_secs,
            self.missing_report_grace_days,
            self.loan_interest_percent,
            self.loan_late_interest_percent,
            self.loan_disbursement_due_day.into(),
            self.loan_study_plan_months.into(),
            self.loan_service_months_per_year,
            self.loan_min_working_days.into(),
            self.loan_continuation_due_day.into(),
            self.loan_status_report_due_day.into(),
            self.payment_notice_days,
            self.reminder_days,
        ];
        for ((key, lo, hi, unit), v) in RULE_RANGES.iter().zip(numbers) {
            c.range(key, v, *lo, *hi, unit);
        }
        for (i, p) in self.recruitment_periods.iter().enumerate() {
            let key = |f: &str| format!("recruitment_periods[{i}].{f}");
            if p.name.trim().is_empty() {
                c.fail(&key("name"), "\"\"", "a period needs a name");
            }
            c.date(&key("start"), p.start);
            c.date(&key("end"), p.end);
            if p.end < p.start {
                c.fail(
                    &key("end"),
                    p.end,
                    format!("must not be before start {}", p.start),
                );
            }
        }
        let mut years = std::collections::BTreeSet::new();
        for (i, w) in self.report_windows.iter().enumerate() {
            let key = |f: &str| format!("report_windows[{i}].{f}");
            let (lo, hi) = (
                super::time::RULE_YEARS.start(),
                super::time::RULE_YEARS.end(),
            );
            c.range(&key("fiscal_year"), w.fiscal_year, *lo, *hi, "years");
            if !years.insert(w.fiscal_year) {
                c.fail(
                    &key("fiscal_year"),
                    w.fiscal_year,
                    "one window per fiscal year",
                );
            }
            c.date(&key("opens"), super::time::jst_date(&w.opens));
            c.date(&key("closes"), super::time::jst_date(&w.closes));
            if w.closes < w.opens {
                c.fail(
                    &key("closes"),
                    w.closes,
                    format!("must not be before opens {}", w.opens),
                );
            }
        }
        if let Some(rule) = super::enquiry::topic_list_problem(&self.enquiry_topics) {
            c.fail("enquiry_topics", self.enquiry_topics.join(","), rule);
        }
        if self.membership_categories.is_empty() {
            c.fail("membership_categories", "[]", "name at least one category");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, m) in self.membership_categories.iter().enumerate() {
            if m.trim().is_empty() || !seen.insert(m.trim()) {
                c.fail(
                    &format!("membership_categories[{i}]"),
                    format!("{m:?}"),
                    "each category is named, once",
                );
            }
        }
        for (list, days) in [
            ("extra_holidays", &self.extra_holidays),
            ("removed_holidays", &self.removed_holidays),
        ] {
            for (i, d) in days.iter().enumerate() {
                c.date(&format!("{list}[{i}]"), *d);
            }
        }
        c.problems
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

#[cfg(test)]
mod check_tests {
    use super::*;

    fn problems(toml_text: &str) -> Vec<ConfigProblem> {
        toml::from_str::<RulesConfig>(toml_text).unwrap().problems()
    }

    #[test]
    fn the_defaults_pass() {
        assert_eq!(RulesConfig::default().problems(), Vec::new());
    }

    #[test]
    fn each_number_out_of_range_is_named_with_its_range() {
        for (key, lo, hi, unit) in RULE_RANGES {
            for bad in [lo - 1, hi + 1] {
                let Ok(cfg) = toml::from_str::<RulesConfig>(&format!("{key} = {bad}")) else {
                    assert!(bad < 0, "{key} = {bad}");
                    continue; // an unsigned number cannot even be read below 0
                };
                let p = cfg.problems();
                assert_eq!(p.len(), 1, "{key} = {bad}: {p:?}");
                assert_eq!(p[0].key, format!("rules.{key}"));
                let text = p[0].to_string();
                assert!(
                    text.contains(&format!("from {lo} to {hi}")) && text.contains(unit),
                    "{text}"
                );
            }
            assert!(
                problems(&format!("{key} = {lo}")).is_empty(),
                "{key} = {lo}"
            );
            assert!(
                problems(&format!("{key} = {hi}")).is_empty(),
                "{key} = {hi}"
            );
        }
        let p = problems("release_delay_secs = -5");
        assert_eq!(p[0].key, "rules.release_delay_secs");
        assert!(p[0].to_string().contains("from 0 to 86400"), "{}", p[0]);
    }

    #[test]
    fn dates_outside_the_rule_years_and_backwards_periods_are_named() {
        let p = problems("extra_holidays = [\"1989-12-31\", \"2100-01-01\", \"2030-05-07\"]");
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["rules.extra_holidays[0]", "rules.extra_holidays[1]"]);
        assert!(p[0].rule.contains("1990-01-01") && p[0].rule.contains("2099-12-31"));
        let p = problems(
            "[[recruitment_periods]]\nname = \"x\"\nstart = \"2026-10-01\"\nend = \"2026-09-01\"\n",
        );
        assert_eq!(p[0].key, "rules.recruitment_periods[0].end");
        let p = problems(
            "[[report_windows]]\nfiscal_year = 2200\nopens = \"2026-09-03T13:00:00+09:00\"\ncloses = \"2026-10-05T23:59:00+09:00\"\n",
        );
        assert_eq!(p[0].key, "rules.report_windows[0].fiscal_year");
        assert!(problems("membership_categories = []")[0].key == "rules.membership_categories");
    }

    #[test]
    fn the_readme_lists_every_rule_range() {
        let readme = include_str!("../../docs/administration.md");
        for (key, lo, hi, _) in RULE_RANGES {
            let row = readme
                .lines()
                .find(|l| l.starts_with("| ") && l.contains(&format!("`rules.{key}`")))
                .unwrap_or_else(|| panic!("docs/administration.md has no rules.{key}"));
            assert!(row.contains(&format!("{lo}–{hi}")), "{key}: {row}");
        }
    }

    #[test]
    fn unknown_keys_inside_periods_and_windows_are_refused() {
        assert!(
            toml::from_str::<RulesConfig>(
                "[[recruitment_periods]]\nname = \"x\"\nstart = \"2026-10-01\"\nend = \"2026-11-01\"\ncolour = 1\n"
            )
            .is_err()
        );
        assert!(
            toml::from_str::<RulesConfig>(
                "[[report_windows]]\nfiscal_year = 2026\nopens = \"2026-09-03T13:00:00+09:00\"\ncloses = \"2026-10-05T23:59:00+09:00\"\nlate = true\n"
            )
            .is_err()
        );
    }
}
