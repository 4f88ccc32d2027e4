//! The one list of what the desk can do. A [`Request`] is run by
//! [`Desk::execute`] for a [`Session`] (who acts, and when); every front end —
//! the TUI, the command line, the server — goes through a [`DeskClient`], which
//! is the desk in this process ([`LocalDesk`]) or a server's over its socket.

pub use super::bounds::{
    FILTER_MAX_CHARS, FILTER_MAX_TERMS, REASON_MAX_CHARS, TEXT_MAX_CHARS, VIEWS_MAX, check_filter,
    check_key, check_text,
};
use super::decide::BulkAction;
use super::export::{ExportError, ExportSpec};
use super::import::{FileReport, FollowupReport, ImportOptions};
use super::mail::Outgoing;
use super::query::{CaseDetail, Lookup, Page, PageQuery, QueueCounts};
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::clock::Clock;
use crate::domain::{Case, Permission, Role, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::backlog::Backlog;
use super::decide::BulkReport;

/// Who acts and when: the desk takes both from here, never from a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The acting user with the role the store gives them now.
    pub actor: Actor,
    /// The time of a decision.
    pub now: Timestamp,
    /// The JST date deadlines are computed for (`--as-of`).
    pub today: NaiveDate,
}

/// The most rows one page request may ask for.
pub const PAGE_MAX_ROWS: usize = 500;

/// One command or query of the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Open and overdue counts of every queue.
    Counts,
    /// One page of a queue.
    Page { query: PageQuery },
    /// Everything about one case.
    Detail { key: CaseKey },
    /// What help desk sees for a registration number.
    Lookup { input: String },
    /// The next step of the case's workflow.
    Approve { key: CaseKey, revision: u64 },
    /// 差し戻し, with a reason the applicant can act on.
    ReturnCase {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    /// Chase a programme director who has not answered.
    Chase { key: CaseKey, revision: u64 },
    /// Move a facility report to certification return (返上).
    CertificationReturn {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    /// Assign the case to the acting user.
    Claim { key: CaseKey, revision: u64 },
    /// Open a closed case again.
    Reopen {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    /// Assign the case to another user.
    Reassign {
        key: CaseKey,
        revision: u64,
        to: String,
    },
    /// Add a note.
    Annotate { key: CaseKey, text: String },
    /// Undo the acting user's last decision while its notice is unreleased.
    Undo,
    /// The case the acting user's undo would restore.
    Undoable,
    /// One decision on many cases.
    Bulk {
        keys: Vec<CaseKey>,
        action: BulkAction,
    },
    /// (Re)generate loan and missing-report follow-ups as of today.
    GenerateFollowups,
    /// Every user with a role.
    Users,
    /// Every user's name as people read it (`tanaka` → `田中 花子`).
    UserNames,
    /// Set (or with `None` remove) the name people read for a user.
    SetUserName { name: String, shown: Option<String> },
    /// Give a user a role, in the organisations named (none: the one the
    /// store or the giver makes obvious).
    AddUser {
        name: String,
        role: Role,
        /// Even the service account's role, though mail would stop.
        #[serde(default)]
        force: bool,
        #[serde(default)]
        at: super::users::Where,
    },
    /// Take a user's roles away in the organisations named (none: all the
    /// giver manages).
    RemoveUser {
        name: String,
        #[serde(default)]
        force: bool,
        #[serde(default)]
        at: super::users::Where,
    },
    /// Make a user an administrator of the store, or not (administrators).
    SetAdmin { name: String, admin: bool },
    /// Every user with their roles per organisation, as far as the asker
    /// manages them.
    UserRows,
    /// Every organisation, with its cases and users counted.
    Orgs,
    /// Create (`create`) or replace an organisation (administrators).
    PutOrg {
        org: Box<crate::domain::org::Organisation>,
        create: bool,
    },
    /// Remove an organisation that holds nothing (administrators).
    RemoveOrg { id: String },
    /// Verify the store.
    Check,
    /// The head of the keyed audit chain (`SEQ:MAC`), for anchoring elsewhere.
    AuditHead,
    /// Verify that the audit chain still extends a head anchored earlier
    /// (`SEQ:MAC` as `AuditHead` gave it).
    CheckSinceHead { head: String },
    /// The notifications the mail relay refused for good, oldest first.
    FailedNotifications,
    /// Queue a failed (or cancelled) notification again, same Message-ID.
    RetryNotification { id: u64 },
    /// Cancel a queued or failed notification: it is never sent.
    CancelNotification { id: u64 },
    /// The backlog overview, of the cases a filter selects (all when None).
    Backlog { filter: Option<String> },
    /// The keys of every case a page query selects (`M`), at most `max`
    /// (and never more than one over what a bulk decision takes).
    MatchKeys { query: PageQuery, max: usize },
    /// Assign many cases to one of the store's users.
    ReassignMany { keys: Vec<CaseKey>, to: String },
    /// How many cases each view selects (a view without a queue counts in `shown`).
    ViewCounts {
        views: Vec<crate::domain::view::View>,
        shown: crate::domain::Queue,
    },
    /// What the next undo would do, and how long a decision stays undoable.
    UndoInfo,
    /// The notifications due to be handed out (at most `limit`, capped at
    /// [`DUE_MAX`]); nothing is released.
    DueNotifications {
        limit: usize,
        queue: Option<crate::domain::Queue>,
    },
    /// Marks released the notifications that were handed out (written out
    /// whole); answers with the ids it released.
    ReleaseNotifications { ids: Vec<u64> },
    /// Whether the service account can send mail (the TUI warns supervisors).
    ServiceMail,
    /// Record a form: a loan event, a case received on paper, or a change
    /// of a person, facility, physician or loan (`record`).
    Record { form: super::record::RecordForm },
    /// A record's current fields, for a form (`kind` an import kind, `key` its key).
    RecordFields { kind: String, key: String },
    /// The enquiry log: log, resolve, list (`desk::enquiry`).
    Enquiry(super::enquiry::EnquiryRequest),
    /// Link a duplicate registration (二重登録) to the one that stays.
    LinkDuplicate {
        duplicate: String,
        keep: String,
        #[serde(default)]
        dry_run: bool,
    },
    /// A numbered letter of a case, or of many (`desk::document`).
    Document(super::document::DocumentRequest),
}

/// The most notifications one `DueNotifications` answers with.
pub const DUE_MAX: usize = 2_000;

/// A successful answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Counts(Vec<QueueCounts>),
    Page(Page),
    Detail(Box<CaseDetail>),
    Lookup(Box<Lookup>),
    Case(Box<Case>),
    Undoable(Option<CaseKey>),
    Bulk(BulkReport),
    Followups(FollowupReport),
    Users(Vec<(String, Role)>),
    UserRows(Vec<super::users::UserRow>),
    Orgs(Vec<super::orgs::OrgRow>),
    UserNames(std::collections::BTreeMap<String, String>),
    Check(CheckSummary),
    AuditHead(crate::store::AuditHead),
    Notifications(Vec<Outgoing>),
    Done,
    Backlog(Box<Backlog>),
    Keys(Vec<CaseKey>),
    Numbers(Vec<u64>),
    UndoInfo(super::undo::UndoInfo),
    Outbox(Vec<crate::domain::OutboxMessage>),
    ServiceMail(Option<super::MailStopped>),
    Recorded(Box<super::record::RecordReport>),
    Fields(Box<super::record::RecordFields>),
    /// An enquiry as logged or changed.
    Enquiry(Box<crate::domain::enquiry::Enquiry>),
    Enquiries(super::enquiry::EnquiryList),
    Linked(super::link::LinkReport),
    Document(Box<crate::domain::document::Document>),
    Documents(Vec<super::document::DocumentOutcome>),
}

/// What `check` found, as the command line prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSummary {
    pub cases: u64,
    pub index_entries: u64,
    pub audit_records: u64,
    pub outbox_messages: u64,
    pub faults: Vec<crate::store::CheckFault>,
    /// What sled's crash recovery changed in the store's files when they
    /// were opened (after a crash; empty after a clean close).
    #[serde(default)]
    pub recovered: Vec<String>,
}

impl Request {
    /// The request's name in logs.
    pub fn name(&self) -> &'static str {
        match self {
            Request::Counts => "counts",
            Request::Page { .. } => "page",
            Request::Detail { .. } => "detail",
            Request::Lookup { .. } => "lookup",
            Request::Approve { .. } => "approve",
            Request::ReturnCase { .. } => "return",
            Request::Chase { .. } => "chase",
            Request::CertificationReturn { .. } => "certification_return",
            Request::Claim { .. } => "claim",
            Request::Reopen { .. } => "reopen",
            Request::Reassign { .. } => "reassign",
            Request::Annotate { .. } => "annotate",
            Request::Undo => "undo",
            Request::Undoable => "undoable",
            Request::Bulk { .. } => "bulk",
            Request::GenerateFollowups => "followups",
            Request::Users => "users",
            Request::UserNames => "users.names",
            Request::SetUserName { .. } => "users.name",
            Request::AddUser { .. } => "users.add",
            Request::RemoveUser { .. } => "users.remove",
            Request::SetAdmin { .. } => "users.admin",
            Request::UserRows => "users.list",
            Request::Orgs => "orgs",
            Request::PutOrg { .. } => "orgs.put",
            Request::RemoveOrg { .. } => "orgs.remove",
            Request::Check => "check",
            Request::AuditHead => "audit.head",
            Request::CheckSinceHead { .. } => "check.since_head",
            Request::FailedNotifications => "mail.failed",
            Request::RetryNotification { .. } => "mail.retry",
            Request::CancelNotification { .. } => "mail.cancel",
            Request::Backlog { .. } => "backlog",
            Request::MatchKeys { .. } => "match_keys",
            Request::ReassignMany { .. } => "reassign_many",
            Request::ViewCounts { .. } => "view_counts",
            Request::UndoInfo => "undo_info",
            Request::DueNotifications { .. } => "outbox.due",
            Request::ReleaseNotifications { .. } => "outbox.release",
            Request::ServiceMail => "service.mail",
            Request::Record { .. } => "record",
            Request::RecordFields { .. } => "record.fields",
            Request::Enquiry(r) => r.name(),
            Request::LinkDuplicate { .. } => "link",
            Request::Document(r) => r.name(),
        }
    }

    /// What the request needs the acting user's role to grant.
    pub fn needs(&self) -> Permission {
        match self {
            Request::Counts
            | Request::Page { .. }
            | Request::Detail { .. }
            | Request::Lookup { .. }
            | Request::Undoable
            | Request::Users
            | Request::UserNames
            | Request::FailedNotifications
            | Request::Backlog { .. }
            | Request::MatchKeys { .. }
            | Request::ViewCounts { .. }
            | Request::UndoInfo
            | Request::RecordFields { .. }
            | Request::ServiceMail => Permission::Read,
            Request::RetryNotification { .. } | Request::CancelNotification { .. } => {
                Permission::ManageMail
            }
            Request::Check | Request::AuditHead | Request::CheckSinceHead { .. } => {
                Permission::Check
            }
            Request::Annotate { .. } => Permission::Annotate,
            Request::Approve { .. }
            | Request::ReturnCase { .. }
            | Request::Chase { .. }
            | Request::CertificationReturn { .. }
            | Request::Undo
            | Request::ReleaseNotifications { .. } => Permission::Decide,
            // Listing what is due is the first half of handing it out.
            Request::DueNotifications { .. } => Permission::Decide,
            Request::GenerateFollowups => Permission::Import,
            Request::Claim { .. } => Permission::Claim,
            Request::Reopen { .. } => Permission::Reopen,
            Request::Reassign { .. } | Request::ReassignMany { .. } => Permission::Reassign,
            Request::Bulk { .. } => Permission::Bulk,
            Request::Record { form } => form.needs(),
            Request::Enquiry(r) => r.needs(),
            Request::LinkDuplicate { .. } => Permission::LinkDuplicate,
            Request::Document(r) => r.needs(),
            Request::AddUser { .. }
            | Request::RemoveUser { .. }
            | Request::SetUserName { .. }
            | Request::SetAdmin { .. }
            | Request::PutOrg { .. }
            | Request::RemoveOrg { .. } => Permission::ManageUsers,
            Request::Orgs | Request::UserRows => Permission::Read,
        }
    }

    /// Whether the request writes to the store.
    pub fn writes(&self) -> bool {
        self.needs() != Permission::Read
    }
}

impl Desk {
    /// Runs one request for a session; `progress(done, total)` hears of a bulk
    /// decision's progress.
    pub fn execute(
        &self,
        s: &Session,
        request: Request,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Response> {
        // A store whose writes failed (a full disk) is made whole first.
        self.store().heal();
        let res = self.answer(s, request, progress);
        if let Err(DeskError::Store(e)) = &res {
            // A file of the store this user may not read (one chowned while
            // the store was open): said as such, not as sled's I/O error.
            if let Some(better) = self.store().after_failure(e) {
                return Err(DeskError::Store(better));
            }
        }
        res
    }

    fn answer(
        &self,
        s: &Session,
        request: Request,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Response> {
        request.check_bounds()?;
        let (a, now, today) = (&s.actor, s.now, s.today);
        self.require(a, request.needs())?;
        let case = |c: Case| Ok(Response::Case(Box::new(c)));
        match request {
            Request::Counts => Ok(Response::Counts(self.counts_for(a, today)?)),
            Request::Page { query } => Ok(Response::Page(self.page_for(&query, today, a)?)),
            Request::Detail { key } => {
                Ok(Response::Detail(Box::new(self.detail_for(a, &key, today)?)))
            }
            Request::Lookup { input } => Ok(Response::Lookup(Box::new(
                self.lookup_for(a, &input, today)?,
            ))),
            Request::Approve { key, revision } => case(self.approve(a, &key, revision, now)?),
            Request::ReturnCase {
                key,
                revision,
                reason,
            } => case(self.return_case(a, &key, revision, &reason, now)?),
            Request::Chase { key, revision } => case(self.chase(a, &key, revision, now)?),
            Request::CertificationReturn {
                key,
                revision,
                reason,
            } => case(self.certification_return(a, &key, revision, &reason, now)?),
            Request::Claim { key, revision } => case(self.claim(a, &key, revision, now)?),
            Request::Reopen {
                key,
                revision,
                reason,
            } => case(self.reopen(a, &key, revision, &reason, now)?),
            Request::Reassign { key, revision, to } => {
                case(self.reassign(a, &key, revision, &to, now)?)
            }
            Request::Annotate { key, text } => case(self.annotate(a, &key, &text, now)?),
            Request::Undo => Ok(match self.undo(a, now)? {
                super::undo::Undone::Case(c) => Response::Case(c),
                super::undo::Undone::Record(r) => Response::Recorded(r),
            }),
            Request::Undoable => Ok(Response::Undoable(self.undoable(a, now)?)),
            Request::Bulk { keys, action } => {
                Ok(Response::Bulk(self.bulk(a, &keys, &action, now, progress)?))
            }
            Request::GenerateFollowups => {
                Ok(Response::Followups(self.generate_followups(a, today, now)?))
            }
            Request::Users => Ok(Response::Users(self.users(a)?)),
            Request::UserNames => Ok(Response::UserNames(self.user_names(a)?)),
            Request::SetUserName { name, shown } => {
                self.set_user_name(a, &name, shown.as_deref(), now)?;
                Ok(Response::Done)
            }
            Request::ServiceMail => Ok(Response::ServiceMail(self.mail_stopped()?)),
            Request::AddUser {
                name,
                role,
                force,
                at,
            } => {
                self.grant_role(a, &name, role, &at, force, now)?;
                Ok(Response::Done)
            }
            Request::RemoveUser { name, force, at } => {
                self.remove_role_in(a, &name, &at, force, now)?;
                Ok(Response::Done)
            }
            Request::SetAdmin { name, admin } => {
                self.set_admin(a, &name, admin, now)?;
                Ok(Response::Done)
            }
            Request::UserRows => Ok(Response::UserRows(self.user_rows(a)?)),
            Request::Orgs => Ok(Response::Orgs(self.org_rows(a)?)),
            Request::PutOrg { org, create } => {
                self.put_org(a, *org, create, now)?;
                Ok(Response::Done)
            }
            Request::RemoveOrg { id } => {
                self.remove_org(a, &id, now)?;
                Ok(Response::Done)
            }
            Request::Backlog { filter } => Ok(Response::Backlog(Box::new(self.backlog(
                a,
                filter.as_deref(),
                today,
            )?))),
            Request::MatchKeys { query, max } => Ok(Response::Keys(self.match_keys_in(
                &query,
                today,
                &a.name,
                self.scope(a).mask.as_ref(),
                // One over the bulk cap lets the caller tell that it was capped.
                max.min(super::decide::BULK_MAX_CASES + 1),
            )?)),
            Request::ReassignMany { keys, to } => Ok(Response::Bulk(
                self.reassign_many(a, &keys, &to, now, progress)?,
            )),
            Request::ViewCounts { views, shown } => Ok(Response::Numbers(self.view_counts_in(
                &views,
                shown,
                today,
                &a.name,
                self.scope(a).mask.as_ref(),
            )?)),
            Request::UndoInfo => Ok(Response::UndoInfo(self.undo_info(a, now)?)),
            Request::Record { form } => Ok(Response::Recorded(Box::new(
                self.record_form(a, &form, today, now)?,
            ))),
            Request::RecordFields { kind, key } => {
                Ok(Response::Fields(Box::new(self.record_fields(&kind, &key)?)))
            }
            Request::LinkDuplicate {
                duplicate,
                keep,
                dry_run,
            } => Ok(Response::Linked(
                self.link_duplicate(a, &duplicate, &keep, dry_run, now)?,
            )),
            Request::DueNotifications { limit, queue } => Ok(Response::Outbox(self.due_outbox(
                a,
                now,
                queue,
                limit.min(DUE_MAX),
            )?)),
            Request::ReleaseNotifications { ids } => {
                Ok(Response::Numbers(self.release_notifications(a, &ids, now)?))
            }
            Request::Check => {
                let r = self.store().check()?;
                Ok(Response::Check(CheckSummary {
                    cases: r.cases,
                    index_entries: r.index_entries,
                    audit_records: r.audit_records,
                    outbox_messages: r.outbox_messages,
                    faults: r.faults,
                    recovered: r.recovered,
                }))
            }
            Request::AuditHead => Ok(Response::AuditHead(self.store().audit_head()?)),
            Request::CheckSinceHead { head } => {
                let anchor = crate::store::AuditHead::parse(&head)
                    .map_err(|why| DeskError::invalid(head.clone(), why))?;
                let faults = self.store().check_since(&anchor)?;
                let head = self.store().audit_head()?;
                Ok(Response::Check(CheckSummary {
                    audit_records: head.seq,
                    faults,
                    ..Default::default()
                }))
            }
            Request::FailedNotifications => {
                Ok(Response::Notifications(self.failed_notifications(a)?))
            }
            Request::RetryNotification { id } => {
                self.retry_notification(a, id, now)?;
                Ok(Response::Done)
            }
            Request::CancelNotification { id } => {
                self.cancel_notification(a, id, now)?;
                Ok(Response::Done)
            }
            Request::Enquiry(r) => self.enquiry_request(s, r),
            Request::Document(r) => self.document_request(a, r, today, now, progress),
        }
    }
}

/// The desk as a front end reaches it: in this process, or a server's.
pub trait DeskClient: Send + Sync {
    /// Runs one request as this client's user.
    fn call(&self, request: Request, progress: &mut dyn FnMut(usize, usize)) -> Result<Response>;

    /// The acting user, with the role they had when the client was made.
    fn actor(&self) -> Actor;

    /// Writes an export through `write` as it is produced; returns the records written.
    fn export(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ExportError>;

    /// Imports files (all or nothing per file); `progress(rows, 0)` as rows are written.
    fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<FileReport>>;

    /// Writes a copy of the store to `dest`; returns the store's own directory.
    fn backup(&self, dest: &Path) -> Result<PathBuf>;

    /// Tells the other operators which case this screen shows (a server says
    /// "viewed by X" to them); nothing for a desk of one's own.
    fn viewing(&self, _key: Option<&CaseKey>) {}

    /// Keeps the screen's state for the next start (a server keeps it per user).
    fn save_session(&self, _state: serde_json::Value) {}

    /// The screen's state saved last time, if any.
    fn load_session(&self) -> Option<serde_json::Value> {
        None
    }

    /// Runs the day's follow-up job as the store's service account if it has
    /// not run today. A server runs it itself (at its start and at each new
    /// day), so through one this does nothing.
    fn daily(&self) -> Result<super::Daily> {
        Ok(super::Daily::AlreadyToday)
    }
}

/// Typed requests on any [`DeskClient`]: `let page: Page = desk.ask(Request::Page { query })?`.
pub trait Ask {
    /// Runs a request and takes its answer as `T`.
    fn ask<T: TryFrom<Response, Error = DeskError>>(&self, request: Request) -> Result<T>;
}

impl<C: DeskClient + ?Sized> Ask for C {
    fn ask<T: TryFrom<Response, Error = DeskError>>(&self, request: Request) -> Result<T> {
        T::try_from(self.call(request, &mut |_, _| {})?)
    }
}

/// The desk in this process, acting as one user on one clock.
pub struct LocalDesk {
    desk: Arc<Desk>,
    user: String,
    clock: Clock,
    role_at_start: Role,
}

impl LocalDesk {
    /// The desk acting as `user` (whose role is read afresh on every request).
    pub fn new(desk: Arc<Desk>, user: &str, clock: Clock) -> Result<LocalDesk> {
        let role_at_start = desk.actor(user)?.role;
        Ok(LocalDesk {
            desk,
            user: user.to_string(),
            clock,
            role_at_start,
        })
    }

    /// The session of a request made now.
    pub fn session(&self) -> Result<Session> {
        let mut actor = self.desk.actor(&self.user)?;
        // This process's own OS user acts, whatever name it acts under.
        actor.uid = Some(nix::unistd::getuid().as_raw());
        Ok(Session {
            actor,
            now: self.clock.now(),
            today: self.clock.today(),
        })
    }

    /// The desk underneath.
    pub fn desk(&self) -> &Desk {
        &self.desk
    }
}

impl DeskClient for LocalDesk {
    fn call(&self, request: Request, progress: &mut dyn FnMut(usize, usize)) -> Result<Response> {
        self.desk.execute(&self.session()?, request, progress)
    }

    fn actor(&self) -> Actor {
        Actor {
            name: self.user.clone(),
            role: self.role_at_start,
            uid: Some(nix::unistd::getuid().as_raw()),
            ..Actor::default()
        }
    }

    fn export(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ExportError> {
        let s = self.session()?;
        let mut out = super::export::TextSink(write, Vec::new());
        let n = self
            .desk
            .export_to(&s.actor, spec, s.today, s.now, &mut out)?;
        Ok(n as u64)
    }

    fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<FileReport>> {
        let s = self.session()?;
        let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        self.desk
            .import(&s.actor, &paths, options, s.now, &mut |_, rows| {
                progress(rows, 0)
            })
    }

    fn backup(&self, dest: &Path) -> Result<PathBuf> {
        match self.desk.store().backup(dest)? {
            crate::store::Backup::Copied { from, .. } => Ok(from),
            crate::store::Backup::ByDatabaseTools { database } => Err(DeskError::Refused(
                crate::domain::refusal::Refusal::BackupByDatabaseTools { database },
            )),
        }
    }

    fn daily(&self) -> Result<super::Daily> {
        self.desk
            .daily_followups(self.clock.today(), self.clock.now())
    }
}
