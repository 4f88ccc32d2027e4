//! A thread of the server that does one pass of work now and then every
//! interval until the server stops (the mail sender, the daily job).

use super::serve::lock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The running thread; dropping it stops it and waits for the pass under way.
pub(crate) struct Periodic {
    stop: Arc<(Mutex<bool>, Condvar)>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Periodic {
    /// Starts thread `name` running `pass` at once and then every `interval`;
    /// `pass` is told when the server is stopping, to end a long pass early.
    pub(crate) fn start(
        name: &str,
        interval: Duration,
        mut pass: impl FnMut(&AtomicBool) + Send + 'static,
    ) -> std::io::Result<Periodic> {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let (st, sg) = (stop.clone(), stopping.clone());
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                loop {
                    pass(&sg);
                    let (flag, wake) = &*st;
                    let guard = lock(flag);
                    let (guard, _) = wake
                        .wait_timeout_while(guard, interval, |stopped| !*stopped)
                        .unwrap_or_else(|e| e.into_inner());
                    if *guard {
                        return;
                    }
                }
            })?;
        Ok(Periodic {
            stop,
            stopping,
            thread: Some(thread),
        })
    }
}

impl Drop for Periodic {
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
