//! Dates as a screen writes them: ISO (`2026-11-21`), or as the office
//! writes them (`[display] dates = "wareki"`): `令和8年11月21日` where there
//! is room, `R8.11.21` in a narrow column. English screens, and every
//! machine format (JSONL, CSV, the protocol, the audit), keep ISO.

use super::Lang;
use crate::domain::Timestamp;
use crate::domain::time::{DateProblem, Era, first_rule_day, last_rule_day, to_jst};
use chrono::{Datelike, NaiveDate};

/// How dates are written on Japanese screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// `2026-11-21`.
    #[default]
    Iso,
    /// 和暦: `令和8年11月21日`, `R8.11.21`.
    Wareki,
}

impl DateStyle {
    /// The configuration's names: `iso`, `wareki`.
    pub const NAMES: [&'static str; 2] = ["iso", "wareki"];

    /// From its name in the configuration.
    pub fn from_name(name: &str) -> Option<DateStyle> {
        match name {
            "iso" => Some(DateStyle::Iso),
            "wareki" => Some(DateStyle::Wareki),
            _ => None,
        }
    }

    /// The style a screen in `lang` writes: English keeps ISO.
    pub fn for_lang(self, lang: Lang) -> DateStyle {
        lang.pick(self, DateStyle::Iso)
    }
}

/// How much room a date has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWidth {
    /// A field or a sentence: `2026-11-21`, `令和8年11月21日` (`令和元年5月1日`).
    Full,
    /// A column or a label: `2026-11-21`, `R8.11.21` (`R1.5.1`).
    Narrow,
}

/// A fiscal year (April to March) as the office writes it: `2026年度`, or in
/// 和暦 the era of its first day (1 April), `令和8年度` — FY2019 began in
/// 平成, so it is `平成31年度`, as its budget was named; `fiscal year 2026` in
/// English.
pub fn fiscal_year(lang: Lang, style: DateStyle, fy: i32) -> String {
    let april = NaiveDate::from_ymd_opt(fy, 4, 1);
    match (lang, style, april.and_then(Era::of)) {
        (Lang::Ja, DateStyle::Wareki, Some((era, 1))) => format!("{}元年度", era.name()),
        (Lang::Ja, DateStyle::Wareki, Some((era, year))) => format!("{}{year}年度", era.name()),
        (Lang::Ja, _, _) => format!("{fy}年度"),
        (Lang::En, _, _) => format!("fiscal year {fy}"),
    }
}

/// A date in `style`. A day before 昭和 (an old birth date) has no era
/// here and stays ISO.
pub fn date(d: NaiveDate, style: DateStyle, width: DateWidth) -> String {
    match (style, Era::of(d)) {
        (DateStyle::Wareki, Some((era, year))) => match width {
            DateWidth::Full if year == 1 => {
                format!("{}元年{}月{}日", era.name(), d.month(), d.day())
            }
            DateWidth::Full => format!("{}{year}年{}月{}日", era.name(), d.month(), d.day()),
            DateWidth::Narrow => format!("{}{year}.{}.{}", era.letter(), d.month(), d.day()),
        },
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// A moment to the minute, JST: `2026-11-21 10:02`, `令和8年11月21日 10:02`,
/// `R8.11.21 10:02`.
pub fn timestamp(t: &Timestamp, style: DateStyle, width: DateWidth) -> String {
    let t = to_jst(*t);
    format!(
        "{} {}",
        date(t.date_naive(), style, width),
        t.format("%H:%M")
    )
}

/// The list's due column: month and day in ISO (`11-21`, as it always
/// was), the short era form in 和暦 (`R8.11.21`).
pub fn due_column(d: NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Iso => d.format("%m-%d").to_string(),
        DateStyle::Wareki => date(d, style, DateWidth::Narrow),
    }
}

/// An era's name in English: `Reiwa (令和)`.
fn era_en(era: Era) -> String {
    let roman = match era {
        Era::Showa => "Showa",
        Era::Heisei => "Heisei",
        Era::Reiwa => "Reiwa",
    };
    format!("{roman} ({})", era.name())
}

/// Why `input` is not a date the program can take, naming the rule.
pub fn problem(lang: Lang, input: &str, p: DateProblem) -> String {
    let w = |d: NaiveDate| date(d, DateStyle::Wareki, DateWidth::Full);
    let narrow = |d: NaiveDate| date(d, DateStyle::Wareki, DateWidth::Narrow);
    let (first, last) = (first_rule_day(), last_rule_day());
    match p {
        DateProblem::Unreadable => lang.pick(
            format!(
                "「{input}」は日付として読めません。2026-11-21、2026/11/21、R8.11.21、令和8年11月21日 のように書いてください"
            ),
            format!(
                "{input:?} is not a date; write it as 2026-11-21, 2026/11/21, R8.11.21 or 令和8年11月21日"
            ),
        ),
        DateProblem::NoSuchDay => lang.pick(
            format!("「{input}」という日はありません (月は1〜12、日はその月の日数まで)"),
            format!(
                "{input:?} is not a day of the calendar (months run 1 to 12, days to the month's last)"
            ),
        ),
        DateProblem::NoYearZero { era } => lang.pick(
            format!("「{input}」: {}の最初の年は元年 (1年) です", era.name()),
            format!(
                "{input:?}: the first year of {} is 1 (元年), there is no year 0",
                era_en(era)
            ),
        ),
        DateProblem::BeforeEra { era } => {
            let began = era.first_day();
            lang.pick(
                format!(
                    "「{input}」は{}が始まった {} ({began}) より前の日付です",
                    era.name(),
                    w(began)
                ),
                format!(
                    "{input:?} is before {} began on {began} ({})",
                    era_en(era),
                    narrow(began)
                ),
            )
        }
        DateProblem::AfterEra { era } => {
            let ended = era.last_day().unwrap_or(NaiveDate::MAX);
            lang.pick(
                format!(
                    "「{input}」は{}が終わった {} ({ended}) より後の日付です",
                    era.name(),
                    w(ended)
                ),
                format!(
                    "{input:?} is after {} ended on {ended} ({})",
                    era_en(era),
                    narrow(ended)
                ),
            )
        }
        DateProblem::OutsideRuleYears => lang.pick(
            format!("「{input}」は規則と祝日表が扱う {first} 〜 {last} の範囲外です"),
            format!(
                "{input:?} is outside {first} to {last}, the years the rules and the holiday table cover"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use DateStyle::{Iso, Wareki};
    use DateWidth::{Full, Narrow};

    #[test]
    fn a_date_in_each_style_and_width() {
        let d = ymd(2026, 11, 21);
        assert_eq!(date(d, Iso, Full), "2026-11-21");
        assert_eq!(date(d, Iso, Narrow), "2026-11-21");
        assert_eq!(date(d, Wareki, Full), "令和8年11月21日");
        assert_eq!(date(d, Wareki, Narrow), "R8.11.21");
        assert_eq!(date(ymd(2026, 1, 5), Wareki, Narrow), "R8.1.5");
    }

    #[test]
    fn the_first_year_is_gannen_in_full_and_1_in_short() {
        let d = ymd(2019, 5, 1);
        assert_eq!(date(d, Wareki, Full), "令和元年5月1日");
        assert_eq!(date(d, Wareki, Narrow), "R1.5.1");
        assert_eq!(date(ymd(1989, 1, 8), Wareki, Full), "平成元年1月8日");
        assert_eq!(date(ymd(1989, 1, 8), Wareki, Narrow), "H1.1.8");
    }

    #[test]
    fn the_era_changes_on_its_first_day() {
        assert_eq!(date(ymd(2019, 4, 30), Wareki, Full), "平成31年4月30日");
        assert_eq!(date(ymd(2019, 4, 30), Wareki, Narrow), "H31.4.30");
        assert_eq!(date(ymd(1989, 1, 7), Wareki, Full), "昭和64年1月7日");
        assert_eq!(date(ymd(1985, 4, 2), Wareki, Narrow), "S60.4.2");
        // Before 昭和: no era here, so ISO.
        assert_eq!(date(ymd(1926, 12, 24), Wareki, Full), "1926-12-24");
    }

    #[test]
    fn a_moment_is_written_with_its_jst_time() {
        let t = at(ymd(2026, 11, 21), 10, 2);
        assert_eq!(timestamp(&t, Iso, Full), "2026-11-21 10:02");
        assert_eq!(timestamp(&t, Wareki, Full), "令和8年11月21日 10:02");
        assert_eq!(timestamp(&t, Wareki, Narrow), "R8.11.21 10:02");
        let utc = chrono::DateTime::parse_from_rfc3339("2026-11-20T15:30:00Z").unwrap();
        assert_eq!(timestamp(&utc, Wareki, Narrow), "R8.11.21 00:30");
    }

    #[test]
    fn the_list_column_keeps_month_and_day_in_iso() {
        assert_eq!(due_column(ymd(2026, 11, 21), Iso), "11-21");
        assert_eq!(due_column(ymd(2026, 11, 21), Wareki), "R8.11.21");
    }

    #[test]
    fn english_screens_keep_iso() {
        assert_eq!(Wareki.for_lang(Lang::En), Iso);
        assert_eq!(Wareki.for_lang(Lang::Ja), Wareki);
        assert_eq!(DateStyle::from_name("wareki"), Some(Wareki));
        assert_eq!(DateStyle::from_name("Wareki"), None);
    }

    #[test]
    fn each_problem_names_its_rule_in_both_languages() {
        let before = DateProblem::BeforeEra { era: Era::Reiwa };
        assert_eq!(
            problem(Lang::Ja, "R1.4.30", before),
            "「R1.4.30」は令和が始まった 令和元年5月1日 (2019-05-01) より前の日付です"
        );
        assert_eq!(
            problem(Lang::En, "R1.4.30", before),
            "\"R1.4.30\" is before Reiwa (令和) began on 2019-05-01 (R1.5.1)"
        );
        let after = DateProblem::AfterEra { era: Era::Heisei };
        assert_eq!(
            problem(Lang::Ja, "H31.5.1", after),
            "「H31.5.1」は平成が終わった 平成31年4月30日 (2019-04-30) より後の日付です"
        );
        assert!(problem(Lang::En, "H31.5.1", after).contains("ended on 2019-04-30"));
        assert!(
            problem(Lang::Ja, "2025-02-30", DateProblem::NoSuchDay)
                .contains("という日はありません")
        );
        assert!(problem(Lang::En, "x", DateProblem::Unreadable).contains("R8.11.21"));
        let zero = DateProblem::NoYearZero { era: Era::Reiwa };
        assert!(problem(Lang::Ja, "R0.1.1", zero).contains("元年"));
        let far = problem(Lang::En, "2100/1/1", DateProblem::OutsideRuleYears);
        assert!(
            far.contains("1990-01-01") && far.contains("2099-12-31"),
            "{far}"
        );
    }

    mod round_trip {
        use super::*;
        use crate::domain::time::{first_rule_day, parse_date_input};
        use proptest::prelude::*;

        proptest! {
            /// Whatever a screen writes, a person may type back.
            #[test]
            fn every_written_day_reads_back(offset in 0i64..=crate::domain::time::MAX_DAYS) {
                let d = crate::domain::time::add_days(first_rule_day(), offset);
                for (style, width) in [(Iso, Full), (Wareki, Full), (Wareki, Narrow)] {
                    let written = date(d, style, width);
                    prop_assert_eq!(parse_date_input(&written), Ok(d), "{}", written);
                }
            }

            #[test]
            fn typing_anything_never_panics(s in "\\PC{0,24}") {
                let _ = parse_date_input(&s);
            }

            #[test]
            fn era_forms_of_any_numbers_never_panic(
                era in "[SHRshr]|昭和|平成|令和",
                y in 0u32..200, m in 0u32..20, d in 0u32..40,
            ) {
                let _ = parse_date_input(&format!("{era}{y}.{m}.{d}"));
                let _ = parse_date_input(&format!("{era}{y}年{m}月{d}日"));
            }
        }
    }

    #[test]
    fn a_fiscal_year_is_named_by_the_era_of_its_first_day() {
        use super::fiscal_year;
        assert_eq!(fiscal_year(Lang::Ja, DateStyle::Wareki, 2026), "令和8年度");
        assert_eq!(fiscal_year(Lang::Ja, DateStyle::Wareki, 2019), "平成31年度");
        assert_eq!(fiscal_year(Lang::Ja, DateStyle::Wareki, 2020), "令和2年度");
        assert_eq!(fiscal_year(Lang::Ja, DateStyle::Iso, 2026), "2026年度");
        assert_eq!(
            fiscal_year(Lang::En, DateStyle::Wareki, 2026),
            "fiscal year 2026"
        );
    }
}
