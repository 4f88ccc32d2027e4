//! The desk at the edges: dates at and beyond the ends of the calendar never
//! panic, and the store's service account keeps the role it sends mail with.

use super::{fixture, now, withdrawal};
use crate::desk::*;
use crate::domain::refusal::Refusal;
use crate::domain::time::{add_days, at, first_rule_day, last_rule_day, start_of_day, ymd};
use crate::domain::*;
use chrono::NaiveDate;

/// Every day a test throws at the desk: the ends of chrono's calendar, the
/// days just outside the rule years and their ends.
fn extreme_days() -> Vec<NaiveDate> {
    vec![
        NaiveDate::MAX,
        NaiveDate::MIN,
        ymd(1989, 12, 31),
        ymd(2100, 1, 1),
        first_rule_day(),
        last_rule_day(),
    ]
}

#[test]
fn the_backlog_and_a_page_never_panic_at_extreme_dates() {
    let f = fixture();
    for today in extreme_days() {
        for filter in [
            None,
            Some("due<+7 age>3"),
            Some("-overdue due>-40176 age<40176"),
        ] {
            let b = f.desk.backlog(&f.boss, filter, today).unwrap();
            assert_eq!(b.as_of, today);
        }
        let mut q = query::PageQuery::new(Queue::Withdrawal);
        q.text = "due<+40176 age>1".into();
        f.desk.page(&q, today).unwrap();
    }
}

#[test]
fn cases_received_at_the_ends_of_the_calendar_get_a_due_date_without_panic() {
    let f = fixture();
    let mut cases = Vec::new();
    for (i, day) in extreme_days().into_iter().enumerate() {
        let mut c = withdrawal(&format!("W-EDGE-{i}"), "123456", "2026-11-01 09:00");
        c.received_at = start_of_day(day);
        cases.push(c);
    }
    f.load(Vec::new(), cases);
    for today in extreme_days() {
        f.desk.backlog(&f.boss, Some("overdue"), today).unwrap();
    }
}

#[test]
fn the_calendar_and_the_rules_saturate_at_the_ends() {
    let f = fixture();
    let cal = f.desk.calendar();
    for day in extreme_days() {
        for n in [0, 1, -1, 7, i64::MAX, i64::MIN] {
            let _ = cal.deadline_within(day, n);
        }
        let _ = cal.roll_forward(day);
    }
    assert_eq!(cal.deadline_within(NaiveDate::MAX, 10), NaiveDate::MAX);
    let mut rules = f.desk.rules().clone();
    rules.decision_days = i64::MAX;
    rules.director_chase_days = i64::MIN;
    let w = match withdrawal("W-X", "123456", "2026-11-01 09:00").body {
        CaseBody::Withdrawal(w) => w,
        _ => unreachable!(),
    };
    for day in extreme_days() {
        let received = at(day, 9, 0);
        for state in [State::AwaitingDirector, State::DirectorApproved] {
            let _ = withdrawal::due(&w, state, &received, &rules, cal);
        }
    }
    assert_eq!(add_days(last_rule_day(), 1), ymd(2100, 1, 1));
}

#[test]
fn the_service_account_keeps_a_role_that_sends_mail() {
    let f = fixture();
    // `boss` opened the store: the service account, as whom mail is sent.
    assert_eq!(f.desk.service_account(), Some("boss"));
    f.desk
        .add_user(&f.boss, "kato", Role::Supervisor, now())
        .unwrap();
    let kato = f.desk.actor("kato").unwrap();
    let refused = f.desk.remove_user(&kato, "boss", now()).unwrap_err();
    let DeskError::Refused(r) = &refused else {
        panic!("{refused}")
    };
    assert_eq!(
        *r,
        Refusal::ServiceAccount {
            user: "boss".into(),
            role: Role::Helpdesk
        }
    );
    let en = crate::i18n::refusals::refusal(crate::i18n::Lang::En, r);
    assert!(
        en.contains("mail would stop") && en.contains("--force"),
        "{en}"
    );
    let ja = crate::i18n::refusals::refusal(crate::i18n::Lang::Ja, r);
    assert!(ja.contains("メールが止まります"), "{ja}");
    assert!(matches!(
        f.desk.add_user(&kato, "boss", Role::Helpdesk, now()),
        Err(DeskError::Refused(Refusal::ServiceAccount { .. }))
    ));
    assert_eq!(f.desk.actor("boss").unwrap().role, Role::Supervisor);
    assert!(f.desk.service_may_send_mail().unwrap());
    // Operator still sends mail: allowed.
    f.desk
        .add_user(&kato, "boss", Role::Operator, now())
        .unwrap();
    assert!(f.desk.service_may_send_mail().unwrap());
    // Explicitly forced, it goes, and the desk says mail cannot be sent.
    f.desk.remove_role(&kato, "boss", true, now()).unwrap();
    assert_eq!(f.desk.actor("boss").unwrap().role, Role::Helpdesk);
    assert!(!f.desk.service_may_send_mail().unwrap());
    // Other users are removed as before.
    f.desk.remove_user(&kato, "op", now()).unwrap();
}

#[test]
fn the_service_account_is_refused_through_the_request_api_too() {
    let f = fixture();
    f.desk
        .add_user(&f.boss, "kato", Role::Supervisor, now())
        .unwrap();
    let kato = f.desk.actor("kato").unwrap();
    let session = Session {
        actor: kato,
        now: now(),
        today: ymd(2026, 11, 21),
    };
    let ask = |request| f.desk.execute(&session, request, &mut |_, _| {});
    assert!(matches!(
        ask(Request::RemoveUser {
            name: "boss".into(),
            force: false,
            at: Default::default(),
        }),
        Err(DeskError::Refused(Refusal::ServiceAccount { .. }))
    ));
    // A client of an older version sends no `force`: it means false.
    let old: Request = serde_json::from_str(r#"{"remove_user":{"name":"boss"}}"#).unwrap();
    assert!(matches!(old, Request::RemoveUser { force: false, .. }));
    ask(Request::AddUser {
        name: "boss".into(),
        role: Role::Helpdesk,
        force: true,
        at: Default::default(),
    })
    .unwrap();
    assert_eq!(f.desk.actor("boss").unwrap().role, Role::Helpdesk);
}
