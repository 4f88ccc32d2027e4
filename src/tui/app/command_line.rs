//! The `:` command line (k9s): `:view NAME`, `:ref REF`, `:backlog`,
//! `:queue N`, `:sort FIELD [desc]`, `:messages`; with completion of command
//! names and their arguments, and a history. Pure: parsing and completion
//! only; the app carries the command out.

use super::completion::{Vocabulary, complete, complete_filter};
use crate::domain::Queue;
use crate::i18n::Lang;
use crate::i18n::command_line::{LineWords, line};
use crate::store::SortKey;
use crate::tui::commands::Typable;

/// The commands' names, as typed (from the table in `tui::commands`).
pub fn command_names() -> Vec<&'static str> {
    Typable::ALL.iter().map(|t| t.id()).collect()
}

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
    /// The open enquiries.
    Enquiries,
}

/// Why a command line was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    Empty,
    UnknownCommand(String),
    /// The command needs its argument.
    Needs(Typable),
    BadArgument(&'static str, String),
}

impl LineError {
    /// One sentence in the user's language.
    pub fn text(&self, lang: Lang) -> String {
        let commands = command_names().join(" ");
        let w = match self {
            LineError::Empty => LineWords::Empty,
            LineError::UnknownCommand(c) => LineWords::UnknownCommand {
                command: c,
                commands: &commands,
            },
            LineError::Needs(t) => {
                return line(
                    lang,
                    &LineWords::Needs {
                        command: t.id(),
                        argument: t.argument(lang),
                    },
                );
            }
            LineError::BadArgument("sort", arg) => LineWords::BadSort { argument: arg },
            LineError::BadArgument(cmd, arg) => LineWords::BadArgument {
                command: cmd,
                argument: arg,
            },
        };
        line(lang, &w)
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
    let typed = Typable::from_id(cmd).ok_or_else(|| LineError::UnknownCommand(cmd.to_string()))?;
    let needs = |t: Typable| LineError::Needs(t);
    match typed {
        Typable::View if rest.is_empty() => Err(needs(typed)),
        Typable::View => Ok(LineCommand::View(rest.to_string())),
        Typable::Ref if rest.is_empty() => Err(needs(typed)),
        Typable::Ref => Ok(LineCommand::Ref(rest.to_string())),
        Typable::Backlog => Ok(LineCommand::Backlog),
        Typable::Enquiries => Ok(LineCommand::Enquiries),
        Typable::Messages => Ok(LineCommand::Messages),
        Typable::Queue => {
            let q = match rest {
                "" => return Err(needs(typed)),
                "1" | "2" | "3" | "4" => Queue::ALL[rest.as_bytes()[0] as usize - b'1' as usize],
                other => Queue::from_id(other)
                    .or_else(|| {
                        // A queue's name, short name, or a part of a name
                        // of two (異動届 of 異動届・修了申請).
                        Queue::ALL.into_iter().find(|q| {
                            [Lang::Ja, Lang::En].into_iter().any(|l| {
                                let name = crate::i18n::queue_name(l, *q);
                                name.eq_ignore_ascii_case(other)
                                    || name.split('・').any(|part| part == other)
                                    || crate::i18n::queue_short(l, *q) == other
                            })
                        })
                    })
                    .ok_or_else(|| LineError::BadArgument("queue", other.to_string()))?,
            };
            Ok(LineCommand::Queue(q))
        }
        Typable::Sort => {
            let mut words = rest.split_whitespace();
            let field = words.next().ok_or_else(|| needs(typed))?;
            let sort =
                sort_key(field).ok_or_else(|| LineError::BadArgument("sort", field.to_string()))?;
            let desc = match words.next().map(str::to_lowercase).as_deref() {
                None | Some("asc" | "昇順") => false,
                Some("desc" | "降順" | "逆") => true,
                Some(other) => return Err(LineError::BadArgument("sort", other.to_string())),
            };
            Ok(LineCommand::Sort(sort, desc))
        }
    }
}

/// A sort by its id (`due`) or its Japanese name, with or without 順
/// (`期限`, `氏名順`, `経過日数`, `担当者`).
fn sort_key(word: &str) -> Option<SortKey> {
    let w = word.to_lowercase();
    SortKey::from_id(&w).or_else(|| {
        let bare = w.trim_end_matches('順');
        SortKey::ALL.into_iter().find(|k| {
            let name = crate::i18n::sort_name(Lang::Ja, *k);
            let name = name.trim_end_matches('順');
            name == bare || (bare.chars().count() >= 2 && name.starts_with(bare))
        })
    })
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

/// The longest start all the words share (by characters).
fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut n = first.chars().count();
    for w in &words[1..] {
        n = n.min(
            first
                .chars()
                .zip(w.chars())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.chars().take(n).collect()
}

impl super::App {
    /// Asks for the store's users once (for completion and the reassign picker).
    pub(in crate::tui) fn want_users(&mut self) {
        if self.users.is_none()
            && !self
                .calls
                .waiting
                .values()
                .any(|t| *t == super::Then::Users)
        {
            self.call(crate::desk::Request::Users, super::Then::Users);
        }
    }

    pub(in crate::tui) fn users_answered(&mut self, answer: super::Answer) {
        match super::answer::take::<Vec<(String, crate::domain::Role)>>(answer) {
            Ok(users) => self.users = Some(users),
            Err(f) => self.show_failure(&f),
        }
    }

    /// `:`: the command line, on the hint line.
    pub(in crate::tui) fn open_command_line(&mut self) {
        self.want_users();
        self.popup = Some(super::Popup::Command {
            input: tui_input::Input::default(),
        });
    }

    fn vocabulary(&self) -> Vocabulary {
        let english = self.lang == Lang::En;
        let mut views: Vec<String> = self
            .views
            .iter()
            .map(|v| v.title(english).to_string())
            .collect();
        views.extend(self.views.iter().map(|v| v.title(!english).to_string()));
        views.dedup();
        Vocabulary {
            lang: self.lang,
            views,
            users: self
                .users
                .iter()
                .flatten()
                .map(|(name, _)| name.clone())
                .collect(),
        }
    }

    /// `Tab` in the filter or the command line: one completion is taken; of
    /// several, what they share, then each in turn on the next `Tab`s (the
    /// status line lists them).
    pub(in crate::tui) fn complete(&mut self, popup: &mut super::Popup) {
        use super::Popup;
        let (input, filter) = match popup {
            Popup::Filter { input } => (input, true),
            Popup::Command { input } => (input, false),
            _ => return,
        };
        let value = input.value().to_string();
        let next = if let Some((options, at)) = &mut self.completing {
            *at = (*at + 1) % options.len();
            Some(options[*at].clone())
        } else {
            let vocab = self.vocabulary();
            let options = if filter {
                complete_filter(&value, &vocab)
            } else {
                complete(&value, &vocab)
            };
            match options.len() {
                0 => None,
                1 => Some(options[0].clone()),
                _ => {
                    let shared = common_prefix(&options);
                    // The options less what is typed before the last word.
                    let head = value.rfind(' ').map_or(0, |i| i + 1);
                    let listed = options
                        .iter()
                        .map(|o| o.get(head..).unwrap_or(o))
                        .collect::<Vec<_>>()
                        .join("  ");
                    self.set_info(listed);
                    if shared.chars().count() > value.chars().count() {
                        Some(shared)
                    } else {
                        let first = options[0].clone();
                        self.completing = Some((options, 0));
                        Some(first)
                    }
                }
            }
        };
        let Some(text) = next else {
            return;
        };
        *input = tui_input::Input::new(text.clone());
        if filter {
            self.set_filter(text);
        }
    }

    /// Carries out a command line (it goes into the history, understood or not).
    pub(in crate::tui) fn run_line(&mut self, line: &str) {
        self.line_history.push(line);
        let lang = self.lang;
        match parse(line) {
            Err(e) => self.set_error(e.text(lang)),
            Ok(LineCommand::View(name)) => {
                match self.views.iter().position(|v| v.is_named(&name)) {
                    Some(i) => self.open_view(i),
                    None => {
                        let views = self.vocabulary().views[..self.views.len()].join(", ");
                        let w = LineWords::NoView {
                            name: &name,
                            views: &views,
                        };
                        self.set_error(crate::i18n::command_line::line(lang, &w));
                    }
                }
            }
            Ok(LineCommand::Ref(reference)) => self.find_ref(reference),
            Ok(LineCommand::Backlog) => self.open_backlog(),
            Ok(LineCommand::Enquiries) => self.open_enquiries(),
            Ok(LineCommand::Queue(q)) => {
                self.screens.close_all();
                self.switch_queue(q);
            }
            Ok(LineCommand::Sort(sort, reverse)) => self.requery(|l| {
                l.sort = sort;
                l.reverse = reverse;
            }),
            Ok(LineCommand::Messages) => self.open_messages(),
        }
    }

    /// `:ref REF`: asks every queue for the cases whose words hold it; the
    /// first queue with that exact ref opens on it.
    fn find_ref(&mut self, reference: String) {
        self.queues.ref_search = Some((reference.clone(), Queue::ALL.len(), false));
        for q in Queue::ALL {
            let mut query = crate::desk::PageQuery::new(q);
            query.text = reference.clone();
            query.include_closed = true;
            self.call(
                crate::desk::Request::MatchKeys { query, max: 50 },
                super::Then::RefFound {
                    reference: reference.clone(),
                },
            );
        }
    }

    pub(in crate::tui) fn ref_answered(&mut self, reference: String, answer: super::Answer) {
        let Some((wanted, left, found)) = &mut self.queues.ref_search else {
            return;
        };
        if *wanted != reference {
            return;
        }
        *left -= 1;
        let done = *left == 0;
        let norm = crate::text::normalize_for_search;
        let hit = match super::answer::take::<Vec<crate::desk::CaseKey>>(answer) {
            Ok(keys) if !*found => keys
                .into_iter()
                .find(|k| norm(&k.reference) == norm(&reference)),
            _ => None,
        };
        if hit.is_some() {
            *found = true;
        }
        let found = *found;
        if done {
            self.queues.ref_search = None;
        }
        if let Some(key) = hit {
            self.screens.close_all();
            self.jump_to(key, true);
        } else if done && !found {
            let w = LineWords::NoRef {
                reference: &reference,
            };
            self.set_error(line(self.lang, &w));
        }
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
        assert_eq!(parse("enquiries"), Ok(LineCommand::Enquiries));
        assert_eq!(
            parse("ｑｕｅｕｅ　３"),
            Ok(LineCommand::Queue(Queue::FacilityReport))
        );
        assert_eq!(
            parse("queue transfer"),
            Ok(LineCommand::Queue(Queue::Transfer))
        );
        for name in ["異動届・修了申請", "異動届", "修了申請", "異動"] {
            assert_eq!(
                parse(&format!("queue {name}")),
                Ok(LineCommand::Queue(Queue::Transfer)),
                "{name}"
            );
        }
        assert_eq!(parse("messages"), Ok(LineCommand::Messages));
        assert_eq!(
            parse("frobnicate"),
            Err(LineError::UnknownCommand("frobnicate".into()))
        );
        assert_eq!(parse("view"), Err(LineError::Needs(Typable::View)));
        assert!(matches!(
            parse("sort size"),
            Err(LineError::BadArgument(..))
        ));
        assert!(matches!(parse("queue 9"), Err(LineError::BadArgument(..))));
        for (line, key, reverse) in [
            ("sort age desc", SortKey::Age, true),
            ("sort name", SortKey::Name, false),
            // Japanese sort names, with or without 順, and 降順.
            ("sort 氏名", SortKey::Name, false),
            ("sort 期限順 降順", SortKey::Due, true),
            ("sort 経過日数", SortKey::Age, false),
            ("sort 担当者 逆", SortKey::Assignee, true),
        ] {
            assert_eq!(parse(line), Ok(LineCommand::Sort(key, reverse)), "{line}");
        }
        // An unreadable sort lists the valid ones.
        let said = LineError::BadArgument("sort", "大きさ".into()).text(Lang::Ja);
        assert!(
            said.contains("氏名 (name)") && said.contains("期限 (due)"),
            "{said}"
        );
        let said = LineError::BadArgument("sort", "size".into()).text(Lang::En);
        assert!(said.contains("due, received"), "{said}");
        assert!(
            LineError::UnknownCommand("x".into())
                .text(Lang::En)
                .contains("backlog")
        );
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
