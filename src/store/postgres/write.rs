//! A change as one transaction: the cases of a batch locked first (in id
//! order), then what they write — rows, words, notifications, undo entries,
//! registry records — and the audit records last, appended after the head
//! row is locked, each extended and sealed by the program (`AuditKey`).
//! Every writer takes its locks in this one order, so two never wait on
//! each other in a circle.

use super::{PgStore, Result, big, num, pg_date, pg_time, set_key, to_json};
use crate::domain::filter::CaseKind;
use crate::domain::org::{CaseOrg, OrgId, Side, normal_set};
use crate::domain::refusal::Refusal;
use crate::domain::{AuditRecord, Case, OutboxMessage, OutboxStatus, Timestamp};
use crate::store::audit::AuditHead;
use crate::store::batch::{CaseWrite, Outcome, UndoEntry, UndoSlot, Undoable, WriteBatch};
use crate::store::change::{Creations, case_change};
use crate::store::error::StoreError;
use crate::store::summary::{Place, due_days};
use postgres::GenericClient;
use serde::Serialize;

/// An audit record to append when the change ends.
pub(super) struct Pending {
    pub actor: String,
    pub uid: Option<u32>,
    pub at: Timestamp,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One change being written on `c` (a transaction, or an import's connection).
pub(super) struct Writer<'a, C: GenericClient> {
    pub c: &'a mut C,
    pub store: &'a PgStore,
    pub audits: Vec<Pending>,
}

pub(super) fn json_text<R: Serialize>(r: &R) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

/// The default organisation set: the office alone, whole.
pub(super) fn default_set() -> Vec<CaseOrg> {
    normal_set(&[CaseOrg::new(OrgId::default_org(), Side::Whole)])
}

/// The name a case sorts by (its kana reading when known).
pub(super) fn name_key(case: &Case) -> String {
    let base = case
        .subject_kana
        .as_deref()
        .filter(|k| !k.trim().is_empty())
        .unwrap_or(&case.subject_name);
    crate::text::normalize_for_search(base).replace('\0', "")
}

/// A subject as the `cases` table keeps it: 0 a person, 1 a facility.
pub(super) fn subject_kind(case: &Case) -> i16 {
    match case.subject {
        crate::domain::Subject::Person(_) => 0,
        crate::domain::Subject::Facility(_) => 1,
    }
}

impl<'a, C: GenericClient> Writer<'a, C> {
    pub(super) fn new(c: &'a mut C, store: &'a PgStore) -> Writer<'a, C> {
        Writer {
            c,
            store,
            audits: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn audit(
        &mut self,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
        action: &str,
        target: String,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.audits.push(Pending {
            actor: actor.to_string(),
            uid,
            at,
            action: action.to_string(),
            target,
            before,
            after,
        });
    }

    /// Locks the cases `batch` changes that exist, in id order.
    pub(super) fn lock_cases(&mut self, batch: &WriteBatch) -> Result<()> {
        if batch.cases.is_empty() {
            return Ok(());
        }
        let queues: Vec<&str> = batch.cases.iter().map(|w| w.after.queue.id()).collect();
        let refs: Vec<&str> = batch
            .cases
            .iter()
            .map(|w| w.after.reference.as_str())
            .collect();
        self.c.query(
            "SELECT id FROM cases
              WHERE (queue, ref) IN (SELECT * FROM unnest($1::text[], $2::text[]))
              ORDER BY id FOR UPDATE",
            &[&queues, &refs],
        )?;
        Ok(())
    }

    /// Writes a whole batch (its cases locked first), its audit records
    /// appended at the end.
    pub(super) fn batch(&mut self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        self.lock_cases(batch)?;
        let at =
            batch.at.unwrap_or_else(|| {
                batch.cases.first().map(|c| c.at).unwrap_or_else(|| {
                    crate::domain::time::start_of_day(chrono::NaiveDate::default())
                })
            });
        let mut together = batch.audit_creations_together.then(Creations::default);
        for r in &batch.registry {
            self.registry(r, &batch.actor, batch.uid, at, together.as_mut())?;
        }
        let mut outs = Vec::with_capacity(batch.cases.len());
        for c in &batch.cases {
            outs.push(self.case(c, batch.uid, together.as_mut())?);
        }
        let action = batch
            .cases
            .first()
            .map(|c| c.action.as_str())
            .unwrap_or("import");
        for (target, after) in together.map(Creations::audited).unwrap_or_default() {
            self.audit(
                &batch.actor,
                batch.uid,
                at,
                action,
                target,
                None,
                Some(after),
            );
        }
        self.finish()?;
        Ok(outs)
    }

    /// Appends the pending audit records to the chain: the head row locked
    /// (last of every lock a change takes), each record extended from it.
    pub(super) fn finish(&mut self) -> Result<()> {
        if self.audits.is_empty() {
            return Ok(());
        }
        let row = self
            .c
            .query_one("SELECT seq, mac FROM audit_head FOR UPDATE", &[])?;
        let mut head = AuditHead {
            seq: num(row.get(0)),
            mac: row.get(1),
        };
        let mut seqs = Vec::with_capacity(self.audits.len());
        let mut ats = Vec::with_capacity(self.audits.len());
        let mut actors = Vec::with_capacity(self.audits.len());
        let mut actions = Vec::with_capacity(self.audits.len());
        let mut targets = Vec::with_capacity(self.audits.len());
        let mut records = Vec::with_capacity(self.audits.len());
        for p in self.audits.drain(..) {
            let rec = self.store.audit_key.extend(
                &head,
                AuditRecord {
                    seq: 0,
                    at: p.at,
                    actor: p.actor,
                    uid: p.uid,
                    action: p.action,
                    target: p.target,
                    before: p.before,
                    after: p.after,
                    prev_hash: String::new(),
                    hash: String::new(),
                },
            );
            head = AuditHead {
                seq: rec.seq,
                mac: rec.hash.clone(),
            };
            seqs.push(big(rec.seq));
            ats.push(pg_time(rec.at));
            actors.push(rec.actor.clone());
            actions.push(rec.action.clone());
            targets.push(rec.target.clone());
            records.push(to_json(&rec)?);
        }
        self.c.execute(
            "INSERT INTO audit (seq, at, actor, action, target, record)
             SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[],
                                  $5::text[], $6::jsonb[])",
            &[&seqs, &ats, &actors, &actions, &targets, &records],
        )?;
        self.c.execute(
            "UPDATE audit_head SET seq = $1, mac = $2",
            &[&big(head.seq), &head.mac],
        )?;
        Ok(())
    }

    /// The next number of a sequence (ids: no lock, gaps allowed).
    pub(super) fn next_id(&mut self, sequence: &str) -> Result<u64> {
        let row = self
            .c
            .query_one(&format!("SELECT nextval('{sequence}')"), &[])?;
        Ok(num(row.get(0)))
    }

    /// The number of an assignee (0: nobody), made the first time one is seen.
    fn assignee_number(&mut self, name: Option<&str>) -> Result<i32> {
        match name {
            Some(name) => self.numbered(Numbered::Assignees, name),
            None => Ok(0),
        }
    }

    /// The number of a place (0: none), made the first time one is seen.
    fn place_number(&mut self, place: Option<Place>) -> Result<i32> {
        match place {
            Some(place) => self.numbered(Numbered::Places, &place.key()),
            None => Ok(0),
        }
    }

    /// The number `value` has in a table of numbered names: read, else made
    /// (one lookup on the hot path of a case write once it exists).
    fn numbered(&mut self, table: Numbered, value: &str) -> Result<i32> {
        let (select, insert) = table.statements();
        if let Some(row) = self.c.query_opt(select, &[&value])? {
            return Ok(row.get(0));
        }
        self.c.execute(insert, &[&value])?;
        Ok(self.c.query_one(select, &[&value])?.get(0))
    }

    /// The number of an organisation set, made the first time one is seen.
    fn set_number(&mut self, set: &[CaseOrg]) -> Result<i32> {
        let key = set_key(set)?;
        if let Some(row) = self
            .c
            .query_opt("SELECT number FROM org_sets WHERE key = $1", &[&key])?
        {
            return Ok(row.get(0));
        }
        // Numbers are taken under the table's lock: few sets are ever made.
        self.c
            .execute("LOCK TABLE org_sets IN SHARE ROW EXCLUSIVE MODE", &[])?;
        if let Some(row) = self
            .c
            .query_opt("SELECT number FROM org_sets WHERE key = $1", &[&key])?
        {
            return Ok(row.get(0));
        }
        let row = self.c.query_one(
            "INSERT INTO org_sets (number, orgs, key)
             SELECT coalesce(max(number), 0) + 1, $1, $2 FROM org_sets RETURNING number",
            &[&to_json(&set.to_vec())?, &key],
        )?;
        Ok(row.get(0))
    }

    /// The organisations of the set numbered `n`.
    fn set_orgs(&mut self, n: i32) -> Result<Vec<CaseOrg>> {
        match self
            .c
            .query_opt("SELECT orgs FROM org_sets WHERE number = $1", &[&n])?
        {
            Some(row) => super::from_json(row.get(0)),
            None => Ok(Vec::new()),
        }
    }

    fn put_outbox(&mut self, msg: &OutboxMessage) -> Result<()> {
        self.c.execute(
            "INSERT INTO outbox (id, status, release_at, release_s, queue, case_ref, body)
             VALUES ($1, $2, $3, $7, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET status = $2, release_at = $3, release_s = $7,
                 queue = $4, case_ref = $5, body = $6",
            &[
                &big(msg.id),
                &super::id_of(&msg.status),
                &pg_time(msg.release_at),
                &msg.queue.id(),
                &msg.case_ref,
                &to_json(msg)?,
                &msg.release_at.timestamp(),
            ],
        )?;
        Ok(())
    }

    /// Writes one case of a batch: its row and words, the notifications
    /// it owes or withdraws, the user's undo, its audit record.
    pub(super) fn case(
        &mut self,
        w: &CaseWrite,
        uid: Option<u32>,
        together: Option<&mut Creations>,
    ) -> Result<Outcome> {
        let old = self.c.query_opt(
            "SELECT id, body, org_set FROM cases WHERE queue = $1 AND ref = $2",
            &[&w.after.queue.id(), &w.after.reference],
        )?;
        let old: Option<(u64, Case, i32)> = match old {
            Some(row) => Some((num(row.get(0)), super::from_json(row.get(1))?, row.get(2))),
            None => None,
        };
        if let (Some(expected), Some((_, cur, _))) = (w.expected_revision, &old) {
            if cur.revision != expected {
                let msg = crate::store::stale(cur, expected);
                if w.skip_if_stale {
                    return Ok(Outcome::Stale(msg));
                }
                return Err(StoreError::Stale(msg));
            }
        }
        if w.expected_revision.is_some() && old.is_none() {
            return Err(StoreError::Stale(Refusal::Gone {
                reference: w.after.reference.clone(),
            }));
        }
        let created = old.is_none();
        let id = match &old {
            Some((id, _, _)) => *id,
            None => self.next_id("case_ids")?,
        };
        let mut after = w.after.clone();
        after.revision = old.as_ref().map(|(_, c, _)| c.revision + 1).unwrap_or(1);
        after.updated_at = w.at;
        after.updated_by = w.actor.clone();
        for (i, msg) in &w.earlier_outbox {
            let oid = self.next_id("outbox_ids")?;
            let mut msg = msg.clone();
            msg.id = oid;
            if let Some(entry) = after.history.get_mut(*i) {
                entry.notification = Some(oid);
            }
            self.put_outbox(&msg)?;
        }
        let mut outbox_id = None;
        if let Some(msg) = &w.outbox {
            let oid = self.next_id("outbox_ids")?;
            let mut msg = msg.clone();
            msg.id = oid;
            if let Some(last) = after.history.last_mut() {
                last.notification = Some(oid);
            }
            self.put_outbox(&msg)?;
            outbox_id = Some(oid);
        }
        if let Some(oid) = w.cancel_outbox {
            if let Some(row) = self.c.query_opt(
                "SELECT body FROM outbox WHERE id = $1 FOR UPDATE",
                &[&big(oid)],
            )? {
                let mut msg: OutboxMessage = super::from_json(row.get(0))?;
                // A sender may have taken it since the undo looked: then it stays sent.
                if msg.status != OutboxStatus::Pending {
                    return Err(StoreError::Stale(Refusal::UndoSent {
                        reference: w.after.reference.clone(),
                    }));
                }
                msg.status = OutboxStatus::Cancelled;
                self.put_outbox(&msg)?;
            }
        }
        let set = match &w.orgs {
            Some(o) => self.set_number(&normal_set(o))?,
            None => old.as_ref().map(|(_, _, s)| *s).unwrap_or(0),
        };
        self.put_case(id, &after, set)?;
        let old_words = old
            .as_ref()
            .map(|(_, c, _)| crate::store::words::tokens(c))
            .unwrap_or_default();
        let new_words = crate::store::words::tokens(&after);
        let gone: Vec<&String> = old_words
            .iter()
            .filter(|w| !new_words.contains(w))
            .collect();
        let added: Vec<&String> = new_words
            .iter()
            .filter(|w| !old_words.contains(w))
            .collect();
        if !gone.is_empty() {
            self.c.execute(
                "DELETE FROM case_words WHERE case_id = $1 AND word = ANY($2)",
                &[&big(id), &gone],
            )?;
        }
        if !added.is_empty() {
            self.c.execute(
                "INSERT INTO case_words (case_id, word) SELECT $1, unnest($2::text[])",
                &[&big(id), &added],
            )?;
        }
        self.undo_slot(&w.undo, id, after.revision, outbox_id)?;
        let target = format!("{}/{}", after.queue.id(), after.reference);
        match together {
            Some(acc) if created => {
                // The bytes sled keeps, so that both backends seal the same digest.
                let bytes = bincode::serialize(&after).map_err(|e| {
                    StoreError::Codec(crate::store::error::Codec::Value {
                        detail: e.to_string(),
                    })
                })?;
                acc.add(target, &bytes);
            }
            _ => {
                let orgs = match &w.orgs {
                    Some(o) => o.clone(),
                    None => self.set_orgs(set)?,
                };
                let orgs = if orgs.is_empty() { default_set() } else { orgs };
                let (before, change) = case_change(old.as_ref().map(|(_, c, _)| c), &after, &orgs);
                self.audit(&w.actor, uid, w.at, &w.action, target, before, Some(change));
            }
        }
        Ok(Outcome::Written {
            id,
            revision: after.revision,
            created,
            outbox_id,
        })
    }

    /// Writes a case's row: its columns and its whole value.
    fn put_case(&mut self, id: u64, c: &Case, set: i32) -> Result<()> {
        let assignee_no = self.assignee_number(c.assignee.as_deref())?;
        let place_no = self.place_number(Place::of(c))?;
        let kind = i16::from(CaseKind::code(CaseKind::of(c)));
        self.c.execute(
            "INSERT INTO cases (id, queue, ref, state, closed, due, due_days, received,
                 received_s, assignee, assignee_no, revision, subject_kind, subject,
                 subject_name, name_key, org_set, updated_at, updated_by, body, place_no, kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                 $16, $17, $18, $19, $20, $21, $22)
             ON CONFLICT (id) DO UPDATE SET queue = $2, ref = $3, state = $4, closed = $5,
                 due = $6, due_days = $7, received = $8, received_s = $9, assignee = $10,
                 assignee_no = $11, revision = $12, subject_kind = $13, subject = $14,
                 subject_name = $15, name_key = $16, org_set = $17, updated_at = $18,
                 updated_by = $19, body = $20, place_no = $21, kind = $22",
            &[
                &big(id),
                &c.queue.id(),
                &c.reference,
                &c.state.id(),
                &!c.state.is_open(),
                &pg_date(c.due),
                &due_days(c.due),
                &pg_time(c.received_at),
                &c.received_at.timestamp(),
                &c.assignee,
                &assignee_no,
                &big(c.revision),
                &subject_kind(c),
                &c.subject.key(),
                &c.subject_name,
                &name_key(c),
                &set,
                &pg_time(c.updated_at),
                &c.updated_by,
                &to_json(c)?,
                &place_no,
                &kind,
            ],
        )?;
        Ok(())
    }

    fn undo_slot(
        &mut self,
        slot: &UndoSlot,
        id: u64,
        revision: u64,
        outbox_id: Option<u64>,
    ) -> Result<()> {
        match slot {
            UndoSlot::Keep => {}
            UndoSlot::Set(user, rec) => {
                let mut rec = (**rec).clone();
                rec.case_id = id;
                rec.revision_after = revision;
                rec.outbox_id = outbox_id;
                self.c.execute(
                    "INSERT INTO undo_slots (username, body) VALUES ($1, $2)
                     ON CONFLICT (username) DO UPDATE SET body = $2",
                    &[user, &to_json(&rec)?],
                )?;
            }
            UndoSlot::Clear(user) => {
                self.c
                    .execute("DELETE FROM undo_slots WHERE username = $1", &[user])?;
            }
            UndoSlot::Push(user, group, rec) => {
                let mut record = (**rec).clone();
                record.case_id = id;
                record.revision_after = revision;
                record.outbox_id = outbox_id;
                let entry = UndoEntry {
                    group: *group,
                    item: Undoable::Case(Box::new(record)),
                };
                self.push_undo(user, &entry)?;
            }
            UndoSlot::Pop(user, seq) => {
                self.c.execute(
                    "DELETE FROM undo WHERE username = $1 AND seq = $2",
                    &[user, &big(*seq)],
                )?;
            }
        }
        Ok(())
    }

    pub(super) fn push_undo(&mut self, user: &str, entry: &UndoEntry) -> Result<()> {
        let seq = self.next_id("undo_ids")?;
        self.c.execute(
            "INSERT INTO undo (username, seq, body) VALUES ($1, $2, $3)",
            &[&user, &big(seq), &to_json(entry)?],
        )?;
        Ok(())
    }
}

impl PgStore {
    /// Applies a batch in one transaction, committed (on disk) when it returns.
    pub fn write(&self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        let outs = Writer::new(&mut tx, self).batch(batch)?;
        tx.commit()?;
        Ok(outs)
    }

    /// Runs `f` in one transaction with a writer, its audit records
    /// appended at the end, committed when it returns.
    pub(super) fn transact<R>(
        &self,
        f: impl FnOnce(&mut Writer<'_, postgres::Transaction<'_>>) -> Result<R>,
    ) -> Result<R> {
        let mut c = self.pool.get()?;
        let mut tx = c.transaction()?;
        let out = {
            let mut w = Writer::new(&mut tx, self);
            let out = f(&mut w)?;
            w.finish()?;
            out
        };
        tx.commit()?;
        Ok(out)
    }
}

/// The tables that number what a case summary refers to by number.
#[derive(Clone, Copy)]
enum Numbered {
    Assignees,
    Places,
}

impl Numbered {
    /// The statements that read a value's number and make one.
    fn statements(self) -> (&'static str, &'static str) {
        match self {
            Numbered::Assignees => (
                "SELECT number FROM assignees WHERE name = $1",
                "INSERT INTO assignees (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
            ),
            Numbered::Places => (
                "SELECT number FROM places WHERE place = $1",
                "INSERT INTO places (place) VALUES ($1) ON CONFLICT (place) DO NOTHING",
            ),
        }
    }
}
