//! Dates as a person types them: ISO, with slashes, in an era's short form
//! or in full, in full-width characters too. Machine formats (import files,
//! the protocol) keep the strict [`parse_date`](super::parse_date).

use super::era::Era;
use super::{in_rule_years, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Why a typed date was refused; the edge says it in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum DateProblem {
    /// Not written in any form read here.
    Unreadable,
    /// A month or day the calendar does not have (2025-02-30, R7.2.29).
    NoSuchDay,
    /// An era's year 0: its first year is 1, 元年.
    NoYearZero { era: Era },
    /// A day before the era began (R1.4.30: 令和 began on 2019-05-01).
    BeforeEra { era: Era },
    /// A day after the era ended (H31.5.1: 平成 ended on 2019-04-30).
    AfterEra { era: Era },
    /// A real day outside [`RULE_YEARS`](super::RULE_YEARS).
    OutsideRuleYears,
}

/// Reads a date typed by a person, in any of the forms the office writes:
/// `2026-11-21`, `2026/11/21`, `2026/1/5`, `2026.11.21`, `2026年11月21日`,
/// `R8.11.21`, `R8/11/21`, `令和8年11月21日`, `令和元年5月1日`,
/// `H31.4.30`, `平成31年4月30日` (昭和 and `S` too), and each in full-width
/// characters (`２０２６－１１－２１`, `令和８年１１月２１日`). A day an era
/// did not have is refused, naming why. Any year is read; see
/// [`parse_rule_date_input`] for the years the rules cover.
pub fn parse_date_input(s: &str) -> Result<NaiveDate, DateProblem> {
    let text = fold(s);
    if let Ok(d) = parse_date(&text) {
        return Ok(d);
    }
    let (era, rest) = era_prefix(&text);
    let (year, month, day) = parts(rest, era.is_some()).ok_or(DateProblem::Unreadable)?;
    match era {
        Some(e) => e.date(year, month, day),
        None => i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or(DateProblem::NoSuchDay),
    }
}

/// [`parse_date_input`], refusing a day outside the years the rules cover.
pub fn parse_rule_date_input(s: &str) -> Result<NaiveDate, DateProblem> {
    let d = parse_date_input(s)?;
    if in_rule_years(d) {
        Ok(d)
    } else {
        Err(DateProblem::OutsideRuleYears)
    }
}

/// Full-width to half-width (NFKC: `２０２６／１１` to `2026/11`, `㋿` to
/// `令和`), the dashes an IME types to `-`, and no spaces.
fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' => '-',
            c => c,
        })
        .collect()
}

/// The era a date starts with (`令和`, `R`, `r`), and the rest.
fn era_prefix(text: &str) -> (Option<Era>, &str) {
    for e in Era::ALL {
        if let Some(rest) = text.strip_prefix(e.name()) {
            return (Some(e), rest);
        }
        let mut chars = text.chars();
        if chars
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&e.letter()))
        {
            return (Some(e), chars.as_str());
        }
    }
    (None, text)
}

/// Year, month and day of `8年11月21日` or `8.11.21` (one separator of
/// `-`, `/`, `.` throughout): an era's year is 1–2 digits or 元, a western
/// one 4 digits; month and day 1–2 digits.
fn parts(rest: &str, era: bool) -> Option<(u32, u32, u32)> {
    let (y, m, d) = match rest.split_once('年') {
        Some((y, md)) => {
            let (m, d) = md.split_once('月')?;
            (y, m, d.strip_suffix('日').unwrap_or(d))
        }
        None => {
            let sep = rest.chars().find(|c| !c.is_ascii_digit() && *c != '元')?;
            if !matches!(sep, '-' | '/' | '.') {
                return None;
            }
            let mut it = rest.split(sep);
            let parts = (it.next()?, it.next()?, it.next()?);
            if it.next().is_some() {
                return None;
            }
            parts
        }
    };
    let year = match (era, y) {
        (true, "元") => 1,
        (true, y) => number(y, 1..=2)?,
        (false, y) => number(y, 4..=4)?,
    };
    Some((year, number(m, 1..=2)?, number(d, 1..=2)?))
}

fn number(s: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !digits.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::ymd;

    fn read(s: &str) -> Result<NaiveDate, DateProblem> {
        parse_date_input(s)
    }

    #[test]
    fn every_form_the_office_writes_reads_as_the_same_day() {
        let day = Ok(ymd(2026, 11, 21));
        for s in [
            "2026-11-21",
            "2026/11/21",
            "2026.11.21",
            "2026年11月21日",
            "R8.11.21",
            "R8/11/21",
            "R8-11-21",
            "r8.11.21",
            "R08.11.21",
            "令和8年11月21日",
            "令和8.11.21",
            "令和８年１１月２１日",
            "２０２６－１１－２１",
            "２０２６／１１／２１",
            "Ｒ８．１１．２１",
            "2026ー11ー21",
            "2026\u{2212}11\u{2212}21",
            " 2026-11-21 ",
            "令和 8年 11月 21日",
            "\u{32FF}8年11月21日",
        ] {
            assert_eq!(read(s), day, "{s}");
        }
    }

    #[test]
    fn months_and_days_may_have_one_digit() {
        for s in ["2026/1/5", "2026-1-5", "R8.1.5", "令和8年1月5日"] {
            assert_eq!(read(s), Ok(ymd(2026, 1, 5)), "{s}");
        }
    }

    #[test]
    fn the_era_boundaries_and_gannen() {
        for (s, day) in [
            ("令和元年5月1日", ymd(2019, 5, 1)),
            ("R1.5.1", ymd(2019, 5, 1)),
            ("R元.5.1", ymd(2019, 5, 1)),
            ("平成31年4月30日", ymd(2019, 4, 30)),
            ("H31.4.30", ymd(2019, 4, 30)),
            ("平成元年1月8日", ymd(1989, 1, 8)),
            ("H2.1.1", ymd(1990, 1, 1)),
            ("昭和64年1月7日", ymd(1989, 1, 7)),
            ("S60.4.1", ymd(1985, 4, 1)),
        ] {
            assert_eq!(read(s), Ok(day), "{s}");
        }
    }

    #[test]
    fn a_day_the_era_did_not_have_is_refused_naming_why() {
        let reiwa = Era::Reiwa;
        let heisei = Era::Heisei;
        assert_eq!(read("R1.4.30"), Err(DateProblem::BeforeEra { era: reiwa }));
        assert_eq!(
            read("令和元年4月30日"),
            Err(DateProblem::BeforeEra { era: reiwa })
        );
        assert_eq!(read("H31.5.1"), Err(DateProblem::AfterEra { era: heisei }));
        assert_eq!(
            read("平成32年1月1日"),
            Err(DateProblem::AfterEra { era: heisei })
        );
        assert_eq!(read("H1.1.7"), Err(DateProblem::BeforeEra { era: heisei }));
        assert_eq!(read("R0.5.1"), Err(DateProblem::NoYearZero { era: reiwa }));
        assert_eq!(
            read("S64.1.8"),
            Err(DateProblem::AfterEra { era: Era::Showa })
        );
    }

    #[test]
    fn a_day_the_calendar_does_not_have_is_refused() {
        for s in [
            "2025-02-30",
            "2025/2/29",
            "R7.2.29",
            "2026-13-01",
            "2026/04/31",
        ] {
            assert_eq!(read(s), Err(DateProblem::NoSuchDay), "{s}");
        }
        assert_eq!(read("2028/2/29"), Ok(ymd(2028, 2, 29)));
    }

    #[test]
    fn anything_else_is_unreadable() {
        for s in [
            "",
            "today",
            "26/11/21",
            "2026/11-21",
            "2026/11/21/1",
            "2026//21",
            "R8",
            "R8.11",
            "R123.1.1",
            "M45.1.1",
            "令和8年11月",
            "2026_11_21",
            "20261121",
            "+7",
        ] {
            assert_eq!(read(s), Err(DateProblem::Unreadable), "{s}");
        }
    }

    #[test]
    fn the_rule_years_still_bound_a_typed_date() {
        assert_eq!(parse_rule_date_input("H2.1.1"), Ok(ymd(1990, 1, 1)));
        assert_eq!(parse_rule_date_input("2099/12/31"), Ok(ymd(2099, 12, 31)));
        for s in ["H1.12.31", "S60.4.1", "2100/1/1", "+262142-12-31"] {
            assert_eq!(
                parse_rule_date_input(s),
                Err(DateProblem::OutsideRuleYears),
                "{s}"
            );
        }
    }

    #[test]
    fn the_strict_machine_reader_is_unchanged() {
        assert!(parse_date("R8.11.21").is_err());
        assert!(parse_date("2026/11/21").is_err());
        assert!(parse_date("２０２６－１１－２１").is_err());
        assert_eq!(parse_date("2026-11-21"), Ok(ymd(2026, 11, 21)));
    }
}
