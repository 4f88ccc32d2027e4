//! The forms a borrower (or the office) files on a loan, as seed 004 numbers
//! them, each the ledger event it records and the fields it asks for beside
//! the date. A clerk picks a form by its number and name; the event is
//! written as an import's `loan_event` row would be.

use crate::domain::LoanEventKind;

/// One form of a loan's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanForm {
    /// 第N号様式 (`None` for a form the seed does not number).
    pub number: Option<u8>,
    pub event: LoanEventKind,
    /// The fields the form asks for besides `date`, `notified_at` and `note`.
    pub fields: &'static [&'static str],
    /// What the note holds (取消's reason ア–キ): the choices, if any.
    pub reasons: &'static [&'static str],
}

const CANCELLATION_REASONS: &[&str] = &["ア", "イ", "ウ", "エ", "オ", "カ", "キ"];

/// Every loan form, in the order a clerk meets them.
pub const LOAN_FORMS: [LoanForm; 19] = [
    form(Some(8), LoanEventKind::LeaveStart, &["end_date"]),
    form(Some(9), LoanEventKind::LeaveEnd, &[]),
    form(Some(14), LoanEventKind::Illness, &[]),
    form(Some(15), LoanEventKind::DetailsChange, &[]),
    form(Some(16), LoanEventKind::GuarantorChange, &[]),
    form(
        Some(17),
        LoanEventKind::StudyInterruptionPlan,
        &["end_date"],
    ),
    form(Some(7), LoanEventKind::Resignation, &[]),
    form(Some(13), LoanEventKind::Withdrawal, &[]),
    form(None, LoanEventKind::Completion, &[]),
    form(None, LoanEventKind::EmploymentStart, &["facility_number"]),
    form(None, LoanEventKind::EmploymentEnd, &["facility_number"]),
    form(
        None,
        LoanEventKind::StatusReport,
        &["working_days", "facility_number"],
    ),
    form(None, LoanEventKind::ContinuationSubmitted, &[]),
    form(None, LoanEventKind::RepaymentNotice, &["end_date"]),
    form(None, LoanEventKind::Payment, &["amount"]),
    form(Some(4), LoanEventKind::Deferral, &["end_date"]),
    form(Some(3), LoanEventKind::Waiver, &["amount"]),
    LoanForm {
        number: None,
        event: LoanEventKind::Cancellation,
        fields: &[],
        reasons: CANCELLATION_REASONS,
    },
    form(Some(10), LoanEventKind::LeaveStart, &["end_date"]),
];

const fn form(
    number: Option<u8>,
    event: LoanEventKind,
    fields: &'static [&'static str],
) -> LoanForm {
    LoanForm {
        number,
        event,
        fields,
        reasons: &[],
    }
}

impl LoanForm {
    /// Every field the form shows, in order: the date, what the form asks
    /// for, when the office heard of it, the note.
    pub fn all_fields(&self) -> Vec<&'static str> {
        let mut out = vec!["date"];
        out.extend_from_slice(self.fields);
        out.extend(["notified_at", "note"]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_a_form_and_numbers_are_the_seeds() {
        for k in LoanEventKind::ALL {
            assert!(LOAN_FORMS.iter().any(|f| f.event == k), "{k:?}");
        }
        let numbered: Vec<u8> = LOAN_FORMS.iter().filter_map(|f| f.number).collect();
        assert_eq!(numbered.len(), 11);
        assert!(numbered.contains(&8) && numbered.contains(&17));
    }
}
