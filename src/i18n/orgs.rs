//! Organisations in words: their kinds, a case's sides, and why a record or
//! an address was refused.

use super::Lang;
use crate::domain::org::{AddressField, OrgIdProblem, OrgKind, OrgProblem, Side};
use crate::domain::transfer::AddressProblem;

/// An organisation's kind as people name it.
pub fn kind(lang: Lang, k: OrgKind) -> &'static str {
    match k {
        OrgKind::Office => lang.pick("事務局", "office"),
        OrgKind::NationalAssociation => lang.pick("医師会 (全国)", "national medical association"),
        OrgKind::PrefecturalAssociation => lang.pick("都道府県医師会", "prefectural association"),
        OrgKind::DistrictAssociation => lang.pick("郡市区医師会", "district association"),
        OrgKind::Board => lang.pick("専門医機構", "specialty board"),
        OrgKind::CertificationBody => lang.pick("認定機構", "certification body"),
        OrgKind::LoanOffice => lang.pick("研修資金担当 (都道府県)", "prefectural loan office"),
    }
}

/// An organisation's part in a case.
pub fn side(lang: Lang, s: Side) -> &'static str {
    match s {
        Side::Whole => lang.pick("担当", "owner"),
        Side::From => lang.pick("異動元", "from"),
        Side::To => lang.pick("異動先", "to"),
        Side::Part => lang.pick("区分変更", "category change"),
    }
}

/// Why an address was refused (半角100文字以内).
pub fn address(lang: Lang, p: &AddressProblem) -> String {
    match p {
        AddressProblem::Empty => lang
            .pick("メールアドレスが空です", "the address is empty")
            .into(),
        AddressProblem::NotHalfWidth { address } => lang.pick(
            format!("{address} は半角文字だけで入力してください"),
            format!("{address:?} must use half-width characters only"),
        ),
        AddressProblem::TooLong { length, max } => lang.pick(
            format!("メールアドレスが{length}文字です (半角{max}文字以内)"),
            format!("the address is {length} characters; at most {max} are allowed"),
        ),
        AddressProblem::NotAnAddress { address } => lang.pick(
            format!("{address} はメールアドレスではありません (name@example.jp)"),
            format!("{address:?} is not an e-mail address (name@example.jp)"),
        ),
    }
}

/// Why an organisation's id was refused.
pub fn id_problem(lang: Lang, p: &OrgIdProblem) -> String {
    match p {
        OrgIdProblem::Empty => lang
            .pick("団体IDが空です", "the organisation id is empty")
            .into(),
        OrgIdProblem::TooLong { max } => lang.pick(
            format!("団体IDは{max}文字以内です"),
            format!("an organisation id has at most {max} characters"),
        ),
        OrgIdProblem::Character { found } => lang.pick(
            format!("団体IDに「{found}」は使えません (半角英小文字・数字・-・_)"),
            format!("an organisation id may not hold {found:?} (a-z, 0-9, - and _)"),
        ),
    }
}

impl std::fmt::Display for OrgProblem {
    /// In English: an import report's row reason.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&problem(Lang::En, self))
    }
}

/// Why an organisation record or change was refused.
pub fn problem(lang: Lang, p: &OrgProblem) -> String {
    match p {
        OrgProblem::Id { problem } => id_problem(lang, problem),
        OrgProblem::NameEmpty => lang.pick("団体名が空です", "the name is empty").into(),
        OrgProblem::NameTooLong { max } => lang.pick(
            format!("団体名は{max}文字以内で、制御文字は使えません"),
            format!("a name has at most {max} characters and no control characters"),
        ),
        OrgProblem::ParentUnknown { parent } => lang.pick(
            format!("上位団体 {parent} はありません"),
            format!("there is no parent organisation {parent}"),
        ),
        OrgProblem::ParentIsSelf => lang
            .pick(
                "団体を自分の上位団体にはできません",
                "an organisation cannot be its own parent",
            )
            .into(),
        OrgProblem::ParentCycle { parent } => lang.pick(
            format!("{parent} はこの団体の下位にあるため上位団体にできません"),
            format!("{parent} lies below this organisation and cannot be its parent"),
        ),
        OrgProblem::Address { field, problem } => {
            let what = match field {
                AddressField::Inquiry => lang.pick("お問い合わせ通知先", "inquiry_email"),
                AddressField::MemberAdmin => lang.pick("会員管理用通知先", "member_admin_email"),
            };
            format!("{what}: {}", address(lang, problem))
        }
        OrgProblem::TooMany { max } => lang.pick(
            format!("団体は{max}までです"),
            format!("a store holds at most {max} organisations"),
        ),
        OrgProblem::InUse {
            cases,
            users,
            children,
        } => lang.pick(
            format!(
                "案件{cases}件・ユーザー{users}人・下位団体{children}が残っているため削除できません"
            ),
            format!(
                "it still holds {cases} cases, {users} users and {children} organisations below it"
            ),
        ),
        OrgProblem::Unknown { id } => lang.pick(
            format!("団体 {id} はありません"),
            format!("there is no organisation {id}"),
        ),
        OrgProblem::Last => lang
            .pick(
                "最後の団体は削除できません",
                "the store's last organisation stays",
            )
            .into(),
    }
}

/// The person's cases other organisations hold, counted, never shown.
pub fn elsewhere(lang: Lang, n: u64) -> String {
    lang.pick(
        format!("他の団体の案件 {n}件 (この画面には表示されません)"),
        format!("{n} cases of other organisations (not shown here)"),
    )
}

/// A case's organisations in one line: `仙台市医師会 (異動元) → 石巻市医師会
/// (異動先)`, a part that approved marked 済.
pub fn case_orgs(lang: Lang, orgs: &[crate::desk::OrgShown]) -> String {
    let one = |o: &crate::desk::OrgShown| match o.side {
        Side::Whole => crate::text::sanitize(&o.name).into_owned(),
        s => {
            let done = if o.approved {
                lang.pick("・承認済", ", approved")
            } else {
                ""
            };
            format!(
                "{} ({}{done})",
                crate::text::sanitize(&o.name),
                side(lang, s)
            )
        }
    };
    let sep = if orgs.iter().any(|o| o.side == Side::From) {
        " → "
    } else {
        lang.pick("、", ", ")
    };
    orgs.iter().map(one).collect::<Vec<_>>().join(sep)
}

/// What `secretariat users` and `secretariat orgs` say.
pub enum Said<'a> {
    Shown {
        user: &'a str,
        shown: &'a str,
    },
    ShownByName {
        user: &'a str,
    },
    Admin {
        user: &'a str,
    },
    NotAdmin {
        user: &'a str,
    },
    NotARole {
        role: &'a str,
    },
    Given {
        user: &'a str,
        role: crate::domain::Role,
        orgs: &'a str,
    },
    Taken {
        user: &'a str,
        orgs: &'a str,
    },
    NotAKind {
        kind: &'a str,
    },
    Holds {
        cases: u64,
        users: u64,
    },
    OrgAdded {
        id: &'a str,
        name: &'a str,
    },
    OrgChanged {
        id: &'a str,
    },
    OrgRemoved {
        id: &'a str,
    },
    NoOrg {
        id: &'a str,
    },
}

/// The sentence of `s` in `lang`.
pub fn said(lang: Lang, s: &Said) -> String {
    let kinds = || {
        OrgKind::ALL
            .iter()
            .map(|k| k.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match s {
        Said::Shown { user, shown } => lang.pick(
            format!("{user} は画面で「{shown}」と表示されます"),
            format!("{user} is shown as {shown}"),
        ),
        Said::ShownByName { user } => lang.pick(
            format!("{user} はユーザー名で表示されます"),
            format!("{user} is shown by the user name"),
        ),
        Said::Admin { user } => lang.pick(
            format!("{user} は管理者になりました (団体とユーザーの管理のみ、案件の決定はしません)"),
            format!("{user} is now an administrator (organisations and users; decides no case)"),
        ),
        Said::NotAdmin { user } => lang.pick(
            format!("{user} は管理者ではなくなりました"),
            format!("{user} is no longer an administrator"),
        ),
        Said::NotARole { role } => lang.pick(
            format!("{role} は役割ではありません: helpdesk、operator、supervisor または admin"),
            format!("{role:?} is not a role; use helpdesk, operator, supervisor or admin"),
        ),
        Said::Given { user, role, orgs } => {
            let r = super::role_name(lang, *role);
            match (orgs.is_empty(), lang) {
                (true, Lang::Ja) => format!("{user} は{r}になりました"),
                (true, Lang::En) => format!("{user} is now {}", role.id()),
                (false, Lang::Ja) => format!("{user} は {orgs} の{r}になりました"),
                (false, Lang::En) => format!("{user} is now {} in {orgs}", role.id()),
            }
        }
        Said::Taken { user, orgs: "" } => lang.pick(
            format!("{user} の役割を外しました"),
            format!("{user} no longer has a role"),
        ),
        Said::Taken { user, orgs } => lang.pick(
            format!("{user} の {orgs} での役割を外しました"),
            format!("{user} no longer has a role in {orgs}"),
        ),
        Said::NotAKind { kind } => lang.pick(
            format!("{kind} は団体の種類ではありません: {}", kinds()),
            format!("{kind:?} is not a kind of organisation: {}", kinds()),
        ),
        Said::Holds { cases, users } => lang.pick(
            format!("案件{cases}件・ユーザー{users}人"),
            format!("{cases} cases, {users} users"),
        ),
        Said::OrgAdded { id, name } => lang.pick(
            format!("団体 {id}（{name}）を登録しました"),
            format!("organisation {id} ({name}) added"),
        ),
        Said::OrgChanged { id } => lang.pick(
            format!("団体 {id} を変更しました"),
            format!("organisation {id} changed"),
        ),
        Said::OrgRemoved { id } => lang.pick(
            format!("団体 {id} を削除しました"),
            format!("organisation {id} removed"),
        ),
        Said::NoOrg { id } => lang.pick(
            format!("団体 {id} はありません"),
            format!("there is no organisation {id}"),
        ),
    }
}
