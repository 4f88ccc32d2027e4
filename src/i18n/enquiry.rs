//! The enquiry log in words: channels, status, the problems of a draft or a
//! change, and `check`'s faults of the schema-7 indexes.

use super::{DateStyle, DateWidth, Lang};
use crate::domain::enquiry::{Channel, EnquiryField, EnquiryProblem, EnquiryStatus};

/// A channel as the screen says it.
pub fn channel_name(lang: Lang, c: Channel) -> &'static str {
    match c {
        Channel::Phone => lang.pick("電話", "phone"),
        Channel::Mail => lang.pick("メール", "mail"),
        Channel::Form => lang.pick("フォーム", "form"),
        Channel::Counter => lang.pick("窓口", "counter"),
    }
}

/// Open or resolved, in a word.
pub fn status_name(lang: Lang, s: &EnquiryStatus) -> &'static str {
    match s {
        EnquiryStatus::Open => lang.pick("未対応", "open"),
        EnquiryStatus::Resolved { .. } => lang.pick("解決", "resolved"),
    }
}

/// A field of the enquiry form, as its label.
pub fn field_name(lang: Lang, f: EnquiryField) -> &'static str {
    match f {
        EnquiryField::Person => lang.pick("相手", "caller"),
        EnquiryField::Channel => lang.pick("経路", "channel"),
        EnquiryField::Topic => lang.pick("用件", "topic"),
        EnquiryField::Note => lang.pick("内容", "note"),
        EnquiryField::Case => lang.pick("関連案件", "case"),
    }
}

/// Age in days, as a column says it.
pub fn age(lang: Lang, days: i64) -> String {
    match lang {
        Lang::Ja => format!("{days}日"),
        Lang::En => format!("{days}d"),
    }
}

fn time(t: &crate::domain::Timestamp) -> String {
    super::dates::timestamp(t, DateStyle::Iso, DateWidth::Full)
}

/// A problem of an enquiry as one sentence.
pub fn problem(lang: Lang, p: &EnquiryProblem) -> String {
    use EnquiryProblem as P;
    match (lang, p) {
        (Lang::En, P::NoteTooLong { chars, max }) => {
            format!("the note has {chars} characters; at most {max}")
        }
        (Lang::Ja, P::NoteTooLong { chars, max }) => {
            format!("内容が {chars} 文字あります (最大 {max} 文字)")
        }
        (Lang::En, P::NoteControl { at }) => format!(
            "the note has a control character at character {at}; only line breaks and tabs are kept"
        ),
        (Lang::Ja, P::NoteControl { at }) => {
            format!("内容の {at} 文字目に制御文字があります (改行とタブのみ使えます)")
        }
        (Lang::En, P::UnknownTopic { topic, topics }) => {
            format!("{topic:?} is not one of the topics: {}", topics.join(", "))
        }
        (Lang::Ja, P::UnknownTopic { topic, topics }) => {
            format!(
                "「{topic}」は用件の一覧にありません ({})",
                topics.join("、")
            )
        }
        (Lang::En, P::UnknownChannel { input }) => {
            format!("{input:?} is not a channel: phone, mail, form or counter")
        }
        (Lang::Ja, P::UnknownChannel { input }) => format!(
            "「{input}」は経路ではありません (電話 phone、メール mail、フォーム form、窓口 counter)"
        ),
        (Lang::En, P::CaseNotTheirs { reference }) => {
            format!("{reference} is not one of this person's cases")
        }
        (Lang::Ja, P::CaseNotTheirs { reference }) => {
            format!("{reference} はこの方の案件ではありません")
        }
        (Lang::En, P::NoSuchEnquiry { id }) => format!("there is no enquiry #{id}"),
        (Lang::Ja, P::NoSuchEnquiry { id }) => format!("問い合わせ #{id} はありません"),
        (Lang::En, P::Changed { id, by, at, .. }) => format!(
            "enquiry #{id} was changed by {by} at {}; read it again",
            time(at)
        ),
        (Lang::Ja, P::Changed { id, by, at, .. }) => format!(
            "問い合わせ #{id} は {by} さんが {} に変更しました。読み直してください",
            time(at)
        ),
        (Lang::En, P::AlreadyResolved { id, by, at }) => {
            format!("enquiry #{id} was already resolved by {by} at {}", time(at))
        }
        (Lang::Ja, P::AlreadyResolved { id, by, at }) => format!(
            "問い合わせ #{id} は {by} さんが {} に解決済みにしています",
            time(at)
        ),
    }
}

/// `check`: an index entry without its record, or a record without its entry.
pub(super) fn index_fault_en(index: &str, key: &str, missing: bool) -> String {
    if missing {
        format!("{index} {key}: the record's entry is missing")
    } else {
        format!("{index} {key}: an entry without its record")
    }
}

pub(super) fn index_fault_ja(index: &str, key: &str, missing: bool) -> String {
    if missing {
        format!("{index} {key}: 記録に対応する索引がありません")
    } else {
        format!("{index} {key}: 記録のない索引項目です")
    }
}

/// The head line of a list of enquiries.
pub fn list_head(lang: Lang, title: &str, shown: usize, open: u64) -> String {
    lang.pick(
        format!("{title} — 表示 {shown} 件 (未対応 {open} 件)"),
        format!("{title} — {shown} shown ({open} open)"),
    )
}

/// The enquiries pane's title with the open ones counted.
pub fn pane_title(lang: Lang, title: &str, open: u64) -> String {
    lang.pick(format!("{title} ({open}件)"), format!("{title} ({open})"))
}

/// An enquiry logged, or resolved.
pub fn done(lang: Lang, id: u64, resolved: bool) -> String {
    match resolved {
        false => lang.pick(
            format!("問い合わせ #{id} を記録しました"),
            format!("logged enquiry #{id}"),
        ),
        true => lang.pick(
            format!("問い合わせ #{id} を解決済みにしました"),
            format!("resolved enquiry #{id}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_worded_in_both_languages_without_ids() {
        let at = crate::domain::time::at(crate::domain::time::ymd(2026, 11, 20), 10, 0);
        let all = [
            EnquiryProblem::NoteTooLong {
                chars: 10_001,
                max: 10_000,
            },
            EnquiryProblem::NoteControl { at: 3 },
            EnquiryProblem::UnknownTopic {
                topic: "雑談".into(),
                topics: vec!["その他".into()],
            },
            EnquiryProblem::UnknownChannel {
                input: "fax".into(),
            },
            EnquiryProblem::CaseNotTheirs {
                reference: "W-2026-000001".into(),
            },
            EnquiryProblem::NoSuchEnquiry { id: 9 },
            EnquiryProblem::Changed {
                id: 3,
                by: "佐藤".into(),
                at,
                revision: 2,
                seen: 1,
            },
            EnquiryProblem::AlreadyResolved {
                id: 3,
                by: "佐藤".into(),
                at,
            },
        ];
        for p in &all {
            let ja = problem(Lang::Ja, p);
            let en = problem(Lang::En, p);
            assert!(!ja.is_empty() && !en.is_empty() && ja != en);
            assert!(!ja.contains("enquiry"), "{ja}");
        }
    }
}
