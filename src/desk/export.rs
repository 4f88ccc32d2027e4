//! What `export` reads: cases with their flags, decisions, audit, outbox.

use super::{Actor, Desk, DeskError, Result};
use crate::domain::rules;
use crate::domain::{
    AuditRecord, Case, Flag, OutboxMessage, OutboxStatus, Permission, Queue, Timestamp, flags,
};
use crate::interchange::export::{self, Format};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::io::Write;

/// Cases with their flags, one at a time.
type CaseStream<'a> = Box<dyn Iterator<Item = Result<(Case, Vec<Flag>, rules::CaseFacts)>> + 'a>;

impl Desk {
    /// Every case of a queue (or all), one at a time, with the flags it raises
    /// today and what else the export carries (area, late interest).
    pub fn export_cases<'a>(
        &'a self,
        actor: &Actor,
        queue: Option<Queue>,
        today: NaiveDate,
    ) -> Result<impl Iterator<Item = Result<(Case, Vec<Flag>, rules::CaseFacts)>> + 'a> {
        self.require(actor, Permission::Read)?;
        let actor = actor.clone();
        Ok(self.store.all_cases().filter_map(move |r| match r {
            // Only the cases of the actor's organisations.
            Ok((id, c))
                if queue.is_none_or(|q| q == c.queue) && actor.sees(&self.case_orgs(id)) =>
            {
                Some(self.with_flags(c, today))
            }
            Ok(_) => None,
            Err(e) => Some(Err(e.into())),
        }))
    }

    /// The cases a filter selects (of a queue, or all), in store order, with
    /// their flags; the filter is read before anything is written.
    pub fn export_filtered<'a>(
        &'a self,
        actor: &Actor,
        queue: Option<Queue>,
        query: &str,
        today: NaiveDate,
    ) -> Result<impl Iterator<Item = Result<(Case, Vec<Flag>, rules::CaseFacts)>> + 'a> {
        self.require(actor, Permission::Read)?;
        let filter = super::parse_filter(query)?;
        let scope = self.scope(actor);
        let mut ids = Vec::new();
        for q in Queue::ALL
            .into_iter()
            .filter(|q| queue.is_none_or(|w| w == *q))
        {
            let sel = super::select::Selection {
                queue: q,
                filter: &filter,
                include_closed: true,
                sort: crate::store::SortKey::Due,
                reverse: false,
                today,
                me: &actor.name,
                within: scope.mask.as_ref(),
                limit: None,
                unordered: false,
            };
            ids.extend(self.select(&sel)?.into_iter().map(|s| s.id));
        }
        ids.sort_unstable();
        Ok(ids
            .into_iter()
            .filter_map(move |id| match self.store.case(id) {
                Ok(Some(c)) => Some(self.with_flags(c, today)),
                Ok(None) => None,
                Err(e) => Some(Err(e.into())),
            }))
    }

    /// A case as an export writes it: with the flags it raises today and
    /// what else the export carries.
    fn with_flags(&self, c: Case, today: NaiveDate) -> Result<(Case, Vec<Flag>, rules::CaseFacts)> {
        let ctx = self.context(&c)?;
        let checks = rules::evaluate(&c, &ctx, &self.rules, &self.calendar, today);
        let f = flags::raised_flags(&checks);
        let facts = rules::facts(&c, &ctx, &self.rules, &self.calendar, today);
        Ok((c, f, facts))
    }

    /// The cases an export writes: every case, or those its filter selects.
    fn exported_cases<'a>(
        &'a self,
        actor: &Actor,
        spec: &ExportSpec,
        today: NaiveDate,
    ) -> Result<CaseStream<'a>> {
        Ok(
            match spec.filter.as_deref().filter(|f| !f.trim().is_empty()) {
                Some(query) => Box::new(self.export_filtered(actor, spec.queue, query, today)?),
                None => Box::new(self.export_cases(actor, spec.queue, today)?),
            },
        )
    }

    /// The audit chain in order.
    pub fn export_audit<'a>(
        &'a self,
        actor: &Actor,
    ) -> Result<impl Iterator<Item = Result<AuditRecord>> + 'a> {
        self.require(actor, Permission::Read)?;
        let scope = self.scope(actor);
        let actor = actor.clone();
        Ok(self
            .store
            .all_audit()
            .map(|r| r.map_err(Into::into))
            // A case's records (`transfer/T-2026-00001`), and the records
            // that name cases (an import's), only where the actor sees every
            // case they name; users' and organisations' only for an
            // administrator: a record is left out whole, its MAC intact.
            .filter(move |r| match r {
                Ok(rec) => {
                    let seen = |target: &str| match target.split_once('/') {
                        Some((q, reference)) => match Queue::from_id(q) {
                            Some(q) => self.sees_ref(&scope, q, reference).unwrap_or(false),
                            None => {
                                !matches!(q, "user" | "org") || actor.admin || scope.mask.is_none()
                            }
                        },
                        None => true,
                    };
                    seen(&rec.target)
                        && [&rec.before, &rec.after].into_iter().flatten().all(|text| {
                            serde_json::from_str::<serde_json::Value>(text)
                                .map_or(true, |v| every_string(&v, &seen))
                        })
                }
                Err(_) => true,
            }))
    }

    /// Every notification, whatever its status.
    pub fn outbox(&self, actor: &Actor) -> Result<Vec<OutboxMessage>> {
        self.require(actor, Permission::Read)?;
        let scope = self.scope(actor);
        let mut out = Vec::new();
        for m in self.store.all_outbox() {
            let m = m?;
            if self.sees_ref(&scope, m.queue, &m.case_ref)? {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// The notifications whose release time has come and that nobody has
    /// handed out yet, at most `limit`, oldest first. Nothing is released:
    /// whoever hands them out releases what actually left
    /// ([`Desk::release_notifications`]).
    pub fn due_outbox(
        &self,
        actor: &Actor,
        now: Timestamp,
        queue: Option<Queue>,
        limit: usize,
    ) -> Result<Vec<OutboxMessage>> {
        self.require(actor, Permission::Decide)?;
        let scope = self.scope(actor);
        let mut due = Vec::new();
        for m in self.store.all_outbox() {
            let m = m?;
            if m.status == OutboxStatus::Pending
                && m.release_at <= now
                && queue.is_none_or(|q| q == m.queue)
                && self.sees_ref(&scope, m.queue, &m.case_ref)?
            {
                due.push(m);
                if due.len() >= limit {
                    break;
                }
            }
        }
        Ok(due)
    }

    /// Marks released the notifications `ids` that were handed out (written
    /// out whole), in one transaction; returns those it released — one another
    /// hand-off released first is not among them.
    pub fn release_notifications(
        &self,
        actor: &Actor,
        ids: &[u64],
        now: Timestamp,
    ) -> Result<Vec<u64>> {
        self.require(actor, Permission::Decide)?;
        // Only notifications of cases the user sees: another's are not theirs to hand out.
        let scope = self.scope(actor);
        let mut mine = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(m) = self.store.outbox_message(*id)? {
                if self.sees_ref(&scope, m.queue, &m.case_ref)? {
                    mine.push(*id);
                }
            }
        }
        Ok(self
            .store
            .release_outbox(&mine, &actor.name, actor.uid, now)?)
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportWhat {
    Cases,
    Decisions,
    Audit,
    Outbox,
    /// The enquiry log (問い合わせ記録), oldest first.
    Enquiries,
}

/// One export, as the command line asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSpec {
    pub what: ExportWhat,
    /// Only this queue.
    pub queue: Option<Queue>,
    pub format: Format,
    /// Outbox: every message, whatever its status, and release nothing.
    pub all: bool,
    /// Outbox: only the messages the mail relay refused, with its answer.
    #[serde(default)]
    pub failed: bool,
    /// Cases and decisions: only the cases this query (the filter language) selects.
    #[serde(default)]
    pub filter: Option<String>,
    /// Cases: also the names behind the ids, for a person's reading (the
    /// Excel form): `facility_name` and a facility report's `supervisor_names`.
    #[serde(default)]
    pub names: bool,
}

impl ExportSpec {
    /// Whether this export changes the store: none does (an outbox export
    /// lists the due notifications; what was written out is released after,
    /// by `Request::ReleaseNotifications`).
    pub fn writes(&self) -> bool {
        false
    }
}

/// Why an export stopped: the store, or the output.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("{0}")]
    Write(#[from] std::io::Error),
}

impl Desk {
    /// Writes an export to `out` and returns how many records it holds. A store
    /// error met while streaming ends the stream (what was written is flushed)
    /// and is returned after it.
    pub fn export_to(
        &self,
        actor: &Actor,
        spec: &ExportSpec,
        today: NaiveDate,
        now: Timestamp,
        out: &mut dyn Write,
    ) -> std::result::Result<usize, ExportError> {
        let failed: RefCell<Option<DeskError>> = RefCell::new(None);
        let (format, queue) = (spec.format, spec.queue);
        let written = match spec.what {
            ExportWhat::Cases => {
                let rows = self
                    .exported_cases(actor, spec, today)?
                    .map_while(keep(&failed));
                export::write_cases(&mut *out, format, queue, spec.names, rows)?
            }
            ExportWhat::Decisions => {
                let rows = self
                    .exported_cases(actor, spec, today)?
                    .map_while(keep(&failed))
                    .flat_map(|(c, _, _)| {
                        c.history.clone().into_iter().map(move |d| (c.clone(), d))
                    });
                export::write_decisions(&mut *out, format, rows)?
            }
            ExportWhat::Audit => export::write_audit(
                &mut *out,
                format,
                self.export_audit(actor)?.map_while(keep(&failed)),
            )?,
            ExportWhat::Enquiries => {
                self.require(actor, Permission::Read)?;
                export::write_enquiries(
                    &mut *out,
                    format,
                    self.store
                        .all_enquiries()
                        .map(|r| r.map_err(Into::into))
                        .map_while(keep(&failed)),
                )?
            }
            ExportWhat::Outbox if spec.failed => {
                let failed = self
                    .failed_notifications(actor)?
                    .into_iter()
                    .filter(|(m, _)| queue.is_none_or(|q| q == m.queue))
                    .map(|(m, d)| (m, Some(d)));
                export::write_outbox(&mut *out, format, failed)?
            }
            ExportWhat::Outbox => {
                // Listing releases nothing: `export outbox` releases what
                // it wrote out, by `Request::ReleaseNotifications`.
                let msgs = if spec.all {
                    self.outbox(actor)?
                } else {
                    self.due_outbox(actor, now, queue, usize::MAX)?
                };
                // Each with where it stands with the mail relay.
                let rows = msgs
                    .into_iter()
                    .filter(|m| queue.is_none_or(|q| q == m.queue))
                    .map(|m| Ok((self.store.delivery(m.id)?, m)))
                    .collect::<Result<Vec<_>>>()?;
                export::write_outbox(&mut *out, format, rows.into_iter().map(|(d, m)| (m, d)))?
            }
        };
        out.flush()?;
        match failed.into_inner() {
            Some(e) => Err(e.into()),
            None => Ok(written),
        }
    }
}

/// An `io::Write` that hands whole UTF-8 text to a closure (an export's
/// writers write bytes; a character split between two writes waits for its rest).
pub(crate) struct TextSink<'a>(
    pub &'a mut dyn FnMut(&str) -> std::io::Result<()>,
    pub Vec<u8>,
);

impl Write for TextSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.1.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.1) {
            Ok(_) => self.1.len(),
            Err(e) => e.valid_up_to(),
        };
        if valid > 0 {
            let rest = self.1.split_off(valid);
            let text = std::mem::replace(&mut self.1, rest);
            // Only the valid prefix was kept in `text`.
            (self.0)(std::str::from_utf8(&text).unwrap_or_default())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.1.is_empty() {
            let text = String::from_utf8_lossy(&self.1).into_owned();
            self.1.clear();
            (self.0)(&text)?;
        }
        Ok(())
    }
}

/// Passes values through until the first error, which it keeps for later.
fn keep<T>(failed: &RefCell<Option<DeskError>>) -> impl FnMut(Result<T>) -> Option<T> + '_ {
    move |r| match r {
        Ok(v) => Some(v),
        Err(e) => {
            failed.borrow_mut().get_or_insert(e);
            None
        }
    }
}

/// Whether `ok` holds for every string in a JSON value.
fn every_string(v: &serde_json::Value, ok: &dyn Fn(&str) -> bool) -> bool {
    match v {
        serde_json::Value::String(s) => ok(s),
        serde_json::Value::Array(a) => a.iter().all(|x| every_string(x, ok)),
        serde_json::Value::Object(o) => o.values().all(|x| every_string(x, ok)),
        _ => true,
    }
}
