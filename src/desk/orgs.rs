//! The organisations sharing the store (`secretariat orgs`): listed for
//! everyone, created, changed and removed by administrators, each change
//! audited. An organisation that still holds cases, users or organisations
//! below it stays.

use super::{Actor, Desk, DeskError, Result};
use crate::domain::org::{ORGS_MAX, OrgProblem, Organisation};
use crate::domain::refusal::Refusal;
use crate::domain::{Permission, Timestamp};
use crate::store::RegistryWrite;
use serde::{Deserialize, Serialize};

/// An organisation as `orgs list` shows it, with what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRow {
    pub org: Organisation,
    /// Its parent's name.
    pub parent_name: Option<String>,
    pub cases: u64,
    pub users: u64,
}

impl Desk {
    /// Every organisation, in id order, with its cases and users counted.
    pub fn org_rows(&self, actor: &Actor) -> Result<Vec<OrgRow>> {
        self.require(actor, Permission::Read)?;
        let orgs = self.store.orgs()?;
        let cases = self.store.cases_per_org();
        let accesses = self.store.accesses()?;
        Ok(orgs
            .values()
            .map(|o| OrgRow {
                parent_name: o
                    .parent
                    .as_ref()
                    .and_then(|p| orgs.get(p))
                    .map(|p| p.name.clone()),
                cases: cases.get(&o.id).copied().unwrap_or(0),
                users: accesses
                    .iter()
                    .filter(|(_, a)| a.grants.iter().any(|g| g.org == o.id))
                    .count() as u64,
                org: o.clone(),
            })
            .collect())
    }

    /// Creates an organisation, or replaces one (`edit`), after checking
    /// it against the others (administrators only).
    pub fn put_org(
        &self,
        actor: &Actor,
        org: Organisation,
        create: bool,
        now: Timestamp,
    ) -> Result<()> {
        self.require_admin(actor)?;
        let mut org = org;
        org.name = org.name.trim().to_string();
        let orgs = self.store.orgs()?;
        let exists = orgs.contains_key(&org.id);
        if create && exists {
            return Err(DeskError::Refused(Refusal::OrgExists {
                id: org.id.to_string(),
            }));
        }
        if !create && !exists {
            return Err(problem(OrgProblem::Unknown {
                id: org.id.to_string(),
            }));
        }
        if create && orgs.len() >= ORGS_MAX {
            return Err(problem(OrgProblem::TooMany { max: ORGS_MAX }));
        }
        org.validate(&orgs).map_err(problem)?;
        self.write_change(
            actor,
            RegistryWrite::Org(org.id.clone(), Some(Box::new(org))),
            now,
        )
    }

    /// Removes an organisation that holds no case, no user's role and no
    /// organisation below it; never the last.
    pub fn remove_org(&self, actor: &Actor, id: &str, now: Timestamp) -> Result<()> {
        self.require_admin(actor)?;
        let orgs = self.store.orgs()?;
        let id = self.org_named(id, &orgs)?;
        if orgs.len() <= 1 {
            return Err(problem(OrgProblem::Last));
        }
        let cases = self.store.cases_per_org().get(&id).copied().unwrap_or(0);
        let users = self
            .store
            .accesses()?
            .iter()
            .filter(|(_, a)| a.grants.iter().any(|g| g.org == id))
            .count() as u64;
        let children = orgs
            .values()
            .filter(|o| o.parent.as_ref() == Some(&id))
            .count() as u64;
        if cases + users + children > 0 {
            return Err(problem(OrgProblem::InUse {
                cases,
                users,
                children,
            }));
        }
        self.write_change(actor, RegistryWrite::Org(id, None), now)
    }

    /// Refuses anyone but an administrator of the store.
    pub(crate) fn require_admin(&self, actor: &Actor) -> Result<()> {
        if actor.admin {
            return Ok(());
        }
        Err(DeskError::Refused(Refusal::AdminOnly {
            user: actor.name.clone(),
        }))
    }
}

fn problem(p: OrgProblem) -> DeskError {
    DeskError::Refused(Refusal::Org { problem: p })
}
