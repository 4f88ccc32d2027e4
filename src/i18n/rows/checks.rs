//! What a rule check found, in words.

use super::{DateStyle, Lang, day, days, fiscal_year, ledger_row, months, span, ts, ts_span};
use crate::domain::flags::{CheckDetail, NamedCert, PeriodSpan};

fn named(lang: Lang, c: &NamedCert) -> String {
    match lang {
        Lang::Ja => format!("{} (認定医番号 {})", c.name, c.cert_number),
        Lang::En => format!("{} (certificate {})", c.name, c.cert_number),
    }
}

fn period(lang: Lang, dates: DateStyle, p: &PeriodSpan) -> String {
    format!(
        "{} {}",
        p.facility_number,
        span(lang, dates, p.start, Some(p.end))
    )
}

/// What a rule check found, in words (empty when there is nothing to add),
/// its dates in `dates`.
pub fn check_detail(lang: Lang, dates: DateStyle, d: &CheckDetail) -> String {
    use CheckDetail as D;
    let ja = lang == Lang::Ja;
    let sep = if ja { "、" } else { ", " };
    match d {
        D::Nothing => String::new(),
        D::UnknownPerson {
            registration_number,
        } => {
            if ja {
                format!("医籍登録番号 {registration_number}")
            } else {
                format!("registration number {registration_number}")
            }
        }
        D::Duplicates {
            registration_numbers,
        } => {
            let l = registration_numbers.join(sep);
            if ja {
                format!("同じ氏名・生年月日の医籍登録番号 {l}")
            } else {
                format!("same name and birth date under registration numbers {l}")
            }
        }
        D::DirectorWaiting {
            director,
            received,
            chased,
            days: n,
            allowed_days,
        } => {
            let (n, a) = (days(lang, *n), days(lang, *allowed_days));
            let received = day(dates, *received);
            let chase = match (ja, chased.map(|c| day(dates, c))) {
                (true, Some(c)) => format!("、催促 {c}"),
                (false, Some(c)) => format!(", chased {c}"),
                (_, None) => String::new(),
            };
            if ja {
                format!("{director}: 受付 {received}{chase}、{n}経過 (目安 {a})")
            } else {
                format!("{director}: received {received}{chase}, {n} waiting ({a} allowed)")
            }
        }
        D::Recruitment {
            on,
            closes,
            after_close,
            earliest_start,
        } => match (
            ja,
            after_close,
            (
                day(dates, *on),
                day(dates, *closes),
                day(dates, *earliest_start),
            ),
        ) {
            (true, true, (on, closes, earliest_start)) => {
                format!("{on}: 最終募集の締切 {closes} の後、最も早い研修開始 {earliest_start}")
            }
            (true, false, (on, closes, earliest_start)) => {
                format!("{on}: 最終募集の締切 {closes} まで、最も早い研修開始 {earliest_start}")
            }
            (false, true, (on, closes, earliest_start)) => format!(
                "{on}, after the last recruitment closed on {closes}; earliest start {earliest_start}"
            ),
            (false, false, (on, closes, earliest_start)) => format!(
                "{on}, before the last recruitment closes on {closes}; earliest start {earliest_start}"
            ),
        },
        D::ReportWindow {
            fiscal_year: fy,
            opens,
            closes,
        } => {
            let f = fiscal_year(lang, dates, *fy);
            match (opens, closes) {
                (Some(o), Some(c)) if ja => format!("{f}の提出期間 {}", ts_span(lang, dates, o, c)),
                (Some(o), Some(c)) => format!("{f}: window {}", ts_span(lang, dates, o, c)),
                _ => f,
            }
        }
        D::Supervisor {
            supervisor,
            workplace,
            facility_number,
        } => {
            let mut s = named(lang, supervisor);
            if let (Some(w), Some(f)) = (workplace, facility_number) {
                s.push_str(&if ja {
                    format!(": 勤務先 {w} (この施設は {f})")
                } else {
                    format!(": works at {w}, not {f}")
                });
            }
            s
        }
        D::Supervisors {
            valid,
            named: n,
            unknown,
        } => {
            let v = i64::try_from(valid.len()).unwrap_or(i64::MAX);
            let mut s = if ja {
                format!("有効 {v}名 / {n}名")
            } else {
                format!("{v} of {n} valid")
            };
            if !valid.is_empty() {
                let l: Vec<String> = valid.iter().map(|c| named(lang, c)).collect();
                s.push_str(&format!(": {}", l.join(sep)));
            }
            if !unknown.is_empty() {
                s.push_str(&if ja {
                    format!("; 見つからない認定医番号 {}", unknown.join(sep))
                } else {
                    format!("; certificates not found: {}", unknown.join(sep))
                });
            }
            s
        }
        D::Submitted { at, opens, closes } => {
            let w = ts_span(lang, dates, opens, closes);
            let when = if at < opens {
                lang.pick(" (期間前)", " (before the window)")
            } else if at > closes {
                lang.pick(" (期間後)", " (after the window)")
            } else {
                ""
            };
            if ja {
                format!("提出 {}{when}、提出期間 {w}", ts(dates, at))
            } else {
                format!("submitted {}{when}; window {w}", ts(dates, at))
            }
        }
        D::FiscalYearSplit { period: p, parts } => {
            let l: Vec<String> = parts
                .iter()
                .map(|s| span(lang, dates, s.from, Some(s.to)))
                .collect();
            if ja {
                format!("{}: 年度ごとに {}", period(lang, dates, p), l.join("、"))
            } else {
                format!(
                    "{}: by fiscal year {}",
                    period(lang, dates, p),
                    l.join(" and ")
                )
            }
        }
        D::TrainingGap { from, to, days: n } => {
            let s = span(lang, dates, *from, Some(*to));
            if ja {
                format!("{s} ({}間)", days(lang, *n))
            } else {
                format!("{s} ({})", days(lang, *n))
            }
        }
        D::TrainingOverlap {
            first,
            second,
            from,
            to,
        } => {
            let (a, b, s) = (
                period(lang, dates, first),
                period(lang, dates, second),
                span(lang, dates, *from, Some(*to)),
            );
            if ja {
                format!("{a} と {b}: {s} が重複")
            } else {
                format!("{a} and {b} overlap {s}")
            }
        }
        D::Due { date } => {
            let date = day(dates, *date);
            if ja {
                format!("期限 {date}")
            } else {
                format!("due {date}")
            }
        }
        D::Service {
            months: m,
            required,
        } => {
            let (m, r) = (months(lang, *m), months(lang, *required));
            if ja {
                format!("従事月数 {m} / 必要 {r}")
            } else {
                format!("service {m} of {r} required")
            }
        }
        D::Ledger { row } => ledger_row(lang, dates, row),
    }
}
