//! Identifiers of people, facilities, physicians and cases, normalised at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// Why an identifier typed or imported by a person was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("registration number is empty")]
    EmptyRegistration,
    #[error("registration number {0:?} must be 1 to 7 digits")]
    BadRegistration(String),
    #[error("facility number {0:?} may hold only ASCII letters, digits and '-'")]
    BadFacility(String),
    #[error("{what} must not be empty")]
    Empty { what: &'static str },
    #[error("{what} {value:?} contains control characters")]
    Control { what: &'static str, value: String },
}

/// Folds full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII.
pub fn fold_fullwidth_ascii(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// What an identifier kept as its normalised text has besides its own
/// `parse`: its text, serde through `parse` (`TryFrom<String>`) and back
/// (`Into<String>`), and `Display`.
macro_rules! text_id {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(r: $name) -> String {
                r.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// 医籍登録番号: the national register number of a physician, 1-7 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    /// The number as a file or a form gives it: full-width digits are
    /// normalised and spaces dropped; then 1-7 digits must remain (a hyphen or
    /// any other character is refused, as DOMAIN says).
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::parse_folded(input, false)
    }

    /// The number as a caller reads it out to help desk: hyphens and dashes
    /// (`476-0046`, `４７６－００４６`) are dropped too.
    pub fn parse_spoken(input: &str) -> Result<Self, IdError> {
        Self::parse_folded(input, true)
    }

    fn parse_folded(input: &str, drop_dashes: bool) -> Result<Self, IdError> {
        let dash = |c: char| matches!(c, '-' | '‐' | '‑' | '–' | '—' | 'ー' | '−');
        let folded: String = input
            .chars()
            .map(fold_fullwidth_ascii)
            .filter(|c| !(c.is_whitespace() || (drop_dashes && dash(*c))))
            .collect();
        if folded.is_empty() {
            return Err(IdError::EmptyRegistration);
        }
        if folded.len() > 7 || !folded.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::BadRegistration(input.to_string()));
        }
        Ok(Self(folded))
    }
}
text_id!(RegistrationNumber);

/// 認定研修施設番号: opaque, ASCII alphanumerics and '-'.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FacilityNumber(String);

impl FacilityNumber {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let folded: String = input.trim().chars().map(fold_fullwidth_ascii).collect();
        let folded = folded.trim().to_string();
        if folded.is_empty() {
            return Err(IdError::Empty {
                what: "facility number",
            });
        }
        if !folded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(IdError::BadFacility(input.to_string()));
        }
        Ok(Self(folded))
    }
}
text_id!(FacilityNumber);

/// Checks an opaque identifier (certificate number, case ref, loan id): trimmed,
/// not empty, no control characters.
pub fn opaque_id(what: &'static str, input: &str) -> Result<String, IdError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(IdError::Empty { what });
    }
    if s.chars().any(char::is_control) {
        return Err(IdError::Control {
            what,
            value: s.to_string(),
        });
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn registration_accepts_fullwidth_and_spaces() {
        assert_eq!(
            RegistrationNumber::parse("１２３ ４５６").unwrap().as_str(),
            "123456"
        );
        assert_eq!(
            RegistrationNumber::parse(" 0012 ").unwrap().as_str(),
            "0012"
        );
    }

    #[test]
    fn registration_refuses_letters_and_long() {
        assert!(matches!(
            RegistrationNumber::parse("12a4"),
            Err(IdError::BadRegistration(_))
        ));
        assert!(RegistrationNumber::parse("12345678").is_err());
        // A file may not hold a hyphen; a caller may read one out.
        assert!(matches!(
            RegistrationNumber::parse("476-0046"),
            Err(IdError::BadRegistration(_))
        ));
        assert_eq!(
            RegistrationNumber::parse_spoken("476-0046")
                .unwrap()
                .as_str(),
            "4760046"
        );
        assert_eq!(
            RegistrationNumber::parse_spoken("４７６－００４６")
                .unwrap()
                .as_str(),
            "4760046"
        );
        assert!(RegistrationNumber::parse_spoken("476-00a6").is_err());
        assert_eq!(
            RegistrationNumber::parse("  "),
            Err(IdError::EmptyRegistration)
        );
    }

    #[test]
    fn facility_number_rules() {
        assert_eq!(
            FacilityNumber::parse("ＭＩ-０１").unwrap().as_str(),
            "MI-01"
        );
        assert!(FacilityNumber::parse("病院1").is_err());
    }

    proptest! {
        #[test]
        fn any_1_to_7_digits_round_trip(n in 0u32..10_000_000) {
            let s = n.to_string();
            let wide: String = s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
            let parsed = RegistrationNumber::parse(&wide).unwrap();
            prop_assert_eq!(parsed.as_str(), s.as_str());
        }

        #[test]
        fn parse_never_panics_and_result_is_digits(s in "\\PC{0,12}") {
            if let Ok(r) = RegistrationNumber::parse(&s) {
                prop_assert!(r.as_str().bytes().all(|b| b.is_ascii_digit()));
                prop_assert!((1..=7).contains(&r.as_str().len()));
            }
        }
    }
}
