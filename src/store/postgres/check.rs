//! `check` on PostgreSQL, in one REPEATABLE READ snapshot: every case reads
//! and its columns and words agree with it, every record reads, the audit
//! chain is whole under the store's key (`ChainWalk`, shared with sled) up
//! to the head row, deliveries name released notifications, and each role
//! is the one the audit log gave. Also the audit records, the head, `check
//! --since-head`, `backup` (which names PostgreSQL's tools) and the test
//! helpers that damage a store.

use super::write::{name_key, subject_kind};
use super::{PgStore, Result, big, from_json, num};
use crate::domain::filter::CaseKind;
use crate::domain::org::UserAccess;
use crate::domain::{AuditRecord, Case, OutboxStatus, Role, Timestamp};
use crate::store::audit::{AuditHead, ChainWalk};
use crate::store::findings::{CheckFault, CheckReport, Part, RecordKey, Why};
use crate::store::summary::{Place, due_days};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{GenericClient, IsolationLevel};
use std::collections::{BTreeSet, HashMap};

/// A record of `table` under `key` that does not read as `what`.
fn unreadable(table: &str, key: RecordKey, what: Part, detail: String) -> CheckFault {
    CheckFault::Record {
        table: table.to_string(),
        key,
        why: Why::NotA { what, detail },
    }
}

impl PgStore {
    pub fn audit_head(&self) -> Result<AuditHead> {
        let mut c = self.pool.get()?;
        head(&mut *c)
    }

    pub fn all_audit(&self) -> super::read::Chunks<'_, AuditRecord> {
        super::read::Chunks::new(
            self,
            "SELECT seq, record FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
            super::read::Key::Int(-1),
            |row| Ok((super::read::Key::Int(row.get(0)), from_json(row.get(1))?)),
        )
    }

    /// The audit records from the newest back to (and including) `since`.
    pub fn audit_since(&self, since: Timestamp) -> Result<Vec<AuditRecord>> {
        let mut c = self.pool.get()?;
        let mut out = Vec::new();
        for row in c.query("SELECT record FROM audit ORDER BY seq DESC", &[])? {
            let rec: AuditRecord = from_json(row.get(0))?;
            if rec.at < since {
                break;
            }
            out.push(rec);
        }
        Ok(out)
    }

    /// Verifies the store in one snapshot.
    pub fn check(&self) -> Result<CheckReport> {
        let mut c = self.pool.get()?;
        let mut tx = c
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let mut r = CheckReport::default();
        let notified = self.check_cases(&mut tx, &mut r)?;
        self.check_audit(&mut tx, &mut r)?;
        check_outbox(&mut tx, &mut r, &notified)?;
        check_records(&mut tx, &mut r)?;
        self.check_roles(&mut tx, &mut r)?;
        tx.commit()?;
        Ok(r)
    }

    /// Checks every case against its columns and words; returns the
    /// notifications the cases' histories name.
    fn check_cases(
        &self,
        c: &mut impl GenericClient,
        r: &mut CheckReport,
    ) -> Result<BTreeSet<u64>> {
        let mut notified = BTreeSet::new();
        let mut words: HashMap<i64, BTreeSet<String>> = HashMap::new();
        let mut rows = c.query_raw(
            "SELECT case_id, word FROM case_words",
            std::iter::empty::<i64>(),
        )?;
        while let Some(row) = rows.next()? {
            r.index_entries += 1;
            words.entry(row.get(0)).or_default().insert(row.get(1));
        }
        drop(rows);
        let mut rows = c.query_raw(
            "SELECT id, queue, ref, state, closed, due_days, received_s, assignee, revision,
                    subject_kind, subject, name_key, org_set, body,
                    (SELECT name FROM assignees a WHERE a.number = assignee_no),
                    (SELECT orgs FROM org_sets s WHERE s.number = org_set),
                    kind, (SELECT place FROM places p WHERE p.number = place_no)
               FROM cases ORDER BY id",
            std::iter::empty::<i64>(),
        )?;
        while let Some(row) = rows.next()? {
            r.cases += 1;
            let id: i64 = row.get(0);
            let reference: String = row.get(2);
            let queue = match super::PgStore::queue_of(row.get(1)) {
                Ok(q) => q,
                Err(e) => {
                    r.fault(unreadable(
                        "cases",
                        RecordKey::Number { n: num(id) },
                        Part::Case,
                        e.to_string(),
                    ));
                    continue;
                }
            };
            let case: Case = match from_json(row.get(13)) {
                Ok(c) => c,
                Err(e) => {
                    r.fault(unreadable(
                        "cases",
                        RecordKey::Case {
                            id: num(id),
                            queue,
                            reference,
                        },
                        Part::Case,
                        e.to_string(),
                    ));
                    continue;
                }
            };
            notified.extend(case.history.iter().filter_map(|d| d.notification));
            let mut stale = |column: &str, agrees: bool| {
                if !agrees {
                    r.fault(CheckFault::Entry {
                        queue,
                        reference: case.reference.clone(),
                        index: format!("cases.{column}"),
                        stale: true,
                    });
                }
            };
            stale("queue", case.queue == queue);
            stale("ref", case.reference == reference);
            stale("state", row.get::<_, &str>(3) == case.state.id());
            stale("closed", row.get::<_, bool>(4) != case.state.is_open());
            stale("due_days", row.get::<_, i32>(5) == due_days(case.due));
            stale(
                "received_s",
                row.get::<_, i64>(6) == case.received_at.timestamp(),
            );
            stale(
                "assignee",
                row.get::<_, Option<String>>(7) == case.assignee
                    && row.get::<_, Option<String>>(14) == case.assignee,
            );
            stale("revision", num(row.get(8)) == case.revision);
            stale(
                "subject",
                row.get::<_, i16>(9) == subject_kind(&case)
                    && row.get::<_, &str>(10) == case.subject.key(),
            );
            stale("name_key", row.get::<_, &str>(11) == name_key(&case));
            let set: Option<serde_json::Value> = row.get(15);
            stale("org_set", set.is_some());
            stale(
                "kind",
                row.get::<_, i16>(16) == i16::from(CaseKind::code(CaseKind::of(&case))),
            );
            stale(
                "place_no",
                row.get::<_, Option<String>>(17) == Place::of(&case).map(|p| p.key()),
            );
            let held = words.remove(&id).unwrap_or_default();
            for word in crate::store::words::tokens(&case) {
                if !held.contains(&word) {
                    r.fault(CheckFault::Posting {
                        queue,
                        reference: case.reference.clone(),
                        word,
                    });
                }
            }
            if held.len() != crate::store::words::tokens(&case).len() {
                r.fault(CheckFault::Entry {
                    queue,
                    reference: case.reference.clone(),
                    index: "case_words".into(),
                    stale: true,
                });
            }
        }
        drop(rows);
        Ok(notified)
    }

    fn check_audit(&self, c: &mut impl GenericClient, r: &mut CheckReport) -> Result<()> {
        let kept: Option<Vec<u8>> = c
            .query_opt("SELECT value FROM meta WHERE key = 'audit_key_id'", &[])?
            .map(|row| row.get(0));
        if kept.as_deref() != Some(self.audit_key.fingerprint().as_bytes()) {
            r.fault(CheckFault::AuditKey {
                key: self.audit_key.source(),
            });
            return Ok(());
        }
        let head = head(c)?;
        let mut walk = ChainWalk::new(&self.audit_key);
        let mut rows = c.query_raw(
            "SELECT seq, record FROM audit WHERE seq <= $1 ORDER BY seq",
            [big(head.seq)],
        )?;
        while let Some(row) = rows.next()? {
            r.audit_records += 1;
            let Ok(rec) = from_json::<AuditRecord>(row.get(1)) else {
                r.fault(walk.unreadable());
                return Ok(());
            };
            if let Err(f) = walk.step(&rec) {
                r.fault(f);
                return Ok(());
            }
        }
        if let Some(f) = walk.end(Some(&head)) {
            r.fault(f);
        }
        Ok(())
    }

    /// Each user's roles are the ones the audit log last gave (the
    /// creator's first before any record).
    fn check_roles(&self, c: &mut impl GenericClient, r: &mut CheckReport) -> Result<()> {
        let mut told: HashMap<String, Option<UserAccess>> = HashMap::new();
        for row in c.query(
            "SELECT target, record FROM audit
              WHERE action IN ('users.add', 'users.remove') ORDER BY seq",
            &[],
        )? {
            let target: String = row.get(0);
            let Ok(rec) = from_json::<AuditRecord>(row.get(1)) else {
                break;
            };
            if let Some(name) = target.strip_prefix("user/") {
                told.insert(
                    name.to_string(),
                    rec.after
                        .as_deref()
                        .and_then(|a| serde_json::from_str::<UserAccess>(a.trim()).ok()),
                );
            }
        }
        let creator: Option<Vec<u8>> = c
            .query_opt("SELECT value FROM meta WHERE key = 'created_by'", &[])?
            .map(|row| row.get(0));
        let first = UserAccess::of_role(Role::Supervisor);
        for row in c.query("SELECT name, access FROM users", &[])? {
            let name: String = row.get(0);
            let access: UserAccess = match from_json(row.get(1)) {
                Ok(a) => a,
                Err(e) => {
                    r.fault(unreadable(
                        "users",
                        RecordKey::Name { name },
                        Part::UserAccess,
                        e.to_string(),
                    ));
                    continue;
                }
            };
            let is_creator = creator.as_deref() == Some(name.as_bytes());
            match told.get(&name) {
                Some(Some(t)) if *t == access => {}
                None if access == first && (told.is_empty() || is_creator) => {}
                other => r.fault(CheckFault::RoleNotGiven {
                    user: name.clone(),
                    role: access.summary(),
                    given: other.cloned().flatten().as_ref().map(|a| a.summary()),
                }),
            }
            told.remove(&name);
        }
        for (name, access) in told {
            if access.is_some() {
                r.fault(CheckFault::RoleLost { user: name });
            }
        }
        Ok(())
    }

    /// The faults of the audit chain since `anchor`, which it must still extend.
    pub fn check_since(&self, anchor: &AuditHead) -> Result<Vec<CheckFault>> {
        let mut r = CheckReport::default();
        let mut c = self.pool.get()?;
        let mut tx = c
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        self.check_audit(&mut tx, &mut r)?;
        let mut faults = r.faults;
        if anchor.seq > 0 {
            match tx.query_opt(
                "SELECT record FROM audit WHERE seq = $1",
                &[&big(anchor.seq)],
            )? {
                None => faults.push(CheckFault::AnchorGone { seq: anchor.seq }),
                Some(row) => {
                    let rec: AuditRecord = from_json(row.get(0))?;
                    if rec.hash != anchor.mac {
                        faults.push(CheckFault::AnchorRewritten {
                            seq: anchor.seq,
                            anchored: anchor.mac.get(..12).unwrap_or(&anchor.mac).to_string(),
                            now: rec.hash.get(..12).unwrap_or(&rec.hash).to_string(),
                        });
                    }
                }
            }
        }
        let head = head(&mut tx)?;
        if head.seq < anchor.seq {
            faults.push(CheckFault::AnchorBeyond {
                head: head.seq,
                anchor: anchor.seq,
            });
        }
        tx.commit()?;
        Ok(faults)
    }
}

fn head(c: &mut impl GenericClient) -> Result<AuditHead> {
    let row = c.query_one("SELECT seq, mac FROM audit_head", &[])?;
    Ok(AuditHead {
        seq: num(row.get(0)),
        mac: row.get(1),
    })
}

/// Every record of `table` reads as `R` (`key` read as text).
fn reads<R: serde::de::DeserializeOwned>(
    c: &mut impl GenericClient,
    r: &mut CheckReport,
    (table, key, value, what): (&str, &str, &str, Part),
) -> Result<()> {
    let mut rows = c.query_raw(
        format!("SELECT {key}, {value} FROM {table}").as_str(),
        std::iter::empty::<i64>(),
    )?;
    while let Some(row) = rows.next()? {
        if let Err(e) = from_json::<R>(row.get(1)) {
            let name: String = row.get(0);
            let key = match name.parse::<u64>() {
                Ok(n) if table != "people" => RecordKey::Number { n },
                _ => RecordKey::Name { name },
            };
            r.fault(unreadable(table, key, what, e.to_string()));
        }
    }
    Ok(())
}

/// The records no other part of `check` reads.
fn check_records(c: &mut impl GenericClient, r: &mut CheckReport) -> Result<()> {
    use crate::domain::{Delivery, Facility, Loan, OutboxMessage, Person, Physician};
    reads::<Person>(c, r, ("people", "regno", "body", Part::Person))?;
    reads::<Facility>(c, r, ("facilities", "number", "body", Part::Facility))?;
    reads::<Physician>(c, r, ("physicians", "cert", "body", Part::Physician))?;
    reads::<Loan>(c, r, ("loans", "loan_id", "body", Part::Loan))?;
    reads::<OutboxMessage>(c, r, ("outbox", "id::text", "body", Part::Notification))?;
    reads::<Delivery>(
        c,
        r,
        ("deliveries", "outbox_id::text", "body", Part::Delivery),
    )?;
    reads::<crate::domain::enquiry::Enquiry>(
        c,
        r,
        ("enquiries", "id::text", "body", Part::Enquiry),
    )?;
    reads::<crate::domain::org::Organisation>(c, r, ("orgs", "id", "body", Part::Organisation))?;
    reads::<crate::store::batch::UndoEntry>(c, r, ("undo", "seq::text", "body", Part::UndoEntry))?;
    reads::<Vec<crate::domain::org::CaseOrg>>(
        c,
        r,
        ("org_sets", "number::text", "orgs", Part::OrgSet),
    )?;
    Ok(())
}

/// Notifications and their deliveries: each notification is named by a
/// decision and each one named exists, each delivery names a released one.
fn check_outbox(
    c: &mut impl GenericClient,
    r: &mut CheckReport,
    notified: &BTreeSet<u64>,
) -> Result<()> {
    let mut held = BTreeSet::new();
    for row in c.query("SELECT id FROM outbox ORDER BY id", &[])? {
        r.outbox_messages += 1;
        let id = num(row.get(0));
        if !notified.contains(&id) {
            r.fault(CheckFault::OutboxOrphan { id });
        }
        held.insert(id);
    }
    for id in notified.difference(&held) {
        r.fault(CheckFault::OutboxMissing { id: *id });
    }
    for row in c.query(
        "SELECT d.outbox_id, o.status FROM deliveries d LEFT JOIN outbox o ON o.id = d.outbox_id
          WHERE o.status IS DISTINCT FROM 'released'",
        &[],
    )? {
        let id = num(row.get(0));
        match row.get::<_, Option<String>>(1) {
            None => r.fault(CheckFault::DeliveryAlone { id }),
            Some(s) => {
                let status = match s.as_str() {
                    "pending" => OutboxStatus::Pending,
                    _ => OutboxStatus::Cancelled,
                };
                r.fault(CheckFault::DeliveryUnreleased { id, status });
            }
        }
    }
    Ok(())
}
