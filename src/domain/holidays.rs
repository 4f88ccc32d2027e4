//! The national holiday table (国民の祝日), computed from the Holidays Act
//! (国民の祝日に関する法律) as amended, for 1990-2099.
//!
//! The rules are data-like: each holiday names the years it applies in. Dates
//! the Act does not foresee (a new holiday, a one-off ceremony) are added or
//! removed through `RulesConfig::{extra_holidays, removed_holidays}`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::sync::OnceLock;

/// The first year the table covers.
pub const FIRST_YEAR: i32 = 1990;
/// The last year the table covers (the equinox formula holds until 2099).
pub const LAST_YEAR: i32 = 2099;

/// One holiday with its Japanese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// Every national holiday the program knows, 1990-2099, in date order.
pub fn table() -> impl Iterator<Item = NaiveDate> {
    all().iter().map(|h| h.date)
}

/// Every holiday with its name, 1990-2099, in date order.
pub fn all() -> &'static [Holiday] {
    static TABLE: OnceLock<Vec<Holiday>> = OnceLock::new();
    TABLE.get_or_init(|| (FIRST_YEAR..=LAST_YEAR).flat_map(of_year).collect())
}

/// The holiday on a date, if any.
pub fn name_of(d: NaiveDate) -> Option<&'static str> {
    let list = all();
    list.binary_search_by(|h| h.date.cmp(&d))
        .ok()
        .and_then(|i| list.get(i))
        .map(|h| h.name)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The `n`th (1-based) Monday of a month.
fn nth_monday(y: i32, m: u32, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, Weekday::Mon, n as u8)
}

/// 春分日 by the standard formula (valid 1980-2099), in fixed point to avoid
/// floating-point rounding at the boundary.
fn vernal_equinox_day(y: i32) -> u32 {
    let n = i64::from(y - 1980);
    ((20_843_100 + 242_194 * n) / 1_000_000 - n.div_euclid(4)) as u32
}

/// 秋分日 by the standard formula (valid 1980-2099).
fn autumnal_equinox_day(y: i32) -> u32 {
    let n = i64::from(y - 1980);
    ((23_248_800 + 242_194 * n) / 1_000_000 - n.div_euclid(4)) as u32
}

/// The holidays named by the Act in a year, before substitute and
/// sandwiched days are added.
fn named(y: i32) -> Vec<Holiday> {
    let mut v: Vec<(Option<NaiveDate>, &'static str)> = vec![
        (date(y, 1, 1), "元日"),
        (
            if y < 2000 {
                date(y, 1, 15)
            } else {
                nth_monday(y, 1, 2)
            },
            "成人の日",
        ),
        (date(y, 2, 11), "建国記念の日"),
        (date(y, 3, vernal_equinox_day(y)), "春分の日"),
        (
            date(y, 4, 29),
            if y < 2007 {
                "みどりの日"
            } else {
                "昭和の日"
            },
        ),
        (date(y, 5, 3), "憲法記念日"),
        (date(y, 5, 5), "こどもの日"),
        (
            if y < 2003 {
                date(y, 9, 15)
            } else {
                NaiveDate::from_weekday_of_month_opt(y, 9, Weekday::Mon, 3)
            },
            "敬老の日",
        ),
        (date(y, 9, autumnal_equinox_day(y)), "秋分の日"),
        (date(y, 11, 3), "文化の日"),
        (date(y, 11, 23), "勤労感謝の日"),
    ];
    if y >= 2007 {
        v.push((date(y, 5, 4), "みどりの日"));
    }
    // 天皇誕生日: 12/23 under Heisei, none in 2019, 2/23 from 2020.
    match y {
        ..=2018 => v.push((date(y, 12, 23), "天皇誕生日")),
        2019 => {}
        _ => v.push((date(y, 2, 23), "天皇誕生日")),
    }
    // 海の日 from 1996; moved for the Olympics in 2020 and 2021.
    match y {
        ..=1995 => {}
        1996..=2002 => v.push((date(y, 7, 20), "海の日")),
        2020 => v.push((date(y, 7, 23), "海の日")),
        2021 => v.push((date(y, 7, 22), "海の日")),
        _ => v.push((nth_monday(y, 7, 3), "海の日")),
    }
    // 山の日 from 2016; moved in 2020 and 2021.
    match y {
        ..=2015 => {}
        2020 => v.push((date(y, 8, 10), "山の日")),
        2021 => v.push((date(y, 8, 8), "山の日")),
        _ => v.push((date(y, 8, 11), "山の日")),
    }
    // 体育の日 (スポーツの日 from 2020); moved in 2020 and 2021.
    match y {
        ..=1999 => v.push((date(y, 10, 10), "体育の日")),
        2000..=2019 => v.push((nth_monday(y, 10, 2), "体育の日")),
        2020 => v.push((date(y, 7, 24), "スポーツの日")),
        2021 => v.push((date(y, 7, 23), "スポーツの日")),
        _ => v.push((nth_monday(y, 10, 2), "スポーツの日")),
    }
    // One-off holidays under special laws.
    match y {
        1990 => v.push((date(y, 11, 12), "即位礼正殿の儀")),
        1993 => v.push((date(y, 6, 9), "皇太子徳仁親王の結婚の儀")),
        2019 => {
            v.push((date(y, 5, 1), "天皇の即位の日"));
            v.push((date(y, 10, 22), "即位礼正殿の儀"));
        }
        _ => {}
    }
    let mut out: Vec<Holiday> = v
        .into_iter()
        .filter_map(|(d, name)| d.map(|date| Holiday { date, name }))
        .collect();
    out.sort();
    out
}

/// All holidays of one year: the named ones, 振替休日 and 国民の休日.
pub fn of_year(y: i32) -> Vec<Holiday> {
    let named = named(y);
    let is_named = |d: NaiveDate| named.iter().any(|h| h.date == d);
    let mut out = named.clone();

    // 振替休日: a holiday on a Sunday makes the next day a holiday (1973-2006),
    // or the next day that is not itself a holiday (2007-).
    let mut substitutes = Vec::new();
    for h in &named {
        if h.date.weekday() != Weekday::Sun {
            continue;
        }
        let mut d = h.date + Duration::days(1);
        if y >= 2007 {
            while is_named(d) {
                d += Duration::days(1);
            }
        } else if is_named(d) {
            continue;
        }
        substitutes.push(Holiday {
            date: d,
            name: "振替休日",
        });
    }

    // 国民の休日: a day between two holidays that is not a holiday, a Sunday
    // or a substitute holiday itself.
    let is_any = |d: NaiveDate| is_named(d) || substitutes.iter().any(|s| s.date == d);
    let mut citizens = Vec::new();
    for h in &named {
        let d = h.date + Duration::days(1);
        let after = d + Duration::days(1);
        if d.year() == y
            && !is_any(d)
            && d.weekday() != Weekday::Sun
            && named.iter().any(|n| n.date == after)
        {
            citizens.push(Holiday {
                date: d,
                name: "国民の休日",
            });
        }
    }
    out.extend(substitutes);
    out.extend(citizens);
    out.sort();
    out.dedup_by_key(|h| h.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn is(y: i32, m: u32, day: u32) -> bool {
        name_of(d(y, m, day)).is_some()
    }

    #[test]
    fn fixed_days_and_2025_golden_week() {
        assert_eq!(name_of(d(2025, 4, 29)), Some("昭和の日"));
        assert_eq!(name_of(d(2005, 4, 29)), Some("みどりの日"));
        assert_eq!(name_of(d(2025, 5, 6)), Some("振替休日")); // 5/4 Sunday
        assert!(is(2025, 5, 3) && is(2025, 5, 4) && is(2025, 5, 5));
        assert!(!is(2025, 5, 7));
        assert_eq!(name_of(d(2025, 11, 24)), Some("振替休日")); // 11/23 Sunday
        assert_eq!(name_of(d(2024, 8, 12)), Some("振替休日")); // 8/11 Sunday
    }

    #[test]
    fn equinoxes() {
        for (day, name) in [
            (d(2025, 3, 20), "春分の日"),
            (d(2025, 9, 23), "秋分の日"),
            (d(2024, 9, 22), "秋分の日"),
            (d(2012, 9, 22), "秋分の日"),
            (d(2000, 3, 20), "春分の日"),
            (d(1990, 9, 23), "秋分の日"),
        ] {
            assert_eq!(name_of(day), Some(name), "{day}");
        }
    }

    #[test]
    fn citizens_holidays() {
        for (day, name) in [
            (d(2026, 9, 22), Some("国民の休日")),
            (d(2015, 9, 22), Some("国民の休日")),
            (d(2019, 4, 30), Some("国民の休日")),
            (d(2019, 5, 2), Some("国民の休日")),
            // Before 2007, 5/4 between 5/3 and 5/5 was a citizens' holiday...
            (d(2006, 5, 4), Some("国民の休日")),
            // ...except on a Sunday, or when it was already a substitute holiday.
            (d(2003, 5, 4), None),
            (d(1998, 5, 4), Some("振替休日")),
            (d(2009, 9, 22), Some("国民の休日")),
            (d(2003, 9, 16), None),
        ] {
            assert_eq!(name_of(day), name, "{day}");
        }
    }

    #[test]
    fn special_years() {
        assert_eq!(name_of(d(2019, 5, 1)), Some("天皇の即位の日"));
        assert_eq!(name_of(d(2019, 10, 22)), Some("即位礼正殿の儀"));
        assert!(!is(2019, 12, 23) && !is(2019, 2, 23));
        assert!(is(2018, 12, 23) && is(2020, 2, 23) && is(2020, 2, 24));
        assert_eq!(name_of(d(2020, 7, 24)), Some("スポーツの日"));
        assert_eq!(name_of(d(2020, 7, 23)), Some("海の日"));
        assert_eq!(name_of(d(2020, 8, 10)), Some("山の日"));
        assert!(!is(2020, 10, 12) && !is(2020, 7, 20) && !is(2020, 8, 11));
        assert!(is(2021, 7, 22) && is(2021, 7, 23) && is(2021, 8, 8));
        assert_eq!(name_of(d(2021, 8, 9)), Some("振替休日"));
        assert!(is(1990, 11, 12) && is(1993, 6, 9));
    }

    #[test]
    fn happy_mondays_and_start_years() {
        assert!(is(1999, 1, 15) && is(2000, 1, 10));
        assert!(is(1999, 10, 11)); // 10/10 Sunday, substitute Monday
        assert!(is(2000, 10, 9));
        assert!(is(2002, 9, 16) && is(2002, 7, 20)); // 9/15 Sunday -> 16
        assert!(is(2003, 9, 15) && is(2003, 7, 21));
        assert!(!is(1995, 7, 20) && is(1996, 7, 20));
        assert!(!is(2015, 8, 11) && is(2016, 8, 11));
        assert!(is(2025, 1, 13) && is(2025, 7, 21) && is(2025, 9, 15) && is(2025, 10, 13));
    }

    #[test]
    fn substitute_rule_after_2007_skips_holidays() {
        // 2008: 5/4 was a Sunday; 5/5 is a holiday, so the substitute is 5/6.
        assert_eq!(name_of(d(2008, 5, 6)), Some("振替休日"));
        // 2006: 5/3? no; 1/1 2006 was a Sunday -> 1/2.
        assert_eq!(name_of(d(2006, 1, 2)), Some("振替休日"));
    }

    #[test]
    fn counts_are_plausible() {
        assert_eq!(of_year(2025).len(), 16 + 3);
        assert_eq!(of_year(2019).len(), 22);
        assert!(table().all(|h| (FIRST_YEAR..=LAST_YEAR).contains(&h.year())));
        assert!(table().count() > 110 * 15);
    }
}
