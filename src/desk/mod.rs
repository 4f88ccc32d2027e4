//! The secretariat's desk: every command and query, with permission checks.
//! The TUI, the CLI and the server call only this. Requests and answers are
//! plain serde values so that a server can carry them.

mod answers;
mod api;
mod backlog;
mod bounds;
mod caller;
mod daily;
mod decide;
mod director;
mod document;
mod enquiry;
mod event;
mod export;
mod import;
mod link;
mod mail;
mod notify;
mod orgs;
mod owners;
mod query;
mod record;
mod scope;
mod select;
mod supervise;
pub mod trouble;
mod undo;
mod undo_record;
mod users;

pub use api::{
    Ask, CheckSummary, DUE_MAX, DeskClient, FILTER_MAX_CHARS, FILTER_MAX_TERMS, LocalDesk,
    PAGE_MAX_ROWS, REASON_MAX_CHARS, Request, Response, Session, TEXT_MAX_CHARS, VIEWS_MAX,
    check_filter, check_key, check_text,
};
pub use backlog::{
    AgeBuckets, AssigneeLoad, BACKLOG_WEEKS, Backlog, QueueBacklog, WeekFlow, iso_week,
};
pub use caller::{CALLERS_MAX, is_number, split_name_and_date};
pub use daily::Daily;
pub use decide::{BULK_MAX_CASES, BulkAction, BulkReport};
pub use director::DIRECTOR_ANSWER;
pub use document::{DocumentOutcome, DocumentRequest};
pub use enquiry::{ENQUIRIES_MAX, EnquiryBacklog, EnquiryList, EnquiryRequest, EnquiryRow};
pub use event::Event;
pub use export::{ExportError, ExportSpec, ExportWhat};
pub use import::{FileReport, FollowupReport, ImportOptions};
pub use link::LinkReport;
pub use mail::Outgoing;
pub use orgs::OrgRow;
pub use query::{
    CaseDetail, CaseRow, LoanStanding, Lookup, OrgShown, Page, PageQuery, QueueCounts,
};
pub use record::{
    Effect, FORM_MAX_CHARS, FORM_MAX_FIELDS, FieldChange, RecordFields, RecordForm, RecordReport,
};
pub use scope::Scope;
pub use select::parse_filter;
pub use supervise::view_query;
pub use undo::{UndoInfo, Undone};
pub use users::{UserRow, Where};

use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
use crate::domain::refusal::Refusal;
use crate::domain::templates::Templates;
use crate::domain::{Permission, Queue, Role};
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

/// A case named the way people name it: queue and ref.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseKey {
    pub queue: Queue,
    pub reference: String,
}

impl CaseKey {
    pub fn new(queue: Queue, reference: impl Into<String>) -> Self {
        CaseKey {
            queue,
            reference: reference.into(),
        }
    }
}

impl std::fmt::Display for CaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.queue.id(), self.reference)
    }
}

/// Who is acting, with the roles the store gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// The highest role of any of their organisations (what hints show).
    pub role: Role,
    /// The real uid of the OS user acting (the server's peer, or this
    /// process's own), recorded in the audit log beside the name.
    #[serde(default)]
    pub uid: Option<u32>,
    /// Whether they administer the store: organisations and users
    /// everywhere, and no case.
    #[serde(default)]
    pub admin: bool,
    /// The organisations their roles reach, with the role in each.
    #[serde(default)]
    pub reach: std::collections::BTreeMap<crate::domain::org::OrgId, Role>,
}

impl Actor {
    /// An actor of one role in the default organisation (tests, the demo's
    /// own users).
    pub fn in_default(name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_string(),
            role,
            uid: None,
            admin: false,
            reach: std::collections::BTreeMap::from([(
                crate::domain::org::OrgId::default_org(),
                role,
            )]),
        }
    }
}

/// Why the desk did not do what was asked.
#[derive(Debug, Error)]
pub enum DeskError {
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
    /// The user's role, input or the case's state did not allow it (data,
    /// rendered in the user's language at the edge).
    #[error("{0}")]
    Refused(Refusal),
    /// The server, or the way to it, failed (data, rendered at the edge).
    #[error("{0}")]
    Failed(trouble::Trouble),
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Stale(r) | StoreError::Space(r) => DeskError::Refused(r),
            other => DeskError::Store(other),
        }
    }
}

impl From<Refusal> for DeskError {
    fn from(r: Refusal) -> Self {
        DeskError::Refused(r)
    }
}

impl DeskError {
    /// Whether the error is the user's input or a decision refused (not a failure).
    pub fn is_refusal(&self) -> bool {
        matches!(self, DeskError::Refused(_))
    }

    /// An input the desk could not read, with the parser's words.
    pub fn invalid(input: impl Into<String>, why: impl std::fmt::Display) -> Self {
        DeskError::Refused(Refusal::Invalid {
            input: input.into(),
            why: why.to_string(),
        })
    }

    /// The refusal, if this is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            DeskError::Refused(r) => Some(r),
            _ => None,
        }
    }
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

/// What the desk needs besides the store.
#[derive(Debug, Clone, Default)]
pub struct DeskSettings {
    pub rules: RulesConfig,
    pub templates: Templates,
    /// Language of notifications (the organisation's, not the operator's).
    pub notify_in_japanese: bool,
    /// The key of the audit chain (read by the store's owner from outside
    /// the data dir; the default is the built-in test key).
    pub audit_key: crate::store::AuditKey,
    /// The free space kept on the store's file system (`[store]` in the config).
    pub reserve: crate::store::Reserve,
    /// The PostgreSQL database the store is in (`[store] backend =
    /// "postgres"`); None: sled, in the data dir.
    pub postgres: Option<crate::store::PgOptions>,
}

/// All mail has stopped: the service account (as whom a server sends it)
/// has a role that may not send mail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailStopped {
    pub user: String,
    pub role: Role,
}

/// The most characters of a user's name as people read it.
pub const USER_NAME_MAX: usize = 40;

/// The desk over one store.
pub struct Desk {
    store: Store,
    /// The data dir the desk was opened in: the configuration, the socket
    /// and uploads are kept there, beside the store or its files.
    data_dir: std::path::PathBuf,
    rules: RulesConfig,
    calendar: Calendar,
    templates: Templates,
    notify_ja: bool,
    /// The store's owner, who opened it here (see `service_account`).
    service: Option<String>,
}

impl Desk {
    /// Opens the store of `dir` (in it, or in the PostgreSQL database the
    /// settings name); `user` becomes the first supervisor of a new store.
    pub fn open(dir: &Path, user: &str, settings: DeskSettings) -> Result<Desk> {
        let store = match &settings.postgres {
            Some(opts) => {
                // The data dir keeps the socket and uploads beside no store
                // files; it is made as sled's would be, for its owner alone.
                std::os::unix::fs::DirBuilderExt::mode(
                    std::fs::DirBuilder::new().recursive(true),
                    0o700,
                )
                .create(dir)
                .map_err(|e| crate::store::StoreError::Io {
                    dir: dir.to_path_buf(),
                    detail: e.to_string(),
                })?;
                Store::open_postgres(opts, user, settings.audit_key.clone())?
            }
            None => Store::open_keyed(dir, user, settings.audit_key.clone())?,
        };
        let mut desk = Desk::with_store(store, dir, settings);
        desk.service = Some(user.to_string());
        Ok(desk)
    }

    /// The desk over a store already open, for the data dir `data_dir`.
    pub fn with_store(store: Store, data_dir: &Path, settings: DeskSettings) -> Desk {
        store.set_reserve(settings.reserve);
        Desk {
            calendar: Calendar::new(&settings.rules),
            store,
            data_dir: data_dir.to_path_buf(),
            rules: settings.rules,
            templates: settings.templates,
            notify_ja: settings.notify_in_japanese,
            service: None,
        }
    }

    /// The store underneath (for `check`, `backup` and benchmarks).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The data dir the desk was opened in (uploads are kept there).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn rules(&self) -> &RulesConfig {
        &self.rules
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Whether the store was made by `demo` (where `--user` is honoured).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.store.meta("demo")?.is_some())
    }

    pub(crate) fn require(&self, actor: &Actor, p: Permission) -> Result<()> {
        if actor.role.may(p) || (actor.admin && scope::administers(p)) {
            return Ok(());
        }
        Err(DeskError::Refused(Refusal::Permission {
            user: actor.name.clone(),
            role: actor.role,
            permission: p,
        }))
    }

    /// The store's service account: its owner, the only user who opens it,
    /// and so the user a server sends mail as. `None` for a desk made
    /// around a store opened elsewhere.
    pub fn service_account(&self) -> Option<&str> {
        self.service.as_deref()
    }

    /// Whether the service account may send mail now.
    pub fn service_may_send_mail(&self) -> Result<bool> {
        Ok(self.mail_stopped()?.is_none())
    }

    /// The service account and its role when that role may not send mail (it
    /// was taken with `--force`): all mail has stopped, and the TUI says so
    /// to every supervisor.
    pub fn mail_stopped(&self) -> Result<Option<MailStopped>> {
        let Some(user) = &self.service else {
            return Ok(None);
        };
        let role = self.store.role_of(user)?;
        Ok((!role.may(Permission::SendMail)).then(|| MailStopped {
            user: user.clone(),
            role,
        }))
    }
}

/// A write of a case as the desk writes what it makes itself (tests that
/// build a store by hand).
#[cfg(test)]
pub(crate) fn generated_write_for_tests(
    case: crate::domain::Case,
    actor: &Actor,
    now: crate::domain::Timestamp,
) -> crate::store::CaseWrite {
    import::generated_write(case, None, "import", actor, now)
}

#[cfg(test)]
pub(crate) mod tests;
