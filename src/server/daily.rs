//! The server's daily job: the day's loan and missing-report follow-ups,
//! generated as the service account when the server starts and again at the
//! first minute of each new day (by the server's clock, so `--as-of` too),
//! through the same gate as every client's changes.

use super::periodic::Periodic;
use super::protocol::Event;
use super::serve::Shared;
use crate::desk::Daily;
use std::sync::Arc;
use std::time::Duration;

/// How often the server looks whether the day has changed.
const EVERY: Duration = Duration::from_secs(60);

/// Starts the daily job's thread.
pub(crate) fn start(shared: &Arc<Shared>) -> Option<Periodic> {
    let s = shared.clone();
    match Periodic::start("daily", EVERY, move |_| pass(&s)) {
        Ok(t) => Some(t),
        Err(e) => {
            tracing::error!(error = %e, "the daily job could not be started");
            None
        }
    }
}

fn pass(shared: &Shared) {
    let (today, now) = (shared.clock.today(), shared.clock.now());
    let ran = {
        let _g = lock_read(&shared.gate);
        shared.desk.daily_followups(today, now)
    };
    match ran {
        Ok(Daily::Ran { by, report }) => {
            tracing::info!(
                %today,
                by = %by,
                created = report.created,
                updated = report.updated,
                closed = report.closed,
                reopened = report.reopened,
                "daily follow-ups"
            );
            if report.created + report.updated + report.closed + report.reopened > 0 {
                shared.broadcast(&Event::Reload { by });
            }
        }
        Ok(Daily::NotPermitted { by, role }) => tracing::warn!(
            by = %by,
            role = role.id(),
            "the service account's role may not generate follow-ups; the daily job did not run"
        ),
        Ok(Daily::AlreadyToday | Daily::NoService) => {}
        Err(e) => tracing::warn!(error = %e, "the daily follow-ups could not be generated"),
    }
}

fn lock_read(gate: &std::sync::RwLock<()>) -> std::sync::RwLockReadGuard<'_, ()> {
    gate.read().unwrap_or_else(|e| e.into_inner())
}
