//! A record's key as `check` names it, both languages side by side.

use super::{Lang, case};
use crate::store::RecordKey;

english_display! {
    RecordKey => key;
}

/// A record's key in `lang`.
pub(super) fn key(lang: Lang, k: &RecordKey) -> String {
    use RecordKey as K;
    let open = |closed: &bool| match closed {
        true => lang.pick("完了", "closed"),
        false => lang.pick("未完了", "open"),
    };
    let day = |d: &Option<chrono::NaiveDate>| {
        d.map(|d| d.to_string())
            .unwrap_or_else(|| lang.pick("なし", "none").into())
    };
    let q = |queue: &crate::domain::Queue| {
        lang.pick(crate::i18n::queue_name(Lang::Ja, *queue), queue.id())
    };
    match k {
        K::Number { n } => n.to_string(),
        K::Case {
            id,
            queue,
            reference,
        } => format!("{id} ({})", case(lang, *queue, reference)),
        K::TagBlock { block, first, last } => lang.pick(
            format!("{block} (案件 {first}〜{last})"),
            format!("{block} (cases {first} to {last})"),
        ),
        K::Name { name } => format!("{name:?}"),
        K::Ref { queue, reference } => case(lang, *queue, reference),
        K::Due {
            queue,
            closed,
            due,
            case,
        } => {
            let (q, open, due) = (q(queue), open(closed), day(due));
            let case = case.map(|c| c.to_string()).unwrap_or_default();
            lang.pick(
                format!("{q} {open} 期限 {due} 案件 {case}"),
                format!("{q} {open} due {due} case {case}"),
            )
        }
        K::Undo { user, seq } => lang.pick(
            format!("{user:?} の取り消し {seq}"),
            format!("{user:?} entry {seq}"),
        ),
        K::ByName {
            queue,
            closed,
            name,
            case,
        } => {
            let (q, open) = (q(queue), open(closed));
            lang.pick(
                format!("{q} {open} {name} 案件 {case}"),
                format!("{q} {open} {name} case {case}"),
            )
        }
        K::Subject {
            facility,
            number,
            case,
        } => {
            let (ja, en) = if *facility {
                ("施設", "facility")
            } else {
                ("人", "person")
            };
            lang.pick(
                format!("{ja} {number} 案件 {case}"),
                format!("{en} {number} case {case}"),
            )
        }
        K::Counter { queue, state, due } => {
            let (q, due) = (q(queue), day(due));
            let state = lang.pick(crate::i18n::state_name(Lang::Ja, *state), state.id());
            lang.pick(
                format!("{q} {state} 期限 {due}"),
                format!("{q} {state} due {due}"),
            )
        }
        K::Identity { name, born, number } => {
            let born = day(born);
            lang.pick(
                format!("{name} 生年月日 {born} {number}"),
                format!("{name} born {born} {number}"),
            )
        }
        K::Posting { queue, word, first } => {
            let q = q(queue);
            lang.pick(
                format!("{q} {word} 案件 {first} から"),
                format!("{q} {word} from case {first}"),
            )
        }
        K::ImportHeader { import } => lang.pick(
            format!("取り込み {import} の見出し"),
            format!("import {import} header"),
        ),
        K::ImportCreated { import, case } => lang.pick(
            format!("取り込み {import} が作成した案件 {case}"),
            format!("import {import} created case {case}"),
        ),
        K::ImportPrior {
            import,
            table,
            key: prior,
        } => {
            let prior = key(lang, prior);
            lang.pick(
                format!("取り込み {import} が控えた {table} {prior} の以前の値"),
                format!("import {import} prior value of {table} {prior}"),
            )
        }
        K::Bytes { text } => text.clone(),
    }
}
