//! The desk's bounds: every text and list of a request is measured before
//! any work begins, so that no one request holds a core or a page of memory
//! for long (issue 25), and an over-long one is refused naming its bound.

use super::{CaseKey, DeskError, Result};
use crate::domain::refusal::{Bounded, Refusal, TextField};

/// The most views one `view_counts` request counts (each reads its queue).
pub const VIEWS_MAX: usize = 64;

/// The longest filter the desk reads, in characters, and its most terms.
pub const FILTER_MAX_CHARS: usize = 1_000;
pub const FILTER_MAX_TERMS: usize = 32;

/// The longest reason of a decision, in characters.
pub const REASON_MAX_CHARS: usize = 4_000;

/// The longest of any other text of a request (a name, a reference, a
/// lookup), in characters.
pub const TEXT_MAX_CHARS: usize = 1_000;

fn too_long(what: TextField, text: &str, max: usize) -> Result<()> {
    // Counting is cheap next to the frame that carried the text.
    let chars = text.chars().count();
    if chars > max {
        return Err(DeskError::Refused(Refusal::TooLong { what, chars, max }));
    }
    Ok(())
}

/// Refuses a filter over the desk's bounds (in characters, then in terms).
pub fn check_filter(text: &str) -> Result<()> {
    too_long(TextField::Filter, text, FILTER_MAX_CHARS)?;
    let terms = text.split_whitespace().count();
    if terms > FILTER_MAX_TERMS {
        return Err(DeskError::Refused(Refusal::TooMany {
            what: Bounded::FilterTerms,
            count: terms,
            max: FILTER_MAX_TERMS,
        }));
    }
    Ok(())
}

/// Refuses a text of a request longer than [`TEXT_MAX_CHARS`].
pub fn check_text(text: &str) -> Result<()> {
    too_long(TextField::Text, text, TEXT_MAX_CHARS)
}

pub(super) fn check_reason(text: &str) -> Result<()> {
    too_long(TextField::Reason, text, REASON_MAX_CHARS)
}

/// Refuses a case key whose reference is over the bound.
pub fn check_key(key: &CaseKey) -> Result<()> {
    check_text(&key.reference)
}

pub(super) fn check_keys(keys: &[CaseKey]) -> Result<()> {
    if keys.len() > super::decide::BULK_MAX_CASES {
        return Err(DeskError::Refused(Refusal::TooMany {
            what: Bounded::BulkCases,
            count: keys.len(),
            max: super::decide::BULK_MAX_CASES,
        }));
    }
    keys.iter().try_for_each(check_key)
}
