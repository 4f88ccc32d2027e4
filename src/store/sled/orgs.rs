//! Organisations (schema 10): the records of the offices sharing the store,
//! the users' roles in them, and the organisation sets cases belong to.
//!
//! | table | key | value |
//! |---|---|---|
//! | `orgs` | organisation id | bincode `Organisation` |
//! | `org_sets` | number u32 | bincode `Vec<CaseOrg>` |
//! | `users` | user name | bincode `UserAccess` |
//!
//! A case's tag carries the number of its set, so a scope is a mask over
//! set numbers: a page, a count or a filter admits a case by its tag alone,
//! never by reading it. Set 0 is implicit: the default organisation alone,
//! whole (what every case of a store upgraded from schema 9 belongs to).

use super::write::{Tx, TxResult, abort_codec};
use super::{OrgMask, Result, SledStore, T, decode, encode};
use crate::domain::Role;
use crate::domain::org::{CaseOrg, OrgId, Organisation, Side, UserAccess};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The organisation sets in memory, by number and by value.
#[derive(Default)]
pub(super) struct Sets {
    by_number: Vec<Vec<CaseOrg>>,
    numbers: HashMap<Vec<CaseOrg>, u32>,
}

impl Sets {
    fn with_default() -> Sets {
        let mut s = Sets::default();
        s.insert(0, vec![CaseOrg::new(OrgId::default_org(), Side::Whole)]);
        s
    }

    pub(super) fn insert(&mut self, n: u32, set: Vec<CaseOrg>) {
        let i = n as usize;
        if i >= self.by_number.len() {
            self.by_number.resize(i + 1, Vec::new());
        }
        self.numbers.insert(set.clone(), n);
        self.by_number[i] = set;
    }

    fn get(&self, n: u32) -> Option<&Vec<CaseOrg>> {
        self.by_number.get(n as usize)
    }

    fn len(&self) -> u32 {
        self.by_number.len() as u32
    }
}

impl SledStore {
    /// Reads the organisation sets (on open, with the tags).
    pub(super) fn load_sets(&self) -> Result<Sets> {
        let mut sets = Sets::with_default();
        for kv in self.tree(T::OrgSets).iter() {
            let (k, v) = kv?;
            let Some(n) = k.as_ref().try_into().ok().map(u32::from_be_bytes) else {
                continue;
            };
            // A set that does not read admits nobody to its cases; `check` names it.
            if let Ok(set) = decode(&v) {
                sets.insert(n, set);
            }
        }
        Ok(sets)
    }

    /// Every organisation, by id.
    pub fn orgs(&self) -> Result<BTreeMap<OrgId, Organisation>> {
        let mut out = BTreeMap::new();
        for v in self.tree(T::Orgs).iter().values() {
            // One that does not read is left out (`check` names it): the
            // others' offices go on working.
            if let Ok(o) = decode::<Organisation>(&v?) {
                out.insert(o.id.clone(), o);
            }
        }
        Ok(out)
    }

    pub fn org(&self, id: &OrgId) -> Result<Option<Organisation>> {
        self.tree(T::Orgs)
            .get(id.as_str().as_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// What a user is given; None for a user the store does not know. A
    /// record that does not read gives nothing (`check` names it).
    pub fn access_of(&self, user: &str) -> Result<Option<UserAccess>> {
        Ok(self
            .tree(T::Users)
            .get(user.as_bytes())?
            .map(|v| decode(&v).unwrap_or_default()))
    }

    /// Every user the store knows, with what they are given.
    pub fn accesses(&self) -> Result<Vec<(String, UserAccess)>> {
        let mut out = Vec::new();
        for kv in self.tree(T::Users).iter() {
            let (k, v) = kv?;
            let access = decode(&v).unwrap_or_default();
            out.push((String::from_utf8_lossy(&k).into_owned(), access));
        }
        Ok(out)
    }

    /// The highest role a user has anywhere; unknown users are help desk.
    pub fn role_of(&self, user: &str) -> Result<Role> {
        Ok(self
            .access_of(user)?
            .and_then(|a| a.top_role())
            .unwrap_or(Role::Helpdesk))
    }

    /// Every user with a role somewhere, with their highest.
    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        Ok(self
            .accesses()?
            .into_iter()
            .filter_map(|(n, a)| a.top_role().map(|r| (n, r)))
            .collect())
    }

    /// The organisations of case `id`, from its tag.
    pub fn case_orgs(&self, id: u64) -> Vec<CaseOrg> {
        self.with_tags(|t| {
            t.get(id)
                .and_then(|(_, tag)| t.sets.get(tag.orgs).cloned())
                .unwrap_or_default()
        })
    }

    /// The sets holding any of `visible`.
    pub fn mask(&self, visible: &BTreeSet<OrgId>) -> OrgMask {
        self.with_tags(|t| {
            OrgMask::from_admits(
                t.sets
                    .by_number
                    .iter()
                    .map(|set| set.iter().any(|o| visible.contains(&o.org)))
                    .collect(),
            )
        })
    }

    /// Whether any case belongs to organisation set `set` (from its counters).
    pub fn set_holds_cases(&self, set: u32) -> Result<bool> {
        for q in crate::domain::Queue::ALL {
            let mut prefix = vec![q.code()];
            prefix.extend_from_slice(&set.to_be_bytes());
            if self
                .tree(T::Counts)
                .scan_prefix(&prefix)
                .next()
                .transpose()?
                .is_some()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// How many cases each organisation holds (a case of two counts in both).
    pub fn cases_per_org(&self) -> BTreeMap<OrgId, u64> {
        self.with_tags(|t| {
            let mut per_set: HashMap<u32, u64> = HashMap::new();
            for (_, _, tag) in t.iter() {
                *per_set.entry(tag.orgs).or_default() += 1;
            }
            let mut out = BTreeMap::new();
            for (n, count) in per_set {
                for o in t.sets.get(n).into_iter().flatten() {
                    *out.entry(o.org.clone()).or_default() += count;
                }
            }
            out
        })
    }
}

impl Tx<'_> {
    /// The number of an organisation set, made (and written) the first time
    /// one is seen.
    pub(super) fn org_set_number(&self, set: &[CaseOrg]) -> TxResult<u32> {
        if let Some(n) = self.store.with_tags(|t| t.sets.numbers.get(set).copied()) {
            return Ok(n);
        }
        let known = self.store.with_tags(|t| t.sets.len());
        let n = {
            let pending = &self.tags.borrow().sets;
            if let Some((n, _)) = pending.iter().find(|(_, s)| s.as_slice() == set) {
                return Ok(*n);
            }
            pending.iter().map(|(n, _)| n + 1).fold(known, u32::max)
        };
        self.put(
            T::OrgSets,
            &n.to_be_bytes(),
            &encode(&set.to_vec()).map_err(abort_codec)?,
        )?;
        self.tags.borrow_mut().sets.push((n, set.to_vec()));
        Ok(n)
    }

    /// Creates, replaces or removes an organisation, audited.
    pub(super) fn put_org(
        &self,
        id: &OrgId,
        org: Option<&Organisation>,
    ) -> TxResult<(Option<String>, Option<String>)> {
        let key = id.as_str().as_bytes();
        let old: Option<Organisation> = self
            .tree(T::Orgs)
            .get(key)?
            .map(|v| decode(&v))
            .transpose()
            .map_err(abort_codec)?;
        match org {
            Some(o) => self.put(T::Orgs, key, &encode(o).map_err(abort_codec)?)?,
            None => self.del(T::Orgs, key)?,
        }
        let json = |o: &Organisation| serde_json::to_string(o).unwrap_or_default();
        Ok((old.as_ref().map(json), org.map(json)))
    }

    /// Gives a user what `access` says (None: the store forgets them).
    pub(super) fn put_access(
        &self,
        user: &str,
        access: Option<&UserAccess>,
    ) -> TxResult<(Option<String>, Option<String>)> {
        let key = user.as_bytes();
        let old: Option<UserAccess> = self
            .tree(T::Users)
            .get(key)?
            .map(|v| decode(&v))
            .transpose()
            .map_err(abort_codec)?;
        match access {
            Some(a) => self.put(T::Users, key, &encode(a).map_err(abort_codec)?)?,
            None => self.del(T::Users, key)?,
        }
        let json = |a: &UserAccess| serde_json::to_string(a).unwrap_or_default();
        Ok((old.as_ref().map(json), access.map(json)))
    }
}
