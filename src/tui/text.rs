//! Width-aware text for the screen: every string from data passes `clean`
//! before it is measured, cut or drawn; measuring and cutting are `crate::text`'s.

use unicode_width::UnicodeWidthChar;

/// Drawn where text was cut. U+2026 is East-Asian "ambiguous"; it is counted as
/// one cell, as the brief asks.
pub use crate::text::ELLIPSIS;

/// Replaces control, escape and bidi-override characters (the rule of
/// `crate::text::sanitize`) so that data can never move the cursor, set a title
/// or reorder text on the operator's terminal. '?', not U+FFFD, which is
/// ambiguous-width and doubles in CJK terminals.
pub fn clean(s: &str) -> String {
    crate::text::sanitize_marked(s, '?').into_owned()
}

/// Cleans each line of `s`, keeping the line breaks (a note written in an editor).
pub fn clean_keeping_lines(s: &str) -> String {
    s.lines().map(clean).collect::<Vec<_>>().join("\n")
}

pub use crate::text::width;

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cleans `s` and cuts it to at most `max` cells, ending in `…` when cut.
/// A wide character never straddles the edge.
pub fn fit(s: &str, max: usize) -> String {
    crate::text::truncate(&clean(s), max).into_owned()
}

/// `fit`, then padded with spaces to exactly `cells` cells.
pub fn pad(s: &str, cells: usize) -> String {
    crate::text::pad(&clean(s), cells)
}

/// `fit`, then right-aligned in exactly `cells` cells.
pub fn pad_left(s: &str, cells: usize) -> String {
    let out = fit(s, cells);
    let w = width(&out);
    let mut v: String = std::iter::repeat_n(' ', cells.saturating_sub(w)).collect();
    v.push_str(&out);
    v
}

/// What is left of `cleaned` after its first wrapped line `head` (the space a
/// break consumed is dropped; nothing else is).
pub fn remainder(cleaned: &str, head: &str) -> String {
    match cleaned.strip_prefix(head) {
        Some(tail) => tail.strip_prefix(' ').unwrap_or(tail).to_string(),
        // A character wider than the line was skipped: fall back to re-wrapping.
        None => wrap(cleaned, width(head).max(1)).split_off(1).concat(),
    }
}

/// Cleans `s` and breaks it into lines of at most `max` cells (by character,
/// as Japanese has no spaces between words).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let s = clean(s);
    if max == 0 {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max && !cur.is_empty() {
            // Break after the last space when there is one in the latter half,
            // so dates and numbers are not cut in two; Japanese breaks anywhere.
            let cut = cur.rfind(' ').filter(|&i| width(&cur[..i]) * 2 >= max);
            let rest = match cut {
                Some(i) => {
                    let rest = cur[i + 1..].to_string();
                    cur.truncate(i);
                    rest
                }
                None => String::new(),
            };
            lines.push(std::mem::replace(&mut cur, rest));
            used = width(&cur);
        }
        if w <= max {
            cur.push(c);
            used += w;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_pass() {
        let s = clean("a\u{1b}]0;X\u{7}b\u{9b}c\u{202e}d");
        assert!(!s.chars().any(|c| c.is_control()));
        assert!(s.starts_with('a') && s.ends_with('d'));
    }

    #[test]
    fn cuts_by_cells_without_splitting_wide_chars() {
        assert_eq!(fit("山田太郎", 8), "山田太郎");
        assert_eq!(fit("山田太郎", 7), "山田太…");
        assert_eq!(fit("山田太郎", 6), "山田…");
        assert_eq!(width(&pad("山田", 7)), 7);
        assert_eq!(width(&pad_left("12", 4)), 4);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn rewrapping_the_remainder_keeps_every_word() {
        let s = "after the last recruitment closed: may apply again only next year at the earliest";
        for w in 10..60 {
            let first = wrap(s, w).remove(0);
            let rest = remainder(&clean(s), &first);
            let words: Vec<&str> = first
                .split(' ')
                .chain(rest.split(' '))
                .filter(|x| !x.is_empty())
                .collect();
            assert_eq!(words, s.split(' ').collect::<Vec<_>>(), "width {w}");
        }
    }

    #[test]
    fn wraps_at_spaces_so_dates_stay_whole() {
        let lines = wrap("OK RCLS 2026-11-21 <= 2027-02-28 -> 2027-04-01", 30);
        assert!(lines.iter().all(|l| width(l) <= 30), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("2027-04-01")), "{lines:?}");
    }

    #[test]
    fn wraps_japanese_by_cells() {
        let lines = wrap("あいうえおかきくけこ", 7);
        assert!(lines.iter().all(|l| width(l) <= 7));
        assert_eq!(lines.concat(), "あいうえおかきくけこ");
    }
}
