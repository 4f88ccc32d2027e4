use super::*;
use crate::domain::time::{at, ymd};
use crate::domain::{DecisionKind, DeliveryState, OutboxStatus, State};
use crate::interchange::{FileFormat, Record, read};
use crate::text::safe_cell;

fn import(line: &str) -> Case {
    let mut r = read(
        "in.jsonl",
        Box::new(std::io::Cursor::new(line.as_bytes().to_vec())),
        FileFormat::Jsonl,
        None,
        at(ymd(2026, 4, 1), 9, 0),
        "tanaka",
    )
    .unwrap();
    match r.next() {
        Some(Ok((_, Record::Case(c)))) => *c,
        other => panic!("{other:?}"),
    }
}

const CASES: [&str; 4] = [
    r#"{"kind":"withdrawal","ref":"W-2026-000001","received_at":"2026-03-20 10:15","registration_number":"123456","program":"内科","director":"佐藤 一郎","reason":"理由;あり","withdrawal_kind":"loan","director_email":"d@example.jp","director_decision":"declined","director_decided_at":"2026-03-25 09:00"}"#,
    r#"{"kind":"transfer","ref":"T-2026-000001","received_at":"2026-03-01T00:00:00+09:00","registration_number":"9","transfer_kind":"association_transfer","from_association":"仙台市医師会","requested_category":"A②(B)","to_association":"大阪市医師会","to_prefecture":"大阪府","to_district":"北区","current_category":"B","facility":"大阪赤十字病院","facility_duty":"病院勤務","reason":"転勤"}"#,
    r#"{"kind":"facility_report","ref":"F-2025-000001","received_at":"2025-09-10 13:30","facility_number":"04-0001","fiscal_year":2025,"reporter_name":"高橋 健","supervisors":["C-1","C-2"],"director_name":"院長","contact_email":"k@example.jp"}"#,
    r#"{"kind":"completion_application","ref":"C-2026-000001","received_at":"2026-03-15 11:00","registration_number":"9","association":"仙台市医師会","training":"かかりつけ医機能報告制度に係る研修","completed_on":"2026-03-01","notes":"オンライン受講"}"#,
];

#[test]
fn exported_cases_import_back_unchanged() {
    let cases: Vec<Case> = CASES.iter().map(|l| import(l)).collect();
    let flags = [Flag::DirectorUnanswered, Flag::DuplicatePerson];
    let mut out = Vec::new();
    let n = write_cases(
        &mut out,
        Format::Jsonl,
        None,
        false,
        cases.iter().map(|c| (c, &flags[..], CaseFacts::default())),
    )
    .unwrap();
    assert_eq!(n, 4);
    let text = String::from_utf8(out).unwrap();
    for (line, case) in text.lines().zip(&cases) {
        let exported: Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            exported["flags"],
            serde_json::json!(["director_unanswered", "duplicate_person"])
        );
        assert_eq!(exported["ref"], Value::String(case.reference.clone()));
        let back = import(&case_to_import_object(case).to_string());
        assert_eq!(&back, case);
    }
    assert!(
        text.lines().next().unwrap().starts_with(
            r#"{"ref":"W-2026-000001","queue":"withdrawal","state":"awaiting_director""#
        )
    );
    assert!(text.contains(r#""received_at":"2026-03-20T10:15:00+09:00""#));
    let completion: Value = serde_json::from_str(text.lines().nth(3).unwrap()).unwrap();
    assert_eq!(completion["queue"], "transfer");
    assert_eq!(completion["state"], "submitted");
    assert_eq!(completion["case_kind"], "completion_application");
    assert_eq!(completion["association"], "仙台市医師会");
    assert_eq!(completion["training"], "かかりつけ医機能報告制度に係る研修");
    assert_eq!(completion["completed_on"], "2026-03-01");
    assert_eq!(completion["notes"], "オンライン受講");
    assert_eq!(
        case_to_import_object(&cases[3])["kind"],
        "completion_application"
    );
}

#[test]
fn csv_export_has_header_lists_and_optional_bom() {
    let cases: Vec<Case> = CASES.iter().map(|l| import(l)).collect();
    let mut out = Vec::new();
    write_bom(&mut out).unwrap();
    write_cases(
        &mut out,
        Format::Csv,
        Some(Queue::FacilityReport),
        false,
        cases[2..]
            .iter()
            .map(|c| (c, &[Flag::NoValidSupervisor][..], CaseFacts::default())),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{FEFF}ref,queue,state,subject,name,received_at,due,assignee,flags,facility_number,fiscal_year,reporter_name,supervisors,director_name,contact_email,generated,prefecture,medical_area,priority_area"
    );
    assert_eq!(
        lines.next().unwrap(),
        "F-2025-000001,facility_report,submitted,04-0001,,2025-09-10T13:30:00+09:00,,,no_valid_supervisor,04-0001,2025,高橋 健,C-1;C-2,院長,k@example.jp,false,,,"
    );
    // All queues: one header naming each field once.
    let mut all = Vec::new();
    let no_facts = cases.iter().map(|c| (c, &[][..], CaseFacts::default()));
    write_cases(&mut all, Format::Csv, None, false, no_facts).unwrap();
    let all = String::from_utf8(all).unwrap();
    let header: Vec<&str> = all.lines().next().unwrap().split(',').collect();
    let mut unique = header.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), header.len());
    assert!(all.contains("\"理由;あり\"") || all.contains("理由;あり"));
}

#[test]
fn decisions_audit_and_outbox() {
    let case = import(CASES[0]);
    let t = at(ymd(2026, 4, 2), 10, 0);
    let d = Decision {
        kind: DecisionKind::Return,
        reason: Some("理由が不十分".into()),
        actor: "tanaka".into(),
        at: t,
        state_before: State::AwaitingDirector,
        state_after: State::Returned,
        notification: Some(1),
    };
    let mut out = Vec::new();
    write_decisions(&mut out, Format::Jsonl, [(&case, &d)]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"ref\":\"W-2026-000001\",\"queue\":\"withdrawal\",\"decision\":\"return\",\"reason\":\"理由が不十分\",\"actor\":\"tanaka\",\"at\":\"2026-04-02T10:00:00+09:00\",\"state_before\":\"awaiting_director\",\"state_after\":\"returned\"}\n"
    );
    let a = AuditRecord {
        seq: 1,
        at: t,
        actor: "tanaka".into(),
        uid: Some(1000),
        action: "approve".into(),
        target: "withdrawal/W-1".into(),
        before: None,
        after: Some("{\"state\":\"x\"}".into()),
        prev_hash: "00".into(),
        hash: "ab".into(),
    };
    let mut out = Vec::new();
    write_audit(&mut out, Format::Csv, [&a]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "seq,at,actor,uid,action,target,before,after,prev_hash,hash\n1,2026-04-02T10:00:00+09:00,tanaka,1000,approve,withdrawal/W-1,,\"{\"\"state\"\":\"\"x\"\"}\",00,ab\n"
    );
    let m = OutboxMessage {
        id: 7,
        queue: Queue::Transfer,
        case_ref: "T-1".into(),
        decision: DecisionKind::Approve,
        recipient: "m@example.jp".into(),
        subject: "異動届".into(),
        body: "本文\n二行目".into(),
        created_at: t,
        release_at: t,
        status: OutboxStatus::Pending,
    };
    let mut out = Vec::new();
    write_outbox(&mut out, Format::Jsonl, [(&m, None::<&Delivery>)]).unwrap();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], "pending");
    assert_eq!(v["body"], "本文\n二行目");
    assert_eq!(v["decision"], "approve");
    // Never handed to the relay: its side is null, but there.
    assert_eq!(v["delivery"], Value::Null);
    assert!(v.as_object().unwrap().contains_key("sent_at"));
}

#[test]
fn the_outbox_carries_each_notifications_delivery() {
    let t = at(ymd(2026, 4, 2), 10, 0);
    let m = |id: u64| OutboxMessage {
        id,
        queue: Queue::Transfer,
        case_ref: format!("T-{id}"),
        decision: DecisionKind::Approve,
        recipient: "m@example.jp".into(),
        subject: "異動届".into(),
        body: "本文".into(),
        created_at: t,
        release_at: t,
        status: OutboxStatus::Released,
    };
    let later = t + chrono::Duration::minutes(5);
    let mut queued = Delivery::queued(1, "<outbox-1.x@example.jp>".into(), t);
    queued.attempts = 1;
    queued.answer = Some("451 4.3.0 Try again later".into());
    queued.next_attempt_at = Some(later);
    let mut sent = Delivery::queued(2, "<outbox-2.x@example.jp>".into(), t);
    sent.state = DeliveryState::Sent;
    sent.sent_at = Some(later);
    sent.answer = Some("250 2.0.0 Ok: queued as 00001".into());
    let mut failed = Delivery::queued(3, "<outbox-3.x@example.jp>".into(), t);
    failed.state = DeliveryState::Failed;
    failed.answer = Some("550 5.1.1 Mailbox unavailable".into());
    let mut cancelled = Delivery::queued(4, "<outbox-4.x@example.jp>".into(), t);
    cancelled.state = DeliveryState::Cancelled;
    cancelled.changed_by = Some("suzuki".into());
    let rows = [
        (m(1), Some(queued)),
        (m(2), Some(sent)),
        (m(3), Some(failed)),
        (m(4), Some(cancelled)),
        (m(5), None),
    ];
    let written = |format| {
        let mut out = Vec::new();
        write_outbox(&mut out, format, rows.iter().map(|(m, d)| (m, d.as_ref()))).unwrap();
        out
    };
    let v: Vec<Value> = written(Format::Jsonl)
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(v[0]["delivery"], "queued");
    assert_eq!(v[0]["next_attempt_at"], "2026-04-02T10:05:00+09:00");
    assert_eq!(v[0]["answer"], "451 4.3.0 Try again later");
    assert_eq!(v[1]["delivery"], "sent");
    assert_eq!(v[1]["sent_at"], "2026-04-02T10:05:00+09:00");
    assert_eq!(v[1]["answer"], "250 2.0.0 Ok: queued as 00001");
    assert_eq!(v[2]["delivery"], "failed");
    assert_eq!(v[2]["answer"], "550 5.1.1 Mailbox unavailable");
    assert_eq!(v[3]["delivery"], "cancelled");
    assert_eq!(v[3]["changed_by"], "suzuki");
    assert_eq!(v[4]["delivery"], Value::Null);
    let csv = String::from_utf8(written(Format::Csv)).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            "status,delivery,message_id,attempts,last_attempt_at,answer,queued_at,next_attempt_at,sent_at,changed_by"
        ),
        "{header}"
    );
    assert!(csv.lines().nth(2).unwrap().contains(",sent,"), "{csv}");
}

#[test]
fn csv_cells_never_become_formulas_or_terminal_controls() {
    for (raw, want) in [
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=HYPERLINK(\"http://x\",\"y\")",
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tTAB", "' TAB"),
        ("\rCR", "' CR"),
        ("名前\u{1b}]0;X\u{7}", "名前]0;X"),
        ("a\u{202E}b\u{0085}c", "abc"),
        ("山田 太郎", "山田 太郎"),
    ] {
        assert_eq!(safe_cell(raw), want, "{raw:?}");
    }
    // Through a whole export: the cell is written neutralised, and quoted.
    let mut out = Vec::new();
    write_rows(
        &mut out,
        Format::Csv,
        &["name"],
        std::iter::once(vec![("name", Value::String("=1+1\u{7}".into()))]),
    )
    .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "name\n'=1+1\n");
}
