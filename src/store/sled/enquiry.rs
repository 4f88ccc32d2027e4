//! The enquiry log (schema 7): each enquiry under its id (`enquiry_seq`),
//! and under its caller's registration number (`regno`, 0, id → nothing).
//! Logging and resolving are audited in the same batch as the record.

use super::tx::{Abort, abort_codec};
use super::{Result, SledStore, T, decode, encode, keys};
use crate::domain::Timestamp;
use crate::domain::enquiry::{Enquiry, EnquiryProblem, EnquiryStatus};
use crate::domain::refusal::Refusal;

/// The entry of enquiry `id` under its caller `regno`.
pub(super) fn person_key(regno: &str, id: u64) -> Vec<u8> {
    [regno.as_bytes(), &[0], &id.to_be_bytes()].concat()
}

fn refused(problem: EnquiryProblem) -> Abort {
    Abort::Stale(Refusal::Enquiry { problem })
}

fn json(e: &Enquiry) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

impl SledStore {
    /// Logs an enquiry: the store gives its id and revision 1, and audits it
    /// (`enquiry.log`) in the same batch. Returns it as stored.
    pub fn log_enquiry(&self, e: &Enquiry, uid: Option<u32>) -> Result<Enquiry> {
        let _writer = self.writer()?;
        let out = self.transact(None, |tx| {
            let id = tx.next_seq("enquiry_seq")?;
            let mut e = e.clone();
            e.id = id;
            e.revision = 1;
            tx.put(
                T::Enquiries,
                &id.to_be_bytes(),
                &encode(&e).map_err(abort_codec)?,
            )?;
            if let Some(r) = &e.registration_number {
                tx.put(T::EnquiriesByPerson, &person_key(r.as_str(), id), &[])?;
            }
            tx.audit(
                &e.by,
                uid,
                e.at,
                "enquiry.log",
                format!("enquiry/{id}"),
                None,
                Some(json(&e)),
            )?;
            Ok(e)
        })?;
        self.flush()?;
        Ok(out)
    }

    /// Marks enquiry `id` resolved by `by` at `at`, if it is still open and
    /// at the revision `seen` (any, when None); audited as `enquiry.resolve`.
    pub fn resolve_enquiry(
        &self,
        id: u64,
        seen: Option<u64>,
        by: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<Enquiry> {
        let _writer = self.writer()?;
        let out = self.transact(None, |tx| {
            let old: Enquiry = match tx.tree(T::Enquiries).get(id.to_be_bytes())? {
                Some(v) => decode(&v).map_err(abort_codec)?,
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
            tx.put(
                T::Enquiries,
                &id.to_be_bytes(),
                &encode(&e).map_err(abort_codec)?,
            )?;
            let status = |e: &Enquiry| {
                serde_json::json!({"status": e.status, "revision": e.revision}).to_string()
            };
            tx.audit(
                by,
                uid,
                at,
                "enquiry.resolve",
                format!("enquiry/{id}"),
                Some(status(&old)),
                Some(status(&e)),
            )?;
            Ok(e)
        })?;
        self.flush()?;
        Ok(out)
    }

    /// One enquiry by its id.
    pub fn enquiry(&self, id: u64) -> Result<Option<Enquiry>> {
        self.tree(T::Enquiries)
            .get(id.to_be_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// A person's enquiries, newest first.
    pub fn enquiries_of(&self, regno: &str) -> Result<Vec<Enquiry>> {
        let prefix = [regno.as_bytes(), &[0]].concat();
        let mut out = Vec::new();
        for k in self
            .tree(T::EnquiriesByPerson)
            .scan_prefix(&prefix)
            .keys()
            .rev()
        {
            let k = k?;
            if let Some(e) = keys::u64_from(&k[prefix.len()..]).map(|id| self.enquiry(id)) {
                out.extend(e?);
            }
        }
        Ok(out)
    }

    /// Every enquiry, newest first (ids grow as they are logged).
    pub fn enquiries_newest(&self) -> impl Iterator<Item = Result<Enquiry>> + '_ {
        self.tree(T::Enquiries)
            .iter()
            .values()
            .rev()
            .map(|v| decode(&v?))
    }

    /// Every enquiry, oldest first (export).
    pub fn all_enquiries(&self) -> impl Iterator<Item = Result<Enquiry>> + '_ {
        self.scan(T::Enquiries)
    }
}
