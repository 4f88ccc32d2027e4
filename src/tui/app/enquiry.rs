//! The enquiry log on the screen: `i` in the lookup opens a form to log what
//! the person shown asked (channel and topic picked, a note typed or written
//! in `$EDITOR` with `Ctrl-E`, the case it concerns, open or resolved);
//! `I` or `:enquiries` opens the open enquiries with their age, `Enter` the
//! lookup of the one selected, `d` marks it resolved.

use super::answer::take;
use super::{Action, Answer, App, Effect, Popup, Screen, Then};
use crate::desk::{CaseKey, EnquiryList, EnquiryRequest, Lookup, Request};
use crate::domain::RegistrationNumber;
use crate::domain::enquiry::{
    CaseRef, Channel, Enquiry, EnquiryDraft, EnquiryField, EnquiryProblem, problems,
};
use crate::domain::refusal::Refusal;
use crate::i18n::{Text, msg};
use crate::tui::keymap::Command;
use tui_input::{Input, InputRequest};

/// A row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Channel,
    Topic,
    Note,
    Case,
    /// Open or resolved.
    Status,
}

impl FormField {
    /// The rows, in the order `Tab` visits them.
    pub const ALL: [FormField; 5] = [
        FormField::Channel,
        FormField::Topic,
        FormField::Note,
        FormField::Case,
        FormField::Status,
    ];

    /// The enquiry's field a problem names for this row.
    pub fn field(self) -> Option<EnquiryField> {
        match self {
            FormField::Channel => Some(EnquiryField::Channel),
            FormField::Topic => Some(EnquiryField::Topic),
            FormField::Note => Some(EnquiryField::Note),
            FormField::Case => Some(EnquiryField::Case),
            FormField::Status => None,
        }
    }
}

/// The form logging an enquiry on the person of the lookup.
#[derive(Debug, Clone)]
pub struct EnquiryForm {
    pub registration_number: String,
    pub name: String,
    pub channel: Channel,
    pub topics: Vec<String>,
    pub topic: usize,
    pub note: Input,
    /// The person's cases; `case` 0 is none, `i` the case `cases[i - 1]`.
    pub cases: Vec<CaseKey>,
    pub case: usize,
    /// Logged as answered already.
    pub resolved: bool,
    pub focus: FormField,
    /// What is wrong, field by field, since the last Enter.
    pub problems: Vec<EnquiryProblem>,
    /// Saving: the desk has not answered yet.
    pub saving: bool,
}

impl EnquiryForm {
    fn new(l: &Lookup, topics: Vec<String>) -> EnquiryForm {
        EnquiryForm {
            registration_number: l.registration_number.clone(),
            name: l
                .person
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            channel: Channel::Phone,
            topics,
            topic: 0,
            note: Input::default(),
            cases: l.cases.iter().map(|c| c.key.clone()).collect(),
            case: 0,
            resolved: true,
            focus: FormField::Channel,
            problems: Vec::new(),
            saving: false,
        }
    }

    /// The note's text field, when it has the focus (edits go there only).
    pub fn input_mut(&mut self) -> Option<&mut Input> {
        (self.focus == FormField::Note).then_some(&mut self.note)
    }

    pub fn input(&self) -> Option<&Input> {
        (self.focus == FormField::Note).then_some(&self.note)
    }

    /// The case picked, if any.
    pub fn picked_case(&self) -> Option<&CaseKey> {
        self.case.checked_sub(1).and_then(|i| self.cases.get(i))
    }

    /// The problem shown beside `field`, if any.
    pub fn problem(&self, row: FormField) -> Option<&EnquiryProblem> {
        let field = row.field()?;
        self.problems.iter().find(|p| p.field() == Some(field))
    }

    fn draft(&self) -> EnquiryDraft {
        EnquiryDraft {
            registration_number: RegistrationNumber::parse(&self.registration_number).ok(),
            channel: self.channel,
            topic: self.topics.get(self.topic).cloned().unwrap_or_default(),
            note: self.note.value().to_string(),
            case: self.picked_case().map(|k| CaseRef {
                queue: k.queue,
                reference: k.reference.clone(),
            }),
            resolved: self.resolved,
        }
    }

    fn move_focus(&mut self) {
        let i = FormField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        self.focus = FormField::ALL[(i + 1) % FormField::ALL.len()];
    }

    /// Up or Down on a picked field: the value before or after.
    fn pick(&mut self, next: bool) {
        let step = |i: usize, n: usize| {
            if n == 0 {
                0
            } else if next {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match self.focus {
            FormField::Channel => {
                let i = Channel::ALL
                    .iter()
                    .position(|c| *c == self.channel)
                    .unwrap_or(0);
                self.channel = Channel::ALL[step(i, Channel::ALL.len())];
            }
            FormField::Topic => self.topic = step(self.topic, self.topics.len()),
            FormField::Case => self.case = step(self.case, self.cases.len() + 1),
            FormField::Status => self.resolved = !self.resolved,
            FormField::Note => {}
        }
    }
}

/// The open enquiries (`I`, `:enquiries`), with the selected one.
#[derive(Debug, Clone, PartialEq)]
pub struct EnquiriesScreen {
    pub list: EnquiryList,
    pub selected: usize,
}

impl EnquiriesScreen {
    pub fn selected_enquiry(&self) -> Option<&Enquiry> {
        self.list.rows.get(self.selected).map(|r| &r.enquiry)
    }
}

/// How many open enquiries the screen lists.
const SHOWN: usize = 200;

impl App {
    /// `i` in the lookup: the form, once the desk has said the topics.
    pub(in crate::tui) fn open_enquiry_form(&mut self) {
        let Some(l) = self.screens.lookup() else {
            return;
        };
        let person = Some(l.data.registration_number.clone());
        let request = Request::Enquiry(EnquiryRequest::Enquiries {
            open_only: true,
            person,
            limit: 0,
        });
        self.call(request, Then::EnquiryForm);
    }

    /// `I`, `:enquiries`: the open enquiries, or read again when shown.
    pub(in crate::tui) fn open_enquiries(&mut self) {
        self.reload_enquiries(true);
    }

    pub(in crate::tui) fn reload_enquiries(&mut self, open: bool) {
        if !open && self.screens.enquiries().is_none() {
            return;
        }
        let request = Request::Enquiry(EnquiryRequest::Enquiries {
            open_only: true,
            person: None,
            limit: SHOWN,
        });
        self.call(request, Then::Enquiries { open });
    }

    /// What the desk said to an enquiry request of this screen.
    pub(in crate::tui) fn enquiry_answered(&mut self, then: Then, answer: Answer) {
        match then {
            Then::EnquiryForm => match take::<EnquiryList>(answer) {
                Ok(list) => {
                    if let Some(l) = self.screens.lookup() {
                        let form = EnquiryForm::new(&l.data, list.topics);
                        self.popup = Some(Popup::Enquiry(Box::new(form)));
                    }
                }
                Err(f) => self.show_failure(&f),
            },
            Then::Enquiries { open } => match take::<EnquiryList>(answer) {
                Ok(list) => match self.screens.enquiries_mut() {
                    Some(s) => {
                        s.selected = s.selected.min(list.rows.len().saturating_sub(1));
                        s.list = list;
                    }
                    None if open => {
                        self.screens
                            .open(Screen::Enquiries(EnquiriesScreen { list, selected: 0 }));
                        self.queues.detail = None;
                    }
                    None => {}
                },
                Err(f) => self.show_failure(&f),
            },
            Then::EnquiryLogged => match take::<Enquiry>(answer) {
                Ok(e) => {
                    if matches!(self.popup, Some(Popup::Enquiry(_))) {
                        self.popup = None;
                    }
                    self.set_info(msg::enquiry_logged(self.lang, e.id));
                    self.refresh();
                }
                Err(f) => {
                    let field = match f.refusal() {
                        Some(Refusal::Enquiry { problem }) if problem.field().is_some() => {
                            Some(problem.clone())
                        }
                        _ => None,
                    };
                    if let Some(Popup::Enquiry(form)) = &mut self.popup {
                        form.saving = false;
                        form.problems = field.into_iter().collect();
                    }
                    self.show_failure(&f);
                }
            },
            Then::EnquiryResolved => match take::<Enquiry>(answer) {
                Ok(e) => {
                    self.set_info(msg::enquiry_resolved(self.lang, e.id));
                    self.refresh();
                }
                Err(f) => {
                    self.show_failure(&f);
                    self.reload_enquiries(false);
                }
            },
            Then::EnquiryPerson => {
                if let Ok(data) = take::<Lookup>(answer) {
                    self.screens
                        .open(Screen::Lookup(Box::new(super::LookupView {
                            data,
                            selected: 0,
                            scroll: 0,
                        })));
                } else {
                    self.set_error(Text::EnquiryNoPerson.get(self.lang).to_string());
                }
            }
            _ => {}
        }
    }

    /// Keys on the enquiry list.
    pub(in crate::tui) fn enquiries_command(&mut self, c: Command) {
        let Some(s) = self.screens.enquiries_mut() else {
            return;
        };
        let n = s.list.rows.len();
        match c {
            Command::Down => s.selected = (s.selected + 1).min(n.saturating_sub(1)),
            Command::Up => s.selected = s.selected.saturating_sub(1),
            Command::Top => s.selected = 0,
            Command::Bottom => s.selected = n.saturating_sub(1),
            Command::Back | Command::Enquiries => {
                self.screens.close();
                self.after_move();
            }
            Command::Reload => self.reload_enquiries(false),
            Command::Open => match s.selected_enquiry().map(|e| e.registration_number.clone()) {
                Some(Some(r)) => {
                    let input = r.to_string();
                    self.call(Request::Lookup { input }, Then::EnquiryPerson);
                }
                Some(None) => self.set_info(Text::EnquiryNoPerson.get(self.lang).to_string()),
                None => {}
            },
            Command::ResolveEnquiry => {
                if let Some(e) = s.selected_enquiry() {
                    let request = Request::Enquiry(EnquiryRequest::ResolveEnquiry {
                        id: e.id,
                        revision: Some(e.revision),
                    });
                    self.call(request, Then::EnquiryResolved);
                }
            }
            _ => {}
        }
    }

    /// An action on the enquiry form; `None` when the form does not take it.
    pub(in crate::tui) fn enquiry_form_action(
        &mut self,
        form: &mut EnquiryForm,
        action: &Action,
    ) -> Option<Vec<Effect>> {
        match action {
            Action::Complete => form.move_focus(),
            Action::PickNext | Action::PickPrev if form.focus != FormField::Note => {
                form.pick(matches!(action, Action::PickNext));
            }
            // Space on a picked field, like a toggle.
            Action::Edit(InputRequest::InsertChar(' ')) if form.focus != FormField::Note => {
                form.pick(true);
            }
            Action::EditInEditor => {
                return Some(vec![Effect::EditText(form.note.value().to_string())]);
            }
            Action::Edited(Some(text)) => {
                let text = crate::tui::text::clean_keeping_lines(text);
                form.note = Input::new(text.trim_end().to_string());
                form.focus = FormField::Note;
            }
            Action::Edited(None) => {}
            Action::Submit if !form.saving => {
                let draft = form.draft();
                form.problems = problems(&draft, &form.topics);
                if form.problems.is_empty() {
                    form.saving = true;
                    let request = Request::Enquiry(EnquiryRequest::LogEnquiry {
                        registration_number: Some(form.registration_number.clone()),
                        channel: draft.channel,
                        topic: draft.topic,
                        note: draft.note,
                        case: form.picked_case().cloned(),
                        resolved: draft.resolved,
                    });
                    self.call(request, Then::EnquiryLogged);
                } else {
                    self.set_error(Text::EnquiryFix.get(self.lang).to_string());
                }
            }
            Action::Submit => {}
            _ => return None,
        }
        Some(Vec::new())
    }
}
