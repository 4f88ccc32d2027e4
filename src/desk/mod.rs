//! The secretariat's desk: every command and query, with permission checks.
//! The TUI, the CLI and the server call only this. Requests and answers are
//! plain serde values so that a server can carry them.

mod decide;
mod export;
mod import;
mod mail;
mod notify;
mod query;

pub use decide::{BulkAction, BulkReport};
pub use export::{ExportError, ExportSpec, ExportWhat};
pub use import::{FileReport, FollowupReport, ImportOptions};
pub use mail::Outgoing;
pub use query::{CaseDetail, CaseRow, Lookup, Page, PageQuery, QueueCounts};

use crate::domain::calendar::Calendar;
use crate::domain::config::RulesConfig;
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

/// Who is acting, with the role the store gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

/// Why the desk did not do what was asked. Each says so in one sentence.
#[derive(Debug, Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(crate::domain::Sentence),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

impl DeskError {
    /// Whether the error is the user's input or a decision refused (not a failure).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            DeskError::Refused(_)
                | DeskError::NotFound(_)
                | DeskError::Invalid(_)
                | DeskError::Store(StoreError::Stale(_))
        )
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
}

/// The desk over one store.
pub struct Desk {
    store: Store,
    rules: RulesConfig,
    calendar: Calendar,
    templates: Templates,
    notify_ja: bool,
}

impl Desk {
    /// Opens the store in `dir`; `user` becomes the first supervisor of a new store.
    pub fn open(dir: &Path, user: &str, settings: DeskSettings) -> Result<Desk> {
        let store = Store::open(dir, user)?;
        Ok(Desk::with_store(store, settings))
    }

    pub fn with_store(store: Store, settings: DeskSettings) -> Desk {
        Desk {
            calendar: Calendar::new(&settings.rules),
            store,
            rules: settings.rules,
            templates: settings.templates,
            notify_ja: settings.notify_in_japanese,
        }
    }

    /// The store underneath (for `check`, `backup` and benchmarks).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn rules(&self) -> &RulesConfig {
        &self.rules
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The acting user as the store knows them (unknown users are helpdesk).
    pub fn actor(&self, user: &str) -> Result<Actor> {
        Ok(Actor {
            name: user.to_string(),
            role: self.store.role_of(user)?,
        })
    }

    /// Whether the store was made by `demo` (where `--user` is honoured).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.store.meta("demo")?.is_some())
    }

    pub(crate) fn require(&self, actor: &Actor, p: Permission) -> Result<()> {
        if actor.role.may(p) {
            return Ok(());
        }
        Err(DeskError::Refused(crate::i18n::refusals::permission(
            &actor.name,
            actor.role,
            p,
        )))
    }

    /// Every user with a role.
    pub fn users(&self, actor: &Actor) -> Result<Vec<(String, Role)>> {
        self.require(actor, Permission::Read)?;
        Ok(self.store.users()?)
    }

    /// Gives a user a role (supervisors only; audited).
    pub fn add_user(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        now: crate::domain::Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::ManageUsers)?;
        let name = name.trim();
        if name.is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(DeskError::Invalid(format!("{name:?} is not a user name")));
        }
        if self.store.role_of(name)? == Role::Supervisor && role != Role::Supervisor {
            self.ensure_other_supervisor(name)?;
        }
        self.store.write(&crate::store::WriteBatch {
            registry: vec![crate::store::RegistryWrite::User(
                name.to_string(),
                Some(role),
            )],
            actor: actor.name.clone(),
            at: Some(now),
            ..Default::default()
        })?;
        Ok(())
    }

    /// Removes a user's role (they become helpdesk); the last supervisor stays.
    pub fn remove_user(
        &self,
        actor: &Actor,
        name: &str,
        now: crate::domain::Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::ManageUsers)?;
        if !self.store.users()?.iter().any(|(n, _)| n == name) {
            return Err(DeskError::NotFound(format!(
                "{name} has no role in this store"
            )));
        }
        if self.store.role_of(name)? == Role::Supervisor {
            self.ensure_other_supervisor(name)?;
        }
        self.store.write(&crate::store::WriteBatch {
            registry: vec![crate::store::RegistryWrite::User(name.to_string(), None)],
            actor: actor.name.clone(),
            at: Some(now),
            ..Default::default()
        })?;
        Ok(())
    }

    fn ensure_other_supervisor(&self, name: &str) -> Result<()> {
        let others = self
            .store
            .users()?
            .into_iter()
            .filter(|(n, r)| n != name && *r == Role::Supervisor)
            .count();
        if others == 0 {
            return Err(DeskError::Refused(crate::i18n::refusals::last_supervisor(
                name,
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
