//! `check` names a record that does not read, in every table.

use crate::demo::Demo;
use crate::desk::{CaseKey, Desk, DeskSettings};
use crate::domain::Role;
use crate::domain::time::{at, ymd};
use crate::store::sled::{CheckFault, RegistryWrite, T, table_names_for_tests};

/// A store with a record in every table it keeps: registries, cases and
/// their indexes, claims (assignees), decisions with notifications and undo,
/// notifications handed to the relay (one queued, one failed), follow-ups.
fn rich_store() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), "boss", DeskSettings::default()).unwrap();
    let today = ymd(2026, 11, 21);
    let now = at(today, 10, 0);
    let boss = desk.actor("boss").unwrap();
    desk.add_user(&boss, "op", Role::Operator, now).unwrap();
    let op = desk.actor("op").unwrap();
    let plan = Demo::new(60, 7, today);
    let mut registry: Vec<RegistryWrite> = Vec::new();
    registry.extend(plan.facilities().into_iter().map(RegistryWrite::Facility));
    registry.extend(plan.people().into_iter().map(RegistryWrite::Person));
    registry.extend(plan.physicians().into_iter().map(RegistryWrite::Physician));
    registry.extend(plan.loans().into_iter().map(RegistryWrite::Loan));
    desk.load_records(&boss, registry, Vec::new(), now).unwrap();
    for batch in plan.case_batches(100) {
        desk.load_records(&boss, Vec::new(), batch, now).unwrap();
    }
    desk.generate_followups(&boss, today, now).unwrap();
    let cases: Vec<_> = desk.store().all_cases().map(|c| c.unwrap().1).collect();
    let key = |c: &crate::domain::Case| CaseKey::new(c.queue, &c.reference);
    let mut claimed = 0;
    let mut returned = 0;
    for c in &cases {
        if claimed == 0 && desk.claim(&op, &key(c), c.revision, now).is_ok() {
            claimed += 1;
        } else if returned < 2
            && desk
                .return_case(&op, &key(c), c.revision, "書類が足りません", now)
                .is_ok_and(|c| c.history.iter().any(|d| d.notification.is_some()))
        {
            returned += 1;
        }
    }
    assert_eq!((claimed, returned), (1, 2));
    let later = now + chrono::Duration::seconds(desk.rules().release_delay_secs + 1);
    let taken = desk.mail_take(&op, later, "example.jp", 10).unwrap();
    assert_eq!(taken.len(), 2);
    desk.mail_failed(&op, &taken[0].1, "550 no such user", later)
        .unwrap();
    let person = plan.people().into_iter().next().unwrap();
    let draft = crate::domain::enquiry::EnquiryDraft {
        registration_number: Some(person.registration_number),
        channel: crate::domain::enquiry::Channel::Phone,
        topic: "パスワード".into(),
        note: "再発行を案内".into(),
        case: None,
        resolved: false,
    };
    desk.log_enquiry(&op, draft, now).unwrap();
    // A second organisation, and a case moved into it with the first.
    let admin = desk.actor("boss").unwrap();
    let miyagi = crate::domain::org::Organisation {
        id: crate::domain::org::OrgId::parse("miyagi").unwrap(),
        name: "宮城県医師会".into(),
        kind: crate::domain::org::OrgKind::PrefecturalAssociation,
        parent: None,
        inquiry_email: Some("info@miyagi.example.jp".into()),
        member_admin_email: None,
    };
    desk.put_org(&admin, miyagi.clone(), true, now).unwrap();
    let (id, case) = desk.store().all_cases().next().unwrap().unwrap();
    let _ = id;
    let orgs = vec![
        crate::domain::org::CaseOrg::new(
            crate::domain::org::OrgId::default_org(),
            crate::domain::org::Side::From,
        ),
        crate::domain::org::CaseOrg::new(miyagi.id, crate::domain::org::Side::To),
    ];
    desk.store()
        .write(&crate::store::sled::WriteBatch {
            cases: vec![crate::store::sled::CaseWrite {
                orgs: Some(orgs),
                ..crate::desk::generated_write_for_tests(case, &admin, now)
            }],
            actor: admin.name.clone(),
            ..Default::default()
        })
        .unwrap();
    (dir, desk)
}

#[test]
fn a_record_that_does_not_read_is_named_by_table_and_key_in_every_table() {
    let (_dir, desk) = rich_store();
    let store = desk.store().as_sled().unwrap();
    let r = store.check().unwrap();
    assert!(r.faults.is_empty(), "{:?}", r.faults);
    // Every table this schema keeps holds a record to spoil.
    for t in T::ALL {
        let kept_empty = matches!(
            t,
            T::IdxReceived | T::IdxState | T::IdxToken | T::ImportJournal
        );
        assert!(
            kept_empty || store.tree(t).first().unwrap().is_some(),
            "{} holds no record",
            t.name()
        );
    }
    let names = table_names_for_tests();
    assert_eq!(names.len(), T::ALL.len());
    for name in names {
        let g = store.garble_record_for_tests(name).unwrap().unwrap();
        let r = store.check().unwrap();
        // The key of a case is followed by its ref.
        let named = |f: &CheckFault| {
            matches!(f, CheckFault::Record { table, key, .. }
                if *table == g.table && key.to_string().starts_with(&g.key_text))
        };
        assert!(
            r.faults.iter().any(named),
            "{name}: {:?} does not name {:?}",
            r.faults,
            g.named()
        );
        let worded = r.faults.iter().find(|f| named(f)).map(|f| f.to_string());
        assert!(
            worded.as_ref().is_some_and(
                |w| w.starts_with(&g.named()) && w.contains(": the record does not read (")
            ),
            "{worded:?}"
        );
        store.restore_record_for_tests(&g).unwrap();
    }
    let r = store.check().unwrap();
    assert!(r.faults.is_empty(), "{:?}", r.faults);
}

#[test]
fn keys_are_worded_as_people_read_them() {
    let key_text = |t: T, k: &[u8]| super::records::key_of(t, k).to_string();
    assert_eq!(key_text(T::People, "1234567".as_bytes()), "\"1234567\"");
    assert_eq!(key_text(T::Cases, &17u64.to_be_bytes()), "17");
    let r = crate::store::sled::keys::ref_key(crate::domain::Queue::Withdrawal, "W-2026-0001");
    assert_eq!(key_text(T::Refs, &r), "withdrawal/W-2026-0001");
    assert_eq!(
        key_text(T::Tags, &1u64.to_be_bytes()),
        "1 (cases 128 to 255)"
    );
    assert_eq!(key_text(T::Assignees, &3u32.to_be_bytes()), "3");
    assert_eq!(
        key_text(T::PhysiciansByWorkplace, b"04-0001\0GC-1\xff"),
        "04-0001/GC-1\\xff"
    );
}

#[test]
fn an_index_entry_without_its_record_and_a_record_without_its_entry_are_faults() {
    let (_dir, desk) = rich_store();
    let store = desk.store().as_sled().unwrap();
    let (k, v) = store.tree(T::Enquiries).first().unwrap().unwrap();
    store.tree(T::Enquiries).remove(&k).unwrap();
    let (born, _) = store.tree(T::PeopleByBirth).first().unwrap().unwrap();
    store.tree(T::PeopleByBirth).remove(&born).unwrap();
    let r = store.check().unwrap();
    let words: Vec<String> = r.faults.iter().map(|f| f.to_string()).collect();
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("enquiries_by_person") && w.contains("without its record")),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("people_by_birth") && w.contains("entry is missing")),
        "{words:?}"
    );
    store.tree(T::Enquiries).insert(&k, v).unwrap();
    store.tree(T::PeopleByBirth).insert(&born, &[][..]).unwrap();
    let r = store.check().unwrap();
    assert!(r.faults.is_empty(), "{:?}", r.faults);
}
