//! The demo's organisations: the national medical association, each demo
//! prefecture's association with the district associations of its cities
//! under it, and the three bodies the other queues go to — a specialty board
//! (withdrawals), a certification body (facility reports) and Miyagi's loan
//! office (seed 004's 研修資金). Ids are codes (`p04`, `p04-d6`); people
//! read the names.

use super::names::PREFECTURES;
use crate::domain::org::{OrgId, OrgKind, Organisation};

/// The national association: the demo's secretariat staff work under it.
pub const NATIONAL: &str = "jma";
/// The bodies the other queues go to.
pub const BOARD: &str = "board";
pub const CERTIFICATION: &str = "certification";
pub const LOAN_OFFICE: &str = "miyagi-loans";

fn org(id: &str, name: &str, kind: OrgKind, parent: Option<&str>, mail: &str) -> Organisation {
    Organisation {
        // The ids below are all made of a-z, 0-9 and '-'.
        id: OrgId::parse(id).unwrap_or_else(|_| OrgId::default_org()),
        name: name.to_string(),
        kind,
        parent: parent.and_then(|p| OrgId::parse(p).ok()),
        inquiry_email: Some(format!("info@{mail}.example.jp")),
        member_admin_email: Some(format!("member@{mail}.example.jp")),
    }
}

/// The id of a prefecture's association (`p04`).
pub fn prefecture_id(code: &str) -> String {
    format!("p{code}")
}

/// The id of the district association of a prefecture's `n`th city (`p04-d6`).
pub fn district_id(code: &str, n: usize) -> String {
    format!("p{code}-d{n}")
}

/// Every demo organisation, parents before children.
pub fn organisations() -> Vec<Organisation> {
    let mut out = vec![
        org(
            NATIONAL,
            "日本医師会",
            OrgKind::NationalAssociation,
            None,
            "med",
        ),
        org(BOARD, "日本専門医機構", OrgKind::Board, None, "board"),
        org(
            CERTIFICATION,
            "日本がん治療認定医機構",
            OrgKind::CertificationBody,
            None,
            "cert",
        ),
        org(
            LOAN_OFFICE,
            "宮城県 研修資金担当",
            OrgKind::LoanOffice,
            None,
            "loan.miyagi",
        ),
    ];
    for p in PREFECTURES {
        let pid = prefecture_id(p.code);
        out.push(org(
            &pid,
            &format!("{}医師会", p.name),
            OrgKind::PrefecturalAssociation,
            Some(NATIONAL),
            &pid,
        ));
        let mut seen: Vec<&str> = Vec::new();
        for (city, _) in p.cities {
            if seen.contains(city) {
                continue;
            }
            seen.push(city);
            let did = district_id(p.code, seen.len());
            out.push(org(
                &did,
                &format!("{city}医師会"),
                OrgKind::DistrictAssociation,
                Some(&pid),
                &did,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn every_demo_organisation_is_valid_and_unique() {
        let mut known = BTreeMap::new();
        for o in organisations() {
            assert_eq!(o.validate(&known), Ok(()), "{o:?}");
            assert!(known.insert(o.id.clone(), o).is_none());
        }
        assert!(known.len() >= 40, "{}", known.len());
        assert!(known.values().any(|o| o.name == "仙台市医師会"));
    }
}
