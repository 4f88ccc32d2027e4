//! Where a notification stands, as the detail pane says it.

use super::Lang;
use super::dates::{DateStyle, DateWidth, timestamp};
use crate::domain::{Delivery, DeliveryState, OutboxMessage, OutboxStatus, Timestamp};

/// One phrase: waiting, sent at T, failed: reason, next retry… An undo
/// window is said to be open only before its end (`now`). Moments in `dates`.
pub fn state(
    lang: Lang,
    dates: DateStyle,
    m: &OutboxMessage,
    d: Option<&Delivery>,
    now: &Timestamp,
) -> String {
    let ts = |t: &Timestamp| timestamp(t, dates, DateWidth::Full);
    let answer = |d: &Delivery| d.answer.clone().unwrap_or_default();
    match (d, lang) {
        (None, _) if m.status == OutboxStatus::Cancelled => lang
            .pick(
                "取り消し済み (送信されません)",
                "withdrawn by undo (never sent)",
            )
            .to_string(),
        (None, Lang::Ja) if m.status == OutboxStatus::Released => {
            "書き出し済み (export outbox)".to_string()
        }
        (None, Lang::En) if m.status == OutboxStatus::Released => {
            "handed out by export outbox".to_string()
        }
        (None, Lang::Ja) if *now >= m.release_at => {
            format!("送信待ち (取り消し期限 {} を過ぎました)", ts(&m.release_at))
        }
        (None, Lang::En) if *now >= m.release_at => {
            format!("waiting (undo closed at {})", ts(&m.release_at))
        }
        (None, Lang::Ja) => format!("送信待ち ({} まで取り消し可)", ts(&m.release_at)),
        (None, Lang::En) => format!("waiting (undo possible until {})", ts(&m.release_at)),
        (Some(d), _) => match (d.state, lang) {
            (DeliveryState::Queued, Lang::Ja) => match &d.next_attempt_at {
                Some(t) => format!("再送予定 {} (前回: {})", ts(t), answer(d)),
                None => "送信待ち (メールサーバー)".to_string(),
            },
            (DeliveryState::Queued, Lang::En) => match &d.next_attempt_at {
                Some(t) => format!("next retry {} (last: {})", ts(t), answer(d)),
                None => "queued for the mail relay".to_string(),
            },
            (DeliveryState::Sent, Lang::Ja) => format!(
                "送信済み {}",
                d.sent_at.as_ref().map(ts).unwrap_or_default()
            ),
            (DeliveryState::Sent, Lang::En) => {
                format!("sent at {}", d.sent_at.as_ref().map(ts).unwrap_or_default())
            }
            (DeliveryState::Failed, Lang::Ja) => format!("送信失敗: {}", answer(d)),
            (DeliveryState::Failed, Lang::En) => format!("failed: {}", answer(d)),
            (DeliveryState::Cancelled, Lang::Ja) => format!(
                "送信取り消し ({})",
                d.changed_by.clone().unwrap_or_default()
            ),
            (DeliveryState::Cancelled, Lang::En) => {
                format!("cancelled by {}", d.changed_by.clone().unwrap_or_default())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};
    use crate::domain::{DecisionKind, Queue};

    #[test]
    fn every_state_has_words() {
        let t = at(ymd(2026, 11, 21), 10, 0);
        let mut m = OutboxMessage {
            id: 1,
            queue: Queue::Transfer,
            case_ref: "T-1".into(),
            decision: DecisionKind::Approve,
            recipient: "a@example.jp".into(),
            subject: "件名".into(),
            body: "本文".into(),
            created_at: t,
            release_at: t,
            status: OutboxStatus::Pending,
        };
        let before = t - chrono::Duration::minutes(1);
        assert!(
            state(Lang::En, DateStyle::Iso, &m, None, &before).contains("until 2026-11-21 10:00")
        );
        assert_eq!(
            state(Lang::Ja, DateStyle::Iso, &m, None, &before),
            "送信待ち (2026-11-21 10:00 まで取り消し可)"
        );
        // At the end of the window and after, undo is no longer offered.
        assert_eq!(
            state(Lang::Ja, DateStyle::Iso, &m, None, &t),
            "送信待ち (取り消し期限 2026-11-21 10:00 を過ぎました)"
        );
        assert!(!state(Lang::En, DateStyle::Iso, &m, None, &t).contains("possible"));
        assert_eq!(
            state(Lang::Ja, DateStyle::Wareki, &m, None, &before),
            "送信待ち (令和8年11月21日 10:00 まで取り消し可)"
        );
        m.status = OutboxStatus::Released;
        let mut d = Delivery::queued(1, "<1@x.jp>".into(), t);
        d.state = DeliveryState::Failed;
        d.answer = Some("550 5.1.1 Mailbox unavailable".into());
        assert_eq!(
            state(Lang::Ja, DateStyle::Iso, &m, Some(&d), &t),
            "送信失敗: 550 5.1.1 Mailbox unavailable"
        );
        d.state = DeliveryState::Sent;
        d.sent_at = Some(t);
        assert_eq!(
            state(Lang::En, DateStyle::Iso, &m, Some(&d), &t),
            "sent at 2026-11-21 10:00"
        );
    }
}
