//! The supervisor's desk: the filter language on pages, sorting, match keys.

use super::{fixture, now, references, sorted_references, today};
use crate::desk::*;
use crate::domain::refusal::Refusal;
use crate::domain::{Queue, State};
use crate::store::SortKey;

fn refs(desk: &Desk, text: &str, me: &str) -> Vec<String> {
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = text.into();
    let p = desk.page_as(&q, today(), me).unwrap();
    assert_eq!(p.total as usize, p.rows.len(), "{text}");
    references(p)
}

fn key(r: &str) -> CaseKey {
    CaseKey::new(Queue::Withdrawal, r)
}

#[test]
fn field_terms_select_on_pages() {
    let f = fixture();
    f.desk.claim(&f.op, &key("W-2"), 1, now()).unwrap();
    // Received 11-01, 11-18, 11-20; today is 11-21.
    assert_eq!(refs(&f.desk, "age>10", ""), ["W-1"]);
    assert_eq!(refs(&f.desk, "age<10", "").len(), 2);
    assert_eq!(refs(&f.desk, "assignee:op", ""), ["W-2"]);
    assert_eq!(refs(&f.desk, "assignee:me", "op"), ["W-2"]);
    assert_eq!(refs(&f.desk, "assignee:me", "boss"), Vec::<String>::new());
    assert_eq!(refs(&f.desk, "assignee:none", "").len(), 2);
    assert_eq!(refs(&f.desk, "-assignee:none", ""), ["W-2"]);
    let label = crate::i18n::state_name(crate::i18n::Lang::Ja, State::AwaitingDirector);
    // A state's name is made its id at the edge; the desk reads ids only.
    let typed = crate::i18n::filter_text::canonical(&format!("state:{label}"));
    assert_eq!(typed, "state:awaiting_director");
    assert_eq!(refs(&f.desk, &typed, "").len(), 3);
    assert_eq!(refs(&f.desk, "-state:awaiting_director", "").len(), 0);
    assert_eq!(refs(&f.desk, "たかはし", ""), ["W-2"]);
    assert_eq!(refs(&f.desk, "-たかはし age<10", ""), ["W-3"]);
    assert_eq!(refs(&f.desk, "kind:adoption 佐藤", ""), ["W-3"]);
    assert_eq!(refs(&f.desk, "kind:loan", "").len(), 0);
}

#[test]
fn an_unknown_field_is_refused_not_ignored() {
    let f = fixture();
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = "tanaka colour:red".into();
    let err = f.desk.page_as(&q, today(), "op").unwrap_err();
    match err.refusal() {
        Some(Refusal::Filter { term, .. }) => assert_eq!(term, "colour:red"),
        other => panic!("{other:?}"),
    }
    let en = crate::i18n::refusals::refusal(crate::i18n::Lang::En, err.refusal().unwrap());
    assert!(
        en.contains("colour:red") && en.contains("assignee:"),
        "{en}"
    );
    let ja = crate::i18n::refusals::refusal(crate::i18n::Lang::Ja, err.refusal().unwrap());
    assert!(ja.contains("colour:red") && ja.contains("state:"), "{ja}");
}

#[test]
fn sorts_by_age_state_and_assignee_and_reverse() {
    let f = fixture();
    f.desk.claim(&f.op, &key("W-1"), 1, now()).unwrap();
    let order = |sort: SortKey, reverse: bool| {
        let mut q = PageQuery::new(Queue::Withdrawal);
        q.sort = sort;
        q.reverse = reverse;
        references(f.desk.page(&q, today()).unwrap())
    };
    assert_eq!(order(SortKey::Received, false), ["W-1", "W-2", "W-3"]);
    assert_eq!(order(SortKey::Received, true), ["W-3", "W-2", "W-1"]);
    assert_eq!(order(SortKey::Age, false), ["W-3", "W-2", "W-1"]);
    assert_eq!(order(SortKey::Age, true), ["W-1", "W-2", "W-3"]);
    assert_eq!(
        order(SortKey::Assignee, false)[2],
        "W-1",
        "unassigned first"
    );
    assert_eq!(order(SortKey::Assignee, true)[0], "W-1");
    assert_eq!(order(SortKey::State, false).len(), 3);
    assert_eq!(SortKey::Due.next(), SortKey::Received);
    assert_eq!(SortKey::Assignee.next(), SortKey::Due);
}

#[test]
fn paging_a_filtered_query_counts_every_match() {
    let f = fixture();
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.text = "age<30".into();
    q.limit = 2;
    let p = f.desk.page(&q, today()).unwrap();
    assert_eq!((p.total, p.rows.len()), (3, 2));
    q.offset = 2;
    let p = f.desk.page(&q, today()).unwrap();
    assert_eq!((p.total, p.rows.len()), (3, 1));
    let keys = f.desk.match_keys(&q, today(), "", 10).unwrap();
    assert_eq!(keys.len(), 3);
    assert_eq!(f.desk.match_keys(&q, today(), "", 2).unwrap().len(), 2);
    let _ = State::Open;
}

#[test]
fn reassign_refuses_a_name_that_is_not_a_user() {
    let f = fixture();
    let err = f
        .desk
        .reassign(&f.boss, &key("W-1"), 1, "yamada", now())
        .unwrap_err();
    let en = err.to_string();
    assert!(
        en.contains("yamada is not a user of this store; users: boss, op"),
        "{en}"
    );
    let ja = crate::i18n::refusals::refusal(crate::i18n::Lang::Ja, err.refusal().unwrap());
    assert!(ja.contains("yamada") && ja.contains("boss"), "{ja}");
    let c = f
        .desk
        .reassign(&f.boss, &key("W-1"), 1, "op", now())
        .unwrap();
    assert_eq!(c.assignee.as_deref(), Some("op"));
}

#[test]
fn reassign_many_moves_every_case_or_says_why_not() {
    let f = fixture();
    let keys = vec![key("W-1"), key("W-2"), key("W-9")];
    let s = |a: &Actor| Session {
        actor: a.clone(),
        now: now(),
        today: today(),
    };
    let ask = |a: &Actor, to: &str| {
        f.desk.execute(
            &s(a),
            Request::ReassignMany {
                keys: keys.clone(),
                to: to.into(),
            },
            &mut |_, _| {},
        )
    };
    assert!(
        ask(&f.op, "op")
            .unwrap_err()
            .to_string()
            .contains("supervisor")
    );
    assert!(ask(&f.boss, "yamada").is_err());
    let Response::Bulk(r) = ask(&f.boss, "op").unwrap() else {
        panic!("a bulk report");
    };
    assert_eq!(r.done, 2);
    assert_eq!(r.refused.len(), 1, "W-9 does not exist");
    assert_eq!(refs(&f.desk, "assignee:op", "").len(), 2);
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn views_count_live() {
    let f = fixture();
    let views = crate::domain::view::all_views(&[]);
    let counts = |me: &str| {
        f.desk
            .view_counts(&views, Queue::Withdrawal, today(), me)
            .unwrap()
    };
    // W-1..3 unassigned, received 11-01/18/20; due dates from the rules.
    assert_eq!(counts("op")[0], 0);
    assert_eq!(counts("op")[1], 3);
    f.desk.claim(&f.op, &key("W-1"), 1, now()).unwrap();
    assert_eq!(counts("op")[0..2], [1, 2]);
    assert_eq!(counts("boss")[0], 0);
    let q = view_query(&views[1], Queue::Transfer);
    assert_eq!(
        (q.queue, q.sort, q.reverse),
        (Queue::Transfer, SortKey::Age, true)
    );
    let rows = f
        .desk
        .page_as(&view_query(&views[1], Queue::Withdrawal), today(), "op")
        .unwrap();
    assert_eq!(rows.rows[0].key.reference, "W-2", "oldest unassigned first");
}

#[test]
fn undo_walks_back_my_decisions_newest_first() {
    let f = fixture();
    f.desk
        .return_case(&f.op, &key("W-1"), 1, "署名がありません", now())
        .unwrap();
    f.desk.approve(&f.op, &key("W-2"), 1, now()).unwrap();
    f.desk.approve(&f.boss, &key("W-3"), 1, now()).unwrap();
    assert_eq!(f.desk.undoable(&f.op, now()).unwrap(), Some(key("W-2")));
    assert_eq!(f.desk.undo_case(&f.op, now()).unwrap().reference, "W-2");
    assert_eq!(f.desk.undo_case(&f.op, now()).unwrap().reference, "W-1");
    assert!(
        f.desk.undo_case(&f.op, now()).is_err(),
        "op has nothing left"
    );
    // boss's stack is boss's own.
    assert_eq!(f.desk.undo_case(&f.boss, now()).unwrap().reference, "W-3");
    for r in ["W-1", "W-2", "W-3"] {
        let c = f.desk.detail(&key(r), today()).unwrap().case;
        assert_eq!(c.state, State::AwaitingDirector, "{r}");
    }
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn a_bulk_decision_is_undone_as_one_unit_within_its_window() {
    let f = fixture();
    f.desk.approve(&f.boss, &key("W-3"), 1, now()).unwrap();
    let keys = vec![key("W-1"), key("W-2")];
    let r = f
        .desk
        .bulk(
            &f.boss,
            &keys,
            &BulkAction::Return {
                reason: "書類不足".into(),
            },
            now(),
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(r.done, 2);
    let info = f.desk.undo_info(&f.boss, now()).unwrap();
    assert_eq!(info.cases, 2);
    assert_eq!(
        info.until,
        Some(now() + chrono::Duration::seconds(info.window_secs))
    );
    f.desk.undo_case(&f.boss, now()).unwrap();
    for r in ["W-1", "W-2"] {
        let c = f.desk.detail(&key(r), today()).unwrap().case;
        assert_eq!(c.state, State::AwaitingDirector, "{r}");
    }
    assert_eq!(f.desk.undo_info(&f.boss, now()).unwrap().cases, 1);
    // After the window the next one is refused, saying when it closed.
    let later = now() + chrono::Duration::seconds(info.window_secs + 1);
    let err = f.desk.undo_case(&f.boss, later).unwrap_err();
    assert!(err.to_string().contains("released"), "{err}");
    assert!(f.desk.undo_case(&f.boss, later).is_err());
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn area_terms_see_a_loan_follow_ups_latest_workplace() {
    // As `export cases` gives a loan follow-up's area: the borrower's latest
    // workplace. Service from 2025-04-01 at F-0009 (志摩, not designated)
    // makes repayment due, and leaves a gap (it does not end the break after
    // completion): three follow-ups of one loan, all at that workplace.
    use crate::domain::loan::fixtures::loan;
    use crate::domain::{Facility, FacilityNumber, LoanEventKind};
    use crate::store::RegistryWrite;
    let f = fixture();
    let shima = FacilityNumber::parse("F-0009").unwrap();
    let facility = Facility {
        facility_number: shima.clone(),
        name: "志摩クリニック".into(),
        prefecture: "三重県".into(),
        medical_area: Some("南勢志摩医療圏".into()),
        dental: false,
        priority_area: true,
        certified: false,
        contact_email: None,
        last_report: None,
        designated: false,
    };
    let mut l = loan(&[(crate::domain::time::ymd(2024, 4, 30), 3_300_000)]);
    l.events.push(crate::domain::LoanEvent::new(
        LoanEventKind::Completion,
        crate::domain::time::ymd(2025, 3, 31),
    ));
    let mut start = crate::domain::LoanEvent::new(
        LoanEventKind::EmploymentStart,
        crate::domain::time::ymd(2025, 4, 1),
    );
    start.facility_number = Some(shima);
    l.events.push(start);
    f.load(
        vec![
            RegistryWrite::Facility(facility.clone()),
            RegistryWrite::Loan(l),
        ],
        vec![],
    );
    f.desk.generate_followups(&f.boss, today(), now()).unwrap();
    let loans = |text: &str| {
        let mut q = PageQuery::new(Queue::LoanFollowup);
        q.text = text.into();
        // The gap and the workplace's follow-ups only record a fact: closed.
        q.include_closed = true;
        sorted_references(f.desk.page_as(&q, today(), "boss").unwrap())
    };
    let all = vec![
        "L-001/employment_gap_too_long/2025-03-31".to_string(),
        "L-001/not_designated_workplace/2025-04-01".to_string(),
        "L-001/repayment".to_string(),
    ];
    assert_eq!(loans(""), all);
    assert_eq!(loans("area:南勢 pref:三重 priority"), all);
    assert!(loans("-priority").is_empty());
    assert!(loans("pref:宮城").is_empty());

    // The borrower moves to a facility in Miyagi: the same follow-ups now
    // stand where the loan's latest workplace is, without being written.
    let ishinomaki = FacilityNumber::parse("F-0001").unwrap();
    let miyagi = Facility {
        facility_number: ishinomaki.clone(),
        name: "石巻赤十字病院".into(),
        prefecture: "宮城県".into(),
        medical_area: Some("石巻・登米・気仙沼医療圏".into()),
        priority_area: false,
        ..facility
    };
    let mut moved = f.desk.store().loan("L-001").unwrap().unwrap();
    let mut start = crate::domain::LoanEvent::new(
        LoanEventKind::EmploymentStart,
        crate::domain::time::ymd(2025, 10, 1),
    );
    start.facility_number = Some(ishinomaki);
    moved.events.push(start);
    f.load(
        vec![RegistryWrite::Facility(miyagi), RegistryWrite::Loan(moved)],
        vec![],
    );
    assert_eq!(loans("pref:宮城 area:石巻"), all);
    assert!(loans("pref:三重").is_empty());
    assert!(loans("priority").is_empty());
    assert_eq!(loans("-priority"), all);
}

#[test]
fn a_filter_the_tags_decide_lists_in_the_order_the_due_index_gives() {
    // Cases with due dates that tie, none, and closed ones: a page whose
    // terms the tags decide (read from memory, then sorted) lists them in
    // the order the due index walk gives (the keys of `M`, which stop early).
    let f = fixture();
    let mut cases = Vec::new();
    for i in 0..60u32 {
        let mut c = super::withdrawal(&format!("W-9{i:02}"), "123456", "2026-11-10 09:00");
        c.due = (i % 7 != 0).then(|| today() + chrono::Duration::days(i64::from(i % 5)));
        if i % 11 == 0 {
            c.state = crate::domain::State::Completed;
        }
        if i % 3 == 0 {
            c.assignee = Some(if i % 2 == 0 { "op" } else { "boss" }.into());
        }
        cases.push(c);
    }
    // Written as they are (an import would set each at its first step).
    let writes = cases
        .into_iter()
        .map(|c| crate::desk::generated_write_for_tests(c, &f.boss, now()))
        .collect();
    f.desk
        .store()
        .write(&crate::store::WriteBatch {
            cases: writes,
            actor: "boss".into(),
            ..Default::default()
        })
        .unwrap();
    for sort in [SortKey::Due, SortKey::State, SortKey::Assignee] {
        for (text, closed) in [
            ("age>3", false),
            ("age>3", true),
            ("-assignee:none age<60", true),
        ] {
            let mut q = PageQuery::new(Queue::Withdrawal);
            q.text = text.into();
            q.sort = sort;
            q.include_closed = closed;
            q.limit = 500;
            let page: Vec<String> = f
                .desk
                .page_as(&q, today(), "op")
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.key.reference)
                .collect();
            assert!(page.len() > 10, "{text} {sort:?}: {}", page.len());
            let closed_listed = page.iter().any(|r| r == "W-933");
            assert_eq!(closed_listed, closed, "{text} {sort:?}: W-933 is completed");
            let walked: Vec<String> = f
                .desk
                .match_keys(&q, today(), "op", 500)
                .unwrap()
                .into_iter()
                .map(|k| k.reference)
                .collect();
            assert_eq!(page, walked, "{text} {sort:?} closed {closed}");
        }
    }
}
