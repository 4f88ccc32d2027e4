//! `secretariat mail send|failed|retry|cancel`: the outbox delivered over SMTP.

use super::{Context, Failure, Reach};
use crate::desk::{Ask, Request};
use crate::domain::Timestamp;
use crate::mail::{MailError, PassOptions, PassSummary, send_pass};
use clap::Subcommand;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

#[derive(Debug, Subcommand)]
pub enum MailAction {
    /// Send every released notification not yet sent, and the retries now due.
    Send {
        /// List what would be sent; send and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the notifications the relay refused for good.
    Failed,
    /// Queue a failed notification again (supervisors).
    Retry { id: u64 },
    /// Cancel a queued or failed notification: it is never sent (supervisors).
    Cancel { id: u64 },
}

fn mail_failure(e: MailError) -> Failure {
    match e {
        MailError::Config(m) => Failure::usage(m),
        MailError::Desk(d) => d.into(),
    }
}

fn ts(t: &Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The one-line summary of a pass.
pub fn summary_line(s: &PassSummary) -> String {
    let mut line = format!(
        "mail: {} sent, {} to retry, {} failed",
        s.sent, s.retrying, s.failed
    );
    if let Some(t) = &s.next_retry {
        line.push_str(&format!(" (next retry {})", ts(t)));
    }
    if let Some(why) = &s.stopped {
        line.push_str(&format!(
            "; stopped early, the relay could not be reached: {why}"
        ));
    }
    line
}

pub fn run(ctx: &Context, reach: &Reach, action: MailAction) -> Result<(), Failure> {
    let dry_run = match action {
        MailAction::Send { dry_run } => dry_run,
        other => return supervise(ctx, reach, other),
    };
    // Sending is the owner's: the server does it by itself every
    // mail.interval_secs; this runs a pass on the store opened here.
    let desk = match ctx.desk() {
        Ok(d) => d,
        Err(f) if crate::server::is_running(&ctx.data_dir) => {
            return Err(Failure::runtime(format!(
                "{} (a server whose configuration has [mail] sends by itself every mail.interval_secs)",
                f.message
            )));
        }
        Err(f) => return Err(f),
    };
    let actor = ctx.actor(&desk)?;
    {
        {
            let Some(cfg) = &ctx.config.mail else {
                return Err(Failure::usage(
                    "no [mail] section in the configuration file: give smtp_host and from (see README, \"Mail\")",
                ));
            };
            let settings = cfg.settings().map_err(mail_failure)?;
            let started = Instant::now();
            let mut last = Instant::now();
            let tty = std::io::stderr().is_terminal();
            let mut progress = |s: &PassSummary| {
                if started.elapsed() > Duration::from_secs(2)
                    && last.elapsed() > Duration::from_secs(1)
                {
                    last = Instant::now();
                    let line = format!(
                        "mail: {} handled ({} sent, {} to retry, {} failed)",
                        s.handled(),
                        s.sent,
                        s.retrying,
                        s.failed
                    );
                    if tty {
                        eprint!("\r{line}");
                    } else {
                        eprintln!("{line}");
                    }
                }
            };
            let mut each = |m: &crate::domain::OutboxMessage, id: &str| {
                if dry_run {
                    // A closed pipe here only cuts the listing short.
                    let _ = say!(
                        "would send #{} {}/{} to {}: {} {}",
                        m.id,
                        m.queue.id(),
                        crate::text::sanitize(&m.case_ref),
                        crate::text::sanitize(&m.recipient),
                        crate::text::sanitize(&m.subject),
                        id
                    );
                }
            };
            let clock = ctx.clock;
            let now = move || clock.now();
            let s = send_pass(
                &desk,
                &actor,
                &settings,
                PassOptions {
                    dry_run,
                    now: &now,
                    gate: None,
                    stop: None,
                    progress: &mut progress,
                    each: &mut each,
                },
            )
            .map_err(mail_failure)?;
            if tty && started.elapsed() > Duration::from_secs(2) {
                eprintln!();
            }
            if dry_run {
                say!(
                    "mail: {} would be sent (dry run: nothing sent)",
                    s.would_send
                )?;
                return Ok(());
            }
            say!("{}", summary_line(&s))?;
            match s.stopped {
                Some(_) => Err(Failure::runtime(crate::i18n::cli::said(
                    ctx.lang,
                    &crate::i18n::cli::Said::NotAllSent,
                ))),
                None => Ok(()),
            }
        }
    }
}

/// Reading and correcting what the relay refused: desk requests, through
/// whatever desk the command reaches.
fn supervise(ctx: &Context, reach: &Reach, action: MailAction) -> Result<(), Failure> {
    let desk = ctx.client(reach)?;
    match action {
        MailAction::Send { .. } => Ok(()),
        MailAction::Failed => {
            let failed: Vec<crate::desk::Outgoing> = desk.ask(Request::FailedNotifications)?;
            for (m, d) in failed {
                say!(
                    "#{} {}/{} to {} ({} attempt(s), last {}): {}",
                    m.id,
                    m.queue.id(),
                    crate::text::sanitize(&m.case_ref),
                    crate::text::sanitize(&m.recipient),
                    d.attempts,
                    d.last_attempt_at.as_ref().map(ts).unwrap_or_default(),
                    crate::text::sanitize(d.answer.as_deref().unwrap_or(""))
                )?;
            }
            Ok(())
        }
        MailAction::Retry { id } => {
            desk.ask::<()>(Request::RetryNotification { id })?;
            say!("notification {id} queued again; it goes at the next `mail send`")?;
            Ok(())
        }
        MailAction::Cancel { id } => {
            desk.ask::<()>(Request::CancelNotification { id })?;
            say!("notification {id} cancelled; it will not be sent")?;
            Ok(())
        }
    }
}
