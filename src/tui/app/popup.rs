//! Popups and text fields: confirmation, return reason, note, lookup number,
//! help search and the list filter.

use super::{App, Effect, Then};
use crate::desk::{BulkAction, CaseKey, Request};
use crate::domain::DecisionKind;
use crate::i18n::Text;
use crate::tui::keymap::Context;
use tui_input::{Input, InputRequest};

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Approve {
        key: CaseKey,
        revision: u64,
    },
    Chase {
        key: CaseKey,
        revision: u64,
    },
    Bulk {
        keys: Vec<CaseKey>,
        action: BulkAction,
    },
    /// The marked cases to one user (`Request::ReassignMany`).
    ReassignMany {
        keys: Vec<CaseKey>,
        to: String,
    },
    /// A duplicate registration linked to the one that stays (`D`).
    Link {
        duplicate: String,
        keep: String,
    },
}

/// What the text typed in a reason popup is for (kept between runs, in
/// the session file, as `SavedTarget`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonTarget {
    /// A return of one case.
    #[serde(rename = "return")]
    One { key: CaseKey, revision: u64 },
    /// A bulk return of the marked cases.
    Marked(Vec<CaseKey>),
    /// A facility report to certification return (返上); the reason is optional.
    CertificationReturn { key: CaseKey, revision: u64 },
    /// A closed case opened again (supervisors).
    Reopen { key: CaseKey, revision: u64 },
    /// The user name a case is assigned to (supervisors).
    Reassign { key: CaseKey, revision: u64 },
}

impl ReasonTarget {
    /// Whether the canned return reasons are offered.
    pub fn offers_canned(&self) -> bool {
        matches!(self, ReasonTarget::One { .. } | ReasonTarget::Marked(_))
    }
}

/// The popup on top of the screen.
#[derive(Debug, Clone)]
pub enum Popup {
    /// A yes/no question; No is the default.
    Confirm {
        question: String,
        pending: Pending,
    },
    /// A return reason, typed or picked from the canned ones.
    Reason {
        input: Input,
        pick: Option<usize>,
        target: ReasonTarget,
    },
    Note {
        input: Input,
        key: CaseKey,
    },
    /// A registration number to look up, with the last refusal.
    Lookup {
        input: Input,
        error: Option<String>,
    },
    /// Key help for `ctx`, narrowed by what is typed.
    Help {
        ctx: Context,
        search: Input,
        scroll: usize,
    },
    /// The list filter, applied as it is typed.
    Filter {
        input: Input,
    },
    /// The last messages, newest first.
    Messages {
        scroll: usize,
    },
    /// The `:` command line.
    Command {
        input: Input,
    },
    /// The user to assign the marked cases to: the store's users, narrowed
    /// by what is typed (a name that is none of them goes to the desk as typed).
    Users {
        input: Input,
        selected: usize,
        keys: Vec<CaseKey>,
    },
    /// The view picker (`V`): the selected view, and each view's count once
    /// the desk has counted them.
    Views {
        selected: usize,
        counts: Vec<Option<u64>>,
    },
    /// A form (`e`, `N`, `E`).
    Form(Box<super::form::Form>),
    /// The enquiry form (`i` in the lookup).
    Enquiry(Box<super::EnquiryForm>),
    /// A document's preview (`P`).
    Document(Box<super::document::DocumentPopup>),
}

impl Popup {
    /// The text field of the popup, if it has one.
    pub fn input(&self) -> Option<&Input> {
        match self {
            Popup::Confirm { .. }
            | Popup::Messages { .. }
            | Popup::Views { .. }
            | Popup::Document(_) => None,
            Popup::Reason { input, .. }
            | Popup::Note { input, .. }
            | Popup::Lookup { input, .. }
            | Popup::Filter { input }
            | Popup::Command { input }
            | Popup::Users { input, .. } => Some(input),
            Popup::Help { search, .. } => Some(search),
            Popup::Form(f) if f.pick.is_none() => f.fields.get(f.focus).map(|f| &f.input),
            Popup::Form(_) => None,
            Popup::Enquiry(f) => f.input(),
        }
    }

    fn input_mut(&mut self) -> Option<&mut Input> {
        match self {
            Popup::Confirm { .. }
            | Popup::Messages { .. }
            | Popup::Views { .. }
            | Popup::Document(_) => None,
            Popup::Reason { input, .. }
            | Popup::Note { input, .. }
            | Popup::Lookup { input, .. }
            | Popup::Filter { input }
            | Popup::Command { input }
            | Popup::Users { input, .. } => Some(input),
            Popup::Help { search, .. } => Some(search),
            Popup::Form(f) => f.input_mut(),
            Popup::Enquiry(f) => f.input_mut(),
        }
    }

    /// Whether the operator has typed something that cancelling would lose.
    pub fn has_text(&self) -> bool {
        if let Popup::Form(f) = self {
            return f.has_text();
        }
        if let Popup::Enquiry(f) = self {
            return !f.note.value().trim().is_empty();
        }
        matches!(self, Popup::Reason { .. } | Popup::Note { .. })
            && self.input().is_some_and(|i| !i.value().trim().is_empty())
    }
}

impl App {
    pub(in crate::tui) fn open_help(&mut self) {
        let ctx = self.context();
        self.popup = Some(Popup::Help {
            ctx,
            search: Input::default(),
            scroll: 0,
        });
    }

    pub(in crate::tui) fn open_filter(&mut self) {
        self.want_users();
        let text = self.list().text.clone();
        self.popup = Some(Popup::Filter {
            input: Input::new(text),
        });
    }

    pub(in crate::tui) fn open_lookup_input(&mut self) {
        self.popup = Some(Popup::Lookup {
            input: Input::default(),
            error: None,
        });
    }

    /// Opens the text popup for a one-case decision that needs words.
    pub(in crate::tui) fn open_text_decision(&mut self, make: fn(CaseKey, u64) -> ReasonTarget) {
        if self.bulk_run.bulk.is_some() {
            return;
        }
        if let Some(r) = self.selected_row() {
            let target = make(r.key.clone(), self.seen_revision(&r.key, r.revision));
            self.popup = Some(Popup::Reason {
                input: Input::default(),
                pick: None,
                target,
            });
        } else {
            self.say_no_row();
        }
    }

    /// Says why a key about the selected case did nothing: the list is being
    /// read (press again), or there is no case — never silence.
    pub(in crate::tui) fn say_no_row(&mut self) {
        // Rows there may be, but the selected one's page is not in yet.
        let text = if self.list().total == Some(0) {
            crate::i18n::Text::NoCase
        } else {
            crate::i18n::Text::WaitRow
        };
        self.set_info(text.get(self.lang).to_string());
    }

    pub(in crate::tui) fn open_note(&mut self) {
        if let Some(key) = self.selected_row().map(|r| r.key.clone()) {
            self.popup = Some(Popup::Note {
                input: Input::default(),
                key,
            });
        } else {
            self.say_no_row();
        }
    }

    pub(in crate::tui) fn open_return(&mut self) {
        let target = if !self.queues.marks.is_empty() {
            ReasonTarget::Marked(self.sorted_marks())
        } else if let Some(r) = self.selected_row() {
            ReasonTarget::One {
                key: r.key.clone(),
                revision: self.seen_revision(&r.key, r.revision),
            }
        } else {
            self.say_no_row();
            return;
        };
        self.popup = Some(Popup::Reason {
            input: Input::default(),
            pick: None,
            target,
        });
    }

    pub(in crate::tui) fn sorted_marks(&self) -> Vec<CaseKey> {
        let mut keys: Vec<CaseKey> = self.queues.marks.iter().cloned().collect();
        keys.sort_by(|a, b| (a.queue, &a.reference).cmp(&(b.queue, &b.reference)));
        keys
    }

    /// Text edits, submits and cancels for the popup with the focus.
    pub(in crate::tui) fn popup_action(&mut self, action: super::Action) -> Vec<Effect> {
        use super::Action as A;
        let Some(mut popup) = self.popup.take() else {
            return Vec::new();
        };
        if !matches!(action, A::Complete) {
            self.completing = None;
        }
        if let Popup::Enquiry(form) = &mut popup {
            if let Some(effects) = self.enquiry_form_action(form, &action) {
                if self.popup.is_none() {
                    self.popup = Some(popup);
                }
                return effects;
            }
        }
        if let Popup::Document(p) = &mut popup {
            if let Some(effects) = self.document_action(p, &action) {
                if self.popup.is_none() && !matches!(action, A::Cancel) {
                    self.popup = Some(popup);
                }
                return effects;
            }
        }
        let canned = match &popup {
            Popup::Reason { target, .. } if target.offers_canned() => self.canned.len(),
            _ => 0,
        };
        match (&mut popup, action) {
            // A digit in an empty reason picks that canned reason.
            (Popup::Reason { input, pick, .. }, A::Edit(InputRequest::InsertChar(c)))
                if input.value().is_empty()
                    && c.to_digit(10)
                        .is_some_and(|d| d >= 1 && (d as usize) <= canned) =>
            {
                let i = c.to_digit(10).map(|d| d as usize - 1).unwrap_or(0);
                *pick = Some(i);
                *input = Input::new(self.canned[i].clone());
            }
            (Popup::Reason { input, pick, .. }, a @ (A::PickPrev | A::PickNext)) if canned > 0 => {
                let i = match (a, *pick) {
                    (A::PickNext, None) => 0,
                    (A::PickNext, Some(i)) => (i + 1) % canned,
                    (_, None) => canned - 1,
                    (_, Some(i)) => (i + canned - 1) % canned,
                };
                *pick = Some(i);
                *input = Input::new(self.canned[i].clone());
            }
            (Popup::Help { scroll, .. }, A::PickNext) => {
                let max = self.drawn.popup.map_or(usize::MAX, |e| e.max_scroll());
                *scroll = (*scroll + 1).min(max);
            }
            (Popup::Help { scroll, .. }, A::PickPrev) => *scroll = scroll.saturating_sub(1),
            (Popup::Help { scroll, .. } | Popup::Messages { scroll }, A::PopupPage { down }) => {
                *scroll = self.paged(*scroll, down)
            }
            (Popup::Command { input }, A::Submit) => {
                let line = input.value().to_string();
                self.run_line(&line);
                return Vec::new();
            }
            (Popup::Command { input }, A::PickPrev) => {
                if let Some(line) = self.line_history.older() {
                    *input = Input::new(line.to_string());
                }
            }
            (Popup::Command { input }, A::PickNext) => {
                let line = self.line_history.newer().unwrap_or_default().to_string();
                *input = Input::new(line);
            }
            (p @ (Popup::Command { .. } | Popup::Filter { .. }), A::Complete) => self.complete(p),
            (
                Popup::Users {
                    input, selected, ..
                },
                A::PickNext,
            ) => {
                let n = self.users_matching(input.value()).len();
                *selected = (*selected + 1).min(n.saturating_sub(1));
            }
            (Popup::Users { selected, .. }, A::PickPrev) => *selected = selected.saturating_sub(1),
            (Popup::Views { selected, .. }, A::PickNext) => {
                *selected = (*selected + 1).min(self.views.len().saturating_sub(1));
            }
            (Popup::Views { selected, .. }, A::PickPrev) => *selected = selected.saturating_sub(1),
            (Popup::Views { selected, .. }, A::Submit) => {
                let i = *selected;
                self.open_view(i);
                return Vec::new();
            }
            (Popup::Form(f), A::EditInEditor) => {
                if let Some(field) = f
                    .fields
                    .get(f.focus)
                    .filter(|x| f.pick.is_none() && x.takes_text())
                {
                    let text = field.input.value().to_string();
                    self.popup = Some(popup);
                    return vec![Effect::EditText(text)];
                }
            }
            (Popup::Form(f), A::Edited(Some(text))) => {
                if let Some(field) = f.fields.get_mut(f.focus) {
                    let text = crate::tui::text::clean_keeping_lines(&text);
                    field.input = Input::new(text.trim_end().to_string());
                }
            }
            (Popup::Form(f), A::PickNext | A::Complete) => f.step_focus(true),
            (Popup::Form(f), A::PickPrev) => f.step_focus(false),
            (Popup::Messages { scroll }, A::PickNext) => *scroll += 1,
            (Popup::Messages { scroll }, A::PickPrev) => *scroll = scroll.saturating_sub(1),
            (Popup::Filter { .. }, A::Cancel) => {
                self.set_filter(String::new());
                return Vec::new();
            }
            (Popup::Filter { input }, A::Submit) => {
                let text = input.value().to_string();
                if text != self.list().text {
                    self.set_filter(text);
                }
                return Vec::new();
            }
            (_, A::Cancel) => return Vec::new(),
            (_, A::Submit) => return self.submit(popup),
            (p, A::Edit(req)) => {
                if let Some(input) = p.input_mut() {
                    input.handle(req);
                }
                self.after_edit(p);
            }
            (p, A::Paste(text)) => {
                if let Some(input) = p.input_mut() {
                    for c in crate::tui::text::clean(&text).chars() {
                        input.handle(InputRequest::InsertChar(c));
                    }
                }
                self.after_edit(p);
            }
            _ => {}
        }
        if self.popup.is_none() {
            self.popup = Some(popup);
        }
        Vec::new()
    }

    /// A popup's scroll a page on, within `lines` (its rows: the screen less
    /// the frame, the search and the hint).
    /// A popup's scroll a page on, bounded by what it last drew.
    fn paged(&self, scroll: usize, down: bool) -> usize {
        let drawn = self.drawn.popup;
        let rows = drawn.map_or((self.size.1 as usize).saturating_sub(6), |e| e.rows);
        let rows = rows.max(1);
        if down {
            (scroll + rows).min(drawn.map_or(usize::MAX, |e| e.max_scroll()))
        } else {
            scroll.saturating_sub(rows)
        }
    }

    fn after_edit(&mut self, popup: &mut Popup) {
        match popup {
            Popup::Filter { input } => {
                let text = input.value().to_string();
                // A term on its way (`age>`, `flag:NOS`) does not read yet: the
                // list stays on the last filter that did, and Enter says why.
                if crate::i18n::filter_text::parse_typed(&text).is_ok() {
                    self.set_filter(text);
                }
            }
            Popup::Help { scroll, .. } => *scroll = 0,
            Popup::Users { selected, .. } => *selected = 0,
            Popup::Reason { pick, input, .. }
                if pick.is_some_and(|i| {
                    self.canned.get(i).map(String::as_str) != Some(input.value())
                }) =>
            {
                *pick = None;
            }
            _ => {}
        }
    }

    fn submit(&mut self, popup: Popup) -> Vec<Effect> {
        match popup {
            Popup::Reason {
                input,
                target,
                pick,
            } => {
                let reason = input.value().trim().to_string();
                let optional = matches!(target, ReasonTarget::CertificationReturn { .. });
                if reason.is_empty() && !optional {
                    self.set_error(Text::ReasonNeeded.get(self.lang).to_string());
                    self.popup = Some(Popup::Reason {
                        input,
                        pick,
                        target,
                    });
                    return Vec::new();
                }
                match target {
                    ReasonTarget::One { key, revision } => self.return_one(&key, revision, &reason),
                    ReasonTarget::CertificationReturn { key, revision } => self.decide(
                        Request::CertificationReturn {
                            key,
                            revision,
                            reason,
                        },
                        DecisionKind::CertificationReturn,
                    ),
                    ReasonTarget::Reopen { key, revision } => self.decide(
                        Request::Reopen {
                            key,
                            revision,
                            reason,
                        },
                        DecisionKind::Reopen,
                    ),
                    ReasonTarget::Reassign { key, revision } => self.decide(
                        Request::Reassign {
                            key,
                            revision,
                            to: reason,
                        },
                        DecisionKind::Reassign,
                    ),
                    ReasonTarget::Marked(keys) => self.ask_bulk(Pending::Bulk {
                        keys,
                        action: BulkAction::Return { reason },
                    }),
                }
            }
            Popup::Note { input, key } => {
                let text = input.value().to_string();
                let request = Request::Annotate {
                    key: key.clone(),
                    text: text.clone(),
                };
                self.call(request, Then::Note { key, text });
            }
            Popup::Lookup { input, .. } => {
                let request = Request::Lookup {
                    input: input.value().to_string(),
                };
                // The popup stays until the answer: the view, or why not.
                self.popup = Some(Popup::Lookup { input, error: None });
                self.call(request, Then::LookupOpen);
            }
            Popup::Form(form) => self.submit_form(form),
            Popup::Confirm { .. }
            | Popup::Help { .. }
            | Popup::Filter { .. }
            | Popup::Messages { .. }
            | Popup::Command { .. }
            | Popup::Views { .. }
            | Popup::Document(_)
            | Popup::Enquiry(_) => {}
            Popup::Users {
                input,
                selected,
                keys,
            } => {
                let typed = input.value().trim().to_string();
                let to = self
                    .users_matching(&typed)
                    .get(selected)
                    .cloned()
                    .unwrap_or(typed);
                if to.is_empty() {
                    self.popup = Some(Popup::Users {
                        input,
                        selected,
                        keys,
                    });
                    return Vec::new();
                }
                self.ask_bulk(Pending::ReassignMany { keys, to });
            }
        }
        Vec::new()
    }

    /// y or n on a confirmation.
    pub(in crate::tui) fn confirm(&mut self, yes: bool) -> Vec<Effect> {
        let Some(Popup::Confirm { pending, .. }) = self.popup.take() else {
            return Vec::new();
        };
        if !yes {
            return Vec::new();
        }
        self.run_pending(pending)
    }
}
