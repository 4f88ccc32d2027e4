//! A record as the fields a person types: what a form shows as each field's
//! current value, and what `record` and the forms build a record from. The
//! fields, their names and their checks are those of the import format
//! ([`Kind::required_fields`], `rows`), so a rule is checked in one place.

use super::fields::Fields;
use super::rows::{Stamp, build_typed};
use super::{Kind, Record};
use crate::domain::field::{FieldProblem, Problem};
use crate::domain::{Certification, Facility, Loan, Person, Physician, Timestamp};

/// A field's name and its value as text (None when it is empty).
pub type Cells = Vec<(&'static str, Option<String>)>;

impl Kind {
    /// The field naming a record of this kind (its key), for the kinds a
    /// form edits in place; None for cases and events, which are added.
    pub fn key_field(self) -> Option<&'static str> {
        match self {
            Kind::Person => Some("registration_number"),
            Kind::Facility => Some("facility_number"),
            Kind::Physician => Some("cert_number"),
            Kind::Loan => Some("loan_id"),
            _ => None,
        }
    }

    /// Every field of this kind, required ones first, with whether it is required.
    pub fn fields(self) -> Vec<(&'static str, bool)> {
        let required = self.required_fields().iter().map(|f| (*f, true));
        let optional = self.optional_fields().iter().map(|f| (*f, false));
        required.chain(optional).collect()
    }
}

/// A record built from fields a person typed (dates may be written as the
/// office writes them), or every problem found, field by field.
pub fn typed_record(
    kind: Kind,
    fields: Vec<(String, String)>,
    now: Timestamp,
    actor: &str,
) -> Result<Record, Vec<FieldProblem>> {
    let stamp = Stamp {
        now,
        actor: actor.to_string(),
    };
    build_typed(kind, Fields::typed(fields), &stamp).map_err(|p| match p.is_empty() {
        true => vec![FieldProblem::row(Problem::Missing)],
        false => p,
    })
}

/// The fields of a programme director's answer to a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectorAnswer {
    pub reference: String,
    pub approved: bool,
    /// The day the director answered (today when absent).
    pub day: Option<chrono::NaiveDate>,
    pub note: Option<String>,
}

/// A director's answer as a clerk typed it: `ref`, `director_decision`
/// (`approved` / `declined`, or 承認 / 不承認), `director_decided_at` (a
/// date in any form typed), `note`.
pub fn director_answer(fields: Vec<(String, String)>) -> Result<DirectorAnswer, Vec<FieldProblem>> {
    const DECISIONS: &[(&str, bool)] = &[
        ("approved", true),
        ("declined", false),
        ("承認", true),
        ("不承認", false),
    ];
    let mut f = Fields::typed(fields);
    f.reject_unknown(&["ref", "director_decision", "director_decided_at", "note"]);
    let reference = f.req_id("ref");
    let approved = f.req_choice("director_decision", DECISIONS);
    let day = f
        .opt_day("director_decided_at")
        .and_then(|d| f.in_rule_years("director_decided_at", d));
    let note = f.opt_text("note", super::MAX_TEXT_CHARS);
    match (reference, approved) {
        (Some(reference), Some(approved)) if f.errors.is_empty() => Ok(DirectorAnswer {
            reference,
            approved,
            day,
            note,
        }),
        _ => Err(f.errors),
    }
}

fn yes(b: bool) -> Option<String> {
    Some(b.to_string())
}

fn list<T>(items: &[T], item: impl Fn(&T) -> String) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    Some(items.iter().map(item).collect::<Vec<_>>().join(";"))
}

/// A registry record's fields as the import format writes them (none for a
/// case or an event, which a form adds rather than corrects).
pub fn cells(r: &Record) -> Cells {
    match r {
        Record::Person(p) => person_cells(p),
        Record::Facility(f) => facility_cells(f),
        Record::Physician(p) => physician_cells(p),
        Record::Loan(l) => loan_cells(l),
        Record::Case(_) | Record::LoanEvent { .. } | Record::Organisation(_) => Vec::new(),
    }
}

/// A person's fields as the import format writes them.
pub fn person_cells(p: &Person) -> Cells {
    vec![
        (
            "registration_number",
            Some(p.registration_number.to_string()),
        ),
        ("name", Some(p.name.clone())),
        ("birth_date", Some(p.birth_date.to_string())),
        ("name_kana", p.name_kana.clone()),
        ("email", p.email.clone()),
        ("regional_quota", yes(p.regional_quota)),
        (
            "training_periods",
            list(&p.training_periods, |t| {
                format!("{}:{}:{}", t.facility, t.start, t.end)
            }),
        ),
    ]
}

/// A facility's fields as the import format writes them.
pub fn facility_cells(f: &Facility) -> Cells {
    vec![
        ("facility_number", Some(f.facility_number.to_string())),
        ("name", Some(f.name.clone())),
        ("prefecture", Some(f.prefecture.clone())),
        ("medical_area", f.medical_area.clone()),
        ("dental", yes(f.dental)),
        ("priority_area", yes(f.priority_area)),
        ("certified", yes(f.certified)),
        ("contact_email", f.contact_email.clone()),
        ("designated", yes(f.designated)),
    ]
}

/// A certified physician's fields as the import format writes them.
pub fn physician_cells(p: &Physician) -> Cells {
    let certification = match p.certification {
        Certification::General => "general",
        Certification::Dental => "dental",
    };
    vec![
        ("cert_number", Some(p.cert_number.clone())),
        (
            "registration_number",
            Some(p.registration_number.to_string()),
        ),
        ("name", Some(p.name.clone())),
        ("certification", Some(certification.to_string())),
        ("renewed", yes(p.renewed)),
        ("full_time", yes(p.full_time)),
        ("workplace", Some(p.workplace.to_string())),
    ]
}

/// A loan's fields (without its events) as the import format writes them.
pub fn loan_cells(l: &Loan) -> Cells {
    vec![
        ("loan_id", Some(l.loan_id.clone())),
        (
            "registration_number",
            Some(l.registration_number.to_string()),
        ),
        ("first_fiscal_year", Some(l.first_fiscal_year.to_string())),
        ("years_approved", Some(l.years_approved.to_string())),
        (
            "disbursements",
            list(&l.disbursements, |d| format!("{}:{}", d.date, d.amount)),
        ),
        ("annual_amount", Some(l.annual_amount.to_string())),
        (
            "prior_obligations",
            list(&l.prior_obligations, |o| {
                format!("{}:{}:{}", o.kind.id(), o.years, o.end)
            }),
        ),
    ]
}
