//! The Japanese eras (元号) the office writes dates in: 昭和, 平成 and 令和,
//! each from the day it began. A date before 昭和 has no era here (the rules
//! start in 1990; only an old birth date could be that early).

use super::input::DateProblem;
use super::ymd;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// An era, as the office writes it: 令和8年 in full, R8 in short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    /// Oldest first.
    pub const ALL: [Era; 3] = [Era::Showa, Era::Heisei, Era::Reiwa];

    /// The name written in full: 昭和, 平成, 令和.
    pub fn name(self) -> &'static str {
        match self {
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The letter of the short form (`R8.11.21`): S, H, R.
    pub fn letter(self) -> char {
        match self {
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The day the era began: its first year, 元年.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Era::Showa => ymd(1926, 12, 25),
            Era::Heisei => ymd(1989, 1, 8),
            Era::Reiwa => ymd(2019, 5, 1),
        }
    }

    /// The era after this one.
    fn next(self) -> Option<Era> {
        match self {
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// The era's last day; none for the era of today.
    pub fn last_day(self) -> Option<NaiveDate> {
        self.next().and_then(|n| n.first_day().pred_opt())
    }

    /// The era a date falls in, and its year there (1 is 元年):
    /// 2026-11-21 is 令和 8, 2019-04-30 平成 31, 2019-05-01 令和 1.
    pub fn of(d: NaiveDate) -> Option<(Era, i32)> {
        Era::ALL
            .into_iter()
            .rev()
            .find(|e| d >= e.first_day())
            .map(|e| (e, d.year() - e.first_day().year() + 1))
    }

    /// The day written `year.month.day` in this era, if the era had it:
    /// 令和1年4月30日 is before 令和 began, 平成31年5月1日 after 平成 ended.
    pub fn date(self, year: u32, month: u32, day: u32) -> Result<NaiveDate, DateProblem> {
        if year == 0 {
            return Err(DateProblem::NoYearZero { era: self });
        }
        let western = i32::try_from(year)
            .ok()
            .and_then(|y| self.first_day().year().checked_add(y - 1))
            .ok_or(DateProblem::NoSuchDay)?;
        let d = NaiveDate::from_ymd_opt(western, month, day).ok_or(DateProblem::NoSuchDay)?;
        if d < self.first_day() {
            return Err(DateProblem::BeforeEra { era: self });
        }
        match self.last_day() {
            Some(last) if d > last => Err(DateProblem::AfterEra { era: self }),
            _ => Ok(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_era_begins_the_day_after_the_last_ended() {
        assert_eq!(Era::Showa.last_day(), Some(ymd(1989, 1, 7)));
        assert_eq!(Era::Heisei.last_day(), Some(ymd(2019, 4, 30)));
        assert_eq!(Era::Reiwa.last_day(), None);
        for e in Era::ALL {
            assert_eq!(Era::of(e.first_day()), Some((e, 1)), "{e:?}");
            if let Some(last) = e.last_day() {
                assert_eq!(Era::of(last).map(|x| x.0), Some(e));
            }
        }
    }

    #[test]
    fn a_date_has_its_era_and_year() {
        assert_eq!(Era::of(ymd(2026, 11, 21)), Some((Era::Reiwa, 8)));
        assert_eq!(Era::of(ymd(2019, 5, 1)), Some((Era::Reiwa, 1)));
        assert_eq!(Era::of(ymd(2019, 4, 30)), Some((Era::Heisei, 31)));
        assert_eq!(Era::of(ymd(1989, 1, 8)), Some((Era::Heisei, 1)));
        assert_eq!(Era::of(ymd(1989, 1, 7)), Some((Era::Showa, 64)));
        assert_eq!(Era::of(ymd(1990, 1, 1)), Some((Era::Heisei, 2)));
        assert_eq!(Era::of(ymd(2099, 12, 31)), Some((Era::Reiwa, 81)));
        assert_eq!(Era::of(ymd(1926, 12, 24)), None);
        assert_eq!(Era::of(NaiveDate::MIN), None);
        assert_eq!(Era::of(NaiveDate::MAX).map(|x| x.0), Some(Era::Reiwa));
    }

    #[test]
    fn an_era_date_is_checked_against_the_eras_days() {
        assert_eq!(Era::Reiwa.date(8, 11, 21), Ok(ymd(2026, 11, 21)));
        assert_eq!(Era::Reiwa.date(1, 5, 1), Ok(ymd(2019, 5, 1)));
        assert_eq!(Era::Heisei.date(31, 4, 30), Ok(ymd(2019, 4, 30)));
        use DateProblem::{AfterEra, BeforeEra, NoYearZero};
        for (date, problem) in [
            (Era::Reiwa.date(1, 4, 30), BeforeEra { era: Era::Reiwa }),
            (Era::Heisei.date(31, 5, 1), AfterEra { era: Era::Heisei }),
            (Era::Heisei.date(1, 1, 7), BeforeEra { era: Era::Heisei }),
            (Era::Reiwa.date(0, 5, 1), NoYearZero { era: Era::Reiwa }),
        ] {
            assert_eq!(date, Err(problem));
        }
        assert_eq!(Era::Reiwa.date(7, 2, 29), Err(DateProblem::NoSuchDay));
        assert_eq!(Era::Reiwa.date(10, 2, 29), Ok(ymd(2028, 2, 29)));
        assert!(Era::Reiwa.date(u32::MAX, 1, 1).is_err());
    }
}
