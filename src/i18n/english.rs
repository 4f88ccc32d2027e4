//! The English `Display` of the typed values `i18n` words: what logs and
//! `to_string()` show, the same words as `Lang::En` on a screen.

/// `Display` of typed values as their English rendering here, for logs
/// and `to_string()`: `$render(Lang::En, value)`.
macro_rules! english_display {
    ($($ty:ty => $render:path;)*) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$render($crate::i18n::Lang::En, self))
            }
        }
    )*};
}
