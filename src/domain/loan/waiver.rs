//! 返還の免除 on 「死亡、疾病、災害その他やむを得ない理由」: why a waiver was
//! granted, read as a typed value from what its form records (the note's
//! first words: 死亡, 疾病, 災害, or anything else), so that the documents
//! can say it beside the amount.

use serde::{Deserialize, Serialize};

/// Why a repayment (and its interest) was waived in whole or part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverReason {
    Death,
    Illness,
    Disaster,
    /// その他やむを得ない理由, or a note that names none of the above.
    Other,
}

impl WaiverReason {
    /// The reason a waiver's note gives (its words, in Japanese or English).
    pub fn from_note(note: Option<&str>) -> WaiverReason {
        let n = note.unwrap_or("").trim().to_lowercase();
        let starts = |words: &[&str]| words.iter().any(|w| n.starts_with(w));
        if starts(&["死亡", "death", "died"]) {
            WaiverReason::Death
        } else if starts(&["疾病", "病気", "心身", "illness"]) {
            WaiverReason::Illness
        } else if starts(&["災害", "disaster"]) {
            WaiverReason::Disaster
        } else {
            WaiverReason::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_the_reason() {
        assert_eq!(
            WaiverReason::from_note(Some("死亡による全額免除")),
            WaiverReason::Death
        );
        assert_eq!(WaiverReason::from_note(Some("疾病")), WaiverReason::Illness);
        assert_eq!(
            WaiverReason::from_note(Some("災害 (令和6年能登半島地震)")),
            WaiverReason::Disaster
        );
        assert_eq!(WaiverReason::from_note(Some("Death")), WaiverReason::Death);
        assert_eq!(WaiverReason::from_note(None), WaiverReason::Other);
    }
}
