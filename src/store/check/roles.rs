//! `check`'s part on roles: each role the store holds is the one the audit
//! log last gave (`users.add`, `users.remove`), and none it gave is lost.
//! A role that is not a role at all is named by `records`.

use super::{CheckFault, CheckReport};
use crate::domain::AuditRecord;
use crate::store::{Result, Store, T, decode};
use std::collections::HashMap;

impl Store {
    /// Checks that each role is the one the audit log last gave.
    pub(super) fn check_roles(&self, r: &mut CheckReport) -> Result<()> {
        // Roles as the audit log tells them, in order.
        let mut told: HashMap<String, Option<String>> = HashMap::new();
        for kv in self.tree(T::Audit).iter() {
            let (_, v) = kv?;
            let Ok(rec) = decode::<AuditRecord>(&v) else {
                break;
            };
            if rec.action == "users.add" || rec.action == "users.remove" {
                if let Some(name) = rec.target.strip_prefix("user/") {
                    let role = rec
                        .after
                        .as_deref()
                        .map(|a| a.trim().trim_matches('"').to_string())
                        .filter(|a| !a.is_empty() && a != "null");
                    told.insert(name.to_string(), role);
                }
            }
        }
        let mut roles: HashMap<String, String> = HashMap::new();
        for kv in self.tree(T::Users).iter() {
            let (k, v) = kv?;
            let name = String::from_utf8_lossy(&k).into_owned();
            let role = String::from_utf8_lossy(&v).into_owned();
            roles.insert(name, role);
        }
        for (name, role) in &roles {
            match told.get(name) {
                Some(Some(t)) if t == role => {}
                // The creator of the store is its first supervisor before any record.
                None if role == "supervisor" && told.is_empty() => {}
                None if role == "supervisor" && self.is_creator(name)? => {}
                other => r.fault(CheckFault::RoleNotGiven {
                    user: name.clone(),
                    role: role.clone(),
                    given: other.cloned().flatten(),
                }),
            }
        }
        for (name, role) in &told {
            if role.is_some() && !roles.contains_key(name) {
                r.fault(CheckFault::RoleLost { user: name.clone() });
            }
        }
        Ok(())
    }
}
