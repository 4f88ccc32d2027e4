//! Duplicates (二重登録): a supervisor links a person registered twice to
//! the record that stays. In one transaction the duplicate's cases move to
//! the person kept (each with a `linked` entry in its history), its loans and
//! enquiries follow, its training periods the kept record lacks are added,
//! and the duplicate's record is removed, leaving the link (`linked/NUMBER`)
//! so that a lookup of the old number finds the person kept. Audited record
//! by record and undone with `u` like a recorded form, while nobody has
//! changed what it wrote.

use super::{Actor, Desk, DeskError, Result};
use crate::domain::refusal::{LinkProblem, Refusal};
use crate::domain::{CaseBody, Decision, DecisionKind, Permission, Person, Subject, Timestamp};
use crate::store::{CaseWrite, RegistryWrite, Stored};
use serde::{Deserialize, Serialize};

/// What a link moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkReport {
    pub duplicate: String,
    pub keep: String,
    pub cases: usize,
    pub loans: usize,
    pub enquiries: usize,
    /// Training periods of the duplicate added to the record kept.
    pub training_periods: usize,
    /// Nothing was written (`--dry-run`).
    pub written: bool,
}

/// The metadata key of a duplicate's link.
pub(crate) fn link_key(duplicate: &str) -> String {
    format!("linked/{duplicate}")
}

fn refused(problem: LinkProblem) -> DeskError {
    DeskError::Refused(Refusal::Link { problem })
}

impl Desk {
    /// The number a duplicate was linked to, if it was.
    pub(crate) fn linked_to(&self, regno: &str) -> Result<Option<String>> {
        Ok(self
            .store
            .meta(&link_key(regno))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    fn person_for_link(&self, regno: &str) -> Result<Person> {
        if let Some(keep) = self.linked_to(regno)? {
            return Err(refused(LinkProblem::Linked {
                registration_number: regno.to_string(),
                keep,
            }));
        }
        self.store.person(regno)?.ok_or_else(|| {
            refused(LinkProblem::NotKnown {
                registration_number: regno.to_string(),
            })
        })
    }

    /// Links `duplicate` to `keep` (see the module).
    pub fn link_duplicate(
        &self,
        actor: &Actor,
        duplicate: &str,
        keep: &str,
        dry_run: bool,
        now: Timestamp,
    ) -> Result<LinkReport> {
        self.require(actor, Permission::LinkDuplicate)?;
        let (duplicate, keep) = (duplicate.trim(), keep.trim());
        if duplicate == keep {
            return Err(refused(LinkProblem::Same {
                registration_number: keep.to_string(),
            }));
        }
        let dup = self.person_for_link(duplicate)?;
        let mut kept = self.person_for_link(keep)?;
        let mut cases = Vec::new();
        for id in self
            .store
            .cases_of(&Subject::Person(dup.registration_number.clone()))?
        {
            let Some(case) = self.store.case(id)? else {
                continue;
            };
            let mut after = case.clone();
            after.subject = Subject::Person(kept.registration_number.clone());
            after.subject_name = kept.name.clone();
            if let CaseBody::LoanFollowup(f) = &mut after.body {
                f.registration_number = kept.registration_number.clone();
            }
            after.history.push(Decision {
                kind: DecisionKind::Linked,
                reason: Some(duplicate.to_string()),
                actor: actor.name.clone(),
                at: now,
                state_before: case.state,
                state_after: case.state,
                notification: None,
            });
            let action = DecisionKind::Linked.id();
            cases.push(CaseWrite {
                skip_if_stale: false,
                orgs: None,
                earlier_outbox: Vec::new(),
                ..super::import::generated_write(after, Some(case.revision), action, actor, now)
            });
        }
        let mut registry = Vec::new();
        let loans = self.store.loans_of(duplicate)?;
        for id in &loans {
            if let Some(mut l) = self.store.loan(id)? {
                l.registration_number = kept.registration_number.clone();
                registry.push(RegistryWrite::Loan(l));
            }
        }
        let enquiries = self.store.enquiries_of(duplicate)?;
        for e in &enquiries {
            let mut e = e.clone();
            e.registration_number = Some(kept.registration_number.clone());
            registry.push(RegistryWrite::Enquiry(Box::new(e)));
        }
        let added: Vec<_> = dup
            .training_periods
            .iter()
            .filter(|p| !kept.training_periods.contains(p))
            .cloned()
            .collect();
        if !added.is_empty() {
            kept.training_periods.extend(added.iter().cloned());
            kept.training_periods.sort_by_key(|p| (p.start, p.end));
            registry.push(RegistryWrite::Person(kept.clone()));
        }
        registry.push(RegistryWrite::Remove(Box::new(Stored::Person(dup.clone()))));
        registry.push(RegistryWrite::Meta(
            link_key(duplicate),
            keep.as_bytes().to_vec(),
        ));
        let report = LinkReport {
            duplicate: duplicate.to_string(),
            keep: keep.to_string(),
            cases: cases.len(),
            loans: loans.len(),
            enquiries: enquiries.len(),
            training_periods: added.len(),
            written: !dry_run,
        };
        if dry_run {
            return Ok(report);
        }
        let mut entry = self.undo_entry("link", duplicate, &registry, now)?;
        entry.cases = self.cases_before(&cases)?;
        let group = self.store.undo_group()?;
        registry.push(RegistryWrite::PushUndo(
            actor.name.clone(),
            group,
            Box::new(entry),
        ));
        self.store
            .write(&super::undo::batch_of(actor, now, cases, registry))?;
        Ok(report)
    }
}
