//! `secretariat users` and `secretariat orgs`: roles per organisation, and
//! the organisations themselves. Every change goes through the desk as one
//! request (permission-checked and audited there); the words are
//! `i18n::orgs`'s.

use super::args::{OrgsAction, UsersAction};
use super::{Context, Failure, Reach};
use crate::desk::{Ask, DeskClient, OrgRow, Request, UserRow, Where};
use crate::domain::Role;
use crate::domain::org::{OrgId, OrgKind, Organisation};
use crate::i18n::orgs::{Said, said};
use crate::text::sanitize;

pub fn users(ctx: &Context, reach: &Reach, action: UsersAction) -> Result<(), Failure> {
    let desk = ctx.client(reach)?;
    let lang = ctx.lang;
    match action {
        UsersAction::List { json } => {
            let rows: Vec<UserRow> = desk.ask(Request::UserRows)?;
            let shown: std::collections::BTreeMap<String, String> = desk.ask(Request::UserNames)?;
            for r in rows {
                if json {
                    json_line(&r)?;
                    continue;
                }
                let mut roles: Vec<String> = r
                    .grants
                    .iter()
                    .map(|(org, _, role, children)| {
                        format!("{}@{}{}", role.id(), org, if *children { "+" } else { "" })
                    })
                    .collect();
                if r.admin {
                    roles.insert(0, "admin".into());
                }
                let roles = roles.join(" ");
                match shown.get(&r.user) {
                    Some(s) => say!("{}\t{}\t{}", sanitize(&r.user), roles, sanitize(s))?,
                    None => say!("{}\t{}", sanitize(&r.user), roles)?,
                }
            }
        }
        UsersAction::Name { name, shown, .. } => {
            desk.ask::<()>(Request::SetUserName {
                name: name.clone(),
                shown: shown.clone(),
            })?;
            let name = sanitize(&name);
            match shown {
                Some(s) => tell(
                    lang,
                    &Said::Shown {
                        user: &name,
                        shown: &sanitize(&s),
                    },
                )?,
                None => tell(lang, &Said::ShownByName { user: &name })?,
            }
        }
        UsersAction::Add {
            name,
            role,
            orgs,
            children,
            shown,
            force,
        } => {
            if role.trim() == "admin" {
                set_admin(&*desk, lang, &name, true)?;
            } else {
                let r = Role::from_id(&role)
                    .ok_or_else(|| Failure::usage(said(lang, &Said::NotARole { role: &role })))?;
                let at = Where {
                    orgs: orgs.clone(),
                    children,
                };
                desk.ask::<()>(Request::AddUser {
                    name: name.clone(),
                    role: r,
                    force,
                    at,
                })?;
                tell(
                    lang,
                    &Said::Given {
                        user: &sanitize(&name),
                        role: r,
                        orgs: &orgs.join(", "),
                    },
                )?;
            }
            if let Some(s) = shown {
                desk.ask::<()>(Request::SetUserName {
                    name: name.clone(),
                    shown: Some(s),
                })?;
            }
        }
        UsersAction::Remove {
            name,
            orgs,
            admin,
            force,
        } => {
            if admin {
                set_admin(&*desk, lang, &name, false)?;
            } else {
                desk.ask::<()>(Request::RemoveUser {
                    name: name.clone(),
                    force,
                    at: Where {
                        orgs: orgs.clone(),
                        children: false,
                    },
                })?;
                tell(
                    lang,
                    &Said::Taken {
                        user: &sanitize(&name),
                        orgs: &orgs.join(", "),
                    },
                )?;
            }
        }
    }
    Ok(())
}

pub fn orgs(ctx: &Context, reach: &Reach, action: OrgsAction) -> Result<(), Failure> {
    let desk = ctx.client(reach)?;
    let lang = ctx.lang;
    let kind_of = |k: &str| {
        OrgKind::from_id(k).ok_or_else(|| Failure::usage(said(lang, &Said::NotAKind { kind: k })))
    };
    let id_of = |s: &str| {
        OrgId::parse(s).map_err(|p| Failure::usage(crate::i18n::orgs::id_problem(lang, &p)))
    };
    let optional = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    match action {
        OrgsAction::List { json } => {
            let rows: Vec<OrgRow> = desk.ask(Request::Orgs)?;
            for r in rows {
                if json {
                    json_line(&r)?;
                    continue;
                }
                say!(
                    "{}\t{}\t{}\t{}\t{}",
                    r.org.id,
                    sanitize(&r.org.name),
                    crate::i18n::orgs::kind(lang, r.org.kind),
                    r.org
                        .parent
                        .as_ref()
                        .map(OrgId::to_string)
                        .unwrap_or_else(|| "-".into()),
                    said(
                        lang,
                        &Said::Holds {
                            cases: r.cases,
                            users: r.users
                        }
                    ),
                )?;
            }
        }
        OrgsAction::Add {
            id,
            name,
            kind,
            parent,
            inquiry_email,
            member_admin_email,
        } => {
            let org = Organisation {
                id: id_of(&id)?,
                name,
                kind: kind_of(&kind)?,
                parent: optional(parent).map(|p| id_of(&p)).transpose()?,
                inquiry_email: optional(inquiry_email),
                member_admin_email: optional(member_admin_email),
            };
            let name = org.name.clone();
            desk.ask::<()>(Request::PutOrg {
                org: Box::new(org),
                create: true,
            })?;
            tell(
                lang,
                &Said::OrgAdded {
                    id: &id,
                    name: &sanitize(&name),
                },
            )?;
        }
        OrgsAction::Edit {
            id,
            name,
            kind,
            parent,
            inquiry_email,
            member_admin_email,
        } => {
            let id = id_of(&id)?;
            let rows: Vec<OrgRow> = desk.ask(Request::Orgs)?;
            let mut org = rows
                .into_iter()
                .map(|r| r.org)
                .find(|o| o.id == id)
                .ok_or_else(|| Failure::rejected(said(lang, &Said::NoOrg { id: id.as_str() })))?;
            if let Some(n) = name {
                org.name = n;
            }
            if let Some(k) = kind {
                org.kind = kind_of(&k)?;
            }
            if let Some(p) = parent {
                org.parent = optional(Some(p)).map(|p| id_of(&p)).transpose()?;
            }
            if let Some(a) = inquiry_email {
                org.inquiry_email = optional(Some(a));
            }
            if let Some(a) = member_admin_email {
                org.member_admin_email = optional(Some(a));
            }
            desk.ask::<()>(Request::PutOrg {
                org: Box::new(org),
                create: false,
            })?;
            tell(lang, &Said::OrgChanged { id: id.as_str() })?;
        }
        OrgsAction::Remove { id } => {
            desk.ask::<()>(Request::RemoveOrg { id: id.clone() })?;
            tell(lang, &Said::OrgRemoved { id: &sanitize(&id) })?;
        }
    }
    Ok(())
}

/// Makes `name` an administrator, or no longer one, and says so.
fn set_admin(
    desk: &dyn DeskClient,
    lang: crate::i18n::Lang,
    name: &str,
    admin: bool,
) -> Result<(), Failure> {
    desk.ask::<()>(Request::SetAdmin {
        name: name.to_string(),
        admin,
    })?;
    let user = &sanitize(name);
    tell(
        lang,
        &if admin {
            Said::Admin { user }
        } else {
            Said::NotAdmin { user }
        },
    )
}

/// Prints one of these commands' sentences.
fn tell(lang: crate::i18n::Lang, s: &Said) -> Result<(), Failure> {
    say!("{}", said(lang, s))
}

/// Prints a row as one line of JSON.
fn json_line(row: &impl serde::Serialize) -> Result<(), Failure> {
    let line = serde_json::to_string(row).map_err(|e| Failure::runtime(e.to_string()))?;
    say!("{line}")
}
