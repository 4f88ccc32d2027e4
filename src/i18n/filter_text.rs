//! A filter as the user's language writes it: a view's query, parsed, shown
//! on a Japanese screen with the Japanese field names and values the filter
//! also reads (`担当:自分`, `状態:統括回答待ち`, `期限<+7`, `期限<R8.11.30`
//! in 和暦), never the ids.

use super::dates::{DateStyle, DateWidth, date};
use super::{Lang, flag_code, state_name};
use crate::domain::filter::{CaseKind, DueBound, Filter, Test, Who};
use crate::domain::{TransferKind, WithdrawalKind};

/// `query` on a screen in `lang`: in English as written; in Japanese
/// rewritten term by term, a date in `dates`' short form (a query that does
/// not read is shown as written).
pub fn filter_text(lang: Lang, dates: DateStyle, query: &str) -> String {
    match (lang, Filter::parse(query)) {
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
            assert_eq!(
                Filter::parse(&shown).unwrap(),
                Filter::parse(query).unwrap()
            );
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
            assert_eq!(
                Filter::parse(&shown).unwrap(),
                Filter::parse(query).unwrap()
            );
        }
        assert_eq!(filter_text(Lang::En, DateStyle::Wareki, query), query);
    }
}
