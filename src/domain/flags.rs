//! The rule flags of SPEC ("export cases"): ids are a contract with other systems.

use super::ids::FacilityNumber;
use super::loan::LedgerRow;
use super::time::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A rule a case currently fails or meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    NoValidSupervisor,
    SupervisorNotRenewed,
    SupervisorNotFullTime,
    SupervisorWorkplaceMismatch,
    DentalCertificateAtNonDentalFacility,
    SubmittedOutsideWindow,
    MissingReport,
    DirectorUnanswered,
    AfterRecruitmentClosed,
    UnknownPerson,
    DuplicatePerson,
    NotificationLate,
    ContinuationOverdue,
    StatusReportOverdue,
    #[serde(rename = "working_days_below_200")]
    WorkingDaysBelow200,
    EmploymentGapTooLong,
    ExemptionReached,
    RepaymentDue,
    TrainingPeriodCrossesFiscalYear,
    TrainingPeriodGap,
    TrainingPeriodOverlap,
    // Appended (flags travel by position in stored checks).
    PaymentOverdue,
    StudyPlanLate,
    NotDesignatedWorkplace,
    DisbursementOverdue,
    DisbursementMayBeHeld,
}

impl Flag {
    pub const ALL: [Flag; 26] = [
        Flag::NoValidSupervisor,
        Flag::SupervisorNotRenewed,
        Flag::SupervisorNotFullTime,
        Flag::SupervisorWorkplaceMismatch,
        Flag::DentalCertificateAtNonDentalFacility,
        Flag::SubmittedOutsideWindow,
        Flag::MissingReport,
        Flag::DirectorUnanswered,
        Flag::AfterRecruitmentClosed,
        Flag::UnknownPerson,
        Flag::DuplicatePerson,
        Flag::NotificationLate,
        Flag::ContinuationOverdue,
        Flag::StatusReportOverdue,
        Flag::WorkingDaysBelow200,
        Flag::EmploymentGapTooLong,
        Flag::ExemptionReached,
        Flag::RepaymentDue,
        Flag::TrainingPeriodCrossesFiscalYear,
        Flag::TrainingPeriodGap,
        Flag::TrainingPeriodOverlap,
        Flag::PaymentOverdue,
        Flag::StudyPlanLate,
        Flag::NotDesignatedWorkplace,
        Flag::DisbursementOverdue,
        Flag::DisbursementMayBeHeld,
    ];

    /// The SPEC id.
    /// The flag's short code, the same in every language: the list's
    /// narrow column, the filter's `flag:` value and the legend (`NOSUP`).
    pub fn code(self) -> &'static str {
        match self {
            Flag::NoValidSupervisor => "NOSUP",
            Flag::SupervisorNotRenewed => "RENEW",
            Flag::SupervisorNotFullTime => "FULLT",
            Flag::SupervisorWorkplaceMismatch => "WORKP",
            Flag::DentalCertificateAtNonDentalFacility => "DENT",
            Flag::SubmittedOutsideWindow => "LATE",
            Flag::MissingReport => "MISS",
            Flag::DirectorUnanswered => "DIR",
            Flag::AfterRecruitmentClosed => "RCLS",
            Flag::UnknownPerson => "UNK",
            Flag::DuplicatePerson => "DUP",
            Flag::NotificationLate => "NLATE",
            Flag::ContinuationOverdue => "CONT",
            Flag::StatusReportOverdue => "STAT",
            Flag::WorkingDaysBelow200 => "D200",
            Flag::EmploymentGapTooLong => "GAP",
            Flag::ExemptionReached => "EXEM",
            Flag::RepaymentDue => "REPAY",
            Flag::TrainingPeriodCrossesFiscalYear => "FYX",
            Flag::TrainingPeriodGap => "TGAP",
            Flag::TrainingPeriodOverlap => "TOVL",
            Flag::PaymentOverdue => "PAYOD",
            Flag::StudyPlanLate => "SPLAN",
            Flag::NotDesignatedWorkplace => "NDES",
            Flag::DisbursementOverdue => "DISB",
            Flag::DisbursementMayBeHeld => "HOLD",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Flag::NoValidSupervisor => "no_valid_supervisor",
            Flag::SupervisorNotRenewed => "supervisor_not_renewed",
            Flag::SupervisorNotFullTime => "supervisor_not_full_time",
            Flag::SupervisorWorkplaceMismatch => "supervisor_workplace_mismatch",
            Flag::DentalCertificateAtNonDentalFacility => {
                "dental_certificate_at_non_dental_facility"
            }
            Flag::SubmittedOutsideWindow => "submitted_outside_window",
            Flag::MissingReport => "missing_report",
            Flag::DirectorUnanswered => "director_unanswered",
            Flag::AfterRecruitmentClosed => "after_recruitment_closed",
            Flag::UnknownPerson => "unknown_person",
            Flag::DuplicatePerson => "duplicate_person",
            Flag::NotificationLate => "notification_late",
            Flag::ContinuationOverdue => "continuation_overdue",
            Flag::StatusReportOverdue => "status_report_overdue",
            Flag::WorkingDaysBelow200 => "working_days_below_200",
            Flag::EmploymentGapTooLong => "employment_gap_too_long",
            Flag::ExemptionReached => "exemption_reached",
            Flag::RepaymentDue => "repayment_due",
            Flag::TrainingPeriodCrossesFiscalYear => "training_period_crosses_fiscal_year",
            Flag::TrainingPeriodGap => "training_period_gap",
            Flag::TrainingPeriodOverlap => "training_period_overlap",
            Flag::PaymentOverdue => "payment_overdue",
            Flag::StudyPlanLate => "study_plan_late",
            Flag::NotDesignatedWorkplace => "not_designated_workplace",
            Flag::DisbursementOverdue => "disbursement_overdue",
            Flag::DisbursementMayBeHeld => "disbursement_may_be_held",
        }
    }

    pub fn from_id(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.id() == s)
    }
}

/// One rule evaluated on a case: whether it is raised, and what it found
/// in data terms (names, dates, amounts, counts), which the edge renders after
/// the flag's own text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub flag: Flag,
    pub raised: bool,
    pub detail: CheckDetail,
}

/// A supervisor named by certificate number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCert {
    pub name: String,
    pub cert_number: String,
}

/// A span of days, both ends counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A training period at a facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSpan {
    pub facility_number: FacilityNumber,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// What a check found, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "detail", rename_all = "snake_case")]
pub enum CheckDetail {
    /// Nothing to add to the flag's text.
    Nothing,
    /// No person record under this registration number.
    UnknownPerson { registration_number: String },
    /// The same name and birth date under these other registration numbers.
    Duplicates { registration_numbers: Vec<String> },
    /// The director's answer awaited: since when (the last chase, if any),
    /// days waited and days allowed.
    DirectorWaiting {
        director: String,
        received: NaiveDate,
        chased: Option<NaiveDate>,
        days: i64,
        allowed_days: i64,
    },
    /// A withdrawal on a day against the last recruitment's close, and the
    /// earliest start it allows.
    Recruitment {
        on: NaiveDate,
        closes: NaiveDate,
        after_close: bool,
        earliest_start: NaiveDate,
    },
    /// The report window of a fiscal year (when configured).
    ReportWindow {
        fiscal_year: i32,
        opens: Option<Timestamp>,
        closes: Option<Timestamp>,
    },
    /// A supervisor who fails a rule; for a workplace mismatch, the
    /// registered workplace against the facility.
    Supervisor {
        supervisor: NamedCert,
        workplace: Option<FacilityNumber>,
        facility_number: Option<FacilityNumber>,
    },
    /// Valid supervisors of those named, and certificates not found.
    Supervisors {
        valid: Vec<NamedCert>,
        named: i64,
        unknown: Vec<String>,
    },
    /// When the report came against its window.
    Submitted {
        at: Timestamp,
        opens: Timestamp,
        closes: Timestamp,
    },
    /// A training period crossing a fiscal year, and its split.
    FiscalYearSplit {
        period: PeriodSpan,
        parts: Vec<DateSpan>,
    },
    /// Days between two training periods.
    TrainingGap {
        from: NaiveDate,
        to: NaiveDate,
        days: i64,
    },
    /// Two training periods overlapping from one day to another.
    TrainingOverlap {
        first: PeriodSpan,
        second: PeriodSpan,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The follow-up's due date (its loan is not known).
    Due { date: NaiveDate },
    /// Service months counted of required.
    Service { months: i64, required: i64 },
    /// A step of the loan computation.
    Ledger { row: LedgerRow },
}

impl Check {
    pub fn raised(flag: Flag, detail: CheckDetail) -> Self {
        Check {
            flag,
            raised: true,
            detail,
        }
    }
    pub fn clear(flag: Flag, detail: CheckDetail) -> Self {
        Check {
            flag,
            raised: false,
            detail,
        }
    }
}

/// The ids of the raised checks, in a stable order.
pub fn raised_flags(checks: &[Check]) -> Vec<Flag> {
    let mut v: Vec<Flag> = checks.iter().filter(|c| c.raised).map(|c| c.flag).collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for f in Flag::ALL {
            assert_eq!(Flag::from_id(f.id()), Some(f));
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.id())
            );
        }
    }
}
