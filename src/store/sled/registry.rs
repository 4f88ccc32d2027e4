//! The registry writes an undo and a link need beside creating or replacing a
//! record (`write.rs`): a record removed (the undo of its creation), an
//! enquiry moved to another person, an entry pushed on or taken off a user's
//! undo stack, a metadata value removed. Each is part of its batch's one
//! transaction and, where it changes a record, audited like the others.

use super::people::birth_key;
use super::tx::{Tx, TxResult, abort_codec};
use super::undo::{RecordUndo, Stored, UndoEntry, Undoable, entry_key};
use super::{T, decode, encode, keys};
use crate::domain::enquiry::Enquiry;
use crate::domain::{Loan, Person, Physician, Timestamp};
use serde::{Serialize, de::DeserializeOwned};

/// The entry of a person under their name and birth date.
pub(super) fn identity_entry(p: &Person, key: &[u8]) -> Vec<u8> {
    let mut k = keys::identity_prefix(&p.name, p.birth_date);
    k.extend_from_slice(key);
    k
}

/// The entry of a physician under their workplace.
pub(super) fn workplace_entry(p: &Physician, _: &[u8]) -> Vec<u8> {
    keys::pair_key(p.workplace.as_str(), &p.cert_number)
}

/// The entry of a loan under its borrower.
pub(super) fn borrower_entry(l: &Loan, _: &[u8]) -> Vec<u8> {
    keys::pair_key(l.registration_number.as_str(), &l.loan_id)
}

fn json<R: Serialize>(r: &R) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

impl Tx<'_> {
    /// Reads a record of a table, if there.
    fn stored_record<R: DeserializeOwned>(&self, table: T, key: &[u8]) -> TxResult<Option<R>> {
        self.tree(table)
            .get(key)?
            .map(|v| decode(&v))
            .transpose()
            .map_err(abort_codec)
    }

    /// Removes a record and its index entry; its JSON before, if it was there.
    fn remove_record<R: Serialize + DeserializeOwned>(
        &self,
        (table, key): (T, &[u8]),
        index: Option<super::write::IndexEntry<R>>,
    ) -> TxResult<Option<R>> {
        let old: Option<R> = self.stored_record(table, key)?;
        if let Some(o) = &old {
            if let Some((by, entry)) = index {
                self.del(by, &entry(o, key))?;
            }
            self.del(table, key)?;
        }
        Ok(old)
    }

    /// Removes the record `what` names (by its key), audited as `KIND.remove`.
    pub(super) fn remove_stored(
        &self,
        what: &Stored,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> TxResult<()> {
        let (action, target, before) = match what {
            Stored::Person(p) => {
                let key = p.registration_number.as_str().as_bytes();
                let old: Option<Person> = self.remove_record(
                    (T::People, key),
                    Some((T::PeopleByIdentity, identity_entry)),
                )?;
                if let Some(o) = &old {
                    self.del(
                        T::PeopleByBirth,
                        &birth_key(o.birth_date, o.registration_number.as_str()),
                    )?;
                }
                (
                    "person.remove",
                    format!("person/{}", p.registration_number),
                    old.map(|o| json(&o)),
                )
            }
            Stored::Facility(f) => {
                let key = f.facility_number.as_str().as_bytes();
                let old: Option<crate::domain::Facility> =
                    self.remove_record((T::Facilities, key), None)?;
                (
                    "facility.remove",
                    format!("facility/{}", f.facility_number),
                    old.map(|o| json(&o)),
                )
            }
            Stored::Physician(p) => {
                let old: Option<Physician> = self.remove_record(
                    (T::Physicians, p.cert_number.as_bytes()),
                    Some((T::PhysiciansByWorkplace, workplace_entry)),
                )?;
                (
                    "physician.remove",
                    format!("physician/{}", p.cert_number),
                    old.map(|o| json(&o)),
                )
            }
            Stored::Loan(l) => {
                self.loan_written(&l.loan_id);
                let old: Option<Loan> = self.remove_record(
                    (T::Loans, l.loan_id.as_bytes()),
                    Some((T::LoansByPerson, borrower_entry)),
                )?;
                (
                    "loan.remove",
                    format!("loan/{}", l.loan_id),
                    old.map(|o| json(&o)),
                )
            }
            // An enquiry is never created by a form; it is moved, not removed.
            Stored::Enquiry(_) => return Ok(()),
        };
        self.audit(actor, uid, at, action, target, before, None)
    }

    /// Replaces an enquiry (moved to another person by a link, or back),
    /// its entry under the caller moving with it; audited as `enquiry.put`.
    pub(super) fn put_enquiry(
        &self,
        e: &Enquiry,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> TxResult<()> {
        let key = e.id.to_be_bytes();
        let old: Option<Enquiry> = self.stored_record(T::Enquiries, &key)?;
        if let Some(r) = old.as_ref().and_then(|o| o.registration_number.as_ref()) {
            self.del(
                T::EnquiriesByPerson,
                &super::enquiry::person_key(r.as_str(), e.id),
            )?;
        }
        if let Some(r) = &e.registration_number {
            self.put(
                T::EnquiriesByPerson,
                &super::enquiry::person_key(r.as_str(), e.id),
                &[],
            )?;
        }
        self.put(T::Enquiries, &key, &encode(e).map_err(abort_codec)?)?;
        let person = |e: &Enquiry| {
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
        )
    }

    /// Pushes a recorded change on `user`'s undo stack in `group`.
    pub(super) fn push_undo(&self, user: &str, group: u64, undo: &RecordUndo) -> TxResult<()> {
        let entry = UndoEntry {
            group,
            item: Undoable::Record(Box::new(undo.clone())),
        };
        let seq = self.next_seq("undo_seq")?;
        self.put(
            T::Undo,
            &entry_key(user, seq),
            &encode(&entry).map_err(abort_codec)?,
        )
    }

    /// Takes entry `seq` off `user`'s undo stack (it was undone).
    pub(super) fn pop_undo(&self, user: &str, seq: u64) -> TxResult<()> {
        self.del(T::Undo, &entry_key(user, seq))
    }

    /// Removes a metadata value (an undo puts back its absence).
    pub(super) fn remove_meta(&self, key: &str) -> TxResult<()> {
        self.del(T::Meta, key.as_bytes())
    }
}
