//! One send pass: take what is due from the desk, hand it to the relay one
//! message at a time, and record each answer before the next message goes.
//! So at most one message is ever accepted but not yet recorded; after a crash
//! it is sent again, with the same Message-ID.

use super::MailError;
use super::config::MailSettings;
use super::message::build_from;
use super::relay::{Answer, Relay};
use crate::desk::{Actor, Desk};
use crate::domain::{DeliveryState, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::RwLock;

/// What a pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassSummary {
    pub sent: usize,
    /// Temporarily refused or cut off; queued for their next retry.
    pub retrying: usize,
    pub failed: usize,
    /// `--dry-run`: what would have been sent.
    pub would_send: usize,
    /// The earliest retry still waiting, if any.
    pub next_retry: Option<Timestamp>,
    /// Why the pass stopped early (the relay could not be reached, refused the
    /// login, or cut the connection).
    pub stopped: Option<String>,
}

impl PassSummary {
    pub fn handled(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

/// How a pass runs.
pub struct PassOptions<'a> {
    pub dry_run: bool,
    /// The clock (each record is stamped when its answer came).
    pub now: &'a dyn Fn() -> Timestamp,
    /// Held (shared) around each change, where a server has such a gate.
    pub gate: Option<&'a RwLock<()>>,
    /// Set when the pass should end after the message in flight.
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
    /// Called after each message with the summary so far.
    pub progress: &'a mut dyn FnMut(&PassSummary),
    /// Called with each message before it is sent (for `--dry-run` listings).
    pub each: &'a mut dyn FnMut(&crate::domain::OutboxMessage, &str),
}

fn held<T>(gate: Option<&RwLock<()>>, f: impl FnOnce() -> T) -> T {
    let _g = gate.map(|g| g.read().unwrap_or_else(|e| e.into_inner()));
    f()
}

/// Sends every released notification not yet sent, and every queued one whose
/// retry has come. Each message is tried at most once per pass.
pub fn send_pass(
    desk: &Desk,
    actor: &Actor,
    settings: &MailSettings,
    opts: PassOptions<'_>,
) -> Result<PassSummary, MailError> {
    let mut summary = PassSummary::default();
    let batch = settings.config.batch;
    if opts.dry_run {
        for (m, d) in desk.mail_preview(actor, (opts.now)(), usize::MAX)? {
            let id = match &d {
                Some(d) => d.message_id.clone(),
                None => desk.message_id(m.id, &settings.domain)?,
            };
            (opts.each)(&m, &id);
            summary.would_send += 1;
        }
        return Ok(summary);
    }
    let relay = Relay::open(settings)?;
    let mut checked = false;
    let mut tried: HashSet<u64> = HashSet::new();
    'pass: loop {
        let now = (opts.now)();
        let taken = held(opts.gate, || {
            desk.mail_take(actor, now, &settings.domain, batch + tried.len())
        })?;
        let fresh: Vec<_> = taken
            .into_iter()
            .filter(|(m, _)| !tried.contains(&m.id))
            .take(batch)
            .collect();
        if fresh.is_empty() {
            break;
        }
        if !checked {
            if let Err(why) = relay.check() {
                summary.stopped = Some(why);
                break;
            }
            checked = true;
        }
        for (m, d) in fresh {
            if opts
                .stop
                .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst))
            {
                break 'pass;
            }
            tried.insert(m.id);
            (opts.each)(&m, &d.message_id);
            let org = desk.sender_of(&m).ok().flatten();
            let answer = match build_from(&m, &d.message_id, settings, org.as_ref()) {
                Ok((envelope, bytes)) => relay.send(&envelope, &bytes),
                Err(why) => Answer::Permanent(why.0),
            };
            let now = (opts.now)();
            let lost = matches!(answer, Answer::Lost(_));
            let after = held(opts.gate, || match &answer {
                Answer::Accepted(a) => desk.mail_sent(actor, &d, a, now),
                Answer::Permanent(a) => desk.mail_failed(actor, &d, a, now),
                Answer::Temporary(a) | Answer::Lost(a) => {
                    desk.mail_retry_later(actor, &d, a, &settings.retry, now)
                }
            })?;
            match after.state {
                DeliveryState::Sent => summary.sent += 1,
                DeliveryState::Failed => summary.failed += 1,
                _ => {
                    summary.retrying += 1;
                    summary.next_retry = match (summary.next_retry, after.next_attempt_at) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
            (opts.progress)(&summary);
            if lost {
                // The relay is unreachable or cut us off: the rest wait for the next pass.
                if let Answer::Lost(why) = answer {
                    summary.stopped = Some(why);
                }
                break 'pass;
            }
        }
    }
    Ok(summary)
}
