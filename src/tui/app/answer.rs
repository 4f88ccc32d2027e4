//! Desk calls as data: `step` asks for one with [`App::call`] (an
//! `Effect::Call`), and its answer comes back as `Action::Answered` with the
//! [`Then`] that says where it lands. Answers a newer state has overtaken
//! (an older generation, another query, another case) are dropped.

use super::{App, LookupView, Popup};
use crate::desk::{
    CaseDetail, CaseKey, DeskError, Lookup, Page, PageQuery, QueueCounts, Request, Response,
};
use crate::domain::refusal::Refusal;
use crate::domain::workflow::approve_step;
use crate::domain::{Case, DecisionKind};
use crate::i18n::{self, Lang, Text, msg};
use tui_input::Input;

/// A desk call that did not succeed, as a value the screen can keep.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Refused as data (rendered in the operator's language).
    Refused(Refusal),
    /// A failure of the store (data, rendered in the operator's language).
    Store(crate::store::StoreError),
    /// A failure of the server or the connection, likewise.
    Trouble(crate::desk::trouble::Trouble),
    /// A failure outside the desk (a font, a printer), in its own words.
    Other(String),
}

impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::Refused(r) => Failure::Refused(r),
            DeskError::Store(e) => Failure::Store(e),
            DeskError::Failed(t) => Failure::Trouble(t),
        }
    }
}

impl Failure {
    /// The sentence for the operator, its moments in `dates`.
    pub fn text(&self, lang: Lang, dates: i18n::DateStyle) -> String {
        match self {
            Failure::Refused(r) => i18n::refusals::refusal_dated(lang, dates, r),
            Failure::Store(e) => i18n::store::error(lang, e),
            Failure::Trouble(t) => i18n::trouble::trouble(lang, t),
            Failure::Other(s) => s.clone(),
        }
    }

    /// The refusal, if this is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Failure::Refused(r) => Some(r),
            _ => None,
        }
    }
}

/// The desk calls of the screen: the effects one action gathers, the calls on
/// their way, and the data generation their answers must match.
#[derive(Default)]
pub struct Calls {
    /// Effects gathered while one action is applied.
    pub out: Vec<super::Effect>,
    /// Desk calls on their way, by id.
    pub waiting: std::collections::BTreeMap<u64, Then>,
    pub next_call: u64,
    /// Bumped by every reload: answers of an older generation are dropped.
    pub generation: u64,
}

/// The answer of a desk call.
pub type Answer = Result<Response, Failure>;

/// What a desk call's answer is for. `generation` is the screen's data
/// generation when it was asked; a reload since makes the answer stale.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    Counts {
        generation: u64,
    },
    /// A page of a list, tagged with the query it answers.
    Page {
        query: PageQuery,
        generation: u64,
    },
    Detail {
        key: CaseKey,
        generation: u64,
    },
    /// The lookup view shown, read again.
    LookupAgain {
        generation: u64,
    },
    /// A number typed in the lookup popup.
    LookupOpen,
    /// One of the people a name found, chosen.
    LookupChosen,
    /// The case read to word the approval question (detail pane hidden).
    ConfirmApprove {
        key: CaseKey,
        revision: u64,
        name: String,
    },
    /// A one-case decision (or undo).
    Decided {
        kind: DecisionKind,
    },
    /// What `u` is about to undo: the undo is asked for once it is known.
    UndoPlan,
    /// An undo of a unit of `cases` decisions (more than one: a bulk decision).
    Undone {
        cases: usize,
    },
    /// A note, kept to be typed again if refused.
    Note {
        key: CaseKey,
        text: String,
    },
    /// The notifications the mail relay refused: `open` opens the view
    /// (`F`), else the view shown is read again.
    Mail {
        open: bool,
    },
    /// The store's users (completion, the reassign picker).
    Users,
    /// The names people read for the store's users.
    UserNames,
    /// One queue's cases whose words hold a `:ref` reference.
    RefFound {
        reference: String,
    },
    /// A bulk reassign's report.
    ReassignedMany,
    /// A duplicate linked (`D`).
    Linked,
    /// How long a decision stays undoable (for the bulk confirmation).
    UndoWindow,
    /// The cases failing one rejecting check, for the bulk confirmation `ask`.
    FailingChecks {
        ask: u64,
        flag: crate::domain::Flag,
    },
    /// The view picker's counts, for the views as they were asked.
    ViewCounts,
    /// The backlog overview (`B`, `:backlog`): opens it, or refreshes the one shown.
    Backlog,
    /// Whether the service account can send mail (supervisors' warning).
    ServiceMail,
    /// A form sent to the desk (`title` as the form showed it).
    Recorded {
        title: String,
    },
    /// The fields of the record `E` corrects (the subject of a case, `name`).
    EditFields {
        name: String,
    },
    /// A retry (`retried`) or cancel of notification `id`.
    MailChanged {
        id: u64,
        retried: bool,
    },
    /// The topics for the enquiry form (`i`): the form opens with them.
    EnquiryForm,
    /// The open enquiries: `open` opens the screen, else the one shown is read again.
    Enquiries {
        open: bool,
    },
    /// An enquiry logged from the form.
    EnquiryLogged,
    /// An enquiry marked resolved.
    EnquiryResolved,
    /// The lookup of an enquiry's caller (`Enter` on the list).
    EnquiryPerson,
    /// The preview of a document (`P`).
    DocumentPreview {
        key: crate::desk::CaseKey,
        kind: crate::domain::document::DocumentKind,
    },
    /// A document numbered by the desk, to be written.
    DocumentMade,
}

impl Then {
    /// What the status line says is pending.
    pub fn waiting_text(&self, lang: Lang) -> &'static str {
        match self {
            Then::Counts { .. } | Then::Page { .. } => Text::WaitList.get(lang),
            Then::Detail { .. } | Then::ConfirmApprove { .. } => Text::WaitDetail.get(lang),
            Then::LookupAgain { .. } | Then::LookupOpen | Then::LookupChosen => {
                Text::WaitLookup.get(lang)
            }
            Then::Mail { .. } => Text::WaitList.get(lang),
            Then::Backlog => Text::WaitBacklog.get(lang),
            Then::EnquiryForm | Then::Enquiries { .. } => Text::WaitEnquiries.get(lang),
            Then::EnquiryPerson => Text::WaitLookup.get(lang),
            Then::DocumentPreview { .. } => Text::WaitDetail.get(lang),
            Then::DocumentMade => Text::WaitDecision.get(lang),
            Then::EnquiryLogged | Then::EnquiryResolved => Text::WaitDecision.get(lang),
            Then::ViewCounts
            | Then::Users
            | Then::UserNames
            | Then::RefFound { .. }
            | Then::ServiceMail => Text::WaitList.get(lang),
            Then::UndoWindow | Then::FailingChecks { .. } => Text::WaitList.get(lang),
            Then::Decided { .. }
            | Then::UndoPlan
            | Then::Undone { .. }
            | Then::Note { .. }
            | Then::Recorded { .. }
            | Then::EditFields { .. }
            | Then::MailChanged { .. }
            | Then::ReassignedMany
            | Then::Linked => Text::WaitDecision.get(lang),
        }
    }
}

pub(super) fn take<T: TryFrom<Response, Error = DeskError>>(a: Answer) -> Result<T, Failure> {
    a.and_then(|r| T::try_from(r).map_err(Failure::from))
}

impl App {
    /// Asks the desk; the answer arrives as `Action::Answered` with `then`.
    pub(in crate::tui) fn call(&mut self, request: Request, then: Then) {
        self.calls.next_call += 1;
        let id = self.calls.next_call;
        self.calls.waiting.insert(id, then.clone());
        self.calls
            .out
            .push(super::Effect::Call { id, request, then });
    }

    /// Whether a call answering `pred` is on its way.
    pub(in crate::tui) fn awaits(&self, pred: impl Fn(&Then) -> bool) -> bool {
        self.calls.waiting.values().any(pred)
    }

    /// What the screen waits for, oldest first (for the spinner).
    pub fn waiting(&self) -> impl Iterator<Item = &Then> {
        self.calls.waiting.values()
    }

    pub(in crate::tui) fn show_failure(&mut self, f: &Failure) {
        // Who changed a case, by the name people read.
        let named;
        let f = match f {
            Failure::Refused(Refusal::Stale {
                reference,
                by,
                at,
                revision,
                seen,
            }) => {
                named = Failure::Refused(Refusal::Stale {
                    reference: reference.clone(),
                    by: self.shown_name(by).to_string(),
                    at: *at,
                    revision: *revision,
                    seen: *seen,
                });
                &named
            }
            Failure::Refused(Refusal::RecordChanged { change }) => {
                let mut change = change.clone();
                change.by = change.by.map(|b| self.shown_name(&b).to_string());
                named = Failure::Refused(Refusal::RecordChanged { change });
                &named
            }
            other => other,
        };
        self.set_error(msg::refused(self.lang, &f.text(self.lang, self.dates)));
    }

    /// An answer lands.
    pub(in crate::tui) fn answered(&mut self, id: u64, then: Then, answer: Answer) {
        self.calls.waiting.remove(&id);
        let current = |g: u64| g == self.calls.generation;
        match then {
            Then::Counts { generation } if current(generation) => {
                match take::<Vec<QueueCounts>>(answer) {
                    Ok(c) => self.queues.counts = c,
                    Err(f) => self.show_failure(&f),
                }
            }
            Then::Page { query, generation } if current(generation) => match take::<Page>(answer) {
                Ok(p) => {
                    let l = &mut self.queues.lists[query.queue.index()];
                    if l.query(query.queue, query.offset) == query {
                        l.total = Some(p.total);
                    }
                    let shown = query.queue == self.queues.queue;
                    self.queues.cache.insert(query, p);
                    if shown {
                        self.filter_reads();
                        self.after_move();
                    }
                }
                Err(f) if matches!(f.refusal(), Some(Refusal::Filter { .. })) => {
                    // The term as the operator typed it, not as it was sent.
                    let typed = &self.queues.lists[query.queue.index()].text;
                    let f = match f.refusal() {
                        Some(Refusal::Filter { term, problem }) => {
                            Failure::Refused(Refusal::Filter {
                                term: crate::i18n::filter_text::typed_term(typed, term)
                                    .unwrap_or_else(|| term.clone()),
                                problem: problem.clone(),
                            })
                        }
                        _ => f,
                    };
                    self.set_filter_error(msg::refused(self.lang, &f.text(self.lang, self.dates)));
                }
                Err(f) => self.show_failure(&f),
            },
            Then::Detail { key, generation } if current(generation) => {
                let selected = self.selected_row().is_some_and(|r| r.key == key);
                match take::<CaseDetail>(answer) {
                    Ok(d) if selected && self.detail_shown() => {
                        let same = self.queues.detail.as_ref().is_some_and(|o| {
                            o.case.queue == key.queue && o.case.reference == key.reference
                        });
                        if !same {
                            self.queues.detail_scroll = 0;
                        }
                        self.queues.detail = Some(d);
                        self.queues.detail_fresh = true;
                    }
                    Ok(_) => {}
                    Err(f) => {
                        if selected {
                            self.queues.detail = None;
                        }
                        self.show_failure(&f);
                    }
                }
            }
            Then::LookupAgain { generation } if current(generation) => {
                if let (Ok(data), Some(l)) = (take::<Lookup>(answer), self.screens.lookup_mut()) {
                    if data.registration_number == l.data.registration_number {
                        l.selected = l.selected.min(data.cases.len().saturating_sub(1));
                        l.data = data;
                    }
                }
            }
            Then::LookupOpen => self.lookup_answered(answer),
            Then::LookupChosen => match take::<Lookup>(answer) {
                Ok(data) => self
                    .screens
                    .open(super::Screen::Lookup(Box::new(LookupView {
                        data,
                        selected: 0,
                        scroll: 0,
                    }))),
                Err(f) => self.show_failure(&f),
            },
            Then::ConfirmApprove {
                key,
                revision,
                name,
            } => {
                if self.popup.is_none() && self.selected_row().is_some_and(|r| r.key == key) {
                    let detail = take::<CaseDetail>(answer).ok();
                    self.open_approve_question(key, revision, &name, detail.as_ref());
                }
            }
            Then::Decided { kind } => self.decided(kind, 1, take::<Case>(answer)),
            Then::UndoPlan => self.undo_planned(answer),
            Then::Undone { cases } => match answer {
                // A recorded form or a linked duplicate taken back.
                Ok(Response::Recorded(r)) => {
                    self.set_info(crate::i18n::fields::undone(self.lang, &r));
                    self.refresh();
                }
                answer => self.decided(DecisionKind::Undo, cases, take::<Case>(answer)),
            },
            Then::Note { key, text } => self.note_answered(key, text, take::<Case>(answer)),
            Then::DocumentPreview { key, kind } => self.document_previewed(key, kind, answer),
            Then::DocumentMade => {
                let effects = self.document_made(answer);
                self.calls.out.extend(effects);
            }
            Then::Mail { open } => self.mail_answered(open, answer),
            Then::Backlog => self.backlog_answered(answer),
            Then::ViewCounts => self.view_counts_answered(answer),
            Then::Users => self.users_answered(answer),
            // Without them, user names are shown: nothing to say.
            Then::UserNames => {
                if let Ok(names) = take::<std::collections::BTreeMap<String, String>>(answer) {
                    self.user_names = names;
                }
            }
            // A server that cannot answer leaves the last word standing.
            Then::ServiceMail => {
                if let Ok(m) = take::<Option<crate::desk::MailStopped>>(answer) {
                    self.mail_stopped = m;
                }
            }
            Then::ReassignedMany => {
                let result = take::<crate::desk::BulkReport>(answer);
                let mut effects = self.bulk_done(result);
                self.calls.out.append(&mut effects);
            }
            Then::UndoWindow => self.undo_window_answered(answer),
            Then::FailingChecks { ask, flag } => self.failing_checks_answered(ask, flag, answer),
            Then::RefFound { reference } => self.ref_answered(reference, answer),
            Then::MailChanged { id, retried } => self.mail_changed(id, retried, answer),
            Then::Recorded { title } => self.form_answered(&title, answer),
            Then::Linked => self.linked(answer),
            Then::EditFields { name } => self.edit_fields_answered(&name, answer),
            t @ (Then::EnquiryForm
            | Then::Enquiries { .. }
            | Then::EnquiryLogged
            | Then::EnquiryResolved
            | Then::EnquiryPerson) => self.enquiry_answered(t, answer),
            // Overtaken by a reload.
            Then::Counts { .. }
            | Then::Page { .. }
            | Then::Detail { .. }
            | Then::LookupAgain { .. } => {}
        }
    }

    fn lookup_answered(&mut self, answer: Answer) {
        let asked = matches!(self.popup, Some(Popup::Lookup { .. }));
        match take::<Lookup>(answer) {
            Ok(data) if asked => {
                self.popup = None;
                self.screens
                    .open(super::Screen::Lookup(Box::new(LookupView {
                        data,
                        selected: 0,
                        scroll: 0,
                    })));
                self.queues.detail = None;
            }
            Ok(_) => {}
            Err(f) => {
                self.show_failure(&f);
                if let Some(Popup::Lookup { error, .. }) = &mut self.popup {
                    *error = Some(f.text(self.lang, self.dates));
                }
            }
        }
    }

    fn note_answered(&mut self, key: CaseKey, text: String, r: Result<Case, Failure>) {
        match r {
            Ok(_) => {
                self.set_info(Text::NoteSaved.get(self.lang).to_string());
                self.refresh();
            }
            Err(f) => {
                // Keep what was typed: a refused note must not be lost.
                self.show_failure(&f);
                let refused = f.refusal().is_some();
                if self.popup.is_none() && (!refused || !text.trim().is_empty()) {
                    self.popup = Some(Popup::Note {
                        input: Input::new(text),
                        key,
                    });
                }
            }
        }
    }

    /// `u`: the desk said what the next undo takes; undo it, counting the
    /// decisions of its unit for the message.
    fn undo_planned(&mut self, answer: Answer) {
        match take::<crate::desk::UndoInfo>(answer) {
            Ok(info) => {
                self.undo_window = Some(info.window_secs);
                // Nothing undoable: the desk's refusal says why.
                let cases = info.cases.max(1);
                self.call(crate::desk::Request::Undo, Then::Undone { cases });
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// Opens the y/n question for approving `key`, naming the next state when known.
    pub(in crate::tui) fn open_approve_question(
        &mut self,
        key: CaseKey,
        revision: u64,
        name: &str,
        detail: Option<&CaseDetail>,
    ) {
        let next = detail
            .and_then(|d| approve_step(&d.case).ok())
            .map(|s| i18n::state_name(self.lang, s));
        let mut question = msg::confirm_approve(self.lang, &self.ref_label(&key), name, next);
        let failing = detail.map(super::checks::failing).unwrap_or_default();
        for line in i18n::checks::failing(self.lang, &failing) {
            question.push('\n');
            question.push_str(&line);
        }
        self.popup = Some(Popup::Confirm {
            question,
            pending: super::Pending::Approve { key, revision },
        });
    }

    /// After a decision: a message, fresh data, and the cursor kept on the
    /// decided case (or a word on where it went). A refusal for a stale
    /// revision also reloads, so the operator sees what changed.
    fn decided(&mut self, kind: DecisionKind, cases: usize, r: Result<Case, Failure>) {
        let lang = self.lang;
        match r {
            Ok(case) => {
                let said = super::list::Said {
                    head: if cases > 1 {
                        i18n::decided::undone_many(lang, cases)
                    } else {
                        i18n::decided::head(
                            lang,
                            kind,
                            &i18n::case_ref_label(lang, self.dates, case.queue, &case.reference),
                        )
                    },
                    hint: i18n::decided::undo_hint(lang, kind),
                };
                self.refresh();
                self.set_info(said.text());
                self.follow(CaseKey::new(case.queue, case.reference), Some(said));
            }
            Err(f) => {
                if f.refusal().is_some_and(|r| r.is_stale()) {
                    // Show the case as the other operator left it, wherever it moved.
                    let key = self.selected_row().map(|r| r.key.clone());
                    self.refresh();
                    if let Some(key) = key {
                        self.follow(key, None);
                    }
                }
                self.show_failure(&f);
            }
        }
    }
}
