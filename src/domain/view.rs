//! Views: named queries a supervisor works from (Zendesk's "my open",
//! "unassigned", …). Four are built in; the config adds its own (`[[views]]`).

use super::Queue;
use super::filter::Filter;
use serde::{Deserialize, Serialize};

/// A named query, perhaps of one queue, with the sort it opens in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub name: String,
    /// The English name, for built-ins (config views have one name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The view's queue; None: whichever queue is shown.
    #[serde(default)]
    pub queue: Option<Queue>,
    /// The filter language.
    #[serde(default)]
    pub query: String,
    /// A sort (`due`, `received`, `age`, `name`, `state`, `assignee`), `desc` after it to reverse.
    #[serde(default)]
    pub sort: Option<String>,
}

impl View {
    fn builtin(ja: &str, en: &str, query: &str, sort: &str) -> View {
        View {
            name: ja.into(),
            name_en: Some(en.into()),
            queue: None,
            query: query.into(),
            sort: Some(sort.into()),
        }
    }

    /// The views every store has.
    pub fn builtins() -> Vec<View> {
        vec![
            View::builtin("自分の担当", "my cases", "assignee:me", "due"),
            View::builtin("未割当", "unassigned", "assignee:none", "age desc"),
            View::builtin(
                "期限超過30日超",
                "overdue over 30 days",
                "overdue due<-30",
                "due",
            ),
            View::builtin("7日以内期限", "due within 7 days", "due>-1 due<+8", "due"),
        ]
    }

    /// The name shown to a user of this language.
    pub fn title(&self, english: bool) -> &str {
        match (&self.name_en, english) {
            (Some(en), true) => en,
            _ => &self.name,
        }
    }

    /// Whether `name` names this view (either name, folded as the filter folds).
    pub fn is_named(&self, name: &str) -> bool {
        let n = crate::text::normalize_for_search(name);
        std::iter::once(self.name.as_str())
            .chain(self.name_en.as_deref())
            .any(|v| crate::text::normalize_for_search(v) == n)
    }

    /// The sort's field and whether it is reversed (`age desc`).
    pub fn sort_parts(&self) -> (Option<&str>, bool) {
        let mut words = self.sort.as_deref().unwrap_or("").split_whitespace();
        let field = words.next();
        (
            field,
            words.next().is_some_and(|w| w.eq_ignore_ascii_case("desc")),
        )
    }

    /// Why the view cannot be used, if it cannot: its query or its sort.
    pub fn problem(&self, sort_ids: &[&str]) -> Option<String> {
        if let Err(e) = Filter::parse(&self.query) {
            return Some(format!(
                "view {:?}: the term {:?} is not understood",
                self.name, e.term
            ));
        }
        let (field, _) = self.sort_parts();
        match field {
            Some(f) if !sort_ids.contains(&f) => Some(format!(
                "view {:?}: sort {f:?} is not one of {}",
                self.name,
                sort_ids.join(", ")
            )),
            _ => None,
        }
    }
}

/// The built-in views followed by the configured ones.
pub fn all_views(configured: &[View]) -> Vec<View> {
    let mut v = View::builtins();
    v.extend(configured.iter().cloned());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_are_found_by_either_name() {
        for v in View::builtins() {
            assert!(Filter::parse(&v.query).is_ok(), "{}", v.query);
        }
        let all = all_views(&[]);
        assert!(all.iter().any(|v| v.is_named("未割当")));
        assert!(all.iter().any(|v| v.is_named("My Cases")));
        assert_eq!(all[1].sort_parts(), (Some("age"), true));
        assert_eq!(all[1].title(true), "unassigned");
        assert_eq!(all[1].title(false), "未割当");
    }

    #[test]
    fn a_bad_view_says_what_is_wrong() {
        let mut v = View::builtins().remove(0);
        v.query = "colour:red".into();
        assert!(v.problem(&["due"]).unwrap().contains("colour:red"));
        let mut v = View::builtins().remove(0);
        v.sort = Some("size".into());
        assert!(v.problem(&["due"]).unwrap().contains("size"));
    }
}
