//! Decisions on the selected or marked cases, undo, and the jump from lookup.

use super::{App, BulkJob, Effect, Pending, Popup};
use crate::desk::{Ask, BulkAction, CaseDetail, CaseKey, DeskError, Request};
use crate::domain::workflow::approve_step;
use crate::domain::{Case, Permission};
use crate::i18n::{self, Text, msg};

impl App {
    /// After a desk call: a message, and fresh data (also after a refusal for a
    /// stale revision, so the operator sees what changed).
    fn report(&mut self, result: Result<Case, DeskError>, ok: impl FnOnce(&Self, &Case) -> String) {
        match result {
            Ok(case) => {
                let text = ok(self, &case);
                self.refresh();
                self.set_info(text);
            }
            Err(e) => {
                let stale = e.refusal().is_some_and(|r| r.is_stale());
                if stale {
                    // Show the case as the other operator left it, wherever it moved.
                    let key = self.selected_row().map(|r| r.key.clone());
                    self.refresh();
                    if let Some(key) = key {
                        self.select_loaded(&key);
                    }
                }
                self.set_error(msg::refused(
                    self.lang,
                    &crate::i18n::error_text(self.lang, &e),
                ));
            }
        }
    }

    fn busy(&mut self) -> bool {
        if self.bulk.is_some() {
            self.set_error(Text::BulkRunning.get(self.lang).to_string());
        }
        self.bulk.is_some()
    }

    pub(in crate::tui) fn approve(&mut self) -> Vec<Effect> {
        if self.busy() {
            return Vec::new();
        }
        if !self.marks.is_empty() {
            let keys = self.sorted_marks();
            self.popup = Some(Popup::Confirm {
                question: msg::confirm_bulk(self.lang, true, keys.len()),
                pending: Pending::Bulk {
                    keys,
                    action: BulkAction::Approve,
                },
            });
            return Vec::new();
        }
        let Some(row) = self.selected_row() else {
            return Vec::new();
        };
        // The next state, from the detail (loaded here when the pane is hidden).
        let loaded = self
            .detail
            .as_ref()
            .filter(|d| d.case.reference == row.key.reference && d.case.queue == row.key.queue)
            .map(|d| d.case.clone());
        let case = loaded.or_else(|| {
            self.port
                .ask::<CaseDetail>(Request::Detail {
                    key: row.key.clone(),
                })
                .ok()
                .map(|d| d.case)
        });
        let next = case
            .and_then(|c| approve_step(&c).ok())
            .map(|s| i18n::state_name(self.lang, s));
        let Some(row) = self.selected_row() else {
            return Vec::new();
        };
        let question = msg::confirm_approve(
            self.lang,
            &row.key.reference,
            &crate::tui::text::clean(&row.name),
            next,
        );
        let pending = Pending::Approve {
            key: row.key.clone(),
            revision: self.seen_revision(&row.key, row.revision),
        };
        self.popup = Some(Popup::Confirm { question, pending });
        Vec::new()
    }

    pub(in crate::tui) fn ask_chase(&mut self) {
        if self.busy() {
            return;
        }
        if let Some(row) = self.selected_row() {
            let question = msg::confirm_chase(
                self.lang,
                &row.key.reference,
                &crate::tui::text::clean(&row.name),
            );
            let pending = Pending::Chase {
                key: row.key.clone(),
                revision: self.seen_revision(&row.key, row.revision),
            };
            self.popup = Some(Popup::Confirm { question, pending });
        }
    }

    pub(in crate::tui) fn run_pending(&mut self, pending: Pending) -> Vec<Effect> {
        let lang = self.lang;
        match pending {
            Pending::Approve { key, revision } => {
                let r = self.port.ask(Request::Approve { key, revision });
                self.report(r, |_, c| {
                    msg::decided(
                        lang,
                        i18n::decision_name(lang, crate::domain::DecisionKind::Approve),
                        &c.reference,
                    )
                });
            }
            Pending::Chase { key, revision } => {
                let r = self.port.ask(Request::Chase { key, revision });
                self.report(r, |_, c| {
                    msg::done(
                        lang,
                        i18n::decision_name(lang, crate::domain::DecisionKind::Chase),
                        &c.reference,
                    )
                });
            }
            Pending::Bulk { keys, action } => {
                if self.busy() {
                    return Vec::new();
                }
                self.bulk = Some((0, keys.len()));
                return vec![Effect::StartBulk(BulkJob {
                    keys,
                    action,
                    lang: self.lang,
                })];
            }
        }
        Vec::new()
    }

    /// Reports a one-case decision by its name.
    pub(in crate::tui) fn report_decision(
        &mut self,
        r: Result<Case, DeskError>,
        kind: crate::domain::DecisionKind,
    ) {
        let lang = self.lang;
        self.report(r, |_, c| {
            msg::decided(lang, i18n::decision_name(lang, kind), &c.reference)
        });
    }

    pub(in crate::tui) fn return_one(&mut self, key: &CaseKey, revision: u64, reason: &str) {
        if self.busy() {
            return;
        }
        let lang = self.lang;
        let r = self.port.ask(Request::ReturnCase {
            key: key.clone(),
            revision,
            reason: reason.to_string(),
        });
        self.report(r, |_, c| {
            msg::decided(
                lang,
                i18n::decision_name(lang, crate::domain::DecisionKind::Return),
                &c.reference,
            )
        });
    }

    pub(in crate::tui) fn claim(&mut self) {
        if self.busy() {
            return;
        }
        let Some((key, revision)) = self
            .selected_row()
            .map(|r| (r.key.clone(), self.seen_revision(&r.key, r.revision)))
        else {
            return;
        };
        let lang = self.lang;
        let r = self.port.ask(Request::Claim { key, revision });
        self.report(r, |_, c| {
            msg::done(
                lang,
                i18n::decision_name(lang, crate::domain::DecisionKind::Claim),
                &c.reference,
            )
        });
    }

    pub(in crate::tui) fn undo(&mut self) {
        if self.busy() {
            return;
        }
        let lang = self.lang;
        let r = self.port.ask(Request::Undo);
        self.report(r, |_, c| msg::undone(lang, &c.reference));
    }

    pub(in crate::tui) fn move_in_lookup(&mut self, down: bool) {
        if let Some(l) = &mut self.lookup {
            let n = l.data.cases.len();
            l.selected = if down {
                (l.selected + 1).min(n.saturating_sub(1))
            } else {
                l.selected.saturating_sub(1)
            };
        }
    }

    /// Enter on a case in the lookup view: its queue, filtered by its ref, selected.
    pub(in crate::tui) fn jump_from_lookup(&mut self) {
        let Some(row) = self
            .lookup
            .as_ref()
            .and_then(|l| l.data.cases.get(l.selected))
            .cloned()
        else {
            return;
        };
        self.lookup = None;
        self.queue = row.key.queue;
        let l = &mut self.lists[self.queue.index()];
        l.text = row.key.reference.clone();
        l.include_closed = l.include_closed || !row.state.is_open();
        l.overdue_only = false;
        l.selected = 0;
        l.scroll = 0;
        l.total = None;
        self.detail = None;
        self.after_move();
        let total = self.list().total.unwrap_or(0) as usize;
        if let Some(i) = (0..total.min(super::list::CHUNK))
            .find(|i| self.row(*i).is_some_and(|r| r.key == row.key))
        {
            self.lists[self.queue.index()].selected = i;
            self.after_move();
        }
    }

    /// Whether the actor's role allows a permission (for hints only; the desk decides).
    pub fn may(&self, p: Permission) -> bool {
        self.actor.role.may(p)
    }
}
