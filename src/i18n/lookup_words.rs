//! The headings and labels of `secretariat lookup`'s text (the TUI's lookup
//! takes its own from `Text`).

use super::Lang;

/// A heading or label of the lookup's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    RegistrationNumber,
    Name,
    BirthDate,
    Email,
    RegionalQuota,
    NoPerson,
    PossibleDuplicate,
    Cases,
    Due,
    TrainingPeriods,
    Loans,
    Enquiries,
}

impl Word {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Word::RegistrationNumber => lang.pick("医籍登録番号", "Registration number"),
            Word::Name => lang.pick("氏名", "Name"),
            Word::BirthDate => lang.pick("生年月日", "Birth date"),
            Word::Email => lang.pick("メール", "E-mail"),
            Word::RegionalQuota => lang.pick("地域枠", "Regional quota"),
            Word::NoPerson => lang.pick("（人物の登録なし）", "(no person record)"),
            Word::PossibleDuplicate => lang.pick("!! 二重登録の疑い:", "!! possible duplicate:"),
            Word::Cases => lang.pick("案件", "Cases"),
            Word::Due => lang.pick("期限", "due"),
            Word::TrainingPeriods => lang.pick("研修期間", "Training periods"),
            Word::Loans => lang.pick("研修資金", "Loans"),
            Word::Enquiries => lang.pick("問い合わせ記録", "Enquiries"),
        }
    }
}
