//! Transactions: a case, its index entries, counters, audit record, outbox
//! message and undo slot change together, or not at all.
//!
//! A change is computed under the store's single-writer lock against an
//! overlay of what it has written so far (`Tx`), then applied as one sled
//! batch on the one tree (atomic for readers and across a crash) and flushed
//! before it is acknowledged. Every index key is computed from the old and new
//! values read inside it.

use super::keys;
pub(super) use super::tx::{Abort, Tx, TxResult, abort_codec};
use super::{SledStore, T, decode, encode};
use crate::domain::refusal::Refusal;
use crate::domain::{
    AuditRecord, Case, Facility, OutboxMessage, OutboxStatus, Person, Queue, State, Timestamp,
};
pub use crate::store::{CaseWrite, Outcome, RegistryWrite, UndoRecord, UndoSlot, WriteBatch};
use serde::Serialize;

use super::audit::AuditHead;

use super::change::Creations;
pub(crate) use super::change::case_change;

/// Every index entry of a case: table, key, value (empty: the tags in memory
/// say the rest).
pub(crate) fn entries(id: u64, c: &Case) -> Vec<(T, Vec<u8>, Vec<u8>)> {
    vec![
        (T::IdxDue, keys::due_key(c, id), Vec::new()),
        (T::IdxName, keys::name_key(c, id), Vec::new()),
        (T::IdxSubject, keys::subject_key(c, id), Vec::new()),
    ]
}

/// A registry record's index: its table, and the entry's key made from the
/// record and the record's own key.
pub(super) type IndexEntry<R> = (T, fn(&R, &[u8]) -> Vec<u8>);

impl Tx<'_> {
    /// Creates or replaces a registry record under its table and key,
    /// moving its entry in the one index that `index` names; returns the record
    /// before and after as JSON, for the audit.
    fn put_record<R: Serialize + serde::de::DeserializeOwned>(
        &self,
        (table, key): (T, &[u8]),
        record: &R,
        index: Option<IndexEntry<R>>,
    ) -> TxResult<(Option<String>, String)> {
        let old: Option<R> = self
            .tree(table)
            .get(key)?
            .map(|v| decode(&v))
            .transpose()
            .map_err(abort_codec)?;
        if let Some((by, entry)) = index {
            if let Some(o) = &old {
                self.del(by, &entry(o, key))?;
            }
            self.put(by, &entry(record, key), &[])?;
        }
        self.put(table, key, &encode(record).map_err(abort_codec)?)?;
        let json = |r: &R| serde_json::to_string(r).unwrap_or_default();
        Ok((old.as_ref().map(json), json(record)))
    }

    /// Inserts, first recording the prior value when an import journals.
    pub(super) fn put(&self, t: T, k: &[u8], v: &[u8]) -> TxResult<()> {
        self.remember(t, k)?;
        self.tree(t).insert(k, v)?;
        Ok(())
    }

    /// Inserts a key of a case this change creates: no prior value to keep
    /// (`note_created` journals the case).
    pub(super) fn put_new(&self, t: T, k: &[u8], v: &[u8]) -> TxResult<()> {
        self.tree(t).insert(k, v)?;
        Ok(())
    }

    /// Journals a case an import creates, by its id.
    fn note_created(&self, id: u64) -> TxResult<()> {
        if let Some(import) = self.journal {
            self.tree(T::ImportJournal)
                .insert(super::journal::created_key(import, id), &[1u8][..])?;
        }
        Ok(())
    }

    /// Removes, first recording the prior value when an import journals.
    pub(super) fn del(&self, t: T, k: &[u8]) -> TxResult<()> {
        self.remember(t, k)?;
        self.tree(t).remove(k)?;
        Ok(())
    }

    /// The first time an import touches a key, its prior value (or absence).
    fn remember(&self, t: T, k: &[u8]) -> TxResult<()> {
        if let Some(id) = self.journal {
            let jk = super::journal::entry_key(id, t, k);
            let journal = self.tree(T::ImportJournal);
            if journal.get(&jk)?.is_none() {
                let prior = self.tree(t).stored(k)?;
                journal.insert(jk, super::journal::prior_value(prior.as_deref()))?;
            }
        }
        Ok(())
    }

    pub(super) fn next_seq(&self, name: &str) -> TxResult<u64> {
        let meta = self.tree(T::Meta);
        let cur = meta
            .get(name.as_bytes())?
            .and_then(|v| keys::u64_from(&v))
            .unwrap_or(0);
        self.put(T::Meta, name.as_bytes(), &(cur + 1).to_be_bytes())?;
        Ok(cur + 1)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn audit(
        &self,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
        action: &str,
        target: String,
        before: Option<String>,
        after: Option<String>,
    ) -> TxResult<()> {
        let kept = self.tree(T::Meta).get(super::audit::HEAD)?;
        let head = super::audit::head_of(kept.as_deref()).unwrap_or(AuditHead {
            seq: 0,
            mac: super::audit::GENESIS.to_string(),
        });
        let rec = self.key.extend(
            &head,
            AuditRecord {
                seq: 0,
                at,
                actor: actor.to_string(),
                uid,
                action: action.to_string(),
                target,
                before,
                after,
                prev_hash: String::new(),
                hash: String::new(),
            },
        );
        let head = AuditHead {
            seq: rec.seq,
            mac: rec.hash.clone(),
        };
        self.put(
            T::Meta,
            super::audit::HEAD,
            &super::audit::head_bytes(&head),
        )?;
        self.put(
            T::Audit,
            &rec.seq.to_be_bytes(),
            &encode(&rec).map_err(abort_codec)?,
        )?;
        Ok(())
    }

    /// Moves a case between counters: its set's and every set's together.
    fn count_case(
        &self,
        queue: Queue,
        set: u32,
        state: State,
        due: i32,
        delta: i64,
    ) -> TxResult<()> {
        self.count(T::Counts, keys::count_key(queue, set, state, due), delta)?;
        self.count(T::CountsAll, keys::count_all_key(queue, state, due), delta)
    }

    fn count(&self, t: T, key: Vec<u8>, delta: i64) -> TxResult<()> {
        let counts = self.tree(t);
        let cur = counts
            .get(&key)?
            .and_then(|v| keys::u64_from(&v))
            .unwrap_or(0) as i64;
        let next = (cur + delta).max(0) as u64;
        if next == 0 {
            self.del(t, &key)?;
        } else {
            self.put(t, &key, &next.to_be_bytes())?;
        }
        Ok(())
    }

    /// Moves a case's index entries from `old` to `new`, touching only the
    /// entries that differ (a decision changes a few; words rarely change),
    /// and its tag when what it holds changed.
    fn reindex(
        &self,
        id: u64,
        old: Option<&Case>,
        new: &Case,
        orgs: Option<&[crate::domain::org::CaseOrg]>,
    ) -> TxResult<()> {
        let old_entries = old.map(|c| entries(id, c)).unwrap_or_default();
        let new_entries = entries(id, new);
        for e in &old_entries {
            if !new_entries.iter().any(|n| n.0 == e.0 && n.1 == e.1) {
                self.del(e.0, &e.1)?;
            }
        }
        for n in &new_entries {
            if old.is_none() {
                self.put_new(n.0, &n.1, &n.2)?;
            } else if !old_entries.contains(n) {
                self.put(n.0, &n.1, &n.2)?;
            }
        }
        let old_words = old.map(super::postings::words).unwrap_or_default();
        let new_words = super::postings::words(new);
        for w in old_words.iter().filter(|w| !new_words.contains(w)) {
            self.unpost(new.queue, w, id)?;
        }
        for w in new_words.iter().filter(|w| !old_words.contains(w)) {
            self.post(new.queue, w, id)?;
        }
        let was = if old.is_some() {
            self.orgs_number(id)
        } else {
            0
        };
        let set = match orgs {
            Some(o) => self.org_set_number(&crate::domain::org::normal_set(o))?,
            None => was,
        };
        let tagged = |c: &Case| (c.queue, c.state, c.due, c.received_at, c.assignee.clone());
        if old.is_none_or(|o| tagged(o) != tagged(new)) || set != was {
            self.set_tag(id, Some(new), set)?;
        }
        if let Some(c) = old {
            self.count_case(c.queue, was, c.state, keys::due_days(c.due), -1)?;
        }
        self.count_case(new.queue, set, new.state, keys::due_days(new.due), 1)
    }

    pub(super) fn write_case(
        &self,
        w: &CaseWrite,
        uid: Option<u32>,
        together: Option<&mut Creations>,
    ) -> TxResult<Outcome> {
        let refs = self.tree(T::Refs);
        let ref_key = keys::ref_key(w.after.queue, &w.after.reference);
        let existing_id = refs.get(&ref_key)?.and_then(|v| keys::u64_from(&v));
        let old: Option<(u64, Case)> = match existing_id {
            Some(id) => match self.tree(T::Cases).get(id.to_be_bytes())? {
                Some(v) => Some((id, decode(&v).map_err(abort_codec)?)),
                None => None,
            },
            None => None,
        };
        if let (Some(expected), Some((_, cur))) = (w.expected_revision, &old) {
            if cur.revision != expected {
                let msg = crate::store::stale(cur, expected);
                if w.skip_if_stale {
                    return Ok(Outcome::Stale(msg));
                }
                return Err(Abort::Stale(msg));
            }
        }
        if w.expected_revision.is_some() && old.is_none() {
            return Err(Abort::Stale(Refusal::Gone {
                reference: w.after.reference.clone(),
            }));
        }
        let created = old.is_none();
        let id = match &old {
            Some((id, _)) => *id,
            None => self.next_seq("case_seq")?,
        };
        let mut after = w.after.clone();
        after.revision = old.as_ref().map(|(_, c)| c.revision + 1).unwrap_or(1);
        after.updated_at = w.at;
        after.updated_by = w.actor.clone();
        let mut outbox_id = None;
        for (i, msg) in &w.earlier_outbox {
            let oid = self.next_seq("outbox_seq")?;
            let mut msg = msg.clone();
            msg.id = oid;
            if let Some(entry) = after.history.get_mut(*i) {
                entry.notification = Some(oid);
            }
            self.put(
                T::Outbox,
                &oid.to_be_bytes(),
                &encode(&msg).map_err(abort_codec)?,
            )?;
        }
        if let Some(msg) = &w.outbox {
            let oid = self.next_seq("outbox_seq")?;
            let mut msg = msg.clone();
            msg.id = oid;
            if let Some(last) = after.history.last_mut() {
                last.notification = Some(oid);
            }
            self.put(
                T::Outbox,
                &oid.to_be_bytes(),
                &encode(&msg).map_err(abort_codec)?,
            )?;
            outbox_id = Some(oid);
        }
        if let Some(oid) = w.cancel_outbox {
            let outbox = self.tree(T::Outbox);
            if let Some(v) = outbox.get(oid.to_be_bytes())? {
                let mut msg: OutboxMessage = decode(&v).map_err(abort_codec)?;
                // A sender may have taken it since the undo looked: then it stays sent.
                if msg.status != OutboxStatus::Pending {
                    return Err(Abort::Stale(Refusal::UndoSent {
                        reference: w.after.reference.clone(),
                    }));
                }
                msg.status = OutboxStatus::Cancelled;
                self.put(
                    T::Outbox,
                    &oid.to_be_bytes(),
                    &encode(&msg).map_err(abort_codec)?,
                )?;
            }
        }
        if old.is_none() {
            // A case new to the store: an import journals its id alone, and
            // a rollback takes away the keys its record names.
            self.note_created(id)?;
            self.put_new(T::Refs, &ref_key, &id.to_be_bytes())?;
        }
        self.reindex(id, old.as_ref().map(|(_, c)| c), &after, w.orgs.as_deref())?;
        let record = encode(&after).map_err(abort_codec)?;
        match old {
            None => self.put_new(T::Cases, &id.to_be_bytes(), &record)?,
            Some(_) => self.put(T::Cases, &id.to_be_bytes(), &record)?,
        }
        match &w.undo {
            UndoSlot::Keep => {}
            UndoSlot::Set(user, rec) => {
                let mut rec = (**rec).clone();
                rec.case_id = id;
                rec.revision_after = after.revision;
                rec.outbox_id = outbox_id;
                self.put(
                    T::Undo,
                    user.as_bytes(),
                    &encode(&rec).map_err(abort_codec)?,
                )?;
            }
            UndoSlot::Clear(user) => {
                self.del(T::Undo, user.as_bytes())?;
            }
            UndoSlot::Push(user, group, rec) => {
                let mut record = (**rec).clone();
                record.case_id = id;
                record.revision_after = after.revision;
                record.outbox_id = outbox_id;
                let entry = super::undo::UndoEntry {
                    group: *group,
                    item: super::undo::Undoable::Case(Box::new(record)),
                };
                let seq = self.next_seq("undo_seq")?;
                self.put(
                    T::Undo,
                    &super::undo::entry_key(user, seq),
                    &encode(&entry).map_err(abort_codec)?,
                )?;
            }
            UndoSlot::Pop(user, seq) => {
                self.del(T::Undo, &super::undo::entry_key(user, *seq))?;
            }
        }
        let target = format!("{}/{}", after.queue.id(), after.reference);
        match together {
            Some(acc) if created => {
                acc.add(target, &encode(&after).map_err(abort_codec)?);
            }
            _ => {
                let orgs = match &w.orgs {
                    Some(o) => o.clone(),
                    None => self.store.case_orgs(id),
                };
                let orgs = if orgs.is_empty() {
                    vec![crate::domain::org::CaseOrg::new(
                        crate::domain::org::OrgId::default_org(),
                        crate::domain::org::Side::Whole,
                    )]
                } else {
                    orgs
                };
                let (before, change) = case_change(old.as_ref().map(|(_, c)| c), &after, &orgs);
                self.audit(&w.actor, uid, w.at, &w.action, target, before, Some(change))?
            }
        }
        Ok(Outcome::Written {
            id,
            revision: after.revision,
            created,
            outbox_id,
        })
    }

    pub(super) fn write_registry(
        &self,
        w: &RegistryWrite,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
        together: Option<&mut Creations>,
    ) -> TxResult<()> {
        let mut together = together;
        let mut audit = |action: &str,
                         target: String,
                         before: Option<String>,
                         after: Option<String>|
         -> TxResult<()> {
            match (together.as_deref_mut(), &before, &after) {
                (Some(acc), None, Some(a)) => {
                    acc.add(target, a.as_bytes());
                    Ok(())
                }
                _ => self.audit(actor, uid, at, action, target, before, after),
            }
        };
        match w {
            RegistryWrite::Person(p) => {
                // The birth-date index moves with the person (schema 7).
                let old: Option<Person> = self
                    .tree(T::People)
                    .get(p.registration_number.as_str().as_bytes())?
                    .map(|v| decode(&v))
                    .transpose()
                    .map_err(abort_codec)?;
                self.index_birth(old.as_ref(), p)?;
                let (before, after) = self.put_record(
                    (T::People, p.registration_number.as_str().as_bytes()),
                    p,
                    Some((T::PeopleByIdentity, super::registry::identity_entry)),
                )?;
                let target = format!("person/{}", p.registration_number);
                audit("person.put", target, before, Some(after))
            }
            RegistryWrite::Facility(f) => {
                let key = f.facility_number.as_str().as_bytes();
                let (before, after) = self.put_record::<Facility>((T::Facilities, key), f, None)?;
                let target = format!("facility/{}", f.facility_number);
                audit("facility.put", target, before, Some(after))
            }
            RegistryWrite::Physician(p) => {
                let (before, after) = self.put_record(
                    (T::Physicians, p.cert_number.as_bytes()),
                    p,
                    Some((T::PhysiciansByWorkplace, super::registry::workplace_entry)),
                )?;
                let target = format!("physician/{}", p.cert_number);
                audit("physician.put", target, before, Some(after))
            }
            RegistryWrite::Loan(l) => {
                self.loan_written(&l.loan_id);
                let (before, after) = self.put_record(
                    (T::Loans, l.loan_id.as_bytes()),
                    l,
                    Some((T::LoansByPerson, super::registry::borrower_entry)),
                )?;
                let target = format!("loan/{}", l.loan_id);
                audit("loan.put", target, before, Some(after))
            }
            RegistryWrite::User(name, access) => {
                let (before, after) = self.put_access(name, access.as_ref())?;
                let action = if access.is_some() {
                    "users.add"
                } else {
                    "users.remove"
                };
                audit(action, format!("user/{name}"), before, after)
            }
            RegistryWrite::Org(id, org) => {
                let (before, after) = self.put_org(id, org.as_deref())?;
                let action = match (&before, org) {
                    (None, Some(_)) => "orgs.add",
                    (Some(_), Some(_)) => "orgs.edit",
                    _ => "orgs.remove",
                };
                audit(action, format!("org/{id}"), before, after)
            }
            RegistryWrite::UserName(name, shown) => {
                let key = super::user_name_key(name);
                let old = self
                    .tree(T::Meta)
                    .get(&key)?
                    .map(|v| String::from_utf8_lossy(&v).into_owned());
                match shown {
                    Some(s) => self.put(T::Meta, &key, s.as_bytes())?,
                    None => self.del(T::Meta, &key)?,
                }
                audit("users.name", format!("user/{name}"), old, shown.clone())
            }
            // Audited by the record it goes with.
            RegistryWrite::Meta(key, value) => self.put(T::Meta, key.as_bytes(), value),
            RegistryWrite::MetaRemove(key) => self.remove_meta(key),
            RegistryWrite::Remove(what) => self.remove_stored(what, actor, uid, at),
            RegistryWrite::Enquiry(e) => self.put_enquiry(e, actor, uid, at),
            RegistryWrite::PushUndo(user, group, undo) => self.push_undo(user, *group, undo),
            RegistryWrite::PopUndo(user, seq) => self.pop_undo(user, *seq),
        }
    }
}

impl SledStore {
    /// Applies a batch in one transaction and flushes it to disk before returning.
    pub fn write(&self, batch: &WriteBatch) -> super::Result<Vec<Outcome>> {
        let out = self.write_unflushed(batch)?;
        self.flush()?;
        Ok(out)
    }

    /// Applies a batch in one transaction; the caller flushes (bulk imports
    /// flush once per chunk).
    pub fn write_unflushed(&self, batch: &WriteBatch) -> super::Result<Vec<Outcome>> {
        let _writer = self.writer()?;
        self.write_tx(batch, None)
    }

    /// Notes the cases a write changed, while a check reads beside it.
    fn note_changed(&self, outs: &[Outcome]) {
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = changed.as_mut() {
            set.extend(outs.iter().filter_map(|o| match o {
                Outcome::Written { id, .. } => Some(*id),
                Outcome::Stale(_) => None,
            }));
        }
    }

    /// Holds an import out while a change is written; refuses while the disk
    /// is short of space (`space`), after handles that failed are opened again.
    pub(super) fn writer(&self) -> super::Result<std::sync::RwLockReadGuard<'_, ()>> {
        let guard = self.recorder();
        self.refuse_if_short()?;
        Ok(guard)
    }

    /// Holds an import out while a change that records what already happened
    /// outside (a notification handed out, a mail sent) is written: the
    /// reserve does not refuse it, since refusing would only make it happen
    /// twice.
    pub(super) fn recorder(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.heal();
        self.writers.read().unwrap_or_else(|e| e.into_inner())
    }

    /// One transaction of a batch, its prior values journalled for `import`.
    pub(super) fn write_tx(
        &self,
        batch: &WriteBatch,
        import: Option<u64>,
    ) -> super::Result<Vec<Outcome>> {
        let at =
            batch.at.unwrap_or_else(|| {
                batch.cases.first().map(|c| c.at).unwrap_or_else(|| {
                    crate::domain::time::start_of_day(chrono::NaiveDate::default())
                })
            });
        let res = self.transact(import, |tx| {
            let mut together = batch.audit_creations_together.then(Creations::default);
            for r in &batch.registry {
                tx.write_registry(r, &batch.actor, batch.uid, at, together.as_mut())?;
            }
            let mut outs = Vec::with_capacity(batch.cases.len());
            for c in &batch.cases {
                outs.push(tx.write_case(c, batch.uid, together.as_mut())?);
            }
            let action = batch
                .cases
                .first()
                .map(|c| c.action.as_str())
                .unwrap_or("import");
            for (target, after) in together.map(Creations::audited).unwrap_or_default() {
                tx.audit(
                    &batch.actor,
                    batch.uid,
                    at,
                    action,
                    target,
                    None,
                    Some(after),
                )?;
            }
            Ok(outs)
        });
        if let Ok(outs) = &res {
            self.note_changed(outs);
        }
        res
    }

    /// The user's undo slot, if any.
    pub fn undo_record(&self, user: &str) -> super::Result<Option<UndoRecord>> {
        self.tree(T::Undo)
            .get(user.as_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// Marks notifications released (handed to the mail system), in one
    /// transaction; those still pending, which it returns.
    pub fn release_outbox(
        &self,
        ids: &[u64],
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> super::Result<Vec<u64>> {
        let _writer = self.recorder();
        let res = self.transact(None, |tx| {
            let outbox = tx.tree(T::Outbox);
            let mut released = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(v) = outbox.get(id.to_be_bytes())? {
                    let mut msg: OutboxMessage = decode(&v).map_err(abort_codec)?;
                    if msg.status == OutboxStatus::Pending {
                        msg.status = OutboxStatus::Released;
                        outbox.insert(id.to_be_bytes(), encode(&msg).map_err(abort_codec)?)?;
                        released.push(*id);
                    }
                }
            }
            if !released.is_empty() {
                tx.audit(
                    actor,
                    uid,
                    at,
                    "outbox.release",
                    format!("outbox/{}", released.len()),
                    None,
                    Some(serde_json::to_string(&released).unwrap_or_default()),
                )?;
            }
            Ok(released)
        });
        match res {
            Ok(released) => {
                self.flush()?;
                Ok(released)
            }
            Err(e) => Err(e),
        }
    }
}
