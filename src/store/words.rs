//! The words a case is found by: every backend indexes these, folded the
//! same way, so that a search finds the same cases on each.

use crate::domain::Case;

/// The tokens the text filter finds a case by: names, kana, ref and subject number.
pub fn tokens(case: &Case) -> Vec<String> {
    let mut t = crate::text::search_tokens(&case.subject_name, case.subject_kana.as_deref());
    let reference = crate::text::normalize_for_search(&case.reference);
    // The number part of a ref (`000230` of `W-2026-000230`), as people read it out.
    if let Some(number) = reference
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
    {
        if number.len() >= 3 && number.len() < reference.len() {
            t.push(number.to_string());
        }
    }
    t.push(reference);
    t.push(crate::text::normalize_for_search(case.subject.key()));
    t.retain(|s| !s.is_empty() && !s.contains('\0'));
    t.sort();
    t.dedup();
    t
}
