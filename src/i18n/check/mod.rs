//! What `check` found, in the user's language: the store reports a typed
//! [`CheckFault`]; it becomes words only here. Table and index names are
//! the store's own (`people`, `idx_due`), as an administrator looks them up.

use super::Lang;
use crate::domain::{DeliveryState, OutboxStatus, Queue};
use crate::store::{CheckFault, Part, Why};

mod keys;
use keys::{key_en, key_ja};

/// A fault of `check` as one line in `lang` (without the `fault:` before it).
pub fn fault(lang: Lang, f: &CheckFault) -> String {
    match lang {
        Lang::Ja => japanese(f),
        Lang::En => english(f),
    }
}

impl std::fmt::Display for CheckFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&english(self))
    }
}

fn case_en(queue: Queue, reference: &str) -> String {
    format!("{}/{reference}", queue.id())
}

fn case_ja(queue: Queue, reference: &str) -> String {
    format!("{} {reference}", super::queue_name(Lang::Ja, queue))
}

fn english(f: &CheckFault) -> String {
    use CheckFault as F;
    match f {
        F::Record { table, key, why } => {
            format!(
                "{table} {}: the record does not read ({})",
                key_en(key),
                why_en(why)
            )
        }
        F::Entry {
            queue,
            reference,
            index,
            stale,
        } => format!(
            "{}: {} entry in {index}",
            case_en(*queue, reference),
            if *stale { "stale" } else { "missing" }
        ),
        F::Tag { queue, reference } => {
            format!("{}: stale or missing tag", case_en(*queue, reference))
        }
        F::Posting {
            queue,
            reference,
            word,
        } => format!(
            "{}: missing from the postings of {word}",
            case_en(*queue, reference)
        ),
        F::Ref {
            queue,
            reference,
            id,
        } => format!(
            "{}: ref index does not point at case {id}",
            case_en(*queue, reference)
        ),
        F::IndexSize { index, holds, want } => {
            format!("{index} holds {holds} entries but the cases call for {want}")
        }
        F::Postings { holds, want } => {
            format!("the search postings hold {holds} ids but the cases call for {want}")
        }
        F::Tags { holds, cases } => format!("tags hold {holds} cases of {cases}"),
        F::Refs { holds, cases } => format!("refs holds {holds} entries for {cases} cases"),
        F::Counters => "the queue counters do not match the cases".into(),
        F::OutboxOrphan { id } => format!("outbox message {id} belongs to no decision"),
        F::OutboxMissing { id } => {
            format!("a decision names outbox message {id}, which does not exist")
        }
        F::DeliveryNamesOther { id, outbox } => {
            format!("delivery {id} names outbox message {outbox}")
        }
        F::DeliveryUnreleased { id, status } => format!(
            "outbox message {id} has a delivery but is {}",
            status_en(*status)
        ),
        F::DeliveryAlone { id } => format!("delivery {id} has no outbox message"),
        F::DeliveryQueue {
            id,
            state,
            in_queue,
        } => format!(
            "delivery {id} is {} but {} the send queue",
            state.id(),
            if *in_queue { "in" } else { "not in" }
        ),
        F::SendQueue { holds, queued } => {
            format!("the send queue holds {holds} entries for {queued} queued deliveries")
        }
        F::AuditKey { key } => {
            format!("audit chain: the audit key {key} does not match this store")
        }
        F::AuditUnreadable { seq } => {
            format!("audit chain: record {seq} does not read, so the chain is not verified past it")
        }
        F::AuditGap { seq, found } => {
            format!("audit chain: record {seq} is missing (found {found})")
        }
        F::AuditBroken { seq } => format!(
            "audit chain broken at record {seq}: it does not follow record {}",
            seq.saturating_sub(1)
        ),
        F::AuditAltered { seq } => format!(
            "audit record {seq} was altered: its MAC does not verify under the store's audit key"
        ),
        F::AuditRemoved { count } => {
            format!("audit chain: the last {count} record(s) were removed")
        }
        F::AuditNoHead => "audit chain: the head marker is missing".into(),
        F::AnchorGone { seq } => format!(
            "the audit log no longer holds record {seq} that the anchored head names: it was truncated"
        ),
        F::AnchorRewritten { seq, anchored, now } => format!(
            "audit record {seq} no longer has the MAC anchored ({anchored}…, now {now}…): the log was rewritten"
        ),
        F::AnchorBeyond { head, anchor } => format!(
            "the audit chain ends at record {head} before the anchored record {anchor}: it was truncated"
        ),
        F::RoleNotGiven { user, role, given } => format!(
            "users {user:?}: the role {role} is not the one the audit log gave ({})",
            given.as_deref().unwrap_or("none")
        ),
        F::RoleLost { user } => {
            format!("users {user:?}: the audit log gave a role the store no longer holds")
        }
        F::IndexEntry {
            index,
            key,
            missing,
        } => super::enquiry::index_fault_en(index, &key_en(key), *missing),
    }
}

fn japanese(f: &CheckFault) -> String {
    use CheckFault as F;
    match f {
        F::Record { table, key, why } => {
            format!(
                "{table} {}: レコードを読めません ({})",
                key_ja(key),
                why_ja(why)
            )
        }
        F::Entry {
            queue,
            reference,
            index,
            stale,
        } => format!(
            "{}: {index} の項目が{}",
            case_ja(*queue, reference),
            if *stale {
                "案件と食い違っています"
            } else {
                "ありません"
            }
        ),
        F::Tag { queue, reference } => format!(
            "{}: タグがないか、案件と食い違っています",
            case_ja(*queue, reference)
        ),
        F::Posting {
            queue,
            reference,
            word,
        } => format!(
            "{}: 検索語「{word}」の索引に載っていません",
            case_ja(*queue, reference)
        ),
        F::Ref {
            queue,
            reference,
            id,
        } => format!(
            "{}: 参照番号の索引が案件 {id} を指していません",
            case_ja(*queue, reference)
        ),
        F::IndexSize { index, holds, want } => {
            format!("{index} の項目は {holds} 件ですが、案件からは {want} 件のはずです")
        }
        F::Postings { holds, want } => {
            format!("検索索引の id は {holds} 件ですが、案件からは {want} 件のはずです")
        }
        F::Tags { holds, cases } => {
            format!("タグがあるのは案件 {cases} 件のうち {holds} 件です")
        }
        F::Refs { holds, cases } => {
            format!("refs の項目は {holds} 件ですが、案件は {cases} 件です")
        }
        F::Counters => "キューの件数が案件と合いません".into(),
        F::OutboxOrphan { id } => format!("通知 {id} はどの決定にも属していません"),
        F::OutboxMissing { id } => format!("決定が通知 {id} を指していますが、存在しません"),
        F::DeliveryNamesOther { id, outbox } => {
            format!("配信 {id} が別の通知 {outbox} を指しています")
        }
        F::DeliveryUnreleased { id, status } => format!(
            "通知 {id} に配信がありますが、通知は{}です",
            status_ja(*status)
        ),
        F::DeliveryAlone { id } => format!("配信 {id} に対応する通知がありません"),
        F::DeliveryQueue {
            id,
            state,
            in_queue,
        } => format!(
            "配信 {id} は{}ですが、送信待ちの列に{}",
            delivery_ja(*state),
            if *in_queue {
                "入っています"
            } else {
                "ありません"
            }
        ),
        F::SendQueue { holds, queued } => {
            format!("送信待ちの列は {holds} 件ですが、送信待ちの配信は {queued} 件です")
        }
        F::AuditKey { key } => {
            format!("監査記録の連鎖: 監査鍵 {key} はこのストアの鍵ではありません")
        }
        F::AuditUnreadable { seq } => {
            format!("監査記録の連鎖: 記録 {seq} を読めないため、それより先は検証していません")
        }
        F::AuditGap { seq, found } => {
            format!("監査記録の連鎖: 記録 {seq} がありません ({found} がありました)")
        }
        F::AuditBroken { seq } => format!(
            "監査記録の連鎖が記録 {seq} で切れています: 記録 {} に続いていません",
            seq.saturating_sub(1)
        ),
        F::AuditAltered { seq } => {
            format!("監査記録 {seq} は改変されています: ストアの監査鍵で MAC を検証できません")
        }
        F::AuditRemoved { count } => {
            format!("監査記録の連鎖: 最後の {count} 件の記録が削除されています")
        }
        F::AuditNoHead => "監査記録の連鎖: 末尾の印がありません".into(),
        F::AnchorGone { seq } => format!(
            "控えておいた末尾が指す記録 {seq} が監査ログにありません: ログが切り詰められています"
        ),
        F::AnchorRewritten { seq, anchored, now } => format!(
            "監査記録 {seq} の MAC が控えと違います (控え {anchored}…、現在 {now}…): ログが書き換えられています"
        ),
        F::AnchorBeyond { head, anchor } => format!(
            "監査記録の連鎖は記録 {head} で終わり、控えておいた記録 {anchor} に届きません: ログが切り詰められています"
        ),
        F::RoleNotGiven { user, role, given } => format!(
            "利用者 {user:?}: 役割 {role} は監査ログが与えたもの ({}) ではありません",
            given.as_deref().unwrap_or("なし")
        ),
        F::RoleLost { user } => {
            format!("利用者 {user:?}: 監査ログが与えた役割がストアにありません")
        }
        F::IndexEntry {
            index,
            key,
            missing,
        } => super::enquiry::index_fault_ja(index, &key_ja(key), *missing),
    }
}

fn status_en(s: OutboxStatus) -> &'static str {
    match s {
        OutboxStatus::Pending => "Pending",
        OutboxStatus::Released => "Released",
        OutboxStatus::Cancelled => "Cancelled",
    }
}

fn status_ja(s: OutboxStatus) -> &'static str {
    match s {
        OutboxStatus::Pending => "送信待ち",
        OutboxStatus::Released => "書き出し済み",
        OutboxStatus::Cancelled => "取り消し済み",
    }
}

fn delivery_ja(s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::Queued => "送信待ち",
        DeliveryState::Sent => "送信済み",
        DeliveryState::Failed => "送信失敗",
        DeliveryState::Cancelled => "取り消し済み",
    }
}

/// Why a record does not read, in English.
fn why_en(w: &Why) -> String {
    match w {
        Why::NotA { what, detail } => format!("not {}: {detail}", part_en(*what, true)),
        Why::Length { what, want, found } => {
            format!("{} is {want} bytes, not {found}", part_en(*what, true))
        }
        Why::NotText { what } => format!("{} is not UTF-8", part_en(*what, false)),
        Why::Empty { what } => format!("{} is empty", part_en(*what, false)),
        Why::CutShort { what } => format!("{} is cut short", part_en(*what, false)),
        Why::Misplaced { what, key, found } => {
            format!("the {} under {key} says it is {found}", part_word_en(*what))
        }
        Why::IndexValue { found } => {
            format!("an index entry carries no value, and this one has {found} bytes")
        }
        Why::NoQueue => "the key names no queue".into(),
        Why::NoBucket => "the key names neither open nor closed cases".into(),
        Why::NoSeparator => "the key has no separator".into(),
        Why::NoSubjectKind => "a subject entry does not begin with a subject kind".into(),
        Why::NoState => "a counter names no state".into(),
        Why::LeftBehind => "schema 6 keeps no such table: the entry was left behind".into(),
        Why::NotARole { role } => format!("{role:?} is not a role"),
        Why::NotATag { slot } => format!("slot {slot} is not a tag"),
        Why::NoIds => "a block of ids holds none".into(),
        Why::IdTooLarge => "an id does not fit 64 bits".into(),
        Why::NotAHead => "the head is not a number and a MAC".into(),
        Why::NotACreatedMark => "not a created case's mark".into(),
        Why::NotAPriorValue => "not a prior value (absent, or present with its bytes)".into(),
        Why::NoTable => "the entry names no table".into(),
        Why::NotAJournalKey => "an import journal key is neither a header nor an entry".into(),
    }
}

/// A part's bare word (`case`, `audit record`).
fn part_word_en(p: Part) -> &'static str {
    match p {
        Part::Case => "case",
        Part::Person => "person",
        Part::Facility => "facility",
        Part::Physician => "physician",
        Part::Loan => "loan",
        Part::AuditRecord => "audit record",
        Part::Notification => "notification",
        Part::Delivery => "delivery",
        Part::UndoEntry => "undo entry",
        Part::UndoRecord => "undo record",
        Part::ImportHeader => "import header",
        Part::Id => "id",
        Part::CaseId => "case id",
        Part::Count => "count",
        Part::SequenceNumber => "sequence number",
        Part::ImportId => "import id",
        Part::UndoNumber => "undo number",
        Part::DueEntry => "due-date entry",
        Part::CounterKey => "counter's key",
        Part::AssigneeNumber => "assignee number",
        Part::SchemaVersion => "schema version",
        Part::TagBlock => "tag block",
        Part::TagBlockKey => "tag block key",
        Part::BirthDate => "birth date",
        Part::JournalKey => "import journal key",
        Part::LastId => "last id",
        Part::Ref => "ref",
        Part::Name => "name",
        Part::Key => "key",
        Part::User => "user",
        Part::Word => "word",
        Part::Role => "role",
        Part::Mac => "MAC",
        Part::Value => "value",
        Part::RegistrationNumber => "registration number",
        Part::Enquiry => "enquiry",
    }
}

/// A part with its article: `a case` (`indefinite`) or `the key`.
pub(super) fn part_en(p: Part, indefinite: bool) -> String {
    let word = part_word_en(p);
    if !indefinite {
        return format!("the {word}");
    }
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}

fn why_ja(w: &Why) -> String {
    match w {
        Why::NotA { what, detail } => {
            format!("{}として読めません: {detail}", part_ja(*what))
        }
        Why::Length { what, want, found } => format!(
            "{}は {want} バイトのはずが {found} バイトです",
            part_ja(*what)
        ),
        Why::NotText { what } => format!("{}が UTF-8 ではありません", part_ja(*what)),
        Why::Empty { what } => format!("{}が空です", part_ja(*what)),
        Why::CutShort { what } => format!("{}が途中で切れています", part_ja(*what)),
        Why::Misplaced { what, key, found } => format!(
            "{key} の下の{}が自分は {found} だと言っています",
            part_ja(*what)
        ),
        Why::IndexValue { found } => {
            format!("索引の項目は値を持たないはずが {found} バイトあります")
        }
        Why::NoQueue => "キーがキューを示していません".into(),
        Why::NoBucket => "キーが未完了とも完了ともなっていません".into(),
        Why::NoSeparator => "キーに区切りがありません".into(),
        Why::NoSubjectKind => "対象の項目が対象の種類で始まっていません".into(),
        Why::NoState => "件数が状態を示していません".into(),
        Why::LeftBehind => "スキーマ 6 にはない表です: 移行のときに残った項目です".into(),
        Why::NotARole { role } => format!("{role:?} は役割ではありません"),
        Why::NotATag { slot } => format!("枠 {slot} がタグではありません"),
        Why::NoIds => "id の塊に id がありません".into(),
        Why::IdTooLarge => "id が 64 ビットに収まりません".into(),
        Why::NotAHead => "末尾の印が番号と MAC になっていません".into(),
        Why::NotACreatedMark => "作成した案件の印ではありません".into(),
        Why::NotAPriorValue => "以前の値 (なし、または値そのもの) ではありません".into(),
        Why::NoTable => "項目が表を示していません".into(),
        Why::NotAJournalKey => "取り込み記録のキーが見出しでも項目でもありません".into(),
    }
}

pub(super) fn part_ja(p: Part) -> &'static str {
    match p {
        Part::Case => "案件",
        Part::Person => "人",
        Part::Facility => "施設",
        Part::Physician => "医師",
        Part::Loan => "貸与",
        Part::AuditRecord => "監査記録",
        Part::Notification => "通知",
        Part::Delivery => "配信",
        Part::UndoEntry | Part::UndoRecord => "取り消しの記録",
        Part::ImportHeader => "取り込みの見出し",
        Part::Id => "id",
        Part::CaseId => "案件 id",
        Part::Count => "件数",
        Part::SequenceNumber => "通し番号",
        Part::ImportId => "取り込み id",
        Part::UndoNumber => "取り消しの番号",
        Part::DueEntry => "期限の項目",
        Part::CounterKey => "件数のキー",
        Part::AssigneeNumber => "担当者番号",
        Part::SchemaVersion => "スキーマの版",
        Part::TagBlock => "タグの塊",
        Part::TagBlockKey => "タグの塊のキー",
        Part::BirthDate => "生年月日",
        Part::JournalKey => "取り込み記録のキー",
        Part::LastId => "最後の id",
        Part::Ref => "参照番号",
        Part::Name => "名前",
        Part::Key => "キー",
        Part::User => "利用者",
        Part::Word => "語",
        Part::Role => "役割",
        Part::Mac => "MAC",
        Part::Value => "値",
        Part::RegistrationNumber => "登録番号",
        Part::Enquiry => "問い合わせ記録",
    }
}

#[cfg(test)]
mod tests;
