//! A sentence for a person in both of the program's languages.

use serde::{Deserialize, Serialize};

/// What the program tells someone, in English (command line, logs) and in
/// Japanese (the TUI in `ja`). Displays as English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub en: String,
    pub ja: String,
}

impl Sentence {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Sentence {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// A sentence whose text is the same in both (a name, a number).
    pub fn same(text: impl Into<String>) -> Self {
        let t = text.into();
        Sentence {
            ja: t.clone(),
            en: t,
        }
    }
}

impl std::fmt::Display for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}
