//! Candidates for the desk's filter: every case of a queue that a page spec
//! admits, with its row tag, in the spec's index order. The desk checks the
//! filter's other terms on these and cuts its own page.

use super::keys::{self, RowTag};
use super::read::{PageSpec, SortKey};
use super::{Result, Store, T, decode};
use crate::domain::{AuditRecord, Queue, Timestamp};
use std::collections::HashMap;

impl Store {
    /// Ids and tags of every case `spec` admits (its offset and limit aside),
    /// ordered by its sort where an index gives that order (due, received,
    /// name), else by due. Found through the token index when it has words.
    pub fn candidates(&self, spec: &PageSpec) -> Result<Vec<(u64, RowTag)>> {
        if !spec.words.is_empty() {
            return self.word_candidates(spec);
        }
        let q = spec.queue.code();
        let tree = match spec.sort {
            SortKey::Received | SortKey::Age => T::IdxReceived,
            SortKey::Name => T::IdxName,
            _ => T::IdxDue,
        };
        let prefix = if spec.include_closed {
            vec![q]
        } else {
            vec![q, 0]
        };
        let mut out = Vec::new();
        for kv in self.tree(tree).scan_prefix(&prefix) {
            let (k, v) = kv?;
            if let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) {
                if spec.admits_tag(&tag) {
                    out.push((id, tag));
                }
            }
        }
        Ok(out)
    }

    fn word_candidates(&self, spec: &PageSpec) -> Result<Vec<(u64, RowTag)>> {
        let q = spec.queue.code();
        let mut found: Option<HashMap<u64, RowTag>> = None;
        for word in &spec.words {
            let mut prefix = vec![q];
            prefix.extend_from_slice(word.as_bytes());
            let mut hits = HashMap::new();
            for kv in self.tree(T::IdxToken).scan_prefix(&prefix) {
                let (k, v) = kv?;
                let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) else {
                    continue;
                };
                if spec.admits_tag(&tag) && found.as_ref().is_none_or(|f| f.contains_key(&id)) {
                    hits.insert(id, tag);
                }
            }
            found = Some(hits);
        }
        let mut rows: Vec<(u64, RowTag)> = found.unwrap_or_default().into_iter().collect();
        let open_last = |t: &RowTag| t.state.is_open() as u8 ^ 1;
        match spec.sort {
            SortKey::Received | SortKey::Age => {
                rows.sort_by_key(|(id, t)| (open_last(t), t.received, *id))
            }
            SortKey::Name => {
                let mut named = Vec::with_capacity(rows.len());
                for (id, t) in rows {
                    let name = self
                        .case(id)?
                        .map(|c| keys::name_sort_key(&c))
                        .unwrap_or_default();
                    named.push(((open_last(&t), name, id), t));
                }
                named.sort_by(|a, b| a.0.cmp(&b.0));
                return Ok(named.into_iter().map(|((_, _, id), t)| (id, t)).collect());
            }
            _ => rows.sort_by_key(|(id, t)| (open_last(t), t.due, *id)),
        }
        Ok(rows)
    }
}

impl Store {
    /// Ids and tags of a queue's cases received at or after `since` (seconds),
    /// open or not, from the received index.
    pub fn received_since(&self, queue: Queue, since: i64) -> Result<Vec<(u64, RowTag)>> {
        let mut out = Vec::new();
        for bucket in [0u8, 1] {
            let mut from = vec![queue.code(), bucket];
            from.extend_from_slice(&keys::i64_key(since));
            let end = [queue.code(), bucket + 1];
            for kv in self.tree(T::IdxReceived).range(from..end.to_vec()) {
                let (k, v) = kv?;
                if let (Some(id), Some(tag)) = (keys::trailing_id(&k), RowTag::decode(&v)) {
                    out.push((id, tag));
                }
            }
        }
        Ok(out)
    }

    /// Audit records from the newest back to (and including) `since`.
    pub fn audit_since(&self, since: Timestamp) -> Result<Vec<AuditRecord>> {
        let mut out = Vec::new();
        for kv in self.tree(T::Audit).iter().rev() {
            let (_, v) = kv?;
            let rec: AuditRecord = decode(&v)?;
            if rec.at < since {
                break;
            }
            out.push(rec);
        }
        Ok(out)
    }
}
