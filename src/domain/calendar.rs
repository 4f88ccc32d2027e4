//! Business days and deadlines: weekends, national holidays and the 12/29-1/3 closure.

use super::config::RulesConfig;
use super::time::add_days;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The office calendar: the built-in holiday table plus configured changes.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Builds the calendar from the built-in table and the configuration.
    pub fn new(cfg: &RulesConfig) -> Self {
        let mut holidays: BTreeSet<NaiveDate> = super::holidays::table().collect();
        holidays.extend(cfg.extra_holidays.iter().copied());
        for d in &cfg.removed_holidays {
            holidays.remove(d);
        }
        Calendar { holidays }
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// 12/29 to 1/3.
    pub fn is_year_end_closure(d: NaiveDate) -> bool {
        (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3)
    }

    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.is_holiday(d)
            && !Self::is_year_end_closure(d)
    }

    /// The first business day on or after `d`.
    pub fn roll_forward(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        // A closure plus a long weekend never exceeds two weeks; 31 is a safe bound.
        for _ in 0..31 {
            if self.is_business_day(d) {
                return d;
            }
            d = add_days(d, 1);
        }
        d
    }

    /// "Within N days" of an event (初日不算入: the event day is not counted),
    /// moved to the next business day when it falls on a closed day.
    pub fn deadline_within(&self, event: NaiveDate, days: i64) -> NaiveDate {
        self.roll_forward(add_days(event, days))
    }
}

/// Calls `each` with rules whose decision and missing-report day counts are
/// the ends of `i64` or an ordinary 14, and a receipt at the ends of the
/// calendar or at an era's turn: where a due date must not panic.
#[cfg(test)]
pub(crate) fn at_the_ends_of_the_calendar(
    mut each: impl FnMut(&RulesConfig, &Calendar, &super::time::Timestamp),
) {
    use super::time::{at, ymd};
    let cal = Calendar::new(&RulesConfig::default());
    for days in [i64::MAX, i64::MIN, 14] {
        let cfg = RulesConfig {
            decision_days: days,
            missing_report_grace_days: days,
            ..RulesConfig::default()
        };
        for d in [
            NaiveDate::MAX,
            NaiveDate::MIN,
            ymd(1989, 12, 31),
            ymd(2100, 1, 1),
        ] {
            each(&cfg, &cal, &at(d, 9, 0));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::time::ymd;

    /// The calendar of the default rules.
    pub(crate) fn cal() -> Calendar {
        Calendar::new(&RulesConfig::default())
    }

    #[test]
    fn ten_day_notice_skips_showa_day() {
        // 2025-04-19 + 10 = 4/29 (昭和の日) -> 4/30.
        assert_eq!(
            cal().deadline_within(ymd(2025, 4, 19), 10),
            ymd(2025, 4, 30)
        );
        // A plain weekday deadline stays put.
        assert_eq!(cal().deadline_within(ymd(2025, 6, 2), 10), ymd(2025, 6, 12));
    }

    #[test]
    fn weekends_move_to_monday() {
        let c = cal();
        assert!(!c.is_business_day(ymd(2025, 6, 14)));
        assert!(!c.is_business_day(ymd(2025, 6, 15)));
        assert_eq!(c.roll_forward(ymd(2025, 6, 14)), ymd(2025, 6, 16));
        // Golden week 2025: 5/3 Sat ~ 5/6 substitute -> 5/7.
        assert_eq!(c.roll_forward(ymd(2025, 5, 3)), ymd(2025, 5, 7));
    }

    #[test]
    fn year_end_closure() {
        let c = cal();
        for d in [
            ymd(2025, 12, 29),
            ymd(2025, 12, 31),
            ymd(2026, 1, 2),
            ymd(2026, 1, 3),
        ] {
            assert!(!c.is_business_day(d), "{d}");
        }
        assert!(c.is_business_day(ymd(2025, 12, 26)));
        // 2025-12-29 Mon ~ 2026-01-03 Sat, 1/4 Sunday -> 1/5.
        assert_eq!(c.roll_forward(ymd(2025, 12, 27)), ymd(2026, 1, 5));
        assert_eq!(c.deadline_within(ymd(2025, 12, 20), 10), ymd(2026, 1, 5));
    }

    #[test]
    fn configured_changes_apply() {
        let cfg = RulesConfig {
            extra_holidays: vec![ymd(2025, 6, 12)],
            removed_holidays: vec![ymd(2025, 4, 29)],
            ..RulesConfig::default()
        };
        let c = Calendar::new(&cfg);
        assert!(!c.is_business_day(ymd(2025, 6, 12)));
        assert!(c.is_business_day(ymd(2025, 4, 29)));
    }
}
