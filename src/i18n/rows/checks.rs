//! What a rule check found, in words.

use super::{DateStyle, Lang, day, days, fiscal_year, ledger_row, months, span, ts, ts_span};
use crate::domain::flags::{CheckDetail, NamedCert, PeriodSpan};

fn named(lang: Lang, c: &NamedCert) -> String {
    lang.pick(
        format!("{} (認定医番号 {})", c.name, c.cert_number),
        format!("{} (certificate {})", c.name, c.cert_number),
    )
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
    let sep = lang.pick("、", ", ");
    match d {
        D::Nothing => String::new(),
        D::UnknownPerson {
            registration_number,
        } => lang.pick(
            format!("医籍登録番号 {registration_number}"),
            format!("registration number {registration_number}"),
        ),
        D::Duplicates {
            registration_numbers,
        } => {
            let l = registration_numbers.join(sep);
            lang.pick(
                format!("同じ氏名・生年月日の医籍登録番号 {l}"),
                format!("same name and birth date under registration numbers {l}"),
            )
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
            let chase = match chased.map(|c| day(dates, c)) {
                Some(c) => lang.pick(format!("、催促 {c}"), format!(", chased {c}")),
                None => String::new(),
            };
            lang.pick(
                format!("{director}: 受付 {received}{chase}、{n}経過 (目安 {a})"),
                format!("{director}: received {received}{chase}, {n} waiting ({a} allowed)"),
            )
        }
        D::Recruitment {
            on,
            closes,
            after_close,
            earliest_start,
        } => {
            let (on, closes) = (day(dates, *on), day(dates, *closes));
            let earliest_start = day(dates, *earliest_start);
            match after_close {
                true => lang.pick(
                    format!("{on}: 最終募集の締切 {closes} の後、最も早い研修開始 {earliest_start}"),
                    format!(
                        "{on}, after the last recruitment closed on {closes}; earliest start {earliest_start}"
                    ),
                ),
                false => lang.pick(
                    format!("{on}: 最終募集の締切 {closes} まで、最も早い研修開始 {earliest_start}"),
                    format!(
                        "{on}, before the last recruitment closes on {closes}; earliest start {earliest_start}"
                    ),
                ),
            }
        }
        D::ReportWindow {
            fiscal_year: fy,
            opens,
            closes,
        } => {
            let f = fiscal_year(lang, dates, *fy);
            match (opens, closes) {
                (Some(o), Some(c)) => {
                    let span = ts_span(lang, dates, o, c);
                    lang.pick(
                        format!("{f}の提出期間 {span}"),
                        format!("{f}: window {span}"),
                    )
                }
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
                s.push_str(&lang.pick(
                    format!(": 勤務先 {w} (この施設は {f})"),
                    format!(": works at {w}, not {f}"),
                ));
            }
            s
        }
        D::Supervisors {
            valid,
            named: n,
            unknown,
        } => {
            let v = i64::try_from(valid.len()).unwrap_or(i64::MAX);
            let mut s = lang.pick(format!("有効 {v}名 / {n}名"), format!("{v} of {n} valid"));
            if !valid.is_empty() {
                let l: Vec<String> = valid.iter().map(|c| named(lang, c)).collect();
                s.push_str(&format!(": {}", l.join(sep)));
            }
            if !unknown.is_empty() {
                s.push_str(&lang.pick(
                    format!("; 見つからない認定医番号 {}", unknown.join(sep)),
                    format!("; certificates not found: {}", unknown.join(sep)),
                ));
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
            lang.pick(
                format!("提出 {}{when}、提出期間 {w}", ts(dates, at)),
                format!("submitted {}{when}; window {w}", ts(dates, at)),
            )
        }
        D::FiscalYearSplit { period: p, parts } => {
            let l: Vec<String> = parts
                .iter()
                .map(|s| span(lang, dates, s.from, Some(s.to)))
                .collect();
            lang.pick(
                format!("{}: 年度ごとに {}", period(lang, dates, p), l.join("、")),
                format!(
                    "{}: by fiscal year {}",
                    period(lang, dates, p),
                    l.join(" and ")
                ),
            )
        }
        D::TrainingGap { from, to, days: n } => {
            let s = span(lang, dates, *from, Some(*to));
            lang.pick(
                format!("{s} ({}間)", days(lang, *n)),
                format!("{s} ({})", days(lang, *n)),
            )
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
            lang.pick(
                format!("{a} と {b}: {s} が重複"),
                format!("{a} and {b} overlap {s}"),
            )
        }
        D::Due { date } => {
            let date = day(dates, *date);
            lang.pick(format!("期限 {date}"), format!("due {date}"))
        }
        D::Service {
            months: m,
            required,
        } => {
            let (m, r) = (months(lang, *m), months(lang, *required));
            lang.pick(
                format!("従事月数 {m} / 必要 {r}"),
                format!("service {m} of {r} required"),
            )
        }
        D::Ledger { row } => ledger_row(lang, dates, row),
    }
}
