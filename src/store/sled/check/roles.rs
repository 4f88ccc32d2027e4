//! `check`'s part on roles: each role the store holds is the one the audit
//! log last gave (`users.add`, `users.remove`), and none it gave is lost.
//! A role that is not a role at all is named by `records`.

use super::{CheckFault, CheckReport};
use crate::domain::org::UserAccess;
use crate::domain::{AuditRecord, Role};
use crate::store::sled::migrate::v10_step::access_of_role;
use crate::store::sled::{Result, SledStore, T, decode};
use std::collections::HashMap;

/// What an audit record's `after` gave a user: schema 10's JSON of a
/// `UserAccess`, or an older record's role id (the one office's role).
fn given(after: &str) -> Option<UserAccess> {
    let t = after.trim();
    if let Ok(a) = serde_json::from_str::<UserAccess>(t) {
        return Some(a);
    }
    Role::from_id(t.trim_matches('"')).map(access_of_role)
}

impl SledStore {
    /// Checks that each user's roles are the ones the audit log last gave.
    pub(super) fn check_roles(&self, r: &mut CheckReport) -> Result<()> {
        // Roles as the audit log tells them, in order.
        let mut told: HashMap<String, Option<UserAccess>> = HashMap::new();
        for kv in self.tree(T::Audit).iter() {
            let (_, v) = kv?;
            let Ok(rec) = decode::<AuditRecord>(&v) else {
                break;
            };
            if rec.action == "users.add" || rec.action == "users.remove" {
                if let Some(name) = rec.target.strip_prefix("user/") {
                    told.insert(name.to_string(), rec.after.as_deref().and_then(given));
                }
            }
        }
        let first = access_of_role(Role::Supervisor);
        let json = |a: &UserAccess| a.summary();
        let mut held: HashMap<String, UserAccess> = HashMap::new();
        for kv in self.tree(T::Users).iter() {
            let (k, v) = kv?;
            let name = String::from_utf8_lossy(&k).into_owned();
            // One that does not read is named by `records`.
            if let Ok(a) = decode::<UserAccess>(&v) {
                held.insert(name, a);
            }
        }
        for (name, access) in &held {
            match told.get(name) {
                Some(Some(t)) if t == access => {}
                // The creator of the store is its first supervisor before any record.
                None if *access == first && told.is_empty() => {}
                None if *access == first && self.is_creator(name)? => {}
                other => r.fault(CheckFault::RoleNotGiven {
                    user: name.clone(),
                    role: json(access),
                    given: other.cloned().flatten().as_ref().map(json),
                }),
            }
        }
        for (name, access) in &told {
            if access.is_some() && !held.contains_key(name) {
                r.fault(CheckFault::RoleLost { user: name.clone() });
            }
        }
        Ok(())
    }
}
