//! Why something was refused, in both languages: built here, carried as a
//! `Sentence` by the desk, the store and the server, shown in the operator's.

use super::{Lang, role_name, state_name};
use crate::domain::workflow::StepRefused;
use crate::domain::{Case, Permission, Role, Sentence, State};

fn permission_text(lang: Lang, p: Permission) -> &'static str {
    match p {
        Permission::Read => lang.pick("閲覧", "reading cases"),
        Permission::Annotate => lang.pick("メモの追加", "adding notes"),
        Permission::Decide => lang.pick("承認・差し戻し", "approving or returning cases"),
        Permission::Claim => lang.pick("案件の担当", "claiming cases"),
        Permission::Import => lang.pick("取り込み", "importing files"),
        Permission::Bulk => lang.pick("選択した案件の一括処理", "bulk decisions on marked cases"),
        Permission::Reassign => lang.pick("担当者の変更", "reassigning cases"),
        Permission::Reopen => lang.pick("案件の再開", "reopening cases"),
        Permission::ManageUsers => lang.pick("ユーザー管理", "managing users"),
        Permission::EditConfig => lang.pick("設定の変更", "editing the configuration"),
        Permission::SendMail => lang.pick("通知メールの送信", "sending notifications"),
        Permission::ManageMail => lang.pick(
            "送信できなかった通知の再送・取り消し",
            "retrying or cancelling notifications",
        ),
    }
}

/// A user's role does not grant what they tried.
pub fn permission(user: &str, role: Role, p: Permission) -> Sentence {
    let needed = Role::needed_for(p);
    Sentence::new(
        format!(
            "{user} is {}; {} needs the {} role (a supervisor can grant it with `secretariat users add {user} {}`)",
            role.id(),
            permission_text(Lang::En, p),
            needed.id(),
            needed.id()
        ),
        format!(
            "{user} さんは{}です。{}には{}の権限が必要です (責任者が `secretariat users add {user} {}` で付与できます)",
            role_name(Lang::Ja, role),
            permission_text(Lang::Ja, p),
            role_name(Lang::Ja, needed),
            needed.id()
        ),
    )
}

/// Removing or demoting the last supervisor.
pub fn last_supervisor(name: &str) -> Sentence {
    Sentence::new(
        format!("{name} is the last supervisor of this store; add another supervisor first"),
        format!("{name} さんはこのストア最後の責任者です。先に別の責任者を追加してください"),
    )
}

/// A decision made on a revision the case has moved past.
pub fn stale(case: &Case, seen: u64) -> Sentence {
    let at = case.updated_at.format("%Y-%m-%d %H:%M");
    Sentence::new(
        format!(
            "{} was changed by {} at {at} (revision {}, you saw {seen}); reload it and decide again",
            case.reference, case.updated_by, case.revision
        ),
        format!(
            "{} は {at} に {} さんが変更しました (版 {}、表示中は版 {seen})。再読み込みしてから決定してください",
            case.reference, case.updated_by, case.revision
        ),
    )
}

/// A case that disappeared while being decided.
pub fn gone(reference: &str) -> Sentence {
    Sentence::new(
        format!("{reference} no longer exists"),
        format!("{reference} はもう存在しません"),
    )
}

fn state_ja(id: &str) -> &'static str {
    State::from_id(id)
        .map(|s| state_name(Lang::Ja, s))
        .unwrap_or("?")
}

/// A workflow step the case's state does not allow.
pub fn step(e: &StepRefused) -> Sentence {
    let ja = match e {
        StepRefused::NoNextStep { reference, state } => {
            format!(
                "{reference} は「{}」で、次の手続きはありません",
                state_ja(state)
            )
        }
        StepRefused::NotOpen { reference, state } => {
            format!(
                "{reference} は「{}」です。差し戻せるのは処理中の案件だけです",
                state_ja(state)
            )
        }
        StepRefused::AwaitsReport { reference } => format!(
            "{reference} は未提出の在籍報告の督促です。施設の報告が受理されると自動で終了します"
        ),
        StepRefused::ReasonRequired => "差し戻しには申請者が対応できる理由が必要です".to_string(),
        StepRefused::NotChaseable { reference, state } => {
            format!("{reference} は「{}」のため督促できません", state_ja(state))
        }
        StepRefused::NotAReport => "認定返上にできるのは提出済の在籍報告だけです".to_string(),
        StepRefused::NotClosed { reference, state } => {
            format!(
                "{reference} は「{}」です。再開できるのは終了した案件だけです",
                state_ja(state)
            )
        }
    };
    Sentence::new(e.to_string(), ja)
}

/// Nothing to undo.
pub fn nothing_to_undo(user: &str) -> Sentence {
    Sentence::new(
        format!("{user} has no decision to undo"),
        format!("{user} さんには取り消せる決定がありません"),
    )
}

/// The undo window has passed.
pub fn undo_released(reference: &str, at: &str) -> Sentence {
    Sentence::new(
        format!(
            "the notification of your decision on {reference} was released at {at}; it can no longer be undone"
        ),
        format!("{reference} の決定の通知は {at} に送出済みのため、取り消せません"),
    )
}

/// The notification already went out.
pub fn undo_sent(reference: &str) -> Sentence {
    Sentence::new(
        format!(
            "the notification of your decision on {reference} has already been sent; it can no longer be undone"
        ),
        format!("{reference} の決定の通知は送信済みのため、取り消せません"),
    )
}

/// Someone changed the case after the decision.
pub fn undo_changed(reference: &str, by: &str) -> Sentence {
    Sentence::new(
        format!("{reference} was changed by {by} after your decision; it can no longer be undone"),
        format!("{reference} はあなたの決定の後に {by} さんが変更したため、取り消せません"),
    )
}

/// Stopping a server one may not stop.
pub fn may_not_stop(user: &str, role: Role) -> Sentence {
    Sentence::new(
        format!(
            "{user} is {}; only a supervisor or the user the server runs as may stop it",
            role.id()
        ),
        format!(
            "{user} さんは{}です。サーバーを停止できるのは責任者かサーバーを起動したユーザーだけです",
            role_name(Lang::Ja, role)
        ),
    )
}

/// A server started by hand does not hand its store over.
pub fn started_by_hand() -> Sentence {
    Sentence::new(
        "this server was started by hand and stops only when asked (`secretariat stop`)",
        "このサーバーは手動で起動されたため、`secretariat stop` で停止するまで動き続けます",
    )
}

/// A server still in use does not hand its store over.
pub fn in_use(others: usize) -> Sentence {
    Sentence::new(
        format!("{others} other client(s) use the server"),
        format!("ほかに {others} 件のクライアントがサーバーを使用中です"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_refusal_has_japanese() {
        let e = StepRefused::NoNextStep {
            reference: "W-1".into(),
            state: "completed",
        };
        let s = step(&e);
        assert_eq!(s.en, e.to_string());
        assert!(s.ja.contains("完了"), "{}", s.ja);
        let p = permission("sato", Role::Helpdesk, Permission::Decide);
        assert!(p.ja.contains("担当者の権限"), "{}", p.ja);
        assert!(p.en.contains("needs the operator role"));
    }
}
