//! Evaluates every rule that applies to a case, from the data the desk gathered.

use super::calendar::Calendar;
use super::case::{Case, CaseBody};
use super::config::RulesConfig;
use super::facility_report::{self, NamedSupervisor};
use super::flags::{Check, Flag};
use super::model::{Facility, Loan, Person};
use super::{loan, transfer, withdrawal};
use chrono::NaiveDate;

/// What the rules of a case need to know besides the case itself.
#[derive(Debug, Clone, Default)]
pub struct RuleContext {
    pub person: Option<Person>,
    /// Other registration numbers with the same name and birth date (二重登録).
    pub duplicates: Vec<String>,
    pub facility: Option<Facility>,
    pub supervisors: Vec<NamedSupervisor>,
    pub loan: Option<Loan>,
}

/// Every check of a case as of `today`.
pub fn evaluate(case: &Case, ctx: &RuleContext, cfg: &RulesConfig, today: NaiveDate) -> Vec<Check> {
    let mut out = Vec::new();
    let person_case = !matches!(case.body, CaseBody::FacilityReport(_));
    if person_case {
        match &ctx.person {
            None => out.push(Check::raised(Flag::UnknownPerson, case.subject.key())),
            Some(_) if !ctx.duplicates.is_empty() => out.push(Check::raised(
                Flag::DuplicatePerson,
                ctx.duplicates.join(", "),
            )),
            Some(_) => {}
        }
    }
    match &case.body {
        CaseBody::Withdrawal(w) => out.extend(withdrawal::checks(
            w,
            case.state,
            &case.received_at,
            cfg,
            today,
        )),
        CaseBody::Transfer(t) => out.extend(transfer::checks(t, case.state, cfg, today)),
        CaseBody::FacilityReport(r) => out.extend(facility_report::checks(
            r,
            case.state,
            ctx.facility.as_ref(),
            &ctx.supervisors,
            &case.received_at,
            cfg,
        )),
        CaseBody::LoanFollowup(f) => out.extend(loan::checks(f, ctx.loan.as_ref(), cfg, today)),
    }
    out
}

/// When a case's next step is due, from its body and state.
pub fn due(case: &Case, cfg: &RulesConfig, cal: &Calendar) -> Option<NaiveDate> {
    if !case.state.is_open() {
        return None;
    }
    match &case.body {
        CaseBody::Withdrawal(w) => withdrawal::due(w, case.state, &case.received_at, cfg, cal),
        CaseBody::Transfer(t) => transfer::due(t, case.state, &case.received_at, cfg, cal),
        CaseBody::FacilityReport(r) => {
            facility_report::due(r, case.state, &case.received_at, cfg, cal)
        }
        CaseBody::LoanFollowup(f) => Some(f.due),
    }
}
