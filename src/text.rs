//! Text from data made safe and measurable for the terminal, and folded for search.
//!
//! Names arrive from outside systems as given, control characters included; they
//! are stored unchanged and cleaned only here, on the way to the screen.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The mark that ends a truncated string.
pub const ELLIPSIS: char = '…';

/// Whether a character must never reach the terminal: C0 (ESC, BEL…), DEL, C1,
/// bidirectional embeddings, overrides, isolates and marks, line separators and
/// the byte-order mark. Zero-width joiners stay: they are part of names and emoji.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

/// Whitespace that becomes one space rather than disappearing.
fn is_spacing(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}'
    )
}

/// Removes every control and bidi-override character; tabs and line breaks
/// become a space. Borrows when there is nothing to remove.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, None)
}

/// As [`sanitize`], but each removed character leaves `mark` in its place, so
/// that a screen shows something was there (the TUI uses `?`).
pub fn sanitize_marked(s: &str, mark: char) -> Cow<'_, str> {
    sanitize_with(s, Some(mark))
}

fn sanitize_with(s: &str, mark: Option<char>) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_spacing(c) {
            out.push(' ');
        } else if !is_unsafe(c) {
            out.push(c);
        } else if let Some(m) = mark {
            out.push(m);
        }
    }
    Cow::Owned(out)
}

/// JSON text with C1, bidi and line-separator characters written as
/// `\uXXXX` (serde_json writes them as they are; a terminal or a browser
/// showing the JSON would act on them). Only string contents hold them.
pub fn json_escape_controls(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| is_unsafe(c) && !c.is_ascii_control()) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && !c.is_ascii_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Display width in terminal cells (East Asian wide characters count 2).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max_cells` cells, ending with `…` when anything was cut.
/// A wide character is never split; the result may be a cell short instead.
pub fn truncate(s: &str, max_cells: usize) -> Cow<'_, str> {
    if width(s) <= max_cells {
        return Cow::Borrowed(s);
    }
    if max_cells == 0 {
        return Cow::Borrowed("");
    }
    let budget = max_cells - 1; // the ellipsis takes one cell
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    // A string's width is not always the sum of its characters' (emoji
    // presentation sequences); shrink until the whole really fits.
    while width(&out) > budget {
        out.pop();
    }
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// Truncates to `cells` and pads with spaces to exactly that width where possible.
pub fn pad(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let w = width(&t);
    let mut out = String::with_capacity(t.len() + cells.saturating_sub(w));
    out.push_str(&t);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Variant kanji (異体字) that people write for the same name, folded to the
/// common form for search: 髙橋 finds 高橋. (Compatibility ideographs such as
/// U+F9DC 隆 are already folded by NFKC.)
const ITAIJI: &[(char, char)] = &[
    ('髙', '高'),
    ('﨑', '崎'),
    ('嵜', '崎'),
    ('邊', '辺'),
    ('邉', '辺'),
    ('齋', '斎'),
    ('齊', '斎'),
    ('濵', '浜'),
    ('濱', '浜'),
    ('德', '徳'),
    ('𠮷', '吉'),
    ('澤', '沢'),
    ('嶋', '島'),
    ('嶌', '島'),
    ('櫻', '桜'),
    ('廣', '広'),
    ('國', '国'),
    ('眞', '真'),
    ('關', '関'),
    ('壽', '寿'),
    ('惠', '恵'),
    ('冨', '富'),
    ('籠', '篭'),
    ('槇', '槙'),
    ('桒', '桑'),
];

fn fold_char(c: char) -> char {
    match c {
        // Hiragana to katakana (ぁ..ゖ, ゝ ゞ).
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => ITAIJI
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c, |(_, to)| *to),
    }
}

fn normalize_once(s: &str) -> String {
    let lowered = s.nfkc().collect::<String>().to_lowercase();
    lowered
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

/// The form names, kana, refs and numbers are compared in: NFKC (half-width kana
/// and full-width digits become standard), lower case, hiragana as katakana,
/// variant kanji folded, no spaces. So ﾔﾏﾀﾞ, やまだ and ヤマダ compare equal.
pub fn normalize_for_search(s: &str) -> String {
    let mut cur = normalize_once(s);
    // Lower-casing can produce text NFKC changes again; a couple of rounds reach
    // the fixed point for every input we know of, which makes this idempotent.
    for _ in 0..3 {
        let next = normalize_once(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// The search keys of a person: the whole name, family and given names
/// separately, and the same for the kana reading, all normalised; no empties,
/// no repeats.
pub fn search_tokens(name: &str, kana: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: String| {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    };
    for text in std::iter::once(name).chain(kana) {
        add(normalize_for_search(text));
        let parts: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '\u{3000}')
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1 {
            for p in parts {
                add(normalize_for_search(p));
            }
        }
    }
    out
}

/// Yen with thousands separators: `¥7,538,465`.
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 {
        format!("-¥{out}")
    } else {
        format!("¥{out}")
    }
}

/// A text cell made safe for spreadsheets: a cell starting with `=`, `+`,
/// `-`, `@`, TAB or CR gets a leading `'` (OWASP's advice against formula
/// injection), and control, C1 and bidi characters are dropped.
pub fn safe_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let clean = sanitize(s);
    if formula {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_formatting() {
        assert_eq!(yen(7_538_465), "¥7,538,465");
        assert_eq!(yen(0), "¥0");
        assert_eq!(yen(999), "¥999");
        assert_eq!(yen(-1000), "-¥1,000");
    }

    #[test]
    fn marked_sanitising_shows_where_something_was_and_keeps_joiners() {
        assert_eq!(
            sanitize_marked("山田\u{1b}]0;X\u{7}太郎", '?'),
            "山田?]0;X?太郎"
        );
        assert_eq!(sanitize_marked("👩\u{200D}⚕️", '?'), "👩\u{200D}⚕️");
        assert_eq!(sanitize_marked("a\tb", '?'), "a b");
    }

    use proptest::prelude::*;

    #[test]
    fn escape_sequences_are_removed() {
        let s = sanitize("山田\x1b]0;X\x07太郎");
        assert!(!s.contains('\x1b') && !s.contains('\x07'));
        assert_eq!(s, "山田]0;X太郎");
        assert_eq!(sanitize("a\tb\nc"), "a b c");
        assert_eq!(sanitize("x\u{202E}y\u{2066}z\u{9B}"), "xyz");
        assert!(matches!(sanitize("佐藤 花子"), Cow::Borrowed(_)));
        // Zero-width joiner stays.
        assert_eq!(sanitize("a\u{200D}b"), "a\u{200D}b");
    }

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("山田太郎", 8), "山田太郎");
        assert_eq!(truncate("山田太郎", 7), "山田太…");
        assert_eq!(truncate("山田太郎", 6), "山田…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(pad("山田", 6), "山田  ");
        assert_eq!(pad("山田太郎", 5), "山田…");
        assert_eq!(pad("山田太郎", 4), "山… ");
    }

    #[test]
    fn search_folds_kana_width_case_and_variants() {
        let n = normalize_for_search("ヤマダ");
        assert_eq!(normalize_for_search("ﾔﾏﾀﾞ"), n);
        assert_eq!(normalize_for_search("やまだ"), n);
        assert_eq!(normalize_for_search("髙橋"), normalize_for_search("高橋"));
        assert_eq!(
            normalize_for_search("山﨑　太郎"),
            normalize_for_search("山崎太郎")
        );
        assert_eq!(normalize_for_search("𠮷田"), normalize_for_search("吉田"));
        assert_eq!(normalize_for_search("渡邉"), normalize_for_search("渡辺"));
        assert_eq!(normalize_for_search("齋藤"), normalize_for_search("斎藤"));
        assert_eq!(normalize_for_search("１２３４"), "1234");
        assert_eq!(normalize_for_search("W-2026 ABC"), "w-2026abc");
    }

    #[test]
    fn tokens_split_family_and_given() {
        let t = search_tokens("髙橋　健太", Some("タカハシ　ケンタ"));
        assert_eq!(
            t,
            [
                "高橋健太",
                "高橋",
                "健太",
                "タカハシケンタ",
                "タカハシ",
                "ケンタ"
            ]
        );
        assert_eq!(search_tokens("佐藤", None), ["佐藤"]);
    }

    proptest! {
        #[test]
        fn sanitized_text_has_no_control_characters(s in any::<String>()) {
            let out = sanitize(&s);
            prop_assert!(!out.chars().any(is_unsafe));
        }

        #[test]
        fn truncation_never_exceeds_the_width(s in any::<String>(), max in 0usize..40) {
            let t = truncate(&s, max);
            prop_assert!(width(&t) <= max);
        }

        #[test]
        fn truncation_of_japanese_never_exceeds_the_width(s in "[a-z山田太郎ｱｲ　 ]{0,30}", max in 0usize..20) {
            let t = truncate(&s, max);
            prop_assert!(width(&t) <= max);
            prop_assert!(width(&pad(&s, max)) <= max);
        }

        #[test]
        fn normalization_is_idempotent(s in any::<String>()) {
            let once = normalize_for_search(&s);
            prop_assert_eq!(normalize_for_search(&once), once.clone());
        }
    }
}

#[cfg(test)]
mod output_tests {
    use super::*;

    #[test]
    fn json_output_escapes_c1_and_bidi_controls() {
        let raw = serde_json::to_string("a\u{202E}b\u{0085}c\u{2028}d 髙橋").unwrap();
        let safe = json_escape_controls(&raw);
        assert_eq!(safe, "\"a\\u202eb\\u0085c\\u2028d 髙橋\"");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{202E}b\u{0085}c\u{2028}d 髙橋");
        assert!(matches!(
            json_escape_controls("\"plain\""),
            Cow::Borrowed(_)
        ));
    }
}
