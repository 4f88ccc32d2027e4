//! Schema 10: organisations. A store of schema 9 was one office; it
//! becomes one organisation, `office` (事務局), holding every case, and each
//! user keeps their role there. Schema 9's supervisors administered the
//! store (users, configuration), so they become its administrators too.
//!
//! What changes on disk:
//! - `orgs` gains the one organisation; `org_sets` stays empty (set 0, the
//!   default organisation alone, is implicit).
//! - `users`: a role id (`operator`) becomes a bincode `UserAccess`.
//! - `tags`: a tag gains its organisation set (4 bytes, 0), so every block
//!   of 128 slots of 18 bytes is rewritten with slots of 22.
//! - `counts`: the key gains the set (queue, set, state, due).
//! - The prior values an import cut short kept in its journal, of these
//!   tables, in the same shapes (put back on the next open, after this).

use crate::domain::Role;
use crate::domain::org::{Organisation, UserAccess};
use crate::store::sled::{Result, SledStore, T, encode};

/// Bytes of a schema-9 tag slot: queue, state, due, received, assignee.
const OLD_SLOT: usize = 18;
/// Bytes of a schema-9 counter key: queue, state, due.
const OLD_COUNT_KEY: usize = 6;
const PER_BLOCK: usize = crate::store::sled::tags::PER_BLOCK as usize;

/// The organisation a schema-9 store becomes.
pub(crate) fn the_office() -> Organisation {
    Organisation::the_office()
}

/// What a user with a schema-9 role is given.
pub(crate) fn access_of_role(role: Role) -> UserAccess {
    UserAccess::of_role(role)
}

pub(super) fn step_9_to_10(store: &SledStore) -> Result<super::Rewrite> {
    let mut put = Vec::new();
    let mut remove = Vec::new();
    let office = the_office();
    put.push((
        T::Orgs,
        office.id.as_str().as_bytes().to_vec(),
        encode(&office)?,
    ));
    for kv in store.tree(T::Users).iter() {
        let (k, v) = kv?;
        if let Some(new) = user(&v)? {
            put.push((T::Users, k.to_vec(), new));
        }
    }
    for kv in store.tree(T::Tags).iter() {
        let (k, v) = kv?;
        if let Some(new) = tag_block(&v) {
            put.push((T::Tags, k.to_vec(), new));
        }
    }
    // Every set's counters together (`counts_all`), from the counters as
    // they are (schema 9's, or those step 5 to 6 built in this shape).
    let mut all: std::collections::BTreeMap<Vec<u8>, u64> = Default::default();
    for kv in store.tree(T::Counts).iter() {
        let (k, v) = kv?;
        let n = crate::store::sled::keys::u64_from(&v).unwrap_or(0);
        let key = match count_key(&k) {
            Some(new) => {
                remove.push((T::Counts, k.to_vec()));
                put.push((T::Counts, new, v.to_vec()));
                k.to_vec()
            }
            None if k.len() == OLD_COUNT_KEY + 4 => [&k[..1], &k[5..]].concat(),
            None => continue,
        };
        *all.entry(key).or_default() += n;
    }
    store.tree(T::CountsAll).clear()?;
    for (k, n) in all {
        put.push((T::CountsAll, k, n.to_be_bytes().to_vec()));
    }
    // An import's prior values: `J`, the import id (8 bytes), the table
    // byte, the key; the value `0` (absent) or `1` + the record's bytes.
    for kv in store.tree(T::ImportJournal).scan_prefix(b"J") {
        let (k, v) = kv?;
        let Some(&t) = k.get(9) else { continue };
        let key = &k[10..];
        let prior = match v.split_first() {
            Some((&1, bytes)) => Some(bytes),
            _ => None,
        };
        let new_value = |bytes: Option<Vec<u8>>| match bytes {
            Some(b) => {
                let mut out = vec![1];
                out.extend_from_slice(&b);
                out
            }
            None => v.to_vec(),
        };
        if t == T::Users as u8 {
            if let Some(b) = prior {
                if let Some(new) = user(b)? {
                    put.push((T::ImportJournal, k.to_vec(), new_value(Some(new))));
                }
            }
        } else if t == T::Tags as u8 {
            if let Some(new) = prior.and_then(tag_block) {
                put.push((T::ImportJournal, k.to_vec(), new_value(Some(new))));
            }
        } else if t == T::Counts as u8 {
            if let Some(new) = count_key(key) {
                let mut jk = k[..10].to_vec();
                jk.extend_from_slice(&new);
                remove.push((T::ImportJournal, k.to_vec()));
                put.push((T::ImportJournal, jk, v.to_vec()));
            }
        }
    }
    Ok(super::Rewrite { put, remove })
}

/// A schema-9 user's role id as what schema 10 gives them; None when the
/// value is not a role id (already converted).
fn user(v: &[u8]) -> Result<Option<Vec<u8>>> {
    match std::str::from_utf8(v).ok().and_then(Role::from_id) {
        Some(role) => Ok(Some(encode(&access_of_role(role))?)),
        None => Ok(None),
    }
}

/// A block of schema-9 slots with the set (0) appended to each tag; None
/// for a block already of schema 10 (a store of schema 5 has its tags built
/// in the current shape by step 5 to 6).
fn tag_block(v: &[u8]) -> Option<Vec<u8>> {
    if v.len() != OLD_SLOT * PER_BLOCK {
        return None;
    }
    let mut out = Vec::with_capacity((OLD_SLOT + 4) * PER_BLOCK);
    for slot in v.chunks_exact(OLD_SLOT) {
        out.extend_from_slice(slot);
        out.extend_from_slice(&0u32.to_be_bytes());
    }
    Some(out)
}

/// A schema-9 counter key with set 0 between queue and state; None for a
/// key already of schema 10.
fn count_key(k: &[u8]) -> Option<Vec<u8>> {
    if k.len() != OLD_COUNT_KEY {
        return None;
    }
    let mut out = Vec::with_capacity(OLD_COUNT_KEY + 4);
    out.push(k[0]);
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&k[1..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_shapes_are_converted_and_new_ones_left() {
        let block = vec![0xffu8; OLD_SLOT * PER_BLOCK];
        let new = tag_block(&block).unwrap();
        assert_eq!(new.len(), 22 * PER_BLOCK);
        assert!(tag_block(&new).is_none());
        let k = [1u8, 3, 0x80, 0, 0, 5];
        let nk = count_key(&k).unwrap();
        assert_eq!(nk, [1, 0, 0, 0, 0, 3, 0x80, 0, 0, 5]);
        assert!(count_key(&nk).is_none());
        assert!(user(b"operator").unwrap().is_some());
        assert!(
            user(&encode(&access_of_role(Role::Operator)).unwrap())
                .unwrap()
                .is_none()
        );
    }
}
