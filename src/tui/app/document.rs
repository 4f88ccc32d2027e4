//! `P`: a document of the case shown. The popup previews the letter's text
//! as the desk would make it (nothing numbered yet; `Tab` another kind that
//! applies); `Enter` has the desk number and record it, then the runner
//! writes the PDF where `[documents] output_dir` says and prints it with
//! `print_command` if one is configured.

use super::answer::{Answer, Then, take};
use super::{Action, App, Effect, Popup};
use crate::desk::{CaseKey, DocumentRequest, Request};
use crate::document::letter::{Letter, letter};
use crate::domain::document::{Document, DocumentKind};
use crate::domain::{Flag, Queue, State};

use crate::tui::commands::Command;
use std::path::PathBuf;

/// The document popup's state.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPopup {
    pub key: CaseKey,
    /// The kinds that apply to the case, the first the likeliest.
    pub kinds: Vec<DocumentKind>,
    pub at: usize,
    /// The letter as the desk would make it, once it has answered.
    pub letter: Option<Letter>,
    /// Why the desk would not make it.
    pub error: Option<String>,
    pub scroll: usize,
    /// `Enter` pressed: the desk is numbering it.
    pub writing: bool,
}

impl DocumentPopup {
    pub fn kind(&self) -> DocumentKind {
        self.kinds
            .get(self.at)
            .copied()
            .unwrap_or(DocumentKind::ReturnLetter)
    }
}

/// A PDF to write (and print) off the screen's thread.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub letter: Letter,
    pub path: PathBuf,
    pub font: PathBuf,
    pub print: Option<String>,
    pub kind: DocumentKind,
    pub number: String,
    pub again: bool,
}

/// What writing a document came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub kind: DocumentKind,
    pub number: String,
    pub path: PathBuf,
    pub printed: bool,
    pub again: bool,
}

/// The kinds of document a case's queue, state and flags call for.
pub fn kinds_for(queue: Queue, state: State, flags: &[Flag]) -> Vec<DocumentKind> {
    let mut out = Vec::new();
    if state == State::Returned {
        out.push(DocumentKind::ReturnLetter);
    }
    match queue {
        Queue::LoanFollowup => {
            if flags.contains(&Flag::PaymentOverdue) {
                out.push(DocumentKind::Reminder);
            }
            if flags.contains(&Flag::RepaymentDue) {
                out.push(DocumentKind::PaymentNotice);
            }
            out.push(DocumentKind::LoanDecision);
        }
        Queue::FacilityReport
            if state == State::CertificationReturn || flags.contains(&Flag::NoValidSupervisor) =>
        {
            out.push(DocumentKind::CertificationReturnRequest);
        }
        _ => {}
    }
    out
}

/// Whether a letter goes out for the case (`P` is hinted): returned, a
/// repayment, a certification being returned (after `H`, which comes first).
pub fn calls_for_letter(queue: Queue, state: State, flags: &[Flag]) -> bool {
    kinds_for(queue, state, flags)
        .first()
        .is_some_and(|k| match k {
            DocumentKind::LoanDecision => false,
            DocumentKind::CertificationReturnRequest => state == State::CertificationReturn,
            _ => true,
        })
}

impl App {
    /// Whether the case shown calls for `c` beyond the usual hints: `H`
    /// (認定返上) on a submitted facility report without a valid supervisor;
    /// `P` on a case a letter goes out for.
    pub fn suggests(&self, c: Command) -> bool {
        let row = self.selected_row();
        match c {
            Command::CertificationReturn => {
                self.offers(c)
                    && row.is_some_and(|r| {
                        r.key.queue == Queue::FacilityReport
                            && r.state == crate::domain::State::Submitted
                            && r.flags.contains(&crate::domain::Flag::NoValidSupervisor)
                    })
            }
            // `P` on a case a letter goes out for: returned, a repayment, a return of certification.
            Command::Document => {
                self.offers(c)
                    && row.is_some_and(|r| calls_for_letter(r.key.queue, r.state, &r.flags))
            }
            _ => false,
        }
    }

    /// `P` on the case shown.
    pub(in crate::tui) fn open_document(&mut self) {
        let Some(row) = self.selected_row() else {
            self.say_no_row();
            return;
        };
        let kinds = kinds_for(row.key.queue, row.state, &row.flags);
        if kinds.is_empty() {
            self.set_info(crate::i18n::documents::none_applies(self.lang).to_string());
            return;
        }
        let key = row.key.clone();
        self.popup = Some(Popup::Document(Box::new(DocumentPopup {
            key,
            kinds,
            at: 0,
            letter: None,
            error: None,
            scroll: 0,
            writing: false,
        })));
        self.ask_preview();
    }

    fn ask_preview(&mut self) {
        if let Some(Popup::Document(p)) = &self.popup {
            let (kind, key) = (p.kind(), p.key.clone());
            let request = Request::Document(DocumentRequest::Preview {
                kind,
                key: key.clone(),
            });
            self.call(request, Then::DocumentPreview { key, kind });
        }
    }

    /// Keys in the document popup; None for those it leaves to the rest.
    pub(in crate::tui) fn document_action(
        &mut self,
        p: &mut DocumentPopup,
        action: &Action,
    ) -> Option<Vec<Effect>> {
        let rows = (self.size.1 as usize).saturating_sub(5).max(1);
        let lines = p
            .letter
            .as_ref()
            .map_or(0, |l| l.text(self.preview_width()).len());
        let last = lines.saturating_sub(rows);
        match action {
            Action::PickNext => p.scroll = (p.scroll + 1).min(last),
            Action::PickPrev => p.scroll = p.scroll.saturating_sub(1),
            Action::PopupPage { down: true } => p.scroll = (p.scroll + rows).min(last),
            Action::PopupPage { down: false } => p.scroll = p.scroll.saturating_sub(rows),
            Action::Complete if p.kinds.len() > 1 && !p.writing => {
                p.at = (p.at + 1) % p.kinds.len();
                p.letter = None;
                p.error = None;
                p.scroll = 0;
                self.popup = Some(Popup::Document(Box::new(p.clone())));
                self.ask_preview();
            }
            Action::Submit if p.letter.is_some() && !p.writing => {
                p.writing = true;
                let request = Request::Document(DocumentRequest::One {
                    kind: p.kind(),
                    key: p.key.clone(),
                });
                self.popup = Some(Popup::Document(Box::new(p.clone())));
                self.call(request, Then::DocumentMade);
            }
            Action::Cancel => {}
            Action::Submit | Action::Complete | Action::Edit(_) | Action::Paste(_) => {}
            _ => return None,
        }
        Some(Vec::new())
    }

    /// The width the preview's text is laid out for: the popup's inside.
    pub fn preview_width(&self) -> usize {
        (self.size.0.min(100) as usize).saturating_sub(4).max(20)
    }

    /// The desk's preview of the popup's document.
    pub(in crate::tui) fn document_previewed(
        &mut self,
        key: CaseKey,
        kind: DocumentKind,
        answer: Answer,
    ) {
        let lang = self.lang;
        let dates = self.dates;
        let cfg = self.documents.clone();
        if let Some(Popup::Document(p)) = &mut self.popup {
            if p.key != key || p.kind() != kind {
                return;
            }
            match take::<Document>(answer) {
                Ok(d) => p.letter = Some(letter(&d, &cfg)),
                Err(f) => p.error = Some(f.text(lang, dates)),
            }
        }
    }

    /// The desk numbered the document: the PDF is written (and printed) next.
    pub(in crate::tui) fn document_made(&mut self, answer: Answer) -> Vec<Effect> {
        let cfg = self.documents.clone();
        match take::<Document>(answer) {
            Ok(d) => {
                self.popup = None;
                let job = WriteJob {
                    letter: letter(&d, &cfg),
                    path: cfg.output_dir().join(crate::document::file_name(&d)),
                    font: cfg.font.clone(),
                    print: cfg.print_command.clone(),
                    kind: d.issued.kind,
                    number: cfg.number_text(d.issued.number.seq),
                    again: d.issued.again,
                };
                self.set_info(crate::i18n::documents::writing(self.lang).to_string());
                // The detail names the documents made of the case; a payment
                // notice may move its case in the list (its deadline is the
                // loan's now): the cursor stays on it.
                self.queues.follow = Some((
                    CaseKey::new(d.issued.queue, d.issued.reference.clone()),
                    None,
                ));
                self.refresh();
                vec![Effect::WriteDocument(Box::new(job))]
            }
            Err(f) => {
                let text = f.text(self.lang, self.dates);
                if let Some(Popup::Document(p)) = &mut self.popup {
                    p.writing = false;
                    p.error = Some(text.clone());
                }
                self.set_error(crate::i18n::msg::refused(self.lang, &text));
                Vec::new()
            }
        }
    }

    /// The runner wrote the file, or why not.
    pub(in crate::tui) fn document_written(&mut self, result: Result<Written, String>) {
        use crate::i18n::documents as words;
        match result {
            Ok(w) => {
                let path = w.path.display().to_string();
                self.set_info(words::written(
                    self.lang, w.kind, &w.number, w.again, &path, w.printed,
                ));
            }
            Err(why) => self.set_error(words::not_written(self.lang, &why)),
        }
    }
}
