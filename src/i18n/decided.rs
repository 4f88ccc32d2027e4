//! What the status line says after a decision or an undo: which case was
//! decided, and which case the cursor is on when the decided one left the list.

use super::Lang;
use crate::domain::DecisionKind;

/// A count with thousands separators (`1,156`).
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether `u` undoes a decision of this kind.
fn undoable(k: DecisionKind) -> bool {
    !matches!(
        k,
        DecisionKind::Chase | DecisionKind::Claim | DecisionKind::Undo | DecisionKind::AutoClose
    )
}

/// The decision itself: `W-2026-0001 を承認しました`.
pub fn head(lang: Lang, k: DecisionKind, reference: &str) -> String {
    let (ja, en) = match k {
        DecisionKind::Approve => ("承認しました", "approved"),
        DecisionKind::Return => ("差し戻しました", "returned"),
        DecisionKind::CertificationReturn => {
            ("認定返上にしました", "moved to certification return")
        }
        DecisionKind::Chase => ("督促しました", "chased"),
        DecisionKind::Claim => ("自分に割り当てました", "claimed"),
        DecisionKind::Reassign => ("割当先を変更しました", "reassigned"),
        DecisionKind::Reopen => ("再開しました", "reopened"),
        DecisionKind::Undo => ("の決定を取り消しました", "decision undone"),
        DecisionKind::AutoClose => ("自動終了しました", "closed automatically"),
        DecisionKind::Received => ("受け付けました", "received"),
        DecisionKind::Linked => ("統合しました", "linked"),
        DecisionKind::ApprovePart => (
            "自団体分を承認しました (他の団体の承認待ち)",
            "approved for this association (others still to approve)",
        ),
    };
    let ja_sep = if k == DecisionKind::Undo { "" } else { "を" };
    lang.pick(
        format!("{reference} {ja_sep}{ja}"),
        format!("{reference} {en}"),
    )
}

/// An undo of a bulk decision, as one unit: `1,156件の決定を取り消しました`.
pub fn undone_many(lang: Lang, n: usize) -> String {
    let n = count(n);
    lang.pick(
        format!("{n}件の決定を取り消しました"),
        format!("{n} decisions undone"),
    )
}

/// The hint that `u` undoes it (empty for what `u` cannot undo).
pub fn undo_hint(lang: Lang, k: DecisionKind) -> &'static str {
    match (lang, undoable(k)) {
        (_, false) => "",
        (Lang::Ja, true) => " (u で取り消し)",
        (Lang::En, true) => " (u to undo)",
    }
}

/// The decided case left the list: the cursor is on `next` now (or on
/// nothing, the list being empty).
pub fn left_list(lang: Lang, head: &str, next: Option<&str>) -> String {
    match (lang, next) {
        (Lang::Ja, Some(r)) => format!("{head} — 一覧から外れました。次: {r}"),
        (Lang::Ja, None) => format!("{head} — 一覧から外れました"),
        (Lang::En, Some(r)) => format!("{head} — it left this list; next: {r}"),
        (Lang::En, None) => format!("{head} — it left this list"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_carry_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1156), "1,156");
        assert_eq!(count(12_312), "12,312");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn a_decision_that_left_the_list_names_the_next_case() {
        let head = head(Lang::Ja, DecisionKind::Approve, "W-2026-000038");
        assert_eq!(
            left_list(Lang::Ja, &head, Some("W-2026-000039")),
            "W-2026-000038 を承認しました — 一覧から外れました。次: W-2026-000039"
        );
        assert_eq!(undone_many(Lang::Ja, 1156), "1,156件の決定を取り消しました");
    }
}
