//! Who may do what: users' roles in organisations, administrators, and the
//! names people read. A supervisor gives roles in the organisations they
//! supervise; an administrator everywhere. Every change is audited.

use super::{Actor, Desk, DeskError, Result, USER_NAME_MAX};
use crate::domain::org::{Grant, OrgId, UserAccess};
use crate::domain::refusal::Refusal;
use crate::domain::{Permission, Role, Timestamp};
use crate::store::RegistryWrite;
use serde::{Deserialize, Serialize};

/// A user as `users list` shows them: their roles per organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub user: String,
    pub admin: bool,
    /// (organisation id, its name, role, extends to the organisations below).
    pub grants: Vec<(OrgId, String, Role, bool)>,
}

/// What a role is given in: the organisations named (none: the one the
/// store or the giver makes obvious) and whether below them too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Where {
    pub orgs: Vec<String>,
    pub children: bool,
}

impl Desk {
    /// Every user with a role, with their highest.
    pub fn users(&self, actor: &Actor) -> Result<Vec<(String, Role)>> {
        self.require(actor, Permission::Read)?;
        Ok(self.store.users()?)
    }

    /// Every user the store knows with their roles per organisation, as far
    /// as `actor` may see them (an administrator: all; anyone else: the roles
    /// in the organisations their own roles reach — their colleagues).
    pub fn user_rows(&self, actor: &Actor) -> Result<Vec<UserRow>> {
        self.require(actor, Permission::Read)?;
        let orgs = self.store.orgs()?;
        let mut out = Vec::new();
        for (user, access) in self.store.accesses()? {
            let grants: Vec<_> = access
                .grants
                .iter()
                .filter(|g| actor.admin || actor.reach.contains_key(&g.org))
                .map(|g| {
                    let name = orgs
                        .get(&g.org)
                        .map(|o| o.name.clone())
                        .unwrap_or_else(|| g.org.to_string());
                    (g.org.clone(), name, g.role, g.children)
                })
                .collect();
            if grants.is_empty() && !(actor.admin && access.admin) {
                continue;
            }
            out.push(UserRow {
                user,
                admin: access.admin,
                grants,
            });
        }
        Ok(out)
    }

    fn supervises(&self, actor: &Actor, org: &OrgId) -> bool {
        actor.reach.get(org) == Some(&Role::Supervisor)
    }

    /// The organisations a grant is in: those named, each checked, or the
    /// one that needs no naming (the store's only organisation, or the only
    /// one the giver supervises).
    fn grant_orgs(&self, actor: &Actor, at: &Where) -> Result<Vec<OrgId>> {
        let orgs = self.store.orgs()?;
        if at.orgs.is_empty() {
            if orgs.len() == 1 {
                return Ok(orgs.into_keys().collect());
            }
            let mine: Vec<OrgId> = actor
                .reach
                .iter()
                .filter(|(_, r)| **r == Role::Supervisor)
                .map(|(o, _)| o.clone())
                .collect();
            if mine.len() == 1 && !actor.admin {
                return Ok(mine);
            }
            return Err(DeskError::Refused(Refusal::WhichOrg {
                choices: orgs.keys().take(20).map(OrgId::to_string).collect(),
            }));
        }
        at.orgs
            .iter()
            .map(|name| self.org_named(name, &orgs))
            .collect()
    }

    /// An organisation by id or by its name.
    pub(crate) fn org_named(
        &self,
        name: &str,
        orgs: &std::collections::BTreeMap<OrgId, crate::domain::org::Organisation>,
    ) -> Result<OrgId> {
        let name = name.trim();
        if let Ok(id) = OrgId::parse(name) {
            if orgs.contains_key(&id) {
                return Ok(id);
            }
        }
        orgs.values()
            .find(|o| o.name == name)
            .map(|o| o.id.clone())
            .ok_or_else(|| {
                DeskError::Refused(Refusal::NoSuchOrg {
                    name: name.chars().take(60).collect(),
                })
            })
    }

    /// Refuses `actor` a change of roles in `org` unless they administer the
    /// store or supervise it.
    fn may_manage(&self, actor: &Actor, org: &OrgId) -> Result<()> {
        if actor.admin || self.supervises(actor, org) {
            return Ok(());
        }
        Err(DeskError::Refused(Refusal::Permission {
            user: actor.name.clone(),
            role: actor.reach.get(org).copied().unwrap_or(Role::Helpdesk),
            permission: Permission::ManageUsers,
        }))
    }

    /// Gives a user a role (supervisors only; audited) in the store's only
    /// organisation, or the one the giver supervises.
    pub fn add_user(&self, actor: &Actor, name: &str, role: Role, now: Timestamp) -> Result<()> {
        self.set_role(actor, name, role, false, now)
    }

    /// [`Desk::add_user`], with `force`: the service account may be left
    /// unable to send mail (all mail then stops).
    pub fn set_role(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        force: bool,
        now: Timestamp,
    ) -> Result<()> {
        self.grant_role(actor, name, role, &Where::default(), force, now)
    }

    /// Gives `name` `role` in the organisations `at` names (each one the
    /// giver administers or supervises).
    pub fn grant_role(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        at: &Where,
        force: bool,
        now: Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::ManageUsers)?;
        let name = checked_name(name)?;
        let orgs = self.grant_orgs(actor, at)?;
        let mut access = self.store.access_of(name)?.unwrap_or_default();
        for org in orgs {
            self.may_manage(actor, &org)?;
            access.grant(Grant {
                org,
                role,
                children: at.children,
            });
        }
        self.write_access(actor, name, access, force, now)
    }

    /// Makes `name` an administrator of the store, or not (administrators only).
    pub fn set_admin(&self, actor: &Actor, name: &str, admin: bool, now: Timestamp) -> Result<()> {
        self.require_admin(actor)?;
        let name = checked_name(name)?;
        let mut access = self.store.access_of(name)?.unwrap_or_default();
        access.admin = admin;
        self.write_access(actor, name, access, false, now)
    }

    /// Takes `name`'s roles away in the organisations `at` names (all the
    /// giver may manage when none), and their administration with the last.
    pub fn remove_role_in(
        &self,
        actor: &Actor,
        name: &str,
        at: &Where,
        force: bool,
        now: Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::ManageUsers)?;
        let Some(mut access) = self.store.access_of(name)? else {
            return Err(DeskError::Refused(Refusal::NotAUser {
                name: name.to_string(),
            }));
        };
        if at.orgs.is_empty() {
            let mine: Vec<OrgId> = access
                .grants
                .iter()
                .map(|g| g.org.clone())
                .filter(|o| actor.admin || self.supervises(actor, o))
                .collect();
            if mine.is_empty() && !actor.admin {
                return Err(DeskError::Refused(Refusal::NotAUser {
                    name: name.to_string(),
                }));
            }
            access.grants.retain(|g| !mine.contains(&g.org));
            if actor.admin {
                access.admin = false;
            }
        } else {
            let orgs = self.grant_orgs(actor, at)?;
            for org in &orgs {
                self.may_manage(actor, org)?;
            }
            access.grants.retain(|g| !orgs.contains(&g.org));
        }
        self.write_access(actor, name, access, force, now)
    }

    /// [`Desk::remove_role_in`] everywhere the giver may.
    pub fn remove_user(&self, actor: &Actor, name: &str, now: Timestamp) -> Result<()> {
        self.remove_role(actor, name, false, now)
    }

    /// [`Desk::remove_user`], with `force` as in [`Desk::set_role`].
    pub fn remove_role(
        &self,
        actor: &Actor,
        name: &str,
        force: bool,
        now: Timestamp,
    ) -> Result<()> {
        self.remove_role_in(actor, name, &Where::default(), force, now)
    }

    /// Writes what a user is given, after the store's guards: a supervisor
    /// or administrator stays, and the service account keeps a role that
    /// sends mail unless `force`.
    fn write_access(
        &self,
        actor: &Actor,
        name: &str,
        access: UserAccess,
        force: bool,
        now: Timestamp,
    ) -> Result<()> {
        let top = access.top_role().unwrap_or(Role::Helpdesk);
        let was = self.store.access_of(name)?.unwrap_or_default();
        let kept = |a: &UserAccess| a.admin || a.top_role() == Some(Role::Supervisor);
        if kept(&was) && !kept(&access) {
            self.ensure_other_supervisor(name)?;
        }
        self.keep_service_mailing(name, top, force)?;
        let forget = access.grants.is_empty() && !access.admin;
        self.write_change(
            actor,
            RegistryWrite::User(name.to_string(), (!forget).then_some(access)),
            now,
        )
    }

    /// Writes one change of a user or an organisation, audited as `actor`.
    pub(super) fn write_change(
        &self,
        actor: &Actor,
        change: RegistryWrite,
        now: Timestamp,
    ) -> Result<()> {
        self.store.write(&crate::store::WriteBatch {
            registry: vec![change],
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            ..Default::default()
        })?;
        Ok(())
    }

    /// Every user's name as people read it, by user name.
    pub fn user_names(&self, actor: &Actor) -> Result<std::collections::BTreeMap<String, String>> {
        self.require(actor, Permission::Read)?;
        Ok(self.store.user_names()?)
    }

    /// Sets the name people read for `name` (`田中 花子` for `tanaka`): 1 to
    /// [`USER_NAME_MAX`] characters, no control characters; `None` removes it.
    pub fn set_user_name(
        &self,
        actor: &Actor,
        name: &str,
        shown: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::ManageUsers)?;
        let name = name.trim();
        let shown = shown.map(str::trim);
        if let Some(s) = shown {
            if s.is_empty() || s.chars().count() > USER_NAME_MAX || s.chars().any(char::is_control)
            {
                return Err(DeskError::Refused(Refusal::BadShownName {
                    shown: s.chars().take(USER_NAME_MAX + 1).collect(),
                    max: USER_NAME_MAX,
                }));
            }
        }
        self.write_change(
            actor,
            RegistryWrite::UserName(name.to_string(), shown.map(str::to_string)),
            now,
        )
    }

    /// Refuses to leave the service account with `role` when that role may
    /// not send mail, unless `force`.
    fn keep_service_mailing(&self, name: &str, role: Role, force: bool) -> Result<()> {
        if force || self.service.as_deref() != Some(name) || role.may(Permission::SendMail) {
            return Ok(());
        }
        Err(DeskError::Refused(Refusal::ServiceAccount {
            user: name.to_string(),
            role,
        }))
    }

    /// Refuses to take the last supervisor or administrator away.
    fn ensure_other_supervisor(&self, name: &str) -> Result<()> {
        let others = self
            .store
            .accesses()?
            .into_iter()
            .filter(|(n, a)| n != name && (a.admin || a.top_role() == Some(Role::Supervisor)))
            .count();
        if others == 0 {
            return Err(DeskError::Refused(Refusal::LastSupervisor {
                user: name.to_string(),
            }));
        }
        Ok(())
    }
}

/// A user name as the OS has them: no spaces or control characters.
fn checked_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(DeskError::Refused(Refusal::BadUserName {
            name: name.to_string(),
        }));
    }
    Ok(name)
}
