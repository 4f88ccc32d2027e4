//! The organisation's wording of each letter: a title, the honorific after
//! the addressee's name (様, 殿), the opening paragraphs and the closing
//! ones, with `{placeholders}` filled as the mail templates' are
//! (`domain::templates::fill`). `[documents.templates.KIND]` replaces any of
//! the four; what it leaves out stays as built in. The items under 記 (the
//! figures) are the program's, so that they never disagree with the rules.
//!
//! Placeholders: `{name} {ref} {number} {date} {office} {person} {loan_id}
//! {cause} {cause_date} {amount} {deadline} {late_percent} {missed}
//! {received} {returned} {queue} {reason} {facility} {director}
//! {fiscal_year}`.

use crate::domain::document::DocumentKind;
use serde::{Deserialize, Serialize};

/// The longest configured wording field, in characters.
pub const MAX_WORDING_CHARS: usize = 4_000;

/// A letter's wording as configured: each field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LetterWording {
    pub title: Option<String>,
    pub honorific: Option<String>,
    pub opening: Option<String>,
    pub closing: Option<String>,
}

impl LetterWording {
    /// The fields set, by name.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("title", &self.title),
            ("honorific", &self.honorific),
            ("opening", &self.opening),
            ("closing", &self.closing),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
}

/// A letter's wording, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub title: String,
    pub honorific: String,
    pub opening: String,
    pub closing: String,
}

/// The built-in wording of a kind.
pub fn builtin(kind: DocumentKind) -> Wording {
    let (title, honorific, opening, closing) = match kind {
        DocumentKind::PaymentNotice => (
            "専門研修医研修資金返還金納入通知書",
            "様",
            "　貴殿に貸与した専門研修医研修資金について、{cause}（{cause_date}）により、貸与を受けた研修資金に利息を付して一括して返還していただくこととなりましたので、下記のとおり通知します。\n　つきましては、納期限までに下記の納入場所へ払い込んでください。",
            "　納期限までに納入されないときは、納期限の翌日から納入の日までの日数に応じ、年{late_percent}%の割合で計算した延滞利息を併せて納めていただくことになります。\n　返還の猶予を希望される場合は、納期限までに返還猶予申請書（第4号様式）を提出してください。",
        ),
        DocumentKind::Reminder => (
            "専門研修医研修資金返還金督促状",
            "様",
            "　貴殿に通知した専門研修医研修資金の返還金について、納期限（{missed}）を過ぎても納入が確認できません。\n　つきましては、下記の金額を指定期限までに納入してください。",
            "　延滞利息は、納入の日まで日々加算されます。指定期限までに納入されない場合は、連帯保証人に請求することがあります。\n　なお、この督促状と行き違いに納入された場合は、ご容赦ください。",
        ),
        DocumentKind::ReturnLetter => (
            "提出書類の差し戻しについて（通知）",
            "様",
            "　{received}付けで受け付けた{queue}（受付番号 {ref}）について、下記の理由により差し戻します。\n　内容をご確認のうえ、改めて提出してください。",
            "　ご不明な点は、下記の担当までお問い合わせください。",
        ),
        DocumentKind::CertificationReturnRequest => (
            "認定研修施設の認定返上届の提出について（依頼）",
            "殿",
            "　{fiscal_year}の在籍報告（受付番号 {ref}）を確認したところ、貴施設には要件を満たす指導責任者が在籍していないことが確認されました。\n　つきましては、認定返上届に公印を押印し、認定証を添えて、速やかに提出してください。",
            "　指導責任者の要件は、更新済みの認定医であること、貴施設の常勤であること、登録された勤務先が貴施設であることです。",
        ),
        DocumentKind::LoanDecision => (
            "専門研修医研修資金貸与決定通知書",
            "様",
            "　貴殿から申請のあった専門研修医研修資金の貸与について、下記のとおり貸与することに決定したので通知します。",
            "　貸与を受けている間に休職、退職等の事由が生じたときは、10日以内に所定の様式により届け出てください。\n　研修修了後は、知事が指定する医療機関において、貸与期間の1.5倍に相当する期間勤務したときに返還が免除されます。",
        ),
    };
    Wording {
        title: title.into(),
        honorific: honorific.into(),
        opening: opening.into(),
        closing: closing.into(),
    }
}

/// The wording of a kind: the configured fields over the built-in ones.
pub fn wording(
    kind: DocumentKind,
    configured: &std::collections::BTreeMap<String, LetterWording>,
) -> Wording {
    let mut w = builtin(kind);
    if let Some(c) = configured.get(kind.id()) {
        for (field, value) in [
            (&mut w.title, &c.title),
            (&mut w.honorific, &c.honorific),
            (&mut w.opening, &c.opening),
            (&mut w.closing, &c.closing),
        ] {
            if let Some(v) = value {
                *field = v.clone();
            }
        }
    }
    w
}
