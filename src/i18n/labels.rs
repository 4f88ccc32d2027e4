//! Labels for values the screen shows, so that no internal id reaches it:
//! kinds, answers, follow-up topics, notification states, and numbers with
//! their units.

use super::{Lang, flag_text};
use crate::domain::{DirectorDecision, Flag, OutboxStatus, TransferKind, WithdrawalKind};

/// The headings of the backlog's queue table (`QueueBacklog::columns`);
/// `narrow` for a screen's columns of 8 cells.
pub fn backlog_columns(lang: Lang, narrow: bool) -> [&'static str; 7] {
    let overdue = match narrow {
        true => lang.pick("超過", "overdue"),
        false => lang.pick("期限超過", "overdue"),
    };
    let (open, due) = (lang.pick("未処理", "open"), lang.pick("7日以内", "due 7d"));
    [open, overdue, due, "0-7", "8-30", "31-90", "90+"]
}

pub fn withdrawal_kind(lang: Lang, k: WithdrawalKind) -> &'static str {
    match k {
        WithdrawalKind::Adoption => lang.pick("採用辞退", "adoption withdrawal"),
        WithdrawalKind::Loan => lang.pick("研修資金の辞退届", "loan withdrawal (form 13)"),
    }
}

pub fn transfer_kind(lang: Lang, k: TransferKind) -> &'static str {
    match k {
        TransferKind::CategoryChange => lang.pick("会員区分の変更", "category change"),
        TransferKind::AssociationTransfer => lang.pick("医師会の異動", "association transfer"),
    }
}

pub fn director_decision(lang: Lang, d: DirectorDecision) -> &'static str {
    match d {
        DirectorDecision::Pending => lang.pick("未回答", "no answer yet"),
        DirectorDecision::Approved => lang.pick("承認", "approved"),
        DirectorDecision::Declined => lang.pick("不承認", "declined"),
    }
}

/// A follow-up's topic (a flag id) in words; an unknown topic as it is.
pub fn topic(lang: Lang, topic: &str) -> String {
    match Flag::from_id(topic) {
        Some(f) => flag_text(lang, f).to_string(),
        None => topic.to_string(),
    }
}

/// What one rule check found, in a sentence: the flag's, except for a report
/// received before its window opened, which came early rather than late.
pub fn check_text(lang: Lang, c: &crate::domain::Check) -> &'static str {
    match &c.detail {
        crate::domain::CheckDetail::Submitted { at, opens, .. }
            if c.flag == Flag::SubmittedOutsideWindow && at < opens =>
        {
            lang.pick(
                "期間前の提出 (受付期間の開始前に届きました)",
                "submitted before the reporting window opened",
            )
        }
        _ => flag_text(lang, c.flag),
    }
}

pub fn outbox_status(lang: Lang, s: OutboxStatus) -> &'static str {
    match s {
        OutboxStatus::Pending => lang.pick("送信待ち (取消可)", "pending (undo possible)"),
        OutboxStatus::Released => lang.pick("送信済み", "released"),
        OutboxStatus::Cancelled => lang.pick("取消済み", "cancelled"),
    }
}

/// `12日` / `12 days`.
pub fn days(lang: Lang, n: i64) -> String {
    counted(lang, n, "日", "day")
}

/// `3年` / `3 years`.
pub fn years(lang: Lang, n: u8) -> String {
    counted(lang, n.into(), "年", "year")
}

/// `7か月` / `7 months`.
pub fn months(lang: Lang, n: i64) -> String {
    counted(lang, n, "か月", "month")
}

/// `n` of a unit: its Japanese counter after the number, or the English
/// word, in the plural but for one.
fn counted(lang: Lang, n: i64, ja: &str, en: &str) -> String {
    match lang {
        Lang::Ja => format!("{n}{ja}"),
        Lang::En if n == 1 => format!("1 {en}"),
        Lang::En => format!("{n} {en}s"),
    }
}

/// An amount of yen as the operator reads it: `3,300,000円` / `¥3,300,000`.
pub fn yen(lang: Lang, amount: i64) -> String {
    let en = crate::text::yen(amount);
    lang.pick(format!("{}円", en.replacen('¥', "", 1)), en)
}

/// A facility by name with its number after (`東北大学病院 (F-0001)`), or the
/// number alone when the store does not know it.
pub fn facility_label(name: Option<&String>, number: &str) -> String {
    match name {
        Some(n) => format!("{} ({number})", crate::text::sanitize(n)),
        None => number.to_string(),
    }
}

/// The open enquiries under the backlog's queues (`未対応の問い合わせ 3 件 (最古 5日)`).
pub fn open_enquiries(lang: Lang, open: u64, oldest_days: Option<i64>) -> String {
    match (lang, oldest_days) {
        (Lang::Ja, Some(d)) => format!("未対応の問い合わせ {open} 件 (最古 {d}日)"),
        (Lang::Ja, None) => format!("未対応の問い合わせ {open} 件"),
        (Lang::En, Some(d)) => format!("open enquiries {open} (oldest {d}d)"),
        (Lang::En, None) => format!("open enquiries {open}"),
    }
}
