//! A record's key as `check` names it, in either language.

use super::{Lang, case_en, case_ja};
use crate::domain::Queue;
use crate::store::RecordKey;

impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&key_en(self))
    }
}

fn day(d: &Option<chrono::NaiveDate>, none: &str) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| none.into())
}

/// A record's key in English.
pub(super) fn key_en(k: &RecordKey) -> String {
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
pub(super) fn key_ja(k: &RecordKey) -> String {
    use RecordKey as K;
    let open = |closed: bool| if closed { "完了" } else { "未完了" };
    let q = |queue: &Queue| crate::i18n::queue_name(Lang::Ja, *queue);
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
            crate::i18n::state_name(Lang::Ja, *state),
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
