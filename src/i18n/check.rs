//! What `check` found, in the user's language: the store reports a typed
//! [`CheckFault`]; it becomes words only here. Table and index names are
//! the store's own (`people`, `idx_due`), as an administrator looks them up.

use super::Lang;
use crate::domain::{DeliveryState, OutboxStatus, Queue};
use crate::store::{CheckFault, Part, RecordKey, Why};

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
    }
}

impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&key_en(self))
    }
}

fn day(d: &Option<chrono::NaiveDate>, none: &str) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| none.into())
}

/// A record's key in English.
fn key_en(k: &RecordKey) -> String {
    use RecordKey as K;
    let open = |closed: bool| if closed { "closed" } else { "open" };
    match k {
        K::Number { n } => n.to_string(),
        K::Case {
            id,
            queue,
            reference,
        } => format!("{id} ({})", case_en(*queue, reference)),
        K::TagBlock { block, first, last } => format!("{block} (cases {first} to {last})"),
        K::Name { name } => format!("{name:?}"),
        K::Ref { queue, reference } => case_en(*queue, reference),
        K::Due {
            queue,
            closed,
            due,
            case,
        } => format!(
            "{} {} due {} case {}",
            queue.id(),
            open(*closed),
            day(due, "none"),
            case.map(|c| c.to_string()).unwrap_or_default()
        ),
        K::Undo { user, seq } => format!("{user:?} entry {seq}"),
        K::ByName {
            queue,
            closed,
            name,
            case,
        } => format!("{} {} {name} case {case}", queue.id(), open(*closed)),
        K::Subject {
            facility,
            number,
            case,
        } => format!(
            "{} {number} case {case}",
            if *facility { "facility" } else { "person" }
        ),
        K::Counter { queue, state, due } => {
            format!("{} {} due {}", queue.id(), state.id(), day(due, "none"))
        }
        K::Identity { name, born, number } => {
            format!("{name} born {} {number}", day(born, "none"))
        }
        K::Posting { queue, word, first } => {
            format!("{} {word} from case {first}", queue.id())
        }
        K::ImportHeader { import } => format!("import {import} header"),
        K::ImportCreated { import, case } => format!("import {import} created case {case}"),
        K::ImportPrior { import, table, key } => {
            format!("import {import} prior value of {table} {}", key_en(key))
        }
        K::Bytes { text } => text.clone(),
    }
}

/// A record's key in Japanese.
fn key_ja(k: &RecordKey) -> String {
    use RecordKey as K;
    let open = |closed: bool| if closed { "完了" } else { "未完了" };
    let q = |queue: &Queue| super::queue_name(Lang::Ja, *queue);
    match k {
        K::Number { n } => n.to_string(),
        K::Case {
            id,
            queue,
            reference,
        } => format!("{id} ({})", case_ja(*queue, reference)),
        K::TagBlock { block, first, last } => format!("{block} (案件 {first}〜{last})"),
        K::Name { name } => format!("{name:?}"),
        K::Ref { queue, reference } => case_ja(*queue, reference),
        K::Due {
            queue,
            closed,
            due,
            case,
        } => format!(
            "{} {} 期限 {} 案件 {}",
            q(queue),
            open(*closed),
            day(due, "なし"),
            case.map(|c| c.to_string()).unwrap_or_default()
        ),
        K::Undo { user, seq } => format!("{user:?} の取り消し {seq}"),
        K::ByName {
            queue,
            closed,
            name,
            case,
        } => format!("{} {} {name} 案件 {case}", q(queue), open(*closed)),
        K::Subject {
            facility,
            number,
            case,
        } => format!(
            "{} {number} 案件 {case}",
            if *facility { "施設" } else { "人" }
        ),
        K::Counter { queue, state, due } => format!(
            "{} {} 期限 {}",
            q(queue),
            super::state_name(Lang::Ja, *state),
            day(due, "なし")
        ),
        K::Identity { name, born, number } => {
            format!("{name} 生年月日 {} {number}", day(born, "なし"))
        }
        K::Posting { queue, word, first } => {
            format!("{} {word} 案件 {first} から", q(queue))
        }
        K::ImportHeader { import } => format!("取り込み {import} の見出し"),
        K::ImportCreated { import, case } => {
            format!("取り込み {import} が作成した案件 {case}")
        }
        K::ImportPrior { import, table, key } => {
            format!(
                "取り込み {import} が控えた {table} {} の以前の値",
                key_ja(key)
            )
        }
        K::Bytes { text } => text.clone(),
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DeliveryState, OutboxStatus, Queue};

    fn japanese_letters(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
    }

    /// One fault of each kind; the match makes a new kind fail to compile here
    /// until it is added.
    fn one_of_each() -> Vec<CheckFault> {
        use CheckFault as F;
        let (q, r) = (Queue::Withdrawal, "W-2026-0001".to_string());
        let all = vec![
            F::Record {
                table: "people".into(),
                key: RecordKey::Name {
                    name: "1234567".into(),
                },
                why: Why::NotA {
                    what: Part::Person,
                    detail: "io error: unexpected end of file".into(),
                },
            },
            F::Entry {
                queue: q,
                reference: r.clone(),
                index: "idx_due".into(),
                stale: false,
            },
            F::Entry {
                queue: q,
                reference: r.clone(),
                index: "idx_name".into(),
                stale: true,
            },
            F::Tag {
                queue: q,
                reference: r.clone(),
            },
            F::Posting {
                queue: q,
                reference: r.clone(),
                word: "山田".into(),
            },
            F::Ref {
                queue: q,
                reference: r,
                id: 17,
            },
            F::IndexSize {
                index: "idx_due".into(),
                holds: 49,
                want: 50,
            },
            F::Postings { holds: 3, want: 4 },
            F::Tags {
                holds: 49,
                cases: 50,
            },
            F::Refs {
                holds: 49,
                cases: 50,
            },
            F::Counters,
            F::OutboxOrphan { id: 5 },
            F::OutboxMissing { id: 6 },
            F::DeliveryNamesOther { id: 7, outbox: 8 },
            F::DeliveryUnreleased {
                id: 9,
                status: OutboxStatus::Pending,
            },
            F::DeliveryAlone { id: 10 },
            F::DeliveryQueue {
                id: 11,
                state: DeliveryState::Sent,
                in_queue: true,
            },
            F::SendQueue {
                holds: 2,
                queued: 1,
            },
            F::AuditKey {
                key: "/etc/secretariat/audit.key".into(),
            },
            F::AuditUnreadable { seq: 3 },
            F::AuditGap { seq: 4, found: 5 },
            F::AuditBroken { seq: 6 },
            F::AuditAltered { seq: 1 },
            F::AuditRemoved { count: 2 },
            F::AuditNoHead,
            F::AnchorGone { seq: 9 },
            F::AnchorRewritten {
                seq: 2,
                anchored: "0123456789ab".into(),
                now: "ba9876543210".into(),
            },
            F::AnchorBeyond { head: 2, anchor: 3 },
            F::RoleNotGiven {
                user: "mallory".into(),
                role: "supervisor".into(),
                given: None,
            },
            F::RoleLost {
                user: "tanaka".into(),
            },
        ];
        for f in &all {
            match f {
                F::Record { .. }
                | F::Entry { .. }
                | F::Tag { .. }
                | F::Posting { .. }
                | F::Ref { .. }
                | F::IndexSize { .. }
                | F::Postings { .. }
                | F::Tags { .. }
                | F::Refs { .. }
                | F::Counters
                | F::OutboxOrphan { .. }
                | F::OutboxMissing { .. }
                | F::DeliveryNamesOther { .. }
                | F::DeliveryUnreleased { .. }
                | F::DeliveryAlone { .. }
                | F::DeliveryQueue { .. }
                | F::SendQueue { .. }
                | F::AuditKey { .. }
                | F::AuditUnreadable { .. }
                | F::AuditGap { .. }
                | F::AuditBroken { .. }
                | F::AuditAltered { .. }
                | F::AuditRemoved { .. }
                | F::AuditNoHead
                | F::AnchorGone { .. }
                | F::AnchorRewritten { .. }
                | F::AnchorBeyond { .. }
                | F::RoleNotGiven { .. }
                | F::RoleLost { .. } => {}
            }
        }
        all
    }

    /// One reason of each kind, likewise.
    fn every_why() -> Vec<Why> {
        let all = vec![
            Why::NotA {
                what: Part::AuditRecord,
                detail: "invalid value".into(),
            },
            Why::Length {
                what: Part::CaseId,
                want: 8,
                found: 3,
            },
            Why::NotText { what: Part::Ref },
            Why::Empty { what: Part::Name },
            Why::CutShort {
                what: Part::BirthDate,
            },
            Why::Misplaced {
                what: Part::Notification,
                key: 4,
                found: 5,
            },
            Why::IndexValue { found: 3 },
            Why::NoQueue,
            Why::NoBucket,
            Why::NoSeparator,
            Why::NoSubjectKind,
            Why::NoState,
            Why::LeftBehind,
            Why::NotARole {
                role: "emperor".into(),
            },
            Why::NotATag { slot: 7 },
            Why::NoIds,
            Why::IdTooLarge,
            Why::NotAHead,
            Why::NotACreatedMark,
            Why::NotAPriorValue,
            Why::NoTable,
            Why::NotAJournalKey,
        ];
        for w in &all {
            match w {
                Why::NotA { .. }
                | Why::Length { .. }
                | Why::NotText { .. }
                | Why::Empty { .. }
                | Why::CutShort { .. }
                | Why::Misplaced { .. }
                | Why::IndexValue { .. }
                | Why::NoQueue
                | Why::NoBucket
                | Why::NoSeparator
                | Why::NoSubjectKind
                | Why::NoState
                | Why::LeftBehind
                | Why::NotARole { .. }
                | Why::NotATag { .. }
                | Why::NoIds
                | Why::IdTooLarge
                | Why::NotAHead
                | Why::NotACreatedMark
                | Why::NotAPriorValue
                | Why::NoTable
                | Why::NotAJournalKey => {}
            }
        }
        all
    }

    #[test]
    fn every_fault_is_worded_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for f in one_of_each() {
            let (ja, en) = (fault(Lang::Ja, &f), fault(Lang::En, &f));
            assert!(japanese_letters(&ja), "{f:?}: {ja}");
            assert!(!japanese_letters(&en) || en.contains("山田"), "{f:?}: {en}");
            assert_eq!(en, f.to_string());
            for s in [&ja, &en] {
                assert!(!s.is_empty() && !s.contains('\n'), "{f:?}: {s}");
                assert!(seen.insert(s.clone()), "worded twice: {s}");
            }
        }
    }

    #[test]
    fn every_reason_a_record_does_not_read_is_worded_in_both_languages() {
        for why in every_why() {
            let f = CheckFault::Record {
                table: "cases".into(),
                key: RecordKey::Case {
                    id: 17,
                    queue: Queue::Withdrawal,
                    reference: "W-2026-0017".into(),
                },
                why: why.clone(),
            };
            let (ja, en) = (fault(Lang::Ja, &f), fault(Lang::En, &f));
            assert!(
                ja.starts_with("cases 17 (採用辞退 W-2026-0017): レコードを読めません ("),
                "{ja}"
            );
            assert!(
                japanese_letters(&ja[ja.find('(').unwrap_or(0)..]),
                "{why:?}: {ja}"
            );
            assert!(
                en.starts_with("cases 17 (withdrawal/W-2026-0017): the record does not read ("),
                "{en}"
            );
            assert!(!japanese_letters(&en), "{why:?}: {en}");
        }
    }

    #[test]
    fn the_english_words_are_those_check_always_printed() {
        let f = one_of_each();
        assert_eq!(
            f[0].to_string(),
            "people \"1234567\": the record does not read (not a person: io error: unexpected end of file)"
        );
        assert_eq!(
            f[1].to_string(),
            "withdrawal/W-2026-0001: missing entry in idx_due"
        );
        assert_eq!(
            f[22].to_string(),
            "audit record 1 was altered: its MAC does not verify under the store's audit key"
        );
        assert_eq!(
            fault(Lang::Ja, &f[22]),
            "監査記録 1 は改変されています: ストアの監査鍵で MAC を検証できません"
        );
        assert_eq!(
            fault(Lang::Ja, &f[1]),
            "採用辞退 W-2026-0001: idx_due の項目がありません"
        );
        let short = Why::Length {
            what: Part::CaseId,
            want: 8,
            found: 3,
        };
        assert_eq!(why_en(&short), "a case id is 8 bytes, not 3");
        assert_eq!(why_ja(&short), "案件 idは 8 バイトのはずが 3 バイトです");
        assert_eq!(
            why_en(&Why::NotA {
                what: Part::AuditRecord,
                detail: "x".into()
            }),
            "not an audit record: x"
        );
    }

    #[test]
    fn keys_are_worded_in_both_languages() {
        use crate::domain::State;
        let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
        let keys = [
            RecordKey::Due {
                queue: Queue::Transfer,
                closed: false,
                due,
                case: Some(17),
            },
            RecordKey::Counter {
                queue: Queue::Withdrawal,
                state: State::Returned,
                due: None,
            },
            RecordKey::TagBlock {
                block: 1,
                first: 128,
                last: 255,
            },
            RecordKey::ImportPrior {
                import: 3,
                table: "people".into(),
                key: Box::new(RecordKey::Name {
                    name: "1234567".into(),
                }),
            },
        ];
        let en: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let ja: Vec<String> = keys.iter().map(key_ja).collect();
        assert_eq!(en[0], "transfer open due 2026-12-01 case 17");
        assert_eq!(ja[0], "異動届 未完了 期限 2026-12-01 案件 17");
        assert_eq!(en[1], "withdrawal returned due none");
        assert_eq!(ja[1], "採用辞退 差し戻し 期限 なし");
        assert_eq!(en[2], "1 (cases 128 to 255)");
        assert_eq!(ja[2], "1 (案件 128〜255)");
        assert_eq!(en[3], "import 3 prior value of people \"1234567\"");
        assert_eq!(ja[3], "取り込み 3 が控えた people \"1234567\" の以前の値");
    }
}
