//! The organisation's wording of notifications, per decision and language.
//!
//! Keys are `queue.decision` (e.g. `transfer.approve`), optionally refined by
//! the state after the decision (`transfer.approve.released`), and for a
//! loan withdrawal (辞退届) by its kind first (`withdrawal.approve.loan`), for
//! a completion application (修了申請) by `completion`
//! (`transfer.approve.completion`); `transfer.received.association` is the
//! mail to the association an application names.
//! Placeholders:
//! `{name} {ref} {reason} {program} {director} {state} {facility} {topic}
//! {due} {amount} {association} {training} {completed_on}
//! {registration_number}`; one the caller does not fill stays as written.

use super::case::{Case, CaseBody, DecisionKind, Queue, State, WithdrawalKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A subject and body with `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// Templates keyed by `queue.decision` (e.g. `withdrawal.approve`), per language.
/// `Default` holds the built-in Japanese and English wording; a configuration
/// file's entries replace single entries (see [`Templates::overlay`]), and a
/// key missing from both falls back to the built-in, then a generic text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Templates {
    pub ja: BTreeMap<String, Template>,
    pub en: BTreeMap<String, Template>,
}

/// The template key of a decision.
pub fn key(queue: Queue, decision: DecisionKind) -> String {
    format!("{}.{}", queue.id(), decision.id())
}

impl Templates {
    /// Renders the template for a decision, filling `{name}` style placeholders
    /// from `vars`; unknown placeholders are left as written. When `vars`
    /// holds a `state` that is a state id, a `queue.decision.state` entry is
    /// preferred.
    pub fn render(
        &self,
        lang_ja: bool,
        queue: Queue,
        decision: DecisionKind,
        vars: &[(&str, &str)],
    ) -> Template {
        self.render_keys(lang_ja, queue, decision, None, state_in(vars), vars)
    }

    /// Renders the template for a decision that left the case in `state`.
    pub fn render_for_state(
        &self,
        lang_ja: bool,
        queue: Queue,
        decision: DecisionKind,
        state: Option<State>,
        vars: &[(&str, &str)],
    ) -> Template {
        self.render_keys(lang_ja, queue, decision, None, state, vars)
    }

    /// Renders the template for a decision on `case`: as
    /// [`Templates::render`], but a case of a particular kind (a loan
    /// withdrawal, 辞退届 form 13) prefers its own `queue.decision.kind` entry,
    /// so that it never gets the adoption wording.
    pub fn render_case(
        &self,
        lang_ja: bool,
        case: &Case,
        decision: DecisionKind,
        vars: &[(&str, &str)],
    ) -> Template {
        let state = state_in(vars);
        self.render_keys(lang_ja, case.queue, decision, variant(case), state, vars)
    }

    fn render_keys(
        &self,
        lang_ja: bool,
        queue: Queue,
        decision: DecisionKind,
        variant: Option<&str>,
        state: Option<State>,
        vars: &[(&str, &str)],
    ) -> Template {
        let base = key(queue, decision);
        let mut keys = Vec::new();
        if let Some(v) = variant {
            if let Some(s) = state {
                keys.push(format!("{base}.{v}.{}", s.id()));
            }
            keys.push(format!("{base}.{v}"));
        }
        if let Some(s) = state {
            keys.push(format!("{base}.{}", s.id()));
        }
        keys.push(base);
        let found = [self, builtin()].iter().find_map(|t| {
            let map = if lang_ja { &t.ja } else { &t.en };
            keys.iter().find_map(|k| map.get(k))
        });
        let t = found
            .cloned()
            .unwrap_or_else(|| generic(lang_ja, queue, decision));
        Template {
            subject: fill(&t.subject, vars),
            body: fill(&t.body, vars),
        }
    }

    /// Renders the template of a decision refined by `variant` (as
    /// `transfer.received.association`), falling back as [`Templates::render`].
    pub fn render_variant(
        &self,
        lang_ja: bool,
        queue: Queue,
        decision: DecisionKind,
        variant: &str,
        vars: &[(&str, &str)],
    ) -> Template {
        self.render_keys(lang_ja, queue, decision, Some(variant), None, vars)
    }

    /// Replaces our entries with those of `other`, keeping the rest.
    pub fn overlay(&mut self, other: Templates) {
        self.ja.extend(other.ja);
        self.en.extend(other.en);
    }
}

/// Why a configured template key names no decision: `None` when it reads
/// `queue.decision` or `queue.decision.refinement` (a state id, or `loan`).
pub fn key_problem(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('.').collect();
    let queues: Vec<&str> = Queue::ALL.iter().map(|q| q.id()).collect();
    let decisions: Vec<&str> = DecisionKind::ALL.iter().map(|d| d.id()).collect();
    let mut refinements: Vec<&str> = State::ALL.iter().map(|s| s.id()).collect();
    refinements.extend(["loan", COMPLETION, ASSOCIATION]);
    let ok = matches!(parts.len(), 2 | 3)
        && queues.contains(&parts[0])
        && decisions.contains(&parts[1])
        && parts.get(2).is_none_or(|r| refinements.contains(r));
    (!ok).then(|| {
        format!(
            "a template key is queue.decision or queue.decision.state (queues: {}; decisions: {}; a state id or `loan` last)",
            queues.join(", "),
            decisions.join(", ")
        )
    })
}

/// The refinement of a completion application's (修了申請) keys.
pub const COMPLETION: &str = "completion";
/// The refinement of the mail to the association a completion application names.
pub const ASSOCIATION: &str = "association";

/// The kind a case's template key is refined by, if any.
fn variant(case: &Case) -> Option<&'static str> {
    match &case.body {
        CaseBody::Withdrawal(w) if w.kind == WithdrawalKind::Loan => Some("loan"),
        CaseBody::CompletionApplication(_) => Some(COMPLETION),
        _ => None,
    }
}

fn generic(lang_ja: bool, queue: Queue, decision: DecisionKind) -> Template {
    let q = queue.id();
    let d = decision.id();
    if lang_ja {
        Template {
            subject: format!("【{q}】{d}: {{ref}}"),
            body: format!(
                "{{name}} 様\n\n案件 {{ref}}（{q}）について {d} の処理を行いました。\n{{reason}}\n"
            ),
        }
    } else {
        Template {
            subject: format!("[{q}] {d}: {{ref}}"),
            body: format!("Dear {{name}},\n\nCase {{ref}} ({q}) was processed: {d}.\n{{reason}}\n"),
        }
    }
}

/// Fills `{placeholder}`s from `vars`; anything else is copied as written.
pub fn fill(text: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn builtin() -> &'static Templates {
    static BUILTIN: OnceLock<Templates> = OnceLock::new();
    BUILTIN.get_or_init(Templates::default)
}

const SIGN_JA: &str = "\n\n※本メールは送信専用です。\n事務局";
const SIGN_EN: &str = "\n\nThis message was sent from an unattended address.\nThe Secretariat";

/// (key, ja subject, ja body, en subject, en body); the signature is appended.
const WORDING: &[(&str, &str, &str, &str, &str)] = &[
    (
        "withdrawal.return",
        "【差し戻し】採用辞退の申請について（{ref}）",
        "{name} 様\n\n{program} の採用辞退の申請を差し戻しました。\n理由: {reason}\n\n内容をご確認のうえ、システムから改めて申請してください。\n参照番号: {ref}",
        "Returned: your withdrawal request ({ref})",
        "Dear {name},\n\nYour request to withdraw from {program} has been returned.\nReason: {reason}\n\nPlease review it and submit it again in the system.\nReference: {ref}",
    ),
    (
        "withdrawal.approve",
        "【完了】採用辞退の手続きが完了しました（{ref}）",
        "{name} 様\n\n{program} の採用辞退の手続きが完了しました。\n統括責任者 {director} 先生の承認を得ています。これにより、他のプログラムへの応募が可能です。\n参照番号: {ref}",
        "Completed: your withdrawal ({ref})",
        "Dear {name},\n\nYour withdrawal from {program} is complete; the programme director, Dr {director}, approved it. You may now apply to another programme.\nReference: {ref}",
    ),
    (
        "withdrawal.chase",
        "【ご確認のお願い】採用辞退の承認について（{ref}）",
        "{director} 先生\n\n{program} の専攻医 {name} さんから採用辞退の申請が届いており、先生のご承認をお待ちしています。\nシステムにログインのうえ、{due} までに承認または差し戻しをお願いいたします。\n参照番号: {ref}",
        "Reminder: a withdrawal awaits your approval ({ref})",
        "Dear Dr {director},\n\n{name}, a trainee of {program}, has asked to withdraw and is waiting for your approval.\nPlease log in and approve or return the request by {due}.\nReference: {ref}",
    ),
    (
        "withdrawal.received",
        "【ご承認のお願い】採用辞退の申請が届きました（{ref}）",
        "{director} 先生\n\n{program} の専攻医 {name} さんから採用辞退の申請が届きました。\n理由: {withdrawal_reason}\nシステムにログインのうえ、{due} までに承認または差し戻しをお願いいたします。\n参照番号: {ref}",
        "A withdrawal awaits your approval ({ref})",
        "Dear Dr {director},\n\n{name}, a trainee of {program}, has asked to withdraw.\nReason: {withdrawal_reason}\nPlease log in and approve or return the request by {due}.\nReference: {ref}",
    ),
    (
        "withdrawal.received.loan",
        "【ご確認のお願い】研修資金貸与の辞退届が届きました（{ref}）",
        "{director} 先生\n\n{program} の {name} さんから研修資金貸与の辞退届（第13号様式）が届きました。\n理由: {withdrawal_reason}\n{due} までにご回答をお願いいたします。\n参照番号: {ref}",
        "A training-loan withdrawal awaits your answer ({ref})",
        "Dear Dr {director},\n\n{name} of {program} has filed a withdrawal from the training loan (form 13).\nReason: {withdrawal_reason}\nPlease answer by {due}.\nReference: {ref}",
    ),
    (
        "withdrawal.approve.loan",
        "【完了】研修資金貸与の辞退届を受理しました（{ref}）",
        "{name} 様\n\n専門研修医研修資金貸与辞退届（第13号様式）の手続きが完了しました。以後の貸与は行いません。\nすでに貸与した研修資金は、利息を付して一括で返還していただきます。返還額と納期限は、追って納入通知書でお知らせします。\n参照番号: {ref}",
        "Completed: your training-loan withdrawal ({ref})",
        "Dear {name},\n\nYour withdrawal from the training loan (form 13) is complete; no further disbursements will be made.\nThe amounts already disbursed are to be repaid in one sum with interest. A payment notice will tell you the amount and the deadline.\nReference: {ref}",
    ),
    (
        "withdrawal.return.loan",
        "【差し戻し】研修資金貸与の辞退届について（{ref}）",
        "{name} 様\n\n研修資金貸与の辞退届（第13号様式）を差し戻しました。\n理由: {reason}\n\n内容をご確認のうえ、改めて提出してください。\n参照番号: {ref}",
        "Returned: your training-loan withdrawal ({ref})",
        "Dear {name},\n\nYour withdrawal from the training loan (form 13) has been returned.\nReason: {reason}\n\nPlease review it and file it again.\nReference: {ref}",
    ),
    (
        "withdrawal.chase.loan",
        "【ご確認のお願い】研修資金貸与の辞退届について（{ref}）",
        "{director} 先生\n\n{program} の {name} さんから研修資金貸与の辞退届（第13号様式）が届いており、先生のご確認をお待ちしています。\n{due} までにご回答をお願いいたします。\n参照番号: {ref}",
        "Reminder: a training-loan withdrawal awaits your answer ({ref})",
        "Dear Dr {director},\n\n{name} of {program} has filed a withdrawal from the training loan (form 13), which awaits your answer.\nPlease answer by {due}.\nReference: {ref}",
    ),
    (
        "transfer.approve",
        "【承認】異動届について（{ref}）",
        "{name} 様\n\n異動届が承認されました（{state}）。\n参照番号: {ref}",
        "Approved: your transfer ({ref})",
        "Dear {name},\n\nYour transfer has been approved ({state}).\nReference: {ref}",
    ),
    (
        "transfer.approve.released",
        "【異動元承認】異動届について（{ref}）",
        "{name} 様\n\n異動届について、異動元医師会の承認が完了しました。\n引き続き、異動先医師会での承認をお待ちください。\n参照番号: {ref}",
        "Released: your transfer ({ref})",
        "Dear {name},\n\nYour former association has released you. The transfer now awaits acceptance by the new association.\nReference: {ref}",
    ),
    (
        "transfer.approve.accepted",
        "【受理】異動届について（{ref}）",
        "{name} 様\n\n異動届が受理され、手続きが完了しました。\n参照番号: {ref}",
        "Accepted: your transfer ({ref})",
        "Dear {name},\n\nYour transfer has been accepted and is complete.\nReference: {ref}",
    ),
    (
        "transfer.return",
        "【差し戻し】異動届について（{ref}）",
        "{name} 様\n\n異動届を差し戻しました。\n理由: {reason}\n\n会員ページから内容をご確認のうえ、改めて届け出てください。\n参照番号: {ref}",
        "Returned: your transfer ({ref})",
        "Dear {name},\n\nYour transfer has been returned.\nReason: {reason}\n\nPlease correct it on the member page and file it again.\nReference: {ref}",
    ),
    (
        "transfer.received",
        "【受付】かかりつけ医機能報告制度にかかる研修の修了申請について（{ref}）",
        "{name} 様\n\nかかりつけ医機能報告制度にかかる研修の修了申請を受け付けました。\n申請先医師会: {association}\n研修名: {training}\n修了日: {completed_on}\n\n申請先医師会が内容を確認のうえ、承認または差し戻しを行います。結果は改めてメールでお知らせします。\n参照番号: {ref}",
        "Received: your completion application ({ref})",
        "Dear {name},\n\nWe have received your application for the completion of the training of the family-doctor function reporting system.\nAssociation: {association}\nTraining: {training}\nCompleted on: {completed_on}\n\nThe association will review it and approve or return it; you will be told by mail.\nReference: {ref}",
    ),
    (
        "transfer.approve.completion",
        "【承認】かかりつけ医機能報告制度にかかる研修の修了申請について（{ref}）",
        "{name} 様\n\n{association}は、かかりつけ医機能報告制度にかかる研修の修了申請を承認しました。\n研修名: {training}\n修了日: {completed_on}\n\nマイページの申請ステータスからもご確認いただけます。\n参照番号: {ref}",
        "Approved: your completion application ({ref})",
        "Dear {name},\n\n{association} has approved your application for the completion of the training of the family-doctor function reporting system.\nTraining: {training}\nCompleted on: {completed_on}\n\nYou can also see it in the status on your member page.\nReference: {ref}",
    ),
    (
        "transfer.return.completion",
        "【差し戻し】かかりつけ医機能報告制度にかかる研修の修了申請について（{ref}）",
        "{name} 様\n\n{association}は、かかりつけ医機能報告制度にかかる研修の修了申請を差し戻しました。\n研修名: {training}\n理由: {reason}\n\nマイページから内容をご確認のうえ、改めて申請してください。\n参照番号: {ref}",
        "Returned: your completion application ({ref})",
        "Dear {name},\n\n{association} has returned your application for the completion of the training of the family-doctor function reporting system.\nTraining: {training}\nReason: {reason}\n\nPlease review it on your member page and apply again.\nReference: {ref}",
    ),
    (
        "transfer.received.association",
        "【修了申請】かかりつけ医機能報告制度にかかる研修の修了申請がありました（{ref}）",
        "{association} ご担当者様\n\n会員 {name} 様（医籍登録番号 {registration_number}）から、貴会を申請先とする、かかりつけ医機能報告制度にかかる研修の修了申請がありました。\n研修名: {training}\n修了日: {completed_on}\n\n内容をご確認のうえ、{due} までに承認または差し戻しをお願いいたします。\n本メールは申請1件ごとに送信されます。\n参照番号: {ref}",
        "A completion application names your association ({ref})",
        "Dear staff of {association},\n\n{name} (registration number {registration_number}) has applied to your association for the completion of the training of the family-doctor function reporting system.\nTraining: {training}\nCompleted on: {completed_on}\n\nPlease approve or return it by {due}.\nOne such mail is sent for each application.\nReference: {ref}",
    ),
    (
        "facility_report.return",
        "【差し戻し】在籍報告について（{ref}）",
        "{facility} ご担当者様\n\n在籍報告を差し戻しました。\n理由: {reason}\n\n施設ページの「変更届」メニューから、指導責任者を選び直して再度登録してください。\n参照番号: {ref}",
        "Returned: your facility report ({ref})",
        "Dear staff of {facility},\n\nYour facility report has been returned.\nReason: {reason}\n\nPlease select the supervisors again and resubmit it from the facility page.\nReference: {ref}",
    ),
    (
        "facility_report.chase",
        "【ご提出のお願い】在籍報告が未提出です（{ref}）",
        "{facility} ご担当者様\n\n今年度の在籍報告が確認できておりません。変更がない場合でも登録が必要です。\n{due} までに施設ページからご登録ください。\n参照番号: {ref}",
        "Reminder: your facility report is missing ({ref})",
        "Dear staff of {facility},\n\nWe have not received this year's facility report. It is required even when nothing changed.\nPlease submit it from the facility page by {due}.\nReference: {ref}",
    ),
    (
        "facility_report.certification_return",
        "【ご案内】認定研修施設の返上届について（{ref}）",
        "{facility} ご担当者様\n\n在籍報告において、要件を満たす指導責任者（常勤・更新済）が確認できませんでした。\n返上届に認定証を添えて郵送してください。\n理由: {reason}\n参照番号: {ref}",
        "Notice: return of your facility certification ({ref})",
        "Dear staff of {facility},\n\nYour facility report shows no supervisor who meets the requirements (full-time, renewed).\nPlease mail the return form together with the certificate.\nReason: {reason}\nReference: {ref}",
    ),
    (
        "loan_followup.chase",
        "【研修資金】お手続きのお願い（{ref}）",
        "{name} 様\n\n研修資金の貸与に関し、次のお手続きが必要です: {topic}\n期限: {due}\n金額: {amount}\n\nご不明な点は事務局までお問い合わせください。\n参照番号: {ref}",
        "Training loan: action needed ({ref})",
        "Dear {name},\n\nYour training loan needs the following: {topic}\nDue: {due}\nAmount: {amount}\n\nPlease contact the office with any questions.\nReference: {ref}",
    ),
    (
        "loan_followup.return",
        "【研修資金】書類の差し戻し（{ref}）",
        "{name} 様\n\nご提出いただいた書類（{topic}）を差し戻しました。\n理由: {reason}\n\n内容をご確認のうえ、{due} までに再提出してください。\n参照番号: {ref}",
        "Training loan: document returned ({ref})",
        "Dear {name},\n\nThe document you sent ({topic}) has been returned.\nReason: {reason}\n\nPlease send it again by {due}.\nReference: {ref}",
    ),
];

impl Default for Templates {
    fn default() -> Self {
        let mut t = Templates {
            ja: BTreeMap::new(),
            en: BTreeMap::new(),
        };
        for (k, ja_s, ja_b, en_s, en_b) in WORDING {
            t.ja.insert(
                k.to_string(),
                Template {
                    subject: ja_s.to_string(),
                    body: format!("{ja_b}{SIGN_JA}"),
                },
            );
            t.en.insert(
                k.to_string(),
                Template {
                    subject: en_s.to_string(),
                    body: format!("{en_b}{SIGN_EN}"),
                },
            );
        }
        t
    }
}

/// The state `vars` names (its `state` entry), when that is a state id.
fn state_in(vars: &[(&str, &str)]) -> Option<State> {
    vars.iter()
        .find(|(k, _)| *k == "state")
        .and_then(|(_, v)| State::from_id(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::notifies;

    #[test]
    fn every_notifying_decision_has_wording_in_both_languages() {
        let t = Templates::default();
        for q in Queue::ALL {
            for d in [
                DecisionKind::Approve,
                DecisionKind::Return,
                DecisionKind::Chase,
                DecisionKind::CertificationReturn,
                DecisionKind::Received,
            ] {
                let notifying = State::ALL.iter().any(|s| notifies(q, d, *s));
                let k = key(q, d);
                if notifying {
                    assert!(t.ja.contains_key(&k), "ja {k}");
                    assert!(t.en.contains_key(&k), "en {k}");
                }
            }
        }
    }

    #[test]
    fn renders_placeholders_and_keeps_unknown_ones() {
        let t = Templates::default();
        let out = t.render(
            true,
            Queue::Transfer,
            DecisionKind::Return,
            &[
                ("name", "山田太郎"),
                ("ref", "T-1"),
                ("reason", "区分の誤り"),
            ],
        );
        assert_eq!(out.subject, "【差し戻し】異動届について（T-1）");
        assert!(
            out.body
                .starts_with("山田太郎 様\n\n異動届を差し戻しました。\n理由: 区分の誤り")
        );
        assert_eq!(
            fill("{name} {unknown} {", &[("name", "A")]),
            "A {unknown} {"
        );
        assert_eq!(fill("{{ref}}", &[("ref", "X")]), "{X}");
    }

    #[test]
    fn state_refines_the_key() {
        let t = Templates::default();
        let vars = [("name", "Taro"), ("ref", "T-2"), ("state", "released")];
        let out = t.render(false, Queue::Transfer, DecisionKind::Approve, &vars);
        assert_eq!(out.subject, "Released: your transfer (T-2)");
        let out = t.render_for_state(
            true,
            Queue::Transfer,
            DecisionKind::Approve,
            Some(State::Accepted),
            &vars,
        );
        assert_eq!(out.subject, "【受理】異動届について（T-2）");
    }

    #[test]
    fn a_loan_withdrawal_gets_its_own_completion_notice() {
        use crate::domain::case::sample_withdrawal;
        use crate::domain::case::*;
        use crate::domain::time::{at, ymd};
        let now = at(ymd(2025, 6, 2), 10, 0);
        let mut case = sample_withdrawal(now);
        case.reference = "W-7".into();
        case.state = State::Completed;
        case.updated_by = "t".into();
        if let CaseBody::Withdrawal(w) = &mut case.body {
            w.reason = "進路変更".into();
            w.director_decision = DirectorDecision::Approved;
        }
        let t = Templates::default();
        let vars = [("name", "山田太郎"), ("ref", "W-7"), ("state", "completed")];
        let out = t.render_case(true, &case, DecisionKind::Approve, &vars);
        assert_eq!(
            out.subject,
            "【完了】研修資金貸与の辞退届を受理しました（W-7）"
        );
        assert!(out.body.contains("第13号様式"));
        assert!(!out.body.contains("応募が可能"), "{}", out.body);
        let en = t.render_case(false, &case, DecisionKind::Approve, &vars);
        assert!(en.subject.contains("training-loan withdrawal"));
        // An adoption withdrawal keeps the adoption wording.
        if let CaseBody::Withdrawal(w) = &mut case.body {
            w.kind = WithdrawalKind::Adoption;
        }
        let out = t.render_case(true, &case, DecisionKind::Approve, &vars);
        assert!(out.body.contains("応募が可能"), "{}", out.body);
    }

    #[test]
    fn overrides_replace_single_entries_and_unknown_keys_fall_back() {
        let file = r#"
            [ja."withdrawal.return"]
            subject = "差戻 {ref}"
            body = "{name}"
        "#;
        let custom: Templates = toml::from_str(file).unwrap();
        let vars = [("name", "佐藤"), ("ref", "W-9")];
        let out = custom.render(true, Queue::Withdrawal, DecisionKind::Return, &vars);
        assert_eq!(out.subject, "差戻 W-9");
        // Entries the file does not name keep the built-in wording.
        let out = custom.render(true, Queue::Withdrawal, DecisionKind::Approve, &vars);
        assert!(out.subject.starts_with("【完了】"));
        let out = custom.render(false, Queue::LoanFollowup, DecisionKind::Reopen, &vars);
        assert_eq!(out.subject, "[loan_followup] reopen: W-9");
        let mut all = Templates::default();
        all.overlay(custom);
        assert_eq!(all.ja["withdrawal.return"].body, "{name}");
        assert!(all.ja.contains_key("transfer.approve"));
    }
}
