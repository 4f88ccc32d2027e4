//! The server's mail sender: with `[mail]` configured, a thread runs a send
//! pass every `mail.interval_secs`, as the server's own user, until the server
//! stops. Its changes go through the same gate as every client's.

use super::protocol::Event;
use super::serve::{Shared, lock};
use crate::mail::{MailSettings, PassOptions, send_pass};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The running sender; dropping it stops it and waits for the message in flight.
pub(crate) struct MailSender {
    stop: Arc<(Mutex<bool>, Condvar)>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for MailSender {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        let (flag, wake) = &*self.stop;
        *lock(flag) = true;
        wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts the sender when the server has `[mail]`.
pub(crate) fn start(shared: &Arc<Shared>, settings: Option<MailSettings>) -> Option<MailSender> {
    let settings = settings?;
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let stopping = Arc::new(AtomicBool::new(false));
    let interval_secs = settings.config.interval_secs;
    let (s, st, sg) = (shared.clone(), stop.clone(), stopping.clone());
    let thread = std::thread::Builder::new()
        .name("mail".into())
        .spawn(move || run(&s, &settings, &st, &sg));
    match thread {
        Ok(t) => {
            tracing::info!(interval_secs, "sending mail");
            Some(MailSender {
                stop,
                stopping,
                thread: Some(t),
            })
        }
        Err(e) => {
            tracing::error!(error = %e, "the mail sender could not be started");
            None
        }
    }
}

fn run(
    shared: &Shared,
    settings: &MailSettings,
    stop: &(Mutex<bool>, Condvar),
    stopping: &AtomicBool,
) {
    let interval = Duration::from_secs(settings.config.interval_secs.max(1));
    let user = (shared.names)(shared.server_uid);
    loop {
        match shared.desk.actor(&user) {
            Ok(actor) => {
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
            Err(e) => tracing::warn!(error = %e, "the mail sender's user could not be read"),
        }
        let (flag, wake) = stop;
        let guard = lock(flag);
        let (guard, _) = wake
            .wait_timeout_while(guard, interval, |stopped| !*stopped)
            .unwrap_or_else(|e| e.into_inner());
        if *guard {
            return;
        }
    }
}
