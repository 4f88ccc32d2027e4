//! News from the server while the screen runs: cases other operators changed
//! (counts and rows refresh at once), who else views the case shown, and the
//! connection itself. The detail of a case someone else changed stays as it
//! was read, marked "changed by X — reload", so nobody decides on a view that
//! silently moved under them.

use super::App;
use crate::desk::CaseKey;
use crate::desk::Event;
use crate::i18n::msg;

impl App {
    /// Applies a batch of pushed events with one refresh at most.
    pub(in crate::tui) fn pushed(&mut self, events: Vec<Event>) {
        let mut refresh = false;
        for ev in events {
            match ev {
                Event::Changed {
                    key, by, revision, ..
                } => {
                    refresh = true;
                    let shown_older = self.queues.detail.as_ref().is_some_and(|d| {
                        d.case.queue == key.queue
                            && d.case.reference == key.reference
                            && d.case.revision < revision
                    });
                    if shown_older && by != self.actor.name {
                        let who = self.shown_name(&by).to_string();
                        self.set_info(msg::case_changed_by(self.lang, &self.ref_label(&key), &who));
                        self.queues.changed_by = Some((key, by));
                    }
                }
                Event::Reload { .. } => refresh = true,
                Event::Resync => {
                    refresh = true;
                    // A new connection knows nothing of what this screen shows.
                    self.keeping.told_viewing = None;
                }
                Event::Viewers { key, users } => {
                    let others: Vec<String> = users
                        .into_iter()
                        .filter(|u| *u != self.actor.name)
                        .collect();
                    if others.is_empty() {
                        self.viewers.remove(&key);
                    } else {
                        self.viewers.insert(key, others);
                    }
                }
                Event::Closing { why } => {
                    self.viewers.clear();
                    self.set_error(msg::server_closing(self.lang, &why));
                }
                Event::Disconnected { how } => {
                    self.viewers.clear();
                    self.set_error(msg::disconnected(self.lang, &how));
                }
                Event::BulkProgress { .. } => {}
                Event::Enquiry { .. } => refresh = true,
            }
        }
        if refresh {
            self.live_refresh();
        }
    }

    /// Counts, the visible rows and the lookup view again; the detail too,
    /// unless another operator changed it (then it waits for a reload).
    fn live_refresh(&mut self) {
        self.calls.generation += 1;
        self.reload_counts_and_lookup();
        let keep = self.selected_row().map(|r| r.key.clone());
        self.queues.cache.clear();
        if self.queues.follow.is_some() {
            // A decision of this screen still lands: its word on where the
            // cursor went must not be lost to the news of it.
            self.after_move();
        } else {
            self.after_change(keep);
        }
    }

    /// Whether the detail shown is of `key` and kept back because another
    /// operator changed the case.
    pub(in crate::tui) fn detail_held(&self, key: &CaseKey) -> bool {
        self.queues
            .changed_by
            .as_ref()
            .is_some_and(|(k, _)| k == key)
            && self
                .queues
                .detail
                .as_ref()
                .is_some_and(|d| d.case.queue == key.queue && d.case.reference == key.reference)
    }

    /// Who else views the case shown, and who changed it under this screen.
    pub fn presence(&self) -> (Option<&[String]>, Option<&str>) {
        let Some(d) = &self.queues.detail else {
            return (None, None);
        };
        let key = CaseKey::new(d.case.queue, d.case.reference.clone());
        let viewers = self.viewers.get(&key).map(|v| v.as_slice());
        let changed = self
            .queues
            .changed_by
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, by)| by.as_str());
        (viewers, changed)
    }

    /// The revision a decision on `key` is taken on: the one the operator
    /// sees in the detail pane when it shows the case, else the row's.
    pub(in crate::tui) fn seen_revision(&self, key: &CaseKey, row_revision: u64) -> u64 {
        match &self.queues.detail {
            Some(d) if d.case.queue == key.queue && d.case.reference == key.reference => {
                d.case.revision
            }
            _ => row_revision,
        }
    }

    /// Tells the desk which case the screen shows, when that changed.
    pub(in crate::tui) fn tell_viewing(&mut self) {
        let shown = self
            .queues
            .detail
            .as_ref()
            .map(|d| CaseKey::new(d.case.queue, d.case.reference.clone()));
        if self.keeping.told_viewing.as_ref() != Some(&shown) {
            self.calls.out.push(super::Effect::Viewing(shown.clone()));
            self.keeping.told_viewing = Some(shown);
        }
    }
}
