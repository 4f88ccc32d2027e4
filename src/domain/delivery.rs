//! What became of a notification once it left the outbox for the mail relay:
//! queued, sent (with the relay's answer), failed, or cancelled. Kept beside the
//! outbox message, never inside it, so the stored message never changes shape.

use super::time::Timestamp;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// What the outbox records as the recipient when the registry has no address.
pub const NO_ADDRESS: &str = "(no address on file)";

/// Most characters a notification address may have (the seed's 100 half-width).
pub const MAX_ADDRESS_CHARS: usize = 100;

/// Where a notification stands with the mail relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Released to the relay's queue; waiting for its (next) attempt.
    Queued,
    /// The relay accepted it.
    Sent,
    /// Refused for good: a 5xx answer, an unusable address, or retries exhausted.
    Failed,
    /// A supervisor cancelled it: it is never sent.
    Cancelled,
}

impl DeliveryState {
    pub fn id(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
            DeliveryState::Cancelled => "cancelled",
        }
    }
}

/// One notification's delivery over SMTP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub outbox_id: u64,
    pub state: DeliveryState,
    /// The `Message-ID` every attempt carries, so a resend can be told apart.
    pub message_id: String,
    /// Attempts that reached the relay (or tried to) and did not end in `sent`.
    pub attempts: u32,
    pub queued_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    /// When a queued message is tried (again); None means at once.
    pub next_attempt_at: Option<Timestamp>,
    /// The relay's last answer, or why no relay was asked (e.g. a bad address).
    pub answer: Option<String>,
    pub sent_at: Option<Timestamp>,
    /// The supervisor who last cancelled or retried it.
    pub changed_by: Option<String>,
}

impl Delivery {
    /// A delivery queued now, to be tried at once.
    pub fn queued(outbox_id: u64, message_id: String, now: Timestamp) -> Delivery {
        Delivery {
            outbox_id,
            state: DeliveryState::Queued,
            message_id,
            attempts: 0,
            queued_at: now,
            last_attempt_at: None,
            next_attempt_at: None,
            answer: None,
            sent_at: None,
            changed_by: None,
        }
    }

    /// Whether a send pass at `now` should try it.
    pub fn is_due(&self, now: Timestamp) -> bool {
        self.state == DeliveryState::Queued && self.next_attempt_at.is_none_or(|t| t <= now)
    }

    /// After a temporary failure (4xx, a dropped connection): when to try again
    /// by the schedule, or None when the schedule is spent (the message fails).
    pub fn next_retry(&self, schedule: &[Duration], now: Timestamp) -> Option<Timestamp> {
        // `attempts` already counts the failure just met.
        let i = self.attempts.checked_sub(1)? as usize;
        schedule.get(i).map(|d| now + *d)
    }
}

/// Why an address cannot be mailed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    #[error("no address on file")]
    Missing,
    #[error("longer than {MAX_ADDRESS_CHARS} characters")]
    TooLong,
    #[error("not half-width ASCII")]
    NotAscii,
    #[error("not of the form name@domain")]
    Malformed,
}

/// Checks a notification address: ASCII, at most 100 characters, `local@domain`
/// with a dotted domain of letters, digits and hyphens. Import and sending
/// apply the same rule.
pub fn check_address(s: &str) -> Result<(), AddressProblem> {
    if s.is_empty() || s == NO_ADDRESS {
        return Err(AddressProblem::Missing);
    }
    if !s.is_ascii() {
        return Err(AddressProblem::NotAscii);
    }
    if !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AddressProblem::Malformed);
    }
    if s.len() > MAX_ADDRESS_CHARS {
        return Err(AddressProblem::TooLong);
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return Err(AddressProblem::Malformed);
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(AddressProblem::Malformed)
    }
}

/// Parses a retry schedule entry: `30s`, `5m`, `2h`, `1d` (or bare seconds).
pub fn parse_interval(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: i64 = num.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    Duration::try_seconds(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{at, ymd};

    #[test]
    fn addresses_follow_the_seed() {
        assert_eq!(check_address("kenshu@tohoku-hosp.example.jp"), Ok(()));
        assert_eq!(check_address("a.b+c@x.jp"), Ok(()));
        assert_eq!(check_address(""), Err(AddressProblem::Missing));
        assert_eq!(
            check_address("山田@example.jp"),
            Err(AddressProblem::NotAscii)
        );
        assert_eq!(
            check_address("ｙａｍａｄａ@example.jp"),
            Err(AddressProblem::NotAscii)
        );
        let long = format!("{}@example.jp", "a".repeat(89));
        assert_eq!(long.len(), 100);
        assert_eq!(check_address(&long), Ok(()));
        let longer = format!("{}@example.jp", "a".repeat(90));
        assert_eq!(check_address(&longer), Err(AddressProblem::TooLong));
        for bad in [
            "noat",
            "@x.jp",
            "a@",
            "a@jp",
            "a..b@x.jp",
            "a@x..jp",
            "a@-x.jp",
            "(no address on file)",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retries_follow_the_schedule_then_stop() {
        let now = at(ymd(2026, 11, 21), 10, 0);
        let schedule = [Duration::minutes(1), Duration::minutes(10)];
        let mut d = Delivery::queued(1, "<x@y>".into(), now);
        assert!(d.is_due(now));
        d.attempts = 1;
        assert_eq!(
            d.next_retry(&schedule, now),
            Some(now + Duration::minutes(1))
        );
        d.attempts = 2;
        assert_eq!(
            d.next_retry(&schedule, now),
            Some(now + Duration::minutes(10))
        );
        d.attempts = 3;
        assert_eq!(d.next_retry(&schedule, now), None);
        d.next_attempt_at = Some(now + Duration::minutes(1));
        assert!(!d.is_due(now));
    }

    #[test]
    fn intervals_parse() {
        assert_eq!(parse_interval("30s"), Some(Duration::seconds(30)));
        assert_eq!(parse_interval("5m"), Some(Duration::minutes(5)));
        assert_eq!(parse_interval("2h"), Some(Duration::hours(2)));
        assert_eq!(parse_interval("1d"), Some(Duration::days(1)));
        assert_eq!(parse_interval("45"), Some(Duration::seconds(45)));
        assert_eq!(parse_interval("5x"), None);
        assert_eq!(parse_interval(""), None);
    }

    #[test]
    fn a_wait_too_long_for_a_duration_is_refused_not_a_panic() {
        assert_eq!(parse_interval("9223372036854775807"), None);
        assert_eq!(parse_interval("9223372036854776s"), None);
        assert_eq!(parse_interval("99999999999999999d"), None);
        assert_eq!(parse_interval("99999999999999999999"), None);
        assert!(parse_interval("106751991d").is_some());
    }
}
