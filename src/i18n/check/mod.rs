//! What `check` found, in the user's language: the store reports a typed
//! [`CheckFault`]; it becomes words only here, each variant in one arm with
//! its Japanese and English side by side. Table and index names are the
//! store's own (`people`, `idx_due`), as an administrator looks them up.

use super::Lang;
use crate::domain::{DeliveryState, OutboxStatus, Queue};
use crate::store::{CheckFault, Part, Why};

mod keys;
use keys::key;

english_display! {
    CheckFault => fault;
}

/// A case as `check` names it: `withdrawal/W-1`, or its queue's Japanese name.
fn case(lang: Lang, queue: Queue, reference: &str) -> String {
    lang.pick(
        format!("{} {reference}", super::queue_name(Lang::Ja, queue)),
        format!("{}/{reference}", queue.id()),
    )
}

/// A fault of `check` as one line in `lang` (without the `fault:` before it).
pub fn fault(lang: Lang, f: &CheckFault) -> String {
    use CheckFault as F;
    let case = |queue: &Queue, reference: &str| case(lang, *queue, reference);
    match f {
        F::Record { table, key: k, why: w } => {
            let (k, w) = (key(lang, k), why(lang, w));
            lang.pick(
                format!("{table} {k}: レコードを読めません ({w})"),
                format!("{table} {k}: the record does not read ({w})"),
            )
        }
        F::Entry {
            queue,
            reference,
            index,
            stale,
        } => {
            let c = case(queue, reference);
            let (ja, en) = if *stale {
                ("案件と食い違っています", "stale")
            } else {
                ("ありません", "missing")
            };
            lang.pick(
                format!("{c}: {index} の項目が{ja}"),
                format!("{c}: {en} entry in {index}"),
            )
        }
        F::Tag { queue, reference } => {
            let c = case(queue, reference);
            lang.pick(
                format!("{c}: タグがないか、案件と食い違っています"),
                format!("{c}: stale or missing tag"),
            )
        }
        F::Posting {
            queue,
            reference,
            word,
        } => {
            let c = case(queue, reference);
            lang.pick(
                format!("{c}: 検索語「{word}」の索引に載っていません"),
                format!("{c}: missing from the postings of {word}"),
            )
        }
        F::Ref {
            queue,
            reference,
            id,
        } => {
            let c = case(queue, reference);
            lang.pick(
                format!("{c}: 参照番号の索引が案件 {id} を指していません"),
                format!("{c}: ref index does not point at case {id}"),
            )
        }
        F::IndexSize { index, holds, want } => lang.pick(
            format!("{index} の項目は {holds} 件ですが、案件からは {want} 件のはずです"),
            format!("{index} holds {holds} entries but the cases call for {want}"),
        ),
        F::Postings { holds, want } => lang.pick(
            format!("検索索引の id は {holds} 件ですが、案件からは {want} 件のはずです"),
            format!("the search postings hold {holds} ids but the cases call for {want}"),
        ),
        F::Tags { holds, cases } => lang.pick(
            format!("タグがあるのは案件 {cases} 件のうち {holds} 件です"),
            format!("tags hold {holds} cases of {cases}"),
        ),
        F::Refs { holds, cases } => lang.pick(
            format!("refs の項目は {holds} 件ですが、案件は {cases} 件です"),
            format!("refs holds {holds} entries for {cases} cases"),
        ),
        F::Counters => lang
            .pick(
                "キューの件数が案件と合いません",
                "the queue counters do not match the cases",
            )
            .into(),
        F::OutboxOrphan { id } => lang.pick(
            format!("通知 {id} はどの決定にも属していません"),
            format!("outbox message {id} belongs to no decision"),
        ),
        F::OutboxMissing { id } => lang.pick(
            format!("決定が通知 {id} を指していますが、存在しません"),
            format!("a decision names outbox message {id}, which does not exist"),
        ),
        F::DeliveryNamesOther { id, outbox } => lang.pick(
            format!("配信 {id} が別の通知 {outbox} を指しています"),
            format!("delivery {id} names outbox message {outbox}"),
        ),
        F::DeliveryUnreleased { id, status: s } => {
            let s = status(lang, *s);
            lang.pick(
                format!("通知 {id} に配信がありますが、通知は{s}です"),
                format!("outbox message {id} has a delivery but is {s}"),
            )
        }
        F::DeliveryAlone { id } => lang.pick(
            format!("配信 {id} に対応する通知がありません"),
            format!("delivery {id} has no outbox message"),
        ),
        F::DeliveryQueue {
            id,
            state,
            in_queue,
        } => {
            let (ja, en) = if *in_queue {
                ("入っています", "in")
            } else {
                ("ありません", "not in")
            };
            lang.pick(
                format!(
                    "配信 {id} は{}ですが、送信待ちの列に{ja}",
                    delivery_ja(*state)
                ),
                format!("delivery {id} is {} but {en} the send queue", state.id()),
            )
        }
        F::SendQueue { holds, queued } => lang.pick(
            format!("送信待ちの列は {holds} 件ですが、送信待ちの配信は {queued} 件です"),
            format!("the send queue holds {holds} entries for {queued} queued deliveries"),
        ),
        F::AuditKey { key } => lang.pick(
            format!("監査記録の連鎖: 監査鍵 {key} はこのストアの鍵ではありません"),
            format!("audit chain: the audit key {key} does not match this store"),
        ),
        F::AuditUnreadable { seq } => lang.pick(
            format!("監査記録の連鎖: 記録 {seq} を読めないため、それより先は検証していません"),
            format!("audit chain: record {seq} does not read, so the chain is not verified past it"),
        ),
        F::AuditGap { seq, found } => lang.pick(
            format!("監査記録の連鎖: 記録 {seq} がありません ({found} がありました)"),
            format!("audit chain: record {seq} is missing (found {found})"),
        ),
        F::AuditBroken { seq } => {
            let before = seq.saturating_sub(1);
            lang.pick(
                format!("監査記録の連鎖が記録 {seq} で切れています: 記録 {before} に続いていません"),
                format!("audit chain broken at record {seq}: it does not follow record {before}"),
            )
        }
        F::AuditAltered { seq } => lang.pick(
            format!("監査記録 {seq} は改変されています: ストアの監査鍵で MAC を検証できません"),
            format!(
                "audit record {seq} was altered: its MAC does not verify under the store's audit key"
            ),
        ),
        F::AuditRemoved { count } => lang.pick(
            format!("監査記録の連鎖: 最後の {count} 件の記録が削除されています"),
            format!("audit chain: the last {count} record(s) were removed"),
        ),
        F::AuditNoHead => lang
            .pick(
                "監査記録の連鎖: 末尾の印がありません",
                "audit chain: the head marker is missing",
            )
            .into(),
        F::AnchorGone { seq } => lang.pick(
            format!(
                "控えておいた末尾が指す記録 {seq} が監査ログにありません: ログが切り詰められています"
            ),
            format!(
                "the audit log no longer holds record {seq} that the anchored head names: it was truncated"
            ),
        ),
        F::AnchorRewritten { seq, anchored, now } => lang.pick(
            format!(
                "監査記録 {seq} の MAC が控えと違います (控え {anchored}…、現在 {now}…): ログが書き換えられています"
            ),
            format!(
                "audit record {seq} no longer has the MAC anchored ({anchored}…, now {now}…): the log was rewritten"
            ),
        ),
        F::AnchorBeyond { head, anchor } => lang.pick(
            format!(
                "監査記録の連鎖は記録 {head} で終わり、控えておいた記録 {anchor} に届きません: ログが切り詰められています"
            ),
            format!(
                "the audit chain ends at record {head} before the anchored record {anchor}: it was truncated"
            ),
        ),
        F::RoleNotGiven { user, role, given } => {
            let given = given
                .as_deref()
                .unwrap_or_else(|| lang.pick("なし", "none"));
            lang.pick(
                format!("利用者 {user:?}: 役割 {role} は監査ログが与えたもの ({given}) ではありません"),
                format!("users {user:?}: the role {role} is not the one the audit log gave ({given})"),
            )
        }
        F::RoleLost { user } => lang.pick(
            format!("利用者 {user:?}: 監査ログが与えた役割がストアにありません"),
            format!("users {user:?}: the audit log gave a role the store no longer holds"),
        ),
        F::IndexEntry {
            index,
            key,
            missing,
        } => {
            let k = keys::key(lang, key);
            lang.pick(
                super::enquiry::index_fault_ja(index, &k, *missing),
                super::enquiry::index_fault_en(index, &k, *missing),
            )
        }
    }
}

fn status(lang: Lang, s: OutboxStatus) -> &'static str {
    match s {
        OutboxStatus::Pending => lang.pick("送信待ち", "Pending"),
        OutboxStatus::Released => lang.pick("書き出し済み", "Released"),
        OutboxStatus::Cancelled => lang.pick("取り消し済み", "Cancelled"),
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

/// Why a record does not read.
fn why(lang: Lang, w: &Why) -> String {
    let part = |p: &Part, indefinite| part(lang, *p, indefinite);
    match w {
        Why::NotA { what, detail } => {
            let what = part(what, true);
            lang.pick(
                format!("{what}として読めません: {detail}"),
                format!("not {what}: {detail}"),
            )
        }
        Why::Length { what, want, found } => {
            let what = part(what, true);
            lang.pick(
                format!("{what}は {want} バイトのはずが {found} バイトです"),
                format!("{what} is {want} bytes, not {found}"),
            )
        }
        Why::NotText { what } => {
            let what = part(what, false);
            lang.pick(
                format!("{what}が UTF-8 ではありません"),
                format!("{what} is not UTF-8"),
            )
        }
        Why::Empty { what } => {
            let what = part(what, false);
            lang.pick(format!("{what}が空です"), format!("{what} is empty"))
        }
        Why::CutShort { what } => {
            let what = part(what, false);
            lang.pick(
                format!("{what}が途中で切れています"),
                format!("{what} is cut short"),
            )
        }
        Why::Misplaced { what, key, found } => {
            let what = part(what, false);
            lang.pick(
                format!("{key} の下の{what}が自分は {found} だと言っています"),
                format!("{what} under {key} says it is {found}"),
            )
        }
        Why::IndexValue { found } => lang.pick(
            format!("索引の項目は値を持たないはずが {found} バイトあります"),
            format!("an index entry carries no value, and this one has {found} bytes"),
        ),
        Why::NotARole { role } => lang.pick(
            format!("{role:?} は役割ではありません"),
            format!("{role:?} is not a role"),
        ),
        Why::NotATag { slot } => lang.pick(
            format!("枠 {slot} がタグではありません"),
            format!("slot {slot} is not a tag"),
        ),
        Why::NoQueue => lang
            .pick("キーがキューを示していません", "the key names no queue")
            .into(),
        Why::NoBucket => lang
            .pick(
                "キーが未完了とも完了ともなっていません",
                "the key names neither open nor closed cases",
            )
            .into(),
        Why::NoSeparator => lang
            .pick("キーに区切りがありません", "the key has no separator")
            .into(),
        Why::NoSubjectKind => lang
            .pick(
                "対象の項目が対象の種類で始まっていません",
                "a subject entry does not begin with a subject kind",
            )
            .into(),
        Why::NoState => lang
            .pick("件数が状態を示していません", "a counter names no state")
            .into(),
        Why::LeftBehind => lang
            .pick(
                "スキーマ 6 にはない表です: 移行のときに残った項目です",
                "schema 6 keeps no such table: the entry was left behind",
            )
            .into(),
        Why::NoIds => lang
            .pick("id の塊に id がありません", "a block of ids holds none")
            .into(),
        Why::IdTooLarge => lang
            .pick(
                "id が 64 ビットに収まりません",
                "an id does not fit 64 bits",
            )
            .into(),
        Why::NotAHead => lang
            .pick(
                "末尾の印が番号と MAC になっていません",
                "the head is not a number and a MAC",
            )
            .into(),
        Why::NotACreatedMark => lang
            .pick(
                "作成した案件の印ではありません",
                "not a created case's mark",
            )
            .into(),
        Why::NotAPriorValue => lang
            .pick(
                "以前の値 (なし、または値そのもの) ではありません",
                "not a prior value (absent, or present with its bytes)",
            )
            .into(),
        Why::NoTable => lang
            .pick("項目が表を示していません", "the entry names no table")
            .into(),
        Why::NotAJournalKey => lang
            .pick(
                "取り込み記録のキーが見出しでも項目でもありません",
                "an import journal key is neither a header nor an entry",
            )
            .into(),
    }
}

/// A part's bare words: Japanese, and English (`case`, `audit record`).
fn part_words(p: Part) -> (&'static str, &'static str) {
    match p {
        Part::Case => ("案件", "case"),
        Part::Person => ("人", "person"),
        Part::Facility => ("施設", "facility"),
        Part::Physician => ("医師", "physician"),
        Part::Loan => ("貸与", "loan"),
        Part::AuditRecord => ("監査記録", "audit record"),
        Part::Notification => ("通知", "notification"),
        Part::Delivery => ("配信", "delivery"),
        Part::UndoEntry => ("取り消しの記録", "undo entry"),
        Part::UndoRecord => ("取り消しの記録", "undo record"),
        Part::ImportHeader => ("取り込みの見出し", "import header"),
        Part::Id => ("id", "id"),
        Part::CaseId => ("案件 id", "case id"),
        Part::Count => ("件数", "count"),
        Part::SequenceNumber => ("通し番号", "sequence number"),
        Part::ImportId => ("取り込み id", "import id"),
        Part::UndoNumber => ("取り消しの番号", "undo number"),
        Part::DueEntry => ("期限の項目", "due-date entry"),
        Part::CounterKey => ("件数のキー", "counter's key"),
        Part::AssigneeNumber => ("担当者番号", "assignee number"),
        Part::Organisation => ("団体", "organisation"),
        Part::OrgSet => ("案件の団体", "organisation set"),
        Part::OrgSetNumber => ("団体セット番号", "organisation set number"),
        Part::UserAccess => ("ユーザーの権限", "user's roles"),
        Part::SchemaVersion => ("スキーマの版", "schema version"),
        Part::TagBlock => ("タグの塊", "tag block"),
        Part::TagBlockKey => ("タグの塊のキー", "tag block key"),
        Part::PlaceNumber => ("所在番号", "place number"),
        Part::PlaceBlock => ("所在の塊", "place block"),
        Part::PlaceBlockKey => ("所在の塊のキー", "place block key"),
        Part::Place => ("所在", "place"),
        Part::BirthDate => ("生年月日", "birth date"),
        Part::JournalKey => ("取り込み記録のキー", "import journal key"),
        Part::LastId => ("最後の id", "last id"),
        Part::Ref => ("参照番号", "ref"),
        Part::Name => ("名前", "name"),
        Part::Key => ("キー", "key"),
        Part::User => ("利用者", "user"),
        Part::Word => ("語", "word"),
        Part::Role => ("役割", "role"),
        Part::Mac => ("MAC", "MAC"),
        Part::Enquiry => ("問い合わせ記録", "enquiry"),
        Part::Value => ("値", "value"),
        Part::RegistrationNumber => ("登録番号", "registration number"),
    }
}

/// A part as a sentence names it: in English with its article, `a case`
/// (`indefinite`) or `the key`; in Japanese its bare word.
pub(super) fn part(lang: Lang, p: Part, indefinite: bool) -> String {
    let (ja, word) = part_words(p);
    if lang == Lang::Ja {
        return ja.to_string();
    }
    if !indefinite {
        return format!("the {word}");
    }
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests;
