//! Japan Standard Time: every date in the domain is a JST date.

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

/// Parses `YYYY-MM-DD` strictly (2025-02-30 is refused).
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
    (ymd(fy, 4, 1), ymd(fy + 1, 3, 31))
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
    d.year() * 12 + d.month0() as i32
}

/// The last day of the month `months` after the month of `d`.
pub fn end_of_month_after(d: NaiveDate, months: u32) -> NaiveDate {
    let idx = month_index(d) + months as i32 + 1;
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
