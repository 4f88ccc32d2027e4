//! Documents in the operator's language: the kinds' names, and why one could
//! not be made. (A letter's own wording is the organisation's, in its
//! templates: `crate::document`.)

use super::{Lang, queue_name, state_name};
use crate::domain::document::{DocumentKind, DocumentProblem};

/// A kind as the operator reads it: its office name in Japanese.
pub fn kind_name(lang: Lang, k: DocumentKind) -> &'static str {
    lang.pick(
        k.office_name(),
        match k {
            DocumentKind::PaymentNotice => "payment notice",
            DocumentKind::Reminder => "payment reminder",
            DocumentKind::ReturnLetter => "return letter",
            DocumentKind::CertificationReturnRequest => "request to return the certification",
            DocumentKind::LoanDecision => "loan decision notice",
        },
    )
}

/// Why a document of `reference` could not be made.
pub fn problem(lang: Lang, reference: &str, p: &DocumentProblem) -> String {
    use DocumentProblem as P;
    match p {
        P::WrongQueue { kind, queue } => lang.pick(
            format!(
                "{reference} は{}の案件です。{}は作れません",
                queue_name(lang, *queue),
                kind_name(lang, *kind)
            ),
            format!(
                "{reference} is a case of {}; a {} cannot be made of it",
                queue_name(lang, *queue),
                kind_name(lang, *kind)
            ),
        ),
        P::NoRepayment { loan_id } => lang.pick(
            format!("{reference}: 貸与 {loan_id} に返還すべき額はありません"),
            format!("{reference}: nothing is to be repaid on loan {loan_id}"),
        ),
        P::NotOverdue { loan_id } => lang.pick(
            format!(
                "{reference}: 貸与 {loan_id} の返還は納期限を過ぎていません（督促状は納期限を過ぎてから）"
            ),
            format!(
                "{reference}: the repayment of loan {loan_id} is not past its deadline; a reminder comes after it"
            ),
        ),
        P::Missing { what, key } => lang.pick(
            format!("{reference}: {what} {key} が登録されていません"),
            format!("{reference}: {what} {key} is not in the store"),
        ),
        P::NotReturned { state } => lang.pick(
            format!(
                "{reference} は差し戻されていません（状態: {}）",
                state_name(lang, *state)
            ),
            format!(
                "{reference} was not returned (it is {})",
                state_name(lang, *state)
            ),
        ),
        P::HasValidSupervisor => lang.pick(
            format!("{reference} には有効な指導責任者がいます。返上依頼は作れません"),
            format!("{reference} names a valid supervisor; no return request is made"),
        ),
    }
}
