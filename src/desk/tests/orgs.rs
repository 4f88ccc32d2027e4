//! Organisations on the desk: each office sees and decides its own. Two
//! prefectures (宮城 with 仙台 and 石巻, 岩手 with 盛岡), a board; a
//! transfer 仙台→盛岡, a category change naming 仙台 and 宮城, a withdrawal.

use super::*;
use crate::desk::users::Where;
use crate::domain::org::{OrgId, OrgKind, Organisation};

/// An organisation whose enquiries go to `info@{id}.example.jp`.
pub(crate) fn org(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Organisation {
    Organisation {
        id: OrgId::parse(id).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgId::parse(p).unwrap()),
        inquiry_email: Some(format!("info@{id}.example.jp")),
        member_admin_email: None,
    }
}

/// 宮城県医師会 and two of its districts, 仙台 and 石巻.
pub(crate) fn miyagi_offices() -> [Organisation; 3] {
    [
        org(
            "miyagi",
            "宮城県医師会",
            OrgKind::PrefecturalAssociation,
            None,
        ),
        org(
            "sendai",
            "仙台市医師会",
            OrgKind::DistrictAssociation,
            Some("miyagi"),
        ),
        org(
            "ishinomaki",
            "石巻市医師会",
            OrgKind::DistrictAssociation,
            Some("miyagi"),
        ),
    ]
}

fn transfer(
    reference: &str,
    regno: &str,
    kind: TransferKind,
    from: &str,
    to: Option<&str>,
) -> Case {
    let body = CaseBody::Transfer(Transfer {
        registration_number: RegistrationNumber::parse(regno).unwrap(),
        kind,
        from_association: from.into(),
        requested_category: "B".into(),
        to_association: to.map(str::to_string),
        to_prefecture: None,
        to_district: None,
        current_category: Some("A①".into()),
        facility: None,
        facility_duty: None,
        reason: Some("転居".into()),
    });
    case(
        reference,
        Queue::Transfer,
        Subject::Person(RegistrationNumber::parse(regno).unwrap()),
        "2026-11-10 09:00",
        body,
    )
}

struct Offices {
    f: Fixture,
    sendai: Actor,
    ishinomaki: Actor,
    morioka: Actor,
    miyagi: Actor,
    miyagi_all: Actor,
    admin: Actor,
}

fn offices() -> Offices {
    let f = fixture();
    let (d, boss) = (&f.desk, &f.boss);
    let others = [
        org(
            "iwate",
            "岩手県医師会",
            OrgKind::PrefecturalAssociation,
            None,
        ),
        org(
            "morioka",
            "盛岡市医師会",
            OrgKind::DistrictAssociation,
            Some("iwate"),
        ),
        org("board", "日本専門医機構", OrgKind::Board, None),
    ];
    for o in miyagi_offices().into_iter().chain(others) {
        d.put_org(boss, o, true, now()).unwrap();
    }
    let give = |user: &str, role: Role, org: &str, children: bool| {
        let at = Where {
            orgs: vec![org.into()],
            children,
        };
        d.grant_role(boss, user, role, &at, false, now()).unwrap();
    };
    give("op-sendai", Role::Operator, "sendai", false);
    give("op-ishinomaki", Role::Operator, "ishinomaki", false);
    give("op-morioka", Role::Operator, "morioka", false);
    give("sv-miyagi", Role::Supervisor, "miyagi", false);
    give("sv-miyagi-all", Role::Supervisor, "miyagi", true);
    d.set_admin(boss, "admin", true, now()).unwrap();
    let cases = vec![
        transfer(
            "T-1",
            "123456",
            TransferKind::AssociationTransfer,
            "仙台市医師会",
            Some("盛岡市医師会"),
        ),
        transfer(
            "T-2",
            "234567",
            TransferKind::CategoryChange,
            "仙台市医師会;宮城県医師会",
            None,
        ),
        transfer(
            "T-3",
            "345678",
            TransferKind::AssociationTransfer,
            "石巻市医師会",
            Some("sendai"),
        ),
        withdrawal("W-9", "345678", "2026-11-12 09:00"),
    ];
    d.load_records(boss, Vec::new(), cases, now()).unwrap();
    let a = |u: &str| d.actor(u).unwrap();
    Offices {
        sendai: a("op-sendai"),
        ishinomaki: a("op-ishinomaki"),
        morioka: a("op-morioka"),
        miyagi: a("sv-miyagi"),
        miyagi_all: a("sv-miyagi-all"),
        admin: a("admin"),
        f,
    }
}

fn tkey(r: &str) -> CaseKey {
    CaseKey::new(Queue::Transfer, r)
}

fn refs(o: &Offices, who: &Actor) -> Vec<String> {
    let mut q = PageQuery::new(Queue::Transfer);
    q.limit = 50;
    sorted_references(o.f.desk.page_for(&q, today(), who).unwrap())
}

fn not_found(r: Result<Case>) -> bool {
    matches!(r, Err(DeskError::Refused(Refusal::NoSuchCase { .. })))
}

/// Asserts that a decision was refused because it is another office's turn.
fn assert_not_their_turn(r: Result<Case>) {
    let err = r.unwrap_err();
    assert!(
        matches!(err.refusal(), Some(Refusal::NotTheirTurn { .. })),
        "{err:?}"
    );
}

#[test]
fn each_office_sees_its_own_cases_in_pages_counts_and_lookups() {
    let o = offices();
    assert_eq!(refs(&o, &o.sendai), ["T-1", "T-2", "T-3"]);
    assert_eq!(refs(&o, &o.ishinomaki), ["T-3"]);
    assert_eq!(refs(&o, &o.morioka), ["T-1"]);
    // A prefecture's supervisor sees its districts only when the role says so.
    assert_eq!(refs(&o, &o.miyagi), ["T-2"]);
    assert_eq!(refs(&o, &o.miyagi_all), ["T-1", "T-2", "T-3"]);
    assert!(refs(&o, &o.admin).is_empty());
    let counts = o.f.desk.counts_for(&o.morioka, today()).unwrap();
    assert_eq!((counts[0].open, counts[1].open), (0, 1));
    // A case of another office is not found, as a ref that does not exist.
    let d = &o.f.desk;
    let foreign = d
        .detail_for(&o.ishinomaki, &tkey("T-1"), today())
        .unwrap_err();
    let missing = d
        .detail_for(&o.ishinomaki, &tkey("T-404"), today())
        .unwrap_err();
    assert!(matches!(
        foreign.refusal(),
        Some(Refusal::NoSuchCase { .. })
    ));
    assert_eq!(
        format!("{:?}", foreign.refusal()).replace("T-1", "T-404"),
        format!("{:?}", missing.refusal())
    );
    // The lookup shows the person and says others hold more, unseen.
    let l = d.lookup_for(&o.morioka, "345678", today()).unwrap();
    assert!(l.person.is_some());
    assert!(l.cases.is_empty());
    // W-3 (the office's), T-3 (石巻→仙台) and W-9 (the board's).
    assert_eq!(l.elsewhere, 3);
    let l = d.lookup_for(&o.sendai, "345678", today()).unwrap();
    assert_eq!((l.cases.len(), l.elsewhere), (1, 2));
    // The backlog counts only what the user sees.
    let b = d.backlog(&o.morioka, None, today()).unwrap();
    assert_eq!(b.queues.iter().map(|q| q.open).sum::<u64>(), 1);
    let b = d.backlog(&o.miyagi_all, Some("T-"), today()).unwrap();
    assert_eq!(b.queues[1].open, 3);
    // Marks and views select within the user's offices only.
    let mut q = PageQuery::new(Queue::Transfer);
    q.text = "state:submitted".into();
    let keys = d
        .match_keys_in(
            &q,
            today(),
            "op-ishinomaki",
            d.scope(&o.ishinomaki).mask.as_ref(),
            100,
        )
        .unwrap();
    assert_eq!(keys, [tkey("T-3")]);
}

#[test]
fn the_association_left_releases_and_the_one_joined_accepts() {
    let o = offices();
    let d = &o.f.desk;
    // 盛岡 (joined) cannot release; 石巻 (neither side) does not see it.
    let err = d.approve(&o.morioka, &tkey("T-1"), 1, now()).unwrap_err();
    assert!(
        matches!(err.refusal(), Some(Refusal::NotTheirTurn { deciders, .. }) if deciders == &["仙台市医師会"]),
        "{err:?}"
    );
    assert!(not_found(d.approve(&o.ishinomaki, &tkey("T-1"), 1, now())));
    let c = d.approve(&o.sendai, &tkey("T-1"), 1, now()).unwrap();
    assert_eq!(c.state, State::Released);
    // Released: 仙台 cannot accept; 盛岡 accepts.
    assert_not_their_turn(d.approve(&o.sendai, &tkey("T-1"), c.revision, now()));
    let c = d
        .approve(&o.morioka, &tkey("T-1"), c.revision, now())
        .unwrap();
    assert_eq!(c.state, State::Accepted);
    // Each decision mailed the member alone.
    let mailed: Vec<_> = c.history.iter().filter_map(|h| h.notification).collect();
    assert_eq!(mailed.len(), 2);
    for id in mailed {
        let m = d.store().outbox_message(id).unwrap().unwrap();
        assert_eq!(m.recipient, "r123456@example.jp");
    }
}

#[test]
fn a_category_change_is_done_when_every_association_named_has_approved() {
    let o = offices();
    let d = &o.f.desk;
    let c = d.approve(&o.sendai, &tkey("T-2"), 1, now()).unwrap();
    assert_eq!(c.state, State::Submitted, "宮城 still has to approve");
    assert_eq!(c.history.last().unwrap().kind, DecisionKind::ApprovePart);
    // 仙台 has approved its part: it has nothing more to decide.
    assert_not_their_turn(d.approve(&o.sendai, &tkey("T-2"), c.revision, now()));
    let shown = d.detail_for(&o.miyagi, &tkey("T-2"), today()).unwrap().orgs;
    assert!(
        shown
            .iter()
            .any(|s| s.id.as_str() == "sendai" && s.approved)
    );
    let c = d
        .approve(&o.miyagi, &tkey("T-2"), c.revision, now())
        .unwrap();
    assert_eq!(c.state, State::Accepted);
    // Undoing the last approval opens 宮城's part again, not 仙台's.
    let c = match d.undo(&o.miyagi, now()).unwrap() {
        crate::desk::Undone::Case(c) => c,
        other => panic!("{other:?}"),
    };
    assert_eq!(c.state, State::Submitted);
    assert_eq!(
        crate::domain::org::approved_parts(&c),
        [OrgId::parse("sendai").unwrap()]
    );
}

#[test]
fn nobody_acts_on_another_offices_case_and_an_administrator_decides_nothing() {
    let o = offices();
    let d = &o.f.desk;
    let k = tkey("T-3"); // 石巻 → 仙台
    assert!(not_found(d.annotate(&o.morioka, &k, "見えないはず", now())));
    assert!(not_found(d.claim(&o.morioka, &k, 1, now())));
    assert!(not_found(d.return_case(&o.morioka, &k, 1, "理由", now())));
    let r = d
        .bulk(
            &o.miyagi,
            &[k.clone(), tkey("T-1")],
            &BulkAction::Approve,
            now(),
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(r.done, 0);
    assert!(
        r.refused
            .iter()
            .all(|(_, why)| matches!(why, Refusal::NoSuchCase { .. }))
    );
    // The administrator manages offices and users, and decides nothing.
    let w = CaseKey::new(Queue::Withdrawal, "W-9");
    assert!(d.approve(&o.admin, &w, 1, now()).is_err());
    assert!(d.org_rows(&o.admin).unwrap().len() >= 7);
    // A supervisor manages roles in their own office only.
    let at = Where {
        orgs: vec!["morioka".into()],
        children: false,
    };
    assert!(
        d.grant_role(&o.miyagi, "x", Role::Operator, &at, false, now())
            .is_err()
    );
    let at = Where {
        orgs: vec!["miyagi".into()],
        children: false,
    };
    d.grant_role(&o.miyagi, "x", Role::Operator, &at, false, now())
        .unwrap();
    // An operator may not create offices.
    let bad = org("x", "偽の医師会", OrgKind::DistrictAssociation, None);
    assert!(matches!(
        d.put_org(&o.sendai, bad, true, now())
            .unwrap_err()
            .refusal(),
        Some(Refusal::AdminOnly { .. })
    ));
    // An office that holds cases stays.
    assert!(matches!(
        d.remove_org(&o.admin, "sendai", now())
            .unwrap_err()
            .refusal(),
        Some(Refusal::Org { .. })
    ));
    assert!(d.store().check().unwrap().faults.is_empty());
}

#[test]
fn an_unknown_association_is_refused_by_name_on_import() {
    let o = offices();
    let c = transfer(
        "T-9",
        "123456",
        TransferKind::AssociationTransfer,
        "名取市医師会",
        Some("sendai"),
    );
    let err =
        o.f.desk
            .load_records(&o.f.boss, Vec::new(), vec![c], now())
            .unwrap_err();
    assert!(format!("{err:?}").contains("名取市医師会"), "{err:?}");
}
