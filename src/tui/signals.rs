//! Termination signals while the screen is up: SIGTERM, SIGHUP, SIGINT and
//! SIGQUIT end the TUI through its normal quit (the session is written, the
//! terminal restored), and the process then exits with 128 + the signal's
//! number. Raw mode turns Ctrl-C into a key, so these come from outside
//! (`kill`, a closed terminal, a stopping service manager).

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use signal_hook::iterator::{Handle, Signals};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// The signals that end the TUI.
pub const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// How long the loop has to quit by itself before the watcher restores the
/// terminal and exits on its own (a worker stuck on a stalled server).
const GRACE: Duration = Duration::from_secs(5);

/// The TUI ended because of a signal; the command exits with `128 + signo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped by signal {}", name(*.0))]
pub struct Stopped(pub i32);

impl Stopped {
    /// The conventional exit status of a process ended by this signal.
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

/// A signal's usual name.
pub fn name(signo: i32) -> &'static str {
    match signo {
        SIGTERM => "SIGTERM",
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        _ => "a signal",
    }
}

/// Watches for [`ENDING`] signals while the screen is up; dropping it stops
/// watching.
pub struct SignalWatch {
    caught: Arc<AtomicI32>,
    handle: Handle,
}

impl SignalWatch {
    /// Starts watching. On the first signal the watcher records it and wakes
    /// the event loop (crossterm's poll wakes on SIGWINCH, which it treats as
    /// a resize); if the loop has not ended after [`GRACE`], or a second
    /// signal comes, the watcher restores the terminal and exits itself.
    pub fn start() -> std::io::Result<SignalWatch> {
        let mut signals = Signals::new(ENDING)?;
        let handle = signals.handle();
        let caught = Arc::new(AtomicI32::new(0));
        let seen = Arc::clone(&caught);
        let watcher = handle.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let Some(first) = signals.forever().next() else {
                    return;
                };
                seen.store(first, Ordering::SeqCst);
                tracing::info!(signal = name(first), "quitting on a signal");
                let _ = signal_hook::low_level::raise(SIGWINCH);
                let started = std::time::Instant::now();
                while started.elapsed() < GRACE {
                    if watcher.is_closed() {
                        return;
                    }
                    if signals.pending().next().is_some() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                if watcher.is_closed() {
                    return;
                }
                super::terminal::restore();
                std::process::exit(i32::from(Stopped(first).exit_code()));
            })?;
        Ok(SignalWatch { caught, handle })
    }

    /// The signal that asked the TUI to end, if one has.
    pub fn caught(&self) -> Option<Stopped> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => Some(Stopped(n)),
        }
    }
}

impl Drop for SignalWatch {
    fn drop(&mut self) {
        self.handle.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(Stopped(SIGTERM).exit_code(), 143);
        assert_eq!(Stopped(SIGHUP).exit_code(), 129);
        assert_eq!(Stopped(SIGINT).exit_code(), 130);
        assert_eq!(Stopped(SIGQUIT).exit_code(), 131);
        assert_eq!(Stopped(SIGTERM).to_string(), "stopped by signal SIGTERM");
    }
}
