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

/// `P` on a case no letter applies to.
pub fn none_applies(lang: Lang) -> &'static str {
    lang.pick(
        "この案件から作る文書はありません（差し戻し・返還・返上の案件で作れます）",
        "no document applies to this case (returned cases, repayments, certification returns)",
    )
}

/// While the PDF is being numbered and written.
pub fn writing(lang: Lang) -> &'static str {
    lang.pick("文書を作成しています…", "writing the document…")
}

/// The preview's foot: what the keys do (`kinds`: another kind applies).
pub fn preview_hint(lang: Lang, writing: bool, kinds: bool) -> &'static str {
    match (writing, kinds) {
        (true, _) => lang.pick("番号を付けて作成しています…", "numbering and writing…"),
        (false, true) => lang.pick(
            "Enter: 採番して作成  Tab: 他の文書  ↑↓ PgUp/PgDn: 移動  Esc: 閉じる",
            "Enter: number and write  Tab: other kind  Up/Down/PgUp/PgDn: scroll  Esc: close",
        ),
        (false, false) => lang.pick(
            "Enter: 採番して作成  ↑↓ PgUp/PgDn: 移動  Esc: 閉じる",
            "Enter: number and write  Up/Down/PgUp/PgDn: scroll  Esc: close",
        ),
    }
}

/// The case detail's heading over the documents made of it.
pub fn heading(lang: Lang) -> &'static str {
    lang.pick("文書", "Documents")
}

/// A document written: `納入通知書 医人第3号 を /srv/… に書きました、印刷しました`.
pub fn written(
    lang: Lang,
    kind: DocumentKind,
    number: &str,
    again: bool,
    path: &str,
    printed: bool,
) -> String {
    let kind = kind_name(lang, kind);
    match lang {
        Lang::Ja => format!(
            "{kind} {number}{} を {path} に書きました{}",
            if again { "（再発行）" } else { "" },
            if printed { "、印刷しました" } else { "" }
        ),
        Lang::En => format!(
            "{kind} {number}{} written to {path}{}",
            if again { " (again)" } else { "" },
            if printed { ", printed" } else { "" }
        ),
    }
}

/// The PDF could not be written.
pub fn not_written(lang: Lang, why: &str) -> String {
    lang.pick(
        format!("文書を書けませんでした: {why}"),
        format!("the document was not written: {why}"),
    )
}

/// `secretariat document`'s sentences.
pub mod cli {
    use super::{DocumentKind, Lang, kind_name};

    pub fn cannot_write(lang: Lang, path: &str, e: &str) -> String {
        lang.pick(
            format!("{path} に書けません: {e}"),
            format!("cannot write {path}: {e}"),
        )
    }

    pub fn no_print_command(lang: Lang) -> &'static str {
        lang.pick(
            "印刷するには設定の [documents] print_command に印刷コマンドを書いてください",
            "to print, set [documents] print_command in the configuration",
        )
    }

    pub fn cannot_print(lang: Lang, path: &str, cmd: &str, e: &str) -> String {
        lang.pick(
            format!("{path} を印刷できません ({cmd}): {e}"),
            format!("cannot print {path} ({cmd}): {e}"),
        )
    }

    /// A document made: `納入通知書 医人第3号 L-2023-0001/repayment`.
    pub fn made(
        lang: Lang,
        kind: DocumentKind,
        number: &str,
        reference: &str,
        again: bool,
    ) -> String {
        let kind = kind_name(lang, kind);
        match lang {
            Lang::Ja => format!(
                "{kind} {number} {reference}{}",
                if again {
                    "（再発行: 番号は前回と同じ）"
                } else {
                    ""
                }
            ),
            Lang::En => format!(
                "{kind} {number} of {reference}{}",
                if again {
                    " (again: the number given before)"
                } else {
                    ""
                }
            ),
        }
    }

    pub fn unknown_kind(lang: Lang, kind: &str, kinds: &str) -> String {
        lang.pick(
            format!("文書の種類「{kind}」はありません: {kinds}"),
            format!("no document kind {kind:?}: {kinds}"),
        )
    }

    pub fn no_case(lang: Lang) -> &'static str {
        lang.pick("対象の案件がありません", "no case to make a document of")
    }

    pub fn batch_done(lang: Lang, made: usize, total: usize, refused: usize, ms: u128) -> String {
        lang.pick(
            format!("{total} 件中 {made} 件を作成、{refused} 件は作れませんでした ({ms} ms)"),
            format!("{made} of {total} made, {refused} refused ({ms} ms)"),
        )
    }

    pub fn refused(lang: Lang, refused: usize) -> String {
        lang.pick(
            format!("{refused} 件の文書は作れませんでした"),
            format!("{refused} documents were refused"),
        )
    }
}
