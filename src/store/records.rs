//! The store's methods in the domain's terms, each dispatched to the backend:
//! writes, cases and what finds and counts them, the registries, users and
//! organisations, enquiries, documents, undo, the outbox and its
//! deliveries, the audit records.

use super::{
    CaseSummary, DeliveryExpect, GarbledForTests, ImportSession, IssueRequest, OrgMask, Outcome,
    PageSpec, RawCounts, RawPage, Result, Store, UndoEntry, UndoRecord, WriteBatch, backend,
};
use crate::domain::document::{DocumentKind, Issued};
use crate::domain::enquiry::Enquiry;
use crate::domain::org::{CaseOrg, OrgId, Organisation, UserAccess};
use crate::domain::{
    AuditRecord, Case, Delivery, Facility, Loan, OutboxMessage, Person, Physician, Queue, Role,
    Subject, Timestamp,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Every record of a kind, in the backend's order of its keys.
pub type Records<'a, R> = Box<dyn Iterator<Item = Result<R>> + 'a>;

/// Writes.
impl Store {
    /// Applies a batch in one transaction, on disk before it returns (a
    /// decision acknowledged to a user).
    pub fn write(&self, batch: &WriteBatch) -> Result<Vec<Outcome>> {
        backend!(self, s => s.write(batch))
    }

    /// Applies batches of generated or loaded records, each batch one
    /// transaction, all of them on disk when it returns; a crash before may
    /// keep the first ones (the daily job and demo data, which a second run
    /// makes whole again).
    pub fn write_all(&self, batches: impl IntoIterator<Item = WriteBatch>) -> Result<()> {
        match self {
            Store::Sled(s) => {
                for b in batches {
                    s.write_unflushed(&b)?;
                }
                s.flush()
            }
            Store::Postgres(s) => {
                for b in batches {
                    s.write(&b)?;
                }
                Ok(())
            }
        }
    }

    /// Starts the import of one file: its chunks are kept all together or
    /// not at all, and every other change waits until it ends.
    pub fn begin_import(
        &self,
        file: &str,
        rows: usize,
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<ImportSession<'_>> {
        Ok(match self {
            Store::Sled(s) => ImportSession::Sled(s.begin_import(file, rows, actor, uid, at)?),
            Store::Postgres(s) => {
                ImportSession::Postgres(Box::new(s.begin_import(file, rows, actor, uid, at)?))
            }
        })
    }

    /// Sets a small setting of the store (`demo`, the daily job's day), on
    /// disk when it returns.
    pub fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        match self {
            Store::Sled(s) => {
                s.set_meta(key, value)?;
                s.flush()
            }
            Store::Postgres(s) => s.set_meta(key, value),
        }
    }

    /// Removes a setting (nothing if it is not there).
    pub fn remove_meta(&self, key: &str) -> Result<()> {
        backend!(self, s => s.remove_meta(key))
    }

    /// A setting's value, if set.
    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        backend!(self, s => s.meta(key))
    }

    /// Marks notifications released (handed to the mail system), in one
    /// transaction; returns those still pending, now released.
    pub fn release_outbox(
        &self,
        ids: &[u64],
        actor: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<Vec<u64>> {
        backend!(self, s => s.release_outbox(ids, actor, uid, at))
    }
}

/// Cases, and what finds and counts them.
impl Store {
    pub fn case(&self, id: u64) -> Result<Option<Case>> {
        backend!(self, s => s.case(id))
    }

    /// The id of the case `reference` of `queue`, if there is one.
    pub fn case_id(&self, queue: Queue, reference: &str) -> Result<Option<u64>> {
        backend!(self, s => s.case_id(queue, reference))
    }

    /// Every case with its id, in id order.
    pub fn all_cases(&self) -> Records<'_, (u64, Case)> {
        backend!(self, s => Box::new(s.all_cases()))
    }

    /// How many cases the store holds.
    pub fn case_count(&self) -> Result<u64> {
        backend!(self, s => s.case_count())
    }

    /// The counters of a queue as of `today_days`, of the cases `within` admits.
    pub fn counts(
        &self,
        queue: Queue,
        today_days: i32,
        within: Option<&OrgMask>,
    ) -> Result<RawCounts> {
        backend!(self, s => s.counts(queue, today_days, within))
    }

    /// One page of a queue in an order, as `spec` narrows it.
    pub fn page(&self, spec: &PageSpec) -> Result<RawPage> {
        backend!(self, s => s.page(spec))
    }

    /// Hands every case `spec` may select, with its summary, to `f` in the
    /// order `spec` names, until `f` says stop.
    pub fn each_candidate(
        &self,
        spec: &PageSpec,
        f: &mut dyn FnMut(u64, CaseSummary) -> Result<bool>,
    ) -> Result<()> {
        backend!(self, s => s.each_candidate(spec, f))
    }

    /// The summary of every case of `queue` (the closed too if `closed`),
    /// in no order: for counts and filters that need no order.
    pub fn summaries(&self, queue: Queue, closed: bool) -> Vec<(u64, CaseSummary)> {
        match self {
            Store::Sled(s) => s.tags_of(queue, closed),
            Store::Postgres(s) => s.summaries(queue, closed),
        }
    }

    /// The queue and summary of one case, if it exists.
    pub fn summary(&self, id: u64) -> Option<(Queue, CaseSummary)> {
        match self {
            Store::Sled(s) => s.tag(id),
            Store::Postgres(s) => s.summary(id),
        }
    }

    /// The facility a summary's place number stands for now: the facility
    /// itself, or for a loan the borrower's latest workplace.
    pub fn place_facility(&self, number: u32) -> Result<Option<String>> {
        backend!(self, s => s.place_facility(number))
    }

    /// The user a summary's assignee number stands for (`None` for nobody).
    pub fn assignee_name(&self, number: u32) -> Option<String> {
        backend!(self, s => s.assignee_name(number))
    }

    /// A case's ref, without reading the case.
    pub fn reference_of(&self, id: u64) -> Result<Option<String>> {
        backend!(self, s => s.reference_of(id))
    }

    /// A case's assignee (`None`: no such case).
    pub fn assignee_of(&self, id: u64) -> Result<Option<Option<String>>> {
        backend!(self, s => s.assignee_of(id))
    }

    /// The ids of the cases about `subject`.
    pub fn cases_of(&self, subject: &Subject) -> Result<Vec<u64>> {
        backend!(self, s => s.cases_of(subject))
    }
}

/// The registries: people, facilities, physicians, loans.
impl Store {
    pub fn person(&self, regno: &str) -> Result<Option<Person>> {
        backend!(self, s => s.person(regno))
    }

    pub fn facility(&self, number: &str) -> Result<Option<Facility>> {
        backend!(self, s => s.facility(number))
    }

    pub fn physician(&self, cert: &str) -> Result<Option<Physician>> {
        backend!(self, s => s.physician(cert))
    }

    pub fn loan(&self, loan_id: &str) -> Result<Option<Loan>> {
        backend!(self, s => s.loan(loan_id))
    }

    pub fn all_people(&self) -> Records<'_, Person> {
        backend!(self, s => Box::new(s.all_people()))
    }

    pub fn all_facilities(&self) -> Records<'_, Facility> {
        backend!(self, s => Box::new(s.all_facilities()))
    }

    pub fn all_loans(&self) -> Records<'_, Loan> {
        backend!(self, s => Box::new(s.all_loans()))
    }

    /// The registration numbers of the people of a name (search-folded) and
    /// birth date.
    pub fn same_identity(&self, name: &str, birth: NaiveDate) -> Result<Vec<String>> {
        backend!(self, s => s.same_identity(name, birth))
    }

    /// The registration numbers of the people born on `date`.
    pub fn people_born(&self, date: NaiveDate) -> Result<Vec<String>> {
        backend!(self, s => s.people_born(date))
    }

    /// The cert numbers of the physicians working at `facility`.
    pub fn physicians_at(&self, facility: &str) -> Result<Vec<String>> {
        backend!(self, s => s.physicians_at(facility))
    }

    /// The loan ids of a borrower.
    pub fn loans_of(&self, regno: &str) -> Result<Vec<String>> {
        backend!(self, s => s.loans_of(regno))
    }
}

/// Users and organisations.
impl Store {
    /// Every user's name as people read it, by user name.
    pub fn user_names(&self) -> Result<BTreeMap<String, String>> {
        backend!(self, s => s.user_names())
    }

    pub fn orgs(&self) -> Result<BTreeMap<OrgId, Organisation>> {
        backend!(self, s => s.orgs())
    }

    pub fn org(&self, id: &OrgId) -> Result<Option<Organisation>> {
        backend!(self, s => s.org(id))
    }

    /// What a user is given (roles per organisation), if they are a user.
    pub fn access_of(&self, user: &str) -> Result<Option<UserAccess>> {
        backend!(self, s => s.access_of(user))
    }

    pub fn accesses(&self) -> Result<Vec<(String, UserAccess)>> {
        backend!(self, s => s.accesses())
    }

    pub fn role_of(&self, user: &str) -> Result<Role> {
        backend!(self, s => s.role_of(user))
    }

    pub fn users(&self) -> Result<Vec<(String, Role)>> {
        backend!(self, s => s.users())
    }

    /// The organisations case `id` belongs to.
    pub fn case_orgs(&self, id: u64) -> Vec<CaseOrg> {
        backend!(self, s => s.case_orgs(id))
    }

    /// The summaries' organisation sets a user who sees `visible` sees.
    pub fn mask(&self, visible: &BTreeSet<OrgId>) -> OrgMask {
        backend!(self, s => s.mask(visible))
    }

    /// Whether any case belongs to the organisation set `set`.
    pub fn set_holds_cases(&self, set: u32) -> Result<bool> {
        backend!(self, s => s.set_holds_cases(set))
    }

    /// How many cases each organisation holds.
    pub fn cases_per_org(&self) -> BTreeMap<OrgId, u64> {
        backend!(self, s => s.cases_per_org())
    }
}

/// The enquiry log and numbered documents.
impl Store {
    pub fn log_enquiry(&self, e: &Enquiry, uid: Option<u32>) -> Result<Enquiry> {
        backend!(self, s => s.log_enquiry(e, uid))
    }

    pub fn resolve_enquiry(
        &self,
        id: u64,
        seen: Option<u64>,
        by: &str,
        uid: Option<u32>,
        at: Timestamp,
    ) -> Result<Enquiry> {
        backend!(self, s => s.resolve_enquiry(id, seen, by, uid, at))
    }

    pub fn enquiry(&self, id: u64) -> Result<Option<Enquiry>> {
        backend!(self, s => s.enquiry(id))
    }

    pub fn enquiries_of(&self, regno: &str) -> Result<Vec<Enquiry>> {
        backend!(self, s => s.enquiries_of(regno))
    }

    /// Every enquiry, the newest first.
    pub fn enquiries_newest(&self) -> Records<'_, Enquiry> {
        backend!(self, s => Box::new(s.enquiries_newest()))
    }

    pub fn all_enquiries(&self) -> Records<'_, Enquiry> {
        backend!(self, s => Box::new(s.all_enquiries()))
    }

    /// The document of `kind` issued for a case, if one was.
    pub fn issued_document(
        &self,
        kind: DocumentKind,
        queue: Queue,
        reference: &str,
    ) -> Result<Option<Issued>> {
        backend!(self, s => s.issued_document(kind, queue, reference))
    }

    /// Issues a numbered document (its number taken in the same transaction).
    pub fn issue_document(&self, r: &IssueRequest<'_>) -> Result<Issued> {
        backend!(self, s => s.issue_document(r))
    }
}

/// Undo.
impl Store {
    /// A new group number for the undo stack.
    pub fn undo_group(&self) -> Result<u64> {
        backend!(self, s => s.undo_group())
    }

    /// The entries of a user's last group, newest first.
    pub fn undo_top(&self, user: &str) -> Result<Vec<(u64, UndoEntry)>> {
        backend!(self, s => s.undo_top(user))
    }

    /// Drops a user's entries that may no longer be undone at `now`.
    pub fn prune_undo(&self, user: &str, now: Timestamp) -> Result<()> {
        backend!(self, s => s.prune_undo(user, now))
    }

    pub fn drop_undo(&self, user: &str, seq: u64) -> Result<()> {
        backend!(self, s => s.drop_undo(user, seq))
    }

    /// The user's undo slot, if any.
    pub fn undo_record(&self, user: &str) -> Result<Option<UndoRecord>> {
        backend!(self, s => s.undo_record(user))
    }
}

/// The outbox, its deliveries, and the audit records.
impl Store {
    pub fn outbox_message(&self, id: u64) -> Result<Option<OutboxMessage>> {
        backend!(self, s => s.outbox_message(id))
    }

    pub fn all_outbox(&self) -> Records<'_, OutboxMessage> {
        backend!(self, s => Box::new(s.all_outbox()))
    }

    /// The store's identity in mail (its Message-ID domain part).
    pub fn identity(&self) -> Result<String> {
        backend!(self, s => s.identity())
    }

    pub fn delivery(&self, outbox_id: u64) -> Result<Option<Delivery>> {
        backend!(self, s => s.delivery(outbox_id))
    }

    pub fn all_deliveries(&self) -> Records<'_, Delivery> {
        backend!(self, s => Box::new(s.all_deliveries()))
    }

    pub fn queued_deliveries(&self, limit: usize) -> Result<Vec<Delivery>> {
        backend!(self, s => s.queued_deliveries(limit))
    }

    pub fn releasable(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxMessage>> {
        backend!(self, s => s.releasable(now, limit))
    }

    pub fn queue_for_delivery(
        &self,
        messages: &[(u64, String)],
        now: Timestamp,
        by: (&str, Option<u32>),
    ) -> Result<Vec<Delivery>> {
        backend!(self, s => s.queue_for_delivery(messages, now, by))
    }

    /// Moves a delivery on if it is still as `expect` says; whether it was.
    pub fn change_delivery(
        &self,
        after: &Delivery,
        expect: DeliveryExpect,
        action: &str,
        by: (&str, Option<u32>),
        at: Timestamp,
    ) -> Result<bool> {
        backend!(self, s => s.change_delivery(after, expect, action, by, at))
    }

    pub fn all_audit(&self) -> Records<'_, AuditRecord> {
        backend!(self, s => Box::new(s.all_audit()))
    }

    /// The audit records written at or after `since`.
    pub fn audit_since(&self, since: Timestamp) -> Result<Vec<AuditRecord>> {
        backend!(self, s => s.audit_since(since))
    }
}

/// Test support: damage the store the way an attacker or a disk would.
#[doc(hidden)]
impl Store {
    pub fn tamper_for_tests(&self, what: &str) -> Result<()> {
        backend!(self, s => s.tamper_for_tests(what))
    }

    pub fn garble_record_for_tests(&self, table: &str) -> Result<Option<GarbledForTests>> {
        backend!(self, s => s.garble_record_for_tests(table))
    }

    pub fn restore_record_for_tests(&self, g: &GarbledForTests) -> Result<()> {
        backend!(self, s => s.restore_record_for_tests(g))
    }
}
