//! More of the contract: pages, counts and candidates in every order (the
//! same answers on every backend), the undo stack, deliveries, enquiries,
//! numbered documents, organisations, registries, and `check` finding what
//! was damaged.

use super::{Home, backends, batch, case, now, written};
use crate::domain::document::DocumentKind;
use crate::domain::enquiry::{Channel, Enquiry, EnquiryStatus};
use crate::domain::org::{CaseOrg, OrgId, OrgKind, Organisation, Side};
use crate::domain::time::{at, ymd};
use crate::domain::{
    Certification, DecisionKind, Delivery, DeliveryState, Facility, FacilityNumber, Loan,
    OutboxMessage, OutboxStatus, Physician, Queue, RegistrationNumber, State,
};
use crate::store::batch::{
    DeliveryExpect, IssueRequest, Outcome, RegistryWrite, Stored, UndoRecord, UndoSlot, WriteBatch,
};
use crate::store::findings::CheckFault;
use crate::store::page::{PageSpec, SortKey};
use crate::store::{Store, StoreError};
use std::collections::BTreeSet;

/// The refs of ids, in order.
fn refs(store: &Store, ids: &[u64]) -> Vec<String> {
    ids.iter()
        .map(|id| store.reference_of(*id).unwrap().unwrap())
        .collect()
}

/// Twelve cases of varied names, receipts, dues, states and assignees.
fn twelve(store: &Store) {
    let names = [
        "山田 太郎",
        "髙橋 花子",
        "佐藤 次郎",
        "鈴木 一郎",
        "田中 美咲",
        "伊藤 健",
        "渡辺 直子",
        "山本 翔",
        "中村 優",
        "小林 陽菜",
        "加藤 蓮",
        "吉田 結衣",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut c = crate::store::sled::tests::case(
            format!("W-2026-{:06}", 100 + i),
            name.to_string(),
            "理由".into(),
            (i as i64 * 7) % 12,
            if i % 5 == 4 {
                None
            } else {
                Some((i as i64 * 5) % 13)
            },
        );
        if i % 4 == 3 {
            c.state = State::Completed;
        }
        if i % 3 == 0 {
            c.assignee = Some(if i % 2 == 0 { "tanaka" } else { "sato" }.into());
        }
        store.write(&batch(c, None)).unwrap();
    }
}

fn spec(sort: SortKey) -> PageSpec {
    PageSpec {
        queue: Queue::Withdrawal,
        include_closed: false,
        state: None,
        due_before: None,
        words: Vec::new(),
        sort,
        offset: 0,
        limit: 100,
        within: None,
    }
}

/// What a backend answers to every page, candidate walk and count asked.
fn answers(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    let mut specs = Vec::new();
    for sort in SortKey::ALL {
        let mut s = spec(sort);
        specs.push(s.clone());
        s.include_closed = true;
        specs.push(s.clone());
        s.offset = 3;
        s.limit = 4;
        specs.push(s.clone());
        s.offset = 9;
        specs.push(s.clone());
        let mut s = spec(sort);
        s.state = Some(State::Completed);
        s.include_closed = true;
        specs.push(s);
        let mut s = spec(sort);
        s.due_before = Some(crate::store::summary::due_days(Some(ymd(2020, 1, 7))));
        specs.push(s);
        let mut s = spec(sort);
        s.words = vec![crate::text::normalize_for_search("山")];
        specs.push(s.clone());
        s.words.push("000".into());
        specs.push(s);
        let mut s = spec(sort);
        s.words = vec!["000105".into()];
        s.include_closed = true;
        specs.push(s);
    }
    for s in &specs {
        let page = store.page(s).unwrap();
        out.push(format!(
            "{s:?} page {} {:?}",
            page.total,
            refs(store, &page.ids)
        ));
        let mut seen = Vec::new();
        store
            .each_candidate(s, &mut |id, summary| {
                assert_eq!(store.summary(id).map(|(_, s)| s), Some(summary));
                seen.push(id);
                Ok(true)
            })
            .unwrap();
        out.push(format!("{s:?} candidates {:?}", refs(store, &seen)));
    }
    for today in [ymd(2020, 1, 1), ymd(2020, 1, 8), ymd(2021, 1, 1)] {
        let c = store
            .counts(
                Queue::Withdrawal,
                crate::store::summary::due_days(Some(today)),
                None,
            )
            .unwrap();
        out.push(format!("counts {today} {c:?}"));
    }
    let mut summaries: Vec<(String, State, i32, i64, Option<String>)> = store
        .summaries(Queue::Withdrawal, true)
        .into_iter()
        .map(|(id, s)| {
            (
                store.reference_of(id).unwrap().unwrap(),
                s.state,
                s.due,
                s.received,
                store.assignee_name(s.assignee),
            )
        })
        .collect();
    summaries.sort();
    out.push(format!("summaries {summaries:?}"));
    out
}

#[test]
fn pages_candidates_counts_and_summaries_are_the_same_on_every_backend() {
    let mut all = Vec::new();
    for (_home, store) in backends() {
        twelve(&store);
        let a = answers(&store);
        // Sanity: the open cases, the closed ones, a word and a ref's number find what they should.
        let open = store.page(&spec(SortKey::Due)).unwrap();
        assert_eq!(open.total, 9);
        let mut by_number = spec(SortKey::Due);
        by_number.words = vec!["000105".into()];
        by_number.include_closed = true;
        assert_eq!(
            refs(&store, &store.page(&by_number).unwrap().ids),
            ["W-2026-000105"]
        );
        all.push(a);
    }
    for other in all.iter().skip(1) {
        for (a, b) in all[0].iter().zip(other) {
            assert_eq!(a, b);
        }
    }
}

fn undo_record(case_ref: &str, until_hour: u32) -> Box<UndoRecord> {
    Box::new(UndoRecord {
        case_id: 0,
        revision_after: 0,
        before: case(case_ref, "山田 太郎"),
        outbox_id: None,
        facility_before: None,
        at: now(),
        until: at(ymd(2026, 11, 2), until_hour, 0),
    })
}

#[test]
fn the_undo_stack_gives_the_last_group_and_forgets_what_may_no_longer_be_undone() {
    for (_home, store) in backends() {
        let g1 = store.undo_group().unwrap();
        let g2 = store.undo_group().unwrap();
        assert!(g2 > g1);
        for (r, g, hour) in [("W-1", g1, 10), ("W-2", g2, 11), ("W-3", g2, 11)] {
            let mut b = batch(case(r, "山田 太郎"), None);
            b.cases[0].undo = UndoSlot::Push("tanaka".into(), g, undo_record(r, hour));
            store.write(&b).unwrap();
        }
        let top = store.undo_top("tanaka").unwrap();
        assert_eq!(top.len(), 2, "{top:?}");
        assert!(top.iter().all(|(_, e)| e.group == g2));
        assert!(top[0].0 > top[1].0, "newest first");
        assert!(store.undo_top("sato").unwrap().is_empty());
        store
            .prune_undo("tanaka", at(ymd(2026, 11, 2), 10, 30))
            .unwrap();
        store.drop_undo("tanaka", top[0].0).unwrap();
        let left = store.undo_top("tanaka").unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0, top[1].0);
        store
            .prune_undo("tanaka", at(ymd(2026, 11, 3), 0, 0))
            .unwrap();
        assert!(store.undo_top("tanaka").unwrap().is_empty());
        // The single slot of schema 1.
        let mut b = batch(case("W-4", "山田 太郎"), None);
        b.cases[0].undo = UndoSlot::Set("sato".into(), undo_record("W-4", 12));
        let (id, revision) = written(&store.write(&b).unwrap());
        let slot = store.undo_record("sato").unwrap().unwrap();
        assert_eq!((slot.case_id, slot.revision_after), (id, revision));
        let mut b = batch(case("W-4", "山田 太郎"), None);
        b.cases[0].undo = UndoSlot::Clear("sato".into());
        store.write(&b).unwrap();
        assert_eq!(store.undo_record("sato").unwrap(), None);
    }
}

fn message(case_ref: &str) -> OutboxMessage {
    OutboxMessage {
        id: 0,
        queue: Queue::Withdrawal,
        case_ref: case_ref.into(),
        decision: DecisionKind::Approve,
        recipient: "director@example.jp".into(),
        subject: "承認".into(),
        body: "本文".into(),
        created_at: now(),
        release_at: at(ymd(2026, 11, 2), 10, 0),
        status: OutboxStatus::Pending,
    }
}

#[test]
fn mail_is_queued_once_and_a_delivery_moves_on_only_from_the_state_expected() {
    for (_home, store) in backends() {
        let mut ids = Vec::new();
        for r in ["W-1", "W-2"] {
            let mut c = case(r, "山田 太郎");
            // The decision that owes the mail: its entry is stamped with the message.
            c.history.push(crate::domain::Decision {
                kind: DecisionKind::Approve,
                reason: None,
                actor: "boss".into(),
                at: now(),
                state_before: State::AwaitingDirector,
                state_after: State::Completed,
                notification: None,
            });
            let mut b = batch(c, None);
            b.cases[0].outbox = Some(message(r));
            match store.write(&b).unwrap().as_slice() {
                [
                    Outcome::Written {
                        outbox_id: Some(id),
                        ..
                    },
                ] => ids.push(*id),
                other => panic!("{other:?}"),
            }
        }
        assert!(store.releasable(now(), 10).unwrap().is_empty(), "not yet");
        let later = at(ymd(2026, 11, 2), 11, 0);
        let ready = store.releasable(later, 10).unwrap();
        assert_eq!(ready.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
        let identity = store.identity().unwrap();
        assert_eq!(identity, store.identity().unwrap());
        let asked: Vec<(u64, String)> = ids
            .iter()
            .map(|id| (*id, format!("<{id}@{identity}>")))
            .collect();
        let queued = store
            .queue_for_delivery(&asked, later, ("mailer", None))
            .unwrap();
        assert_eq!(queued.len(), 2);
        assert!(
            store
                .queue_for_delivery(&asked, later, ("mailer", None))
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.queued_deliveries(10).unwrap().len(), 2);
        assert_eq!(store.queued_deliveries(1).unwrap().len(), 1);
        let mut sent: Delivery = store.delivery(ids[0]).unwrap().unwrap();
        sent.state = DeliveryState::Sent;
        let expect = DeliveryExpect::State(DeliveryState::Queued);
        assert!(
            store
                .change_delivery(&sent, expect, "mail.sent", ("mailer", None), later)
                .unwrap()
        );
        assert!(
            !store
                .change_delivery(&sent, expect, "mail.sent", ("mailer", None), later)
                .unwrap()
        );
        assert_eq!(store.queued_deliveries(10).unwrap().len(), 1);
        assert_eq!(store.all_deliveries().count(), 2);
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        assert_eq!(report.outbox_messages, 2);
    }
}

fn enquiry(regno: &str) -> Enquiry {
    Enquiry {
        id: 0,
        registration_number: Some(RegistrationNumber::parse(regno).unwrap()),
        at: now(),
        by: "tanaka".into(),
        channel: Channel::Phone,
        topic: "修了".into(),
        note: "問い合わせ".into(),
        case: None,
        status: EnquiryStatus::Open,
        revision: 0,
    }
}

#[test]
fn enquiries_are_logged_resolved_once_and_listed_newest_first() {
    for (_home, store) in backends() {
        let a = store.log_enquiry(&enquiry("1234567"), None).unwrap();
        let b = store.log_enquiry(&enquiry("1234567"), None).unwrap();
        let c = store.log_enquiry(&enquiry("7654321"), None).unwrap();
        assert!(a.id < b.id && b.id < c.id);
        assert_eq!(a.revision, 1);
        let of: Vec<u64> = store
            .enquiries_of("1234567")
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(of, vec![b.id, a.id]);
        let done = store
            .resolve_enquiry(a.id, Some(1), "sato", None, now())
            .unwrap();
        assert_eq!(done.revision, 2);
        assert!(matches!(
            store.resolve_enquiry(a.id, Some(1), "sato", None, now()),
            Err(StoreError::Stale(_))
        ));
        assert!(matches!(
            store.resolve_enquiry(999, None, "sato", None, now()),
            Err(StoreError::Stale(_))
        ));
        let newest: Vec<u64> = store.enquiries_newest().map(|e| e.unwrap().id).collect();
        assert_eq!(newest, vec![c.id, b.id, a.id]);
        assert_eq!(store.all_enquiries().count(), 3);
        assert!(!store.enquiry(a.id).unwrap().unwrap().status.is_open());
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn documents_are_numbered_once_per_case_in_the_order_of_their_fiscal_year() {
    for (_home, store) in backends() {
        store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap();
        let ask = |reference: &'static str| IssueRequest {
            kind: DocumentKind::ReturnLetter,
            queue: Queue::Withdrawal,
            reference,
            date: ymd(2026, 11, 2),
            deadline: None,
            by: "boss",
            uid: None,
            at: now(),
            first: None,
        };
        let first = store.issue_document(&ask("W-1")).unwrap();
        assert_eq!((first.number.fiscal_year, first.number.seq), (2026, 1));
        assert!(!first.again);
        let again = store.issue_document(&ask("W-1")).unwrap();
        assert!(again.again);
        assert_eq!(again.number, first.number);
        let second = store.issue_document(&ask("W-2")).unwrap();
        assert_eq!(second.number.seq, 2);
        let kept = store
            .issued_document(DocumentKind::ReturnLetter, Queue::Withdrawal, "W-1")
            .unwrap()
            .unwrap();
        assert_eq!(kept.number, first.number);
        assert!(
            store
                .issued_document(DocumentKind::Reminder, Queue::Withdrawal, "W-1")
                .unwrap()
                .is_none()
        );
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn a_case_of_an_organisation_is_seen_by_its_scope_alone() {
    for (_home, store) in backends() {
        let miyagi = OrgId::parse("miyagi").unwrap();
        let org = Organisation {
            id: miyagi.clone(),
            name: "宮城県医師会".into(),
            kind: OrgKind::PrefecturalAssociation,
            parent: None,
            inquiry_email: None,
            member_admin_email: None,
        };
        store
            .write(&WriteBatch {
                registry: vec![RegistryWrite::Org(miyagi.clone(), Some(Box::new(org)))],
                actor: "boss".into(),
                at: Some(now()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(store.orgs().unwrap().len(), 2);
        assert_eq!(store.org(&miyagi).unwrap().unwrap().name, "宮城県医師会");
        let mut b = batch(case("W-1", "山田 太郎"), None);
        b.cases[0].orgs = Some(vec![CaseOrg::new(miyagi.clone(), Side::Whole)]);
        let (theirs, _) = written(&store.write(&b).unwrap());
        let (ours, _) = written(&store.write(&batch(case("W-2", "髙橋 花子"), None)).unwrap());
        assert_eq!(store.case_orgs(theirs)[0].org, miyagi);
        assert_eq!(store.case_orgs(ours)[0].org, OrgId::default_org());
        let mask = store.mask(&BTreeSet::from([miyagi.clone()]));
        let (_, s) = store.summary(theirs).unwrap();
        assert!(mask.admits(s.orgs));
        assert!(!mask.admits(store.summary(ours).unwrap().1.orgs));
        assert!(store.set_holds_cases(s.orgs).unwrap());
        let mut scoped = super::more::spec(SortKey::Due);
        scoped.within = Some(mask.clone());
        assert_eq!(store.page(&scoped).unwrap().ids, vec![theirs]);
        assert_eq!(
            store
                .counts(Queue::Withdrawal, 0, Some(&mask))
                .unwrap()
                .open,
            1
        );
        let per = store.cases_per_org();
        assert_eq!(per.get(&miyagi), Some(&1));
        assert_eq!(per.get(&OrgId::default_org()), Some(&1));
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

fn facility(number: &str) -> Facility {
    Facility {
        facility_number: FacilityNumber::parse(number).unwrap(),
        name: "石巻赤十字病院".into(),
        prefecture: "宮城県".into(),
        medical_area: None,
        dental: false,
        priority_area: true,
        certified: true,
        contact_email: None,
        last_report: None,
        designated: true,
    }
}

#[test]
fn registries_are_found_by_their_keys_and_indexes_and_removed() {
    for (_home, store) in backends() {
        let physician = Physician {
            cert_number: "C-1".into(),
            registration_number: RegistrationNumber::parse("1234567").unwrap(),
            name: "佐藤 医師".into(),
            certification: Certification::General,
            renewed: true,
            full_time: true,
            workplace: FacilityNumber::parse("0401").unwrap(),
        };
        let loan = Loan {
            loan_id: "L-1".into(),
            ..crate::domain::loan::fixtures::loan(&[(ymd(2024, 5, 1), 3_300_000)])
        };
        let regno = loan.registration_number.as_str().to_string();
        store
            .write(&WriteBatch {
                registry: vec![
                    RegistryWrite::Facility(facility("0401")),
                    RegistryWrite::Physician(physician.clone()),
                    RegistryWrite::Loan(loan.clone()),
                    RegistryWrite::UserName("tanaka".into(), Some("田中 花子".into())),
                ],
                actor: "boss".into(),
                at: Some(now()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(store.facility("0401").unwrap(), Some(facility("0401")));
        assert_eq!(store.physician("C-1").unwrap(), Some(physician.clone()));
        assert_eq!(store.loan("L-1").unwrap(), Some(loan.clone()));
        assert_eq!(store.physicians_at("0401").unwrap(), ["C-1"]);
        assert_eq!(store.loans_of(&regno).unwrap(), ["L-1"]);
        assert_eq!(store.all_facilities().count(), 1);
        assert_eq!(store.all_loans().count(), 1);
        assert_eq!(
            store
                .user_names()
                .unwrap()
                .get("tanaka")
                .map(String::as_str),
            Some("田中 花子")
        );
        store
            .write(&WriteBatch {
                registry: vec![RegistryWrite::Remove(Box::new(Stored::Physician(
                    physician,
                )))],
                actor: "boss".into(),
                at: Some(now()),
                ..Default::default()
            })
            .unwrap();
        assert!(store.physicians_at("0401").unwrap().is_empty());
        let last = store.all_audit().last().unwrap().unwrap();
        assert_eq!(last.action, "physician.remove");
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn an_import_whose_chunk_fails_keeps_nothing_of_its_file() {
    for (_home, store) in backends() {
        let (id, revision) = written(&store.write(&batch(case("W-1", "山田 太郎"), None)).unwrap());
        let head = store.audit_head().unwrap();
        let mut run = store
            .begin_import("c.jsonl", 2, "boss", None, now())
            .unwrap();
        run.write(&batch(case("W-2", "髙橋 花子"), None)).unwrap();
        let stale = run.write(&batch(case("W-1", "山田 太郎"), Some(revision + 5)));
        assert!(
            matches!(stale, Err(StoreError::ImportUndone { .. })),
            "{stale:?}"
        );
        drop(run);
        assert_eq!(store.case_count().unwrap(), 1);
        assert_eq!(store.case(id).unwrap().unwrap().revision, revision);
        assert!(store.case_id(Queue::Withdrawal, "W-2").unwrap().is_none());
        // Nothing of the file is audited; its rollback is.
        assert_eq!(store.audit_head().unwrap().seq, head.seq + 1);
        let last = store.all_audit().last().unwrap().unwrap();
        assert_eq!(last.action, "import.rolled_back");
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
    }
}

#[test]
fn check_finds_an_edited_audit_record_a_moved_index_and_a_truncated_log() {
    for (home, store) in backends() {
        for r in ["W-1", "W-2", "W-3"] {
            store.write(&batch(case(r, "山田 太郎"), None)).unwrap();
        }
        let head = store.audit_head().unwrap();
        store.tamper_for_tests("index").unwrap();
        let faults = store.check().unwrap().faults;
        assert!(!faults.is_empty(), "a moved index entry was not found");
        store.tamper_for_tests("audit").unwrap();
        let faults = store.check().unwrap().faults;
        assert!(
            faults.contains(&CheckFault::AuditAltered { seq: 1 }),
            "{faults:?}"
        );
        store.tamper_for_tests("audit-truncated").unwrap();
        let since = store.check_since(&head).unwrap();
        assert!(
            since
                .iter()
                .any(|f| matches!(f, CheckFault::AnchorGone { .. })),
            "{since:?}"
        );
        if let Home::Database(_) = home {
            let garbled = store.garble_record_for_tests("cases").unwrap().unwrap();
            let faults = store.check().unwrap().faults;
            assert!(
                faults
                    .iter()
                    .any(|f| matches!(f, CheckFault::Record { table, .. } if table == "cases")),
                "{faults:?}"
            );
            store.restore_record_for_tests(&garbled).unwrap();
            let faults = store.check().unwrap().faults;
            assert!(
                !faults
                    .iter()
                    .any(|f| matches!(f, CheckFault::Record { .. })),
                "{faults:?}"
            );
        }
    }
}

#[test]
fn the_audit_records_of_a_chunk_created_together_are_the_same_on_every_backend() {
    let mut seen: Vec<Vec<(String, String, Option<String>)>> = Vec::new();
    for (_home, store) in backends() {
        let mut b = batch(case("W-1", "山田 太郎"), None);
        b.cases
            .push(batch(case("W-2", "髙橋 花子"), None).cases.remove(0));
        b.audit_creations_together = true;
        store.write(&b).unwrap();
        seen.push(
            store
                .all_audit()
                .map(|r| {
                    let r = r.unwrap();
                    (r.action, r.target, r.after)
                })
                .collect(),
        );
    }
    for other in seen.iter().skip(1) {
        assert_eq!(&seen[0], other);
    }
}

#[test]
fn writers_at_once_decide_each_case_once_and_keep_one_whole_chain() {
    for (_home, store) in backends() {
        let refs: Vec<String> = (0..20).map(|i| format!("W-{i}")).collect();
        for r in &refs {
            store.write(&batch(case(r, "山田 太郎"), None)).unwrap();
        }
        let wins = std::sync::atomic::AtomicUsize::new(0);
        let stale = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    for r in &refs {
                        let mut decided = case(r, "山田 太郎");
                        decided.state = State::Completed;
                        match store.write(&batch(decided, Some(1))) {
                            Ok(_) => wins.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                            Err(StoreError::Stale(_)) => {
                                stale.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                            }
                            Err(e) => panic!("{e:?}"),
                        };
                    }
                });
            }
        });
        assert_eq!(wins.into_inner(), refs.len(), "each case decided once");
        assert_eq!(stale.into_inner(), refs.len() * 5);
        let report = store.check().unwrap();
        assert!(report.faults.is_empty(), "{:?}", report.faults);
        assert_eq!(report.audit_records, 2 * refs.len() as u64);
        assert_eq!(store.audit_head().unwrap().seq, 2 * refs.len() as u64);
    }
}
