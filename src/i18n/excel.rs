//! The words of an export's Excel form (`export … --excel`): a title for each
//! column, and ids as the office says them — states, queues, decisions,
//! warnings by name, kinds, answers and delivery states.

use super::{Lang, Text, decision_name, flag_text, labels, queue_name, state_label};
use crate::domain::{DecisionKind, DeliveryState, Flag, Queue, State};
use crate::interchange::excel::{Column, Table, Words};

/// The Excel form's words in one language.
#[derive(Debug, Clone, Copy)]
pub struct ExcelWords(pub Lang);

impl Words for ExcelWords {
    fn title(&self, table: Table, column: &str) -> Option<&'static str> {
        title(self.0, table, column)
    }

    fn value(&self, column: Column, raw: &str) -> Option<String> {
        value(self.0, column, raw)
    }
}

/// The title of a column of an export, in `lang` (None for a column this
/// table does not name).
pub fn title(lang: Lang, table: Table, column: &str) -> Option<&'static str> {
    let (ja, en) = match (table, column) {
        (Table::Outbox, "subject") => ("件名", "Subject"),
        (Table::Outbox, "status") => ("状態", "Status"),
        (Table::Audit, "target") => ("対象", "Target"),
        (Table::Audit, "before") => ("変更前", "Before"),
        (Table::Audit, "after") => ("変更後", "After"),
        (_, "ref") => ("受付番号", "Reference"),
        (_, "queue") => ("キュー", "Queue"),
        (_, "state") => ("状態", "State"),
        (_, "subject") => ("対象番号", "Subject no."),
        (_, "name") => ("氏名・施設名", "Name"),
        (_, "received_at") => ("受付日時", "Received"),
        (_, "due") => ("期限", "Due"),
        (_, "assignee") => ("割当先", "Assignee"),
        (_, "flags") => ("警告", "Warnings"),
        (_, "registration_number") => ("医籍登録番号", "Registration no."),
        (_, "program") => ("プログラム", "Program"),
        (_, "director") => ("統括責任者", "Director"),
        (_, "reason") => ("理由", "Reason"),
        (_, "withdrawal_kind") => ("辞退の種別", "Withdrawal kind"),
        (_, "director_email") => ("統括責任者メール", "Director's e-mail"),
        (_, "director_decision") => ("統括責任者の回答", "Director's answer"),
        (_, "director_decided_at") => ("統括責任者の回答日時", "Director answered"),
        (_, "chased_at") => ("督促日時", "Chased"),
        (_, "completed_at") => ("完了日時", "Completed"),
        (_, "transfer_kind") => ("異動の種別", "Transfer kind"),
        (_, "from_association") => ("異動元", "From association"),
        (_, "requested_category") => ("希望会員区分", "Requested category"),
        (_, "to_association") => ("異動先", "To association"),
        (_, "to_prefecture") => ("異動先都道府県", "To prefecture"),
        (_, "to_district") => ("異動先地区", "To district"),
        (_, "current_category") => ("現会員区分", "Current category"),
        (_, "facility") => ("施設", "Facility"),
        (_, "facility_duty") => ("施設業務", "Facility duty"),
        (_, "case_kind") => ("種類", "Kind"),
        (_, "association") => ("申請先医師会", "Association"),
        (_, "training") => ("研修名", "Training"),
        (_, "completed_on") => ("修了日", "Completed on"),
        (_, "notes") => ("備考", "Notes"),
        (_, "facility_number") => ("施設番号", "Facility no."),
        (_, "fiscal_year") => ("年度", "Fiscal year"),
        (_, "reporter_name") => ("今回登録者", "Reporter"),
        (_, "supervisors") => ("指導責任者 (認定番号)", "Supervisors (cert. no.)"),
        (_, "supervisor_names") => ("指導責任者 (氏名)", "Supervisors (names)"),
        (_, "director_name") => ("病院長", "Hospital director"),
        (_, "contact_email") => ("連絡先メール", "Contact e-mail"),
        (_, "generated") => ("自動生成 (未提出)", "Generated (missing report)"),
        (_, "loan_id") => ("貸与番号", "Loan no."),
        (_, "topic") => ("内容", "Topic"),
        (_, "principal") => ("貸与額 (円)", "Principal (yen)"),
        (_, "interest") => ("利息 (円)", "Interest (yen)"),
        (_, "amount_due") => ("返還額 (円)", "Amount due (yen)"),
        (_, "service_months") => ("従事月数", "Service months"),
        (_, "late_interest") => ("延滞利息 (円)", "Late interest (yen)"),
        (_, "facility_name") => ("施設名", "Facility name"),
        (_, "prefecture") => ("都道府県", "Prefecture"),
        (_, "medical_area") => ("医療圏", "Medical area"),
        (_, "priority_area") => ("重点区域", "Priority area"),
        (_, "decision") => ("決定", "Decision"),
        (_, "actor") => ("実施者", "By"),
        (_, "at") => ("日時", "At"),
        (_, "state_before") => ("変更前の状態", "State before"),
        (_, "state_after") => ("変更後の状態", "State after"),
        (_, "seq") => ("連番", "Seq."),
        (_, "uid") => ("UID", "UID"),
        (_, "action") => ("操作", "Action"),
        (_, "prev_hash") => ("前の記録のハッシュ", "Previous hash"),
        (_, "hash") => ("ハッシュ", "Hash"),
        (_, "id") => ("通知番号", "Notification no."),
        (_, "case_ref") => ("受付番号", "Case reference"),
        (_, "recipient") => ("宛先", "Recipient"),
        (_, "body") => ("本文", "Body"),
        (_, "created_at") => ("作成日時", "Created"),
        (_, "release_at") => ("送信可能日時", "Release at"),
        (_, "delivery") => ("配信状況", "Delivery"),
        (_, "message_id") => ("Message-ID", "Message-ID"),
        (_, "attempts") => ("送信試行回数", "Attempts"),
        (_, "last_attempt_at") => ("最終試行日時", "Last attempt"),
        (_, "answer") => ("メールサーバーの応答", "Mail relay's answer"),
        (_, "queued_at") => ("送信待ちにした日時", "Queued"),
        (_, "next_attempt_at") => ("次の試行日時", "Next attempt"),
        (_, "sent_at") => ("送信日時", "Sent"),
        (_, "changed_by") => ("変更者", "Changed by"),
        _ => return None,
    };
    Some(lang.pick(ja, en))
}

/// The id of a serde unit enum read back (`adoption`, `declined`…).
fn from_serde_id<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_string())).ok()
}

/// Warnings by name, between cells of a list: `;` is the machine's.
const BETWEEN: &str = " / ";

/// A value of a column in words (None: shown as written).
pub fn value(lang: Lang, column: Column, raw: &str) -> Option<String> {
    let word = match column {
        Column::Queue => queue_name(lang, Queue::from_id(raw)?),
        Column::State => state_label(lang, State::from_id(raw)?),
        Column::Decision | Column::Action => decision_name(lang, DecisionKind::from_id(raw)?),
        Column::Flags => {
            let names: Vec<&str> = raw
                .split(';')
                .map(|id| Flag::from_id(id).map_or(id, |f| flag_text(lang, f)))
                .collect();
            return Some(names.join(BETWEEN));
        }
        Column::Topic => return Some(labels::topic(lang, raw)),
        Column::WithdrawalKind => labels::withdrawal_kind(lang, from_serde_id(raw)?),
        Column::DirectorDecision => labels::director_decision(lang, from_serde_id(raw)?),
        Column::TransferKind => labels::transfer_kind(lang, from_serde_id(raw)?),
        Column::OutboxStatus => labels::outbox_status(lang, from_serde_id(raw)?),
        Column::Delivery => delivery_state(lang, from_serde_id(raw)?),
        Column::CaseKind => super::fields::kind_name(lang, crate::interchange::Kind::from_id(raw)?),
        Column::YesNo => match raw {
            "true" => Text::Yes.get(lang),
            "false" => Text::No.get(lang),
            _ => return None,
        },
        Column::Text | Column::DateTime | Column::Date | Column::Number => return None,
    };
    Some(word.to_string())
}

/// A notification's delivery state, in a word.
fn delivery_state(lang: Lang, s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::Queued => lang.pick("送信待ち", "queued"),
        DeliveryState::Sent => lang.pick("送信済み", "sent"),
        DeliveryState::Failed => lang.pick("送信失敗", "failed"),
        DeliveryState::Cancelled => lang.pick("送信取り消し", "cancelled"),
    }
}

/// An export's CSV in its Excel form, in the user's language: titles and
/// labels in words, dates as Excel reads them, a UTF-8 BOM first and CRLF
/// line ends ([`crate::interchange::excel`]).
#[derive(Debug)]
pub struct ExcelText(crate::interchange::excel::ExcelCsv<ExcelWords>);

impl ExcelText {
    /// A converter for a reader of `lang`.
    pub fn new(lang: Lang) -> Self {
        ExcelText(crate::interchange::excel::ExcelCsv::new(ExcelWords(lang)))
    }

    /// The next piece of the CSV, converted: the records it completes.
    pub fn convert(&mut self, text: &str) -> String {
        self.0.convert(text)
    }

    /// The rest, once the CSV has ended.
    pub fn finish(&mut self) -> String {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_export_has_a_title_in_both_languages() {
        for table in Table::ALL {
            for column in table.columns() {
                for lang in [Lang::Ja, Lang::En] {
                    assert!(
                        title(lang, table, column).is_some(),
                        "{table:?} {column} has no title in {lang:?}"
                    );
                }
            }
        }
    }

    /// docs/formats.md lists the Excel form's columns; the list is checked
    /// against the titles here, so it cannot drift from them.
    #[test]
    fn the_documented_columns_are_the_titles() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/formats.md"),
        )
        .unwrap();
        for table in Table::ALL {
            for column in table.columns() {
                let row = format!(
                    "| `{column}` | {} | {} |",
                    title(Lang::Ja, table, column).unwrap(),
                    title(Lang::En, table, column).unwrap()
                );
                assert!(doc.contains(&row), "docs/formats.md lacks {row}");
            }
        }
    }

    #[test]
    fn ids_become_words() {
        for (c, raw, words) in [
            (Column::State, "awaiting_director", Some("統括回答待ち")),
            (Column::Queue, "transfer", Some("異動届・修了申請")),
            (Column::CaseKind, "completion_application", Some("修了申請")),
            (Column::Date, "2026-06-01", None),
            (Column::Decision, "return", Some("差し戻し")),
            (Column::Action, "users.add", None),
            (
                Column::Flags,
                "no_valid_supervisor;unknown",
                Some("要件を満たす指導責任者がいません (認定返上の対象) / unknown"),
            ),
            (Column::WithdrawalKind, "adoption", Some("採用辞退")),
            (Column::YesNo, "true", Some("あり")),
            (Column::State, "no_such_state", None),
        ] {
            assert_eq!(value(Lang::Ja, c, raw).as_deref(), words, "{raw}");
        }
        assert_eq!(
            value(Lang::En, Column::Delivery, "failed").as_deref(),
            Some("failed")
        );
    }

    #[test]
    fn excel_text_has_one_bom_titles_and_crlf_line_ends_across_pieces() {
        let mut x = ExcelText::new(Lang::Ja);
        let a = x.convert("ref,name,state\nW-1,山田,open\r");
        let b = x.convert("\nW-2,鈴木,closed\n");
        assert_eq!(
            a + &b + &x.finish(),
            "\u{feff}受付番号,氏名・施設名,状態\r\nW-1,山田,対応中\r\nW-2,鈴木,終了\r\n"
        );
    }
}
