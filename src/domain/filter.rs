//! The filter language of the TUI's `/` and of `--filter`: terms separated by
//! spaces, all of which must hold; `-term` negates one. A term is a free word
//! (found in names, kana, ref and subject number, as the search index folds
//! them) or a field: `state:S`, `assignee:NAME|me|none`, `flag:F`, `age>N`,
//! `age<N`, `overdue`, `due<DATE`, `due>DATE`, `area:TEXT`, `priority`,
//! `pref:TEXT`, `kind:K`. A due date may be written as the office writes it
//! (`2026-11-30`, `2026/11/30`, `R8.11.30`, `令和8年11月30日`: see
//! `time::parse_date_input`) or `+N`/`-N` days from today. Anything else is
//! refused, naming the term.

use super::time::{DateProblem, jst_date, parse_rule_date_input};
use super::{Case, CaseBody, Facility, Flag, State, TransferKind, WithdrawalKind};
use crate::text::normalize_for_search;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Every field term as it is typed, for the refusal and for completion.
pub const FIELDS: [&str; 12] = [
    "state:",
    "assignee:",
    "flag:",
    "age>",
    "age<",
    "overdue",
    "due<",
    "due>",
    "area:",
    "priority",
    "pref:",
    "kind:",
];

/// The values `kind:` takes.
pub const KINDS: [&str; 5] = [
    "adoption",
    "loan",
    "category_change",
    "association_transfer",
    "completion_application",
];

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub terms: Vec<Term>,
}

/// One term, perhaps negated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub negated: bool,
    pub test: Test,
}

/// What one term asks of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Test {
    /// A search-normalised word that must prefix one of the case's tokens.
    Word(String),
    State(State),
    Assignee(Who),
    Flag(Flag),
    /// More than N days since received.
    AgeOver(i64),
    /// Fewer than N days since received.
    AgeUnder(i64),
    Overdue,
    DueBefore(DueBound),
    DueAfter(DueBound),
    /// The medical area (医療圏) of the case's facility contains the text.
    Area(String),
    /// The prefecture of the case's facility contains the text.
    Pref(String),
    /// The case's facility is in a priority area (重点医師偏在対策支援区域).
    Priority,
    Kind(CaseKind),
}

/// Whom `assignee:` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    Me,
    Nobody,
    /// A user name, search-normalised.
    Named(String),
}

impl Who {
    /// Whether a case with this assignee is whom the term names.
    pub fn matches(&self, assignee: Option<&str>, me: &str) -> bool {
        match self {
            Who::Me => assignee == Some(me),
            Who::Nobody => assignee.is_none_or(|a| a.is_empty()),
            Who::Named(n) => assignee.is_some_and(|a| normalize_for_search(a) == *n),
        }
    }
}

/// A due bound: a date, or a number of days from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueBound {
    Date(NaiveDate),
    InDays(i64),
}

impl DueBound {
    /// The date the bound names when today is `today`.
    pub fn date(self, today: NaiveDate) -> NaiveDate {
        match self {
            DueBound::Date(d) => d,
            DueBound::InDays(n) => super::time::add_days(today, n),
        }
    }
}

/// A withdrawal or transfer kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseKind {
    Withdrawal(WithdrawalKind),
    Transfer(TransferKind),
    /// 修了申請.
    CompletionApplication,
}

impl CaseKind {
    /// The kind of `case`, if it has one (a withdrawal's, a transfer's, a
    /// completion application).
    pub fn of(case: &Case) -> Option<CaseKind> {
        match &case.body {
            CaseBody::Withdrawal(w) => Some(CaseKind::Withdrawal(w.kind)),
            CaseBody::Transfer(t) => Some(CaseKind::Transfer(t.kind)),
            CaseBody::CompletionApplication(_) => Some(CaseKind::CompletionApplication),
            _ => None,
        }
    }

    /// Every kind, in the order of its code (1 to 5; 0 is none).
    const ALL: [CaseKind; 5] = [
        CaseKind::Withdrawal(WithdrawalKind::Adoption),
        CaseKind::Withdrawal(WithdrawalKind::Loan),
        CaseKind::Transfer(TransferKind::CategoryChange),
        CaseKind::Transfer(TransferKind::AssociationTransfer),
        CaseKind::CompletionApplication,
    ];

    /// The kind as a byte, 0 for none (a store keeps it beside the case).
    pub fn code(kind: Option<CaseKind>) -> u8 {
        kind.and_then(|k| Self::ALL.iter().position(|x| *x == k))
            .map_or(0, |i| i as u8 + 1)
    }

    /// The kind a byte stands for: `None` for 0, `Some(None)` for no kind.
    pub fn from_code(code: u8) -> Option<Option<CaseKind>> {
        match code {
            0 => Some(None),
            n => Self::ALL.get(usize::from(n) - 1).map(|k| Some(*k)),
        }
    }
}

/// What the value of a field must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// A state id or label.
    State,
    /// A user name, `me` or `none`.
    User,
    /// A flag id or code.
    Flag,
    /// A whole number of days, 0 to [`MAX_DAYS`](super::time::MAX_DAYS).
    Days,
    /// A date as a person types it, in [`RULE_YEARS`](super::time::RULE_YEARS),
    /// or `+N`/`-N` days (N as for `Days`).
    Date,
    /// Some text.
    Text,
    /// One of [`KINDS`].
    Kind,
    /// The field takes no value (`overdue`, `priority`).
    Nothing,
}

/// Why a term was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum FilterProblem {
    /// No field of this name (or not with this operator).
    UnknownField { field: String },
    /// The field exists; its value does not read as it must. `date`: why a
    /// value that reads as a date is not one the filter takes (R1.4.30:
    /// before 令和 began); absent, and so readable by a client that does
    /// not know it, otherwise.
    BadValue {
        field: String,
        expected: Expected,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<DateProblem>,
    },
}

/// A term the language does not accept, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub term: String,
    pub problem: FilterProblem,
}

/// What a term is checked against: the case and what the desk knows around it.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub case: &'a Case,
    pub today: NaiveDate,
    /// The acting user, for `assignee:me`.
    pub me: &'a str,
    /// The case's facility, if it has one the store knows.
    pub facility: Option<&'a Facility>,
    /// The flags the case raises now (only needed for `flag:`).
    pub flags: &'a [Flag],
    /// The case's search tokens (only needed for words).
    pub tokens: &'a [String],
}

impl Filter {
    /// Parses a query; an empty query is an empty filter (everything holds).
    pub fn parse(input: &str) -> Result<Filter, FilterError> {
        let mut terms = Vec::new();
        for raw in input.split(char::is_whitespace).filter(|t| !t.is_empty()) {
            if let Some(term) = parse_term(raw)? {
                terms.push(term);
            }
        }
        Ok(Filter { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The words that must be found (the search index narrows by these).
    pub fn words(&self) -> Vec<String> {
        self.terms
            .iter()
            .filter_map(|t| match (&t.test, t.negated) {
                (Test::Word(w), false) => Some(w.clone()),
                _ => None,
            })
            .collect()
    }

    /// Whether every term is a positive word (the index alone answers it).
    pub fn only_words(&self) -> bool {
        self.terms
            .iter()
            .all(|t| !t.negated && matches!(t.test, Test::Word(_)))
    }

    /// Whether a term needs the case's flags (the rules must be run).
    pub fn needs_flags(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.test, Test::Flag(_)))
    }

    /// Whether a term needs the case's facility.
    pub fn needs_facility(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.test, Test::Area(_) | Test::Pref(_) | Test::Priority))
    }

    /// Whether a term is a word (the case's tokens are needed).
    pub fn needs_tokens(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.test, Test::Word(_)))
    }

    /// Whether the case satisfies every term.
    pub fn holds(&self, f: &Facts) -> bool {
        self.terms.iter().all(|t| t.holds(f))
    }
}

impl Term {
    pub fn holds(&self, f: &Facts) -> bool {
        self.test.holds(f) != self.negated
    }
}

fn contains_folded(hay: Option<&str>, needle: &str) -> bool {
    hay.is_some_and(|h| normalize_for_search(h).contains(needle))
}

impl Test {
    /// Whether the case passes the test (before negation).
    pub fn holds(&self, f: &Facts) -> bool {
        let c = f.case;
        match self {
            Test::Word(w) => f.tokens.iter().any(|t| t.starts_with(w.as_str())),
            Test::State(s) => c.state == *s,
            Test::Assignee(who) => who.matches(c.assignee.as_deref(), f.me),
            Test::Flag(flag) => f.flags.contains(flag),
            Test::AgeOver(n) => age_days(c, f.today) > *n,
            Test::AgeUnder(n) => age_days(c, f.today) < *n,
            Test::Overdue => c.state.is_open() && c.due.is_some_and(|d| f.today > d),
            Test::DueBefore(b) => c.due.is_some_and(|d| d < b.date(f.today)),
            Test::DueAfter(b) => c.due.is_some_and(|d| d > b.date(f.today)),
            Test::Area(_) | Test::Pref(_) | Test::Priority => {
                self.holds_for_facility(f.facility).unwrap_or(false)
            }
            Test::Kind(k) => CaseKind::of(c) == Some(*k),
        }
    }
}

impl Test {
    /// A facility term (`area:`, `pref:`, `priority`) decided on the case's
    /// facility (None: the case has none the registry knows); None for
    /// another term.
    pub fn holds_for_facility(&self, facility: Option<&Facility>) -> Option<bool> {
        Some(match self {
            Test::Area(t) => contains_folded(facility.and_then(|x| x.medical_area.as_deref()), t),
            Test::Pref(t) => contains_folded(facility.map(|x| x.prefecture.as_str()), t),
            Test::Priority => facility.is_some_and(|x| x.priority_area),
            _ => return None,
        })
    }
}

/// Whole days since the case was received (JST), never negative.
pub fn age_days(case: &Case, today: NaiveDate) -> i64 {
    (today - jst_date(&case.received_at)).num_days().max(0)
}

/// The facility a case is about or names (a transfer's candidate facility).
/// A loan follow-up's is in its loan (the desk reads it: `rules::facility_of`).
pub fn facility_number(case: &Case) -> Option<&str> {
    match (&case.subject, &case.body) {
        (super::Subject::Facility(f), _) => Some(f.as_str()),
        (_, CaseBody::Transfer(t)) => t.facility.as_deref().filter(|f| !f.is_empty()),
        _ => None,
    }
}

fn parse_term(raw: &str) -> Result<Option<Term>, FilterError> {
    let folded: String = raw.nfkc().collect();
    let (negated, body) = match folded.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, folded.as_str()),
    };
    let err = |problem| FilterError {
        term: raw.to_string(),
        problem,
    };
    let bad = |field: &str, expected| {
        err(FilterProblem::BadValue {
            field: field.to_string(),
            expected,
            date: None,
        })
    };
    let Some(at) = body.find([':', '<', '>']) else {
        let test = match body.to_lowercase().as_str() {
            "overdue" => Test::Overdue,
            "priority" => Test::Priority,
            _ => {
                let w = normalize_for_search(body);
                if w.is_empty() || w == "-" {
                    return Ok(None);
                }
                Test::Word(w)
            }
        };
        return Ok(Some(Term { negated, test }));
    };
    let field = body[..at].trim().to_lowercase();
    let op = body[at..].chars().next().unwrap_or(':');
    let value = body[at + op.len_utf8()..].trim();
    let test = match (field.as_str(), op) {
        ("overdue" | "priority", _) => return Err(bad(&field, Expected::Nothing)),
        ("state", ':') => {
            Test::State(parse_state(value).ok_or_else(|| bad("state", Expected::State))?)
        }
        ("assignee", ':') => Test::Assignee(match value.to_lowercase().as_str() {
            "" => return Err(bad("assignee", Expected::User)),
            "me" => Who::Me,
            "none" => Who::Nobody,
            _ => Who::Named(normalize_for_search(value)),
        }),
        ("flag", ':') => Test::Flag(parse_flag(value).ok_or_else(|| bad("flag", Expected::Flag))?),
        ("age", '>' | '<') => {
            let n = parse_days(value).ok_or_else(|| bad("age", Expected::Days))?;
            if op == '>' {
                Test::AgeOver(n)
            } else {
                Test::AgeUnder(n)
            }
        }
        ("due", '>' | '<') => {
            let b = parse_due(value).map_err(|date| {
                err(FilterProblem::BadValue {
                    field: "due".into(),
                    expected: Expected::Date,
                    date,
                })
            })?;
            if op == '>' {
                Test::DueAfter(b)
            } else {
                Test::DueBefore(b)
            }
        }
        ("area" | "pref", ':') => {
            let t = normalize_for_search(value);
            if t.is_empty() {
                return Err(bad(&field, Expected::Text));
            }
            if field == "area" {
                Test::Area(t)
            } else {
                Test::Pref(t)
            }
        }
        ("kind", ':') => Test::Kind(parse_kind(value).ok_or_else(|| bad("kind", Expected::Kind))?),
        ("age" | "due", _) => return Err(bad(&field, Expected::Days)),
        ("state" | "assignee" | "flag" | "area" | "pref" | "kind", _) => {
            return Err(err(FilterProblem::UnknownField {
                field: format!("{field}{op}"),
            }));
        }
        _ => return Err(err(FilterProblem::UnknownField { field })),
    };
    Ok(Some(Term { negated, test }))
}

fn parse_days(v: &str) -> Option<i64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits only, so a number too big for an i64 fails to parse: refused too.
    v.parse().ok().filter(|n| *n <= super::time::MAX_DAYS)
}

/// `+N`/`-N` days, or a date; the error says why a date was not one the
/// filter takes, when there is more to say than what a date is.
fn parse_due(v: &str) -> Result<DueBound, Option<DateProblem>> {
    if let Some(n) = v.strip_prefix('+') {
        return parse_days(n).map(DueBound::InDays).ok_or(None);
    }
    if let Some(n) = v.strip_prefix('-') {
        return parse_days(n).map(|n| DueBound::InDays(-n)).ok_or(None);
    }
    parse_rule_date_input(v)
        .map(DueBound::Date)
        .map_err(|p| (p != DateProblem::Unreadable).then_some(p))
}

fn parse_state(v: &str) -> Option<State> {
    let v = normalize_for_search(v);
    if v.is_empty() {
        return None;
    }
    State::ALL.into_iter().find(|s| s.id() == v)
}

fn parse_flag(v: &str) -> Option<Flag> {
    let v = v.trim().to_lowercase();
    Flag::ALL
        .into_iter()
        .find(|f| f.id() == v || f.code().to_lowercase() == v)
}

fn parse_kind(v: &str) -> Option<CaseKind> {
    match v.trim().to_lowercase().as_str() {
        "adoption" => Some(CaseKind::Withdrawal(WithdrawalKind::Adoption)),
        "loan" => Some(CaseKind::Withdrawal(WithdrawalKind::Loan)),
        "category_change" => Some(CaseKind::Transfer(TransferKind::CategoryChange)),
        "association_transfer" => Some(CaseKind::Transfer(TransferKind::AssociationTransfer)),
        "completion_application" => Some(CaseKind::CompletionApplication),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
