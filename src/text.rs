//! Text safety and search normalisation (interim; the full version lands from the interchange branch).

/// Search form of a string.
pub fn normalize_for_search(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Tokens a name is found by.
pub fn search_tokens(name: &str, kana: Option<&str>) -> Vec<String> {
    let mut v = vec![normalize_for_search(name)];
    v.extend(name.split_whitespace().map(normalize_for_search));
    if let Some(k) = kana {
        v.push(normalize_for_search(k));
        v.extend(k.split_whitespace().map(normalize_for_search));
    }
    v
}

pub use crate::domain::loan::yen;

/// Interim sanitiser: drops control characters.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !c.is_control()).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}
