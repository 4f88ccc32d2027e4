//! The view picker (`V`): every view (built-in, then `[[views]]`) with how
//! many cases it selects now; `Enter` opens the view's query and sort in its
//! queue (a view without a queue: the queue shown).

use super::answer::{Answer, take};
use super::{App, Popup, Then};
use crate::desk::{Request, view_query};

impl App {
    /// `V`: opens the picker at once and asks the desk to count every view.
    pub(in crate::tui) fn open_views(&mut self) {
        self.popup = Some(Popup::Views {
            selected: 0,
            counts: vec![None; self.views.len()],
        });
        let request = Request::ViewCounts {
            views: self.views.clone(),
            shown: self.queues.queue,
        };
        self.call(request, Then::ViewCounts);
    }

    /// The counts, shown if the picker is still open.
    pub(in crate::tui) fn view_counts_answered(&mut self, answer: Answer) {
        match take::<Vec<u64>>(answer) {
            Ok(numbers) => {
                if let Some(Popup::Views { counts, .. }) = &mut self.popup {
                    *counts = numbers.into_iter().map(Some).collect();
                    counts.resize(self.views.len(), None);
                }
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// Opens view `i`: its queue, its query, its sort (when it names one).
    pub(in crate::tui) fn open_view(&mut self, i: usize) {
        let Some(view) = self.views.get(i).cloned() else {
            return;
        };
        let q = view_query(&view, self.queues.queue);
        self.popup = None;
        self.queues.queue = q.queue;
        self.screens.close_all();
        let sorted = view.sort.is_some();
        // The filter field shows the view's query in the screen's words.
        let text = crate::i18n::filter_text(self.lang, self.dates, &q.text);
        self.requery(|l| {
            l.text = text;
            l.overdue_only = q.overdue_only;
            l.include_closed = q.include_closed;
            if sorted {
                l.sort = q.sort;
                l.reverse = q.reverse;
            }
        });
        let title = view.title(self.lang == crate::i18n::Lang::En).to_string();
        self.set_info(title);
    }
}
