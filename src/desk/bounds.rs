//! The desk's bounds: every text and list of a request is measured before
//! any work begins, so that no one request holds a core or a page of memory
//! for long (issue 25), and an over-long one is refused naming its bound.

use super::decide::BulkAction;
use super::{CaseKey, DUE_MAX, DeskError, PAGE_MAX_ROWS, Request, Result};
use crate::domain::refusal::{Bounded, Refusal, TextField};

/// The most views one `view_counts` request counts (each reads its queue).
pub const VIEWS_MAX: usize = 64;

/// The longest filter the desk reads, in characters, and its most terms.
pub const FILTER_MAX_CHARS: usize = 1_000;
pub const FILTER_MAX_TERMS: usize = 32;

/// The longest reason of a decision, in characters.
pub const REASON_MAX_CHARS: usize = 4_000;

/// The longest of any other text of a request (a name, a reference, a
/// lookup), in characters.
pub const TEXT_MAX_CHARS: usize = 1_000;

fn too_long(what: TextField, text: &str, max: usize) -> Result<()> {
    // Counting is cheap next to the frame that carried the text.
    let chars = text.chars().count();
    if chars > max {
        return Err(DeskError::Refused(Refusal::TooLong { what, chars, max }));
    }
    Ok(())
}

/// Refuses a filter over the desk's bounds (in characters, then in terms).
pub fn check_filter(text: &str) -> Result<()> {
    too_long(TextField::Filter, text, FILTER_MAX_CHARS)?;
    let terms = text.split_whitespace().count();
    if terms > FILTER_MAX_TERMS {
        return Err(DeskError::Refused(Refusal::TooMany {
            what: Bounded::FilterTerms,
            count: terms,
            max: FILTER_MAX_TERMS,
        }));
    }
    Ok(())
}

/// Refuses a text of a request longer than [`TEXT_MAX_CHARS`].
pub fn check_text(text: &str) -> Result<()> {
    too_long(TextField::Text, text, TEXT_MAX_CHARS)
}

pub(super) fn check_reason(text: &str) -> Result<()> {
    too_long(TextField::Reason, text, REASON_MAX_CHARS)
}

/// Refuses a case key whose reference is over the bound.
pub fn check_key(key: &CaseKey) -> Result<()> {
    check_text(&key.reference)
}

pub(super) fn check_keys(keys: &[CaseKey]) -> Result<()> {
    if keys.len() > super::decide::BULK_MAX_CASES {
        return Err(DeskError::Refused(Refusal::TooMany {
            what: Bounded::BulkCases,
            count: keys.len(),
            max: super::decide::BULK_MAX_CASES,
        }));
    }
    keys.iter().try_for_each(check_key)
}

impl Request {
    /// Refuses a request whose sizes are over the desk's bounds, before anything
    /// is allocated for it or any work begins: every list and every text of
    /// every request is bounded, so that no one request holds a core for long.
    pub fn check_bounds(&self) -> Result<()> {
        let too_many =
            |what, count, max| Err(DeskError::Refused(Refusal::TooMany { what, count, max }));
        match self {
            Request::Counts
            | Request::Undo
            | Request::Undoable
            | Request::GenerateFollowups
            | Request::Users
            | Request::UserNames
            | Request::Check
            | Request::AuditHead
            | Request::FailedNotifications
            | Request::RetryNotification { .. }
            | Request::CancelNotification { .. }
            | Request::UndoInfo
            | Request::ServiceMail
            // Its limit is the most the desk answers with (DUE_MAX).
            | Request::DueNotifications { .. } => Ok(()),
            Request::ReleaseNotifications { ids } => {
                if ids.len() > DUE_MAX {
                    return too_many(Bounded::Notifications, ids.len(), DUE_MAX);
                }
                Ok(())
            }
            Request::Page { query } => {
                if query.limit > PAGE_MAX_ROWS {
                    return too_many(Bounded::PageRows, query.limit, PAGE_MAX_ROWS);
                }
                check_filter(&query.text)
            }
            Request::MatchKeys { query, .. } => check_filter(&query.text),
            Request::Detail { key }
            | Request::Approve { key, .. }
            | Request::Chase { key, .. }
            | Request::Claim { key, .. }
            | Request::Annotate { key, .. } => check_key(key),
            Request::ReturnCase { key, reason, .. }
            | Request::CertificationReturn { key, reason, .. }
            | Request::Reopen { key, reason, .. } => {
                check_key(key)?;
                check_reason(reason)
            }
            Request::Reassign { key, to, .. } => {
                check_key(key)?;
                check_text(to)
            }
            Request::Lookup { input: text }
            | Request::SetAdmin { name: text, .. }
            | Request::RemoveOrg { id: text }
            | Request::CheckSinceHead { head: text } => check_text(text),
            Request::AddUser { name, at, .. } | Request::RemoveUser { name, at, .. } => {
                check_text(name)?;
                if at.orgs.len() > crate::domain::org::CASE_ORGS_MAX * 4 {
                    return too_many(Bounded::Views, at.orgs.len(), crate::domain::org::CASE_ORGS_MAX * 4);
                }
                at.orgs.iter().try_for_each(|o| check_text(o))
            }
            Request::PutOrg { org, .. } => {
                check_text(org.id.as_str())?;
                check_text(&org.name)?;
                [&org.inquiry_email, &org.member_admin_email]
                    .into_iter()
                    .flatten()
                    .try_for_each(|a| check_text(a))
            }
            Request::UserRows | Request::Orgs => Ok(()),
            Request::SetUserName { name, shown } => {
                check_text(name)?;
                shown.as_deref().map_or(Ok(()), check_text)
            }
            Request::Bulk { keys, action } => {
                check_keys(keys)?;
                match action {
                    BulkAction::Return { reason } => check_reason(reason),
                    BulkAction::Approve => Ok(()),
                }
            }
            Request::ReassignMany { keys, to } => {
                check_keys(keys)?;
                check_text(to)
            }
            Request::Backlog { filter } => check_filter(filter.as_deref().unwrap_or("")),
            Request::Record { form } => form.check_bounds(),
            Request::RecordFields { kind, key } => {
                check_text(kind)?;
                check_text(key)
            }
            Request::Enquiry(r) => r.check_bounds(),
            Request::LinkDuplicate {
                duplicate, keep, ..
            } => {
                check_text(duplicate)?;
                check_text(keep)
            }
            Request::Document(r) => r.check_bounds(),
            Request::ViewCounts { views, .. } => {
                if views.len() > VIEWS_MAX {
                    return too_many(Bounded::Views, views.len(), VIEWS_MAX);
                }
                for v in views {
                    check_text(&v.name)?;
                    check_text(v.sort.as_deref().unwrap_or(""))?;
                    check_filter(&v.query)?;
                }
                Ok(())
            }
        }
    }
}
