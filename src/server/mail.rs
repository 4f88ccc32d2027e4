//! The server's mail sender: with `[mail]` configured, a thread runs a send
//! pass every `mail.interval_secs`, as the server's own user, until the server
//! stops. Its changes go through the same gate as every client's.

use super::periodic::Periodic;
use super::protocol::Event;
use super::serve::Shared;
use crate::mail::{MailSettings, PassOptions, send_pass};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Starts the sender when the server has `[mail]`.
pub(crate) fn start(shared: &Arc<Shared>, settings: Option<MailSettings>) -> Option<Periodic> {
    let settings = settings?;
    let interval_secs = settings.config.interval_secs;
    let s = shared.clone();
    let interval = Duration::from_secs(interval_secs.max(1));
    match Periodic::start("mail", interval, move |stopping| {
        pass(&s, &settings, stopping)
    }) {
        Ok(t) => {
            tracing::info!(interval_secs, "sending mail");
            Some(t)
        }
        Err(e) => {
            tracing::error!(error = %e, "the mail sender could not be started");
            None
        }
    }
}

fn pass(shared: &Shared, settings: &MailSettings, stopping: &AtomicBool) {
    let user = (shared.names)(shared.server_uid);
    let actor = match shared.desk.actor(&user) {
        Ok(actor) => actor,
        Err(e) => {
            tracing::warn!(error = %e, "the mail sender's user could not be read");
            return;
        }
    };
    let clock = shared.clock;
    let now = move || clock.now();
    let outcome = send_pass(
        &shared.desk,
        &actor,
        settings,
        PassOptions {
            dry_run: false,
            now: &now,
            gate: Some(&shared.gate),
            stop: Some(stopping),
            progress: &mut |_| {},
            each: &mut |_, _| {},
        },
    );
    match outcome {
        Ok(s) if s.handled() > 0 || s.stopped.is_some() => {
            tracing::info!(
                sent = s.sent,
                retrying = s.retrying,
                failed = s.failed,
                stopped = s.stopped.as_deref().unwrap_or(""),
                "mail pass"
            );
            shared.broadcast(&Event::Reload {
                by: actor.name.clone(),
            });
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "mail could not be sent"),
    }
}
