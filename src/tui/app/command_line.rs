//! The `:` command line (k9s): `:view NAME`, `:ref REF`, `:backlog`,
//! `:queue N`, `:sort FIELD [desc]`, `:messages`; with completion of command
//! names and their arguments, and a history. Pure: parsing and completion
//! only; the app carries the command out.

use crate::domain::Queue;
use crate::domain::filter::{FIELDS, KINDS};
use crate::store::SortKey;

/// The commands, as typed.
pub const COMMANDS: [&str; 6] = ["view", "ref", "backlog", "queue", "sort", "messages"];

/// One command of the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineCommand {
    /// Open a view by (either of its) names.
    View(String),
    /// Jump to a case by ref, in whichever queue holds it.
    Ref(String),
    Backlog,
    Queue(Queue),
    Sort(SortKey, bool),
    Messages,
}

/// Why a command line was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    Empty,
    UnknownCommand(String),
    /// The command needs an argument of this description.
    Needs(&'static str, &'static str),
    BadArgument(&'static str, String),
}

impl LineError {
    /// One sentence in the user's language.
    pub fn text(&self, ja: bool) -> String {
        let pick = |j: String, e: String| if ja { j } else { e };
        match self {
            LineError::Empty => pick("コマンドを入力してください".into(), "type a command".into()),
            LineError::UnknownCommand(c) => pick(
                format!(
                    ":{c} はコマンドではありません。コマンド: {}",
                    COMMANDS.join(" ")
                ),
                format!(":{c} is not a command; commands: {}", COMMANDS.join(" ")),
            ),
            LineError::Needs(cmd, what) => pick(
                format!(":{cmd} には {what} を指定してください"),
                format!(":{cmd} needs {what}"),
            ),
            LineError::BadArgument(cmd, arg) => pick(
                format!(":{cmd} {arg} は読み取れません"),
                format!(":{cmd} does not take {arg:?}"),
            ),
        }
    }
}

/// Parses a command line (without its `:`); full-width input is folded.
pub fn parse(line: &str) -> Result<LineCommand, LineError> {
    use unicode_normalization::UnicodeNormalization;
    let line: String = line.nfkc().collect();
    let line = line.trim().trim_start_matches(':');
    let (cmd, rest) = match line.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (line, ""),
    };
    if cmd.is_empty() {
        return Err(LineError::Empty);
    }
    let name = COMMANDS
        .iter()
        .copied()
        .find(|c| *c == cmd.to_lowercase())
        .ok_or_else(|| LineError::UnknownCommand(cmd.to_string()))?;
    match name {
        "view" if rest.is_empty() => Err(LineError::Needs("view", "NAME")),
        "view" => Ok(LineCommand::View(rest.to_string())),
        "ref" if rest.is_empty() => Err(LineError::Needs("ref", "REF")),
        "ref" => Ok(LineCommand::Ref(rest.to_string())),
        "backlog" => Ok(LineCommand::Backlog),
        "messages" => Ok(LineCommand::Messages),
        "queue" => {
            let q = match rest {
                "" => return Err(LineError::Needs("queue", "1-4")),
                "1" | "2" | "3" | "4" => Queue::ALL[rest.as_bytes()[0] as usize - b'1' as usize],
                other => Queue::from_id(other)
                    .ok_or_else(|| LineError::BadArgument("queue", other.to_string()))?,
            };
            Ok(LineCommand::Queue(q))
        }
        _ => {
            let mut words = rest.split_whitespace();
            let field = words
                .next()
                .ok_or(LineError::Needs("sort", "FIELD [desc]"))?;
            let sort = SortKey::from_id(&field.to_lowercase())
                .ok_or_else(|| LineError::BadArgument("sort", field.to_string()))?;
            let desc = match words.next().map(str::to_lowercase).as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(other) => return Err(LineError::BadArgument("sort", other.to_string())),
            };
            Ok(LineCommand::Sort(sort, desc))
        }
    }
}

/// What completion may offer besides the fixed words.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub views: Vec<String>,
    pub users: Vec<String>,
}

fn starting_with(prefix: &str, words: impl IntoIterator<Item = String>) -> Vec<String> {
    let p = prefix.to_lowercase();
    let mut out: Vec<String> = words
        .into_iter()
        .filter(|w| w.to_lowercase().starts_with(&p))
        .collect();
    out.dedup();
    out
}

/// The completions of a command line: whole lines that extend it.
pub fn complete(line: &str, vocab: &Vocabulary) -> Vec<String> {
    match line.split_once(' ') {
        None => starting_with(line, COMMANDS.iter().map(|c| c.to_string())),
        Some((cmd, arg)) => {
            let args: Vec<String> = match cmd {
                "view" => vocab.views.clone(),
                "queue" => Queue::ALL.iter().map(|q| q.id().to_string()).collect(),
                "sort" => SortKey::ALL
                    .iter()
                    .flat_map(|s| [s.id().to_string(), format!("{} desc", s.id())])
                    .collect(),
                _ => Vec::new(),
            };
            starting_with(arg, args)
                .into_iter()
                .map(|a| format!("{cmd} {a}"))
                .collect()
        }
    }
}

/// The completions of the last term of a filter: field names, and the values
/// of `state:`, `assignee:`, `flag:` and `kind:`; whole queries that extend it.
pub fn complete_filter(query: &str, vocab: &Vocabulary) -> Vec<String> {
    let (head, last) = match query.rfind(' ') {
        Some(i) => (&query[..=i], &query[i + 1..]),
        None => ("", query),
    };
    let (neg, term) = match last.strip_prefix('-') {
        Some(t) => ("-", t),
        None => ("", last),
    };
    let values = |field: &str| -> Option<Vec<String>> {
        Some(match field {
            "state" => crate::domain::State::ALL
                .iter()
                .map(|s| s.id().to_string())
                .collect(),
            "assignee" => ["me".to_string(), "none".to_string()]
                .into_iter()
                .chain(vocab.users.iter().cloned())
                .collect(),
            "flag" => crate::domain::Flag::ALL
                .iter()
                .map(|f| crate::i18n::flag_code(*f).to_string())
                .collect(),
            "kind" => KINDS.iter().map(|k| k.to_string()).collect(),
            _ => return None,
        })
    };
    let options: Vec<String> = match term.split_once(':') {
        Some((field, value)) => match values(field) {
            Some(v) => starting_with(value, v)
                .into_iter()
                .map(|v| format!("{field}:{v}"))
                .collect(),
            None => Vec::new(),
        },
        None => starting_with(term, FIELDS.iter().map(|f| f.to_string())),
    };
    options
        .into_iter()
        .map(|o| format!("{head}{neg}{o}"))
        .collect()
}

/// Lines typed before, newest last, without repeats; `Up`/`Down` walk it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    lines: Vec<String>,
    at: Option<usize>,
}

/// How many lines the history keeps.
const HISTORY_MAX: usize = 100;

impl History {
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        self.lines.retain(|l| l != line);
        self.lines.push(line.to_string());
        if self.lines.len() > HISTORY_MAX {
            self.lines.remove(0);
        }
        self.at = None;
    }

    /// The line before the one shown (`Up`).
    pub fn older(&mut self) -> Option<&str> {
        let i = match self.at {
            None => self.lines.len().checked_sub(1)?,
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.at = Some(i);
        self.lines.get(i).map(String::as_str)
    }

    /// The line after the one shown (`Down`); None past the newest.
    pub fn newer(&mut self) -> Option<&str> {
        let i = self.at? + 1;
        if i >= self.lines.len() {
            self.at = None;
            return None;
        }
        self.at = Some(i);
        self.lines.get(i).map(String::as_str)
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_their_arguments() {
        assert_eq!(parse("view 未割当"), Ok(LineCommand::View("未割当".into())));
        assert_eq!(
            parse(":ref W-2026-000230"),
            Ok(LineCommand::Ref("W-2026-000230".into()))
        );
        assert_eq!(parse("backlog"), Ok(LineCommand::Backlog));
        assert_eq!(
            parse("ｑｕｅｕｅ　３"),
            Ok(LineCommand::Queue(Queue::FacilityReport))
        );
        assert_eq!(
            parse("queue transfer"),
            Ok(LineCommand::Queue(Queue::Transfer))
        );
        assert_eq!(
            parse("sort age desc"),
            Ok(LineCommand::Sort(SortKey::Age, true))
        );
        assert_eq!(
            parse("sort name"),
            Ok(LineCommand::Sort(SortKey::Name, false))
        );
        assert_eq!(parse("messages"), Ok(LineCommand::Messages));
        assert_eq!(
            parse("frobnicate"),
            Err(LineError::UnknownCommand("frobnicate".into()))
        );
        assert_eq!(parse("view"), Err(LineError::Needs("view", "NAME")));
        assert!(matches!(
            parse("sort size"),
            Err(LineError::BadArgument(..))
        ));
        assert!(matches!(parse("queue 9"), Err(LineError::BadArgument(..))));
        assert!(
            LineError::UnknownCommand("x".into())
                .text(false)
                .contains("backlog")
        );
    }

    #[test]
    fn completion_offers_commands_then_arguments() {
        let v = Vocabulary {
            views: vec!["未割当".into(), "my cases".into()],
            users: vec!["tanaka".into(), "suzuki".into()],
        };
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
    fn filter_completion_knows_fields_users_states_and_flags() {
        let v = Vocabulary {
            views: vec![],
            users: vec!["tanaka".into(), "suzuki".into()],
        };
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

    #[test]
    fn history_walks_back_and_forth_without_repeats() {
        let mut h = History::default();
        h.push("backlog");
        h.push("sort age");
        h.push("backlog");
        assert_eq!(h.lines(), ["sort age", "backlog"]);
        assert_eq!(h.older(), Some("backlog"));
        assert_eq!(h.older(), Some("sort age"));
        assert_eq!(h.older(), Some("sort age"));
        assert_eq!(h.newer(), Some("backlog"));
        assert_eq!(h.newer(), None);
    }
}
