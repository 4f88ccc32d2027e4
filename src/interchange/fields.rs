//! The fields of one row, whether from a JSON object or a CSV record, and the
//! checks that turn them into typed values with one clear reason each.

use crate::domain::field::{FieldProblem, Problem, kept};
use crate::domain::time::{parse_date, parse_timestamp};
use crate::domain::{FacilityNumber, RegistrationNumber, Timestamp};
use chrono::NaiveDate;
use serde_json::Value;

/// Longest name-like text (names, programme, association…), in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest free text (reasons, notes), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Longest identifier (ref, loan id, certificate number), in characters.
pub const MAX_ID_CHARS: usize = 100;
/// Longest e-mail address, in half-width characters (DOMAIN: notification addresses).
pub const MAX_EMAIL_CHARS: usize = 100;

/// A value as it came: JSON keeps its type, CSV is always text.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Json(Value),
    Text(String),
}

/// How a value appears in an error: quoted, escaped, and cut short.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{:?}…", head)
    }
}

/// The named cells of one row plus the reasons found so far. Every accessor
/// records a reason instead of stopping, so a row is validated completely.
pub(crate) struct Fields {
    cells: Vec<(String, Cell)>,
    pub errors: Vec<FieldProblem>,
    /// Typed by a person (a form, `record`): dates may be written as the
    /// office writes them (`R7.4.1`, `2025/4/1`, full-width digits).
    typed: bool,
}

impl Fields {
    pub fn new(cells: Vec<(String, Cell)>) -> Self {
        Fields {
            cells,
            errors: Vec::new(),
            typed: false,
        }
    }

    /// The fields of a form or of `record`, typed by a person.
    pub fn typed(cells: Vec<(String, String)>) -> Self {
        Fields {
            cells: cells.into_iter().map(|(n, v)| (n, Cell::Text(v))).collect(),
            errors: Vec::new(),
            typed: true,
        }
    }

    /// Records an unknown-field reason for every cell not in `allowed`.
    pub fn reject_unknown(&mut self, allowed: &[&str]) {
        for (name, _) in &self.cells {
            if name != "kind" && !allowed.contains(&name.as_str()) {
                self.errors.push(FieldProblem::new(name, Problem::Unknown));
            }
        }
    }

    fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldProblem::new(field, problem));
    }

    /// The text of a cell; None when absent, null or empty (after trimming).
    /// Numbers and booleans in JSON are accepted as their text.
    fn text(&mut self, name: &str) -> Option<String> {
        let cell = self.cells.iter().find(|(n, _)| n == name).map(|(_, c)| c);
        let s = match cell? {
            Cell::Text(s) => s.clone(),
            Cell::Json(Value::Null) => return None,
            Cell::Json(Value::String(s)) => s.clone(),
            Cell::Json(Value::Number(n)) => n.to_string(),
            Cell::Json(Value::Bool(b)) => b.to_string(),
            Cell::Json(Value::Array(_) | Value::Object(_)) => {
                self.fail(name, Problem::NotText);
                return None;
            }
        };
        if s.trim().is_empty() { None } else { Some(s) }
    }

    fn required<T>(&mut self, name: &str, v: Option<T>, present: bool) -> Option<T> {
        if v.is_none() && !present {
            self.fail(name, Problem::Missing);
        }
        v
    }

    fn capped(&mut self, name: &str, s: String, max: usize) -> Option<String> {
        if s.chars().nth(max).is_some() {
            self.fail(name, Problem::TooLong { max });
            None
        } else {
            Some(s)
        }
    }

    /// Optional text of at most `max` characters, stored as given.
    pub fn opt_text(&mut self, name: &str, max: usize) -> Option<String> {
        let s = self.text(name)?;
        self.capped(name, s, max)
    }

    /// Required text of at most `max` characters, stored as given.
    pub fn req_text(&mut self, name: &str, max: usize) -> Option<String> {
        let before = self.errors.len();
        let v = self.opt_text(name, max);
        let reported = self.errors.len() > before;
        self.required(name, v, reported)
    }

    /// A trimmed identifier without control characters.
    pub fn opt_id(&mut self, name: &str) -> Option<String> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        let s = s.trim().to_string();
        if s.chars().any(char::is_control) {
            self.fail(name, Problem::ControlCharacters { value: kept(&s) });
            return None;
        }
        Some(s)
    }

    pub fn req_id(&mut self, name: &str) -> Option<String> {
        let before = self.errors.len();
        let v = self.opt_id(name);
        let reported = self.errors.len() > before;
        self.required(name, v, reported)
    }

    pub fn req_regno(&mut self, name: &str) -> Option<RegistrationNumber> {
        let s = self.req_text(name, MAX_ID_CHARS)?;
        match RegistrationNumber::parse(&s) {
            Ok(r) => Some(r),
            Err(_) => {
                self.fail(name, Problem::RegistrationNumber { value: kept(&s) });
                None
            }
        }
    }

    fn facility_number(&mut self, name: &str, s: &str) -> Option<FacilityNumber> {
        match FacilityNumber::parse(s) {
            Ok(f) => Some(f),
            Err(_) => {
                self.fail(name, Problem::FacilityNumber { value: kept(s) });
                None
            }
        }
    }

    pub fn opt_facility(&mut self, name: &str) -> Option<FacilityNumber> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        self.facility_number(name, &s)
    }

    pub fn req_facility(&mut self, name: &str) -> Option<FacilityNumber> {
        let s = self.req_text(name, MAX_ID_CHARS)?;
        self.facility_number(name, &s)
    }

    /// A date as `YYYY-MM-DD`, or, in a typed form, as a person writes it.
    fn date_of(&self, s: &str) -> Option<NaiveDate> {
        if let Ok(d) = parse_date(s) {
            return Some(d);
        }
        // A person typing a form may write a date as the office does (R7.4.1).
        if self.typed {
            return crate::domain::time::parse_date_input(s).ok();
        }
        None
    }

    pub fn opt_date(&mut self, name: &str) -> Option<NaiveDate> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        if let Some(d) = self.date_of(&s) {
            return Some(d);
        }
        self.fail(
            name,
            Problem::Date {
                value: kept(s.trim()),
            },
        );
        None
    }

    /// A JST date given as `YYYY-MM-DD` or as a date-time (its JST date), for
    /// fields like `notified_at` that source systems fill either way.
    pub fn opt_day(&mut self, name: &str) -> Option<NaiveDate> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        if let Some(d) = self.date_of(&s) {
            return Some(d);
        }
        match parse_timestamp(&s) {
            Ok(t) => Some(crate::domain::time::jst_date(&t)),
            Err(_) => {
                self.fail(name, Problem::Day { value: kept(&s) });
                None
            }
        }
    }

    /// `d` when it lies in the years the rules cover; else the row fails.
    pub fn in_rule_years(&mut self, name: &str, d: NaiveDate) -> Option<NaiveDate> {
        if crate::domain::time::in_rule_years(d) {
            return Some(d);
        }
        self.fail(
            name,
            Problem::OutsideRuleYears {
                value: d.to_string(),
            },
        );
        None
    }

    pub fn req_date(&mut self, name: &str) -> Option<NaiveDate> {
        let present = self.text_present(name);
        let v = self.opt_date(name);
        self.required(name, v, present)
    }

    /// A moment in the years the rules cover (`time::RULE_YEARS`): every
    /// moment a row carries is an event the rules reckon from.
    pub fn opt_timestamp(&mut self, name: &str) -> Option<Timestamp> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        match parse_timestamp(&s) {
            Ok(t) if !crate::domain::time::in_rule_years(crate::domain::time::jst_date(&t)) => {
                self.fail(
                    name,
                    Problem::OutsideRuleYears {
                        value: kept(s.trim()),
                    },
                );
                None
            }
            Ok(t) => Some(t),
            Err(_) => {
                self.fail(
                    name,
                    Problem::Moment {
                        value: kept(s.trim()),
                    },
                );
                None
            }
        }
    }

    pub fn req_timestamp(&mut self, name: &str) -> Option<Timestamp> {
        let present = self.text_present(name);
        let v = self.opt_timestamp(name);
        self.required(name, v, present)
    }

    /// Whether a cell holds non-empty text (so a parse failure was already reported).
    pub(crate) fn text_present(&self, name: &str) -> bool {
        self.cells.iter().any(|(n, c)| {
            n == name
                && match c {
                    Cell::Text(s) => !s.trim().is_empty(),
                    Cell::Json(Value::Null) => false,
                    Cell::Json(Value::String(s)) => !s.trim().is_empty(),
                    Cell::Json(_) => true,
                }
        })
    }

    /// `true/false/1/0/yes/no` (any case), or a JSON boolean.
    pub fn opt_bool(&mut self, name: &str) -> Option<bool> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            // A form's answer as a clerk types it.
            "はい" | "あり" if self.typed => Some(true),
            "いいえ" | "なし" if self.typed => Some(false),
            _ => {
                self.fail(name, Problem::Bool { value: kept(&s) });
                None
            }
        }
    }

    pub fn req_bool(&mut self, name: &str) -> Option<bool> {
        let present = self.text_present(name);
        let v = self.opt_bool(name);
        self.required(name, v, present)
    }

    /// A whole number within `min..=max`.
    pub fn opt_int(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        let Ok(n) = s.trim().parse::<i64>() else {
            self.fail(name, Problem::WholeNumber { value: kept(&s) });
            return None;
        };
        if n < min || n > max {
            self.fail(name, Problem::Range { min, max, got: n });
            return None;
        }
        Some(n)
    }

    pub fn req_int(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let present = self.text_present(name);
        let v = self.opt_int(name, min, max);
        self.required(name, v, present)
    }

    /// One of a fixed set of ids.
    pub fn opt_choice<T: Copy>(&mut self, name: &str, choices: &[(&str, T)]) -> Option<T> {
        let s = self.opt_text(name, MAX_ID_CHARS)?;
        let t = s.trim();
        if let Some((_, v)) = choices.iter().find(|(id, _)| *id == t) {
            return Some(*v);
        }
        let choices = choices.iter().map(|(id, _)| id.to_string()).collect();
        self.fail(
            name,
            Problem::Choice {
                value: kept(&s),
                choices,
            },
        );
        None
    }

    pub fn req_choice<T: Copy>(&mut self, name: &str, choices: &[(&str, T)]) -> Option<T> {
        let present = self.text_present(name);
        let v = self.opt_choice(name, choices);
        self.required(name, v, present)
    }

    /// An ASCII e-mail address of at most 100 characters.
    pub fn opt_email(&mut self, name: &str) -> Option<String> {
        let s = self.opt_text(name, MAX_TEXT_CHARS)?;
        let s = s.trim().to_string();
        // The rule `mail send` applies again before sending.
        let ok = s.len() <= MAX_EMAIL_CHARS && crate::domain::delivery::check_address(&s).is_ok();
        if ok {
            Some(s)
        } else {
            self.fail(
                name,
                Problem::Email {
                    value: kept(&s),
                    max: MAX_EMAIL_CHARS,
                },
            );
            None
        }
    }

    /// A list: a JSON array of strings, or text joined by `;`. The field must be
    /// present when `required`, but the list may be empty.
    pub fn list(&mut self, name: &str, required: bool) -> Option<Vec<String>> {
        let cell = self
            .cells
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.clone());
        let items: Vec<String> = match cell {
            None | Some(Cell::Json(Value::Null)) => {
                if required {
                    self.fail(name, Problem::Missing);
                    return None;
                }
                return Some(Vec::new());
            }
            Some(Cell::Text(s)) | Some(Cell::Json(Value::String(s))) => s
                .split(';')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            Some(Cell::Json(Value::Array(a))) => {
                let mut out = Vec::with_capacity(a.len());
                for v in a {
                    match v {
                        Value::String(s) => out.push(s.trim().to_string()),
                        _ => {
                            self.fail(name, Problem::ListItems);
                            return None;
                        }
                    }
                }
                out
            }
            Some(Cell::Json(_)) => {
                self.fail(name, Problem::NotList);
                return None;
            }
        };
        if items.len() > 1_000 {
            self.fail(name, Problem::TooManyItems { max: 1_000 });
            return None;
        }
        if let Some(long) = items
            .iter()
            .find(|i| i.chars().nth(MAX_ID_CHARS * 2).is_some())
        {
            self.fail(name, Problem::ItemTooLong { item: kept(long) });
            return None;
        }
        Some(items)
    }

    /// Records a problem found by a caller.
    pub fn reason(&mut self, field: &str, problem: Problem) {
        self.fail(field, problem);
    }
}
