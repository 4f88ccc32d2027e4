//! Every user-facing string of the TUI, in Japanese and English.

/// The operator's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// From `--lang`, else from `LANG`/`LC_ALL` (Japanese when it starts with `ja`).
    pub fn detect(flag: Option<&str>, env_lang: Option<&str>) -> Lang {
        match flag.or(env_lang) {
            Some(s) if s.starts_with("ja") => Lang::Ja,
            Some(_) => Lang::En,
            None => Lang::En,
        }
    }
}
