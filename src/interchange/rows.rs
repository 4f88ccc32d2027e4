//! One row's fields turned into a domain record, kind by kind (SPEC "Data formats").

use super::fields::{Fields, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use super::{Kind, Record};
use crate::domain::completion;
use crate::domain::field::{FieldProblem, Problem, kept};
use crate::domain::model::DEFAULT_ANNUAL_AMOUNT;
use crate::domain::row::RowProblem;
use crate::domain::time::parse_rule_date;
use crate::domain::workflow::initial_state;
use crate::domain::{
    Case, CaseBody, Certification, CompletionApplication, DirectorDecision, Disbursement, Facility,
    FacilityNumber, FacilityReport, Loan, LoanEvent, LoanEventKind, Person, Physician,
    PriorLoanKind, PriorObligation, Queue, Subject, Timestamp, TrainingPeriod, Transfer,
    TransferKind, Withdrawal, WithdrawalKind,
};

/// What stamps the cases a file creates.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub now: Timestamp,
    pub actor: String,
}

impl Kind {
    /// The fields a row of this kind must have.
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Person => &["registration_number", "name", "birth_date"],
            Kind::Facility => &["facility_number", "name", "prefecture"],
            Kind::Physician => &[
                "cert_number",
                "registration_number",
                "name",
                "certification",
                "renewed",
                "full_time",
                "workplace",
            ],
            Kind::Withdrawal => &[
                "ref",
                "received_at",
                "registration_number",
                "program",
                "director",
                "reason",
            ],
            Kind::Transfer => &[
                "ref",
                "received_at",
                "registration_number",
                "transfer_kind",
                "from_association",
                "requested_category",
            ],
            Kind::FacilityReport => &[
                "ref",
                "received_at",
                "facility_number",
                "fiscal_year",
                "reporter_name",
                "supervisors",
            ],
            Kind::Loan => &[
                "loan_id",
                "registration_number",
                "first_fiscal_year",
                "years_approved",
                "disbursements",
            ],
            Kind::LoanEvent => &["loan_id", "event", "date"],
            Kind::Organisation => &["org_id", "name", "org_kind"],
            Kind::CompletionApplication => &[
                "ref",
                "received_at",
                "registration_number",
                "association",
                "training",
                "completed_on",
            ],
        }
    }

    /// The fields a row of this kind may have besides the required ones.
    pub fn optional_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Person => &["name_kana", "email", "regional_quota", "training_periods"],
            Kind::Facility => &[
                "medical_area",
                "dental",
                "priority_area",
                "certified",
                "contact_email",
                "designated",
            ],
            Kind::Physician => &[],
            Kind::Withdrawal => &[
                "withdrawal_kind",
                "director_email",
                "director_decision",
                "director_decided_at",
            ],
            Kind::Transfer => &[
                "to_association",
                "to_prefecture",
                "to_district",
                "current_category",
                "facility",
                "facility_duty",
                "reason",
            ],
            Kind::FacilityReport => &["director_name", "contact_email"],
            Kind::Organisation => &["parent", "inquiry_email", "member_admin_email"],
            Kind::Loan => &["annual_amount", "prior_obligations"],
            Kind::LoanEvent => &[
                "end_date",
                "notified_at",
                "working_days",
                "facility_number",
                "note",
                "amount",
                "reason",
            ],
            Kind::CompletionApplication => &["notes"],
        }
    }

    /// Whether `name` is a field of this kind.
    pub fn has_field(self, name: &str) -> bool {
        self.required_fields().contains(&name) || self.optional_fields().contains(&name)
    }
}

/// Validates every field of a row and builds its record, or gives every reason
/// it was refused, joined by "; ".
pub(crate) fn build(kind: Kind, f: Fields, stamp: &Stamp) -> Result<Record, RowProblem> {
    build_typed(kind, f, stamp).map_err(|problems| match problems.is_empty() {
        true => RowProblem::NotValid,
        false => RowProblem::Fields {
            kind: kind.id().to_string(),
            problems,
        },
    })
}

/// Validates every field of a row and builds its record, or gives every
/// problem found (empty only when the record could not be built for want
/// of a field already refused).
pub(crate) fn build_typed(
    kind: Kind,
    mut f: Fields,
    stamp: &Stamp,
) -> Result<Record, Vec<FieldProblem>> {
    let allowed: Vec<&str> = kind
        .required_fields()
        .iter()
        .chain(kind.optional_fields())
        .copied()
        .collect();
    f.reject_unknown(&allowed);
    let record = match kind {
        Kind::Person => person(&mut f).map(Record::Person),
        Kind::Facility => facility(&mut f).map(Record::Facility),
        Kind::Physician => physician(&mut f).map(Record::Physician),
        Kind::Withdrawal => withdrawal(&mut f, stamp),
        Kind::Transfer => transfer(&mut f, stamp),
        Kind::FacilityReport => facility_report(&mut f, stamp),
        Kind::Loan => loan(&mut f).map(Record::Loan),
        Kind::LoanEvent => loan_event(&mut f),
        Kind::Organisation => organisation(&mut f),
        Kind::CompletionApplication => completion_application(&mut f, stamp),
    };
    match record {
        Some(r) if f.errors.is_empty() => Ok(r),
        _ => Err(f.errors),
    }
}

fn person(f: &mut Fields) -> Option<Person> {
    let registration_number = f.req_regno("registration_number");
    let name = f.req_text("name", MAX_NAME_CHARS);
    let birth_date = f.req_date("birth_date");
    let name_kana = f.opt_text("name_kana", MAX_NAME_CHARS);
    let email = f.opt_email("email");
    let regional_quota = f.opt_bool("regional_quota").unwrap_or(false);
    let periods = f.list("training_periods", false).unwrap_or_default();
    let mut training_periods = Vec::with_capacity(periods.len());
    for item in &periods {
        match training_period(item) {
            Ok(p) => training_periods.push(p),
            Err((field, e)) => f.reason(field, e),
        }
    }
    Some(Person {
        registration_number: registration_number?,
        name: name?,
        name_kana,
        birth_date: birth_date?,
        email,
        regional_quota,
        training_periods,
    })
}

/// Why an item of a list is not of the form `form`.
fn malformed(item: &str, form: &str) -> Problem {
    Problem::ItemForm {
        item: kept(item),
        form: form.to_string(),
    }
}

/// Why a date inside a list item was refused (`field` names the list and the part).
fn item_date(field: &'static str, s: &str) -> (&'static str, Problem) {
    let value = kept(s.trim());
    match crate::domain::time::parse_date(s) {
        Ok(_) => (field, Problem::OutsideRuleYears { value }),
        Err(_) => (field, Problem::Date { value }),
    }
}

/// `FACILITY:START:END`.
fn training_period(item: &str) -> Result<TrainingPeriod, (&'static str, Problem)> {
    let bad = || {
        (
            "training_periods",
            malformed(item, "FACILITY:YYYY-MM-DD:YYYY-MM-DD"),
        )
    };
    let mut parts = item.split(':');
    let (Some(fac), Some(start), Some(end), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let facility = FacilityNumber::parse(fac).map_err(|_| bad())?;
    let start = parse_rule_date(start).map_err(|_| item_date("training_periods start", start))?;
    let end = parse_rule_date(end).map_err(|_| item_date("training_periods end", end))?;
    if end < start {
        return Err((
            "training_periods",
            Problem::ItemEndsBeforeStart { item: kept(item) },
        ));
    }
    Ok(TrainingPeriod {
        facility,
        start,
        end,
    })
}

fn facility(f: &mut Fields) -> Option<Facility> {
    let facility_number = f.req_facility("facility_number");
    let name = f.req_text("name", MAX_NAME_CHARS);
    let prefecture = f.req_text("prefecture", MAX_NAME_CHARS);
    let medical_area = f.opt_text("medical_area", MAX_NAME_CHARS);
    let dental = f.opt_bool("dental").unwrap_or(false);
    let priority_area = f.opt_bool("priority_area").unwrap_or(false);
    let certified = f.opt_bool("certified").unwrap_or(true);
    let contact_email = f.opt_email("contact_email");
    let designated = f.opt_bool("designated").unwrap_or(true);
    Some(Facility {
        facility_number: facility_number?,
        name: name?,
        prefecture: prefecture?,
        medical_area,
        dental,
        priority_area,
        certified,
        contact_email,
        last_report: None,
        designated,
    })
}

const CERTIFICATIONS: &[(&str, Certification)] = &[
    ("general", Certification::General),
    ("dental", Certification::Dental),
];

fn physician(f: &mut Fields) -> Option<Physician> {
    let cert_number = f.req_id("cert_number");
    let registration_number = f.req_regno("registration_number");
    let name = f.req_text("name", MAX_NAME_CHARS);
    let certification = f.req_choice("certification", CERTIFICATIONS);
    let renewed = f.req_bool("renewed");
    let full_time = f.req_bool("full_time");
    let workplace = f.req_facility("workplace");
    Some(Physician {
        cert_number: cert_number?,
        registration_number: registration_number?,
        name: name?,
        certification: certification?,
        renewed: renewed?,
        full_time: full_time?,
        workplace: workplace?,
    })
}

/// An organisation's id, or the field's problem.
fn org_id(f: &mut Fields, name: &str, required: bool) -> Option<crate::domain::org::OrgId> {
    let v = if required {
        f.req_text(name, 64)?
    } else {
        f.opt_text(name, 64)?
    };
    match crate::domain::org::OrgId::parse(&v) {
        Ok(id) => Some(id),
        Err(_) => {
            f.reason(name, Problem::OrgId { value: v });
            None
        }
    }
}

fn organisation(f: &mut Fields) -> Option<Record> {
    use crate::domain::org::{ORG_NAME_MAX, OrgKind, Organisation};
    let kinds: Vec<(&str, OrgKind)> = OrgKind::ALL.iter().map(|k| (k.id(), *k)).collect();
    let id = org_id(f, "org_id", true);
    let name = f.req_text("name", ORG_NAME_MAX);
    let kind = f.req_choice("org_kind", &kinds);
    let parent = if f.text_present("parent") {
        Some(org_id(f, "parent", false))
    } else {
        None
    };
    let inquiry_email = f.opt_email("inquiry_email");
    let member_admin_email = f.opt_email("member_admin_email");
    Some(Record::Organisation(Box::new(Organisation {
        id: id?,
        name: name?,
        kind: kind?,
        parent: match parent {
            Some(p) => Some(p?),
            None => None,
        },
        inquiry_email,
        member_admin_email,
    })))
}

/// What every imported case is read with first: its reference and receipt.
struct CaseHead {
    reference: Option<String>,
    received_at: Option<Timestamp>,
}

impl CaseHead {
    fn read(f: &mut Fields) -> CaseHead {
        CaseHead {
            reference: f.req_id("ref"),
            received_at: f.req_timestamp("received_at"),
        }
    }

    /// The case of this head, when both its fields were read.
    fn case(self, subject: Subject, body: CaseBody, stamp: &Stamp) -> Option<Record> {
        let (reference, received_at) = (self.reference?, self.received_at?);
        Some(new_case(reference, subject, received_at, body, stamp))
    }
}

/// A case with the import defaults: initial state, names left for the desk.
fn new_case(
    reference: String,
    subject: Subject,
    received_at: Timestamp,
    body: CaseBody,
    stamp: &Stamp,
) -> Record {
    let queue = match body {
        CaseBody::Withdrawal(_) => Queue::Withdrawal,
        CaseBody::Transfer(_) | CaseBody::CompletionApplication(_) => Queue::Transfer,
        CaseBody::FacilityReport(_) => Queue::FacilityReport,
        CaseBody::LoanFollowup(_) => Queue::LoanFollowup,
    };
    Record::Case(Box::new(Case {
        reference,
        queue,
        state: initial_state(&body),
        subject,
        subject_name: String::new(),
        subject_kana: None,
        received_at,
        due: None,
        assignee: None,
        revision: 0,
        updated_at: stamp.now,
        updated_by: stamp.actor.clone(),
        body,
        notes: Vec::new(),
        history: Vec::new(),
    }))
}

const WITHDRAWAL_KINDS: &[(&str, WithdrawalKind)] = &[
    ("adoption", WithdrawalKind::Adoption),
    ("loan", WithdrawalKind::Loan),
];
const DIRECTOR_DECISIONS: &[(&str, DirectorDecision)] = &[
    ("pending", DirectorDecision::Pending),
    ("approved", DirectorDecision::Approved),
    ("declined", DirectorDecision::Declined),
];

fn withdrawal(f: &mut Fields, stamp: &Stamp) -> Option<Record> {
    let head = CaseHead::read(f);
    let registration_number = f.req_regno("registration_number");
    let program = f.req_text("program", MAX_NAME_CHARS);
    let director = f.req_text("director", MAX_NAME_CHARS);
    let reason = f.req_text("reason", MAX_TEXT_CHARS);
    let kind = f
        .opt_choice("withdrawal_kind", WITHDRAWAL_KINDS)
        .unwrap_or(WithdrawalKind::Adoption);
    let director_email = f.opt_email("director_email");
    let director_decision = f
        .opt_choice("director_decision", DIRECTOR_DECISIONS)
        .unwrap_or(DirectorDecision::Pending);
    let director_decided_at = f.opt_timestamp("director_decided_at");
    let regno = registration_number?;
    let body = CaseBody::Withdrawal(Withdrawal {
        registration_number: regno.clone(),
        program: program?,
        director: director?,
        director_email,
        reason: reason?,
        kind,
        director_decision,
        director_decided_at,
        chased_at: None,
        completed_at: None,
    });
    head.case(Subject::Person(regno), body, stamp)
}

const TRANSFER_KINDS: &[(&str, TransferKind)] = &[
    ("category_change", TransferKind::CategoryChange),
    ("association_transfer", TransferKind::AssociationTransfer),
];

/// The word the member system writes for "no facility chosen yet".
pub const UNDETERMINED_FACILITY: &str = "未定";

fn transfer(f: &mut Fields, stamp: &Stamp) -> Option<Record> {
    let head = CaseHead::read(f);
    let registration_number = f.req_regno("registration_number");
    let kind = f.req_choice("transfer_kind", TRANSFER_KINDS);
    let from_association = f.req_text("from_association", MAX_NAME_CHARS);
    let requested_category = f.req_text("requested_category", MAX_NAME_CHARS);
    let to_association = f.opt_text("to_association", MAX_NAME_CHARS);
    let to_prefecture = f.opt_text("to_prefecture", MAX_NAME_CHARS);
    let to_district = f.opt_text("to_district", MAX_NAME_CHARS);
    let current_category = f.opt_text("current_category", MAX_NAME_CHARS);
    let facility = f
        .opt_text("facility", MAX_NAME_CHARS)
        .filter(|s| s.trim() != UNDETERMINED_FACILITY);
    let facility_duty = f.opt_text("facility_duty", MAX_NAME_CHARS);
    let reason = f.opt_text("reason", MAX_TEXT_CHARS);
    let regno = registration_number?;
    let body = CaseBody::Transfer(Transfer {
        registration_number: regno.clone(),
        kind: kind?,
        from_association: from_association?,
        requested_category: requested_category?,
        to_association,
        to_prefecture,
        to_district,
        current_category,
        facility,
        facility_duty,
        reason,
    });
    head.case(Subject::Person(regno), body, stamp)
}

/// A 修了申請 row: the fields read, then the rules of `domain::completion`
/// (completed on or before receipt, a training of at most 100 characters, an
/// association), each problem named with its field.
fn completion_application(f: &mut Fields, stamp: &Stamp) -> Option<Record> {
    let head = CaseHead::read(f);
    let registration_number = f.req_regno("registration_number");
    let association = f.req_text("association", MAX_NAME_CHARS);
    let training = f.req_text("training", MAX_NAME_CHARS);
    let completed_on = f.req_date("completed_on");
    let notes = f.opt_text("notes", MAX_TEXT_CHARS);
    let regno = registration_number?;
    let application = CompletionApplication {
        registration_number: regno.clone(),
        association: association?,
        training: training?,
        completed_on: completed_on?,
        notes,
    };
    if let Some(received_at) = &head.received_at {
        for p in completion::validate(&application, received_at) {
            let fp = p.field_problem();
            f.reason(&fp.field, fp.problem);
        }
    }
    let body = CaseBody::CompletionApplication(application);
    head.case(Subject::Person(regno), body, stamp)
}

fn facility_report(f: &mut Fields, stamp: &Stamp) -> Option<Record> {
    let head = CaseHead::read(f);
    let facility_number = f.req_facility("facility_number");
    let fiscal_year = f.req_int("fiscal_year", 2000, 2100);
    let reporter_name = f.req_text("reporter_name", MAX_NAME_CHARS);
    let supervisors = f.list("supervisors", true);
    let director_name = f.opt_text("director_name", MAX_NAME_CHARS);
    let contact_email = f.opt_email("contact_email");
    if let Some(bad) = supervisors
        .iter()
        .flatten()
        .find(|s| s.chars().any(char::is_control))
    {
        f.reason(
            "supervisors",
            Problem::ControlCharacters { value: kept(bad) },
        );
    }
    let number = facility_number?;
    let body = CaseBody::FacilityReport(FacilityReport {
        facility_number: number.clone(),
        // The range check above keeps it within i32.
        fiscal_year: fiscal_year? as i32,
        reporter_name: reporter_name?,
        supervisors: supervisors?,
        director_name,
        contact_email,
        generated: false,
    });
    head.case(Subject::Facility(number), body, stamp)
}

/// `DATE:AMOUNT`, the amount in yen (digits, commas allowed).
fn disbursement(item: &str) -> Result<Disbursement, (&'static str, Problem)> {
    let bad = || ("disbursements", malformed(item, "YYYY-MM-DD:AMOUNT"));
    let (date, amount) = item.split_once(':').ok_or_else(bad)?;
    let date = parse_rule_date(date).map_err(|_| item_date("disbursements date", date))?;
    let digits: String = amount.trim().chars().filter(|c| *c != ',').collect();
    let amount: i64 = digits.parse().map_err(|_| bad())?;
    if !(1..=1_000_000_000).contains(&amount) {
        return Err((
            "disbursements amount",
            Problem::YenRange {
                min: 1,
                max: 1_000_000_000,
                got: amount,
            },
        ));
    }
    Ok(Disbursement { date, amount })
}

/// The most years of service an earlier loan asks for.
pub const MAX_PRIOR_YEARS: i64 = 15;

/// `KIND:YEARS:END`, an earlier loan's obligation (`shugaku:9:2031-03-31`):
/// its kind (`shugaku`, `rinsho`, or 医師修学資金, 臨床研修医研修資金), the
/// years of service it asks for and the day that service ends or ended.
fn prior_obligation(item: &str) -> Result<PriorObligation, (&'static str, Problem)> {
    let bad = || {
        (
            "prior_obligations",
            malformed(item, "KIND:YEARS:YYYY-MM-DD"),
        )
    };
    let mut parts = item.splitn(3, ':');
    let (Some(kind), Some(years), Some(end)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let kind = PriorLoanKind::parse(kind.trim()).ok_or_else(|| {
        (
            "prior_obligations kind",
            Problem::Choice {
                value: kept(kind.trim()),
                choices: PriorLoanKind::ALL
                    .iter()
                    .map(|k| k.id().to_string())
                    .collect(),
            },
        )
    })?;
    let years: i64 = years.trim().parse().map_err(|_| bad())?;
    if !(1..=MAX_PRIOR_YEARS).contains(&years) {
        return Err((
            "prior_obligations years",
            Problem::Range {
                min: 1,
                max: MAX_PRIOR_YEARS,
                got: years,
            },
        ));
    }
    let end = parse_rule_date(end).map_err(|_| item_date("prior_obligations end", end))?;
    Ok(PriorObligation {
        kind,
        // Range-checked above.
        years: years as u8,
        end,
    })
}

fn loan(f: &mut Fields) -> Option<Loan> {
    let loan_id = f.req_id("loan_id");
    let registration_number = f.req_regno("registration_number");
    let first_fiscal_year = f.req_int("first_fiscal_year", 2000, 2100);
    let years_approved = f.req_int("years_approved", 1, 4);
    let items = f.list("disbursements", true);
    let annual_amount = f
        .opt_int("annual_amount", 1, 1_000_000_000)
        .unwrap_or(DEFAULT_ANNUAL_AMOUNT);
    let mut disbursements = Vec::new();
    for item in items.iter().flatten() {
        match disbursement(item) {
            Ok(d) => disbursements.push(d),
            Err((field, e)) => f.reason(field, e),
        }
    }
    disbursements.sort_by_key(|d| d.date);
    let prior = f.list("prior_obligations", false);
    let mut prior_obligations = Vec::new();
    for item in prior.iter().flatten() {
        match prior_obligation(item) {
            Ok(o) => prior_obligations.push(o),
            Err((field, e)) => f.reason(field, e),
        }
    }
    prior_obligations.sort_by_key(|o| (o.end, o.kind));
    items?;
    prior?;
    Some(Loan {
        loan_id: loan_id?,
        registration_number: registration_number?,
        // Both were range-checked above.
        first_fiscal_year: first_fiscal_year? as i32,
        years_approved: years_approved? as u8,
        annual_amount,
        disbursements,
        events: Vec::new(),
        prior_obligations,
    })
}

/// A cancellation's reason (ア–キ, or a–g) or a waiver's (死亡, 疾病, 災害,
/// その他, or in English), as the note's first word; refused on other events.
fn loan_event_reason(f: &mut Fields, event: Option<LoanEventKind>) -> Option<&'static str> {
    use crate::domain::loan::cancellation::CancellationReason as C;
    match event {
        Some(LoanEventKind::Cancellation) => {
            let mut choices: Vec<(&str, C)> = Vec::new();
            for (r, (letter, id)) in C::ALL.into_iter().zip([
                ("ア", "a"),
                ("イ", "b"),
                ("ウ", "c"),
                ("エ", "d"),
                ("オ", "e"),
                ("カ", "f"),
                ("キ", "g"),
            ]) {
                choices.extend([(letter, r), (id, r)]);
            }
            f.opt_choice("reason", &choices)
                .map(|r| ["ア", "イ", "ウ", "エ", "オ", "カ", "キ"][r as usize])
        }
        Some(LoanEventKind::Waiver) => f.opt_choice(
            "reason",
            &[
                ("死亡", "死亡"),
                ("疾病", "疾病"),
                ("災害", "災害"),
                ("その他", "その他"),
                ("death", "死亡"),
                ("illness", "疾病"),
                ("disaster", "災害"),
                ("other", "その他"),
            ],
        ),
        Some(other) if f.text_present("reason") => {
            f.reason(
                "reason",
                Problem::ReasonNotForEvent {
                    event: other.id().to_string(),
                },
            );
            None
        }
        _ => None,
    }
}

fn loan_event(f: &mut Fields) -> Option<Record> {
    let kinds: Vec<(&str, LoanEventKind)> =
        LoanEventKind::ALL.iter().map(|k| (k.id(), *k)).collect();
    let loan_id = f.req_id("loan_id");
    let event = f.req_choice("event", &kinds);
    let date = f.req_date("date").and_then(|d| f.in_rule_years("date", d));
    let end_date = f
        .opt_date("end_date")
        .and_then(|d| f.in_rule_years("end_date", d));
    let notified_at = f
        .opt_day("notified_at")
        .and_then(|d| f.in_rule_years("notified_at", d));
    let working_days = f.opt_int("working_days", 0, 366);
    let facility_number = f.opt_facility("facility_number");
    let note = f.opt_text("note", MAX_TEXT_CHARS);
    let amount = f.opt_int("amount", 1, 10_000_000_000);
    let reason = loan_event_reason(f, event);
    // The reason leads the note, where the form writes it and the rules read it.
    let note = match (reason, note) {
        (Some(r), Some(n)) => Some(format!("{r} {n}")),
        (Some(r), None) => Some(r.to_string()),
        (None, n) => n,
    };
    if let (Some(d), Some(e)) = (date, end_date) {
        if e < d {
            f.reason("end_date", Problem::EndBeforeDate { date: d, end: e });
        }
    }
    match event {
        Some(LoanEventKind::Payment) if amount.is_none() => {
            f.reason("amount", Problem::PaymentNeedsAmount);
        }
        Some(LoanEventKind::Payment | LoanEventKind::Waiver) | None => {}
        Some(other) if amount.is_some() => f.reason(
            "amount",
            Problem::AmountNotForEvent {
                event: other.id().to_string(),
            },
        ),
        _ => {}
    }
    if let Some(k @ (LoanEventKind::RepaymentNotice | LoanEventKind::Deferral)) = event {
        if end_date.is_none() {
            f.reason(
                "end_date",
                Problem::NeedsEndDate {
                    event: k.id().to_string(),
                },
            );
        }
    }
    Some(Record::LoanEvent {
        loan_id: loan_id?,
        event: LoanEvent {
            event: event?,
            date: date?,
            end_date,
            notified_at,
            // Range-checked above.
            working_days: working_days.map(|n| n as u32),
            facility_number,
            note,
            amount,
        },
    })
}
