//! Decisions on the selected or marked cases, undo, and the jump from lookup.

use super::{App, BulkJob, Effect, Pending, Popup, Then};
use crate::desk::{BulkAction, CaseKey, Request};
use crate::domain::{DecisionKind, Permission};
use crate::i18n::{Text, msg};

impl App {
    fn busy(&mut self) -> bool {
        if self.bulk_run.bulk.is_some() {
            self.set_error(Text::BulkRunning.get(self.lang).to_string());
        }
        self.bulk_run.bulk.is_some()
    }

    pub(in crate::tui) fn approve(&mut self) -> Vec<Effect> {
        if self.busy() {
            return Vec::new();
        }
        if !self.queues.marks.is_empty() {
            let keys = self.sorted_marks();
            self.count_failing_checks(&keys);
            self.ask_bulk(Pending::Bulk {
                keys,
                action: BulkAction::Approve,
            });
            return Vec::new();
        }
        let Some(row) = self.selected_row() else {
            self.say_no_row();
            return Vec::new();
        };
        let key = row.key.clone();
        let revision = self.seen_revision(&row.key, row.revision);
        let name = crate::tui::text::clean(&row.name);
        // The next state, from the detail (read first when the pane is hidden).
        let loaded = self
            .queues
            .detail
            .as_ref()
            .filter(|d| d.case.reference == key.reference && d.case.queue == key.queue)
            .cloned();
        match loaded {
            Some(d) => self.open_approve_question(key, revision, &name, Some(&d)),
            None => self.call(
                Request::Detail { key: key.clone() },
                Then::ConfirmApprove {
                    key,
                    revision,
                    name,
                },
            ),
        }
        Vec::new()
    }

    pub(in crate::tui) fn ask_chase(&mut self) {
        if self.busy() {
            return;
        }
        if let Some(row) = self.selected_row() {
            let question = msg::confirm_chase(
                self.lang,
                &self.ref_label(&row.key),
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
        match pending {
            Pending::Approve { key, revision } => {
                self.decide(Request::Approve { key, revision }, DecisionKind::Approve)
            }
            Pending::Chase { key, revision } => {
                self.decide(Request::Chase { key, revision }, DecisionKind::Chase)
            }
            Pending::Bulk { keys, action } => {
                if self.busy() {
                    return Vec::new();
                }
                self.bulk_run.bulk = Some((0, keys.len()));
                return vec![Effect::StartBulk(BulkJob { keys, action })];
            }
            Pending::ReassignMany { keys, to } => {
                if self.busy() {
                    return Vec::new();
                }
                self.bulk_run.bulk = Some((0, keys.len()));
                self.call(Request::ReassignMany { keys, to }, Then::ReassignedMany);
            }
            Pending::Link { duplicate, keep } => self.link(duplicate, keep),
        }
        Vec::new()
    }

    /// Asks the desk for a one-case decision; `decided` reports it.
    pub(in crate::tui) fn decide(&mut self, request: Request, kind: DecisionKind) {
        self.call(request, Then::Decided { kind });
    }

    pub(in crate::tui) fn return_one(&mut self, key: &CaseKey, revision: u64, reason: &str) {
        if self.busy() {
            return;
        }
        let request = Request::ReturnCase {
            key: key.clone(),
            revision,
            reason: reason.to_string(),
        };
        self.decide(request, DecisionKind::Return);
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
        self.decide(Request::Claim { key, revision }, DecisionKind::Claim);
    }

    pub(in crate::tui) fn undo(&mut self) {
        if self.busy() {
            return;
        }
        self.call(Request::UndoInfo, Then::UndoPlan);
    }

    /// Enter on a case in the lookup view: its queue, filtered by its ref, selected.
    pub(in crate::tui) fn jump_from_lookup(&mut self) {
        // Among the people a name found: open the one chosen.
        let chosen = self
            .screens
            .lookup()
            .and_then(|l| l.data.matches.get(l.selected))
            .map(|p| p.registration_number.to_string());
        if let Some(input) = chosen {
            self.call(Request::Lookup { input }, Then::LookupChosen);
            return;
        }
        let Some(row) = self
            .screens
            .lookup()
            .and_then(|l| l.data.cases.get(l.selected))
            .cloned()
        else {
            return;
        };
        self.screens.close_all();
        self.jump_to(row.key, !row.state.is_open());
    }

    /// Whether the actor's role allows a permission (for hints only; the desk decides).
    pub fn may(&self, p: Permission) -> bool {
        self.actor.role.may(p)
    }
}
