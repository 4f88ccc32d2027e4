//! `Tab` completion of the `:` command line and of the filter, in the
//! user's language: a Japanese screen offers the Japanese field names
//! (`状態:`, `担当:自分`), state and kind names, queue and sort names
//! (`期限 降順`), each of which the parsers read; the English ids are
//! offered too, after them, so that a prefix typed in English still completes.

use super::command_line::command_names;
use crate::domain::filter::{FIELDS, KINDS};
use crate::domain::{Queue, State};
use crate::i18n::filter_text::{FIELDS_JA, KINDS_JA, canonical};
use crate::i18n::{Lang, queue_name, sort_name, state_name};
use crate::store::SortKey;

/// What completion may offer besides the fixed words.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub views: Vec<String>,
    pub users: Vec<String>,
    pub lang: Lang,
}

fn starting_with(prefix: &str, words: impl IntoIterator<Item = String>) -> Vec<String> {
    let p = prefix.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if w.to_lowercase().starts_with(&p) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// The words to offer: in Japanese the Japanese words, or the ids when none
/// of those extends what is typed (an id being typed in ASCII); in English
/// the ids.
fn both(lang: Lang, ja: impl IntoIterator<Item = String>, ids: Vec<String>) -> Words {
    Words {
        ja: match lang {
            Lang::Ja => ja.into_iter().collect(),
            Lang::En => Vec::new(),
        },
        ids,
    }
}

struct Words {
    ja: Vec<String>,
    ids: Vec<String>,
}

impl Words {
    fn extending(self, prefix: &str) -> Vec<String> {
        let ja = starting_with(prefix, self.ja);
        if ja.is_empty() {
            starting_with(prefix, self.ids)
        } else {
            ja
        }
    }

    fn with(mut self, more: &[String]) -> Words {
        self.ja.extend(more.iter().cloned());
        self.ids.extend(more.iter().cloned());
        self
    }
}

/// Every value of a kind: its Japanese name (`name`) and its id.
fn every<T: Copy>(
    lang: Lang,
    all: &[T],
    name: fn(Lang, T) -> &'static str,
    id: fn(T) -> &'static str,
) -> Words {
    both(
        lang,
        all.iter().map(|v| name(Lang::Ja, *v).to_string()),
        all.iter().map(|v| id(*v).to_string()).collect(),
    )
}

/// The completions of a command line: whole lines that extend it.
pub fn complete(line: &str, vocab: &Vocabulary) -> Vec<String> {
    let lang = vocab.lang;
    match line.split_once(' ') {
        None => starting_with(line, command_names().into_iter().map(String::from)),
        Some((cmd, arg)) => {
            let args: Words = match cmd {
                "view" => Words {
                    ja: Vec::new(),
                    ids: vocab.views.clone(),
                },
                "queue" => every(lang, &Queue::ALL, queue_name, Queue::id),
                "sort" => both(
                    lang,
                    SortKey::ALL.iter().flat_map(|s| {
                        let name = sort_name(Lang::Ja, *s).trim_end_matches('順').to_string();
                        [name.clone(), format!("{name} 降順")]
                    }),
                    SortKey::ALL
                        .iter()
                        .flat_map(|s| [s.id().to_string(), format!("{} desc", s.id())])
                        .collect(),
                ),
                _ => both(lang, Vec::new(), Vec::new()),
            };
            args.extending(arg)
                .into_iter()
                .map(|a| format!("{cmd} {a}"))
                .collect()
        }
    }
}

/// The completions of the last term of a filter: field names, and the values
/// of `state:`, `assignee:`, `flag:` and `kind:` (and of their Japanese
/// names); whole queries that extend it.
pub fn complete_filter(query: &str, vocab: &Vocabulary) -> Vec<String> {
    let lang = vocab.lang;
    let (head, last) = match query.rfind(' ') {
        Some(i) => (&query[..=i], &query[i + 1..]),
        None => ("", query),
    };
    let (neg, term) = match last.strip_prefix('-') {
        Some(t) => ("-", t),
        None => ("", last),
    };
    let values = |field: &str| -> Option<Words> {
        let id = canonical(&format!("{field}:"));
        Some(match id.trim_end_matches(':') {
            "state" => every(lang, &State::ALL, state_name, State::id),
            "assignee" => both(
                lang,
                ["自分".to_string(), "なし".to_string()],
                vec!["me".to_string(), "none".to_string()],
            )
            .with(&vocab.users),
            "flag" => both(
                lang,
                Vec::new(),
                crate::domain::Flag::ALL
                    .iter()
                    .map(|f| crate::i18n::flag_code(*f).to_string())
                    .collect(),
            ),
            "kind" => both(
                lang,
                KINDS_JA.iter().map(|k| k.to_string()),
                KINDS.iter().map(|k| k.to_string()).collect(),
            ),
            _ => return None,
        })
    };
    let options: Vec<String> = match term.split_once(':') {
        Some((field, value)) => match values(field) {
            Some(v) => v
                .extending(value)
                .into_iter()
                .map(|v| format!("{field}:{v}"))
                .collect(),
            None => Vec::new(),
        },
        None => both(
            lang,
            FIELDS_JA.iter().map(|f| f.to_string()),
            FIELDS.iter().map(|f| f.to_string()).collect(),
        )
        .extending(term),
    };
    options
        .into_iter()
        .map(|o| format!("{head}{neg}{o}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(lang: Lang) -> Vocabulary {
        Vocabulary {
            views: vec!["未割当".into(), "my cases".into()],
            users: vec!["tanaka".into(), "suzuki".into()],
            lang,
        }
    }

    #[test]
    fn completion_offers_commands_then_arguments() {
        let v = vocab(Lang::En);
        assert_eq!(complete("s", &v), ["sort"]);
        assert_eq!(complete("view m", &v), ["view my cases"]);
        assert_eq!(
            complete("sort a", &v),
            [
                "sort age",
                "sort age desc",
                "sort assignee",
                "sort assignee desc"
            ]
        );
        assert_eq!(complete("queue f", &v), ["queue facility_report"]);
    }

    #[test]
    fn a_japanese_screen_completes_japanese_names_that_the_parsers_read() {
        let v = vocab(Lang::Ja);
        assert_eq!(complete("queue 在", &v), ["queue 在籍報告"]);
        assert_eq!(complete("sort 期", &v), ["sort 期限", "sort 期限 降順"]);
        // English still completes on a Japanese screen.
        assert_eq!(complete("queue f", &v), ["queue facility_report"]);
        assert_eq!(complete_filter("状", &v), ["状態:"]);
        assert_eq!(complete_filter("担当:自", &v), ["担当:自分"]);
        assert_eq!(complete_filter("state:統括回", &v), ["state:統括回答待ち"]);
        assert_eq!(complete_filter("種類:区", &v), ["種類:区分変更"]);
        for line in ["queue 在籍報告", "sort 期限 降順"] {
            assert!(super::super::command_line::parse(line).is_ok(), "{line}");
        }
        for q in [
            "状態:統括回答待ち",
            "担当:自分",
            "種類:区分変更",
            "警告:NOSUP",
        ] {
            assert!(crate::i18n::filter_text::parse_typed(q).is_ok(), "{q}");
        }
    }

    #[test]
    fn filter_completion_knows_fields_users_states_and_flags() {
        let v = vocab(Lang::En);
        assert_eq!(complete_filter("高橋 ass", &v), ["高橋 assignee:"]);
        assert_eq!(complete_filter("assignee:t", &v), ["assignee:tanaka"]);
        assert_eq!(complete_filter("-assignee:n", &v), ["-assignee:none"]);
        assert_eq!(complete_filter("state:sub", &v), ["state:submitted"]);
        assert_eq!(complete_filter("flag:NO", &v), ["flag:NOSUP"]);
        assert_eq!(
            complete_filter("a", &v),
            ["assignee:", "age>", "age<", "area:"]
        );
        assert!(complete_filter("age>3", &v).is_empty());
    }
}
