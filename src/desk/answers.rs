//! A desk's answer taken as the type the request expects
//! (`desk.ask::<Page>(…)`): one line per kind of answer, and the sentence
//! when the two sides disagree.

use super::api::{CheckSummary, Response};
use super::mail::Outgoing;
use super::{
    Backlog, BulkReport, CaseDetail, CaseKey, DeskError, FollowupReport, Lookup, Page, QueueCounts,
    Result,
};
use crate::domain::{Case, Role};

/// An answer of another kind than the request's: the two sides disagree.
fn unexpected(r: &Response) -> DeskError {
    let what = match r {
        Response::Counts(_) => "counts",
        Response::Page(_) => "page",
        Response::Detail(_) => "detail",
        Response::Lookup(_) => "lookup",
        Response::Case(_) => "case",
        Response::Undoable(_) => "undoable",
        Response::Bulk(_) => "bulk",
        Response::Followups(_) => "followups",
        Response::Users(_) => "users",
        Response::UserRows(_) => "user_rows",
        Response::Orgs(_) => "orgs",
        Response::UserNames(_) => "user_names",
        Response::Check(_) => "check",
        Response::AuditHead(_) => "audit_head",
        Response::Notifications(_) => "notifications",
        Response::Done => "done",
        Response::Backlog(_) => "backlog",
        Response::Keys(_) => "keys",
        Response::Numbers(_) => "numbers",
        Response::UndoInfo(_) => "undo_info",
        Response::Outbox(_) => "outbox",
        Response::ServiceMail(_) => "service_mail",
        Response::Recorded(_) => "recorded",
        Response::Fields(_) => "fields",
        Response::Enquiry(_) => "enquiry",
        Response::Enquiries(_) => "enquiries",
        Response::Linked(_) => "linked",
        Response::Document(_) => "document",
        Response::Documents(_) => "documents",
    };
    DeskError::Failed(super::trouble::Trouble::WrongAnswer { what: what.into() })
}

macro_rules! answers {
    ($($variant:ident => $ty:ty $(, boxed $b:tt)?;)*) => {$(
        impl TryFrom<Response> for $ty {
            type Error = DeskError;
            fn try_from(r: Response) -> Result<Self> {
                match r {
                    Response::$variant(v) => Ok(answers!(@unbox v $($b)?)),
                    other => Err(unexpected(&other)),
                }
            }
        }
    )*};
    (@unbox $v:ident) => { $v };
    (@unbox $v:ident $b:tt) => { *$v };
}

answers! {
    Counts => Vec<QueueCounts>;
    Page => Page;
    Detail => CaseDetail, boxed 1;
    Lookup => Lookup, boxed 1;
    Case => Case, boxed 1;
    Undoable => Option<CaseKey>;
    Bulk => BulkReport;
    Followups => FollowupReport;
    Users => Vec<(String, Role)>;
    UserRows => Vec<super::UserRow>;
    Orgs => Vec<super::OrgRow>;
    UserNames => std::collections::BTreeMap<String, String>;
    Check => CheckSummary;
    AuditHead => crate::store::AuditHead;
    Notifications => Vec<Outgoing>;
    Backlog => Backlog, boxed 1;
    Keys => Vec<CaseKey>;
    Numbers => Vec<u64>;
    UndoInfo => super::undo::UndoInfo;
    Outbox => Vec<crate::domain::OutboxMessage>;
    ServiceMail => Option<super::MailStopped>;
    Recorded => super::record::RecordReport, boxed 1;
    Fields => super::record::RecordFields, boxed 1;
    Enquiry => crate::domain::enquiry::Enquiry, boxed 1;
    Enquiries => super::enquiry::EnquiryList;
    Linked => super::link::LinkReport;
    Document => crate::domain::document::Document, boxed 1;
    Documents => Vec<super::document::DocumentOutcome>;
}

impl TryFrom<Response> for () {
    type Error = DeskError;
    fn try_from(r: Response) -> Result<()> {
        match r {
            Response::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }
}
