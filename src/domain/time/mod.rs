//! Japan Standard Time: every date in the domain is a JST date. The eras the
//! office writes dates in ([`Era`]), and dates as a person types them
//! ([`parse_date_input`]).

mod era;
mod input;

pub use era::Era;
pub use input::{DateProblem, parse_date_input, parse_rule_date_input};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// A moment, always carried with the JST offset.
pub type Timestamp = DateTime<FixedOffset>;

/// UTC+9, the only zone the procedures know (checked at compile time).
pub const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(o) => o,
    None => panic!("UTC+9 is a valid offset"),
};

/// UTC+9 as a value.
pub fn jst() -> FixedOffset {
    JST
}

/// Converts any instant to JST.
pub fn to_jst<Tz: TimeZone>(t: DateTime<Tz>) -> Timestamp {
    t.with_timezone(&jst())
}

/// The JST calendar date of a moment.
pub fn jst_date(t: &Timestamp) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

/// Midnight JST at the start of a date.
pub fn start_of_day(d: NaiveDate) -> Timestamp {
    at(d, 0, 0)
}

/// A JST wall-clock time on a date.
pub fn at(d: NaiveDate, hour: u32, minute: u32) -> Timestamp {
    let naive = d
        .and_hms_opt(hour.min(23), minute.min(59), 0)
        .unwrap_or_default();
    jst()
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| jst().from_utc_datetime(&naive))
}

/// Parses `YYYY-MM-DD` strictly (2025-02-30 is refused): the machine formats'
/// reader (import files, the protocol); a person's typing goes through
/// [`parse_date_input`].
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{:?} is not a valid date (YYYY-MM-DD)", s.trim()))
}

/// Parses RFC 3339, or `YYYY-MM-DD HH:MM` read as JST, or a bare date (midnight JST).
pub fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(to_jst(t));
    }
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            if let Some(t) = jst().from_local_datetime(&n).single() {
                return Ok(t);
            }
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(start_of_day(d));
    }
    Err(format!(
        "{s:?} is not a valid date-time (RFC 3339 or YYYY-MM-DD HH:MM, JST)"
    ))
}

/// The years the rules cover, 1990–2099: the holiday table's, and so the only
/// years a `--as-of` date, a client's `as_of`, a filter's date or a configured
/// date may name.
pub const RULE_YEARS: std::ops::RangeInclusive<i32> =
    super::holidays::FIRST_YEAR..=super::holidays::LAST_YEAR;

/// The first day of [`RULE_YEARS`].
pub fn first_rule_day() -> NaiveDate {
    ymd(*RULE_YEARS.start(), 1, 1)
}

/// The last day of [`RULE_YEARS`].
pub fn last_rule_day() -> NaiveDate {
    ymd(*RULE_YEARS.end(), 12, 31)
}

/// Whether a date lies in [`RULE_YEARS`].
pub fn in_rule_years(d: NaiveDate) -> bool {
    RULE_YEARS.contains(&d.year())
}

/// Parses `YYYY-MM-DD` like [`parse_date`], and refuses a date outside
/// [`RULE_YEARS`] (a training period, a loan's event: dates the rules count from).
pub fn parse_rule_date(s: &str) -> Result<NaiveDate, String> {
    let d = parse_date(s)?;
    if in_rule_years(d) {
        Ok(d)
    } else {
        Err(outside_rule_years(s.trim()))
    }
}

/// Why a date or moment outside [`RULE_YEARS`] is refused.
pub fn outside_rule_years(shown: &str) -> String {
    format!(
        "{shown:?} is outside {} to {}, the years the rules cover",
        first_rule_day(),
        last_rule_day()
    )
}

/// The most days any count of days may say (a filter's `age>N`, `due<+N`):
/// the span of [`RULE_YEARS`], so that a day in range moved by it is still a
/// date chrono can hold.
pub const MAX_DAYS: i64 = 40_176;

/// `d` moved by `days` (negative: back), saturating at the ends of what
/// chrono can hold instead of panicking; the domain's one way to add days.
pub fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    chrono::TimeDelta::try_days(days)
        .and_then(|delta| d.checked_add_signed(delta))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// `t` moved by `secs` seconds without panicking: `t` itself when the
/// result cannot be held (only an absurd `t` or `secs` reaches that).
pub fn add_secs(t: Timestamp, secs: i64) -> Timestamp {
    chrono::TimeDelta::try_seconds(secs)
        .and_then(|delta| t.checked_add_signed(delta))
        .unwrap_or(t)
}

/// 年度: the fiscal year that contains a date (April 1 - March 31).
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The first and last day of a fiscal year.
pub fn fiscal_year_bounds(fy: i32) -> (NaiveDate, NaiveDate) {
    (ymd(fy, 4, 1), ymd(fy.saturating_add(1), 3, 31))
}

/// A date from parts known to be valid; falls back to the 1st of the month
/// (never panics) if they are not.
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(y, m.clamp(1, 12), 1))
        .unwrap_or_default()
}

/// Month index (year*12 + month-1), for counting months inclusively.
pub fn month_index(d: NaiveDate) -> i32 {
    // |year| <= 262_143, so the product fits an i32.
    d.year() * 12 + d.month0() as i32
}

/// The last day of the month `months` after the month of `d`.
pub fn end_of_month_after(d: NaiveDate, months: u32) -> NaiveDate {
    let idx = month_index(d)
        .saturating_add(i32::try_from(months).unwrap_or(i32::MAX))
        .saturating_add(1);
    let first_of_next = ymd(idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1, 1);
    first_of_next.pred_opt().unwrap_or(first_of_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_boundaries() {
        assert_eq!(fiscal_year(ymd(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year(ymd(2026, 4, 1)), 2026);
        assert_eq!(
            fiscal_year_bounds(2025),
            (ymd(2025, 4, 1), ymd(2026, 3, 31))
        );
    }

    #[test]
    fn timestamps_are_read_as_jst() {
        let t = parse_timestamp("2025-10-06 23:59").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-10-06T23:59:00+09:00");
        let u = parse_timestamp("2025-10-06T14:59:00Z").unwrap();
        assert_eq!(u, t);
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_timestamp("2025-02-30 10:00").is_err());
    }

    #[test]
    fn end_of_following_month() {
        assert_eq!(end_of_month_after(ymd(2027, 1, 15), 1), ymd(2027, 2, 28));
        assert_eq!(end_of_month_after(ymd(2027, 12, 1), 1), ymd(2028, 1, 31));
        assert_eq!(end_of_month_after(ymd(2028, 1, 31), 1), ymd(2028, 2, 29));
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn the_rule_years_are_the_holiday_tables_and_max_days_their_span() {
        assert_eq!(first_rule_day(), ymd(1990, 1, 1));
        assert_eq!(last_rule_day(), ymd(2099, 12, 31));
        assert_eq!((last_rule_day() - first_rule_day()).num_days(), MAX_DAYS);
        assert!(in_rule_years(ymd(1990, 1, 1)) && in_rule_years(ymd(2099, 12, 31)));
        assert!(!in_rule_years(ymd(1989, 12, 31)));
        assert!(!in_rule_years(ymd(2100, 1, 1)));
        assert!(!in_rule_years(NaiveDate::MAX) && !in_rule_years(NaiveDate::MIN));
    }

    #[test]
    fn adding_days_saturates_instead_of_panicking() {
        let d = ymd(2025, 4, 1);
        assert_eq!(add_days(d, 30), ymd(2025, 5, 1));
        assert_eq!(add_days(d, -1), ymd(2025, 3, 31));
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -1), NaiveDate::MIN);
        assert_eq!(add_days(d, i64::MAX), NaiveDate::MAX);
        assert_eq!(add_days(d, i64::MIN), NaiveDate::MIN);
        assert_eq!(
            add_days(NaiveDate::MAX, -1),
            NaiveDate::MAX.pred_opt().unwrap()
        );
    }

    #[test]
    fn adding_seconds_saturates_instead_of_panicking() {
        let t = at(ymd(2025, 4, 1), 9, 0);
        assert_eq!(add_secs(t, 120), at(ymd(2025, 4, 1), 9, 2));
        assert_eq!(add_secs(t, i64::MAX), t);
        assert_eq!(add_secs(t, i64::MIN), t);
        let far = start_of_day(NaiveDate::MAX);
        assert_eq!(add_secs(far, 86_400 * 2), far);
    }

    #[test]
    fn month_arithmetic_at_the_ends_does_not_panic() {
        let _ = end_of_month_after(NaiveDate::MAX, u32::MAX);
        let _ = end_of_month_after(NaiveDate::MIN, 0);
        let _ = fiscal_year_bounds(i32::MAX);
        let _ = fiscal_year(NaiveDate::MIN);
        let _ = jst_date(&start_of_day(NaiveDate::MAX));
        let _ = jst_date(&start_of_day(NaiveDate::MIN));
    }
}
