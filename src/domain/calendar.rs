//! Business days and deadlines: weekends, national holidays and the 12/29–1/3 closure.

use super::config::RulesConfig;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
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
            d += Duration::days(1);
        }
        d
    }

    /// "Within N days" of an event (初日不算入: the event day is not counted),
    /// moved to the next business day when it falls on a closed day.
    pub fn deadline_within(&self, event: NaiveDate, days: i64) -> NaiveDate {
        self.roll_forward(event + Duration::days(days))
    }
}
