//! The registries, users and organisations, settings, the enquiry log,
//! numbered documents, undo, the outbox and its deliveries, as the
//! PostgreSQL store keeps them.

use super::read::{Chunks, Key, bodies};
use super::write::Writer;
use super::{PgStore, Result, big, from_json, num, to_json};
use crate::domain::document::{DocumentKind, DocumentNumber, Issued};
use crate::domain::enquiry::{Enquiry, EnquiryProblem, EnquiryStatus};
use crate::domain::org::{CaseOrg, OrgId, Organisation, UserAccess};
use crate::domain::refusal::Refusal;
use crate::domain::time::fiscal_year;
use crate::domain::{
    Delivery, DeliveryState, Facility, Loan, OutboxMessage, OutboxStatus, Person, Physician, Queue,
    Role, Timestamp,
};
use crate::store::batch::{DeliveryExpect, IssueRequest, UndoEntry, UndoRecord};
use crate::store::change::delivery_summary;
use crate::store::error::StoreError;
use crate::store::summary::OrgMask;
use std::collections::{BTreeMap, BTreeSet};

/// The registries.
impl PgStore {
    pub fn person(&self, regno: &str) -> Result<Option<Person>> {
        self.body("people", "regno", regno)
    }

    pub fn facility(&self, number: &str) -> Result<Option<Facility>> {
        self.body("facilities", "number", number)
    }

    pub fn physician(&self, cert: &str) -> Result<Option<Physician>> {
        self.body("physicians", "cert", cert)
    }

    pub fn loan(&self, loan_id: &str) -> Result<Option<Loan>> {
        self.body("loans", "loan_id", loan_id)
    }

    pub fn all_people(&self) -> Chunks<'_, Person> {
        Chunks::new(
            self,
            "SELECT regno, body FROM people WHERE regno > $1 ORDER BY regno LIMIT $2",
            Key::Text(String::new()),
            |row| Ok((Key::Text(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn all_facilities(&self) -> Chunks<'_, Facility> {
        Chunks::new(
            self,
            "SELECT number, body FROM facilities WHERE number > $1 ORDER BY number LIMIT $2",
            Key::Text(String::new()),
            |row| Ok((Key::Text(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn all_loans(&self) -> Chunks<'_, Loan> {
        Chunks::new(
            self,
            "SELECT loan_id, body FROM loans WHERE loan_id > $1 ORDER BY loan_id LIMIT $2",
            Key::Text(String::new()),
            |row| Ok((Key::Text(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn same_identity(&self, name: &str, birth: chrono::NaiveDate) -> Result<Vec<String>> {
        self.texts(
            "SELECT regno FROM people WHERE name_key = $1 AND birth_days = $2 ORDER BY regno",
            &[
                &crate::text::normalize_for_search(name),
                &chrono::Datelike::num_days_from_ce(&birth),
            ],
        )
    }

    pub fn people_born(&self, date: chrono::NaiveDate) -> Result<Vec<String>> {
        self.texts(
            "SELECT regno FROM people WHERE birth_days = $1 ORDER BY regno",
            &[&chrono::Datelike::num_days_from_ce(&date)],
        )
    }

    pub fn physicians_at(&self, facility: &str) -> Result<Vec<String>> {
        self.texts(
            "SELECT cert FROM physicians WHERE workplace = $1 ORDER BY cert",
            &[&facility],
        )
    }

    pub fn loans_of(&self, regno: &str) -> Result<Vec<String>> {
        self.texts(
            "SELECT loan_id FROM loans WHERE regno = $1 ORDER BY loan_id",
            &[&regno],
        )
    }
}

/// Settings.
impl PgStore {
    pub fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        let mut c = self.pool.get()?;
        Writer::new(&mut *c, self).put_meta(key, value)
    }

    pub fn remove_meta(&self, key: &str) -> Result<()> {
        let mut c = self.pool.get()?;
        Writer::new(&mut *c, self).remove_meta(key)
    }

    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let mut c = self.pool.get()?;
        Ok(
            c.query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?
                .map(|r| r.get(0)),
        )
    }

    pub fn user_names(&self) -> Result<BTreeMap<String, String>> {
        let mut c = self.pool.get()?;
        let rows = c.query(
            "SELECT substr(key, 11), value FROM meta WHERE key LIKE 'user\\_name/%'",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let v: Vec<u8> = r.get(1);
                (r.get(0), String::from_utf8_lossy(&v).into_owned())
            })
            .collect())
    }

    /// This store's identity in mail: random, made once.
    pub fn identity(&self) -> Result<String> {
        let fresh: [u8; 16] = rand::random();
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        let mut c = self.pool.get()?;
        // Another program may have made one meanwhile: keep whichever came first.
        c.execute(
            "INSERT INTO meta (key, value) VALUES ('store_id', $1) ON CONFLICT (key) DO NOTHING",
            &[&hex.as_bytes()],
        )?;
        let v: Vec<u8> = c
            .query_one("SELECT value FROM meta WHERE key = 'store_id'", &[])?
            .get(0);
        Ok(String::from_utf8_lossy(&v).into_owned())
    }
}

/// Users and organisations.
impl PgStore {
    pub fn orgs(&self) -> Result<BTreeMap<OrgId, Organisation>> {
        let mut c = self.pool.get()?;
        let all: Vec<Organisation> = bodies(&mut *c, "SELECT body FROM orgs ORDER BY id", &[])?;
        Ok(all.into_iter().map(|o| (o.id.clone(), o)).collect())
    }

    pub fn org(&self, id: &OrgId) -> Result<Option<Organisation>> {
        self.body("orgs", "id", id.as_str())
    }

    pub fn access_of(&self, user: &str) -> Result<Option<UserAccess>> {
        let mut c = self.pool.get()?;
        c.query_opt("SELECT access FROM users WHERE name = $1", &[&user])?
            .map(|r| from_json(r.get(0)))
            .transpose()
    }

    pub fn accesses(&self) -> Result<Vec<(String, UserAccess)>> {
        let mut c = self.pool.get()?;
        c.query("SELECT name, access FROM users ORDER BY name", &[])?
            .iter()
            .map(|r| Ok((r.get(0), from_json(r.get(1))?)))
            .collect()
    }

    pub fn role_of(&self, user: &str) -> Result<Role> {
        Ok(self
            .access_of(user)?
            .and_then(|a| a.top_role())
            .unwrap_or(Role::Helpdesk))
    }

    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        Ok(self
            .accesses()?
            .into_iter()
            .filter_map(|(n, a)| a.top_role().map(|r| (n, r)))
            .collect())
    }

    /// Every organisation set, by number (none if they cannot be read).
    fn sets(&self) -> Vec<(u32, Vec<CaseOrg>)> {
        let read = || -> Result<Vec<(u32, Vec<CaseOrg>)>> {
            let mut c = self.pool.get()?;
            c.query("SELECT number, orgs FROM org_sets ORDER BY number", &[])?
                .iter()
                .map(|r| Ok((r.get::<_, i32>(0) as u32, from_json(r.get(1))?)))
                .collect()
        };
        read().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "reading the organisation sets");
            Vec::new()
        })
    }

    /// The organisations of case `id` (none if it cannot be read).
    pub fn case_orgs(&self, id: u64) -> Vec<CaseOrg> {
        let read = || -> Result<Vec<CaseOrg>> {
            let mut c = self.pool.get()?;
            match c.query_opt(
                "SELECT s.orgs FROM cases c JOIN org_sets s ON s.number = c.org_set
                  WHERE c.id = $1",
                &[&big(id)],
            )? {
                Some(r) => from_json(r.get(0)),
                None => Ok(Vec::new()),
            }
        };
        read().unwrap_or_default()
    }

    /// The sets holding any of `visible` (none if they cannot be read: a
    /// scope then sees nothing rather than too much).
    pub fn mask(&self, visible: &BTreeSet<OrgId>) -> OrgMask {
        let sets = self.sets();
        let len = sets.iter().map(|(n, _)| *n as usize + 1).max().unwrap_or(0);
        let mut admits = vec![false; len];
        for (n, set) in sets {
            admits[n as usize] = set.iter().any(|o| visible.contains(&o.org));
        }
        OrgMask::from_admits(admits)
    }

    pub fn set_holds_cases(&self, set: u32) -> Result<bool> {
        let mut c = self.pool.get()?;
        Ok(c.query_one(
            "SELECT EXISTS (SELECT 1 FROM cases WHERE org_set = $1)",
            &[&(set as i32)],
        )?
        .get(0))
    }

    pub fn cases_per_org(&self) -> BTreeMap<OrgId, u64> {
        let read = || -> Result<Vec<(i32, i64)>> {
            let mut c = self.pool.get()?;
            Ok(
                c.query("SELECT org_set, count(*) FROM cases GROUP BY org_set", &[])?
                    .iter()
                    .map(|r| (r.get(0), r.get(1)))
                    .collect(),
            )
        };
        let per_set = read().unwrap_or_default();
        let sets: BTreeMap<u32, Vec<CaseOrg>> = self.sets().into_iter().collect();
        let mut out = BTreeMap::new();
        for (n, count) in per_set {
            for o in sets.get(&(n as u32)).into_iter().flatten() {
                *out.entry(o.org.clone()).or_default() += num(count);
            }
        }
        out
    }
}

fn refused(problem: EnquiryProblem) -> StoreError {
    StoreError::Stale(Refusal::Enquiry { problem })
}

/// The enquiry log.
impl PgStore {
    pub fn log_enquiry(&self, e: &Enquiry, uid: Option<u32>) -> Result<Enquiry> {
        self.transact(|w| {
            let id = w.next_id("enquiry_ids")?;
            let mut e = e.clone();
            e.id = id;
            e.revision = 1;
            w.c.execute(
                "INSERT INTO enquiries (id, regno, body) VALUES ($1, $2, $3)",
                &[
                    &big(id),
                    &e.registration_number.as_ref().map(|r| r.as_str()),
                    &to_json(&e)?,
                ],
            )?;
            let json = serde_json::to_string(&e).unwrap_or_default();
            w.audit(
                &e.by,
                uid,
                e.at,
                "enquiry.log",
                format!("enquiry/{id}"),
                None,
                Some(json),
            );
            Ok(e)
        })
    }

    pub fn resolve_enquiry(
        &self,
        id: u64,
        seen: Option<u64>,
        by: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<Enquiry> {
        self.transact(|w| {
            let old: Enquiry = match w.c.query_opt(
                "SELECT body FROM enquiries WHERE id = $1 FOR UPDATE",
                &[&big(id)],
            )? {
                Some(r) => from_json(r.get(0))?,
                None => return Err(refused(EnquiryProblem::NoSuchEnquiry { id })),
            };
            let moved = seen.filter(|s| *s != old.revision);
            if let EnquiryStatus::Resolved { at, by } = &old.status {
                let (by, at) = (by.clone(), *at);
                return Err(refused(if let Some(seen) = moved {
                    EnquiryProblem::Changed {
                        id,
                        by,
                        at,
                        revision: old.revision,
                        seen,
                    }
                } else {
                    EnquiryProblem::AlreadyResolved { id, by, at }
                }));
            }
            if let Some(seen) = moved {
                return Err(refused(EnquiryProblem::Changed {
                    id,
                    by: old.by.clone(),
                    at: old.at,
                    revision: old.revision,
                    seen,
                }));
            }
            let mut e = old.clone();
            e.status = EnquiryStatus::Resolved {
                at,
                by: by.to_string(),
            };
            e.revision += 1;
            w.c.execute(
                "UPDATE enquiries SET body = $2 WHERE id = $1",
                &[&big(id), &to_json(&e)?],
            )?;
            let status = |e: &Enquiry| {
                serde_json::json!({"status": e.status, "revision": e.revision}).to_string()
            };
            w.audit(
                by,
                uid,
                at,
                "enquiry.resolve",
                format!("enquiry/{id}"),
                Some(status(&old)),
                Some(status(&e)),
            );
            Ok(e)
        })
    }

    pub fn enquiry(&self, id: u64) -> Result<Option<Enquiry>> {
        let mut c = self.pool.get()?;
        c.query_opt("SELECT body FROM enquiries WHERE id = $1", &[&big(id)])?
            .map(|r| from_json(r.get(0)))
            .transpose()
    }

    /// A person's enquiries, the newest first.
    pub fn enquiries_of(&self, regno: &str) -> Result<Vec<Enquiry>> {
        let mut c = self.pool.get()?;
        bodies(
            &mut *c,
            "SELECT body FROM enquiries WHERE regno = $1 ORDER BY id DESC",
            &[&regno],
        )
    }

    pub fn enquiries_newest(&self) -> Chunks<'_, Enquiry> {
        Chunks::new(
            self,
            "SELECT id, body FROM enquiries WHERE id < $1 ORDER BY id DESC LIMIT $2",
            Key::Int(i64::MAX),
            |row| Ok((Key::Int(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn all_enquiries(&self) -> Chunks<'_, Enquiry> {
        Chunks::new(
            self,
            "SELECT id, body FROM enquiries WHERE id > $1 ORDER BY id LIMIT $2",
            Key::Int(-1),
            |row| Ok((Key::Int(row.get(0)), from_json(row.get(1))?)),
        )
    }
}

/// Numbered documents.
impl PgStore {
    pub fn issued_document(
        &self,
        kind: DocumentKind,
        queue: Queue,
        reference: &str,
    ) -> Result<Option<Issued>> {
        let mut c = self.pool.get()?;
        c.query_opt(
            "SELECT body FROM documents WHERE kind = $1 AND queue = $2 AND ref = $3",
            &[&kind.id(), &queue.id(), &reference],
        )?
        .map(|r| from_json(r.get(0)))
        .transpose()
    }

    /// Issues a numbered document: the number of its fiscal year taken under
    /// the counter's row lock (no gaps), with what the first issue writes.
    pub fn issue_document(&self, r: &IssueRequest<'_>) -> Result<Issued> {
        self.transact(|w| {
            if let Some(b) = r.first {
                w.lock_cases(b)?;
            }
            let existing = w.c.query_opt(
                "SELECT body FROM documents WHERE kind = $1 AND queue = $2 AND ref = $3
                 FOR UPDATE",
                &[&r.kind.id(), &r.queue.id(), &r.reference],
            )?;
            let (issued, action) = match existing {
                Some(row) => {
                    let mut i: Issued = from_json(row.get(0))?;
                    i.again = true;
                    (i, "document.reprint")
                }
                None => {
                    let fy = fiscal_year(r.date);
                    let seq: i64 =
                        w.c.query_one(
                            "INSERT INTO counters (name, value) VALUES ($1, 1)
                             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
                             RETURNING value",
                            &[&format!("document_seq/{fy}")],
                        )?
                        .get(0);
                    let i = Issued {
                        kind: r.kind,
                        queue: r.queue,
                        reference: r.reference.to_string(),
                        number: DocumentNumber {
                            fiscal_year: fy,
                            seq: num(seq),
                        },
                        date: r.date,
                        deadline: r.deadline,
                        by: r.by.to_string(),
                        at: r.at,
                        again: false,
                    };
                    w.c.execute(
                        "INSERT INTO documents (kind, queue, ref, fiscal_year, number, body)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                        &[
                            &r.kind.id(),
                            &r.queue.id(),
                            &r.reference,
                            &fy,
                            &seq,
                            &to_json(&i)?,
                        ],
                    )?;
                    if let Some(b) = r.first {
                        for reg in &b.registry {
                            w.registry(reg, r.by, r.uid, r.at, None)?;
                        }
                        for c in &b.cases {
                            w.case(c, r.uid, None)?;
                        }
                    }
                    (i, "document.issue")
                }
            };
            let after = serde_json::json!({
                "kind": issued.kind.id(),
                "fiscal_year": issued.number.fiscal_year,
                "number": issued.number.seq,
                "date": issued.date,
                "deadline": issued.deadline,
            });
            w.audit(
                r.by,
                r.uid,
                r.at,
                action,
                format!("{}/{}", r.queue.id(), r.reference),
                None,
                Some(after.to_string()),
            );
            Ok(issued)
        })
    }
}

/// Undo.
impl PgStore {
    pub fn undo_group(&self) -> Result<u64> {
        let mut c = self.pool.get()?;
        Ok(num(c
            .query_one("SELECT nextval('undo_groups')", &[])?
            .get(0)))
    }

    pub fn undo_top(&self, user: &str) -> Result<Vec<(u64, UndoEntry)>> {
        let mut c = self.pool.get()?;
        let rows = c.query(
            "SELECT seq, body FROM undo WHERE username = $1 ORDER BY seq DESC",
            &[&user],
        )?;
        let mut out: Vec<(u64, UndoEntry)> = Vec::new();
        for row in rows {
            let e: UndoEntry = from_json(row.get(1))?;
            if out.first().is_some_and(|(_, f)| f.group != e.group) {
                break;
            }
            out.push((num(row.get(0)), e));
        }
        Ok(out)
    }

    pub fn prune_undo(&self, user: &str, now: Timestamp) -> Result<()> {
        let mut c = self.pool.get()?;
        let rows = c.query(
            "SELECT seq, body FROM undo WHERE username = $1 ORDER BY seq",
            &[&user],
        )?;
        let mut gone = Vec::new();
        for row in rows {
            let e: UndoEntry = from_json(row.get(1))?;
            if e.item.until() > now {
                break;
            }
            gone.push(row.get::<_, i64>(0));
        }
        if !gone.is_empty() {
            c.execute(
                "DELETE FROM undo WHERE username = $1 AND seq = ANY($2)",
                &[&user, &gone],
            )?;
        }
        Ok(())
    }

    pub fn drop_undo(&self, user: &str, seq: u64) -> Result<()> {
        let mut c = self.pool.get()?;
        c.execute(
            "DELETE FROM undo WHERE username = $1 AND seq = $2",
            &[&user, &big(seq)],
        )?;
        Ok(())
    }

    pub fn undo_record(&self, user: &str) -> Result<Option<UndoRecord>> {
        let mut c = self.pool.get()?;
        c.query_opt("SELECT body FROM undo_slots WHERE username = $1", &[&user])?
            .map(|r| from_json(r.get(0)))
            .transpose()
    }
}

/// The outbox and its deliveries.
impl PgStore {
    pub fn outbox_message(&self, id: u64) -> Result<Option<OutboxMessage>> {
        let mut c = self.pool.get()?;
        c.query_opt("SELECT body FROM outbox WHERE id = $1", &[&big(id)])?
            .map(|r| from_json(r.get(0)))
            .transpose()
    }

    pub fn all_outbox(&self) -> Chunks<'_, OutboxMessage> {
        Chunks::new(
            self,
            "SELECT id, body FROM outbox WHERE id > $1 ORDER BY id LIMIT $2",
            Key::Int(-1),
            |row| Ok((Key::Int(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn release_outbox(
        &self,
        ids: &[u64],
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<Vec<u64>> {
        let wanted: Vec<i64> = ids.iter().map(|i| big(*i)).collect();
        self.transact(|w| {
            let rows = w.c.query(
                "SELECT id, body FROM outbox WHERE id = ANY($1) AND status = 'pending'
                  ORDER BY id FOR UPDATE",
                &[&wanted],
            )?;
            let mut pending = BTreeMap::new();
            for row in rows {
                let msg: OutboxMessage = from_json(row.get(1))?;
                pending.insert(num(row.get(0)), msg);
            }
            let mut released = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(mut msg) = pending.remove(id) {
                    msg.status = OutboxStatus::Released;
                    w.c.execute(
                        "UPDATE outbox SET status = 'released', body = $2 WHERE id = $1",
                        &[&big(*id), &to_json(&msg)?],
                    )?;
                    released.push(*id);
                }
            }
            if !released.is_empty() {
                w.audit(
                    actor,
                    uid,
                    at,
                    "outbox.release",
                    format!("outbox/{}", released.len()),
                    None,
                    Some(serde_json::to_string(&released).unwrap_or_default()),
                );
            }
            Ok(released)
        })
    }

    pub fn delivery(&self, outbox_id: u64) -> Result<Option<Delivery>> {
        let mut c = self.pool.get()?;
        c.query_opt(
            "SELECT body FROM deliveries WHERE outbox_id = $1",
            &[&big(outbox_id)],
        )?
        .map(|r| from_json(r.get(0)))
        .transpose()
    }

    pub fn all_deliveries(&self) -> Chunks<'_, Delivery> {
        Chunks::new(
            self,
            "SELECT outbox_id, body FROM deliveries WHERE outbox_id > $1
              ORDER BY outbox_id LIMIT $2",
            Key::Int(-1),
            |row| Ok((Key::Int(row.get(0)), from_json(row.get(1))?)),
        )
    }

    pub fn queued_deliveries(&self, limit: usize) -> Result<Vec<Delivery>> {
        let mut c = self.pool.get()?;
        bodies(
            &mut *c,
            "SELECT body FROM deliveries WHERE state = 'queued' ORDER BY outbox_id LIMIT $1",
            &[&i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    pub fn releasable(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxMessage>> {
        let mut c = self.pool.get()?;
        let due: Vec<OutboxMessage> = bodies(
            &mut *c,
            "SELECT body FROM outbox WHERE status = 'pending' AND release_s <= $1
              ORDER BY id LIMIT $2",
            &[&now.timestamp(), &i64::try_from(limit).unwrap_or(i64::MAX)],
        )?;
        // The column counts whole seconds; the message, the instant.
        Ok(due.into_iter().filter(|m| m.release_at <= now).collect())
    }

    pub fn queue_for_delivery(
        &self,
        messages: &[(u64, String)],
        now: Timestamp,
        (actor, uid): (&str, Option<u32>),
    ) -> Result<Vec<Delivery>> {
        let mut messages = messages.to_vec();
        messages.sort();
        self.transact(|w| {
            let mut taken = Vec::new();
            for (id, message_id) in &messages {
                let Some(row) = w.c.query_opt(
                    "SELECT body FROM outbox WHERE id = $1 FOR UPDATE",
                    &[&big(*id)],
                )?
                else {
                    continue;
                };
                let mut msg: OutboxMessage = from_json(row.get(0))?;
                if msg.status != OutboxStatus::Pending || msg.release_at > now {
                    continue;
                }
                msg.status = OutboxStatus::Released;
                w.c.execute(
                    "UPDATE outbox SET status = 'released', body = $2 WHERE id = $1",
                    &[&big(*id), &to_json(&msg)?],
                )?;
                let d = Delivery::queued(*id, message_id.clone(), now);
                put_delivery(w, &d)?;
                taken.push(d);
            }
            if !taken.is_empty() {
                let ids: Vec<u64> = taken.iter().map(|d| d.outbox_id).collect();
                w.audit(
                    actor,
                    uid,
                    now,
                    "mail.queue",
                    format!("outbox/{}", ids.len()),
                    None,
                    Some(serde_json::to_string(&ids).unwrap_or_default()),
                );
            }
            Ok(taken)
        })
    }

    pub fn change_delivery(
        &self,
        after: &Delivery,
        expect: DeliveryExpect,
        action: &str,
        (actor, uid): (&str, Option<u32>),
        at: Timestamp,
    ) -> Result<bool> {
        self.transact(|w| {
            let before: Delivery = match w.c.query_opt(
                "SELECT body FROM deliveries WHERE outbox_id = $1 FOR UPDATE",
                &[&big(after.outbox_id)],
            )? {
                Some(r) => from_json(r.get(0))?,
                None => return Ok(false),
            };
            if !expect.admits(before.state) {
                return Ok(false);
            }
            put_delivery(w, after)?;
            w.audit(
                actor,
                uid,
                at,
                action,
                format!("outbox/{}", after.outbox_id),
                Some(delivery_summary(&before)),
                Some(delivery_summary(after)),
            );
            Ok(true)
        })
    }
}

fn put_delivery(w: &mut Writer<'_, postgres::Transaction<'_>>, d: &Delivery) -> Result<()> {
    let state: DeliveryState = d.state;
    w.c.execute(
        "INSERT INTO deliveries (outbox_id, state, body) VALUES ($1, $2, $3)
         ON CONFLICT (outbox_id) DO UPDATE SET state = $2, body = $3",
        &[&big(d.outbox_id), &state.id(), &to_json(d)?],
    )?;
    Ok(())
}
