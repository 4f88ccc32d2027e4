//! The queue screen: the four queues' lists under the tab bar, the case
//! detail beside or instead of them, and the marks. It lies under every
//! other screen (`Screens`) and is what a session restores; its keys are
//! stepped by `list`, `decide`, `bulk` and `live`.

use std::collections::HashSet;

use super::*;

pub struct QueueScreen {
    /// The queue whose tab is selected.
    pub(in crate::tui) queue: Queue,
    /// Each queue's list: filter, sort, cursor, scroll.
    pub(in crate::tui) lists: [ListState; 4],
    /// The pages read, per queue.
    pub(in crate::tui) cache: PageCache,
    /// The tab bar's counts.
    pub(in crate::tui) counts: Vec<QueueCounts>,
    /// The case under the cursor, as last read.
    pub(in crate::tui) detail: Option<CaseDetail>,
    pub(in crate::tui) detail_scroll: usize,
    /// Whether the detail shown was read since the last reload.
    pub(in crate::tui) detail_fresh: bool,
    /// Detail beside the list on wide screens (default on).
    pub(in crate::tui) wide_detail: bool,
    /// Detail instead of the list on narrow screens (default off).
    pub(in crate::tui) narrow_detail: bool,
    /// A case shown in the detail that another operator changed, and who.
    pub(in crate::tui) changed_by: Option<(CaseKey, String)>,
    pub(in crate::tui) marks: HashSet<CaseKey>,
    /// A range mark (`v`) running: its queue, the row it started on, and the
    /// marks before it.
    pub(in crate::tui) range: Option<(Queue, usize, HashSet<CaseKey>)>,
    /// A bulk approval's count of marked cases failing each rejecting check.
    pub(in crate::tui) bulk_checks: Option<checks::BulkChecks>,
    /// Per queue, the list as it was before a jump to one case (`:ref`, a
    /// case opened from the lookup), restored when the jump's filter is left.
    pub(in crate::tui) jumped_from: [Option<ListState>; 4],
    /// A `:ref` being looked for: the ref, the queues yet to answer, found.
    pub(in crate::tui) ref_search: Option<(String, usize, bool)>,
    /// A case the cursor should land on once the list is reloaded, and the
    /// message to extend if it has left the list.
    pub(in crate::tui) follow: Option<(CaseKey, Option<list::Said>)>,
}

impl Default for QueueScreen {
    fn default() -> QueueScreen {
        QueueScreen {
            queue: Queue::Withdrawal,
            lists: Default::default(),
            cache: PageCache::default(),
            counts: Vec::new(),
            detail: None,
            detail_scroll: 0,
            detail_fresh: false,
            wide_detail: true,
            narrow_detail: false,
            changed_by: None,
            marks: HashSet::new(),
            range: None,
            bulk_checks: None,
            jumped_from: Default::default(),
            ref_search: None,
            follow: None,
        }
    }
}
