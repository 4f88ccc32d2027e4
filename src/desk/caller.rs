//! Finding a caller who does not know their registration number: a name
//! (kanji or kana, folded as the filter folds) with a birth date — the
//! identity check of seed 000 — read through the birth-date index, so a
//! lookup reads the few people born that day, not the registry.

use super::{Desk, DeskError, Result};
use crate::domain::Person;
use crate::domain::refusal::Refusal;
use crate::domain::time::parse_date_input;
use crate::text::normalize_for_search;
use chrono::NaiveDate;

/// The most people one name lookup lists.
pub const CALLERS_MAX: usize = 50;

/// Whether `input` is meant as a registration number (digits, spaces and
/// hyphens only, full-width too) rather than a name.
pub fn is_number(input: &str) -> bool {
    input.chars().all(|c| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || c.is_whitespace()
            || "-－ー‐".contains(c)
    })
}

/// A name and a birth date as typed: the date first or last (`池田 H2.4.1`,
/// `1990-04-01 いけだ ひかる`), in any form a date is typed.
pub fn split_name_and_date(input: &str) -> Option<(String, NaiveDate)> {
    let words: Vec<&str> = input.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let (last, first) = (words[words.len() - 1], words[0]);
    if let Ok(d) = parse_date_input(last) {
        return Some((words[..words.len() - 1].join(" "), d));
    }
    if let Ok(d) = parse_date_input(first) {
        return Some((words[1..].join(" "), d));
    }
    None
}

impl Desk {
    /// The people a name and birth date name, best first (an exact name
    /// before one that only contains what was typed), or why none.
    pub fn find_callers(&self, input: &str) -> Result<Vec<Person>> {
        let Some((name, birth)) = split_name_and_date(input) else {
            return Err(DeskError::Refused(Refusal::LookupNeedsBirthDate {
                input: input.trim().to_string(),
            }));
        };
        let typed = normalize_for_search(&name);
        let mut found = Vec::new();
        for regno in self.store.people_born(birth)? {
            let Some(p) = self.store.person(&regno)? else {
                continue;
            };
            let name = normalize_for_search(&p.name);
            let kana = p.name_kana.as_deref().map(normalize_for_search);
            let exact = name == typed || kana.as_deref() == Some(typed.as_str());
            if exact || name.contains(&typed) || kana.is_some_and(|k| k.contains(&typed)) {
                found.push((!exact, p));
            }
        }
        if found.is_empty() {
            return Err(DeskError::Refused(Refusal::NoPersonNamed {
                name: name.trim().to_string(),
                birth,
            }));
        }
        found.sort_by(|a, b| (a.0, &a.1.registration_number).cmp(&(b.0, &b.1.registration_number)));
        Ok(found
            .into_iter()
            .take(CALLERS_MAX)
            .map(|(_, p)| p)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_a_date_are_read_in_either_order_and_any_form() {
        let d = NaiveDate::from_ymd_opt(1990, 4, 1).unwrap();
        assert_eq!(split_name_and_date("池田 H2.4.1"), Some(("池田".into(), d)));
        assert_eq!(
            split_name_and_date("1990/4/1 いけだ ひかる"),
            Some(("いけだ ひかる".into(), d))
        );
        assert_eq!(
            split_name_and_date("池田　光　平成2年4月1日"),
            Some(("池田 光".into(), d))
        );
        assert_eq!(split_name_and_date("池田"), None);
        assert_eq!(split_name_and_date("池田 光"), None);
        assert!(is_number("１２３ ４５６７") && is_number("123-4567"));
        assert!(!is_number("池田 H2.4.1"));
    }
}
