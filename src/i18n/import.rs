//! Why an import row was refused ([`RowProblem`]), in the user's language.
//! English is what import reports have always said, with the fields' names
//! as files write them; Japanese names the fields by their labels.

use super::Lang;
use crate::domain::row::{FileProblem, OwnerProblem, RowProblem};
use crate::domain::transfer::TransferProblem;
use crate::interchange::problem::shown;
use crate::interchange::{InterchangeError, Kind, RowError};

english_display! {
    RowError => row_error;
}

impl std::fmt::Display for InterchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&file_problem(Lang::En, &self.file, &self.problem))
    }
}

/// Why a whole file could not be read, naming it.
pub fn file_problem(lang: Lang, file: &str, p: &FileProblem) -> String {
    match p {
        FileProblem::CannotRead { detail } => lang.pick(
            format!("{file} を読めません: {detail}"),
            format!("cannot read {file}: {detail}"),
        ),
        FileProblem::UnknownType => lang.pick(
            format!("{file}: ファイルの種類がわかりません。.jsonl (.ndjson、.json) か .csv の名前にしてください"),
            format!("{file}: unknown file type; name it .jsonl (or .ndjson, .json) or .csv"),
        ),
        FileProblem::UnknownKind => lang.pick(
            format!("{file}: どの種類の記録かわかりません。withdrawals.csv のような名前にするか --kind を指定してください"),
            format!("{file}: cannot tell what kind of records it holds; name it like withdrawals.csv or pass --kind"),
        ),
        FileProblem::HeaderUnreadable { detail } => lang.pick(
            format!("{file}: 見出し行を読めません: {detail}"),
            format!("{file}: cannot read the header: {detail}"),
        ),
        FileProblem::HeaderNotText => lang.pick(
            format!("{file}: 見出し行が UTF-8 でも CP932 でもありません"),
            format!("{file}: the header is neither UTF-8 nor CP932 text"),
        ),
        FileProblem::UnknownField {
            field,
            kind,
            fields,
        } => lang.pick(
            format!(
                "{file}: 見出しの項目 {} は {kind} にありません。{kind} の項目: {}",
                shown(field),
                fields.join(", ")
            ),
            format!(
                "{file}: unknown field {} in the header; {kind} has {}",
                shown(field),
                fields.join(", ")
            ),
        ),
        FileProblem::FieldTwice { field } => lang.pick(
            format!("{file}: 見出しに項目 {} が 2 回あります", shown(field)),
            format!("{file}: field {} appears twice in the header", shown(field)),
        ),
        FileProblem::MissingField { field, kind } => lang.pick(
            format!("{file}: 見出しに {kind} の必須項目 \"{field}\" がありません"),
            format!("{file}: the header lacks required field \"{field}\" of {kind}"),
        ),
    }
}

impl RowError {
    /// Why, in English (what the import report's JSON and logs carry).
    pub fn reason(&self) -> String {
        problem(Lang::En, &self.problem)
    }
}

/// `FILE:LINE: why`.
pub fn row_error(lang: Lang, e: &RowError) -> String {
    format!("{}:{}: {}", e.file, e.line, problem(lang, &e.problem))
}

/// One row's refusal as a sentence (several field problems joined).
pub fn problem(lang: Lang, p: &RowProblem) -> String {
    let ja = lang == Lang::Ja;
    match p {
        RowProblem::Fields { kind, problems } => {
            let kind = Kind::from_id(kind);
            let each = problems.iter().map(|fp| match kind {
                Some(k) if ja => super::fields::problem(lang, k, fp),
                _ => crate::interchange::problem::english(fp),
            });
            each.collect::<Vec<_>>().join(if ja { "。" } else { "; " })
        }
        RowProblem::NotValid => lang.pick("行が正しくありません", "row is not valid").into(),
        RowProblem::CannotRead { detail } => lang.pick(
            format!("行を読めません: {detail}"),
            format!("cannot read the line: {detail}"),
        ),
        RowProblem::LineTooLong { mib } => lang.pick(
            format!("行が {mib} MiB より長いです"),
            format!("line is longer than {mib} MiB"),
        ),
        RowProblem::NotUtf8 => lang
            .pick(
                "行が UTF-8 ではありません (JSON Lines のファイルは UTF-8 です)",
                "line is not valid UTF-8 (JSON Lines files must be UTF-8)",
            )
            .into(),
        RowProblem::NotJson { detail } => lang.pick(
            format!("行が JSON ではありません: {detail}"),
            format!("line is not JSON: {detail}"),
        ),
        RowProblem::NotObject => lang
            .pick(
                "行が JSON のオブジェクトではありません",
                "line is not a JSON object",
            )
            .into(),
        RowProblem::UnknownKind { kind } => {
            let ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
            let ids = ids.join(", ");
            lang.pick(
                format!("種類 {} はありません。次のどれかです: {ids}", shown(kind)),
                format!("unknown kind {}; expected one of {ids}", shown(kind)),
            )
        }
        RowProblem::KindNotText => lang
            .pick(
                "項目 \"kind\" は文字で書いてください",
                "field \"kind\" must be text",
            )
            .into(),
        RowProblem::KindDiffers {
            kind,
            expected,
            by_option: true,
        } => lang.pick(
            format!("種類 \"{kind}\" が --kind {expected} と違います"),
            format!("kind \"{kind}\" does not match --kind {expected}"),
        ),
        RowProblem::KindDiffers { kind, expected, .. } => lang.pick(
            format!(
                "種類 {} がファイルの種類 {expected} と違います",
                shown(kind)
            ),
            format!(
                "kind {} does not match the file's kind {expected}",
                shown(kind)
            ),
        ),
        RowProblem::NoKind => lang
            .pick(
                "必須の項目 \"kind\" がありません",
                "missing required field \"kind\"",
            )
            .into(),
        RowProblem::FieldCount { got, header } => lang.pick(
            format!("行の項目が {got} 個ありますが、見出しは {header} 個です"),
            format!("row has {got} fields but the header has {header}"),
        ),
        RowProblem::NotEncoded { encoding } => lang.pick(
            format!("行がファイルの先頭と同じ {encoding} の文字ではありません"),
            format!("row is not valid {encoding} text like the start of the file"),
        ),
        RowProblem::NotCsv { detail } => lang.pick(
            format!("行が CSV として正しくありません: {detail}"),
            format!("row is not valid CSV: {detail}"),
        ),
        RowProblem::NoPerson { number } => lang.pick(
            format!("医籍登録番号 {number} の人が登録されていません。先に人を取り込んでください"),
            format!("registration number {number} names no known person; import the person first"),
        ),
        RowProblem::NoFacility { number } => lang.pick(
            format!("施設番号 {number} の施設が登録されていません。先に施設を取り込んでください"),
            format!("facility number {number} names no known facility; import the facility first"),
        ),
        RowProblem::NoLoan { loan_id } => lang.pick(
            format!("貸付 {loan_id} が登録されていません。先に貸付を取り込んでください"),
            format!("loan {loan_id} is not known; import the loan first"),
        ),
        RowProblem::OrgsMax { max } => lang.pick(
            format!("1 つのストアに置ける団体は {max} までです"),
            format!("a store holds at most {max} organisations"),
        ),
        RowProblem::Org(p) => super::orgs::problem(lang, p),
        RowProblem::Owner(p) => owner(lang, p),
        RowProblem::Transfer(p) => transfer(lang, p),
        RowProblem::AdminOnly => lang
            .pick(
                "団体を取り込めるのはストアの管理者だけです",
                "only an administrator of the store imports organisations",
            )
            .into(),
        RowProblem::OperatorNeeded => lang
            .pick(
                "管理者が取り込めるのは団体だけです。この行には担当者の権限が必要です",
                "an administrator imports organisations only; this row needs an operator",
            )
            .into(),
        RowProblem::NoRows => lang
            .pick("ファイルに行がありません", "the file holds no rows")
            .into(),
    }
}

/// Why a case's organisations could not be found.
pub fn owner(lang: Lang, p: &OwnerProblem) -> String {
    match p {
        OwnerProblem::UnknownAssociation { field, name } => lang.pick(
            format!("{field} の {name:?} はこのストアの団体にありません (secretariat orgs list)"),
            format!("{field} {name:?} names no organisation of the store (secretariat orgs list)"),
        ),
        OwnerProblem::NoReceiver { kind, found } => {
            let name = super::orgs::kind(lang, *kind);
            lang.pick(
                format!(
                    "この案件を受け付ける種類「{name}」の団体がストアに {found} あります。ちょうど 1 つ必要です"
                ),
                format!(
                    "the store has {found} organisations of kind {} to receive this case; it needs exactly one",
                    kind.id()
                ),
            )
        }
    }
}

/// Why a transfer was refused by its rules.
pub fn transfer(lang: Lang, p: &TransferProblem) -> String {
    match p {
        TransferProblem::NoFromAssociation => lang
            .pick(
                "異動元 (from_association) が空です",
                "from_association (異動元) must not be empty",
            )
            .into(),
        TransferProblem::UnknownCategory {
            current,
            category,
            categories,
        } => {
            let (ja, en) = match current {
                true => ("現在の会員区分", "current category"),
                false => ("希望する会員区分", "requested category"),
            };
            lang.pick(
                format!(
                    "{ja} {category:?} は会員区分 ({}) にありません",
                    categories.join("、")
                ),
                format!(
                    "{en} {category:?} is not a membership category ({})",
                    categories.join(", ")
                ),
            )
        }
        TransferProblem::NoDestination => lang
            .pick(
                "医師会の異動には異動先の都道府県と郡市区 (または異動先医師会) が必要です",
                "an association transfer needs to_prefecture and to_district (or to_association)",
            )
            .into(),
    }
}
