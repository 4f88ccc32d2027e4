//! The registry writes of a change: people, facilities, physicians, loans,
//! users and their names, organisations, settings, records removed (the
//! undo of their creation), enquiries moved, undo entries of recorded
//! changes. Each takes its row lock as it reads the record before, and is
//! audited at the end of the change like the cases.

use super::write::{Writer, json_text};
use super::{Result, big, to_json};
use crate::domain::{Person, Timestamp};
use crate::store::batch::{RegistryWrite, Stored, UndoEntry, Undoable};
use crate::store::change::Creations;
use postgres::GenericClient;

impl<C: GenericClient> Writer<'_, C> {
    /// Reads a record's whole value from `table` by its key, locked.
    fn stored<R: serde::de::DeserializeOwned>(
        &mut self,
        table: &str,
        column: &str,
        key: &str,
    ) -> Result<Option<R>> {
        let row = self.c.query_opt(
            &format!("SELECT body FROM {table} WHERE {column} = $1 FOR UPDATE"),
            &[&key],
        )?;
        row.map(|r| super::from_json(r.get(0))).transpose()
    }

    /// Writes one registry record of a batch, audited (or counted among
    /// the records a chunk creates together).
    pub(super) fn registry(
        &mut self,
        w: &RegistryWrite,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
        together: Option<&mut Creations>,
    ) -> Result<()> {
        let mut audited: Option<(&str, String, Option<String>, Option<String>)> = None;
        match w {
            RegistryWrite::Person(p) => {
                let key = p.registration_number.as_str();
                let old: Option<Person> = self.stored("people", "regno", key)?;
                self.c.execute(
                    "INSERT INTO people (regno, name_key, birth_days, birth_date, body)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (regno) DO UPDATE SET name_key = $2, birth_days = $3,
                         birth_date = $4, body = $5",
                    &[
                        &key,
                        &crate::text::normalize_for_search(&p.name),
                        &chrono::Datelike::num_days_from_ce(&p.birth_date),
                        &super::pg_date(Some(p.birth_date)),
                        &to_json(p)?,
                    ],
                )?;
                audited = Some((
                    "person.put",
                    format!("person/{key}"),
                    old.as_ref().map(json_text),
                    Some(json_text(p)),
                ));
            }
            RegistryWrite::Facility(f) => {
                let key = f.facility_number.as_str();
                let old: Option<crate::domain::Facility> =
                    self.stored("facilities", "number", key)?;
                self.c.execute(
                    "INSERT INTO facilities (number, body) VALUES ($1, $2)
                     ON CONFLICT (number) DO UPDATE SET body = $2",
                    &[&key, &to_json(f)?],
                )?;
                audited = Some((
                    "facility.put",
                    format!("facility/{key}"),
                    old.as_ref().map(json_text),
                    Some(json_text(f)),
                ));
            }
            RegistryWrite::Physician(p) => {
                let old: Option<crate::domain::Physician> =
                    self.stored("physicians", "cert", &p.cert_number)?;
                self.c.execute(
                    "INSERT INTO physicians (cert, workplace, body) VALUES ($1, $2, $3)
                     ON CONFLICT (cert) DO UPDATE SET workplace = $2, body = $3",
                    &[&p.cert_number, &p.workplace.as_str(), &to_json(p)?],
                )?;
                audited = Some((
                    "physician.put",
                    format!("physician/{}", p.cert_number),
                    old.as_ref().map(json_text),
                    Some(json_text(p)),
                ));
            }
            RegistryWrite::Loan(l) => {
                let old: Option<crate::domain::Loan> =
                    self.stored("loans", "loan_id", &l.loan_id)?;
                self.c.execute(
                    "INSERT INTO loans (loan_id, regno, body) VALUES ($1, $2, $3)
                     ON CONFLICT (loan_id) DO UPDATE SET regno = $2, body = $3",
                    &[&l.loan_id, &l.registration_number.as_str(), &to_json(l)?],
                )?;
                audited = Some((
                    "loan.put",
                    format!("loan/{}", l.loan_id),
                    old.as_ref().map(json_text),
                    Some(json_text(l)),
                ));
            }
            RegistryWrite::User(name, access) => {
                let old: Option<crate::domain::org::UserAccess> = self
                    .c
                    .query_opt(
                        "SELECT access FROM users WHERE name = $1 FOR UPDATE",
                        &[name],
                    )?
                    .map(|r| super::from_json(r.get(0)))
                    .transpose()?;
                match access {
                    Some(a) => self.c.execute(
                        "INSERT INTO users (name, access) VALUES ($1, $2)
                         ON CONFLICT (name) DO UPDATE SET access = $2",
                        &[name, &to_json(a)?],
                    )?,
                    None => self
                        .c
                        .execute("DELETE FROM users WHERE name = $1", &[name])?,
                };
                let action = if access.is_some() {
                    "users.add"
                } else {
                    "users.remove"
                };
                audited = Some((
                    action,
                    format!("user/{name}"),
                    old.as_ref().map(json_text),
                    access.as_ref().map(json_text),
                ));
            }
            RegistryWrite::Org(id, org) => {
                let old: Option<crate::domain::org::Organisation> =
                    self.stored("orgs", "id", id.as_str())?;
                match org {
                    Some(o) => self.c.execute(
                        "INSERT INTO orgs (id, body) VALUES ($1, $2)
                         ON CONFLICT (id) DO UPDATE SET body = $2",
                        &[&id.as_str(), &to_json(o)?],
                    )?,
                    None => self
                        .c
                        .execute("DELETE FROM orgs WHERE id = $1", &[&id.as_str()])?,
                };
                let action = match (&old, org) {
                    (None, Some(_)) => "orgs.add",
                    (Some(_), Some(_)) => "orgs.edit",
                    _ => "orgs.remove",
                };
                audited = Some((
                    action,
                    format!("org/{id}"),
                    old.as_ref().map(json_text),
                    org.as_deref().map(json_text),
                ));
            }
            RegistryWrite::UserName(name, shown) => {
                let key = format!("user_name/{name}");
                let old: Option<Vec<u8>> = self
                    .c
                    .query_opt("SELECT value FROM meta WHERE key = $1 FOR UPDATE", &[&key])?
                    .map(|r| r.get(0));
                match shown {
                    Some(s) => self.put_meta(&key, s.as_bytes())?,
                    None => self.remove_meta(&key)?,
                }
                audited = Some((
                    "users.name",
                    format!("user/{name}"),
                    old.map(|v| String::from_utf8_lossy(&v).into_owned()),
                    shown.clone(),
                ));
            }
            // Audited by the record it goes with.
            RegistryWrite::Meta(key, value) => self.put_meta(key, value)?,
            RegistryWrite::MetaRemove(key) => self.remove_meta(key)?,
            RegistryWrite::Remove(what) => self.remove_stored(what, actor, uid, at)?,
            RegistryWrite::Enquiry(e) => self.put_enquiry(e, actor, uid, at)?,
            RegistryWrite::PushUndo(user, group, undo) => {
                let entry = UndoEntry {
                    group: *group,
                    item: Undoable::Record(undo.clone()),
                };
                self.push_undo(user, &entry)?;
            }
            RegistryWrite::PopUndo(user, seq) => {
                self.c.execute(
                    "DELETE FROM undo WHERE username = $1 AND seq = $2",
                    &[user, &big(*seq)],
                )?;
            }
        }
        if let Some((action, target, before, after)) = audited {
            match (together, &before, &after) {
                (Some(acc), None, Some(a)) => acc.add(target, a.as_bytes()),
                _ => self.audit(actor, uid, at, action, target, before, after),
            }
        }
        Ok(())
    }

    pub(super) fn put_meta(&mut self, key: &str, value: &[u8]) -> Result<()> {
        self.c.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = $2",
            &[&key, &value],
        )?;
        Ok(())
    }

    pub(super) fn remove_meta(&mut self, key: &str) -> Result<()> {
        self.c.execute("DELETE FROM meta WHERE key = $1", &[&key])?;
        Ok(())
    }

    /// Removes the record `what` names (by its key), audited as `KIND.remove`.
    fn remove_stored(
        &mut self,
        what: &Stored,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<()> {
        let (action, target, table, column, key) = match what {
            Stored::Person(p) => (
                "person.remove",
                format!("person/{}", p.registration_number),
                "people",
                "regno",
                p.registration_number.as_str().to_string(),
            ),
            Stored::Facility(f) => (
                "facility.remove",
                format!("facility/{}", f.facility_number),
                "facilities",
                "number",
                f.facility_number.as_str().to_string(),
            ),
            Stored::Physician(p) => (
                "physician.remove",
                format!("physician/{}", p.cert_number),
                "physicians",
                "cert",
                p.cert_number.clone(),
            ),
            Stored::Loan(l) => (
                "loan.remove",
                format!("loan/{}", l.loan_id),
                "loans",
                "loan_id",
                l.loan_id.clone(),
            ),
            // An enquiry is never created by a form; it is moved, not removed.
            Stored::Enquiry(_) => return Ok(()),
        };
        let before = self
            .c
            .query_opt(
                &format!("DELETE FROM {table} WHERE {column} = $1 RETURNING body"),
                &[&key],
            )?
            .map(|r| r.get::<_, serde_json::Value>(0));
        // The JSON sled's audit gives: the record as serde writes it.
        let before = match (before, what) {
            (Some(v), Stored::Person(_)) => Some(json_text(&super::from_json::<Person>(v)?)),
            (Some(v), Stored::Facility(_)) => {
                Some(json_text(&super::from_json::<crate::domain::Facility>(v)?))
            }
            (Some(v), Stored::Physician(_)) => {
                Some(json_text(&super::from_json::<crate::domain::Physician>(v)?))
            }
            (Some(v), Stored::Loan(_)) => {
                Some(json_text(&super::from_json::<crate::domain::Loan>(v)?))
            }
            _ => None,
        };
        self.audit(actor, uid, at, action, target, before, None);
        Ok(())
    }

    /// Replaces an enquiry (moved to another person by a link, or back);
    /// audited as `enquiry.put`.
    fn put_enquiry(
        &mut self,
        e: &crate::domain::enquiry::Enquiry,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<()> {
        let old: Option<crate::domain::enquiry::Enquiry> = self
            .c
            .query_opt(
                "SELECT body FROM enquiries WHERE id = $1 FOR UPDATE",
                &[&big(e.id)],
            )?
            .map(|r| super::from_json(r.get(0)))
            .transpose()?;
        self.c.execute(
            "INSERT INTO enquiries (id, regno, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET regno = $2, body = $3",
            &[
                &big(e.id),
                &e.registration_number.as_ref().map(|r| r.as_str()),
                &to_json(e)?,
            ],
        )?;
        let person = |e: &crate::domain::enquiry::Enquiry| {
            serde_json::json!({"registration_number": e.registration_number}).to_string()
        };
        self.audit(
            actor,
            uid,
            at,
            "enquiry.put",
            format!("enquiry/{}", e.id),
            old.as_ref().map(person),
            Some(person(e)),
        );
        Ok(())
    }
}
