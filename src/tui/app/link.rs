//! `D` in the lookup (supervisors): the duplicate registration (二重登録)
//! shown beside the person is linked to the person looked up, after a
//! question that says what will move; `u` undoes it like a decision.

use super::answer::{Then, take};
use super::{App, Pending, Popup};
use crate::desk::{LinkReport, Request};
use crate::tui::text::clean;

impl App {
    /// `D`: asks whether to link the first duplicate shown to the person looked up.
    pub(in crate::tui) fn ask_link(&mut self) {
        let Some(l) = self.screens.lookup() else {
            return;
        };
        let (Some(kept), Some(dup)) = (&l.data.person, l.data.duplicates.first()) else {
            self.set_info(crate::i18n::questions::no_duplicate(self.lang).to_string());
            return;
        };
        let (d, k) = (
            dup.registration_number.to_string(),
            kept.registration_number.to_string(),
        );
        let others = l.data.duplicates.len() - 1;
        let name = clean(&dup.name);
        let question = crate::i18n::questions::link(self.lang, &d, &name, &k, others);
        self.popup = Some(Popup::Confirm {
            question,
            pending: Pending::Link {
                duplicate: d,
                keep: k,
            },
        });
    }

    pub(in crate::tui) fn link(&mut self, duplicate: String, keep: String) {
        self.call(
            Request::LinkDuplicate {
                duplicate,
                keep,
                dry_run: false,
            },
            Then::Linked,
        );
    }

    pub(in crate::tui) fn linked(&mut self, answer: super::Answer) {
        match take::<LinkReport>(answer) {
            Ok(r) => {
                let mut said = crate::i18n::fields::linked(self.lang, &r);
                said.push_str(crate::i18n::questions::undo_hint(self.lang));
                self.set_info(said);
                self.refresh();
            }
            Err(f) => self.show_failure(&f),
        }
    }
}
