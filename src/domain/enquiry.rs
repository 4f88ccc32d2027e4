//! The enquiry log (問い合わせ記録): every contact help desk takes — a call, a
//! mail, a form, a visit — logged on the person it concerns, with its topic,
//! a note, the case it is about if any, and whether it is still open.

use super::{Queue, RegistrationNumber, Timestamp};
use serde::{Deserialize, Serialize};

/// The longest note of an enquiry, in characters.
pub const NOTE_MAX_CHARS: usize = 10_000;

/// The longest topic, in characters (the configured list is bounded alike).
pub const TOPIC_MAX_CHARS: usize = 40;

/// The most topics the configuration may list.
pub const TOPICS_MAX: usize = 64;

/// The topics of a store whose configuration names none.
pub const DEFAULT_TOPICS: [&str; 10] = [
    "ログインメール未着",
    "パスワード",
    "登録情報変更",
    "二重登録",
    "採用辞退",
    "研修施設登録",
    "異動届",
    "在籍報告",
    "研修資金",
    "その他",
];

/// How the enquiry reached the secretariat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 電話.
    Phone,
    /// メール.
    Mail,
    /// フォーム (the web enquiry form).
    Form,
    /// 窓口 (in person).
    Counter,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Mail,
        Channel::Form,
        Channel::Counter,
    ];

    /// The id files and the command line use.
    pub fn id(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Mail => "mail",
            Channel::Form => "form",
            Channel::Counter => "counter",
        }
    }

    pub fn from_id(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.id() == s.trim())
    }
}

/// The case an enquiry concerns, as people name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseRef {
    pub queue: Queue,
    pub reference: String,
}

/// Whether someone still has to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnquiryStatus {
    Open,
    Resolved { at: Timestamp, by: String },
}

impl EnquiryStatus {
    pub fn is_open(&self) -> bool {
        matches!(self, EnquiryStatus::Open)
    }
}

/// One logged enquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enquiry {
    /// Given by the store, in the order enquiries were logged.
    pub id: u64,
    /// The caller, once identified (an enquiry may be logged before).
    pub registration_number: Option<RegistrationNumber>,
    /// When it was taken.
    pub at: Timestamp,
    /// Who took it (user name).
    pub by: String,
    pub channel: Channel,
    /// One of the configured topics.
    pub topic: String,
    pub note: String,
    pub case: Option<CaseRef>,
    pub status: EnquiryStatus,
    /// 1 when logged, one more at each change; a change made on an older
    /// revision is refused as stale.
    pub revision: u64,
}

impl Enquiry {
    /// Whole days from the JST day it was taken to `today` (0 on the day).
    pub fn age_days(&self, today: chrono::NaiveDate) -> i64 {
        (today - super::time::jst_date(&self.at)).num_days().max(0)
    }
}

/// What a clerk fills in to log an enquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryDraft {
    pub registration_number: Option<RegistrationNumber>,
    pub channel: Channel,
    pub topic: String,
    pub note: String,
    pub case: Option<CaseRef>,
    /// Logged as answered at once (the usual end of a call).
    pub resolved: bool,
}

/// A field of the enquiry form, as a problem names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnquiryField {
    Person,
    Channel,
    Topic,
    Note,
    Case,
}

/// Why an enquiry, or a change to one, was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum EnquiryProblem {
    /// A note over [`NOTE_MAX_CHARS`].
    NoteTooLong { chars: usize, max: usize },
    /// A note with a control character (newlines and tabs are kept) at
    /// character `at` (from 1).
    NoteControl { at: usize },
    /// A topic that is not one of the configured list.
    UnknownTopic { topic: String, topics: Vec<String> },
    /// A channel that is not one of the four.
    UnknownChannel { input: String },
    /// A case that is not one of the person's.
    CaseNotTheirs { reference: String },
    /// No enquiry under this number.
    NoSuchEnquiry { id: u64 },
    /// Someone else resolved (or changed) it since it was read.
    Changed {
        id: u64,
        by: String,
        at: Timestamp,
        revision: u64,
        seen: u64,
    },
    /// It was already resolved.
    AlreadyResolved { id: u64, by: String, at: Timestamp },
}

impl EnquiryProblem {
    /// The form field the problem is about, if one.
    pub fn field(&self) -> Option<EnquiryField> {
        match self {
            EnquiryProblem::NoteTooLong { .. } | EnquiryProblem::NoteControl { .. } => {
                Some(EnquiryField::Note)
            }
            EnquiryProblem::UnknownTopic { .. } => Some(EnquiryField::Topic),
            EnquiryProblem::UnknownChannel { .. } => Some(EnquiryField::Channel),
            EnquiryProblem::CaseNotTheirs { .. } => Some(EnquiryField::Case),
            _ => None,
        }
    }

    /// Whether the enquiry moved on under the user (read it again).
    pub fn is_stale(&self) -> bool {
        matches!(
            self,
            EnquiryProblem::Changed { .. } | EnquiryProblem::AlreadyResolved { .. }
        )
    }
}

/// What is wrong with a draft, field by field (empty: it may be logged).
/// The person and the case are checked against the store by the desk.
pub fn problems(draft: &EnquiryDraft, topics: &[String]) -> Vec<EnquiryProblem> {
    let mut out = Vec::new();
    if !topics.contains(&draft.topic) {
        out.push(EnquiryProblem::UnknownTopic {
            topic: draft.topic.clone(),
            topics: topics.to_vec(),
        });
    }
    if let Some(p) = note_problem(&draft.note) {
        out.push(p);
    }
    out
}

/// What is wrong with a note, if anything.
pub fn note_problem(note: &str) -> Option<EnquiryProblem> {
    let chars = note.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Some(EnquiryProblem::NoteTooLong {
            chars,
            max: NOTE_MAX_CHARS,
        });
    }
    note.chars()
        .position(|c| c.is_control() && c != '\n' && c != '\t')
        .map(|i| EnquiryProblem::NoteControl { at: i + 1 })
}

/// What is wrong with a configured topic list (for `config check`).
pub fn topic_list_problem(topics: &[String]) -> Option<String> {
    if topics.is_empty() {
        return Some("the list needs at least one topic".into());
    }
    if topics.len() > TOPICS_MAX {
        return Some(format!("at most {TOPICS_MAX} topics"));
    }
    for t in topics {
        if t.trim().is_empty() {
            return Some("a topic needs some text".into());
        }
        if t.chars().count() > TOPIC_MAX_CHARS {
            return Some(format!("{t:?}: at most {TOPIC_MAX_CHARS} characters"));
        }
        if t.chars().any(char::is_control) {
            return Some(format!("{t:?}: no control characters"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    topics
        .iter()
        .find(|t| !seen.insert(t.as_str()))
        .map(|t| format!("{t:?} is listed twice"))
}

/// The default topic list, owned.
pub fn default_topics() -> Vec<String> {
    DEFAULT_TOPICS.iter().map(|t| t.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(topic: &str, note: &str) -> EnquiryDraft {
        EnquiryDraft {
            registration_number: None,
            channel: Channel::Phone,
            topic: topic.into(),
            note: note.into(),
            case: None,
            resolved: false,
        }
    }

    #[test]
    fn a_draft_with_a_listed_topic_and_a_plain_note_passes() {
        assert!(
            problems(
                &draft("パスワード", "再発行を案内\n済み"),
                &default_topics()
            )
            .is_empty()
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let p = problems(&draft("雑談", "a\u{1b}[2J"), &default_topics());
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].field(), Some(EnquiryField::Topic));
        assert_eq!(p[1], EnquiryProblem::NoteControl { at: 2 });
        let long = "あ".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(
            note_problem(&long),
            Some(EnquiryProblem::NoteTooLong {
                chars: NOTE_MAX_CHARS + 1,
                max: NOTE_MAX_CHARS
            })
        );
        assert_eq!(note_problem(&"あ".repeat(NOTE_MAX_CHARS)), None);
    }

    #[test]
    fn channels_round_trip_their_ids() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_id(c.id()), Some(c));
        }
        assert_eq!(Channel::from_id("fax"), None);
    }

    #[test]
    fn topic_lists_are_checked() {
        assert_eq!(topic_list_problem(&default_topics()), None);
        assert!(topic_list_problem(&[]).is_some());
        assert!(topic_list_problem(&["a".into(), "a".into()]).is_some());
        assert!(topic_list_problem(&["x".repeat(41)]).is_some());
    }

    #[test]
    fn age_counts_jst_days() {
        let e = Enquiry {
            id: 1,
            registration_number: None,
            at: super::super::time::at(super::super::time::ymd(2026, 11, 18), 23, 30),
            by: "sato".into(),
            channel: Channel::Phone,
            topic: "その他".into(),
            note: String::new(),
            case: None,
            status: EnquiryStatus::Open,
            revision: 1,
        };
        assert_eq!(e.age_days(super::super::time::ymd(2026, 11, 21)), 3);
        assert_eq!(e.age_days(super::super::time::ymd(2026, 11, 1)), 0);
    }
}
