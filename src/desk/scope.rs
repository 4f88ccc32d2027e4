//! What the acting user may see and decide: the organisations their roles
//! reach, applied below every screen. A case of another organisation is
//! "not found" — the same answer as a ref that does not exist — so that
//! nothing about it leaks through a refusal.

use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::org::{self, CaseOrg, OrgId, Organisation, Side};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, DecisionKind, Permission, Role};
use crate::store::OrgMask;
use std::collections::{BTreeMap, BTreeSet};

/// The cases one user may see: a mask over the store's organisation sets,
/// or every case.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// None: every case (the whole store, for the owner's own tools).
    pub(crate) mask: Option<OrgMask>,
}

impl Scope {
    /// Every case: what the demo, benchmarks and the store's own tools read.
    pub fn all() -> Scope {
        Scope { mask: None }
    }

    /// Whether a case of this organisation set number is seen.
    pub fn admits(&self, set: u32) -> bool {
        self.mask.as_ref().is_none_or(|m| m.admits(set))
    }
}

impl Actor {
    /// Whether the user's roles reach any of these organisations.
    pub fn sees(&self, orgs: &[CaseOrg]) -> bool {
        orgs.iter().any(|o| self.reach.contains_key(&o.org))
    }

    /// The highest role the user has in any of `orgs`.
    pub fn role_in<'a>(&self, orgs: impl IntoIterator<Item = &'a OrgId>) -> Option<Role> {
        orgs.into_iter()
            .filter_map(|o| self.reach.get(o).copied())
            .max()
    }
}

/// What an administrator may do: organisations, users and the store itself;
/// never a case.
pub(crate) fn administers(p: Permission) -> bool {
    matches!(
        p,
        Permission::Read
            | Permission::ManageUsers
            | Permission::EditConfig
            | Permission::Check
            | Permission::Backup
    )
}

impl Desk {
    /// The organisations sharing the store, by id.
    pub fn organisations(&self) -> Result<BTreeMap<OrgId, Organisation>> {
        Ok(self.store.orgs()?)
    }

    /// The acting user as the store knows them: their roles in the
    /// organisations (children expanded where a grant says so), their
    /// highest role, and whether they administer the store. A user the
    /// store does not know is help desk in the default organisation.
    pub fn actor(&self, user: &str) -> Result<Actor> {
        let orgs = self.store.orgs()?;
        let access = self.store.access_of(user)?;
        let (reach, admin) = match &access {
            Some(a) => (org::reach(a, &orgs), a.admin),
            None => {
                let default = OrgId::default_org();
                let reach = if orgs.contains_key(&default) {
                    BTreeMap::from([(default, Role::Helpdesk)])
                } else {
                    BTreeMap::new()
                };
                (reach, false)
            }
        };
        Ok(Actor {
            name: user.to_string(),
            role: reach.values().copied().max().unwrap_or(Role::Helpdesk),
            uid: None,
            admin,
            reach,
        })
    }

    /// The cases `actor` may see.
    pub fn scope(&self, actor: &Actor) -> Scope {
        let visible: BTreeSet<OrgId> = actor.reach.keys().cloned().collect();
        let mask = self.store.mask(&visible);
        // Every set that holds a case admitted (one office, or a desk of
        // everything): no mask to apply, the counters of all sets together.
        let left: Vec<u32> = mask.others().take(17).collect();
        let all = left.len() <= 16
            && left
                .iter()
                .all(|s| !self.store.set_holds_cases(*s).unwrap_or(true));
        Scope {
            mask: (!all).then_some(mask),
        }
    }

    /// Whether the case `queue`/`reference` is one `scope` sees (a case
    /// that is gone is not).
    pub(crate) fn sees_ref(
        &self,
        scope: &Scope,
        queue: crate::domain::Queue,
        reference: &str,
    ) -> Result<bool> {
        let Some(mask) = &scope.mask else {
            return Ok(true);
        };
        Ok(self
            .store
            .case_id(queue, reference)?
            .and_then(|id| self.store.summary(id))
            .is_some_and(|(_, tag)| mask.admits(tag.orgs)))
    }

    /// A case `actor` may see, by key; one they may not is not found.
    pub(crate) fn load_seen(
        &self,
        actor: &Actor,
        key: &CaseKey,
    ) -> Result<(u64, Case, Vec<CaseOrg>)> {
        let (id, case) = self.load(key)?;
        let orgs = self.case_orgs(id);
        if !actor.sees(&orgs) {
            return Err(DeskError::Refused(Refusal::NoSuchCase {
                key: key.to_string(),
            }));
        }
        Ok((id, case, orgs))
    }

    /// The organisations of the case a key names (None: no such case).
    pub fn orgs_of_key(&self, key: &CaseKey) -> Option<Vec<CaseOrg>> {
        let id = self.store.case_id(key.queue, &key.reference).ok()??;
        Some(self.case_orgs(id))
    }

    /// The organisation a notification is sent from: of the case's
    /// organisations, the one whose user took the decision that made it
    /// (else the case's first), when it has an address (お問い合わせ通知先);
    /// None in a store of one office without one (the configuration's From).
    pub fn sender_of(&self, msg: &crate::domain::OutboxMessage) -> Result<Option<Organisation>> {
        let Some(id) = self.store.case_id(msg.queue, &msg.case_ref)? else {
            return Ok(None);
        };
        let orgs = self.case_orgs(id);
        let names = self.store.orgs()?;
        let decider = self
            .store
            .case(id)?
            .and_then(|c| {
                c.history
                    .into_iter()
                    .find(|d| d.notification == Some(msg.id))
            })
            .map(|d| d.actor);
        let reach = match &decider {
            Some(user) => self.actor(user)?.reach,
            None => BTreeMap::new(),
        };
        let with_address =
            |o: &&CaseOrg| names.get(&o.org).is_some_and(|n| n.inquiry_email.is_some());
        let chosen = orgs
            .iter()
            .filter(with_address)
            .find(|o| reach.contains_key(&o.org))
            .or_else(|| orgs.iter().find(with_address));
        Ok(chosen.and_then(|o| names.get(&o.org).cloned()))
    }

    /// A case's organisations (the default one for a case with none noted).
    pub(crate) fn case_orgs(&self, id: u64) -> Vec<CaseOrg> {
        let orgs = self.store.case_orgs(id);
        if orgs.is_empty() {
            vec![CaseOrg::new(OrgId::default_org(), Side::Whole)]
        } else {
            orgs
        }
    }

    /// Refuses `actor` a permission on a case they see unless a role of
    /// theirs in the right organisation grants it: a decision belongs to
    /// the organisations whose turn it is (the from-association releases,
    /// the to-association accepts, each part approves its own), anything
    /// else to any organisation of the case.
    pub(crate) fn require_on(
        &self,
        actor: &Actor,
        p: Permission,
        kind: Option<DecisionKind>,
        case: &Case,
        orgs: &[CaseOrg],
    ) -> Result<()> {
        let deciding = matches!(
            kind,
            Some(DecisionKind::Approve | DecisionKind::Return | DecisionKind::CertificationReturn)
        );
        let holders: Vec<&OrgId> = if deciding {
            org::deciders(case, orgs)
        } else {
            orgs.iter().map(|o| &o.org).collect()
        };
        let role = actor.role_in(holders.iter().copied());
        if role.is_some_and(|r| r.may(p)) {
            return Ok(());
        }
        if deciding
            && role.is_none()
            && actor
                .role_in(orgs.iter().map(|o| &o.org))
                .is_some_and(|r| r.may(p))
        {
            // Their organisation holds the case but it is another's turn.
            let names = self.store.orgs()?;
            return Err(DeskError::Refused(Refusal::NotTheirTurn {
                reference: case.reference.clone(),
                deciders: holders
                    .iter()
                    .map(|id| {
                        names
                            .get(*id)
                            .map(|o| o.name.clone())
                            .unwrap_or_else(|| id.to_string())
                    })
                    .collect(),
            }));
        }
        Err(DeskError::Refused(Refusal::Permission {
            user: actor.name.clone(),
            role: role.unwrap_or(Role::Helpdesk),
            permission: p,
        }))
    }

    /// The part of a category change `actor` approves: the first
    /// organisation whose turn it is where they may decide.
    pub(crate) fn part_of(&self, actor: &Actor, case: &Case, orgs: &[CaseOrg]) -> Option<OrgId> {
        org::deciders(case, orgs)
            .into_iter()
            .find(|o| {
                actor
                    .reach
                    .get(*o)
                    .is_some_and(|r| r.may(Permission::Decide))
            })
            .cloned()
    }
}
