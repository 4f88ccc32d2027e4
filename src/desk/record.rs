//! Intake at the desk: a form a clerk fills in (`e`, `N`, `E` in the TUI,
//! `secretariat record` on the command line) becomes a record — a loan
//! event appended to its ledger, a case received on paper, or the fields of
//! a person, facility, physician or loan changed. The fields and their
//! checks are the import format's (`interchange::typed_record`), so a rule
//! is checked in one place; the write is one transaction, audited with the
//! record before and after, refused as stale when someone changed a field
//! the clerk saw, and followed at once by the loan's follow-ups.

use super::import::generated_write;
use super::{Actor, CaseKey, Desk, DeskError, Result};
use crate::domain::field::{FieldProblem, Problem};
use crate::domain::refusal::Refusal;
use crate::domain::{Case, Flag, Loan, Permission, Queue, Subject, Timestamp};
use crate::interchange::{self, Cells, Kind, Record};
use crate::store::{CaseWrite, RegistryWrite, WriteBatch};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A form as a clerk filled it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordForm {
    /// The kind of record (`loan_event`, `person`, `withdrawal`…: the import kinds).
    pub kind: String,
    /// The fields typed, by their names in the data formats; for a record
    /// that exists, only the fields to change (an empty value clears one).
    pub fields: Vec<(String, String)>,
    /// The values the clerk saw when the form opened, of the fields changed:
    /// if any differs now, someone else changed the record and it is refused.
    #[serde(default)]
    pub seen: Vec<(String, String)>,
    /// Check everything and say what would change, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// The most fields one form may carry, and the longest value, in characters.
pub const FORM_MAX_FIELDS: usize = 64;
pub const FORM_MAX_CHARS: usize = 10_000;

/// A record's current fields, for a form to show (and to send back as `seen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFields {
    pub kind: String,
    pub key: String,
    pub cells: Vec<(String, Option<String>)>,
}

/// One field a form changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What a recorded form changed in the rules, at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "effect")]
pub enum Effect {
    /// Months of service counted toward exemption, before and after.
    ServiceMonths { before: i64, after: i64 },
    /// How many of the loan's follow-ups raise a rule, before and after.
    Flag {
        flag: Flag,
        before: usize,
        after: usize,
    },
    /// Follow-up cases opened, changed and closed by the record.
    Followups {
        created: usize,
        updated: usize,
        closed: usize,
    },
}

/// What a recorded form did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordReport {
    pub kind: String,
    /// The record's key: a registration number, facility number, certificate
    /// number, loan id, or the new case's queue and ref.
    pub key: String,
    /// The case created (a case received on paper).
    pub case: Option<CaseKey>,
    pub created: bool,
    pub written: bool,
    pub changes: Vec<FieldChange>,
    pub effects: Vec<Effect>,
}

/// The metadata key of who last changed a record at the desk.
fn stamp_key(kind: Kind, key: &str) -> String {
    format!("changed/{}/{key}", kind.id())
}

fn refused(problems: Vec<FieldProblem>) -> DeskError {
    DeskError::Refused(Refusal::Fields {
        kind: String::new(),
        problems,
    })
}

fn kind_of(id: &str) -> Result<Kind> {
    Kind::from_id(id).ok_or_else(|| {
        refused(vec![FieldProblem::new(
            "kind",
            Problem::Choice {
                value: crate::domain::field::kept(id),
                choices: Kind::ALL.iter().map(|k| k.id().to_string()).collect(),
            },
        )])
    })
}

impl RecordForm {
    /// Refuses a form over the desk's bounds before any work.
    pub fn check_bounds(&self) -> Result<()> {
        let pairs = self.fields.len() + self.seen.len();
        if pairs > 2 * FORM_MAX_FIELDS {
            return Err(DeskError::Refused(Refusal::TooMany {
                what: crate::domain::refusal::Bounded::FormFields,
                count: pairs,
                max: 2 * FORM_MAX_FIELDS,
            }));
        }
        for (name, value) in self.fields.iter().chain(&self.seen) {
            super::check_text(name)?;
            if value.chars().nth(FORM_MAX_CHARS).is_some() {
                return Err(refused(vec![FieldProblem::new(
                    name,
                    Problem::TooLong {
                        max: FORM_MAX_CHARS,
                    },
                )]));
            }
        }
        super::check_text(&self.kind)
    }

    /// What the form asks of the acting user's role.
    pub fn needs(&self) -> Permission {
        Permission::Record
    }
}

impl Desk {
    /// The current fields of a record, for a form.
    pub fn record_fields(&self, kind: &str, key: &str) -> Result<RecordFields> {
        let kind = kind_of(kind)?;
        let stored = self
            .stored(kind, key)?
            .ok_or_else(|| not_known(kind, key))?;
        Ok(RecordFields {
            kind: kind.id().to_string(),
            key: key.to_string(),
            cells: interchange::cells(&stored)
                .into_iter()
                .map(|(n, v)| (n.to_string(), v))
                .collect(),
        })
    }

    fn changed(&self, kind: Kind, key: &str) -> Result<Option<(String, Timestamp)>> {
        Ok(self
            .store
            .meta(&stamp_key(kind, key))?
            .and_then(|v| serde_json::from_slice(&v).ok()))
    }

    /// The stored record a form of this kind corrects (none for cases and events).
    fn stored(&self, kind: Kind, key: &str) -> Result<Option<Record>> {
        Ok(match kind {
            Kind::Person => self.store.person(key)?.map(Record::Person),
            Kind::Facility => self.store.facility(key)?.map(Record::Facility),
            Kind::Physician => self.store.physician(key)?.map(Record::Physician),
            Kind::Loan => self.store.loan(key)?.map(Record::Loan),
            _ => None,
        })
    }

    /// Records a form (see the module's documentation).
    pub fn record_form(
        &self,
        actor: &Actor,
        form: &RecordForm,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<RecordReport> {
        self.require(actor, form.needs())?;
        if form.kind == super::DIRECTOR_ANSWER {
            return self.record_director_answer(actor, form, today, now);
        }
        let kind = kind_of(&form.kind)?;
        let done = match kind {
            Kind::LoanEvent => self.record_event(actor, kind, form, today, now),
            Kind::Withdrawal
            | Kind::Transfer
            | Kind::FacilityReport
            | Kind::CompletionApplication => self.record_case(actor, kind, form, today, now),
            _ => self.record_registry(actor, kind, form, today, now),
        };
        // The fields' refusals name the kind, whose labels they use.
        done.map_err(|e| match e {
            DeskError::Refused(Refusal::Fields { problems, .. }) => {
                DeskError::Refused(Refusal::Fields {
                    kind: kind.id().to_string(),
                    problems,
                })
            }
            e => e,
        })
    }

    /// A person, facility, physician or loan: created whole, or the fields
    /// named changed.
    fn record_registry(
        &self,
        actor: &Actor,
        kind: Kind,
        form: &RecordForm,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<RecordReport> {
        let key_field = kind.key_field().unwrap_or("");
        let key = form
            .fields
            .iter()
            .find(|(n, _)| n == key_field)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| refused(vec![FieldProblem::new(key_field, Problem::Missing)]))?;
        let stored = self.stored(kind, &key)?;
        let current = stored.as_ref().map(interchange::cells);
        let mut changes = Vec::new();
        let fields = match &current {
            None => form.fields.clone(),
            Some(cells) => {
                self.check_seen(kind, &key, cells, &form.seen)?;
                let mut merged: Vec<(String, String)> = cells
                    .iter()
                    .filter_map(|(n, v)| v.clone().map(|v| (n.to_string(), v)))
                    .collect();
                for (name, value) in &form.fields {
                    let before = cells
                        .iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, v)| v.clone());
                    merged.retain(|(n, _)| n != name);
                    if !value.trim().is_empty() {
                        merged.push((name.clone(), value.clone()));
                    }
                    changes.push((name.clone(), before));
                }
                merged
            }
        };
        let record = interchange::typed_record(kind, fields, now, &actor.name).map_err(refused)?;
        let (write, after) = self.registry_write(record, stored)?;
        let changes = self.changed_fields(changes, &after, current.is_none());
        if current.is_some() && changes.is_empty() {
            return Err(refused(vec![FieldProblem::row(Problem::NoChange)]));
        }
        let mut report = RecordReport {
            kind: kind.id().to_string(),
            key: key.clone(),
            case: None,
            created: current.is_none(),
            written: false,
            changes,
            effects: Vec::new(),
        };
        let loan = match &write {
            RegistryWrite::Loan(l) => Some(l.clone()),
            _ => None,
        };
        let mut batch = self.batch(actor, now, kind, &key, vec![write]);
        if let Some(l) = loan {
            let drafts = self.loan_drafts(&l, today)?;
            self.followups_of(actor, &l, drafts, today, now, &mut batch.cases, &mut report)?;
        }
        self.finish(form, batch, report, now)
    }

    /// A record built from a form, with the parts a form does not carry kept
    /// from the stored one; and its fields as text, to name what changed.
    fn registry_write(
        &self,
        record: Record,
        stored: Option<Record>,
    ) -> Result<(RegistryWrite, Cells)> {
        Ok(match record {
            Record::Organisation(o) => {
                // Organisations are the administrators' (`secretariat orgs`).
                return Err(DeskError::Refused(Refusal::AdminOnly {
                    user: o.id.to_string(),
                }));
            }
            Record::Person(p) => {
                let cells = interchange::person_cells(&p);
                (RegistryWrite::Person(p), cells)
            }
            Record::Facility(mut f) => {
                if let Some(Record::Facility(old)) = stored {
                    f.last_report = old.last_report;
                }
                let cells = interchange::facility_cells(&f);
                (RegistryWrite::Facility(f), cells)
            }
            Record::Physician(p) => {
                let cells = interchange::physician_cells(&p);
                (RegistryWrite::Physician(p), cells)
            }
            Record::Loan(mut l) => {
                if self.store.person(l.registration_number.as_str())?.is_none() {
                    return Err(refused(vec![FieldProblem::new(
                        "registration_number",
                        Problem::NotKnown {
                            what: "person".into(),
                            key: l.registration_number.to_string(),
                        },
                    )]));
                }
                if let Some(Record::Loan(old)) = stored {
                    l.events = old.events;
                }
                let cells = interchange::loan_cells(&l);
                (RegistryWrite::Loan(l), cells)
            }
            Record::Case(_) | Record::LoanEvent { .. } => {
                return Err(refused(vec![FieldProblem::row(Problem::Missing)]));
            }
        })
    }

    /// The fields whose value differs after (all of them for a new record).
    fn changed_fields(
        &self,
        asked: Vec<(String, Option<String>)>,
        after: &Cells,
        created: bool,
    ) -> Vec<FieldChange> {
        let value = |name: &str| {
            after
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.clone())
        };
        if created {
            return after
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(n, v)| FieldChange {
                    field: n.to_string(),
                    before: None,
                    after: v.clone(),
                })
                .collect();
        }
        asked
            .into_iter()
            .filter_map(|(field, before)| {
                let after = value(&field);
                (after != before).then_some(FieldChange {
                    field,
                    before,
                    after,
                })
            })
            .collect()
    }

    /// Refuses when a field the clerk saw has another value now.
    fn check_seen(
        &self,
        kind: Kind,
        key: &str,
        cells: &Cells,
        seen: &[(String, String)],
    ) -> Result<()> {
        for (name, was) in seen {
            let now = cells
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_default();
            if now.trim() != was.trim() {
                let (by, at) = self.changed(kind, key)?.unzip();
                return Err(DeskError::Refused(Refusal::RecordChanged {
                    change: Box::new(crate::domain::refusal::RecordChange {
                        kind: kind.id().to_string(),
                        key: key.to_string(),
                        field: name.clone(),
                        now,
                        by,
                        at,
                    }),
                }));
            }
        }
        Ok(())
    }

    /// A loan event: appended to its loan's ledger, the loan's follow-ups
    /// recomputed in the same write.
    fn record_event(
        &self,
        actor: &Actor,
        kind: Kind,
        form: &RecordForm,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<RecordReport> {
        let record = interchange::typed_record(kind, form.fields.clone(), now, &actor.name)
            .map_err(refused)?;
        let Record::LoanEvent { loan_id, event } = record else {
            return Err(refused(vec![FieldProblem::row(Problem::Missing)]));
        };
        let Some(mut loan) = self.store.loan(&loan_id)? else {
            return Err(refused(vec![FieldProblem::new(
                "loan_id",
                Problem::NotKnown {
                    what: "loan".into(),
                    key: loan_id,
                },
            )]));
        };
        if loan.events.contains(&event) {
            return Err(refused(vec![FieldProblem::row(Problem::NoChange)]));
        }
        let before = loan.clone();
        loan.events.push(event.clone());
        loan.events.sort_by_key(|e| (e.date, e.event));
        let mut report = RecordReport {
            kind: kind.id().to_string(),
            key: loan_id.clone(),
            case: None,
            created: true,
            written: false,
            changes: form
                .fields
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(n, v)| FieldChange {
                    field: n.clone(),
                    before: None,
                    after: Some(v.trim().to_string()),
                })
                .collect(),
            effects: Vec::new(),
        };
        let (effects, drafts) = self.loan_effects(&before, &loan, today)?;
        report.effects = effects;
        let mut batch = self.batch(
            actor,
            now,
            Kind::Loan,
            &loan_id,
            vec![RegistryWrite::Loan(loan.clone())],
        );
        self.followups_of(
            actor,
            &loan,
            drafts,
            today,
            now,
            &mut batch.cases,
            &mut report,
        )?;
        self.finish(form, batch, report, now)
    }

    /// What an event changes in a loan's rules: service months, and how many
    /// follow-ups raise each rule; with the drafts of the loan after it,
    /// which its follow-up cases are then brought up to.
    fn loan_effects(
        &self,
        before: &Loan,
        after: &Loan,
        today: NaiveDate,
    ) -> Result<(Vec<Effect>, Vec<crate::domain::loan::FollowupDraft>)> {
        use crate::domain::loan;
        let mut effects = Vec::new();
        let (wb, wa) = (self.workplaces(before)?, self.workplaces(after)?);
        let (mb, ma) = (
            loan::service_months(before, &wb, &self.rules, today),
            loan::service_months(after, &wa, &self.rules, today),
        );
        if mb != ma {
            effects.push(Effect::ServiceMonths {
                before: mb,
                after: ma,
            });
        }
        let drafts_after = loan::followups(after, &wa, &self.rules, &self.calendar, today);
        let count = |drafts: &[loan::FollowupDraft]| {
            let mut n = std::collections::BTreeMap::<Flag, usize>::new();
            for d in drafts {
                if !d.worth_recording() {
                    continue;
                }
                let topic = Flag::from_id(&d.followup.topic);
                for f in topic.into_iter().chain(d.also.iter().copied()) {
                    *n.entry(f).or_default() += 1;
                }
            }
            n
        };
        let drafts_before = loan::followups(before, &wb, &self.rules, &self.calendar, today);
        let (cb, ca) = (count(&drafts_before), count(&drafts_after));
        for flag in cb
            .keys()
            .chain(ca.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let (b, a) = (
                cb.get(flag).copied().unwrap_or(0),
                ca.get(flag).copied().unwrap_or(0),
            );
            if b != a {
                effects.push(Effect::Flag {
                    flag: *flag,
                    before: b,
                    after: a,
                });
            }
        }
        Ok((effects, drafts_after))
    }

    /// A case received on paper: its ref as typed, or the next of its queue
    /// and fiscal year (`W-2026-P00001`).
    fn record_case(
        &self,
        actor: &Actor,
        kind: Kind,
        form: &RecordForm,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<RecordReport> {
        let queue = match kind {
            Kind::Withdrawal => Queue::Withdrawal,
            Kind::Transfer | Kind::CompletionApplication => Queue::Transfer,
            _ => Queue::FacilityReport,
        };
        let mut fields = form.fields.clone();
        fields.retain(|(_, v)| !v.trim().is_empty());
        let mut counters = Vec::new();
        let typed_ref = fields
            .iter()
            .find(|(n, _)| n == "ref")
            .map(|(_, v)| v.trim().to_string());
        let reference = match typed_ref {
            Some(r) => {
                if self.store.case_id(queue, &r)?.is_some() {
                    return Err(refused(vec![FieldProblem::new(
                        "ref",
                        Problem::Taken { key: r },
                    )]));
                }
                r
            }
            None => {
                let (r, counter) = self.next_paper_ref(queue, today)?;
                fields.push(("ref".into(), r.clone()));
                counters.push(counter);
                r
            }
        };
        if !fields.iter().any(|(n, _)| n == "received_at") {
            let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            fields.push(("received_at".into(), at));
        }
        let record =
            interchange::typed_record(kind, fields.clone(), now, &actor.name).map_err(refused)?;
        let Record::Case(case) = record else {
            return Err(refused(vec![FieldProblem::row(Problem::Missing)]));
        };
        let (case, owners) = self.resolve_paper_case(*case)?;
        // A case taken in at the desk is one the recorder's organisation holds.
        if !actor.sees(&owners) {
            let names = self.store.orgs()?;
            return Err(DeskError::Refused(Refusal::NotTheirTurn {
                reference: reference.clone(),
                deciders: owners
                    .iter()
                    .map(|o| {
                        names
                            .get(&o.org)
                            .map(|n| n.name.clone())
                            .unwrap_or_else(|| o.org.to_string())
                    })
                    .collect(),
            }));
        }
        let key = CaseKey::new(queue, reference.clone());
        let report = RecordReport {
            kind: kind.id().to_string(),
            key: reference.clone(),
            case: Some(key),
            created: true,
            written: false,
            changes: fields
                .into_iter()
                .map(|(field, v)| FieldChange {
                    field,
                    before: None,
                    after: Some(v),
                })
                .collect(),
            effects: Vec::new(),
        };
        let mut batch = self.batch(actor, now, kind, &reference, counters);
        let write = CaseWrite {
            orgs: Some(owners),
            ..generated_write(case, None, "record", actor, now)
        };
        batch.cases.push(self.with_arrival(write, actor, now)?);
        self.finish(form, batch, report, now)
    }

    /// The next free ref of a queue's paper intake in `today`'s fiscal year,
    /// after the last one given (a counter per queue and year, kept with the
    /// case it numbers), and the counter's new value to write with it.
    fn next_paper_ref(&self, queue: Queue, today: NaiveDate) -> Result<(String, RegistryWrite)> {
        let fy = crate::domain::time::fiscal_year(today);
        let letter = match queue {
            Queue::Withdrawal => "W",
            Queue::Transfer => "T",
            Queue::FacilityReport => "F",
            Queue::LoanFollowup => "L",
        };
        let key = format!("paper_seq/{}/{fy}", queue.id());
        let last = self
            .store
            .meta(&key)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
            .map_or(0, u64::from_be_bytes);
        // A ref typed by hand may have taken the next numbers.
        for n in last + 1..=99_999 {
            let r = format!("{letter}-{fy}-P{n:05}");
            if self.store.case_id(queue, &r)?.is_none() {
                return Ok((r, RegistryWrite::Meta(key, n.to_be_bytes().to_vec())));
            }
        }
        Err(refused(vec![FieldProblem::new("ref", Problem::Missing)]))
    }

    /// The case with what the store knows filled in; a subject the store
    /// does not know is named on its field, any other rule (a transfer's) as
    /// the import would say it.
    fn resolve_paper_case(&self, case: Case) -> Result<(Case, Vec<crate::domain::org::CaseOrg>)> {
        let (field, what, key, known) = match &case.subject {
            Subject::Person(r) => (
                "registration_number",
                "person",
                r.to_string(),
                self.store.person(r.as_str())?.is_some(),
            ),
            Subject::Facility(f) => (
                "facility_number",
                "facility",
                f.to_string(),
                self.store.facility(f.as_str())?.is_some(),
            ),
        };
        if !known {
            return Err(refused(vec![FieldProblem::new(
                field,
                Problem::NotKnown {
                    what: what.into(),
                    key,
                },
            )]));
        }
        let reference = case.reference.clone();
        self.resolve_new_case(case)
            .map_err(|r| r.for_record(reference))
    }

    /// One transaction: the writes, and who changed the record when.
    fn batch(
        &self,
        actor: &Actor,
        now: Timestamp,
        kind: Kind,
        key: &str,
        mut registry: Vec<RegistryWrite>,
    ) -> WriteBatch {
        let stamp = serde_json::to_vec(&(&actor.name, now)).unwrap_or_default();
        registry.push(RegistryWrite::Meta(stamp_key(kind, key), stamp));
        WriteBatch {
            cases: Vec::new(),
            registry,
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            audit_creations_together: false,
        }
    }

    /// The loan's follow-up cases brought up to its drafts, as writes.
    #[allow(clippy::too_many_arguments)]
    fn followups_of(
        &self,
        actor: &Actor,
        loan: &Loan,
        drafts: Vec<crate::domain::loan::FollowupDraft>,
        today: NaiveDate,
        now: Timestamp,
        writes: &mut Vec<CaseWrite>,
        report: &mut RecordReport,
    ) -> Result<()> {
        let mut counted = super::FollowupReport::default();
        self.loan_followup_writes(actor, loan, drafts, today, now, writes, &mut counted)?;
        if counted.created + counted.updated + counted.closed > 0 {
            report.effects.push(Effect::Followups {
                created: counted.created,
                updated: counted.updated,
                closed: counted.closed,
            });
        }
        Ok(())
    }

    /// Writes the batch (unless a dry run), with the entry that undoes it
    /// on the clerk's undo stack.
    fn finish(
        &self,
        form: &RecordForm,
        mut batch: WriteBatch,
        mut report: RecordReport,
        now: Timestamp,
    ) -> Result<RecordReport> {
        if form.dry_run {
            return Ok(report);
        }
        let mut entry = self.undo_entry(&form.kind, &report.key, &batch.registry, now)?;
        entry.cases = self.cases_before(&batch.cases)?;
        let group = self.store.undo_group()?;
        batch.registry.push(RegistryWrite::PushUndo(
            batch.actor.clone(),
            group,
            Box::new(entry),
        ));
        self.store.write(&batch)?;
        report.written = true;
        Ok(report)
    }
}

fn not_known(kind: Kind, key: &str) -> DeskError {
    refused(vec![FieldProblem::new(
        kind.key_field().unwrap_or(""),
        Problem::NotKnown {
            what: kind.id().to_string(),
            key: key.to_string(),
        },
    )])
}
