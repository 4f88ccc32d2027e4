//! Cases of the four queues, their states and their history.

use super::ids::{FacilityNumber, RegistrationNumber};
use super::time::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four queues an operator triages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    Withdrawal,
    Transfer,
    FacilityReport,
    LoanFollowup,
}

impl Queue {
    pub const ALL: [Queue; 4] = [
        Queue::Withdrawal,
        Queue::Transfer,
        Queue::FacilityReport,
        Queue::LoanFollowup,
    ];

    /// The id used in files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Queue::Withdrawal => "withdrawal",
            Queue::Transfer => "transfer",
            Queue::FacilityReport => "facility_report",
            Queue::LoanFollowup => "loan_followup",
        }
    }

    pub fn from_id(s: &str) -> Option<Queue> {
        Queue::ALL.into_iter().find(|q| q.id() == s)
    }

    /// A byte for keys.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(b: u8) -> Option<Queue> {
        Queue::ALL.get(b as usize).copied()
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Every state any queue's case can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    // withdrawal
    AwaitingDirector,
    DirectorApproved,
    Completed,
    // transfer and facility report
    Submitted,
    Released,
    Accepted,
    CertificationReturn,
    Missing,
    // loan follow-up
    Open,
    Resolved,
    Closed,
    // any queue
    Returned,
}

impl State {
    pub const ALL: [State; 12] = [
        State::AwaitingDirector,
        State::DirectorApproved,
        State::Completed,
        State::Submitted,
        State::Released,
        State::Accepted,
        State::CertificationReturn,
        State::Missing,
        State::Open,
        State::Resolved,
        State::Closed,
        State::Returned,
    ];

    pub fn id(self) -> &'static str {
        match self {
            State::AwaitingDirector => "awaiting_director",
            State::DirectorApproved => "director_approved",
            State::Completed => "completed",
            State::Submitted => "submitted",
            State::Released => "released",
            State::Accepted => "accepted",
            State::CertificationReturn => "certification_return",
            State::Missing => "missing",
            State::Open => "open",
            State::Resolved => "resolved",
            State::Closed => "closed",
            State::Returned => "returned",
        }
    }

    pub fn from_id(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|q| q.id() == s)
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(b: u8) -> Option<State> {
        State::ALL.get(b as usize).copied()
    }

    /// Whether the secretariat still has work on a case in this state.
    /// A returned case waits on the applicant, not on us, so it is not open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::AwaitingDirector
                | State::DirectorApproved
                | State::Submitted
                | State::Released
                | State::Missing
                | State::Open
        )
    }
}

/// Who or what a case is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Subject {
    Person(RegistrationNumber),
    Facility(FacilityNumber),
}

impl Subject {
    pub fn key(&self) -> &str {
        match self {
            Subject::Person(r) => r.as_str(),
            Subject::Facility(f) => f.as_str(),
        }
    }
}

/// A case as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The source system's reference, unique within the queue.
    pub reference: String,
    pub queue: Queue,
    pub state: State,
    pub subject: Subject,
    /// The subject's name when the case was written, for lists and the filter.
    pub subject_name: String,
    pub subject_kana: Option<String>,
    pub received_at: Timestamp,
    /// When the secretariat's next step is due (JST date).
    pub due: Option<NaiveDate>,
    pub assignee: Option<String>,
    /// Bumped by every change; a change made against an older revision is refused.
    pub revision: u64,
    pub updated_at: Timestamp,
    pub updated_by: String,
    pub body: CaseBody,
    pub notes: Vec<Note>,
    pub history: Vec<Decision>,
}

/// The fields particular to each queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CaseBody {
    Withdrawal(Withdrawal),
    Transfer(Transfer),
    FacilityReport(FacilityReport),
    LoanFollowup(LoanFollowup),
    // Appended (stored by position).
    /// 修了申請 (in the membership queue).
    CompletionApplication(CompletionApplication),
}

/// Whether a withdrawal is from an adopted programme or from a prefecture loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalKind {
    Adoption,
    Loan,
}

/// The programme director's (統括責任者) answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectorDecision {
    Pending,
    Approved,
    Declined,
}

/// 採用辞退 / 辞退届.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub registration_number: RegistrationNumber,
    pub program: String,
    pub director: String,
    pub director_email: Option<String>,
    pub reason: String,
    pub kind: WithdrawalKind,
    pub director_decision: DirectorDecision,
    pub director_decided_at: Option<Timestamp>,
    /// When the secretariat last chased the director.
    pub chased_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

/// Which kind of 異動届.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    CategoryChange,
    AssociationTransfer,
}

/// 異動届.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub registration_number: RegistrationNumber,
    pub kind: TransferKind,
    pub from_association: String,
    pub requested_category: String,
    pub to_association: Option<String>,
    pub to_prefecture: Option<String>,
    pub to_district: Option<String>,
    pub current_category: Option<String>,
    /// A candidate facility, or None for 未定.
    pub facility: Option<String>,
    pub facility_duty: Option<String>,
    pub reason: Option<String>,
}

/// 修了申請: a member's application for the completion of the training of
/// the かかりつけ医機能報告制度, filed with the association they chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionApplication {
    pub registration_number: RegistrationNumber,
    /// The association applied to (申請先医師会), as the member named it.
    pub association: String,
    /// The training completed (研修名).
    pub training: String,
    /// The day the training was completed (修了日).
    pub completed_on: NaiveDate,
    pub notes: Option<String>,
}

/// 在籍報告 (or a generated `missing` follow-up when `generated`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityReport {
    pub facility_number: FacilityNumber,
    pub fiscal_year: i32,
    pub reporter_name: String,
    pub supervisors: Vec<String>,
    pub director_name: Option<String>,
    pub contact_email: Option<String>,
    pub generated: bool,
}

/// A follow-up generated from a loan ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanFollowup {
    pub loan_id: String,
    pub registration_number: RegistrationNumber,
    /// What is awaited or owed; its id is a flag id (e.g. `continuation_overdue`).
    pub topic: String,
    /// The date the item was or is due.
    pub due: NaiveDate,
    pub principal: Option<i64>,
    pub interest: Option<i64>,
    pub amount_due: Option<i64>,
    pub service_months: Option<i64>,
}

/// A note an operator added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: Timestamp,
    pub author: String,
    pub text: String,
}

/// What a decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approve,
    Return,
    CertificationReturn,
    Chase,
    Claim,
    Reassign,
    Reopen,
    Undo,
    AutoClose,
    // Appended (stored by position).
    /// A case arrived (a withdrawal, whose director is mailed).
    Received,
    /// The case's person was a duplicate (二重登録) linked to the record that
    /// stays; the reason holds the duplicate's registration number.
    Linked,
    /// One association's part of a category change approved; `reason`
    /// holds the organisation's id. The case stays open until every part is.
    ApprovePart,
}

impl DecisionKind {
    /// Every decision kind.
    pub const ALL: [DecisionKind; 12] = [
        DecisionKind::Approve,
        DecisionKind::Return,
        DecisionKind::CertificationReturn,
        DecisionKind::Chase,
        DecisionKind::Claim,
        DecisionKind::Reassign,
        DecisionKind::Reopen,
        DecisionKind::Undo,
        DecisionKind::AutoClose,
        DecisionKind::Received,
        DecisionKind::Linked,
        DecisionKind::ApprovePart,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DecisionKind::Approve => "approve",
            DecisionKind::Return => "return",
            DecisionKind::CertificationReturn => "certification_return",
            DecisionKind::Chase => "chase",
            DecisionKind::Claim => "claim",
            DecisionKind::Reassign => "reassign",
            DecisionKind::Reopen => "reopen",
            DecisionKind::Undo => "undo",
            DecisionKind::AutoClose => "auto_close",
            DecisionKind::Received => "received",
            DecisionKind::Linked => "linked",
            DecisionKind::ApprovePart => "approve_part",
        }
    }

    /// The decision kind of an id (`approve`, `return`…).
    pub fn from_id(s: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub kind: DecisionKind,
    pub reason: Option<String>,
    pub actor: String,
    pub at: Timestamp,
    pub state_before: State,
    pub state_after: State,
    /// The outbox message this decision produced, if any.
    pub notification: Option<u64>,
}

/// A loan withdrawal of 山田太郎 (123456) awaiting his director, received
/// `now`, for tests to change as they need.
#[cfg(test)]
pub(crate) fn sample_withdrawal(now: Timestamp) -> Case {
    let reg = RegistrationNumber::parse("123456").expect("a valid number");
    Case {
        reference: "W-1".into(),
        queue: Queue::Withdrawal,
        state: State::AwaitingDirector,
        subject: Subject::Person(reg.clone()),
        subject_name: "山田太郎".into(),
        subject_kana: None,
        received_at: now,
        due: None,
        assignee: None,
        revision: 1,
        updated_at: now,
        updated_by: "import".into(),
        body: CaseBody::Withdrawal(Withdrawal {
            registration_number: reg,
            program: "内科".into(),
            director: "鈴木".into(),
            director_email: None,
            reason: "転居".into(),
            kind: WithdrawalKind::Loan,
            director_decision: DirectorDecision::Pending,
            director_decided_at: None,
            chased_at: None,
            completed_at: None,
        }),
        notes: Vec::new(),
        history: Vec::new(),
    }
}
