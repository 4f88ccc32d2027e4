//! 修了申請 (completion applications): the 受付 mail on arrival, and one
//! mail to the member alone on each decision.

use super::*;
use crate::domain::OutboxMessage;

/// The fixture's store, with notifications in Japanese (the organisation's).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let settings = DeskSettings {
        notify_in_japanese: true,
        ..DeskSettings::default()
    };
    let desk = Desk::open(dir.path(), "boss", settings).unwrap();
    let boss = desk.actor("boss").unwrap();
    desk.add_user(&boss, "op", Role::Operator, now()).unwrap();
    let people = vec![
        person("123456", "山﨑 花子", "やまざき はなこ"),
        person("234567", "髙橋 太郎", "たかはし たろう"),
    ];
    let cases = vec![withdrawal("W-1", "123456", "2026-11-01 09:00")];
    let reg = people.into_iter().map(RegistryWrite::Person).collect();
    desk.load_records(&boss, reg, cases, now()).unwrap();
    Fixture {
        op: desk.actor("op").unwrap(),
        help: desk.actor("someone").unwrap(),
        boss,
        desk,
        _dir: dir,
        _db: None,
    }
}

fn key(r: &str) -> CaseKey {
    CaseKey::new(Queue::Transfer, r)
}

/// Imports two applications of 山﨑 花子 (123456) and 髙橋 太郎 (234567).
fn imported(f: &Fixture) -> Vec<OutboxMessage> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("completion_applications.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"kind":"completion_application","ref":"C-1","received_at":"2026-11-16 09:00","registration_number":"123456","association":"仙台市医師会","training":"かかりつけ医機能報告制度に係る研修","completed_on":"2026-11-01"}"#,
            "\n",
            r#"{"kind":"completion_application","ref":"C-2","received_at":"2026-11-17 14:30","registration_number":"234567","association":"石巻市医師会","training":"かかりつけ医機能報告制度にかかる研修（基礎編）","completed_on":"2026-10-20","notes":"オンライン受講"}"#,
            "\n",
        ),
    )
    .unwrap();
    let reports = f
        .desk
        .import(
            &f.boss,
            &[path.as_path()],
            &ImportOptions::default(),
            now(),
            &mut |_, _| {},
        )
        .unwrap();
    let r = &reports[0];
    assert_eq!(
        (r.created + r.updated, r.written),
        (2, true),
        "{:?}",
        r.rejected
    );
    f.desk.store().all_outbox().map(|m| m.unwrap()).collect()
}

#[test]
fn an_application_arrives_with_one_receipt_mail_to_the_member() {
    let f = fixture();
    let mail = imported(&f);
    assert_eq!(mail.len(), 2);
    let m = mail.iter().find(|m| m.case_ref == "C-1").unwrap();
    assert_eq!(m.recipient, "r123456@example.jp");
    assert_eq!(m.decision, DecisionKind::Received);
    assert!(m.subject.contains("【受付】"), "{}", m.subject);
    assert!(m.body.contains("山﨑 花子 様"), "{}", m.body);
    assert!(m.body.contains("仙台市医師会"), "{}", m.body);
    assert!(m.body.contains("修了日: 2026-11-01"), "{}", m.body);
    let d = f.desk.detail(&key("C-1"), today()).unwrap();
    assert_eq!(d.case.state, State::Submitted);
    assert_eq!(d.case.subject_name, "山﨑 花子");
    // decision_days (14) after 11/16 is 11/30, a Monday.
    assert_eq!(d.case.due, Some(ymd(2026, 11, 30)));
    let received = d.case.history.last().unwrap();
    assert_eq!(received.kind, DecisionKind::Received);
    assert_eq!(received.notification, Some(m.id));
    // Importing the same ref again sends nothing more.
    assert_eq!(imported(&f).len(), 2);
    assert!(f.desk.store().check().unwrap().faults.is_empty());
}

#[test]
fn approve_accepts_and_mails_the_member_alone_once() {
    let f = fixture();
    let before = imported(&f).len();
    let c = f.desk.approve(&f.op, &key("C-1"), 1, now()).unwrap();
    assert_eq!(c.state, State::Accepted);
    assert_eq!(c.due, None);
    let id = c.history.last().unwrap().notification.expect("one mail");
    let all: Vec<OutboxMessage> = f.desk.store().all_outbox().map(|m| m.unwrap()).collect();
    assert_eq!(all.len(), before + 1);
    let msg = f.desk.store().outbox_message(id).unwrap().unwrap();
    assert_eq!(msg.recipient, "r123456@example.jp");
    assert_eq!(msg.decision, DecisionKind::Approve);
    assert!(
        msg.subject.starts_with("【承認】かかりつけ医機能報告制度"),
        "{}",
        msg.subject
    );
    assert!(msg.body.contains("仙台市医師会は"), "{}", msg.body);
    // An accepted application has no further step.
    let err = f
        .desk
        .approve(&f.op, &key("C-1"), c.revision, now())
        .unwrap_err();
    assert!(err.to_string().contains("no further step"), "{err}");
}

#[test]
fn return_needs_a_reason_and_mails_the_member_alone_once() {
    let f = fixture();
    let before = imported(&f).len();
    assert!(
        f.desk
            .return_case(&f.op, &key("C-2"), 1, " ", now())
            .is_err()
    );
    let c = f
        .desk
        .return_case(
            &f.op,
            &key("C-2"),
            1,
            "修了証の写しが添付されていません",
            now(),
        )
        .unwrap();
    assert_eq!(c.state, State::Returned);
    let all: Vec<OutboxMessage> = f.desk.store().all_outbox().map(|m| m.unwrap()).collect();
    assert_eq!(all.len(), before + 1);
    let msg = all
        .iter()
        .find(|m| m.decision == DecisionKind::Return)
        .unwrap();
    assert_eq!(msg.case_ref, "C-2");
    assert_eq!(msg.recipient, "r234567@example.jp");
    assert!(msg.subject.starts_with("【差し戻し】"), "{}", msg.subject);
    assert!(
        msg.body.contains("理由: 修了証の写しが添付されていません"),
        "{}",
        msg.body
    );
    assert!(msg.body.contains("石巻市医師会は"), "{}", msg.body);
}

#[test]
fn the_association_mail_goes_to_the_address_given_and_to_none_without_one() {
    let f = fixture();
    imported(&f);
    let case = f.desk.detail(&key("C-2"), today()).unwrap().case;
    assert_eq!(f.desk.completion_association_mail(&case, None, now()), None);
    assert_eq!(
        f.desk.completion_association_mail(&case, Some("  "), now()),
        None
    );
    let m = f
        .desk
        .completion_association_mail(&case, Some("kakaritsuke@ishinomaki-med.example.jp"), now())
        .unwrap();
    assert_eq!(m.recipient, "kakaritsuke@ishinomaki-med.example.jp");
    assert_eq!(m.case_ref, "C-2");
    assert_eq!(m.queue, Queue::Transfer);
    assert!(m.subject.starts_with("【修了申請】"), "{}", m.subject);
    assert!(m.body.starts_with("石巻市医師会 ご担当者様"), "{}", m.body);
    assert!(
        m.body.contains("髙橋 太郎 様（医籍登録番号 234567）"),
        "{}",
        m.body
    );
    assert!(m.body.contains("修了日: 2026-10-20"), "{}", m.body);
    assert!(m.body.contains("2026-12-01 までに"), "{}", m.body);
    // Another kind of case has no association mail.
    let w = f
        .desk
        .detail(&CaseKey::new(Queue::Withdrawal, "W-1"), today())
        .unwrap()
        .case;
    assert_eq!(
        f.desk
            .completion_association_mail(&w, Some("a@example.jp"), now()),
        None
    );
}
