//! Queries: counts, pages, case detail, help-desk lookup.

use super::{CaseKey, Desk, DeskError, Result};
use crate::domain::facility_report::NamedSupervisor;
use crate::domain::refusal::Refusal;
use crate::domain::rules::{self, RuleContext};
use crate::domain::{
    Case, CaseBody, Check, Facility, Flag, Loan, OutboxMessage, Person, PriorObligation, Queue,
    RegistrationNumber, State, Subject, Timestamp, flags, loan, training,
};
use crate::store::due_days;
use crate::store::{PageSpec, SortKey};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Open and overdue cases of a queue (the tab bar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    pub queue: Queue,
    pub open: u64,
    pub overdue: u64,
    pub by_state: Vec<(State, u64)>,
}

/// Which page of which queue to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageQuery {
    pub queue: Queue,
    /// Words typed in the filter (name, kana, ref, registration or facility number).
    pub text: String,
    pub overdue_only: bool,
    pub include_closed: bool,
    pub state: Option<State>,
    pub sort: SortKey,
    /// The sort's order reversed (`S`).
    #[serde(default)]
    pub reverse: bool,
    pub offset: usize,
    pub limit: usize,
}

impl PageQuery {
    pub fn new(queue: Queue) -> Self {
        PageQuery {
            queue,
            text: String::new(),
            overdue_only: false,
            include_closed: false,
            state: None,
            sort: SortKey::Due,
            reverse: false,
            offset: 0,
            limit: 50,
        }
    }
}

/// One line of a queue's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    pub key: CaseKey,
    pub state: State,
    pub subject: Subject,
    pub name: String,
    pub kana: Option<String>,
    pub received_at: Timestamp,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub assignee: Option<String>,
    pub revision: u64,
    pub flags: Vec<Flag>,
}

/// A page of rows and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub rows: Vec<CaseRow>,
    pub total: u64,
    pub offset: usize,
}

/// Everything the detail pane shows about a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub case: Case,
    pub checks: Vec<Check>,
    pub overdue: bool,
    pub person: Option<Person>,
    pub facility: Option<Facility>,
    pub loan: Option<Loan>,
    /// The loan ledger, row by row (loan follow-ups).
    pub ledger: Vec<loan::LedgerRow>,
    /// What the program computes for a loan follow-up as of today, step by
    /// step (derived from the loan, not stored).
    #[serde(default)]
    pub computation: Vec<loan::LedgerRow>,
    pub notifications: Vec<OutboxMessage>,
    /// The delivery over SMTP of each notification handed to the relay.
    #[serde(default)]
    pub deliveries: Vec<crate::domain::Delivery>,
    /// The names of a facility report's supervisors the registry knows, by
    /// certificate number.
    #[serde(default)]
    pub supervisor_names: std::collections::BTreeMap<String, String>,
    /// The documents made of the case (文書番号, date), by kind.
    #[serde(default)]
    pub documents: Vec<crate::domain::document::Issued>,
    /// The organisations the case belongs to, by name, with their sides.
    #[serde(default)]
    pub orgs: Vec<OrgShown>,
}

/// An organisation of a case as a screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgShown {
    pub id: crate::domain::org::OrgId,
    pub name: String,
    pub side: crate::domain::org::Side,
    /// A part of a category change that has approved it.
    pub approved: bool,
}

/// What help desk sees for a registration number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lookup {
    pub registration_number: String,
    pub person: Option<Person>,
    /// People with the same name and birth date under other numbers (二重登録).
    pub duplicates: Vec<Person>,
    pub cases: Vec<CaseRow>,
    pub loans: Vec<Loan>,
    /// Training-period checks, with the suggested splits in their details.
    pub training: Vec<Check>,
    /// The names of the facilities the training periods name, by number.
    #[serde(default)]
    pub facility_names: std::collections::BTreeMap<String, String>,
    /// Where each loan stands as of the day asked, in the order of `loans`
    /// (empty from an older peer).
    #[serde(default)]
    pub loan_standing: Vec<LoanStanding>,
    /// A lookup by name and birth date that found several people: each of
    /// them, to tell apart (the rest of the answer is empty). Absent from
    /// the JSON of a lookup by number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<Person>,
    /// The person's enquiries (問い合わせ記録), newest first.
    #[serde(default)]
    pub enquiries: Vec<crate::domain::enquiry::Enquiry>,
    /// The number asked for, when it was a duplicate linked to this person
    /// (二重登録): the answer is the person kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
    /// How many of the person's cases other organisations hold (counted,
    /// never shown: 他の団体の案件 N件). Absent from the JSON when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub elsewhere: u64,
}

impl Lookup {
    /// The answer to a name that several people have.
    pub fn matching(people: Vec<Person>) -> Lookup {
        Lookup {
            registration_number: String::new(),
            person: None,
            duplicates: Vec::new(),
            cases: Vec::new(),
            loans: Vec::new(),
            training: Vec::new(),
            facility_names: Default::default(),
            loan_standing: Vec::new(),
            enquiries: Vec::new(),
            linked_from: None,
            matches: people,
            elsewhere: 0,
        }
    }
}

/// Where one loan stands, for the help desk to answer without opening a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanStanding {
    pub loan_id: String,
    /// Service months counted toward exemption, and the months required.
    pub service_months: i64,
    pub required_months: i64,
    /// The day exemption was or will be reached, if service goes on.
    pub exemption_date: Option<NaiveDate>,
    /// When repayment is due: the amount (after waivers) and what is still owed.
    pub amount_due: Option<i64>,
    pub outstanding: Option<i64>,
    /// The borrower's prior obligation that ends last: service counts from
    /// the month after it (stacked loans, seed 004).
    #[serde(default)]
    pub counted_after: Option<PriorObligation>,
}

fn is_overdue(case: &Case, today: NaiveDate) -> bool {
    case.state.is_open() && case.due.is_some_and(|d| today > d)
}

impl Desk {
    /// Open and overdue counts of every queue, of every case.
    pub fn counts(&self, today: NaiveDate) -> Result<Vec<QueueCounts>> {
        self.counts_in(today, None)
    }

    /// Open and overdue counts of every queue, of the cases `actor` sees.
    pub fn counts_for(&self, actor: &super::Actor, today: NaiveDate) -> Result<Vec<QueueCounts>> {
        let scope = self.scope(actor);
        self.counts_in(today, scope.mask.as_ref())
    }

    fn counts_in(
        &self,
        today: NaiveDate,
        within: Option<&crate::store::OrgMask>,
    ) -> Result<Vec<QueueCounts>> {
        let today_days = due_days(Some(today));
        Queue::ALL
            .into_iter()
            .map(|queue| {
                let c = self.store.counts(queue, today_days, within)?;
                Ok(QueueCounts {
                    queue,
                    open: c.open,
                    overdue: c.overdue,
                    by_state: c.by_state,
                })
            })
            .collect()
    }

    /// One page of a queue (the text is the filter language; `assignee:me`
    /// names nobody here: requests use [`Desk::page_as`]).
    pub fn page(&self, q: &PageQuery, today: NaiveDate) -> Result<Page> {
        self.page_as(q, today, "")
    }

    /// One page read from the indexes alone.
    pub(crate) fn indexed_page(
        &self,
        spec: &PageSpec,
        offset: usize,
        today: NaiveDate,
    ) -> Result<Page> {
        let raw = self.store.page(spec)?;
        let mut rows = Vec::with_capacity(raw.ids.len());
        for id in raw.ids {
            if let Some(case) = self.store.case(id)? {
                rows.push(self.row(&case, today)?);
            }
        }
        Ok(Page {
            rows,
            total: raw.total,
            offset,
        })
    }

    pub(crate) fn row(&self, case: &Case, today: NaiveDate) -> Result<CaseRow> {
        self.row_with(case, today, None)
    }

    /// A row, reusing what is already known of the subject (help desk's lookup
    /// shows many cases of one person).
    fn row_with(
        &self,
        case: &Case,
        today: NaiveDate,
        subject: Option<&RuleContext>,
    ) -> Result<CaseRow> {
        let ctx = self.context_with(case, subject)?;
        let checks = rules::evaluate(case, &ctx, &self.rules, &self.calendar, today);
        Ok(CaseRow {
            key: CaseKey::new(case.queue, case.reference.clone()),
            state: case.state,
            subject: case.subject.clone(),
            name: case.subject_name.clone(),
            kana: case.subject_kana.clone(),
            received_at: case.received_at,
            due: case.due,
            overdue: is_overdue(case, today),
            assignee: case.assignee.clone(),
            revision: case.revision,
            flags: flags::raised_flags(&checks),
        })
    }

    /// What the rules need to know about a case's subject.
    pub(crate) fn context(&self, case: &Case) -> Result<RuleContext> {
        self.context_with(case, None)
    }

    fn context_with(&self, case: &Case, subject: Option<&RuleContext>) -> Result<RuleContext> {
        let mut ctx = RuleContext::default();
        match (&case.subject, subject) {
            (Subject::Person(_), Some(known)) => {
                ctx.person = known.person.clone();
                ctx.duplicates = known.duplicates.clone();
            }
            (Subject::Person(r), None) => {
                if let Some(p) = self.store.person(r.as_str())? {
                    ctx.duplicates = self
                        .store
                        .same_identity(&p.name, p.birth_date)?
                        .into_iter()
                        .filter(|other| other != r.as_str())
                        .collect();
                    ctx.person = Some(p);
                }
            }
            (Subject::Facility(f), _) => ctx.facility = self.store.facility(f.as_str())?,
        }
        match &case.body {
            CaseBody::FacilityReport(r) => {
                for cert in &r.supervisors {
                    ctx.supervisors.push(NamedSupervisor {
                        cert_number: cert.clone(),
                        physician: self.store.physician(cert)?,
                    });
                }
            }
            CaseBody::LoanFollowup(f) => {
                ctx.loan = self.store.loan(&f.loan_id)?;
                if let Some(l) = &ctx.loan {
                    ctx.workplaces = self.workplaces(l)?;
                }
            }
            _ => {}
        }
        if ctx.facility.is_none() {
            if let Some(n) = rules::facility_of(case, ctx.loan.as_ref()) {
                ctx.facility = self.store.facility(n.as_str())?;
            }
        }
        Ok(ctx)
    }

    /// Which of a loan's workplaces are designated, from the facility registry.
    pub(crate) fn workplaces(&self, l: &crate::domain::Loan) -> Result<loan::Workplaces> {
        let mut found = Vec::new();
        for n in loan::workplace_numbers(l) {
            if let Some(f) = self.store.facility(n.as_str())? {
                found.push(f);
            }
        }
        Ok(loan::Workplaces::from_facilities(&found))
    }

    pub(crate) fn load(&self, key: &CaseKey) -> Result<(u64, Case)> {
        let id = self
            .store
            .case_id(key.queue, &key.reference)?
            .ok_or_else(|| no_such_case(key))?;
        let case = self.store.case(id)?.ok_or_else(|| no_such_case(key))?;
        Ok((id, case))
    }

    /// Everything about a case `actor` may see (one they may not is not found).
    pub fn detail_for(
        &self,
        actor: &super::Actor,
        key: &CaseKey,
        today: NaiveDate,
    ) -> Result<CaseDetail> {
        self.load_seen(actor, key)?;
        self.detail(key, today)
    }

    /// The organisations of case `id` with their names and sides.
    pub(crate) fn orgs_shown(&self, id: u64, case: &Case) -> Result<Vec<OrgShown>> {
        let names = self.store.orgs()?;
        let approved = crate::domain::org::approved_parts(case);
        Ok(self
            .case_orgs(id)
            .into_iter()
            .map(|o| OrgShown {
                name: names
                    .get(&o.org)
                    .map(|n| n.name.clone())
                    .unwrap_or_else(|| o.org.to_string()),
                approved: o.side == crate::domain::org::Side::Part && approved.contains(&o.org),
                id: o.org,
                side: o.side,
            })
            .collect())
    }

    /// Everything about one case, with its rule checks as of `today`.
    pub fn detail(&self, key: &CaseKey, today: NaiveDate) -> Result<CaseDetail> {
        let (id, case) = self.load(key)?;
        let orgs = self.orgs_shown(id, &case)?;
        let ctx = self.context(&case)?;
        let checks = rules::evaluate(&case, &ctx, &self.rules, &self.calendar, today);
        let ledger = match &ctx.loan {
            Some(l) => loan::ledger_rows(l, &ctx.workplaces, &self.rules, &self.calendar, today),
            None => Vec::new(),
        };
        let computation = match (&case.body, &ctx.loan) {
            (CaseBody::LoanFollowup(f), Some(l)) => {
                loan::computation(f, l, &ctx.workplaces, &self.rules, &self.calendar, today)
            }
            _ => Vec::new(),
        };
        let mut notifications = Vec::new();
        let mut deliveries = Vec::new();
        for id in case.history.iter().filter_map(|d| d.notification) {
            if let Some(m) = self.store.outbox_message(id)? {
                notifications.push(m);
            }
            deliveries.extend(self.store.delivery(id)?);
        }
        let supervisor_names = ctx
            .supervisors
            .iter()
            .filter_map(|s| Some((s.cert_number.clone(), s.physician.as_ref()?.name.clone())))
            .collect();
        let mut documents = Vec::new();
        for kind in crate::domain::document::DocumentKind::ALL {
            documents.extend(
                self.store
                    .issued_document(kind, key.queue, &key.reference)?,
            );
        }
        Ok(CaseDetail {
            orgs,
            documents,
            supervisor_names,
            overdue: is_overdue(&case, today),
            checks,
            person: ctx.person,
            facility: ctx.facility,
            loan: ctx.loan,
            ledger,
            computation,
            notifications,
            deliveries,
            case,
        })
    }

    /// Help desk: a person by registration number (full-width digits
    /// accepted), or by name and birth date (`池田 H2.4.1`): one match is
    /// looked up, several are listed in `matches` to tell apart.
    pub fn lookup(&self, input: &str, today: NaiveDate) -> Result<Lookup> {
        self.lookup_in(input, today, None)
    }

    /// [`Desk::lookup`] for `actor`: the person, and only the cases their
    /// organisations hold; the others counted in `elsewhere`, not shown.
    pub fn lookup_for(
        &self,
        actor: &super::Actor,
        input: &str,
        today: NaiveDate,
    ) -> Result<Lookup> {
        self.lookup_in(input, today, Some(actor))
    }

    fn lookup_in(
        &self,
        input: &str,
        today: NaiveDate,
        who: Option<&super::Actor>,
    ) -> Result<Lookup> {
        if !super::is_number(input) {
            let mut found = self.find_callers(input)?;
            if found.len() > 1 {
                return Ok(Lookup::matching(found));
            }
            if let Some(p) = found.pop() {
                return self.lookup_in(p.registration_number.as_str(), today, who);
            }
        }
        let regno = RegistrationNumber::parse_spoken(input).map_err(|_| {
            DeskError::Refused(Refusal::BadRegistrationNumber {
                input: input.to_string(),
            })
        })?;
        let person = self.store.person(regno.as_str())?;
        if person.is_none() {
            if let Some(keep) = self.linked_to(regno.as_str())? {
                let mut kept = self.lookup_in(&keep, today, who)?;
                kept.linked_from = Some(regno.to_string());
                return Ok(kept);
            }
        }
        let mut duplicates = Vec::new();
        if let Some(p) = &person {
            for other in self.store.same_identity(&p.name, p.birth_date)? {
                if other != regno.as_str() {
                    if let Some(d) = self.store.person(&other)? {
                        duplicates.push(d);
                    }
                }
            }
        }
        let known = RuleContext {
            person: person.clone(),
            duplicates: duplicates
                .iter()
                .map(|d| d.registration_number.to_string())
                .collect(),
            ..RuleContext::default()
        };
        let mut cases = Vec::new();
        let mut elsewhere = 0u64;
        for id in self.store.cases_of(&Subject::Person(regno.clone()))? {
            if who.is_some_and(|a| !a.sees(&self.case_orgs(id))) {
                elsewhere += 1;
                continue;
            }
            if let Some(c) = self.store.case(id)? {
                cases.push(self.row_with(&c, today, Some(&known))?);
            }
        }
        cases.sort_by(|a, b| {
            (!a.state.is_open(), a.due, &a.key.reference).cmp(&(
                !b.state.is_open(),
                b.due,
                &b.key.reference,
            ))
        });
        let mut loans = Vec::new();
        let loans_seen = match who {
            Some(a) => self.sees_loans(a)?,
            None => true,
        };
        for id in self
            .store
            .loans_of(regno.as_str())?
            .into_iter()
            .filter(|_| loans_seen)
        {
            if let Some(l) = self.store.loan(&id)? {
                loans.push(l);
            }
        }
        let training = person
            .as_ref()
            .map(|p| training::checks(&p.training_periods))
            .unwrap_or_default();
        let mut facility_names = std::collections::BTreeMap::new();
        for t in person.iter().flat_map(|p| &p.training_periods) {
            let number = t.facility.as_str();
            if !facility_names.contains_key(number) {
                if let Some(f) = self.store.facility(number)? {
                    facility_names.insert(number.to_string(), f.name);
                }
            }
        }
        let mut loan_standing = Vec::with_capacity(loans.len());
        for l in &loans {
            loan_standing.push(self.loan_standing(l, today)?);
        }
        if person.is_none() && cases.is_empty() && loans.is_empty() && elsewhere == 0 {
            return Err(DeskError::Refused(Refusal::NoSuchPerson {
                number: regno.to_string(),
            }));
        }
        Ok(Lookup {
            registration_number: regno.to_string(),
            person,
            duplicates,
            cases,
            loans,
            training,
            facility_names,
            loan_standing,
            enquiries: self.enquiries_of(regno.as_str())?,
            linked_from: None,
            matches: Vec::new(),
            elsewhere,
        })
    }

    /// Whether `actor` sees loans: they reach a loan office, or the store's
    /// one office holds everything.
    fn sees_loans(&self, actor: &super::Actor) -> Result<bool> {
        let orgs = self.store.orgs()?;
        Ok(actor.reach.keys().any(|id| {
            orgs.get(id).is_some_and(|o| {
                matches!(
                    o.kind,
                    crate::domain::org::OrgKind::LoanOffice | crate::domain::org::OrgKind::Office
                )
            })
        }))
    }

    /// A loan's service, exemption and repayment as of `today`, by the
    /// same rules that generate its follow-ups.
    fn loan_standing(&self, l: &Loan, today: NaiveDate) -> Result<LoanStanding> {
        let w = self.workplaces(l)?;
        let owed = loan::repayment(l, &w, &self.rules, today)
            .map(|r| loan::settle(l, r.total, &self.rules, &self.calendar, today));
        Ok(LoanStanding {
            loan_id: l.loan_id.clone(),
            service_months: loan::service_months(l, &w, &self.rules, today),
            required_months: loan::required_months(l, &self.rules, today),
            exemption_date: loan::exemption_date(l, &w, &self.rules, today),
            amount_due: owed.as_ref().map(|s| s.amount_due),
            outstanding: owed.as_ref().map(|s| s.outstanding),
            counted_after: l.latest_obligation(),
        })
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn no_such_case(key: &CaseKey) -> DeskError {
    DeskError::Refused(Refusal::NoSuchCase {
        key: key.to_string(),
    })
}
