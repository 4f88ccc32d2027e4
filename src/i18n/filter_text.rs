//! A filter as the user's language writes it: a view's query, parsed, shown
//! on a Japanese screen with the Japanese field names and values the filter
//! also reads (`担当:自分`, `状態:統括回答待ち`, `期限<+7`, `期限<R8.11.30`
//! in 和暦), never the ids — and the other way: what a person types in
//! either language, made into the filter's own terms ([`canonical`]) before
//! it reaches the desk, which knows no language.

use super::dates::{DateStyle, DateWidth, date};
use super::{Lang, flag_code, state_name};
use crate::domain::filter::{CaseKind, DueBound, Filter, Test, Who};
use crate::domain::{TransferKind, WithdrawalKind};

/// The fields by their Japanese names, as completion offers them on a
/// Japanese screen (each made the field's id by [`canonical`]).
pub const FIELDS_JA: [&str; 12] = [
    "状態:",
    "担当:",
    "警告:",
    "経過>",
    "経過<",
    "期限超過",
    "期限<",
    "期限>",
    "地域:",
    "重点",
    "県:",
    "種類:",
];

/// The values `kind:` takes, by their Japanese names (as `filter::KINDS`).
pub const KINDS_JA: [&str; 4] = ["採用辞退", "辞退届", "区分変更", "異動"];

/// The field a name means: the Japanese names a clerk types (`状態`,
/// `担当`, `警告`, `経過`, `期限`, `地域`, `県`, `種類`) are the fields' ids.
fn field_id(field: &str) -> Option<&'static str> {
    Some(match field {
        "状態" => "state",
        "担当" | "担当者" | "割当" | "割当先" => "assignee",
        "警告" => "flag",
        "経過" | "日数" => "age",
        "期限" => "due",
        "地域" | "医療圏" => "area",
        "県" | "都道府県" => "pref",
        "種類" => "kind",
        _ => return None,
    })
}

/// A value in words made the value's id, for the field `field` (an id).
fn value_id(field: &str, value: &str) -> Option<String> {
    let v = crate::text::normalize_for_search(value);
    match field {
        "state" => crate::domain::State::ALL
            .into_iter()
            .find(|s| {
                [Lang::Ja, Lang::En].into_iter().any(|l| {
                    [state_name(l, *s), super::state_label(l, *s)]
                        .iter()
                        .any(|name| crate::text::normalize_for_search(name) == v)
                })
            })
            .map(|s| s.id().to_string()),
        "assignee" => match value {
            "自分" => Some("me".into()),
            "なし" | "未割当" => Some("none".into()),
            _ => None,
        },
        "kind" => Some(
            match value {
                "採用辞退" => "adoption",
                "辞退届" | "研修資金の辞退届" => "loan",
                "会員区分の変更" | "区分変更" => "category_change",
                "医師会の異動" | "異動" => "association_transfer",
                "修了申請" => "completion_application",
                _ => return None,
            }
            .into(),
        ),
        _ => None,
    }
}

/// One term as the filter reads it.
fn canonical_term(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = raw.nfkc().collect();
    let (sign, body) = match folded.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => ("-", rest),
        _ => ("", folded.as_str()),
    };
    let whole = match body {
        "期限超過" => Some("overdue"),
        "重点" | "重点区域" => Some("priority"),
        _ => None,
    };
    if let Some(w) = whole {
        return format!("{sign}{w}");
    }
    let Some(at) = body.find([':', '<', '>']) else {
        return raw.to_string();
    };
    let (name, rest) = body.split_at(at);
    let field = field_id(name.trim()).map_or_else(|| name.to_lowercase(), str::to_string);
    let op = &rest[..1];
    let value = rest[1..].trim();
    let value = value_id(&field, value).unwrap_or_else(|| value.to_string());
    format!("{sign}{field}{op}{value}")
}

/// What a person typed, in either language, in the filter's own terms: the
/// Japanese field names and values (`状態:統括回答待ち 担当:自分 期限超過`)
/// and the state names of either language made ids (`state:awaiting_director
/// assignee:me overdue`); names and numbers are left as typed.
pub fn canonical(typed: &str) -> String {
    typed
        .split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .map(canonical_term)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The term as it was typed that became `term` (for a refusal to name what
/// the person wrote, not what it was made).
pub fn typed_term(typed: &str, term: &str) -> Option<String> {
    typed
        .split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .find(|t| canonical_term(t) == term)
        .map(str::to_string)
}

/// Parses what a person typed, a refusal naming the term as typed.
pub fn parse_typed(typed: &str) -> Result<Filter, crate::domain::filter::FilterError> {
    Filter::parse(&canonical(typed)).map_err(|mut e| {
        if let Some(t) = typed_term(typed, &e.term) {
            e.term = t;
        }
        e
    })
}

/// `query` on a screen in `lang`: in English as written; in Japanese
/// rewritten term by term, a date in `dates`' short form (a query that does
/// not read is shown as written).
pub fn filter_text(lang: Lang, dates: DateStyle, query: &str) -> String {
    match (lang, Filter::parse(&canonical(query))) {
        (Lang::Ja, Ok(f)) => f
            .terms
            .iter()
            .map(|t| {
                let sign = if t.negated { "-" } else { "" };
                format!("{sign}{}", term_ja(dates, &t.test))
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => query.to_string(),
    }
}

fn term_ja(dates: DateStyle, t: &Test) -> String {
    let due = |b: &DueBound| match b {
        DueBound::Date(d) => date(*d, dates, DateWidth::Narrow),
        DueBound::InDays(n) if *n >= 0 => format!("+{n}"),
        DueBound::InDays(n) => n.to_string(),
    };
    match t {
        Test::Word(w) => w.clone(),
        Test::State(s) => format!("状態:{}", state_name(Lang::Ja, *s)),
        Test::Assignee(Who::Me) => "担当:自分".into(),
        Test::Assignee(Who::Nobody) => "担当:なし".into(),
        Test::Assignee(Who::Named(n)) => format!("担当:{n}"),
        Test::Flag(f) => format!("警告:{}", flag_code(*f)),
        Test::AgeOver(n) => format!("経過>{n}"),
        Test::AgeUnder(n) => format!("経過<{n}"),
        Test::Overdue => "期限超過".into(),
        Test::DueBefore(b) => format!("期限<{}", due(b)),
        Test::DueAfter(b) => format!("期限>{}", due(b)),
        Test::Area(a) => format!("地域:{a}"),
        Test::Pref(p) => format!("県:{p}"),
        Test::Priority => "重点".into(),
        Test::Kind(k) => format!(
            "種類:{}",
            match k {
                CaseKind::Withdrawal(WithdrawalKind::Adoption) => "採用辞退",
                CaseKind::Withdrawal(WithdrawalKind::Loan) => "辞退届",
                CaseKind::Transfer(TransferKind::CategoryChange) => "区分変更",
                CaseKind::Transfer(TransferKind::AssociationTransfer) => "異動",
                CaseKind::CompletionApplication => "修了申請",
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_in_japanese_and_means_the_same() {
        for (query, ja) in [
            ("assignee:me", "担当:自分"),
            ("assignee:none overdue", "担当:なし 期限超過"),
            (
                "state:awaiting_director -flag:NOSUP",
                "状態:統括回答待ち -警告:NOSUP",
            ),
            (
                "due<+7 age>30 kind:category_change",
                "期限<+7 経過>30 種類:区分変更",
            ),
            ("priority pref:三重", "重点 県:三重"),
        ] {
            let shown = filter_text(Lang::Ja, DateStyle::Iso, query);
            assert_eq!(shown, ja);
            assert_eq!(parse_typed(&shown).unwrap(), Filter::parse(query).unwrap());
            assert_eq!(filter_text(Lang::En, DateStyle::Iso, query), query);
        }
    }

    #[test]
    fn a_date_is_written_in_the_screens_style_and_reads_back() {
        let query = "due<2026-11-30 due>2019-04-30";
        for (dates, ja) in [
            (DateStyle::Iso, "期限<2026-11-30 期限>2019-04-30"),
            (DateStyle::Wareki, "期限<R8.11.30 期限>H31.4.30"),
        ] {
            let shown = filter_text(Lang::Ja, dates, query);
            assert_eq!(shown, ja);
            assert_eq!(parse_typed(&shown).unwrap(), Filter::parse(query).unwrap());
        }
        assert_eq!(filter_text(Lang::En, DateStyle::Wareki, query), query);
    }
}
