//! Documents (文書): a numbered letter of a case, as a desk request. The
//! figures come from the same rules that flag the case
//! (`domain::document::body`); the number is given and audited in one
//! transaction (`store::Store::issue_document`). The letter's words and its PDF are made
//! at the edge (`crate::document`), from the [`Document`] answered here.

use super::api::Response;
use super::bounds::{check_key, check_keys};
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::document::{self, Document, DocumentBody, DocumentKind, DocumentNumber, Issued};
use crate::domain::refusal::Refusal;
use crate::domain::{Permission, Timestamp};
use crate::store::IssueRequest;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A document request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentRequest {
    /// One case's document, numbered (operators and supervisors).
    One { kind: DocumentKind, key: CaseKey },
    /// What the document would say, without numbering it (the TUI's
    /// preview): the number given before, or none yet (0).
    Preview { kind: DocumentKind, key: CaseKey },
    /// The same kind for many cases, one by one with progress (supervisors).
    Many {
        kind: DocumentKind,
        keys: Vec<CaseKey>,
    },
}

/// One case's document in a batch, or why it was not made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentOutcome {
    pub key: CaseKey,
    pub result: std::result::Result<Document, Refusal>,
}

impl DocumentRequest {
    pub fn name(&self) -> &'static str {
        match self {
            DocumentRequest::One { .. } => "document",
            DocumentRequest::Preview { .. } => "document.preview",
            DocumentRequest::Many { .. } => "documents",
        }
    }

    pub fn needs(&self) -> Permission {
        match self {
            DocumentRequest::One { .. } | DocumentRequest::Preview { .. } => Permission::Document,
            DocumentRequest::Many { .. } => Permission::Bulk,
        }
    }

    pub fn check_bounds(&self) -> Result<()> {
        match self {
            DocumentRequest::One { key, .. } | DocumentRequest::Preview { key, .. } => {
                check_key(key)
            }
            DocumentRequest::Many { keys, .. } => check_keys(keys),
        }
    }
}

/// The deadline a document's body gives, to keep with its number.
fn deadline(body: &DocumentBody) -> Option<NaiveDate> {
    match body {
        DocumentBody::PaymentNotice { deadline, .. } | DocumentBody::Reminder { deadline, .. } => {
            Some(*deadline)
        }
        _ => None,
    }
}

impl Desk {
    /// Runs a document request.
    pub(super) fn document_request(
        &self,
        actor: &Actor,
        r: DocumentRequest,
        today: NaiveDate,
        now: Timestamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Response> {
        self.require(actor, r.needs())?;
        match r {
            DocumentRequest::One { kind, key } => Ok(Response::Document(Box::new(
                self.document(actor, kind, &key, today, now)?,
            ))),
            DocumentRequest::Preview { kind, key } => Ok(Response::Document(Box::new(
                self.preview_document(actor, kind, &key, today, now)?,
            ))),
            DocumentRequest::Many { kind, keys } => {
                let mut out = Vec::with_capacity(keys.len());
                for (i, key) in keys.iter().enumerate() {
                    progress(i, keys.len());
                    let result = match self.document(actor, kind, key, today, now) {
                        Ok(d) => Ok(d),
                        Err(DeskError::Refused(r)) => Err(r),
                        Err(e) => return Err(e),
                    };
                    out.push(DocumentOutcome {
                        key: key.clone(),
                        result,
                    });
                }
                progress(keys.len(), keys.len());
                Ok(Response::Documents(out))
            }
        }
    }

    /// The document as it would be made now, or as it was made: nothing is
    /// numbered or recorded.
    pub fn preview_document(
        &self,
        actor: &Actor,
        kind: DocumentKind,
        key: &CaseKey,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<Document> {
        self.require(actor, Permission::Document)?;
        let (_, case, orgs) = self.load_seen(actor, key)?;
        self.require_on(actor, Permission::Document, None, &case, &orgs)?;
        let ctx = self.context(&case)?;
        let before = self
            .store
            .issued_document(kind, key.queue, &key.reference)?;
        let (date, given) = before
            .as_ref()
            .map_or((today, None), |i| (i.date, i.deadline));
        let (addressee, body) =
            document::body(kind, &case, &ctx, &self.rules, &self.calendar, date, given).map_err(
                |problem| {
                    DeskError::Refused(Refusal::Document {
                        reference: key.reference.clone(),
                        problem,
                    })
                },
            )?;
        let issued = before.map_or_else(
            || Issued {
                kind,
                queue: key.queue,
                reference: key.reference.clone(),
                number: DocumentNumber {
                    fiscal_year: crate::domain::time::fiscal_year(date),
                    seq: 0,
                },
                date,
                deadline: deadline(&body),
                by: actor.name.clone(),
                at: now,
                again: false,
            },
            |mut i| {
                i.again = true;
                i
            },
        );
        Ok(Document {
            issued,
            addressee,
            body,
        })
    }

    /// The document of `kind` for a case: numbered the first time (the next
    /// number of the fiscal year of `today`), and with the first number,
    /// date and deadline every time after.
    pub fn document(
        &self,
        actor: &Actor,
        kind: DocumentKind,
        key: &CaseKey,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<Document> {
        self.require(actor, Permission::Document)?;
        let (_, case, orgs) = self.load_seen(actor, key)?;
        self.require_on(actor, Permission::Document, None, &case, &orgs)?;
        let ctx = self.context(&case)?;
        let refuse = |problem| {
            DeskError::Refused(Refusal::Document {
                reference: key.reference.clone(),
                problem,
            })
        };
        let make = |date, deadline| {
            document::body(
                kind,
                &case,
                &ctx,
                &self.rules,
                &self.calendar,
                date,
                deadline,
            )
            .map_err(refuse)
        };
        let before = self
            .store
            .issued_document(kind, key.queue, &key.reference)?;
        let first_time = before.is_none();
        let (date, given) = before.map_or((today, None), |i| (i.date, i.deadline));
        let (mut addressee, mut body) = make(date, given)?;
        let wanted = deadline(&body);
        // A payment notice numbered for the first time is the notice the
        // loan's deadline and late interest run from: its event goes on the
        // loan in the same transaction, unless one was recorded already.
        let notice = match (&body, first_time) {
            (
                DocumentBody::PaymentNotice {
                    loan_id, deadline, ..
                },
                true,
            ) => self.notice_recorded(actor, loan_id, date, *deadline, today, now)?,
            _ => None,
        };
        let issued = self.store.issue_document(&IssueRequest {
            kind,
            queue: key.queue,
            reference: &key.reference,
            date,
            deadline: wanted,
            by: &actor.name,
            uid: actor.uid,
            at: now,
            first: notice.as_ref(),
        })?;
        // Another operator numbered it first, on another day: theirs stands.
        if issued.date != date || issued.deadline != wanted {
            (addressee, body) = make(issued.date, issued.deadline)?;
        }
        Ok(Document {
            issued,
            addressee,
            body,
        })
    }

    /// The loan with its `repayment_notice` event (sent `date`, deadline
    /// `deadline`) and its follow-ups brought up to it, as one batch; none
    /// when the loan has a notice recorded already.
    fn notice_recorded(
        &self,
        actor: &Actor,
        loan_id: &str,
        date: NaiveDate,
        deadline: NaiveDate,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<Option<crate::store::WriteBatch>> {
        use crate::domain::{LoanEvent, LoanEventKind};
        let Some(mut loan) = self.store.loan(loan_id)? else {
            return Ok(None);
        };
        if loan
            .events
            .iter()
            .any(|e| e.event == LoanEventKind::RepaymentNotice)
        {
            return Ok(None);
        }
        let mut event = LoanEvent::new(LoanEventKind::RepaymentNotice, date);
        event.end_date = Some(deadline);
        loan.events.push(event);
        loan.events.sort_by_key(|e| (e.date, e.event));
        let drafts = self.loan_drafts(&loan, today)?;
        let mut cases = Vec::new();
        let mut counted = super::FollowupReport::default();
        self.loan_followup_writes(actor, &loan, drafts, today, now, &mut cases, &mut counted)?;
        Ok(Some(super::undo::batch_of(
            actor,
            now,
            cases,
            vec![crate::store::RegistryWrite::Loan(loan)],
        )))
    }
}
