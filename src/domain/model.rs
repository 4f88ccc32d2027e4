//! The registries the queues refer to: people, facilities, certified physicians, loans.

use super::ids::{FacilityNumber, RegistrationNumber};
use super::time::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A physician or trainee known by registration number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub registration_number: RegistrationNumber,
    pub name: String,
    pub name_kana: Option<String>,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    /// 地域枠: adopted under a regional quota.
    pub regional_quota: bool,
    pub training_periods: Vec<TrainingPeriod>,
}

/// One stay at a training facility, as the board's records keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingPeriod {
    pub facility: FacilityNumber,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// 認定研修施設: a certified training facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    pub facility_number: FacilityNumber,
    pub name: String,
    pub prefecture: String,
    /// 医療圏.
    pub medical_area: Option<String>,
    /// Certified for dental oral surgery (歯科口腔外科).
    pub dental: bool,
    /// 重点医師偏在対策支援区域.
    pub priority_area: bool,
    pub certified: bool,
    pub contact_email: Option<String>,
    /// 前回登録日・前回登録者氏名, updated when a report is accepted.
    pub last_report: Option<LastReport>,
    /// 返還免除条件となる医療機関: service here counts toward loan exemption.
    /// Absent in a file means designated.
    pub designated: bool,
}

/// The previous accepted facility report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastReport {
    pub at: Timestamp,
    pub registrant: String,
}

/// Which certificate a certified physician holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certification {
    General,
    Dental,
}

/// 認定医: a certified physician who may serve as a facility's supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Physician {
    pub cert_number: String,
    pub registration_number: RegistrationNumber,
    pub name: String,
    pub certification: Certification,
    /// 更新済.
    pub renewed: bool,
    /// 常勤.
    pub full_time: bool,
    /// MyPage 勤務先.
    pub workplace: FacilityNumber,
}

/// The default annual loan amount in yen.
pub const DEFAULT_ANNUAL_AMOUNT: i64 = 3_300_000;

/// A prefecture training loan (研修資金) and its ledger of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    pub loan_id: String,
    pub registration_number: RegistrationNumber,
    pub first_fiscal_year: i32,
    /// 1-4.
    pub years_approved: u8,
    pub annual_amount: i64,
    pub disbursements: Vec<Disbursement>,
    pub events: Vec<LoanEvent>,
    /// The borrower's other loans whose service comes first (seed 004:
    /// 医師修学資金, 臨床研修医研修資金); this loan's service counts from the
    /// month after the latest of them ends. Added by schema 9.
    #[serde(default)]
    pub prior_obligations: Vec<PriorObligation>,
}

/// Another loan's service obligation that this loan's service follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorObligation {
    pub kind: PriorLoanKind,
    /// Years of service that loan asks for (1-15).
    pub years: u8,
    /// The day that service ends or ended.
    pub end: NaiveDate,
}

/// The kind of an earlier loan (seed 004, 「医師修学資金、臨床研修医研修資金を
/// それぞれ借りた場合」).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorLoanKind {
    /// 医師修学資金 (6, 7 or 10 years after graduation).
    Shugaku,
    /// 臨床研修医研修資金 (3 years).
    Rinsho,
}

impl PriorLoanKind {
    pub const ALL: [PriorLoanKind; 2] = [Self::Shugaku, Self::Rinsho];

    /// The id import and export use.
    pub fn id(self) -> &'static str {
        match self {
            Self::Shugaku => "shugaku",
            Self::Rinsho => "rinsho",
        }
    }

    /// Its name in the seed, which the office also writes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Shugaku => "医師修学資金",
            Self::Rinsho => "臨床研修医研修資金",
        }
    }

    /// The kind by its id or its name in the seed.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == s || k.name() == s)
    }
}

/// One payment to the borrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disbursement {
    pub date: NaiveDate,
    pub amount: i64,
}

/// What happened on a loan, as notified by the borrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanEventKind {
    ContinuationSubmitted,
    LeaveStart,
    LeaveEnd,
    Completion,
    EmploymentStart,
    EmploymentEnd,
    StatusReport,
    Resignation,
    Withdrawal,
    StudyInterruptionPlan,
    Cancellation,
    // Appended (the store encodes variants by position).
    /// 疾病等届 (form 14).
    Illness,
    /// 記載事項変更届 (form 15).
    DetailsChange,
    /// 連帯保証人変更届 (form 16); `note` names the new guarantor.
    GuarantorChange,
    /// 納入通知書 sent: `date` sent, `end_date` the payment deadline (納期限).
    RepaymentNotice,
    /// A repayment received: `amount` in yen.
    Payment,
    /// 返還猶予 granted (form 4): `date` granted, `end_date` until when.
    Deferral,
    /// 返還免除 for death, illness or disaster: `amount` waived, or all of it.
    Waiver,
}

impl LoanEventKind {
    pub const ALL: [LoanEventKind; 18] = [
        Self::ContinuationSubmitted,
        Self::LeaveStart,
        Self::LeaveEnd,
        Self::Completion,
        Self::EmploymentStart,
        Self::EmploymentEnd,
        Self::StatusReport,
        Self::Resignation,
        Self::Withdrawal,
        Self::StudyInterruptionPlan,
        Self::Cancellation,
        Self::Illness,
        Self::DetailsChange,
        Self::GuarantorChange,
        Self::RepaymentNotice,
        Self::Payment,
        Self::Deferral,
        Self::Waiver,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Self::ContinuationSubmitted => "continuation_submitted",
            Self::LeaveStart => "leave_start",
            Self::LeaveEnd => "leave_end",
            Self::Completion => "completion",
            Self::EmploymentStart => "employment_start",
            Self::EmploymentEnd => "employment_end",
            Self::StatusReport => "status_report",
            Self::Resignation => "resignation",
            Self::Withdrawal => "withdrawal",
            Self::StudyInterruptionPlan => "study_interruption_plan",
            Self::Cancellation => "cancellation",
            Self::Illness => "illness",
            Self::DetailsChange => "details_change",
            Self::GuarantorChange => "guarantor_change",
            Self::RepaymentNotice => "repayment_notice",
            Self::Payment => "payment",
            Self::Deferral => "deferral",
            Self::Waiver => "waiver",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// One ledger entry. `date` is when it happened; `notified_at` when the office
/// heard of it (for the 10-day notices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanEvent {
    pub event: LoanEventKind,
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub notified_at: Option<NaiveDate>,
    pub working_days: Option<u32>,
    pub facility_number: Option<FacilityNumber>,
    pub note: Option<String>,
    /// Yen: a payment's amount, or a waiver's (None = all of it).
    pub amount: Option<i64>,
}

impl LoanEvent {
    /// An event with only its kind and date; the rest as each event needs.
    pub fn new(event: LoanEventKind, date: NaiveDate) -> LoanEvent {
        LoanEvent {
            event,
            date,
            end_date: None,
            notified_at: None,
            working_days: None,
            facility_number: None,
            note: None,
            amount: None,
        }
    }
}

impl Loan {
    /// Total disbursed so far, in yen.
    pub fn principal(&self) -> i64 {
        self.disbursements.iter().map(|d| d.amount).sum()
    }

    /// The day the latest prior obligation ends or ended: this loan's
    /// service counts from the month after it.
    pub fn obligations_end(&self) -> Option<NaiveDate> {
        self.latest_obligation().map(|o| o.end)
    }

    /// The prior obligation that ends last (the one this loan's service follows).
    pub fn latest_obligation(&self) -> Option<PriorObligation> {
        self.prior_obligations.iter().copied().max_by_key(|o| o.end)
    }
}

/// A certified, designated facility in a priority area of 宮城県, for tests.
#[cfg(test)]
pub(crate) fn sample_facility(number: &str, name: &str, medical_area: &str) -> Facility {
    Facility {
        facility_number: FacilityNumber::parse(number).expect("a valid number"),
        name: name.into(),
        prefecture: "宮城県".into(),
        medical_area: Some(medical_area.into()),
        dental: false,
        priority_area: true,
        certified: true,
        contact_email: None,
        last_report: None,
        designated: true,
    }
}
