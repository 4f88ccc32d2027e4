//! Forms (`e` 記録, `N` 受付, `E` 修正): a loan form picked by its number and
//! name, a case received on paper, or the fields of the person shown, each
//! field a text box with its label, its current value and its rule. Saving
//! sends one `Request::Record`; a refused field is named beside it, and the
//! form stays until the desk has taken it.

use super::answer::{Failure, Then, take};
use super::popup::Popup;
use super::{App, Screen};
use crate::desk::{RecordForm, RecordReport, Request};
use crate::domain::field::FieldProblem;
use crate::domain::loan::forms::{LOAN_FORMS, LoanForm};
use crate::domain::refusal::Refusal;
use crate::domain::{CaseBody, Queue};
use crate::i18n::fields as words;
use crate::interchange::Kind;
use tui_input::Input;

/// One field of a form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// Its name in the data formats.
    pub name: &'static str,
    pub required: bool,
    pub input: Input,
    /// The value when the form opened (a correction), to tell what changed.
    pub original: Option<String>,
    /// That value as the desk holds it (`false` for a shown なし), sent as seen.
    pub stored: Option<String>,
    /// Why the desk refused it, in the operator's language.
    pub error: Option<String>,
}

/// A form being filled in.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: Kind,
    pub title: String,
    /// Fields given by where the form was opened (a loan's id, the event).
    pub fixed: Vec<(String, String)>,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Choosing first — a loan form, or the record to correct — and the
    /// choice under the cursor.
    pub pick: Option<Pick>,
    /// Sent to the desk; the answer is awaited.
    pub saving: bool,
    /// A refusal that names no field.
    pub error: Option<String>,
    /// A correction: only the changed fields are sent, with what was seen.
    pub correction: bool,
    /// A form that is no import kind (the director's answer), by its id.
    pub special: Option<&'static str>,
    /// What the form was opened on, sent as seen (a case's revision).
    pub seen: Vec<(String, String)>,
}

/// A list to choose from before the fields.
#[derive(Debug, Clone)]
pub struct Pick {
    pub choices: Vec<Choice>,
    pub selected: usize,
}

/// One thing a picker offers.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// A loan form of seed 004 (an index of `LOAN_FORMS`) for a loan.
    LoanForm { loan_id: String, form: usize },
    /// A record to correct: a facility report's facility or one of its
    /// supervisors (認定医), with the name shown.
    Record {
        kind: Kind,
        key: String,
        name: String,
    },
    /// A kind of case the queue shown receives on paper (異動届 or 修了申請).
    Receive { kind: Kind },
}

impl FormField {
    /// Whether the field holds free text a clerk may write in `$EDITOR`.
    pub fn takes_text(&self) -> bool {
        matches!(self.name, "note" | "notes" | "reason")
    }
}

impl Form {
    fn new(kind: Kind, title: String, fixed: Vec<(String, String)>) -> Form {
        Form {
            kind,
            title,
            fixed,
            fields: Vec::new(),
            focus: 0,
            pick: None,
            saving: false,
            error: None,
            correction: false,
            special: None,
            seen: Vec::new(),
        }
    }

    fn field(name: &'static str, required: bool, value: Option<String>) -> FormField {
        FormField {
            name,
            required,
            input: Input::new(value.clone().unwrap_or_default()),
            stored: value.clone(),
            original: value,
            error: None,
        }
    }

    /// The focused field's box.
    pub fn input_mut(&mut self) -> Option<&mut Input> {
        if self.pick.is_some() {
            return None;
        }
        self.fields.get_mut(self.focus).map(|f| &mut f.input)
    }

    /// Whether anything was typed that cancelling would lose.
    pub fn has_text(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.input.value() != f.original.as_deref().unwrap_or(""))
    }

    /// Moves the focus (or the choice under the cursor) by one.
    pub fn step_focus(&mut self, down: bool) {
        if let Some(p) = &mut self.pick {
            p.selected = if down {
                (p.selected + 1).min(p.choices.len().saturating_sub(1))
            } else {
                p.selected.saturating_sub(1)
            };
            return;
        }
        let n = self.fields.len();
        if n > 0 {
            self.focus = if down {
                (self.focus + 1) % n
            } else {
                (self.focus + n - 1) % n
            };
        }
    }

    /// The loan form chosen: its fields become the form's.
    fn choose(&mut self, lang: crate::i18n::Lang, loan_id: String, i: usize) {
        let Some(form) = LOAN_FORMS.get(i) else {
            return;
        };
        let form: &LoanForm = form;
        self.title = format!("{} — {}", words::loan_form(lang, form), loan_id);
        self.fixed = vec![
            ("loan_id".into(), loan_id),
            ("event".into(), form.event.id().into()),
        ];
        self.fields = form
            .all_fields()
            .into_iter()
            .map(|n| Form::field(n, n == "date", None))
            .collect();
        if !form.reasons.is_empty() {
            // 取消's reason ア–キ goes in the note.
            if let Some(f) = self.fields.iter_mut().find(|f| f.name == "note") {
                f.required = true;
            }
        }
        self.focus = 0;
    }

    /// The form as the desk takes it.
    fn request(&self) -> RecordForm {
        let mut fields = self.fixed.clone();
        let mut seen = Vec::new();
        for f in &self.fields {
            let value = f.input.value().trim().to_string();
            if self.correction {
                if f.original.as_deref().unwrap_or("") == value {
                    continue;
                }
                seen.push((f.name.to_string(), f.stored.clone().unwrap_or_default()));
            } else if value.is_empty() {
                continue;
            }
            fields.push((f.name.to_string(), words::typed_value(f.name, &value)));
        }
        seen.extend(self.seen.iter().cloned());
        RecordForm {
            kind: self.special.unwrap_or(self.kind.id()).to_string(),
            fields,
            seen,
            dry_run: false,
        }
    }

    /// The desk's refusal, each problem beside its field.
    fn refused(&mut self, lang: crate::i18n::Lang, problems: &[FieldProblem]) {
        for f in &mut self.fields {
            f.error = None;
        }
        let mut rest = Vec::new();
        for p in problems {
            let text = words::problem(lang, self.kind, p);
            let name = p.field.split(' ').next().unwrap_or("");
            match self.fields.iter_mut().find(|f| f.name == name) {
                Some(f) if f.error.is_none() => f.error = Some(text),
                _ => rest.push(text),
            }
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
        self.error = (!rest.is_empty()).then(|| rest.join(" "));
    }
}

impl App {
    /// `e` on a withdrawal awaiting its programme director: the director's
    /// answer, as it came by mail, letter or telephone.
    fn open_director_answer(&mut self, key: &crate::desk::CaseKey, revision: u64) {
        let title = format!(
            "{} — {}",
            crate::i18n::Text::FormDirectorAnswer.get(self.lang),
            key.reference
        );
        let mut form = Form::new(
            Kind::Withdrawal,
            title,
            vec![("ref".into(), key.reference.clone())],
        );
        form.special = Some(crate::desk::DIRECTOR_ANSWER);
        form.seen = vec![("revision".into(), revision.to_string())];
        form.fields = vec![
            Form::field("director_decision", true, None),
            Form::field("director_decided_at", false, None),
            Form::field("note", false, None),
        ];
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// `e`: a loan form on the loan of the case or person shown, or the
    /// director's answer on a withdrawal that awaits it.
    pub(in crate::tui) fn open_record_form(&mut self) {
        if !matches!(self.screens.shown(), Some(Screen::Lookup(_))) {
            let awaiting = self.selected_row().and_then(|r| {
                (r.key.queue == Queue::Withdrawal
                    && r.state == crate::domain::State::AwaitingDirector)
                    .then(|| (r.key.clone(), r.revision))
            });
            if let Some((key, revision)) = awaiting {
                let revision = self.seen_revision(&key, revision);
                self.open_director_answer(&key, revision);
                return;
            }
        }
        let loan = match self.screens.shown() {
            Some(Screen::Lookup(l)) => l.data.loans.first().map(|l| l.loan_id.clone()),
            _ => self
                .detail()
                .and_then(|d| match &d.case.body {
                    CaseBody::LoanFollowup(f) => Some(f.loan_id.clone()),
                    _ => d.loan.as_ref().map(|l| l.loan_id.clone()),
                })
                .or_else(|| {
                    // A follow-up's ref begins with its loan's id (`L-2022-00004/repayment`).
                    let row = self.selected_row()?;
                    (row.key.queue == Queue::LoanFollowup)
                        .then(|| row.key.reference.split('/').next().map(str::to_string))
                        .flatten()
                }),
        };
        let Some(loan_id) = loan else {
            self.set_error(crate::i18n::Text::FormNoLoan.get(self.lang).to_string());
            return;
        };
        let mut form = Form::new(
            Kind::LoanEvent,
            crate::i18n::Text::FormPick.get(self.lang).to_string(),
            Vec::new(),
        );
        form.pick = Some(Pick {
            choices: (0..LOAN_FORMS.len())
                .map(|form| Choice::LoanForm {
                    loan_id: loan_id.clone(),
                    form,
                })
                .collect(),
            selected: 0,
        });
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// `N`: a case of the queue shown, received on paper; in the membership
    /// queue, first which kind (異動届 or 修了申請).
    pub(in crate::tui) fn open_receive_form(&mut self) {
        let kind = match self.queues.queue {
            Queue::Withdrawal => Kind::Withdrawal,
            Queue::Transfer => {
                let mut form = Form::new(
                    Kind::Transfer,
                    crate::i18n::Text::FormReceiveKind
                        .get(self.lang)
                        .to_string(),
                    Vec::new(),
                );
                form.pick = Some(Pick {
                    choices: [Kind::Transfer, Kind::CompletionApplication]
                        .into_iter()
                        .map(|kind| Choice::Receive { kind })
                        .collect(),
                    selected: 0,
                });
                self.popup = Some(Popup::Form(Box::new(form)));
                return;
            }
            Queue::FacilityReport => Kind::FacilityReport,
            Queue::LoanFollowup => {
                self.set_error(crate::i18n::Text::FormNoPaper.get(self.lang).to_string());
                return;
            }
        };
        self.open_receive_form_of(kind);
    }

    /// The paper-intake form of a kind of case.
    fn open_receive_form_of(&mut self, kind: Kind) {
        let title = format!(
            "{} — {}",
            crate::i18n::Text::FormReceive.get(self.lang),
            words::kind_name(self.lang, kind)
        );
        let mut form = Form::new(kind, title, Vec::new());
        form.fields = kind
            .fields()
            .into_iter()
            .map(|(n, required)| {
                // The desk gives the ref and the moment when they are empty.
                let required = required && n != "ref" && n != "received_at";
                Form::field(n, required, None)
            })
            .collect();
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// `E`: the registry data of the person shown in the lookup.
    pub(in crate::tui) fn open_edit_form(&mut self) {
        if let Some(Screen::Lookup(_)) = self.screens.shown() {
            let Some(person) = self.screens.lookup().and_then(|l| l.data.person.clone()) else {
                self.set_error(crate::i18n::Text::FormNoPerson.get(self.lang).to_string());
                return;
            };
            let cells = crate::interchange::person_cells(&person)
                .into_iter()
                .map(|(n, v)| (n.to_string(), v))
                .collect();
            let key = person.registration_number.to_string();
            // A borrower: the person or one of their loans (prior obligations…).
            let loans: Vec<Choice> = self
                .screens
                .lookup()
                .map(|l| {
                    l.data
                        .loans
                        .iter()
                        .map(|loan| Choice::Record {
                            kind: Kind::Loan,
                            key: loan.loan_id.clone(),
                            name: person.name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            if !loans.is_empty() {
                let mut choices = vec![Choice::Record {
                    kind: Kind::Person,
                    key,
                    name: person.name.clone(),
                }];
                choices.extend(loans);
                self.pick_record(choices);
                return;
            }
            self.open_correction(Kind::Person, &key, &person.name, cells);
            return;
        }
        // On a case: its subject's registry data, as the desk holds it now.
        let Some(row) = self.selected_row() else {
            self.say_no_row();
            return;
        };
        let (kind, key) = match &row.subject {
            crate::domain::Subject::Person(r) => (Kind::Person, r.to_string()),
            crate::domain::Subject::Facility(f) => (Kind::Facility, f.to_string()),
        };
        let name = row.name.clone();
        // A facility report naming supervisors: the facility or one of them;
        // a loan follow-up: the borrower or the loan.
        let others = self
            .detail()
            .filter(|d| d.case.reference == row.key.reference && d.case.queue == row.key.queue)
            .and_then(|d| match &d.case.body {
                CaseBody::FacilityReport(r) if !r.supervisors.is_empty() => Some(
                    r.supervisors
                        .iter()
                        .map(|c| Choice::Record {
                            kind: Kind::Physician,
                            key: c.clone(),
                            name: d.supervisor_names.get(c).cloned().unwrap_or_default(),
                        })
                        .collect::<Vec<_>>(),
                ),
                CaseBody::LoanFollowup(f) => Some(vec![Choice::Record {
                    kind: Kind::Loan,
                    key: f.loan_id.clone(),
                    name: row.name.clone(),
                }]),
                _ => None,
            });
        if let Some(mut choices) = others {
            choices.insert(0, Choice::Record { kind, key, name });
            self.pick_record(choices);
            return;
        }
        let request = Request::RecordFields {
            kind: kind.id().to_string(),
            key,
        };
        self.call(request, Then::EditFields { name });
    }

    /// `E` with more than one record to correct: which one.
    fn pick_record(&mut self, choices: Vec<Choice>) {
        let mut form = Form::new(
            Kind::Facility,
            crate::i18n::Text::FormPickRecord.get(self.lang).to_string(),
            Vec::new(),
        );
        form.pick = Some(Pick {
            choices,
            selected: 0,
        });
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// The desk's answer to `E` on a case: the subject's fields, in a form.
    pub(in crate::tui) fn edit_fields_answered(&mut self, name: &str, answer: super::Answer) {
        match take::<crate::desk::RecordFields>(answer) {
            Ok(r) => {
                let kind = Kind::from_id(&r.kind).unwrap_or(Kind::Person);
                self.open_correction(kind, &r.key, name, r.cells);
            }
            Err(f) => self.show_failure(&f),
        }
    }

    /// A correction form of a record's fields (its key fixed, the rest editable).
    fn open_correction(
        &mut self,
        kind: Kind,
        key: &str,
        name: &str,
        cells: Vec<(String, Option<String>)>,
    ) {
        let title = format!(
            "{} — {}",
            crate::i18n::Text::FormEdit.get(self.lang),
            crate::text::sanitize(name)
        );
        let key_field = kind.key_field().unwrap_or("");
        let mut form = Form::new(kind, title, vec![(key_field.to_string(), key.to_string())]);
        form.correction = true;
        // The form's fields are the kind's, in its order, named by its names.
        form.fields = kind
            .fields()
            .into_iter()
            .filter(|(n, _)| *n != key_field)
            .map(|(n, required)| {
                let stored = cells
                    .iter()
                    .find(|(c, _)| c == n)
                    .and_then(|(_, v)| v.clone());
                // A yes-or-no value or a choice in the operator's words
                // (the desk reads both).
                let shown = stored.clone().map(|v| match v.as_str() {
                    "true" => crate::i18n::Text::Yes.get(self.lang).to_string(),
                    "false" => crate::i18n::Text::No.get(self.lang).to_string(),
                    _ => words::value(self.lang, n, &v),
                });
                let mut field = Form::field(n, required, shown);
                field.stored = stored;
                field
            })
            .collect();
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// Enter on a form: the loan form chosen, or the form sent to the desk.
    pub(in crate::tui) fn submit_form(&mut self, mut form: Box<Form>) {
        if let Some(p) = form.pick.take() {
            match p.choices.get(p.selected).cloned() {
                Some(Choice::LoanForm { loan_id, form: i }) => {
                    form.choose(self.lang, loan_id, i);
                    self.popup = Some(Popup::Form(form));
                }
                // The record's fields as the desk holds them now, in a form.
                Some(Choice::Record { kind, key, name }) => {
                    let name = if name.is_empty() { key.clone() } else { name };
                    let request = Request::RecordFields {
                        kind: kind.id().to_string(),
                        key,
                    };
                    self.call(request, Then::EditFields { name });
                }
                Some(Choice::Receive { kind }) => self.open_receive_form_of(kind),
                None => {}
            }
            return;
        }
        if form.saving {
            self.popup = Some(Popup::Form(form));
            return;
        }
        // A required field left empty is named before anything is sent.
        let missing: Vec<FieldProblem> = form
            .fields
            .iter()
            .filter(|f| f.required && f.input.value().trim().is_empty())
            .map(|f| FieldProblem::new(f.name, crate::domain::field::Problem::Missing))
            .collect();
        if !missing.is_empty() {
            form.refused(self.lang, &missing);
            self.popup = Some(Popup::Form(form));
            return;
        }
        let request = form.request();
        if form.correction && request.seen.is_empty() {
            form.refused(
                self.lang,
                &[FieldProblem::row(crate::domain::field::Problem::NoChange)],
            );
            self.popup = Some(Popup::Form(form));
            return;
        }
        form.saving = true;
        form.error = None;
        let title = form.title.clone();
        self.popup = Some(Popup::Form(form));
        self.call(Request::Record { form: request }, Then::Recorded { title });
    }

    /// The desk's answer to a form.
    pub(in crate::tui) fn form_answered(&mut self, title: &str, answer: super::Answer) {
        let form = match self.popup.take() {
            Some(Popup::Form(f)) => Some(f),
            other => {
                self.popup = other;
                None
            }
        };
        match take::<RecordReport>(answer) {
            Ok(r) => {
                let what = title.split(" — ").next().unwrap_or(title).to_string();
                let what = match &r.case {
                    Some(k) => format!("{what} {}", k.reference),
                    None => what,
                };
                self.set_info(words::report(self.lang, &r, &what));
                // The lists, the counts and the lookup shown, read again.
                self.refresh();
            }
            Err(Failure::Refused(Refusal::Fields { problems, .. })) => match form {
                Some(mut f) => {
                    f.saving = false;
                    f.refused(self.lang, &problems);
                    self.popup = Some(Popup::Form(f));
                }
                None => self.show_failure(&Failure::Refused(Refusal::Fields {
                    kind: String::new(),
                    problems,
                })),
            },
            Err(e) => {
                if let Some(mut f) = form {
                    f.saving = false;
                    self.popup = Some(Popup::Form(f));
                }
                self.show_failure(&e);
            }
        }
    }
}
