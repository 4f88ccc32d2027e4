//! The loan ledger and the follow-ups' computations as typed rows: dates,
//! amounts, months and kinds, which the edge renders in the user's language
//! (`i18n::rows`). Nothing here is wording.

use super::repayment::Trigger;
use crate::domain::ids::FacilityNumber;
use crate::domain::model::{LoanEventKind, PriorLoanKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A calendar month (a service month deducted for leave).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// From a month index (`year * 12 + month - 1`).
    pub fn from_index(idx: i32) -> Self {
        YearMonth {
            year: idx.div_euclid(12),
            month: idx.rem_euclid(12).unsigned_abs() + 1,
        }
    }
}

/// One row of a loan's ledger or of a follow-up's computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "row", rename_all = "snake_case")]
pub enum LedgerRow {
    /// The loan's terms: fiscal years, how many, the yearly amount.
    Terms {
        loan_id: String,
        first_fiscal_year: i32,
        last_fiscal_year: i32,
        years: u8,
        annual_amount: i64,
    },
    /// A disbursement; `scheduled` when it is dated after today.
    Disbursement {
        date: NaiveDate,
        amount: i64,
        scheduled: bool,
    },
    /// What was disbursed by today.
    DisbursedTotal {
        amount: i64,
    },
    /// An event of the ledger as notified.
    Event {
        kind: LoanEventKind,
        date: NaiveDate,
        end_date: Option<NaiveDate>,
        notified_at: Option<NaiveDate>,
        /// The notice came after its deadline.
        notified_late: bool,
        amount: Option<i64>,
        facility_number: Option<FacilityNumber>,
        /// The facility is not a designated workplace.
        not_designated: bool,
        working_days: Option<u32>,
        note: Option<String>,
    },
    /// Service months counted, required, deducted for leave, still needed.
    Service {
        months: i64,
        required: i64,
        deducted: i64,
        remaining: i64,
    },
    /// The months deducted for leave.
    DeductedMonths {
        months: Vec<YearMonth>,
    },
    /// The exemption date: reached, or projected.
    Exemption {
        date: NaiveDate,
        reached: bool,
    },
    /// Why repayment is due, since when, and the last day interest runs to.
    RepaymentCause {
        cause: Trigger,
        date: NaiveDate,
        interest_until: NaiveDate,
    },
    /// Interest on one disbursement: amount x percent x days / 365.
    Interest {
        disbursed: NaiveDate,
        amount: i64,
        percent: i64,
        days: i64,
        interest: i64,
    },
    /// Principal + interest = total.
    RepaymentTotal {
        principal: i64,
        interest: i64,
        total: i64,
    },
    /// The payment notice: sent, its deadline, and the deadline in force
    /// when a deferral or a holiday moved it.
    Notice {
        sent: NaiveDate,
        deadline: NaiveDate,
        moved_to: Option<NaiveDate>,
    },
    /// A deferral granted until a day.
    Deferral {
        granted: NaiveDate,
        until: NaiveDate,
    },
    Payment {
        date: NaiveDate,
        amount: i64,
    },
    /// A waiver of an amount, or of all that remained.
    Waiver {
        date: NaiveDate,
        amount: Option<i64>,
    },
    /// Late interest over a stretch of days at one balance.
    LateInterest {
        from: NaiveDate,
        to: NaiveDate,
        balance: i64,
        percent: i64,
        days: i64,
        interest: i64,
    },
    /// Amount due + late interest - paid = outstanding.
    Outstanding {
        amount_due: i64,
        late_interest: i64,
        paid: i64,
        outstanding: i64,
    },
    /// A continuation: which loan year of how many, and its due date.
    Continuation {
        fiscal_year: i32,
        year: i32,
        years: u8,
        due: NaiveDate,
    },
    /// The continuation forms arrived.
    ContinuationSubmitted {
        date: NaiveDate,
    },
    /// On leave during the continuation period: the disbursement may be held.
    HeldForLeave {
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    /// A continued year's disbursement owed by the office.
    DisbursementDue {
        fiscal_year: i32,
        submitted: NaiveDate,
        due: NaiveDate,
    },
    /// The status report of a fiscal year with service, and its due date.
    StatusReportDue {
        fiscal_year: i32,
        due: NaiveDate,
    },
    /// The status report arrived.
    StatusReportReceived {
        date: NaiveDate,
    },
    /// A notice that came late: event, its date, days allowed, deadline,
    /// the day it came and how many days late.
    NoticeLate {
        kind: LoanEventKind,
        date: NaiveDate,
        allowed_days: i64,
        deadline: NaiveDate,
        notified: NaiveDate,
        days_late: i64,
    },
    /// A status report with fewer working days than required.
    WorkingDaysShort {
        reported: NaiveDate,
        days: u32,
        required: u32,
    },
    /// A study plan that came late: the study start, months ahead it was
    /// due, the due day, the day it came, days late.
    StudyPlanLate {
        start: NaiveDate,
        months_ahead: u32,
        due: NaiveDate,
        notified: NaiveDate,
        days_late: i64,
    },
    /// Service at a facility that is not designated: no month counts.
    NotDesignated {
        facility_number: Option<FacilityNumber>,
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    /// No designated workplace in time: after which day, by when the next
    /// had to start, and when it did.
    EmploymentGap {
        after: NaiveDate,
        allowed_by: NaiveDate,
        next_start: Option<NaiveDate>,
    },
    /// Service complete: months counted of required, on which day.
    ExemptionReached {
        months: i64,
        required: i64,
        date: NaiveDate,
    },
    /// Stacked loans: the earlier loan's obligation this loan's service
    /// follows, and the first month that counts (the month after it ends).
    CountedAfter {
        kind: PriorLoanKind,
        years: u8,
        end: NaiveDate,
        from: YearMonth,
    },
}
