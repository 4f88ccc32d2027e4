//! Documents the office sends on paper (納入通知書, 督促状, 差し戻し通知,
//! 認定返上届の提出依頼, 貸与決定通知): which kinds there are, the number an
//! office gives each (文書番号, a counter per fiscal year), and the figures a
//! letter carries, taken from the same rules that flag the case (the loan's
//! repayment and settlement, the case's history and checks). Words are the
//! template's, at the edge (`crate::document`).

use super::Timestamp;
use super::calendar::Calendar;
use super::case::{Case, CaseBody, DecisionKind, Queue, State};
use super::config::RulesConfig;
use super::flags::Flag;
use super::loan::repayment::{InterestLine, Trigger};
use super::loan::settlement::LateLine;
use super::loan::waiver::WaiverReason;
use super::loan::{repayment, settle};
use super::model::{Disbursement, LoanEventKind};
use super::rules::{self, RuleContext};
use super::time::{add_days, jst_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A kind of letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 納入通知書: the repayment owed, with its interest per disbursement.
    PaymentNotice,
    /// 督促状: a repayment not paid by its deadline, with late interest.
    Reminder,
    /// 差し戻し通知: a returned case and the reason.
    ReturnLetter,
    /// 認定返上届の提出依頼: a facility without a valid supervisor.
    CertificationReturnRequest,
    /// 貸与決定通知: the loan as decided.
    LoanDecision,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::PaymentNotice,
        DocumentKind::Reminder,
        DocumentKind::ReturnLetter,
        DocumentKind::CertificationReturnRequest,
        DocumentKind::LoanDecision,
    ];

    /// The id the command line, the configuration and the audit use.
    pub fn id(self) -> &'static str {
        match self {
            DocumentKind::PaymentNotice => "payment_notice",
            DocumentKind::Reminder => "reminder",
            DocumentKind::ReturnLetter => "return_letter",
            DocumentKind::CertificationReturnRequest => "certification_return_request",
            DocumentKind::LoanDecision => "loan_decision",
        }
    }

    /// The name the office gives it (also accepted where a kind is typed).
    pub fn office_name(self) -> &'static str {
        match self {
            DocumentKind::PaymentNotice => "納入通知書",
            DocumentKind::Reminder => "督促状",
            DocumentKind::ReturnLetter => "差し戻し通知",
            DocumentKind::CertificationReturnRequest => "認定返上届の提出依頼",
            DocumentKind::LoanDecision => "貸与決定通知",
        }
    }

    /// A kind from its id (`-` for `_` too) or its office name.
    pub fn parse(s: &str) -> Option<DocumentKind> {
        let t = s.trim();
        let id = t.replace('-', "_").to_ascii_lowercase();
        DocumentKind::ALL.into_iter().find(|k| {
            k.id() == id
                || k.office_name() == t
                || match k {
                    DocumentKind::ReturnLetter => matches!(t, "差戻し通知" | "差戻通知"),
                    DocumentKind::CertificationReturnRequest => {
                        matches!(t, "返上依頼" | "認定返上依頼" | "返上届提出依頼")
                    }
                    DocumentKind::LoanDecision => matches!(t, "貸与決定通知書" | "貸与決定"),
                    _ => false,
                }
        })
    }
}

/// 文書番号: the `seq`-th document the office gave in `fiscal_year`; the
/// configured prefix makes `医政第12号` of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNumber {
    pub fiscal_year: i32,
    pub seq: u64,
}

/// A document as the store recorded it when it was first given its number:
/// producing it again gives the same number, date and deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub kind: DocumentKind,
    pub queue: Queue,
    pub reference: String,
    pub number: DocumentNumber,
    /// The letter's date (the day it was first produced).
    pub date: NaiveDate,
    /// The payment deadline it gave (納期限), for the letters that set one.
    pub deadline: Option<NaiveDate>,
    pub by: String,
    pub at: Timestamp,
    /// Produced before: this is a copy with the first one's number.
    #[serde(default)]
    pub again: bool,
}

/// Why a document cannot be made for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum DocumentProblem {
    /// The kind is about another queue (a payment notice of a transfer).
    WrongQueue { kind: DocumentKind, queue: Queue },
    /// No repayment is owed on the case's loan (as of the letter's date).
    NoRepayment { loan_id: String },
    /// The repayment is not overdue: a reminder has nothing to remind of.
    NotOverdue { loan_id: String },
    /// The loan, person or facility the letter names is not in the store.
    Missing { what: String, key: String },
    /// A return letter of a case that was not returned.
    NotReturned { state: State },
    /// A return request of a facility whose report names a valid supervisor.
    HasValidSupervisor,
}

/// Whom the letter is addressed to: a person (様), or a facility's director (殿).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    pub name: String,
    /// 医籍登録番号, or the facility's number.
    pub number: String,
    /// The facility's director (病院長), for a letter to a facility.
    pub director: Option<String>,
    pub facility: bool,
}

/// The figures of a document, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DocumentBody {
    PaymentNotice {
        loan_id: String,
        trigger: Trigger,
        trigger_date: NaiveDate,
        /// The last day interest runs to.
        end_date: NaiveDate,
        percent: i64,
        /// The late-payment rate after the deadline (年15%).
        late_percent: i64,
        lines: Vec<InterestLine>,
        principal: i64,
        interest: i64,
        total: i64,
        waived: i64,
        /// Why each waiver by the letter's date was granted.
        #[serde(default)]
        waiver_reasons: Vec<WaiverReason>,
        paid: i64,
        /// What this notice asks for: total less waivers and payments.
        amount_due: i64,
        deadline: NaiveDate,
    },
    Reminder {
        loan_id: String,
        /// The deadline that passed.
        missed: NaiveDate,
        amount_due: i64,
        paid: i64,
        percent: i64,
        late_lines: Vec<LateLine>,
        late_interest: i64,
        outstanding: i64,
        /// The new deadline this reminder gives.
        deadline: NaiveDate,
    },
    ReturnLetter {
        queue: Queue,
        received: NaiveDate,
        returned: NaiveDate,
        reason: String,
    },
    CertificationReturnRequest {
        fiscal_year: i32,
        /// The checks the report failed, in the rules' order.
        failing: Vec<Flag>,
        /// The supervisors the report named (name, certificate number).
        supervisors: Vec<(String, String)>,
    },
    LoanDecision {
        loan_id: String,
        first_fiscal_year: i32,
        years_approved: u8,
        annual_amount: i64,
        disbursements: Vec<Disbursement>,
    },
}

/// One document: its number and date, whom it goes to, and its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub issued: Issued,
    pub addressee: Addressee,
    pub body: DocumentBody,
}

/// What a document would carry for `case` on `date`, and the deadline it
/// gives (payment notice and reminder): `deadline` when one was given
/// before, else computed from `[rules]`.
pub fn body(
    kind: DocumentKind,
    case: &Case,
    ctx: &RuleContext,
    cfg: &RulesConfig,
    cal: &Calendar,
    date: NaiveDate,
    deadline: Option<NaiveDate>,
) -> Result<(Addressee, DocumentBody), DocumentProblem> {
    let wrong = || DocumentProblem::WrongQueue {
        kind,
        queue: case.queue,
    };
    let addressee = addressee(case, ctx)?;
    let body = match kind {
        DocumentKind::PaymentNotice | DocumentKind::Reminder | DocumentKind::LoanDecision => {
            let CaseBody::LoanFollowup(f) = &case.body else {
                return Err(wrong());
            };
            let loan = ctx.loan.as_ref().ok_or_else(|| DocumentProblem::Missing {
                what: "loan".into(),
                key: f.loan_id.clone(),
            })?;
            if kind == DocumentKind::LoanDecision {
                let mut disbursements = loan.disbursements.clone();
                disbursements.sort_by_key(|d| d.date);
                return Ok((
                    addressee,
                    DocumentBody::LoanDecision {
                        loan_id: loan.loan_id.clone(),
                        first_fiscal_year: loan.first_fiscal_year,
                        years_approved: loan.years_approved,
                        annual_amount: loan.annual_amount,
                        disbursements,
                    },
                ));
            }
            let no_repayment = || DocumentProblem::NoRepayment {
                loan_id: loan.loan_id.clone(),
            };
            let r = repayment(loan, &ctx.workplaces, cfg, date).ok_or_else(no_repayment)?;
            let s = settle(loan, r.total, cfg, cal, date);
            if kind == DocumentKind::PaymentNotice {
                let deadline = deadline
                    .or(s.deadline)
                    .unwrap_or_else(|| cal.roll_forward(add_days(date, cfg.payment_notice_days)));
                DocumentBody::PaymentNotice {
                    loan_id: loan.loan_id.clone(),
                    trigger: r.trigger,
                    trigger_date: r.trigger_date,
                    end_date: r.end_date,
                    percent: r.percent,
                    late_percent: cfg.loan_late_interest_percent,
                    principal: r.principal,
                    interest: r.interest,
                    total: r.total,
                    lines: r.lines,
                    waived: s.waived,
                    waiver_reasons: loan
                        .events
                        .iter()
                        .filter(|e| e.event == LoanEventKind::Waiver && e.date <= date)
                        .map(|e| WaiverReason::from_note(e.note.as_deref()))
                        .collect(),
                    paid: s.paid,
                    amount_due: (s.amount_due - s.paid).max(0),
                    deadline,
                }
            } else {
                let missed = match s.deadline {
                    Some(d) if s.overdue => d,
                    _ => {
                        return Err(DocumentProblem::NotOverdue {
                            loan_id: loan.loan_id.clone(),
                        });
                    }
                };
                let deadline =
                    deadline.unwrap_or_else(|| cal.roll_forward(add_days(date, cfg.reminder_days)));
                DocumentBody::Reminder {
                    loan_id: loan.loan_id.clone(),
                    missed,
                    amount_due: s.amount_due,
                    paid: s.paid,
                    percent: s.percent,
                    late_lines: s.late_lines,
                    late_interest: s.late_interest,
                    outstanding: s.outstanding,
                    deadline,
                }
            }
        }
        DocumentKind::ReturnLetter => {
            if case.state != State::Returned {
                return Err(DocumentProblem::NotReturned { state: case.state });
            }
            let last = case
                .history
                .iter()
                .rev()
                .find(|d| d.kind == DecisionKind::Return);
            DocumentBody::ReturnLetter {
                queue: case.queue,
                received: jst_date(&case.received_at),
                returned: last.map_or(date, |d| jst_date(&d.at)),
                reason: last.and_then(|d| d.reason.clone()).unwrap_or_default(),
            }
        }
        DocumentKind::CertificationReturnRequest => {
            let CaseBody::FacilityReport(r) = &case.body else {
                return Err(wrong());
            };
            let failing: Vec<Flag> = rules::evaluate(case, ctx, cfg, cal, date)
                .into_iter()
                .filter(|c| c.raised && supervisor_rule(c.flag))
                .map(|c| c.flag)
                .collect();
            if !failing.contains(&Flag::NoValidSupervisor)
                && case.state != State::CertificationReturn
            {
                return Err(DocumentProblem::HasValidSupervisor);
            }
            DocumentBody::CertificationReturnRequest {
                fiscal_year: r.fiscal_year,
                failing,
                supervisors: ctx
                    .supervisors
                    .iter()
                    .map(|s| {
                        let name = s.physician.as_ref().map(|p| p.name.clone());
                        (name.unwrap_or_default(), s.cert_number.clone())
                    })
                    .collect(),
            }
        }
    };
    Ok((addressee, body))
}

/// The rules about a facility's supervisors, which a return request names.
fn supervisor_rule(f: Flag) -> bool {
    matches!(
        f,
        Flag::NoValidSupervisor
            | Flag::SupervisorNotRenewed
            | Flag::SupervisorNotFullTime
            | Flag::SupervisorWorkplaceMismatch
            | Flag::DentalCertificateAtNonDentalFacility
    )
}

fn addressee(case: &Case, ctx: &RuleContext) -> Result<Addressee, DocumentProblem> {
    match &case.body {
        CaseBody::FacilityReport(r) => Ok(Addressee {
            name: ctx
                .facility
                .as_ref()
                .map_or_else(|| case.subject_name.clone(), |f| f.name.clone()),
            number: r.facility_number.to_string(),
            director: r.director_name.clone(),
            facility: true,
        }),
        _ => {
            let person = ctx.person.as_ref();
            let number = match &case.subject {
                super::case::Subject::Person(r) => r.to_string(),
                super::case::Subject::Facility(f) => f.to_string(),
            };
            Ok(Addressee {
                name: person.map_or_else(|| case.subject_name.clone(), |p| p.name.clone()),
                number,
                director: None,
                facility: false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_by_id_and_office_name() {
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.id()), Some(k));
            assert_eq!(DocumentKind::parse(k.office_name()), Some(k));
        }
        assert_eq!(
            DocumentKind::parse("payment-notice"),
            Some(DocumentKind::PaymentNotice)
        );
        assert_eq!(DocumentKind::parse("invoice"), None);
    }
}
