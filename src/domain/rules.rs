//! Evaluates every rule that applies to a case, from the data the desk gathered.

use super::calendar::Calendar;
use super::case::{Case, CaseBody};
use super::config::RulesConfig;
use super::facility_report::{self, NamedSupervisor};
use super::flags::{Check, CheckDetail, Flag};
use super::ids::FacilityNumber;
use super::model::{Facility, Loan, Person};
use super::{completion, loan, transfer, withdrawal};
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
    /// Which of the loan's workplaces are designated (loan follow-ups).
    pub workplaces: loan::Workplaces,
}

/// Every check of a case as of `today`.
pub fn evaluate(
    case: &Case,
    ctx: &RuleContext,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<Check> {
    let mut out = Vec::new();
    let person_case = !matches!(case.body, CaseBody::FacilityReport(_));
    if person_case {
        match &ctx.person {
            None => out.push(Check::raised(
                Flag::UnknownPerson,
                CheckDetail::UnknownPerson {
                    registration_number: case.subject.key().to_string(),
                },
            )),
            Some(_) if !ctx.duplicates.is_empty() => out.push(Check::raised(
                Flag::DuplicatePerson,
                CheckDetail::Duplicates {
                    registration_numbers: ctx.duplicates.clone(),
                },
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
        CaseBody::LoanFollowup(f) => out.extend(loan::checks(
            f,
            ctx.loan.as_ref(),
            &ctx.workplaces,
            cfg,
            cal,
            today,
        )),
        CaseBody::CompletionApplication(a) => out.extend(completion::checks(a, case.state)),
    }
    out
}

/// The facility a case concerns, for its area fields (prefecture, medical
/// area, priority area): a facility report's own; for a loan follow-up the
/// borrower's latest workplace; for a transfer the facility chosen, when it
/// is given by number. The caller looks it up.
pub fn facility_of(case: &Case, loan: Option<&Loan>) -> Option<FacilityNumber> {
    match &case.body {
        CaseBody::FacilityReport(r) => Some(r.facility_number.clone()),
        CaseBody::LoanFollowup(_) => {
            loan.and_then(|l| loan::current_workplace(l, NaiveDate::MAX).cloned())
        }
        CaseBody::Transfer(t) => t
            .facility
            .as_deref()
            .and_then(|f| FacilityNumber::parse(f.trim()).ok()),
        CaseBody::Withdrawal(_) | CaseBody::CompletionApplication(_) => None,
    }
}

/// What an export carries about a case besides its own fields: the area of
/// its facility, and a repayment's late-payment interest as of `today`; for
/// a person's reading, the names its ids stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub prefecture: Option<String>,
    pub medical_area: Option<String>,
    pub priority_area: Option<bool>,
    pub late_interest: Option<i64>,
    /// The name of the case's facility, when the registry knows it.
    pub facility_name: Option<String>,
    /// A facility report's supervisors by name, in the order of their
    /// certificate numbers; a number the registry does not know stays a number.
    pub supervisor_names: Vec<String>,
}

/// The export facts of a case as of `today`.
pub fn facts(
    case: &Case,
    ctx: &RuleContext,
    cfg: &RulesConfig,
    cal: &Calendar,
    today: NaiveDate,
) -> CaseFacts {
    let mut out = CaseFacts::default();
    if let Some(f) = &ctx.facility {
        out.prefecture = Some(f.prefecture.clone());
        out.medical_area = f.medical_area.clone();
        out.priority_area = Some(f.priority_area);
        out.facility_name = Some(f.name.clone());
    }
    out.supervisor_names = ctx
        .supervisors
        .iter()
        .map(|s| {
            s.physician
                .as_ref()
                .map_or_else(|| s.cert_number.clone(), |p| p.name.clone())
        })
        .collect();
    if let (CaseBody::LoanFollowup(f), Some(l)) = (&case.body, &ctx.loan) {
        if f.topic == Flag::RepaymentDue.id() {
            out.late_interest = loan::late_interest(l, &ctx.workplaces, cfg, cal, today);
        }
    }
    out
}

/// The help-desk checks of a person: training periods (fiscal-year crossings
/// with the split, gaps, overlaps).
pub fn person_checks(person: &Person) -> Vec<Check> {
    super::training::checks(&person.training_periods)
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
        CaseBody::CompletionApplication(_) => {
            completion::due(case.state, &case.received_at, cfg, cal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{State, sample_withdrawal};
    use crate::domain::model::sample_facility;
    use crate::domain::time::{at, ymd};

    fn case() -> Case {
        sample_withdrawal(at(ymd(2025, 4, 10), 9, 0))
    }

    #[test]
    fn facts_carry_the_facility_area_and_withdrawals_have_none() {
        let cfg = RulesConfig::default();
        let c = case();
        assert_eq!(facility_of(&c, None), None);
        let ctx = RuleContext {
            facility: Some(sample_facility(
                "04-0001",
                "石巻赤十字病院",
                "石巻・登米・気仙沼医療圏",
            )),
            ..RuleContext::default()
        };
        let f = facts(&c, &ctx, &cfg, &Calendar::new(&cfg), ymd(2025, 4, 18));
        assert_eq!(f.prefecture.as_deref(), Some("宮城県"));
        assert_eq!(f.medical_area.as_deref(), Some("石巻・登米・気仙沼医療圏"));
        assert_eq!((f.priority_area, f.late_interest), (Some(true), None));
    }

    #[test]
    fn evaluate_and_due_dispatch_to_the_queue_rules() {
        let cfg = RulesConfig::default();
        let c = case();
        let flags = crate::domain::flags::raised_flags(&evaluate(
            &c,
            &RuleContext::default(),
            &cfg,
            &Calendar::new(&cfg),
            ymd(2025, 4, 18),
        ));
        assert_eq!(flags, vec![Flag::DirectorUnanswered, Flag::UnknownPerson]);
        assert_eq!(due(&c, &cfg, &Calendar::new(&cfg)), Some(ymd(2025, 4, 17)));
        let mut done = c;
        done.state = State::Completed;
        assert_eq!(due(&done, &cfg, &Calendar::new(&cfg)), None);
    }
}
