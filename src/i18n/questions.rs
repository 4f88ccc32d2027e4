//! The TUI's questions before a change that touches many records — a bulk
//! reassign, a duplicate's link — and what they say of undo.

use super::Lang;

/// `A` with marks: `選択した 3 件の割当先を 田中 美咲 に変更しますか?`.
pub fn reassign_many(lang: Lang, n: usize, to: &str) -> String {
    lang.pick(
        format!("選択した {n} 件の割当先を {to} に変更しますか?"),
        format!("Assign all {n} marked cases to {to}?"),
    )
}

/// The reason a bulk return will carry.
pub fn reason_line(lang: Lang, reason: &str) -> String {
    lang.pick(format!("理由: {reason}"), format!("Reason: {reason}"))
}

/// The desk keeps no undo for a reassign.
pub fn reassign_not_undone(lang: Lang) -> &'static str {
    lang.pick(
        "割当の変更は u では取り消せません (もう一度 A で変更できます)",
        "u does not undo a reassign (A again changes it)",
    )
}

/// Until when `u` undoes a bulk decision: not known yet (`None`), never
/// (a window of 0), or until `until` (`HH:MM`, `mins` minutes from now).
pub fn bulk_undo(lang: Lang, window: Option<(String, i64)>) -> String {
    match window {
        None => lang
            .pick(
                "取り消し期限を確認中…",
                "asking until when it can be undone…",
            )
            .to_string(),
        Some((_, mins)) if mins <= 0 => lang
            .pick(
                "取り消しはできません (通知はすぐに送られます)",
                "it cannot be undone (the notices go at once)",
            )
            .to_string(),
        Some((until, mins)) => lang.pick(
            format!("u で {until} まで取り消せます ({mins}分、一括でひとまとまり)"),
            format!("u undoes it, as one, until {until} ({mins} min)"),
        ),
    }
}

/// `D`: linking the duplicate `dup` (named `name`) to `keep`, with how many
/// other duplicates remain.
pub fn link(lang: Lang, dup: &str, name: &str, keep: &str, others: usize) -> String {
    let mut q = lang.pick(
        format!(
            "二重登録 {dup} ({name}) を {keep} に統合しますか?\n事案・研修資金・問い合わせは {keep} に移ります\n{dup} の登録は削除されます (u で取り消せます)"
        ),
        format!(
            "Link the duplicate {dup} ({name}) to {keep}?\nIts cases, loans and enquiries move to {keep}\n{dup} is removed (u undoes it)"
        ),
    );
    if others > 0 {
        q.push('\n');
        q.push_str(&lang.pick(
            format!("ほかに {others} 件の二重登録があります (統合後にもう一度 D)"),
            format!("{others} more duplicates (D again after this one)"),
        ));
    }
    q
}

/// `D` on a person with no duplicate.
pub fn no_duplicate(lang: Lang) -> &'static str {
    lang.pick(
        "この方に二重登録はありません",
        "this person has no duplicate registration",
    )
}

/// After a change `u` can take back.
pub fn undo_hint(lang: Lang) -> &'static str {
    lang.pick(" (u で取り消し)", " (u undoes it)")
}

/// The users picker's title for `A` with marks.
pub fn assign_marked(lang: Lang, n: usize) -> String {
    lang.pick(
        format!("割当先 (選択した {n} 件)"),
        format!("Assign the {n} marked cases to"),
    )
}

/// The users picker's foot.
pub fn picker_hint(lang: Lang) -> &'static str {
    lang.pick(
        "文字で絞込  上下: 選択  Enter: 確定  Esc: 取消",
        "type to narrow  Up/Down: pick  Enter: choose  Esc: cancel",
    )
}
