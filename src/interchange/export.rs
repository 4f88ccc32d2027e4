//! Export: cases, decisions, the audit trail and the outbox as JSONL or CSV.
//!
//! JSONL writes one compact object a line, keys in a fixed order, absent values
//! as `null`, lists as arrays. CSV writes a header row and then one row a record,
//! UTF-8 without BOM (call [`write_bom`] first for Excel), absent values as empty
//! cells, lists joined by `;`. A text cell never starts a formula
//! ([`crate::text::safe_cell`]). The form a person reads in Excel is made from this CSV by
//! [`super::excel`]; [`case_columns_named`] adds the names it shows beside ids.

use crate::domain::enquiry::{Enquiry, EnquiryStatus};
use crate::domain::rules::CaseFacts;
use crate::domain::{
    AuditRecord, Case, CaseBody, CompletionApplication, Decision, Delivery, FacilityReport, Flag,
    LoanFollowup, OutboxMessage, Queue, Timestamp, Transfer, Withdrawal,
};
use crate::text::safe_cell;
use chrono::SecondsFormat;
use serde_json::{Map, Value};
use std::borrow::Borrow;
use std::io::{self, Write};

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One compact JSON object a line.
    Jsonl,
    /// A header row, then one row a record.
    Csv,
}

impl Format {
    /// The format of a `--format` value (`jsonl` or `csv`).
    pub fn from_id(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The UTF-8 byte-order mark Excel needs to read a UTF-8 CSV as UTF-8; write it
/// before the rows when the export is meant for Excel.
pub fn write_bom<W: Write>(w: &mut W) -> io::Result<()> {
    w.write_all(b"\xEF\xBB\xBF")
}

/// An ordered set of named values: one exported record.
type Row = Vec<(&'static str, Value)>;

/// One exported record kind, defined once: its CSV columns (`$columns`, in
/// order) and the function that makes its row, each column with its value.
macro_rules! record {
    ($vis:vis $columns:ident, fn $row:ident($($arg:ident: $ty:ty),*) { $($name:literal => $value:expr,)* }) => {
        $vis const $columns: &[&str] = &[$($name),*];

        fn $row($($arg: $ty),*) -> Row {
            vec![$(($name, $value)),*]
        }
    };
}

fn ts(t: &Timestamp) -> Value {
    Value::String(t.to_rfc3339_opts(SecondsFormat::Secs, false))
}

fn opt_ts(t: &Option<Timestamp>) -> Value {
    t.as_ref().map_or(Value::Null, ts)
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, text)
}

fn opt_int(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::from)
}

/// The snake_case id serde gives a unit enum value.
fn id_of<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(items.into_iter().map(text).collect())
}

/// What the rules found for a loan follow-up besides its own fields.
const LATE_FIELDS: &[&str] = &["late_interest"];
/// The area of the case's facility, for every queue (null without one).
const AREA_FIELDS: &[&str] = &["prefecture", "medical_area", "priority_area"];

/// The CSV columns of a case export: the common ones, then those of one queue,
/// or of every queue (each name once) when `queue` is None.
pub fn case_columns(queue: Option<Queue>) -> Vec<&'static str> {
    let kinds: &[&[&str]] = match queue {
        Some(Queue::Withdrawal) => &[WITHDRAWAL_FIELDS],
        Some(Queue::Transfer) => &[TRANSFER_FIELDS, COMPLETION_FIELDS],
        Some(Queue::FacilityReport) => &[REPORT_FIELDS],
        Some(Queue::LoanFollowup) => &[FOLLOWUP_FIELDS, LATE_FIELDS],
        None => &[
            WITHDRAWAL_FIELDS,
            TRANSFER_FIELDS,
            COMPLETION_FIELDS,
            REPORT_FIELDS,
            FOLLOWUP_FIELDS,
            LATE_FIELDS,
        ],
    };
    let mut cols: Vec<&'static str> = CASE_COMMON.to_vec();
    for name in kinds.iter().flat_map(|k| k.iter()).chain(AREA_FIELDS) {
        if !cols.contains(name) {
            cols.push(name);
        }
    }
    cols
}

/// As [`case_columns`], with the names a person reads beside the ids: a
/// facility report's supervisors by name after their numbers
/// (`supervisor_names`), and the case's facility by name before its area
/// (`facility_name`).
pub fn case_columns_named(queue: Option<Queue>) -> Vec<&'static str> {
    let mut cols = case_columns(queue);
    if let Some(i) = cols.iter().position(|c| *c == "supervisors") {
        cols.insert(i + 1, "supervisor_names");
    }
    if let Some(i) = cols.iter().position(|c| *c == "prefecture") {
        cols.insert(i, "facility_name");
    }
    cols
}

/// The fields of a case's own kind, named as in the import tables.
fn body_row(body: &CaseBody) -> Row {
    match body {
        CaseBody::Withdrawal(w) => withdrawal_row(w),
        CaseBody::Transfer(t) => transfer_row(t),
        CaseBody::FacilityReport(r) => report_row(r),
        CaseBody::LoanFollowup(f) => followup_row(f),
        CaseBody::CompletionApplication(a) => completion_row(a),
    }
}

record! {
    WITHDRAWAL_FIELDS,
    fn withdrawal_row(w: &Withdrawal) {
        "registration_number" => text(w.registration_number.as_str()),
        "program" => text(&w.program),
        "director" => text(&w.director),
        "reason" => text(&w.reason),
        "withdrawal_kind" => id_of(&w.kind),
        "director_email" => opt_text(&w.director_email),
        "director_decision" => id_of(&w.director_decision),
        "director_decided_at" => opt_ts(&w.director_decided_at),
        "chased_at" => opt_ts(&w.chased_at),
        "completed_at" => opt_ts(&w.completed_at),
    }
}

record! {
    TRANSFER_FIELDS,
    fn transfer_row(t: &Transfer) {
        "registration_number" => text(t.registration_number.as_str()),
        "transfer_kind" => id_of(&t.kind),
        "from_association" => text(&t.from_association),
        "requested_category" => text(&t.requested_category),
        "to_association" => opt_text(&t.to_association),
        "to_prefecture" => opt_text(&t.to_prefecture),
        "to_district" => opt_text(&t.to_district),
        "current_category" => opt_text(&t.current_category),
        "facility" => opt_text(&t.facility),
        "facility_duty" => opt_text(&t.facility_duty),
        "reason" => opt_text(&t.reason),
    }
}

record! {
    COMPLETION_FIELDS,
    fn completion_row(a: &CompletionApplication) {
        "case_kind" => text(super::Kind::CompletionApplication.id()),
        "registration_number" => text(a.registration_number.as_str()),
        "association" => text(&a.association),
        "training" => text(&a.training),
        "completed_on" => text(&a.completed_on.to_string()),
        "notes" => opt_text(&a.notes),
    }
}

record! {
    REPORT_FIELDS,
    fn report_row(r: &FacilityReport) {
        "facility_number" => text(r.facility_number.as_str()),
        "fiscal_year" => Value::from(r.fiscal_year),
        "reporter_name" => text(&r.reporter_name),
        "supervisors" => list(r.supervisors.iter().map(String::as_str)),
        "director_name" => opt_text(&r.director_name),
        "contact_email" => opt_text(&r.contact_email),
        "generated" => Value::Bool(r.generated),
    }
}

record! {
    FOLLOWUP_FIELDS,
    fn followup_row(f: &LoanFollowup) {
        "registration_number" => text(f.registration_number.as_str()),
        "loan_id" => text(&f.loan_id),
        "topic" => text(&f.topic),
        "principal" => opt_int(f.principal),
        "interest" => opt_int(f.interest),
        "amount_due" => opt_int(f.amount_due),
        "service_months" => opt_int(f.service_months),
    }
}

/// One case as exported: common fields, flags, then its kind's fields, then
/// what the rules found besides the case's own fields: a loan follow-up's `late_interest`, and the area of the case's
/// facility (`prefecture`, `medical_area`, `priority_area`) last.
pub fn case_row_with(case: &Case, flags: &[Flag], facts: &CaseFacts) -> Row {
    let mut row = case_fields(case, flags);
    if matches!(case.body, CaseBody::LoanFollowup(_)) {
        row.push(("late_interest", opt_int(facts.late_interest)));
    }
    row.push(("prefecture", opt_text(&facts.prefecture)));
    row.push(("medical_area", opt_text(&facts.medical_area)));
    row.push((
        "priority_area",
        facts.priority_area.map_or(Value::Null, Value::Bool),
    ));
    row
}

/// As [`case_row_with`], with the names of [`case_columns_named`], each
/// where that list has it.
pub fn case_row_named(case: &Case, flags: &[Flag], facts: &CaseFacts) -> Row {
    let mut row = case_row_with(case, flags, facts);
    if let Some(i) = row.iter().position(|(name, _)| *name == "supervisors") {
        let names = list(facts.supervisor_names.iter().map(String::as_str));
        row.insert(i + 1, ("supervisor_names", names));
    }
    let at = row
        .iter()
        .position(|(name, _)| *name == "prefecture")
        .unwrap_or(row.len());
    row.insert(at, ("facility_name", opt_text(&facts.facility_name)));
    row
}

record! {
    CASE_COMMON,
    fn common_row(case: &Case, flags: &[Flag]) {
        "ref" => text(&case.reference),
        "queue" => text(case.queue.id()),
        "state" => text(case.state.id()),
        "subject" => text(case.subject.key()),
        "name" => text(&case.subject_name),
        "received_at" => ts(&case.received_at),
        "due" => case.due.map_or(Value::Null, |d| Value::String(d.to_string())),
        "assignee" => opt_text(&case.assignee),
        "flags" => list(flags.iter().map(|f| f.id())),
    }
}

fn case_fields(case: &Case, flags: &[Flag]) -> Row {
    let mut row = common_row(case, flags);
    row.extend(body_row(&case.body));
    row
}

/// The object that imports back as this case (withdrawal, transfer, facility
/// report or completion application): `kind` plus the import fields, without export-only ones (state,
/// flags, name, due…) and without nulls. A loan follow-up is generated, not
/// imported; its object carries `kind: "loan_followup"`, which import refuses.
pub fn case_to_import_object(case: &Case) -> Value {
    let kind = match &case.body {
        CaseBody::Withdrawal(_) => Some(super::Kind::Withdrawal),
        CaseBody::Transfer(_) => Some(super::Kind::Transfer),
        CaseBody::FacilityReport(_) => Some(super::Kind::FacilityReport),
        CaseBody::CompletionApplication(_) => Some(super::Kind::CompletionApplication),
        CaseBody::LoanFollowup(_) => None,
    };
    let mut map = Map::new();
    map.insert(
        "kind".into(),
        text(kind.map_or(case.queue.id(), super::Kind::id)),
    );
    for (name, value) in case_row_with(case, &[], &CaseFacts::default()) {
        let wanted = kind.is_some_and(|k| k.has_field(name));
        if wanted && !value.is_null() {
            map.insert(name.to_string(), value);
        }
    }
    Value::Object(map)
}

record! {
    pub DECISION_COLUMNS,
    fn decision_row(case: &Case, d: &Decision) {
        "ref" => text(&case.reference),
        "queue" => text(case.queue.id()),
        "decision" => text(d.kind.id()),
        "reason" => opt_text(&d.reason),
        "actor" => text(&d.actor),
        "at" => ts(&d.at),
        "state_before" => text(d.state_before.id()),
        "state_after" => text(d.state_after.id()),
    }
}

record! {
    pub AUDIT_COLUMNS,
    fn audit_row(a: &AuditRecord) {
        "seq" => Value::from(a.seq),
        "at" => ts(&a.at),
        "actor" => text(&a.actor),
        "uid" => a.uid.map(Value::from).unwrap_or(Value::Null),
        "action" => text(&a.action),
        "target" => text(&a.target),
        "before" => opt_text(&a.before),
        "after" => opt_text(&a.after),
        "prev_hash" => text(&a.prev_hash),
        "hash" => text(&a.hash),
    }
}

record! {
    pub OUTBOX_COLUMNS,
    fn outbox_row(m: &OutboxMessage) {
        "id" => Value::from(m.id),
        "queue" => text(m.queue.id()),
        "case_ref" => text(&m.case_ref),
        "decision" => text(m.decision.id()),
        "recipient" => text(&m.recipient),
        "subject" => text(&m.subject),
        "body" => text(&m.body),
        "created_at" => ts(&m.created_at),
        "release_at" => ts(&m.release_at),
        "status" => id_of(&m.status),
    }
}

/// A value as one CSV cell: null empty, lists joined by `;`; text without
/// control or bidi characters, and never taken for a formula by a spreadsheet.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => safe_cell(s),
        Value::Array(items) => safe_cell(
            &items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => cell(other),
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
        other => other.to_string(),
    }
}

fn write_rows<W: Write>(
    mut w: W,
    format: Format,
    columns: &[&str],
    rows: impl Iterator<Item = Row>,
) -> io::Result<usize> {
    let mut n = 0;
    match format {
        Format::Jsonl => {
            for row in rows {
                let mut line = String::from("{");
                for (i, (name, value)) in row.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    line.push_str(&Value::String((*name).to_string()).to_string());
                    line.push(':');
                    line.push_str(&value.to_string());
                }
                line.push_str("}\n");
                w.write_all(crate::text::json_escape_controls(&line).as_bytes())?;
                n += 1;
            }
            w.flush()?;
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(w);
            out.write_record(columns).map_err(io::Error::other)?;
            for row in rows {
                let cells = columns.iter().map(|c| {
                    row.iter()
                        .find(|(name, _)| name == c)
                        .map_or(String::new(), |(_, v)| cell(v))
                });
                out.write_record(cells).map_err(io::Error::other)?;
                n += 1;
            }
            out.flush()?;
        }
    }
    Ok(n)
}

/// Writes one record a case with its current flags and [`CaseFacts`] (area,
/// late interest); returns how many were written. CSV has the columns of one
/// queue when the export is filtered to it (`--queue`), else of every queue
/// ([`case_columns`]); with `names`, the names a person reads beside the ids
/// ([`case_columns_named`]). Cases may be borrowed (`(&Case, &[Flag], facts)`)
/// or owned as they stream from the store.
pub fn write_cases<W, C, F>(
    w: W,
    format: Format,
    queue: Option<Queue>,
    names: bool,
    cases: impl IntoIterator<Item = (C, F, CaseFacts)>,
) -> io::Result<usize>
where
    W: Write,
    C: Borrow<Case>,
    F: AsRef<[Flag]>,
{
    type RowOf = fn(&Case, &[Flag], &CaseFacts) -> Row;
    let (columns, row): (_, RowOf) = if names {
        (case_columns_named(queue), case_row_named)
    } else {
        (case_columns(queue), case_row_with)
    };
    let rows = cases
        .into_iter()
        .map(|(c, f, x)| row(c.borrow(), f.as_ref(), &x));
    write_rows(w, format, &columns, rows)
}

/// Writes one record a decision: ref, queue, decision, reason, actor, at,
/// state_before, state_after.
pub fn write_decisions<W, C, D>(
    w: W,
    format: Format,
    decisions: impl IntoIterator<Item = (C, D)>,
) -> io::Result<usize>
where
    W: Write,
    C: Borrow<Case>,
    D: Borrow<Decision>,
{
    let rows = decisions
        .into_iter()
        .map(|(c, d)| decision_row(c.borrow(), d.borrow()));
    write_rows(w, format, DECISION_COLUMNS, rows)
}

/// Writes the audit trail, every field of each record.
pub fn write_audit<W: Write, R: Borrow<AuditRecord>>(
    w: W,
    format: Format,
    records: impl IntoIterator<Item = R>,
) -> io::Result<usize> {
    write_rows(
        w,
        format,
        AUDIT_COLUMNS,
        records.into_iter().map(|r| audit_row(r.borrow())),
    )
}

/// Writes notifications, every field of each, then where each stands with
/// the mail relay: its delivery (queued, sent, failed or cancelled, with the
/// relay's answer), or nulls for one never handed to the relay.
pub fn write_outbox<W, M, D>(
    w: W,
    format: Format,
    messages: impl IntoIterator<Item = (M, Option<D>)>,
) -> io::Result<usize>
where
    W: Write,
    M: Borrow<OutboxMessage>,
    D: Borrow<Delivery>,
{
    let mut columns = OUTBOX_COLUMNS.to_vec();
    columns.extend(DELIVERY_COLUMNS);
    write_rows(
        w,
        format,
        &columns,
        messages.into_iter().map(|(m, d)| {
            let mut row = outbox_row(m.borrow());
            row.extend(delivery_row(d.as_ref().map(Borrow::borrow)));
            row
        }),
    )
}

/// The relay's side of a notification (`export outbox`): nulls for one
/// never handed to the relay.
fn delivery_row(d: Option<&Delivery>) -> Row {
    match d {
        Some(d) => delivery_fields(d),
        None => DELIVERY_COLUMNS.iter().map(|c| (*c, Value::Null)).collect(),
    }
}

record! {
    pub ENQUIRY_COLUMNS,
    fn enquiry_row(e: &Enquiry) {
        "id" => Value::from(e.id),
        "registration_number" => e.registration_number.as_ref().map_or(Value::Null, |r| text(r.as_str())),
        "at" => ts(&e.at),
        "by" => text(&e.by),
        "channel" => text(e.channel.id()),
        "topic" => text(&e.topic),
        "note" => text(&e.note),
        "case_queue" => e.case.as_ref().map_or(Value::Null, |c| text(c.queue.id())),
        "case_ref" => e.case.as_ref().map_or(Value::Null, |c| text(&c.reference)),
        "status" => text(if e.status.is_open() { "open" } else { "resolved" }),
        "resolved_at" => match &e.status {
            EnquiryStatus::Resolved { at, .. } => ts(at),
            EnquiryStatus::Open => Value::Null,
        },
        "resolved_by" => match &e.status {
            EnquiryStatus::Resolved { by, .. } => text(by),
            EnquiryStatus::Open => Value::Null,
        },
        "revision" => Value::from(e.revision),
    }
}

/// Writes the enquiry log, one record an enquiry (`export enquiries`).
pub fn write_enquiries<W: Write, E: Borrow<Enquiry>>(
    w: W,
    format: Format,
    enquiries: impl IntoIterator<Item = E>,
) -> io::Result<usize> {
    write_rows(
        w,
        format,
        ENQUIRY_COLUMNS,
        enquiries.into_iter().map(|e| enquiry_row(e.borrow())),
    )
}

record! {
    pub DELIVERY_COLUMNS,
    fn delivery_fields(d: &Delivery) {
        "delivery" => text(d.state.id()),
        "message_id" => text(&d.message_id),
        "attempts" => Value::from(d.attempts),
        "last_attempt_at" => opt_ts(&d.last_attempt_at),
        "answer" => opt_text(&d.answer),
        "queued_at" => ts(&d.queued_at),
        "next_attempt_at" => opt_ts(&d.next_attempt_at),
        "sent_at" => opt_ts(&d.sent_at),
        "changed_by" => opt_text(&d.changed_by),
    }
}

#[cfg(test)]
mod tests;
