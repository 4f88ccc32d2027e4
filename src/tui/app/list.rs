//! The case list: per-queue filters, virtual scrolling over pages fetched on
//! demand, marks, and keeping the detail pane in step with the selection.

use super::{App, Then};
use crate::desk::{CaseKey, CaseRow, Page, PageQuery, Request};
use crate::domain::Queue;
use crate::i18n::{Text, decided, msg};
use crate::store::SortKey;
use crate::tui::keymap::Command;

/// Rows fetched per page; the list asks only for the pages it shows.
pub const CHUNK: usize = 64;
/// Pages kept; older ones are dropped first.
const CACHE_PAGES: usize = 24;

/// What the status line said of a decision, to extend with where the cursor
/// went when the decided case left the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The decision (`W-2026-0001 を承認しました`).
    pub head: String,
    /// What follows it (`(u で取り消し)`), kept last.
    pub hint: &'static str,
}

impl Said {
    /// The whole message.
    pub fn text(&self) -> String {
        format!("{}{}", self.head, self.hint)
    }
}

/// What one queue's list shows and where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub text: String,
    pub overdue_only: bool,
    pub include_closed: bool,
    pub sort: SortKey,
    /// The sort's order reversed (`S`).
    pub reverse: bool,
    /// Index of the selected case among all matching.
    pub selected: usize,
    /// Index of the first case shown.
    pub scroll: usize,
    /// How many cases match, once known.
    pub total: Option<u64>,
}

impl ListState {
    /// The query for the page holding row `index`.
    pub fn query(&self, queue: Queue, index: usize) -> PageQuery {
        PageQuery {
            queue,
            // The desk reads the filter's own terms, whatever language typed it.
            text: crate::i18n::filter_text::canonical(&self.text),
            overdue_only: self.overdue_only,
            include_closed: self.include_closed,
            state: None,
            sort: self.sort,
            reverse: self.reverse,
            offset: index / CHUNK * CHUNK,
            limit: CHUNK,
        }
    }
}

/// A few recently fetched pages, keyed by their query (offset included).
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Vec<(PageQuery, Page)>,
}

impl PageCache {
    pub fn get(&self, q: &PageQuery) -> Option<&Page> {
        self.pages.iter().find(|(k, _)| k == q).map(|(_, p)| p)
    }

    pub(in crate::tui) fn insert(&mut self, q: PageQuery, p: Page) {
        self.pages.retain(|(k, _)| *k != q);
        if self.pages.len() >= CACHE_PAGES {
            self.pages.remove(0);
        }
        self.pages.push((q, p));
    }

    pub fn clear(&mut self) {
        self.pages.clear();
    }

    /// A cached row of a case, from any page.
    pub fn find(&self, key: &CaseKey) -> Option<&CaseRow> {
        self.pages
            .iter()
            .flat_map(|(_, p)| p.rows.iter())
            .find(|r| &r.key == key)
    }

    /// Every cached row of the query `base` describes (any offset).
    pub fn loaded_rows<'a>(&'a self, base: &'a PageQuery) -> impl Iterator<Item = &'a CaseRow> {
        self.pages
            .iter()
            .filter(move |(k, _)| {
                PageQuery {
                    offset: base.offset,
                    ..k.clone()
                } == *base
            })
            .flat_map(|(_, p)| p.rows.iter())
    }
}

impl App {
    /// The row at `index` of the shown queue, if its page is loaded.
    pub fn row(&self, index: usize) -> Option<&CaseRow> {
        let q = self.list().query(self.queues.queue, index);
        self.queues
            .cache
            .get(&q)
            .and_then(|p| p.rows.get(index - q.offset))
    }

    /// Moves the selection to a case if one of the loaded pages holds it.
    pub(in crate::tui) fn select_loaded(&mut self, key: &CaseKey) {
        if let Some(index) = self.position_loaded(key) {
            self.list_mut().selected = index;
            self.after_move();
        }
    }

    /// A case's reference in words (a loan follow-up's topic and year).
    pub fn ref_label(&self, key: &CaseKey) -> String {
        crate::i18n::case_ref_label(self.lang, self.dates, key.queue, &key.reference)
    }

    /// A case as popups name it: ref and name (`W-2026-0001 山田 太郎`).
    pub fn case_label(&self, key: &CaseKey) -> String {
        let name = self
            .queues
            .cache
            .find(key)
            .map(|r| r.name.clone())
            .or_else(|| {
                self.queues
                    .detail
                    .as_ref()
                    .filter(|d| d.case.queue == key.queue && d.case.reference == key.reference)
                    .map(|d| d.case.subject_name.clone())
            });
        match name {
            Some(n) if !n.is_empty() => {
                format!("{} {}", self.ref_label(key), crate::tui::text::clean(&n))
            }
            _ => self.ref_label(key),
        }
    }

    /// The selected case's row.
    pub fn selected_row(&self) -> Option<&CaseRow> {
        self.row(self.list().selected)
    }

    fn list_mut(&mut self) -> &mut super::ListState {
        &mut self.queues.lists[self.queues.queue.index()]
    }

    /// Asks for the page holding row `index` unless it is cached or on its way.
    fn fetch(&mut self, index: usize) {
        let q = self.list().query(self.queues.queue, index);
        if let Some(total) = self.queues.cache.get(&q).map(|p| p.total) {
            self.list_mut().total = Some(total);
            return;
        }
        let generation = self.calls.generation;
        if self.awaits(
            |t| matches!(t, Then::Page { query, generation: g } if *query == q && *g == generation),
        ) {
            return;
        }
        self.call(
            Request::Page { query: q.clone() },
            Then::Page {
                query: q,
                generation,
            },
        );
    }

    /// Whether a page of the shown queue is on its way.
    pub(in crate::tui) fn pages_pending(&self) -> bool {
        let (queue, generation) = (self.queues.queue, self.calls.generation);
        self.awaits(|t| matches!(t, Then::Page { query, generation: g } if query.queue == queue && *g == generation))
    }

    /// Loads the pages the list shows, keeps the selection in range and in view,
    /// lands on a followed case once its pages are in, and brings the detail
    /// pane up to date.
    pub(in crate::tui) fn after_move(&mut self) {
        self.load_visible();
        if !self.pages_pending() && self.list().total.is_some() {
            self.land();
        }
        self.sync_detail();
    }

    /// Like `after_move` after the rows changed under the operator: the
    /// selection stays on `keep` if a loaded page still holds it.
    pub(in crate::tui) fn after_change(&mut self, keep: Option<CaseKey>) {
        self.queues.follow = keep.map(|k| (k, None));
        self.after_move();
    }

    /// Keeps the cursor on `key` once the list is reloaded; `said` is the
    /// message to extend when the case has left the list.
    pub(in crate::tui) fn follow(&mut self, key: CaseKey, said: Option<Said>) {
        self.queues.follow = Some((key, said));
        self.after_move();
    }

    /// The list is in: a restored session or a followed case finds its row.
    fn land(&mut self) {
        if let Some((key, said)) = self.queues.follow.take() {
            // The operator went to another queue before the list came back:
            // the decision is said, without a "next" from the other queue.
            if key.queue != self.queues.queue {
                if let Some(said) = said {
                    self.set_info(format!("{}{}", said.head, said.hint));
                }
                return self.finish_landing();
            }
            match self.position_loaded(&key) {
                Some(i) => {
                    if i != self.list().selected {
                        self.list_mut().selected = i;
                        self.load_visible();
                    }
                }
                None => {
                    if let Some(said) = said {
                        let now_on = self.selected_row().map(|r| self.ref_label(&r.key));
                        let left = decided::left_list(self.lang, &said.head, now_on.as_deref());
                        self.set_info(format!("{left}{}", said.hint));
                    }
                }
            }
        }
        self.finish_landing();
    }

    fn finish_landing(&mut self) {
        if let Some(saved) = self.keeping.restoring.take() {
            self.finish_restore(saved);
        }
    }

    fn position_loaded(&self, key: &CaseKey) -> Option<usize> {
        let base = self.list().query(self.queues.queue, 0);
        self.queues.cache.pages.iter().find_map(|(q, p)| {
            let same_list = PageQuery {
                offset: 0,
                ..q.clone()
            } == base;
            let at = p.rows.iter().position(|r| &r.key == key)?;
            same_list.then_some(q.offset + at)
        })
    }

    fn load_visible(&mut self) {
        if !self.screens.is_empty() {
            return;
        }
        let rows = self.areas().map(|a| a.list_rows()).unwrap_or(0).max(1);
        let Some(total) = self.list().total.map(|t| t as usize) else {
            // The size of the list comes with its first page.
            self.fetch(0);
            return;
        };
        let l = self.list_mut();
        l.selected = l.selected.min(total.saturating_sub(1));
        if l.selected < l.scroll {
            l.scroll = l.selected;
        } else if l.selected >= l.scroll + rows {
            l.scroll = l.selected + 1 - rows;
        }
        l.scroll = l.scroll.min(total.saturating_sub(rows));
        let (scroll, selected) = (l.scroll, l.selected);
        if total > 0 {
            let last = (scroll + rows).min(total) - 1;
            let mut i = scroll / CHUNK * CHUNK;
            while i <= last {
                self.fetch(i);
                i += CHUNK;
            }
            self.fetch(selected);
        } else {
            // An empty list asks again: a reload (an undo, another operator's
            // change) may have brought cases back, and only a page says so.
            self.fetch(0);
        }
    }

    fn sync_detail(&mut self) {
        if !self.detail_shown() {
            self.queues.detail = None;
            return;
        }
        let Some(row) = self.selected_row() else {
            // No row: clear the pane only when the list is known to lack one.
            if !self.pages_pending() && self.list().total.is_some() {
                self.queues.detail = None;
            }
            return;
        };
        let key = row.key.clone();
        let revision = row.revision;
        if self.detail_held(&key) {
            return;
        }
        let same = self
            .queues
            .detail
            .as_ref()
            .is_some_and(|d| d.case.reference == key.reference && d.case.queue == key.queue);
        if !same {
            // Never show one case's detail under another's row.
            self.queues.detail = None;
        }
        let fresh = same
            && self.queues.detail_fresh
            && self
                .queues
                .detail
                .as_ref()
                .is_some_and(|d| d.case.revision >= revision);
        let generation = self.calls.generation;
        if fresh
            || self.awaits(|t| matches!(t, Then::Detail { key: k, generation: g } if *k == key && *g == generation))
        {
            return;
        }
        self.call(
            Request::Detail { key: key.clone() },
            Then::Detail { key, generation },
        );
    }

    /// Changes what the list matches: back to the top, pages refetched.
    pub(in crate::tui) fn requery(&mut self, change: impl FnOnce(&mut super::ListState)) {
        let l = self.list_mut();
        change(l);
        l.selected = 0;
        l.scroll = 0;
        l.total = None;
        self.after_move();
    }

    pub(in crate::tui) fn set_filter(&mut self, text: String) {
        match self.queues.jumped_from[self.queues.queue.index()].take() {
            // Leaving a jump to one case: the list as it was before it.
            Some(before) if text.is_empty() => {
                *self.list_mut() = ListState {
                    total: None,
                    ..before
                };
                self.after_move();
            }
            // Another filter: the jump's switches go back to the operator's.
            Some(before) => self.requery(|l| {
                l.text = text;
                l.include_closed = before.include_closed;
                l.overdue_only = before.overdue_only;
            }),
            None => self.requery(|l| l.text = text),
        }
    }

    /// Opens the shown queue on one case (`:ref`, the lookup's `Enter`):
    /// filtered by its ref, closed cases included, keeping the list as it
    /// was to restore when the jump is left.
    pub(in crate::tui) fn jump_to(&mut self, key: CaseKey, closed: bool) {
        self.queues.queue = key.queue;
        let i = self.queues.queue.index();
        if self.queues.jumped_from[i].is_none() {
            self.queues.jumped_from[i] = Some(self.queues.lists[i].clone());
        }
        let l = &mut self.queues.lists[i];
        l.text = key.reference.clone();
        l.include_closed = l.include_closed || closed;
        l.overdue_only = false;
        l.selected = 0;
        l.scroll = 0;
        l.total = None;
        self.queues.detail = None;
        self.follow(key, None);
    }

    pub(in crate::tui) fn switch_queue(&mut self, q: Queue) {
        self.queues.queue = q;
        self.after_move();
    }

    /// The furthest the detail scrolls, as last drawn (unbounded before it was).
    pub(in crate::tui) fn detail_max_scroll(&self) -> usize {
        self.drawn
            .detail
            .map_or(self.queues.detail_scroll, |e| e.max_scroll())
    }

    pub(in crate::tui) fn list_command(&mut self, c: Command) {
        let rows = self.areas().map(|a| a.list_rows()).unwrap_or(1).max(1);
        let detail_page = self
            .areas()
            .and_then(|a| a.detail)
            .map(|d| d.height as usize)
            .unwrap_or(1);
        let in_detail = self.context() == crate::tui::keymap::Context::Detail;
        let total = self.list().total.unwrap_or(0) as usize;
        let l = &mut self.queues.lists[self.queues.queue.index()];
        match c {
            Command::Queue1 => return self.switch_queue(Queue::Withdrawal),
            Command::Queue2 => return self.switch_queue(Queue::Transfer),
            Command::Queue3 => return self.switch_queue(Queue::FacilityReport),
            Command::Queue4 => return self.switch_queue(Queue::LoanFollowup),
            Command::NextQueue => {
                return self.switch_queue(Queue::ALL[(self.queues.queue.index() + 1) % 4]);
            }
            Command::PrevQueue => {
                return self.switch_queue(Queue::ALL[(self.queues.queue.index() + 3) % 4]);
            }
            Command::Top if in_detail => {
                self.queues.detail_scroll = 0;
                return;
            }
            Command::Bottom if in_detail => {
                self.queues.detail_scroll = self.detail_max_scroll();
                return;
            }
            Command::Down => l.selected = (l.selected + 1).min(total.saturating_sub(1)),
            Command::Up => l.selected = l.selected.saturating_sub(1),
            Command::Top => l.selected = 0,
            Command::Bottom => l.selected = total.saturating_sub(1),
            Command::PageDown if in_detail => {
                self.queues.detail_scroll =
                    (self.queues.detail_scroll + detail_page).min(self.detail_max_scroll());
                return;
            }
            Command::PageUp if in_detail => {
                self.queues.detail_scroll = self.queues.detail_scroll.saturating_sub(detail_page);
                return;
            }
            Command::PageDown => {
                l.selected = (l.selected + rows).min(total.saturating_sub(1));
                l.scroll += rows;
            }
            Command::PageUp => {
                l.selected = l.selected.saturating_sub(rows);
                l.scroll = l.scroll.saturating_sub(rows);
            }
            Command::DetailDown => {
                self.queues.detail_scroll =
                    (self.queues.detail_scroll + 1).min(self.detail_max_scroll());
                return;
            }
            Command::DetailUp => {
                self.queues.detail_scroll = self.queues.detail_scroll.saturating_sub(1);
                return;
            }
            Command::ToggleDetail => {
                if self.wide() {
                    self.queues.wide_detail = !self.queues.wide_detail;
                } else {
                    self.queues.narrow_detail = !self.queues.narrow_detail;
                }
            }
            Command::Back if in_detail => self.queues.narrow_detail = false,
            Command::Back if !l.text.is_empty() => return self.set_filter(String::new()),
            Command::Filter => return self.open_filter(),
            Command::OverdueOnly | Command::IncludeClosed => {
                // The operator sets the switches now: a jump's are theirs.
                self.queues.jumped_from[self.queues.queue.index()] = None;
                let l = &mut self.queues.lists[self.queues.queue.index()];
                if c == Command::OverdueOnly {
                    l.overdue_only = !l.overdue_only;
                } else {
                    l.include_closed = !l.include_closed;
                }
                return self.requery(|_| {});
            }
            Command::CycleSort => return self.requery(|l| l.sort = l.sort.next()),
            Command::ReverseSort => return self.requery(|l| l.reverse = !l.reverse),
            Command::Mark => {
                if let Some(key) = self.selected_row().map(|r| r.key.clone()) {
                    if !self.queues.marks.remove(&key) {
                        self.queues.marks.insert(key);
                    }
                    let l = &mut self.queues.lists[self.queues.queue.index()];
                    l.selected = (l.selected + 1).min(total.saturating_sub(1));
                }
            }
            Command::MarkAll => {
                // The rows on screen: marking what the operator cannot see would surprise.
                let (scroll, end) = (l.scroll, (l.scroll + rows).min(total));
                let keys: Vec<_> = (scroll..end)
                    .filter_map(|i| self.row(i).map(|r| r.key.clone()))
                    .collect();
                let n = keys.len();
                self.queues.marks.extend(keys);
                self.set_marks_info(msg::marked_shown(self.lang, n, total as u64));
            }
            Command::ClearMarks => {
                self.queues.marks.clear();
                self.set_marks_info(Text::MarksCleared.get(self.lang).to_string());
            }
            _ => {}
        }
        self.after_move();
    }
}
