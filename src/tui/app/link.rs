//! `D` in the lookup (supervisors): the duplicate registration (二重登録)
//! shown beside the person is linked to the person looked up, after a
//! question that says what will move; `u` undoes it like a decision.

use super::answer::{Then, take};
use super::{App, Pending, Popup};
use crate::desk::{LinkReport, Request};
use crate::i18n::Lang;
use crate::tui::text::clean;

impl App {
    /// `D`: asks whether to link the first duplicate shown to the person looked up.
    pub(in crate::tui) fn ask_link(&mut self) {
        let Some(l) = self.screens.lookup() else {
            return;
        };
        let (Some(kept), Some(dup)) = (&l.data.person, l.data.duplicates.first()) else {
            self.set_info(
                self.lang
                    .pick(
                        "この方に二重登録はありません",
                        "this person has no duplicate registration",
                    )
                    .to_string(),
            );
            return;
        };
        let (d, k) = (
            dup.registration_number.to_string(),
            kept.registration_number.to_string(),
        );
        let others = l.data.duplicates.len() - 1;
        let name = clean(&dup.name);
        let mut question = self.lang.pick(
            format!(
                "二重登録 {d} ({name}) を {k} に統合しますか?\n事案・研修資金・問い合わせは {k} に移ります\n{d} の登録は削除されます (u で取り消せます)"
            ),
            format!(
                "Link the duplicate {d} ({name}) to {k}?\nIts cases, loans and enquiries move to {k}\n{d} is removed (u undoes it)"
            ),
        );
        if others > 0 {
            question.push('\n');
            question.push_str(&self.lang.pick(
                format!("ほかに {others} 件の二重登録があります (統合後にもう一度 D)"),
                format!("{others} more duplicates (D again after this one)"),
            ));
        }
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
                said.push_str(match self.lang {
                    Lang::Ja => " (u で取り消し)",
                    Lang::En => " (u undoes it)",
                });
                self.set_info(said);
                self.refresh();
            }
            Err(f) => self.show_failure(&f),
        }
    }
}
