//! Which organisations a case belongs to, from its fields, when it arrives:
//! a transfer to the association it leaves and the one it joins (by name,
//! or by prefecture and district), a category change to each association
//! named, withdrawals to the board, facility reports to the certification
//! body, loan follow-ups to the prefecture's loan office. A store of one
//! organisation puts every case in it; an association named that the store
//! does not have is refused by name.

use super::Desk;
use crate::domain::org::{CaseOrg, OrgId, OrgKind, Organisation, Side};
use crate::domain::row::OwnerProblem;
use crate::domain::{Case, CaseBody, TransferKind};
use std::collections::BTreeMap;

/// Splits the associations a category change names (`宮城県医師会;仙台市医師会`).
fn named(list: &str) -> impl Iterator<Item = &str> {
    list.split([';', '、', ',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An association by id or by its name (as the member system names it).
fn association<'a>(
    orgs: &'a BTreeMap<OrgId, Organisation>,
    name: &str,
) -> Option<&'a Organisation> {
    let name = name.trim();
    OrgId::parse(name)
        .ok()
        .and_then(|id| orgs.get(&id))
        .or_else(|| orgs.values().find(|o| o.name == name))
        .filter(|o| o.kind.is_association() || o.kind == OrgKind::Office)
}

/// The district association a prefecture and district name (石巻市 under
/// 宮城県): a district whose name begins with the district's, under an
/// association whose name begins with the prefecture's; the prefecture's
/// own association when no district is given.
fn by_area<'a>(
    orgs: &'a BTreeMap<OrgId, Organisation>,
    prefecture: &str,
    district: Option<&str>,
) -> Option<&'a Organisation> {
    let prefecture = prefecture.trim();
    let pref = orgs
        .values()
        .find(|o| o.kind == OrgKind::PrefecturalAssociation && o.name.starts_with(prefecture))?;
    match district.map(str::trim).filter(|d| !d.is_empty()) {
        None => Some(pref),
        Some(d) => orgs.values().find(|o| {
            o.kind == OrgKind::DistrictAssociation
                && o.parent.as_ref() == Some(&pref.id)
                && o.name.starts_with(d)
        }),
    }
}

/// The one organisation of `kind`.
fn the_one(
    orgs: &BTreeMap<OrgId, Organisation>,
    kind: OrgKind,
) -> Result<&Organisation, OwnerProblem> {
    let mut found = orgs.values().filter(|o| o.kind == kind);
    match (found.next(), found.next()) {
        (Some(o), None) => Ok(o),
        _ => Err(OwnerProblem::NoReceiver {
            kind,
            found: orgs.values().filter(|o| o.kind == kind).count(),
        }),
    }
}

/// The organisations `case` belongs to among `orgs`.
pub(crate) fn owners_of(
    case: &Case,
    orgs: &BTreeMap<OrgId, Organisation>,
) -> Result<Vec<CaseOrg>, OwnerProblem> {
    if orgs.len() <= 1 {
        let id = orgs
            .keys()
            .next()
            .cloned()
            .unwrap_or_else(OrgId::default_org);
        return Ok(vec![CaseOrg::new(id, Side::Whole)]);
    }
    let unknown = |field: &str, name: &str| OwnerProblem::UnknownAssociation {
        field: field.to_string(),
        name: name.chars().take(60).collect(),
    };
    let whole = |o: &Organisation| Ok(vec![CaseOrg::new(o.id.clone(), Side::Whole)]);
    match &case.body {
        CaseBody::Transfer(t) => {
            let mut out = Vec::new();
            if t.kind == TransferKind::CategoryChange {
                for name in named(&t.from_association) {
                    let o =
                        association(orgs, name).ok_or_else(|| unknown("from_association", name))?;
                    out.push(CaseOrg::new(o.id.clone(), Side::Part));
                }
                if out.is_empty() {
                    return Err(unknown("from_association", &t.from_association));
                }
                return Ok(out);
            }
            let from = association(orgs, &t.from_association)
                .ok_or_else(|| unknown("from_association", &t.from_association))?;
            out.push(CaseOrg::new(from.id.clone(), Side::From));
            let to = match (&t.to_association, &t.to_prefecture) {
                (Some(name), _) if !name.trim().is_empty() => {
                    association(orgs, name).ok_or_else(|| unknown("to_association", name))?
                }
                (_, Some(pref)) => {
                    by_area(orgs, pref, t.to_district.as_deref()).ok_or_else(|| {
                        let place = format!("{pref} {}", t.to_district.as_deref().unwrap_or(""));
                        unknown("to_prefecture/to_district", place.trim())
                    })?
                }
                _ => return Err(unknown("to_association", "")),
            };
            out.push(CaseOrg::new(to.id.clone(), Side::To));
            Ok(out)
        }
        CaseBody::CompletionApplication(a) => whole(
            association(orgs, &a.association)
                .ok_or_else(|| unknown("association", &a.association))?,
        ),
        CaseBody::Withdrawal(_) => whole(the_one(orgs, OrgKind::Board)?),
        CaseBody::FacilityReport(_) => whole(the_one(orgs, OrgKind::CertificationBody)?),
        CaseBody::LoanFollowup(_) => whole(the_one(orgs, OrgKind::LoanOffice)?),
    }
}

impl Desk {
    /// The organisations a case arriving now belongs to.
    pub(crate) fn owners(&self, case: &Case) -> super::Result<Result<Vec<CaseOrg>, OwnerProblem>> {
        Ok(owners_of(case, &self.store.orgs()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::tests::orgs::{miyagi_offices, org};
    use crate::domain::case::Transfer;
    use crate::domain::ids::RegistrationNumber;

    fn registry() -> BTreeMap<OrgId, Organisation> {
        let board = org("jmsb", "日本専門医機構", OrgKind::Board, None);
        miyagi_offices()
            .into_iter()
            .chain([board])
            .map(|o| (o.id.clone(), o))
            .collect()
    }

    fn transfer(kind: TransferKind, from: &str) -> Case {
        let now = crate::domain::time::at(crate::domain::time::ymd(2026, 4, 1), 9, 0);
        let mut c = crate::domain::case::sample_withdrawal(now);
        c.body = CaseBody::Transfer(Transfer {
            registration_number: RegistrationNumber::parse("654321").unwrap(),
            kind,
            from_association: from.into(),
            requested_category: "B".into(),
            to_association: None,
            to_prefecture: Some("宮城県".into()),
            to_district: Some("石巻市".into()),
            current_category: None,
            facility: None,
            facility_duty: None,
            reason: None,
        });
        c
    }

    #[test]
    fn a_transfer_belongs_to_the_association_it_leaves_and_the_one_it_joins() {
        let orgs = registry();
        let c = transfer(TransferKind::AssociationTransfer, "仙台市医師会");
        let o = owners_of(&c, &orgs).unwrap();
        assert_eq!(
            o[0],
            CaseOrg::new(OrgId::parse("sendai").unwrap(), Side::From)
        );
        assert_eq!(
            o[1],
            CaseOrg::new(OrgId::parse("ishinomaki").unwrap(), Side::To)
        );
        let c = transfer(TransferKind::AssociationTransfer, "名取市医師会");
        assert!(matches!(
            owners_of(&c, &orgs),
            Err(OwnerProblem::UnknownAssociation { name, .. }) if name == "名取市医師会"
        ));
    }

    #[test]
    fn a_category_change_belongs_to_each_association_named() {
        let orgs = registry();
        let c = transfer(TransferKind::CategoryChange, "宮城県医師会;sendai");
        let o = owners_of(&c, &orgs).unwrap();
        assert_eq!(o.len(), 2);
        assert!(o.iter().all(|x| x.side == Side::Part));
    }

    #[test]
    fn other_queues_go_to_the_one_receiver_and_one_office_takes_all() {
        let orgs = registry();
        let now = crate::domain::time::at(crate::domain::time::ymd(2026, 4, 1), 9, 0);
        let w = crate::domain::case::sample_withdrawal(now);
        assert_eq!(owners_of(&w, &orgs).unwrap()[0].org.as_str(), "jmsb");
        let mut one = BTreeMap::new();
        let office = org("office", "事務局", OrgKind::Office, None);
        one.insert(office.id.clone(), office);
        let c = transfer(TransferKind::AssociationTransfer, "どこでも");
        assert_eq!(owners_of(&c, &one).unwrap()[0].org.as_str(), "office");
    }
}
