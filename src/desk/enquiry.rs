//! The enquiry log at the desk: help desk (and anyone above) logs what a
//! caller asked, on the person, with the case it concerns; marks it
//! resolved; lists the open ones with their age.

use super::api::{Response, check_key, check_text};
use super::{Actor, CaseKey, Desk, DeskError, Result, Session};
use crate::domain::enquiry::{
    CaseRef, Channel, Enquiry, EnquiryDraft, EnquiryProblem, EnquiryStatus, problems,
};
use crate::domain::refusal::Refusal;
use crate::domain::{Permission, RegistrationNumber, Subject, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most enquiries one list answers with.
pub const ENQUIRIES_MAX: usize = 500;

/// A request of the enquiry log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnquiryRequest {
    /// Log an enquiry (on a person, or on nobody yet).
    LogEnquiry {
        registration_number: Option<String>,
        channel: Channel,
        topic: String,
        note: String,
        case: Option<CaseKey>,
        /// Answered already: logged resolved.
        resolved: bool,
    },
    /// Mark an enquiry resolved, if it is still open and at `revision`
    /// (a script that read no revision gives none: open is enough).
    ResolveEnquiry { id: u64, revision: Option<u64> },
    /// Enquiries newest first: open ones only, of one person, at most `limit`.
    Enquiries {
        open_only: bool,
        person: Option<String>,
        limit: usize,
    },
}

/// One enquiry of a list, with what the list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryRow {
    pub enquiry: Enquiry,
    /// Days since it was taken (JST days).
    pub age_days: i64,
    /// The caller's name, when the store knows them.
    pub name: Option<String>,
}

/// An answer to `Enquiries`: the rows, and the configured topics (a form
/// offers them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryList {
    pub rows: Vec<EnquiryRow>,
    pub topics: Vec<String>,
    /// Open enquiries in the whole log (the list may show fewer).
    pub open: u64,
}

/// Open enquiries for the backlog overview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryBacklog {
    pub open: u64,
    /// Days since the oldest open one was taken.
    pub oldest_days: Option<i64>,
}

impl EnquiryRequest {
    pub fn name(&self) -> &'static str {
        match self {
            EnquiryRequest::LogEnquiry { .. } => "enquiry.log",
            EnquiryRequest::ResolveEnquiry { .. } => "enquiry.resolve",
            EnquiryRequest::Enquiries { .. } => "enquiries",
        }
    }

    pub fn needs(&self) -> Permission {
        match self {
            EnquiryRequest::Enquiries { .. } => Permission::Read,
            _ => Permission::LogEnquiry,
        }
    }

    /// Refuses texts over the desk's bounds (the note is bounded by the
    /// enquiry's own rule, named on its field).
    pub fn check_bounds(&self) -> Result<()> {
        match self {
            EnquiryRequest::LogEnquiry {
                registration_number,
                topic,
                note,
                case,
                ..
            } => {
                check_text(registration_number.as_deref().unwrap_or(""))?;
                check_text(topic)?;
                if let Some(p) = crate::domain::enquiry::note_problem(note) {
                    return Err(Refusal::from(p).into());
                }
                case.as_ref().map_or(Ok(()), check_key)
            }
            EnquiryRequest::ResolveEnquiry { .. } => Ok(()),
            EnquiryRequest::Enquiries { person, .. } => check_text(person.as_deref().unwrap_or("")),
        }
    }
}

fn regno(input: &str) -> Result<RegistrationNumber> {
    RegistrationNumber::parse_spoken(input).map_err(|_| {
        DeskError::Refused(Refusal::BadRegistrationNumber {
            input: input.to_string(),
        })
    })
}

impl Desk {
    /// Runs one request of the enquiry log.
    pub(super) fn enquiry_request(&self, s: &Session, r: EnquiryRequest) -> Result<Response> {
        let a = &s.actor;
        match r {
            EnquiryRequest::LogEnquiry {
                registration_number,
                channel,
                topic,
                note,
                case,
                resolved,
            } => {
                let draft = EnquiryDraft {
                    registration_number: registration_number.as_deref().map(regno).transpose()?,
                    channel,
                    topic,
                    note,
                    case: case.map(|k| CaseRef {
                        queue: k.queue,
                        reference: k.reference,
                    }),
                    resolved,
                };
                Ok(Response::Enquiry(Box::new(
                    self.log_enquiry(a, draft, s.now)?,
                )))
            }
            EnquiryRequest::ResolveEnquiry { id, revision } => Ok(Response::Enquiry(Box::new(
                self.resolve_enquiry(a, id, revision, s.now)?,
            ))),
            EnquiryRequest::Enquiries {
                open_only,
                person,
                limit,
            } => Ok(Response::Enquiries(self.enquiries(
                a,
                open_only,
                person.as_deref(),
                limit.min(ENQUIRIES_MAX),
                s.today,
            )?)),
        }
    }

    /// Logs an enquiry taken now by `actor`.
    pub fn log_enquiry(&self, actor: &Actor, d: EnquiryDraft, now: Timestamp) -> Result<Enquiry> {
        self.require(actor, Permission::LogEnquiry)?;
        if let Some(r) = &d.registration_number {
            if self.store.person(r.as_str())?.is_none() {
                return Err(Refusal::NoSuchPerson {
                    number: r.to_string(),
                }
                .into());
            }
        }
        if let Some(p) = problems(&d, &self.rules.enquiry_topics).into_iter().next() {
            return Err(Refusal::from(p).into());
        }
        if let Some(c) = &d.case {
            let key = CaseKey::new(c.queue, c.reference.clone());
            let (_, case, _) = self.load_seen(actor, &key)?;
            if let Some(r) = &d.registration_number {
                if case.subject != Subject::Person(r.clone()) {
                    return Err(Refusal::from(EnquiryProblem::CaseNotTheirs {
                        reference: c.reference.clone(),
                    })
                    .into());
                }
            }
        }
        let e = Enquiry {
            id: 0,
            registration_number: d.registration_number,
            at: now,
            by: actor.name.clone(),
            channel: d.channel,
            topic: d.topic,
            note: d.note,
            case: d.case,
            status: if d.resolved {
                EnquiryStatus::Resolved {
                    at: now,
                    by: actor.name.clone(),
                }
            } else {
                EnquiryStatus::Open
            },
            revision: 1,
        };
        Ok(self.store.log_enquiry(&e, actor.uid)?)
    }

    /// Marks an enquiry resolved by `actor`, if nobody changed it since `revision`.
    pub fn resolve_enquiry(
        &self,
        actor: &Actor,
        id: u64,
        revision: Option<u64>,
        now: Timestamp,
    ) -> Result<Enquiry> {
        self.require(actor, Permission::LogEnquiry)?;
        Ok(self
            .store
            .resolve_enquiry(id, revision, &actor.name, actor.uid, now)?)
    }

    /// Enquiries newest first, at most `limit`.
    pub fn enquiries(
        &self,
        actor: &Actor,
        open_only: bool,
        person: Option<&str>,
        limit: usize,
        today: NaiveDate,
    ) -> Result<EnquiryList> {
        self.require(actor, Permission::Read)?;
        let mut names: std::collections::HashMap<String, Option<String>> = Default::default();
        let mut rows = Vec::new();
        let mut open = 0u64;
        let mut take = |e: Enquiry, rows: &mut Vec<EnquiryRow>| -> Result<()> {
            if rows.len() >= limit || (open_only && !e.status.is_open()) {
                return Ok(());
            }
            let name = match &e.registration_number {
                Some(r) => match names.get(r.as_str()) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.store.person(r.as_str())?.map(|p| p.name);
                        names.insert(r.to_string(), n.clone());
                        n
                    }
                },
                None => None,
            };
            rows.push(EnquiryRow {
                age_days: e.age_days(today),
                name,
                enquiry: e,
            });
            Ok(())
        };
        match person {
            Some(p) => {
                for e in self.store.enquiries_of(regno(p)?.as_str())? {
                    open += u64::from(e.status.is_open());
                    take(e, &mut rows)?;
                }
            }
            None => {
                for e in self.store.enquiries_newest() {
                    let e = e?;
                    open += u64::from(e.status.is_open());
                    take(e, &mut rows)?;
                }
            }
        }
        Ok(EnquiryList {
            rows,
            topics: self.rules.enquiry_topics.clone(),
            open,
        })
    }

    /// How many enquiries are open, and the age of the oldest.
    pub fn enquiry_backlog(&self, today: NaiveDate) -> Result<EnquiryBacklog> {
        let mut b = EnquiryBacklog::default();
        for e in self.store.enquiries_newest() {
            let e = e?;
            if e.status.is_open() {
                b.open += 1;
                let age = e.age_days(today);
                b.oldest_days = Some(b.oldest_days.map_or(age, |o| o.max(age)));
            }
        }
        Ok(b)
    }

    /// A person's enquiries, newest first (the lookup).
    pub(super) fn enquiries_of(&self, regno: &str) -> Result<Vec<Enquiry>> {
        Ok(self.store.enquiries_of(regno)?)
    }
}
