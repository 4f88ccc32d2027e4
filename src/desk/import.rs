//! Import of files, generation of follow-ups, and loading demo data.

use super::{Actor, Desk, DeskError, Result};
use crate::domain::org::CaseOrg;
use crate::domain::row::RowProblem;
use crate::domain::rules;
use crate::domain::workflow::{self, initial_state};
use crate::domain::{
    Case, CaseBody, Decision, DecisionKind, Loan, Permission, Queue, State, Subject, Timestamp,
    facility_report, loan,
};
use crate::interchange::{self, Kind, Record, RowError};
use crate::store::StoreError;
use crate::store::{CaseWrite, ImportSession, Outcome, RegistryWrite, UndoSlot, WriteBatch};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub kind: Option<String>,
}

/// What importing one file did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: String,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub rejected: Vec<RowError>,
    /// True when nothing was written (dry run, or rejected rows without --skip-invalid).
    pub written: bool,
}

/// What a follow-up run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupReport {
    pub created: usize,
    pub updated: usize,
    pub closed: usize,
    pub reopened: usize,
}

const IMPORT_CHUNK: usize = 2_000;

/// What a file's rows refer to, as learnt while reading it.
#[derive(Default)]
struct Known {
    people: HashMap<String, (String, Option<String>)>,
    facilities: HashMap<String, String>,
    loans: HashSet<String>,
    /// Whether the importer administers the store (organisation rows) and
    /// may import everything else.
    admin: bool,
    importer: bool,
    /// The store's organisations, read once per file.
    orgs: Option<
        std::collections::BTreeMap<crate::domain::org::OrgId, crate::domain::org::Organisation>,
    >,
}

/// Why a row was not taken: its own problem, or the store failing under it
/// (which fails the import, not the row).
#[derive(Debug)]
pub(super) enum Rejected {
    Row(RowProblem),
    Store(StoreError),
}

impl From<RowProblem> for Rejected {
    fn from(p: RowProblem) -> Self {
        Rejected::Row(p)
    }
}

impl From<StoreError> for Rejected {
    fn from(e: StoreError) -> Self {
        Rejected::Store(e)
    }
}

impl Rejected {
    /// The desk's error for one record named `input` (not a row of a file).
    pub(super) fn for_record(self, input: String) -> DeskError {
        match self {
            Rejected::Row(problem) => {
                DeskError::Refused(crate::domain::Refusal::Row { input, problem })
            }
            Rejected::Store(e) => e.into(),
        }
    }
}

impl Desk {
    /// Fills in what the store knows (names, due date, existing state) and checks
    /// references; the error is the row's rejection reason.
    fn resolve_case(
        &self,
        mut case: Case,
        known: &mut Known,
    ) -> std::result::Result<(Case, Vec<CaseOrg>), Rejected> {
        let (name, kana) = match &case.subject {
            Subject::Person(r) => match known.people.get(r.as_str()) {
                Some(n) => n.clone(),
                None => match self.store.person(r.as_str())? {
                    Some(p) => (p.name, p.name_kana),
                    None => {
                        return Err(RowProblem::NoPerson {
                            number: r.to_string(),
                        }
                        .into());
                    }
                },
            },
            Subject::Facility(f) => match known.facilities.get(f.as_str()) {
                Some(n) => (n.clone(), None),
                None => match self.store.facility(f.as_str())? {
                    Some(fac) => (fac.name, None),
                    None => {
                        return Err(RowProblem::NoFacility {
                            number: f.to_string(),
                        }
                        .into());
                    }
                },
            },
        };
        if let CaseBody::Transfer(t) = &case.body {
            crate::domain::transfer::validate(t, &self.rules).map_err(RowProblem::Transfer)?;
        }
        case.subject_name = name;
        case.subject_kana = kana;
        if let Some(id) = self.store.case_id(case.queue, &case.reference)? {
            if let Some(old) = self.store.case(id)? {
                case = merge_reimport(old, case);
            }
        }
        case.due = rules::due(&case, &self.rules, &self.calendar);
        if known.orgs.is_none() {
            known.orgs = Some(self.store.orgs()?);
        }
        let orgs = known
            .orgs
            .as_ref()
            .map(|o| super::owners::owners_of(&case, o));
        let owners = orgs
            .unwrap_or_else(|| Ok(Vec::new()))
            .map_err(RowProblem::Owner)?;
        Ok((case, owners))
    }

    fn resolve(
        &self,
        record: Record,
        known: &mut Known,
        pending_loans: &mut HashMap<String, Loan>,
    ) -> std::result::Result<Option<Resolved>, Rejected> {
        if matches!(record, Record::Organisation(_)) != known.admin
            && !(known.admin && known.importer)
        {
            return Err(match record {
                Record::Organisation(_) => RowProblem::AdminOnly,
                _ => RowProblem::OperatorNeeded,
            }
            .into());
        }
        Ok(Some(match record {
            Record::Organisation(o) => {
                if known.orgs.is_none() {
                    known.orgs = Some(self.store.orgs()?);
                }
                let orgs = known.orgs.get_or_insert_with(Default::default);
                if orgs.len() >= crate::domain::org::ORGS_MAX && !orgs.contains_key(&o.id) {
                    return Err(RowProblem::OrgsMax {
                        max: crate::domain::org::ORGS_MAX,
                    }
                    .into());
                }
                o.validate(orgs).map_err(RowProblem::Org)?;
                orgs.insert(o.id.clone(), (*o).clone());
                Resolved::Registry(RegistryWrite::Org(o.id.clone(), Some(o)))
            }
            Record::Person(p) => {
                known.people.insert(
                    p.registration_number.to_string(),
                    (p.name.clone(), p.name_kana.clone()),
                );
                Resolved::Registry(RegistryWrite::Person(p))
            }
            Record::Facility(f) => {
                known
                    .facilities
                    .insert(f.facility_number.to_string(), f.name.clone());
                Resolved::Registry(RegistryWrite::Facility(f))
            }
            Record::Physician(p) => Resolved::Registry(RegistryWrite::Physician(p)),
            Record::Loan(mut l) => {
                if !known.people.contains_key(l.registration_number.as_str())
                    && self.store.person(l.registration_number.as_str())?.is_none()
                {
                    return Err(RowProblem::NoPerson {
                        number: l.registration_number.to_string(),
                    }
                    .into());
                }
                // Re-importing a loan keeps the events already recorded for it.
                if let Some(old) = pending_loans
                    .get(&l.loan_id)
                    .cloned()
                    .or(self.store.loan(&l.loan_id)?)
                {
                    l.events = old.events;
                }
                known.loans.insert(l.loan_id.clone());
                pending_loans.insert(l.loan_id.clone(), l.clone());
                Resolved::Registry(RegistryWrite::Loan(l))
            }
            Record::LoanEvent { loan_id, event } => {
                let loan = match pending_loans.get(&loan_id).cloned() {
                    Some(l) => Some(l),
                    None => self.store.loan(&loan_id)?,
                };
                let Some(mut loan) = loan else {
                    return Err(RowProblem::NoLoan { loan_id }.into());
                };
                if !loan.events.contains(&event) {
                    loan.events.push(event);
                    loan.events.sort_by_key(|e| (e.date, e.event));
                }
                pending_loans.insert(loan_id, loan.clone());
                Resolved::Registry(RegistryWrite::Loan(loan))
            }
            Record::Case(c) => {
                let (case, owners) = self.resolve_case(*c, known)?;
                Resolved::Case(Box::new(case), owners)
            }
        }))
    }

    /// A new case (one received on paper) with what the store knows filled
    /// in, and the organisations it belongs to.
    pub(super) fn resolve_new_case(
        &self,
        case: Case,
    ) -> std::result::Result<(Case, Vec<CaseOrg>), Rejected> {
        self.resolve_case(case, &mut Known::default())
    }

    /// Imports files (SPEC `import`): all or nothing per file unless `skip_invalid`.
    pub fn import(
        &self,
        actor: &Actor,
        files: &[&Path],
        opts: &ImportOptions,
        now: Timestamp,
        progress: &mut dyn FnMut(&str, usize),
    ) -> Result<Vec<FileReport>> {
        let named: Vec<(&Path, &Path)> = files.iter().map(|p| (*p, *p)).collect();
        self.import_named(actor, &named, opts, now, progress)
    }

    /// Imports files kept under other names (what a client sent the server):
    /// each `(path, named)` is read from `path` as if it were `named`, which
    /// gives its format and kind and names it in every report and message.
    pub fn import_named(
        &self,
        actor: &Actor,
        files: &[(&Path, &Path)],
        opts: &ImportOptions,
        now: Timestamp,
        progress: &mut dyn FnMut(&str, usize),
    ) -> Result<Vec<FileReport>> {
        // An administrator imports organisations; everything else needs a
        // role that imports (each row is checked for its kind).
        if !actor.admin {
            self.require(actor, Permission::Import)?;
        }
        let kind = match &opts.kind {
            Some(k) => Some(Kind::from_id(k).ok_or_else(|| {
                DeskError::Refused(crate::domain::Refusal::UnknownImportKind { kind: k.clone() })
            })?),
            None => None,
        };
        let mut reports = Vec::new();
        for &(path, named) in files {
            reports.push(self.import_file(actor, (path, named), kind, opts, now, progress)?);
        }
        Ok(reports)
    }

    fn import_file(
        &self,
        actor: &Actor,
        (path, named): (&Path, &Path),
        kind: Option<Kind>,
        opts: &ImportOptions,
        now: Timestamp,
        progress: &mut dyn FnMut(&str, usize),
    ) -> Result<FileReport> {
        let file = named.display().to_string();
        let mut report = FileReport {
            file: file.clone(),
            ..Default::default()
        };
        let open = || {
            interchange::open_as(path, named, kind, now, &actor.name).map_err(|e| {
                DeskError::Refused(crate::domain::Refusal::File {
                    file: e.file,
                    problem: e.problem,
                })
            })
        };
        // Pass 1: read and resolve every row, keeping only the errors.
        let mut known = Known {
            admin: actor.admin,
            importer: actor.role.may(Permission::Import),
            ..Known::default()
        };
        let mut pending = HashMap::new();
        for row in open()? {
            report.rows += 1;
            match row {
                Ok((line, record)) => match self.resolve(record, &mut known, &mut pending) {
                    Ok(_) => {}
                    Err(Rejected::Row(problem)) => report.rejected.push(RowError {
                        file: file.clone(),
                        line,
                        problem,
                    }),
                    Err(Rejected::Store(e)) => return Err(e.into()),
                },
                Err(e) => report.rejected.push(e),
            }
        }
        if report.rows == 0 {
            report.rejected.push(RowError {
                file: file.clone(),
                line: 0,
                problem: RowProblem::NoRows,
            });
        }
        if opts.dry_run
            || (!report.rejected.is_empty() && !opts.skip_invalid)
            || report.rows == report.rejected.len()
        {
            return Ok(report);
        }
        // What an import brings (ledgers, reports, registries) may change the
        // day's follow-ups: the daily job runs again (before the write, so a
        // crash in between costs only a run that finds nothing to do).
        self.daily_again()?;
        // Pass 2: write the valid rows in chunks, each one transaction, all of
        // them under one import run: the file is kept whole or not at all.
        let bad: HashSet<usize> = report.rejected.iter().map(|e| e.line).collect();
        let mut run = self.store.begin_import(
            &file,
            report.rows - report.rejected.len(),
            &actor.name,
            actor.uid,
            now,
        )?;
        let mut known = Known {
            admin: actor.admin,
            importer: actor.role.may(Permission::Import),
            ..Known::default()
        };
        let mut pending = HashMap::new();
        let mut batch = WriteBatch {
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            audit_creations_together: true,
            ..Default::default()
        };
        let mut n = 0;
        for row in open()? {
            let Ok((line, record)) = row else { continue };
            if bad.contains(&line) {
                continue;
            }
            match self.resolve(record, &mut known, &mut pending) {
                Ok(Some(Resolved::Registry(r))) => batch.registry.push(r),
                Ok(Some(Resolved::Case(c, owners))) => {
                    let w = CaseWrite {
                        orgs: Some(owners),
                        ..import_write(*c, actor, now)
                    };
                    batch.cases.push(self.with_arrival(w, actor, now)?)
                }
                _ => continue,
            }
            n += 1;
            if batch.cases.len() + batch.registry.len() >= IMPORT_CHUNK {
                Self::flush_import(&mut run, &mut batch, &mut report)?;
                pending.clear();
                progress(&file, n);
            }
        }
        Self::flush_import(&mut run, &mut batch, &mut report)?;
        run.commit()?;
        progress(&file, n);
        report.written = true;
        Ok(report)
    }

    fn flush_import(
        run: &mut ImportSession<'_>,
        batch: &mut WriteBatch,
        report: &mut FileReport,
    ) -> Result<()> {
        if batch.cases.is_empty() && batch.registry.is_empty() {
            return Ok(());
        }
        // Registry rows are written before the cases that name them (same transaction).
        let outcomes = run.write(batch)?;
        for o in outcomes {
            if let Outcome::Written { created, .. } = o {
                if created {
                    report.created += 1
                } else {
                    report.updated += 1
                }
            }
        }
        report.created += batch.registry.len();
        batch.cases.clear();
        batch.registry.clear();
        Ok(())
    }

    /// Writes demo or generated records straight through the import path.
    pub fn load_records(
        &self,
        actor: &Actor,
        registry: Vec<RegistryWrite>,
        cases: Vec<Case>,
        now: Timestamp,
    ) -> Result<()> {
        self.require(actor, Permission::Import)?;
        let mut known = Known::default();
        for r in &registry {
            match r {
                RegistryWrite::Person(p) => {
                    known.people.insert(
                        p.registration_number.to_string(),
                        (p.name.clone(), p.name_kana.clone()),
                    );
                }
                RegistryWrite::Facility(f) => {
                    known
                        .facilities
                        .insert(f.facility_number.to_string(), f.name.clone());
                }
                _ => {}
            }
        }
        let mut writes = Vec::with_capacity(cases.len());
        for c in cases {
            let c_ref = c.reference.clone();
            let (c, owners) = self
                .resolve_case(c, &mut known)
                .map_err(|r| r.for_record(c_ref.clone()))?;
            writes.push(CaseWrite {
                orgs: Some(owners),
                ..import_write(c, actor, now)
            });
        }
        let batch = WriteBatch {
            actor: actor.name.clone(),
            uid: actor.uid,
            at: Some(now),
            audit_creations_together: true,
            ..Default::default()
        };
        let registry = registry.chunks(IMPORT_CHUNK).map(|r| WriteBatch {
            registry: r.to_vec(),
            ..batch.clone()
        });
        let cases = writes.chunks(IMPORT_CHUNK).map(|c| WriteBatch {
            cases: c.to_vec(),
            ..batch.clone()
        });
        self.store.write_all(registry.chain(cases))?;
        Ok(())
    }

    /// (Re)generates loan and missing-report follow-ups as of `today`, idempotently:
    /// new ones are created, changed ones updated, answered ones closed.
    pub fn generate_followups(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<FollowupReport> {
        self.require(actor, Permission::Import)?;
        let mut report = FollowupReport::default();
        let mut writes = Vec::new();
        for l in self.store.all_loans() {
            let l = l?;
            let drafts = self.loan_drafts(&l, today)?;
            self.loan_followup_writes(actor, &l, drafts, today, now, &mut writes, &mut report)?;
        }
        self.missing_reports(actor, today, now, &mut writes, &mut report)?;
        self.store
            .write_all(writes.chunks(IMPORT_CHUNK).map(|chunk| WriteBatch {
                cases: chunk.to_vec(),
                actor: actor.name.clone(),
                uid: actor.uid,
                at: Some(now),
                ..Default::default()
            }))?;
        Ok(report)
    }

    /// What one loan's ledger calls for as of `today` (its follow-up drafts).
    pub(super) fn loan_drafts(
        &self,
        l: &Loan,
        today: NaiveDate,
    ) -> Result<Vec<loan::FollowupDraft>> {
        let workplaces = self.workplaces(l)?;
        Ok(loan::followups(
            l,
            &workplaces,
            &self.rules,
            &self.calendar,
            today,
        ))
    }

    /// The writes that bring one loan's follow-up cases up to the drafts of
    /// its ledger (`loan_drafts`), counted in `report`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn loan_followup_writes(
        &self,
        actor: &Actor,
        l: &Loan,
        drafts: Vec<loan::FollowupDraft>,
        today: NaiveDate,
        now: Timestamp,
        writes: &mut Vec<CaseWrite>,
        report: &mut FollowupReport,
    ) -> Result<()> {
        for draft in drafts {
            let body = CaseBody::LoanFollowup(draft.followup.clone());
            let existing = self
                .store
                .case_id(Queue::LoanFollowup, &draft.reference)?
                .map(|id| self.store.case(id))
                .transpose()?
                .flatten();
            match existing {
                None if draft.worth_recording() => {
                    let person = self.store.person(l.registration_number.as_str())?;
                    let case = Case {
                        reference: draft.reference.clone(),
                        queue: Queue::LoanFollowup,
                        state: if draft.open {
                            State::Open
                        } else {
                            State::Closed
                        },
                        subject: Subject::Person(l.registration_number.clone()),
                        subject_name: person.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                        subject_kana: person.and_then(|p| p.name_kana),
                        received_at: crate::domain::time::start_of_day(
                            draft.followup.due.min(today),
                        ),
                        due: Some(draft.followup.due),
                        assignee: None,
                        revision: 0,
                        updated_at: now,
                        updated_by: actor.name.clone(),
                        body,
                        notes: Vec::new(),
                        history: Vec::new(),
                    };
                    report.created += 1;
                    let owners = self.owners(&case)?.ok();
                    writes.push(CaseWrite {
                        orgs: owners,
                        ..generated_write(case, None, "followup.create", actor, now)
                    });
                }
                None => {}
                Some(mut case) => {
                    let rev = case.revision;
                    let mut changed = false;
                    if case.body != body {
                        case.body = body;
                        if case.state == State::Open {
                            case.due = Some(draft.followup.due);
                        }
                        changed = true;
                        report.updated += 1;
                    }
                    if !draft.open && case.state == State::Open {
                        workflow::auto_close(
                            &mut case,
                            &actor.name,
                            now,
                            "the awaited item arrived",
                        );
                        changed = true;
                        report.closed += 1;
                    }
                    if changed {
                        writes.push(generated_write(
                            case,
                            Some(rev),
                            "followup.update",
                            actor,
                            now,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn missing_reports(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Timestamp,
        writes: &mut Vec<CaseWrite>,
        report: &mut FollowupReport,
    ) -> Result<()> {
        let fy = crate::domain::time::fiscal_year(today);
        for f in self.store.all_facilities() {
            let f = f?;
            let mut reported = false;
            let mut missing: Option<Case> = None;
            for id in self
                .store
                .cases_of(&Subject::Facility(f.facility_number.clone()))?
            {
                let Some(c) = self.store.case(id)? else {
                    continue;
                };
                if let CaseBody::FacilityReport(r) = &c.body {
                    if r.fiscal_year != fy {
                        continue;
                    }
                    if r.generated {
                        missing = Some(c);
                    } else if matches!(
                        c.state,
                        State::Submitted | State::Accepted | State::CertificationReturn
                    ) {
                        // A facility returning its certification has answered:
                        // it is not chased for a missing report.
                        reported = true;
                    }
                }
            }
            match (
                facility_report::missing_report(&f, fy, &self.rules, today),
                missing,
                reported,
            ) {
                (Some((reference, body)), None, false) => {
                    let case = Case {
                        reference,
                        queue: Queue::FacilityReport,
                        state: State::Missing,
                        subject: Subject::Facility(f.facility_number.clone()),
                        subject_name: f.name.clone(),
                        subject_kana: None,
                        received_at: now,
                        due: None,
                        assignee: None,
                        revision: 0,
                        updated_at: now,
                        updated_by: actor.name.clone(),
                        body: CaseBody::FacilityReport(body),
                        notes: Vec::new(),
                        history: Vec::new(),
                    };
                    let mut case = case;
                    case.due = rules::due(&case, &self.rules, &self.calendar);
                    report.created += 1;
                    let owners = self.owners(&case)?.ok();
                    writes.push(CaseWrite {
                        orgs: owners,
                        ..generated_write(case, None, "followup.create", actor, now)
                    });
                }
                (_, Some(mut m), true) if m.state == State::Missing => {
                    let rev = m.revision;
                    workflow::auto_close(&mut m, &actor.name, now, "the facility's report arrived");
                    report.closed += 1;
                    writes.push(generated_write(m, Some(rev), "followup.update", actor, now));
                }
                (Some(_), Some(mut m), false) if m.state == State::Closed => {
                    let rev = m.revision;
                    m.history.push(Decision {
                        kind: DecisionKind::Reopen,
                        reason: Some("no report accepted".into()),
                        actor: actor.name.clone(),
                        at: now,
                        state_before: m.state,
                        state_after: State::Missing,
                        notification: None,
                    });
                    m.state = State::Missing;
                    m.due = rules::due(&m, &self.rules, &self.calendar);
                    report.reopened += 1;
                    writes.push(generated_write(m, Some(rev), "followup.update", actor, now));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

enum Resolved {
    Registry(RegistryWrite),
    Case(Box<Case>, Vec<CaseOrg>),
}

fn import_write(case: Case, actor: &Actor, now: Timestamp) -> CaseWrite {
    generated_write(case, None, "import", actor, now)
}

/// A write of a case the desk made or closed itself, not a person's decision:
/// left alone when the case changed meanwhile, with nothing to undo or send.
pub(super) fn generated_write(
    case: Case,
    expected: Option<u64>,
    action: &str,
    actor: &Actor,
    now: Timestamp,
) -> CaseWrite {
    CaseWrite {
        expected_revision: expected,
        after: case,
        action: action.to_string(),
        actor: actor.name.clone(),
        at: now,
        outbox: None,
        cancel_outbox: None,
        undo: UndoSlot::Keep,
        skip_if_stale: true,
        orgs: None,
        earlier_outbox: Vec::new(),
    }
}

/// A re-imported case keeps the secretariat's work (state, notes, history,
/// assignee); a returned case that comes back is open again at its first step.
fn merge_reimport(old: Case, mut new: Case) -> Case {
    new.notes = old.notes;
    new.assignee = old.assignee;
    new.history = old.history;
    new.revision = old.revision;
    new.state = match old.state {
        State::Returned => initial_state(&new.body),
        State::AwaitingDirector if initial_state(&new.body) == State::DirectorApproved => {
            State::DirectorApproved
        }
        s => s,
    };
    if let (CaseBody::Withdrawal(n), CaseBody::Withdrawal(o)) = (&mut new.body, &old.body) {
        n.chased_at = o.chased_at;
        n.completed_at = o.completed_at;
    }
    new
}
