//! Organisations (団体): the offices that share one store, each seeing and
//! deciding its own cases (seed 001: the national, prefectural and district
//! medical associations, each with its secretariat and its own addresses).
//!
//! Pure: who belongs where, which organisations a user's roles reach, and
//! which part of a case an organisation decides. The store keeps the
//! records; the desk applies the scope below every screen.

use super::Role;
use super::case::{Case, DecisionKind, State};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The id of the organisation a store is made with, and the one a store
/// upgraded from schema 9 puts every case and every role in.
pub const DEFAULT_ORG: &str = "office";

/// The most characters of an organisation's id.
pub const ORG_ID_MAX: usize = 32;
/// The most characters of an organisation's name.
pub const ORG_NAME_MAX: usize = 60;
/// The most organisations one store holds (scopes are computed in memory).
pub const ORGS_MAX: usize = 2_000;
/// The most organisations one case belongs to.
pub const CASE_ORGS_MAX: usize = 8;

/// An organisation's id: 1 to 32 of `a-z`, `0-9`, `-` and `_`, starting with
/// a letter or digit (`miyagi`, `sendai-city`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgId(String);

/// Why an organisation's id was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgIdProblem {
    Empty,
    TooLong { max: usize },
    Character { found: char },
}

impl OrgId {
    pub fn parse(s: &str) -> Result<OrgId, OrgIdProblem> {
        let s = s.trim();
        if s.is_empty() {
            return Err(OrgIdProblem::Empty);
        }
        if s.chars().count() > ORG_ID_MAX {
            return Err(OrgIdProblem::TooLong { max: ORG_ID_MAX });
        }
        let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if let Some(found) = s.chars().find(|c| !ok(*c)) {
            return Err(OrgIdProblem::Character { found });
        }
        if s.starts_with(['-', '_']) {
            return Err(OrgIdProblem::Character {
                found: s.chars().next().unwrap_or('-'),
            });
        }
        Ok(OrgId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The default organisation's id.
    pub fn default_org() -> OrgId {
        OrgId(DEFAULT_ORG.to_string())
    }
}

impl std::fmt::Display for OrgId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of body an organisation is. Stored by position: append only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 事務局: one office holding whatever arrives (the store's first).
    Office,
    /// 医師会 (全国): the national medical association.
    NationalAssociation,
    /// 都道府県医師会.
    PrefecturalAssociation,
    /// 郡市区医師会.
    DistrictAssociation,
    /// 専門医機構: receives withdrawals (採用辞退).
    Board,
    /// 認定機構: receives facility reports (在籍報告).
    CertificationBody,
    /// 都道府県 研修資金担当: receives loan follow-ups.
    LoanOffice,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Office,
        OrgKind::NationalAssociation,
        OrgKind::PrefecturalAssociation,
        OrgKind::DistrictAssociation,
        OrgKind::Board,
        OrgKind::CertificationBody,
        OrgKind::LoanOffice,
    ];

    pub fn id(self) -> &'static str {
        match self {
            OrgKind::Office => "office",
            OrgKind::NationalAssociation => "national_association",
            OrgKind::PrefecturalAssociation => "prefectural_association",
            OrgKind::DistrictAssociation => "district_association",
            OrgKind::Board => "board",
            OrgKind::CertificationBody => "certification_body",
            OrgKind::LoanOffice => "loan_office",
        }
    }

    pub fn from_id(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.id() == s.trim())
    }

    /// Whether members' transfers and category changes name it (医師会).
    pub fn is_association(self) -> bool {
        matches!(
            self,
            OrgKind::NationalAssociation
                | OrgKind::PrefecturalAssociation
                | OrgKind::DistrictAssociation
        )
    }
}

/// An organisation sharing the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    /// Its name as people read it (宮城県医師会).
    pub name: String,
    pub kind: OrgKind,
    /// The organisation above it (a district association's prefecture).
    pub parent: Option<OrgId>,
    /// お問い合わせ通知先メールアドレス: arrival mails and the From of its mail.
    pub inquiry_email: Option<String>,
    /// 会員管理用通知メールアドレス: the Reply-To of its decisions' mail.
    pub member_admin_email: Option<String>,
}

/// Which of an organisation's addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    /// お問い合わせ通知先メールアドレス.
    Inquiry,
    /// 会員管理用通知メールアドレス.
    MemberAdmin,
}

/// What is wrong with an organisation record, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum OrgProblem {
    Id {
        problem: OrgIdProblem,
    },
    NameEmpty,
    NameTooLong {
        max: usize,
    },
    ParentUnknown {
        parent: String,
    },
    ParentIsSelf,
    /// Setting this parent would make the organisation its own ancestor.
    ParentCycle {
        parent: String,
    },
    Address {
        field: AddressField,
        problem: super::transfer::AddressProblem,
    },
    TooMany {
        max: usize,
    },
    /// Removing an organisation that still holds cases, users or children.
    InUse {
        cases: u64,
        users: u64,
        children: u64,
    },
    Unknown {
        id: String,
    },
    /// The store's last organisation stays.
    Last,
}

impl Organisation {
    /// The one office a new store is (and every case of a store made before
    /// organisations belongs to).
    pub fn the_office() -> Organisation {
        Organisation {
            id: OrgId::default_org(),
            name: "事務局".into(),
            kind: OrgKind::Office,
            parent: None,
            inquiry_email: None,
            member_admin_email: None,
        }
    }

    /// Checks the record against itself and the organisations known (its
    /// parent must exist and not lie below it).
    pub fn validate(&self, known: &BTreeMap<OrgId, Organisation>) -> Result<(), OrgProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(OrgProblem::NameEmpty);
        }
        if name.chars().count() > ORG_NAME_MAX || name.chars().any(char::is_control) {
            return Err(OrgProblem::NameTooLong { max: ORG_NAME_MAX });
        }
        for (field, addr) in [
            (AddressField::Inquiry, &self.inquiry_email),
            (AddressField::MemberAdmin, &self.member_admin_email),
        ] {
            if let Some(a) = addr {
                super::transfer::validate_notification_address(a)
                    .map_err(|problem| OrgProblem::Address { field, problem })?;
            }
        }
        if let Some(p) = &self.parent {
            if *p == self.id {
                return Err(OrgProblem::ParentIsSelf);
            }
            if !known.contains_key(p) {
                return Err(OrgProblem::ParentUnknown {
                    parent: p.to_string(),
                });
            }
            let mut at = Some(p.clone());
            let mut steps = 0;
            while let Some(cur) = at {
                if cur == self.id || steps > known.len() {
                    return Err(OrgProblem::ParentCycle {
                        parent: p.to_string(),
                    });
                }
                steps += 1;
                at = known.get(&cur).and_then(|o| o.parent.clone());
            }
        }
        Ok(())
    }
}

/// A role in one organisation; `children` extends it to the organisations
/// below (a prefecture's supervisor over its districts).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub org: OrgId,
    pub role: Role,
    pub children: bool,
}

/// Everything a user is given: roles in organisations, and whether they
/// administer the store (organisations and users everywhere; no cases).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccess {
    pub admin: bool,
    pub grants: Vec<Grant>,
}

impl UserAccess {
    /// What a user holding `role` in the one office is given (a
    /// supervisor also administers).
    pub fn of_role(role: Role) -> UserAccess {
        UserAccess {
            admin: role == Role::Supervisor,
            grants: vec![Grant {
                org: OrgId::default_org(),
                role,
                children: false,
            }],
        }
    }

    /// The highest role of any grant (what the hints and help show).
    pub fn top_role(&self) -> Option<Role> {
        self.grants.iter().map(|g| g.role).max()
    }

    /// The roles in ids, as `users list` prints them: `admin
    /// supervisor@miyagi+ operator@sendai` (`+`: with the organisations below).
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.admin {
            parts.push("admin".into());
        }
        for g in &self.grants {
            let below = if g.children { "+" } else { "" };
            parts.push(format!("{}@{}{below}", g.role.id(), g.org));
        }
        parts.join(" ")
    }

    /// Adds or replaces the grant in `org`.
    pub fn grant(&mut self, g: Grant) {
        self.grants.retain(|x| x.org != g.org);
        self.grants.push(g);
        self.grants.sort();
    }
}

/// The organisations a user's grants reach, with the role in each (the
/// highest where two grants reach one), children expanded.
pub fn reach(access: &UserAccess, orgs: &BTreeMap<OrgId, Organisation>) -> BTreeMap<OrgId, Role> {
    let mut out: BTreeMap<OrgId, Role> = BTreeMap::new();
    let mut put = |id: &OrgId, role: Role| {
        let e = out.entry(id.clone()).or_insert(role);
        *e = (*e).max(role);
    };
    for g in &access.grants {
        if !orgs.contains_key(&g.org) {
            continue;
        }
        put(&g.org, g.role);
        if g.children {
            for id in descendants(&g.org, orgs) {
                put(&id, g.role);
            }
        }
    }
    out
}

/// Every organisation below `root`, at any depth.
pub fn descendants(root: &OrgId, orgs: &BTreeMap<OrgId, Organisation>) -> Vec<OrgId> {
    let mut out = Vec::new();
    let mut frontier = vec![root.clone()];
    while let Some(cur) = frontier.pop() {
        for o in orgs.values() {
            if o.parent.as_ref() == Some(&cur) && !out.contains(&o.id) && o.id != *root {
                out.push(o.id.clone());
                frontier.push(o.id.clone());
            }
        }
    }
    out.sort();
    out
}

/// Which part of a case an organisation holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The case is the organisation's alone.
    Whole,
    /// 異動元: releases an association transfer.
    From,
    /// 異動先: accepts it once released.
    To,
    /// An association where the category changes: approves its part.
    Part,
}

/// An organisation a case belongs to, and its side.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseOrg {
    pub org: OrgId,
    pub side: Side,
}

impl CaseOrg {
    pub fn new(org: OrgId, side: Side) -> CaseOrg {
        CaseOrg { org, side }
    }
}

/// The parts of a category change approved since it last arrived (or came
/// back): each `ApprovePart` decision names its organisation in `reason`.
pub fn approved_parts(case: &Case) -> Vec<OrgId> {
    let mut out = Vec::new();
    for d in &case.history {
        match d.kind {
            DecisionKind::ApprovePart => {
                if let Some(id) = d.reason.as_deref().and_then(|r| OrgId::parse(r).ok()) {
                    out.push(id);
                }
            }
            DecisionKind::Return | DecisionKind::Reopen | DecisionKind::Received => out.clear(),
            _ => {}
        }
    }
    out
}

/// The organisations whose turn it is to decide a case in its state: the
/// from-association while a transfer awaits release, the to-association
/// once released, the parts that have not approved a category change, and
/// the whole owner otherwise.
pub fn deciders<'a>(case: &Case, orgs: &'a [CaseOrg]) -> Vec<&'a OrgId> {
    let sides = |want: Side| orgs.iter().filter(move |o| o.side == want).map(|o| &o.org);
    if orgs.iter().any(|o| o.side == Side::From) {
        return match case.state {
            State::Submitted => sides(Side::From).collect(),
            State::Released => sides(Side::To).collect(),
            _ => Vec::new(),
        };
    }
    if orgs.iter().any(|o| o.side == Side::Part) {
        let done = approved_parts(case);
        return sides(Side::Part).filter(|o| !done.contains(o)).collect();
    }
    orgs.iter().map(|o| &o.org).collect()
}

/// A case's organisations in the one order a store numbers them by: by
/// side (whole, from, to, parts), then id; each once.
pub fn normal_set(orgs: &[CaseOrg]) -> Vec<CaseOrg> {
    let mut v = orgs.to_vec();
    v.sort_by(|a, b| (a.side, &a.org).cmp(&(b.side, &b.org)));
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, kind: OrgKind, parent: Option<&str>) -> Organisation {
        Organisation {
            id: OrgId::parse(id).unwrap(),
            name: format!("{id}医師会"),
            kind,
            parent: parent.map(|p| OrgId::parse(p).unwrap()),
            inquiry_email: None,
            member_admin_email: None,
        }
    }

    fn registry() -> BTreeMap<OrgId, Organisation> {
        [
            org("miyagi", OrgKind::PrefecturalAssociation, None),
            org("sendai", OrgKind::DistrictAssociation, Some("miyagi")),
            org("ishinomaki", OrgKind::DistrictAssociation, Some("miyagi")),
            org("iwate", OrgKind::PrefecturalAssociation, None),
        ]
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect()
    }

    #[test]
    fn ids_are_short_lowercase_words() {
        assert!(OrgId::parse("sendai-city").is_ok());
        assert_eq!(OrgId::parse(""), Err(OrgIdProblem::Empty));
        assert_eq!(
            OrgId::parse("Sendai"),
            Err(OrgIdProblem::Character { found: 'S' })
        );
        assert_eq!(
            OrgId::parse("仙台"),
            Err(OrgIdProblem::Character { found: '仙' })
        );
        assert!(matches!(
            OrgId::parse(&"a".repeat(33)),
            Err(OrgIdProblem::TooLong { .. })
        ));
    }

    #[test]
    fn a_role_reaches_children_only_when_it_says_so() {
        let orgs = registry();
        let id = |s: &str| OrgId::parse(s).unwrap();
        let mut a = UserAccess::default();
        a.grant(Grant {
            org: id("miyagi"),
            role: Role::Supervisor,
            children: false,
        });
        assert_eq!(reach(&a, &orgs).len(), 1);
        a.grant(Grant {
            org: id("miyagi"),
            role: Role::Supervisor,
            children: true,
        });
        let r = reach(&a, &orgs);
        assert_eq!(
            r.keys().map(OrgId::as_str).collect::<Vec<_>>(),
            ["ishinomaki", "miyagi", "sendai"]
        );
        assert!(!r.contains_key(&id("iwate")));
        // A grant in an organisation that is gone reaches nothing.
        let mut b = UserAccess::default();
        b.grant(Grant {
            org: id("gone"),
            role: Role::Operator,
            children: true,
        });
        assert!(reach(&b, &orgs).is_empty());
    }

    #[test]
    fn a_parent_must_exist_and_not_lie_below() {
        let mut orgs = registry();
        let mut m = orgs[&OrgId::parse("miyagi").unwrap()].clone();
        m.parent = Some(OrgId::parse("sendai").unwrap());
        assert!(matches!(
            m.validate(&orgs),
            Err(OrgProblem::ParentCycle { .. })
        ));
        m.parent = Some(OrgId::parse("nowhere").unwrap());
        assert!(matches!(
            m.validate(&orgs),
            Err(OrgProblem::ParentUnknown { .. })
        ));
        m.parent = None;
        m.inquiry_email = Some("ｍｉｙａｇｉ@example.jp".into());
        assert!(matches!(m.validate(&orgs), Err(OrgProblem::Address { .. })));
        m.inquiry_email = Some("info@miyagi.med.or.jp".into());
        assert_eq!(m.validate(&orgs), Ok(()));
        orgs.clear();
    }

    #[test]
    fn the_turn_to_decide_follows_the_sides() {
        let now = crate::domain::time::at(crate::domain::time::ymd(2026, 4, 1), 9, 0);
        let mut c = crate::domain::case::sample_withdrawal(now);
        let id = |s: &str| OrgId::parse(s).unwrap();
        c.state = State::Submitted;
        let transfer = [
            CaseOrg::new(id("sendai"), Side::From),
            CaseOrg::new(id("ishinomaki"), Side::To),
        ];
        assert_eq!(deciders(&c, &transfer), [&id("sendai")]);
        c.state = State::Released;
        assert_eq!(deciders(&c, &transfer), [&id("ishinomaki")]);
        c.state = State::Accepted;
        assert!(deciders(&c, &transfer).is_empty());
        c.state = State::Submitted;
        let parts = [
            CaseOrg::new(id("miyagi"), Side::Part),
            CaseOrg::new(id("sendai"), Side::Part),
        ];
        assert_eq!(deciders(&c, &parts).len(), 2);
        c.history.push(crate::domain::case::Decision {
            kind: DecisionKind::ApprovePart,
            reason: Some("sendai".into()),
            actor: "sato".into(),
            at: now,
            state_before: State::Submitted,
            state_after: State::Submitted,
            notification: None,
        });
        assert_eq!(deciders(&c, &parts), [&id("miyagi")]);
        // A return clears the parts approved: all decide again.
        c.history.push(crate::domain::case::Decision {
            kind: DecisionKind::Return,
            reason: None,
            actor: "sato".into(),
            at: now,
            state_before: State::Submitted,
            state_after: State::Returned,
            notification: None,
        });
        assert!(approved_parts(&c).is_empty());
    }
}
