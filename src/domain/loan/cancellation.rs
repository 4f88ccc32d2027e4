//! 貸与決定の取消し: the seven reasons the seed lists (ア–キ), each of which
//! makes the whole loan repayable (§13(5)). The reason is what the
//! cancellation's form records (its note begins with the letter, as the
//! TUI's form and `record loan_event … note=エ` write it), read here as a
//! typed value so that the repayment names its cause.

use serde::{Deserialize, Serialize};

/// Why the loan decision was cancelled (取消事由 ア–キ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationReason {
    /// ア 心身の故障のため、指定専門研修を継続することができなくなった.
    Illness,
    /// イ 指定専門研修の成績が著しく不良になった.
    PoorResults,
    /// ウ 専門研修資金の貸与を受けることを辞退した.
    Withdrawal,
    /// エ 死亡した.
    Death,
    /// オ 偽りその他不正の手段により貸与を受けた.
    Fraud,
    /// カ 貸与の目的を達成する見込みがなくなった.
    PurposeUnattainable,
    /// キ 上記のほか、知事が必要と認めた.
    GovernorsDecision,
}

impl CancellationReason {
    pub const ALL: [CancellationReason; 7] = [
        CancellationReason::Illness,
        CancellationReason::PoorResults,
        CancellationReason::Withdrawal,
        CancellationReason::Death,
        CancellationReason::Fraud,
        CancellationReason::PurposeUnattainable,
        CancellationReason::GovernorsDecision,
    ];

    /// The seed's letter: ア … キ.
    pub fn letter(self) -> char {
        ['ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ'][self as usize]
    }

    /// The ASCII id: `a` … `g`.
    pub fn id(self) -> char {
        ['a', 'b', 'c', 'd', 'e', 'f', 'g'][self as usize]
    }

    /// The reason a cancellation's note records: its first word is the
    /// letter (ア–キ, or a–g), alone or followed by words.
    pub fn from_note(note: &str) -> Option<CancellationReason> {
        let first = note.trim_start().chars().next()?;
        let rest = note.trim_start().chars().nth(1);
        // `a` must be a word of its own; `エ` may run on into the text (`エ 死亡`).
        if first.is_ascii() && rest.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        CancellationReason::ALL
            .into_iter()
            .find(|r| r.letter() == first || r.id() == first.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_the_reason_by_its_letter() {
        assert_eq!(
            CancellationReason::from_note("エ 令和7年5月 死亡"),
            Some(CancellationReason::Death)
        );
        assert_eq!(
            CancellationReason::from_note("ア"),
            Some(CancellationReason::Illness)
        );
        assert_eq!(
            CancellationReason::from_note("g"),
            Some(CancellationReason::GovernorsDecision)
        );
        assert_eq!(CancellationReason::from_note("abc"), None);
        assert_eq!(CancellationReason::from_note("死亡"), None);
        assert_eq!(CancellationReason::from_note(""), None);
        for r in CancellationReason::ALL {
            assert_eq!(
                CancellationReason::from_note(&r.letter().to_string()),
                Some(r)
            );
        }
    }
}
