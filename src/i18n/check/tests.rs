//! Each fault, reason and key of `check` in both languages.

use super::*;
use crate::domain::{DeliveryState, OutboxStatus, Queue};
use crate::store::RecordKey;

/// A key and a reason in one language, as the tests below name them.
fn key_ja(k: &RecordKey) -> String {
    key(Lang::Ja, k)
}

fn why_en(w: &Why) -> String {
    why(Lang::En, w)
}

fn why_ja(w: &Why) -> String {
    why(Lang::Ja, w)
}

fn japanese_letters(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// One fault of each kind; the match makes a new kind fail to compile here
/// until it is added.
fn one_of_each() -> Vec<CheckFault> {
    use CheckFault as F;
    let (q, r) = (Queue::Withdrawal, "W-2026-0001".to_string());
    let all = vec![
        F::Record {
            table: "people".into(),
            key: RecordKey::Name {
                name: "1234567".into(),
            },
            why: Why::NotA {
                what: Part::Person,
                detail: "io error: unexpected end of file".into(),
            },
        },
        F::Entry {
            queue: q,
            reference: r.clone(),
            index: "idx_due".into(),
            stale: false,
        },
        F::Entry {
            queue: q,
            reference: r.clone(),
            index: "idx_name".into(),
            stale: true,
        },
        F::Tag {
            queue: q,
            reference: r.clone(),
        },
        F::Posting {
            queue: q,
            reference: r.clone(),
            word: "山田".into(),
        },
        F::Ref {
            queue: q,
            reference: r,
            id: 17,
        },
        F::IndexSize {
            index: "idx_due".into(),
            holds: 49,
            want: 50,
        },
        F::Postings { holds: 3, want: 4 },
        F::Tags {
            holds: 49,
            cases: 50,
        },
        F::Refs {
            holds: 49,
            cases: 50,
        },
        F::Counters,
        F::OutboxOrphan { id: 5 },
        F::OutboxMissing { id: 6 },
        F::DeliveryNamesOther { id: 7, outbox: 8 },
        F::DeliveryUnreleased {
            id: 9,
            status: OutboxStatus::Pending,
        },
        F::DeliveryAlone { id: 10 },
        F::DeliveryQueue {
            id: 11,
            state: DeliveryState::Sent,
            in_queue: true,
        },
        F::SendQueue {
            holds: 2,
            queued: 1,
        },
        F::AuditKey {
            key: "/etc/secretariat/audit.key".into(),
        },
        F::AuditUnreadable { seq: 3 },
        F::AuditGap { seq: 4, found: 5 },
        F::AuditBroken { seq: 6 },
        F::AuditAltered { seq: 1 },
        F::AuditRemoved { count: 2 },
        F::AuditNoHead,
        F::AnchorGone { seq: 9 },
        F::AnchorRewritten {
            seq: 2,
            anchored: "0123456789ab".into(),
            now: "ba9876543210".into(),
        },
        F::AnchorBeyond { head: 2, anchor: 3 },
        F::RoleNotGiven {
            user: "mallory".into(),
            role: "supervisor".into(),
            given: None,
        },
        F::RoleLost {
            user: "tanaka".into(),
        },
        F::IndexEntry {
            index: "people_by_birth".into(),
            key: crate::store::RecordKey::Name {
                name: "1990-08-02/1102948".into(),
            },
            missing: true,
        },
    ];
    for f in &all {
        match f {
            F::Record { .. }
            | F::Entry { .. }
            | F::Tag { .. }
            | F::Posting { .. }
            | F::Ref { .. }
            | F::IndexSize { .. }
            | F::Postings { .. }
            | F::Tags { .. }
            | F::Refs { .. }
            | F::Counters
            | F::OutboxOrphan { .. }
            | F::OutboxMissing { .. }
            | F::DeliveryNamesOther { .. }
            | F::DeliveryUnreleased { .. }
            | F::DeliveryAlone { .. }
            | F::DeliveryQueue { .. }
            | F::SendQueue { .. }
            | F::AuditKey { .. }
            | F::AuditUnreadable { .. }
            | F::AuditGap { .. }
            | F::AuditBroken { .. }
            | F::AuditAltered { .. }
            | F::AuditRemoved { .. }
            | F::AuditNoHead
            | F::AnchorGone { .. }
            | F::AnchorRewritten { .. }
            | F::AnchorBeyond { .. }
            | F::RoleNotGiven { .. }
            | F::RoleLost { .. }
            | F::IndexEntry { .. } => {}
        }
    }
    all
}

/// One reason of each kind, likewise.
fn every_why() -> Vec<Why> {
    let all = vec![
        Why::NotA {
            what: Part::AuditRecord,
            detail: "invalid value".into(),
        },
        Why::Length {
            what: Part::CaseId,
            want: 8,
            found: 3,
        },
        Why::NotText { what: Part::Ref },
        Why::Empty { what: Part::Name },
        Why::CutShort {
            what: Part::BirthDate,
        },
        Why::Misplaced {
            what: Part::Notification,
            key: 4,
            found: 5,
        },
        Why::IndexValue { found: 3 },
        Why::NoQueue,
        Why::NoBucket,
        Why::NoSeparator,
        Why::NoSubjectKind,
        Why::NoState,
        Why::LeftBehind,
        Why::NotARole {
            role: "emperor".into(),
        },
        Why::NotATag { slot: 7 },
        Why::NoIds,
        Why::IdTooLarge,
        Why::NotAHead,
        Why::NotACreatedMark,
        Why::NotAPriorValue,
        Why::NoTable,
        Why::NotAJournalKey,
    ];
    for w in &all {
        match w {
            Why::NotA { .. }
            | Why::Length { .. }
            | Why::NotText { .. }
            | Why::Empty { .. }
            | Why::CutShort { .. }
            | Why::Misplaced { .. }
            | Why::IndexValue { .. }
            | Why::NoQueue
            | Why::NoBucket
            | Why::NoSeparator
            | Why::NoSubjectKind
            | Why::NoState
            | Why::LeftBehind
            | Why::NotARole { .. }
            | Why::NotATag { .. }
            | Why::NoIds
            | Why::IdTooLarge
            | Why::NotAHead
            | Why::NotACreatedMark
            | Why::NotAPriorValue
            | Why::NoTable
            | Why::NotAJournalKey => {}
        }
    }
    all
}

#[test]
fn every_fault_is_worded_in_both_languages() {
    let mut seen = std::collections::HashSet::new();
    for f in one_of_each() {
        let (ja, en) = (fault(Lang::Ja, &f), fault(Lang::En, &f));
        assert!(japanese_letters(&ja), "{f:?}: {ja}");
        assert!(!japanese_letters(&en) || en.contains("山田"), "{f:?}: {en}");
        assert_eq!(en, f.to_string());
        for s in [&ja, &en] {
            assert!(!s.is_empty() && !s.contains('\n'), "{f:?}: {s}");
            assert!(seen.insert(s.clone()), "worded twice: {s}");
        }
    }
}

#[test]
fn every_reason_a_record_does_not_read_is_worded_in_both_languages() {
    for why in every_why() {
        let f = CheckFault::Record {
            table: "cases".into(),
            key: RecordKey::Case {
                id: 17,
                queue: Queue::Withdrawal,
                reference: "W-2026-0017".into(),
            },
            why: why.clone(),
        };
        let (ja, en) = (fault(Lang::Ja, &f), fault(Lang::En, &f));
        assert!(
            ja.starts_with("cases 17 (採用辞退 W-2026-0017): レコードを読めません ("),
            "{ja}"
        );
        assert!(
            japanese_letters(&ja[ja.find('(').unwrap_or(0)..]),
            "{why:?}: {ja}"
        );
        assert!(
            en.starts_with("cases 17 (withdrawal/W-2026-0017): the record does not read ("),
            "{en}"
        );
        assert!(!japanese_letters(&en), "{why:?}: {en}");
    }
}

#[test]
fn the_english_words_are_those_check_always_printed() {
    let f = one_of_each();
    for (i, en, ja) in [
        (
            0,
            "people \"1234567\": the record does not read (not a person: io error: unexpected end of file)",
            None,
        ),
        (
            1,
            "withdrawal/W-2026-0001: missing entry in idx_due",
            Some("採用辞退 W-2026-0001: idx_due の項目がありません"),
        ),
        (
            22,
            "audit record 1 was altered: its MAC does not verify under the store's audit key",
            Some("監査記録 1 は改変されています: ストアの監査鍵で MAC を検証できません"),
        ),
    ] {
        assert_eq!(f[i].to_string(), en, "f[{i}]");
        if let Some(ja) = ja {
            assert_eq!(fault(Lang::Ja, &f[i]), ja, "f[{i}]");
        }
    }
    let short = Why::Length {
        what: Part::CaseId,
        want: 8,
        found: 3,
    };
    assert_eq!(why_en(&short), "a case id is 8 bytes, not 3");
    assert_eq!(why_ja(&short), "案件 idは 8 バイトのはずが 3 バイトです");
    assert_eq!(
        why_en(&Why::NotA {
            what: Part::AuditRecord,
            detail: "x".into()
        }),
        "not an audit record: x"
    );
}

#[test]
fn keys_are_worded_in_both_languages() {
    use crate::domain::State;
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    let keys = [
        RecordKey::Due {
            queue: Queue::Transfer,
            closed: false,
            due,
            case: Some(17),
        },
        RecordKey::Counter {
            queue: Queue::Withdrawal,
            state: State::Returned,
            due: None,
        },
        RecordKey::TagBlock {
            block: 1,
            first: 128,
            last: 255,
        },
        RecordKey::ImportPrior {
            import: 3,
            table: "people".into(),
            key: Box::new(RecordKey::Name {
                name: "1234567".into(),
            }),
        },
    ];
    let en: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let ja: Vec<String> = keys.iter().map(key_ja).collect();
    assert_eq!(en[0], "transfer open due 2026-12-01 case 17");
    assert_eq!(ja[0], "異動届・修了申請 未完了 期限 2026-12-01 案件 17");
    assert_eq!(en[1], "withdrawal returned due none");
    assert_eq!(ja[1], "採用辞退 差し戻し 期限 なし");
    assert_eq!(en[2], "1 (cases 128 to 255)");
    assert_eq!(ja[2], "1 (案件 128〜255)");
    assert_eq!(en[3], "import 3 prior value of people \"1234567\"");
    assert_eq!(ja[3], "取り込み 3 が控えた people \"1234567\" の以前の値");
}
