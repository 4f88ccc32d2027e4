//! The words of the backlog overview, on the screen (`B`) and from
//! `secretariat backlog`: one place for both.

use super::Lang;

/// A word or heading of the backlog overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Title,
    /// What Enter and Tab do on the screen.
    Keys,
    AsOf,
    Queue,
    /// The ages chart's heading (with the queue after it).
    AgeDays,
    Assignee,
    Open,
    Overdue,
    /// The oldest case's age, as a column heading.
    OldestDays,
    /// The oldest case's age, before a number.
    Oldest,
    Unassigned,
    /// The arrivals-against-decisions heading.
    Weeks,
    Week,
    Arrived,
    Decided,
    ThisWeek,
    Total,
}

impl Word {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Word::Title => lang.pick("バックログ", "Backlog"),
            Word::Keys => lang.pick(
                "Enter 案件を表示 / Tab 担当者",
                "Enter: the cell's cases / Tab: assignees",
            ),
            Word::AsOf => lang.pick("基準日", "as of"),
            Word::Queue => lang.pick("キュー", "queue"),
            Word::AgeDays => lang.pick("経過日数", "age, days"),
            Word::Assignee => lang.pick("担当者", "assignee"),
            Word::Open => lang.pick("未処理", "open"),
            Word::Overdue => lang.pick("超過", "overdue"),
            Word::OldestDays => lang.pick("最古(日)", "oldest"),
            Word::Oldest => lang.pick("最古", "oldest"),
            Word::Unassigned => lang.pick("(未割当)", "(unassigned)"),
            Word::Weeks => lang.pick("12週間 受付と処理", "12 weeks, arrived and decided"),
            Word::Week => lang.pick("週", "week"),
            Word::Arrived => lang.pick("受付", "arrived"),
            Word::Decided => lang.pick("処理", "decided"),
            Word::ThisWeek => lang.pick("今週", "this week"),
            Word::Total => lang.pick("計", "total"),
        }
    }
}
