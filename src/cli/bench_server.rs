//! `secretariat bench-server`: the server's figures on a demo store, over the
//! real socket. Printed, never asserted.

use super::bench::{ms, percentile};
use super::{Context, Failure};
use crate::desk::{Ask, CaseDetail, CaseKey, DeskError, Page, PageQuery, QueueCounts, Request};
use crate::domain::Case;
use crate::domain::Queue;
use crate::server::{Event, RemoteDesk, ServeOptions, Server};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} samples)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
        times.len()
    )
}

/// How long each of `n` calls of `ask` took, one after the other.
fn round_trips<T, E>(n: usize, mut ask: impl FnMut() -> Result<T, E>) -> Result<Vec<Duration>, E> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        ask()?;
        times.push(t.elapsed());
    }
    Ok(times)
}

fn connect(ctx: &Context, dir: &std::path::Path) -> Result<RemoteDesk, Failure> {
    let _ = ctx;
    RemoteDesk::connect(dir, None).map_err(|e| Failure::runtime(e.to_string()))
}

/// Open cases of every queue, for the clients to decide.
fn open_keys(remote: &RemoteDesk) -> Result<Vec<CaseKey>, Failure> {
    let mut keys = Vec::new();
    for queue in Queue::ALL {
        let mut q = PageQuery::new(queue);
        q.limit = crate::desk::PAGE_MAX_ROWS;
        loop {
            let page: Page = remote.ask(Request::Page { query: q.clone() })?;
            let n = page.rows.len();
            keys.extend(page.rows.into_iter().map(|r| r.key));
            if n < q.limit {
                break;
            }
            q.offset += n;
        }
    }
    Ok(keys)
}

pub fn run(ctx: &Context, cases: usize, clients: usize, seconds: u64) -> Result<(), Failure> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("store");
    let bench_ctx = ctx.for_dir(dir.clone());
    println!(
        "secretariat bench-server: {cases} cases, {clients} clients, store in {}",
        dir.display()
    );
    let desk = super::commands::demo(&bench_ctx, cases, 7)?;
    // The benchmark's clients are all one user: let them all in (plus the
    // probes), as a team's many users would be.
    let mut opts = ServeOptions::new(&dir, ctx.clock);
    opts.max_per_user = opts.max_per_user.max(clients + 8);
    let server = Server::bind(desk, opts).map_err(|e| Failure::runtime(e.to_string()))?;
    let stopper = server.stopper();
    let serving = server.spawn()?;
    let result = measure(&bench_ctx, &dir, clients, Duration::from_secs(seconds));
    stopper.stop(crate::desk::trouble::Stopping::BenchmarkOver);
    let _ = serving.join();
    result
}

fn measure(
    ctx: &Context,
    dir: &std::path::Path,
    clients: usize,
    span: Duration,
) -> Result<(), Failure> {
    let probe = connect(ctx, dir)?;
    for _ in 0..200 {
        probe.ask::<Option<CaseKey>>(Request::Undoable)?;
    }
    let times = round_trips(5000, || probe.ask::<Option<CaseKey>>(Request::Undoable))?;
    println!(
        "round trip, small request (undoable), idle server: {}",
        summary(times)
    );
    let times = round_trips(2000, || probe.ask::<Vec<QueueCounts>>(Request::Counts))?;
    println!(
        "round trip, counts of the four queues, idle server: {}",
        summary(times)
    );
    let keys = open_keys(&probe)?;
    let times = match keys.first() {
        Some(k) => round_trips(1000, || {
            probe.ask::<CaseDetail>(Request::Detail { key: k.clone() })
        })?,
        None => Vec::new(),
    };
    println!("round trip, case detail, idle server: {}", summary(times));

    // Sustained decisions: every client approves its own share as fast as it can.
    let shares: Vec<Vec<CaseKey>> = (0..clients)
        .map(|i| {
            keys.iter()
                .skip(i)
                .step_by(clients.max(1))
                .cloned()
                .collect()
        })
        .collect();
    let decided = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut handles = Vec::new();
    for share in shares {
        let remote = connect(ctx, dir)?;
        let (decided, latencies) = (decided.clone(), latencies.clone());
        handles.push(std::thread::spawn(move || {
            let mut mine = Vec::new();
            'keys: for key in share {
                let Ok(d) = remote.ask::<CaseDetail>(Request::Detail { key: key.clone() }) else {
                    continue;
                };
                let mut rev = d.case.revision;
                loop {
                    if started.elapsed() >= span {
                        break 'keys;
                    }
                    let t = Instant::now();
                    match remote.ask::<Case>(Request::Approve {
                        key: key.clone(),
                        revision: rev,
                    }) {
                        Ok(c) => {
                            mine.push(t.elapsed());
                            decided.fetch_add(1, Ordering::Relaxed);
                            rev = c.revision;
                        }
                        Err(_) => break,
                    }
                }
            }
            if let Ok(mut l) = latencies.lock() {
                l.extend(mine);
            }
        }));
    }
    for h in handles {
        let _ = h.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let n = decided.load(Ordering::Relaxed);
    let lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    println!(
        "decisions, {clients} clients approving at full speed for {:.1} s: {n} decisions, {:.0}/s (each flushed to disk); per decision {}",
        elapsed,
        n as f64 / elapsed,
        summary(lat)
    );
    under_load(ctx, dir, clients, span, &keys)
}

/// 20 clients at 50 requests a second each; meanwhile a probe measures round
/// trips and how soon a change reaches another client.
fn under_load(
    ctx: &Context,
    dir: &std::path::Path,
    clients: usize,
    span: Duration,
    keys: &[CaseKey],
) -> Result<(), Failure> {
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for i in 0..clients {
        let remote = connect(ctx, dir)?;
        let _events = remote.events();
        let (stop, sent) = (stop.clone(), sent.clone());
        let keys: Vec<CaseKey> = keys
            .iter()
            .skip(i)
            .step_by(clients.max(1))
            .take(50)
            .cloned()
            .collect();
        handles.push(std::thread::spawn(move || {
            let mut q = PageQuery::new(Queue::ALL[i % 4]);
            q.limit = 40;
            let mut n = 0usize;
            let tick = Duration::from_millis(20);
            let mut next = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                let _ = match n % 3 {
                    0 => remote
                        .ask::<Page>(Request::Page { query: q.clone() })
                        .map(|_| ()),
                    1 => remote.ask::<Vec<QueueCounts>>(Request::Counts).map(|_| ()),
                    _ => match keys.get(n % keys.len().max(1)) {
                        Some(k) => remote
                            .ask::<CaseDetail>(Request::Detail { key: k.clone() })
                            .map(|_| ()),
                        None => Ok::<(), DeskError>(()),
                    },
                };
                sent.fetch_add(1, Ordering::Relaxed);
                n += 1;
                next += tick;
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        }));
    }
    let probe = connect(ctx, dir)?;
    let watcher = connect(ctx, dir)?;
    let events = watcher.events();
    let started = Instant::now();
    let mut round = Vec::new();
    let mut visible = Vec::new();
    let mut i = 0usize;
    while started.elapsed() < span {
        let t = Instant::now();
        probe.ask::<Option<CaseKey>>(Request::Undoable)?;
        round.push(t.elapsed());
        if i % 10 == 0 {
            if let Some(key) = keys.get(i / 10 % keys.len().max(1)) {
                while events.try_recv().is_ok() {}
                let t = Instant::now();
                probe.ask::<Case>(Request::Annotate {
                    key: key.clone(),
                    text: "ベンチマーク".into(),
                })?;
                let deadline = t + Duration::from_secs(2);
                while let Ok(ev) =
                    events.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    if matches!(&ev, Event::Changed { key: k, .. } if k == key) {
                        visible.push(t.elapsed());
                        break;
                    }
                }
            }
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    let load = sent.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    println!("under load ({clients} clients at 50 requests/s each, {load:.0} requests/s in all):");
    println!("  round trip, small request: {}", summary(round));
    println!(
        "  a change (a note, flushed) seen by another client, from the request: {}",
        summary(visible)
    );
    println!("targets: round trip p99 ≤ 2 ms; a change visible elsewhere ≤ 200 ms");
    beside_check(ctx, dir, keys)
}

/// Decisions while `check` runs (three passes, back to back): how long the
/// slowest waited. `check` reads beside the changes; the target is 100 ms.
fn beside_check(ctx: &Context, dir: &std::path::Path, keys: &[CaseKey]) -> Result<(), Failure> {
    let checker = connect(ctx, dir)?;
    let decider = connect(ctx, dir)?;
    let done = Arc::new(AtomicBool::new(false));
    let check = {
        let done = done.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut faults = 0;
            for _ in 0..3 {
                match checker.ask::<crate::desk::CheckSummary>(Request::Check) {
                    Ok(c) => faults += c.faults.len(),
                    Err(_) => faults += 1,
                }
            }
            done.store(true, Ordering::Relaxed);
            (started.elapsed(), faults)
        })
    };
    let mut times = Vec::new();
    let mut i = 0usize;
    while !done.load(Ordering::Relaxed) && !keys.is_empty() {
        let key = keys[i % keys.len()].clone();
        i += 1;
        let t = Instant::now();
        let decided = decider
            .ask::<CaseDetail>(Request::Detail { key: key.clone() })
            .and_then(|d| {
                decider.ask::<Case>(Request::Approve {
                    key: key.clone(),
                    revision: d.case.revision,
                })
            });
        if decided.is_err() {
            // Closed already: a note is a change through the same path.
            decider.ask::<Case>(Request::Annotate {
                key,
                text: "ベンチマーク".into(),
            })?;
        }
        times.push(t.elapsed());
    }
    let (took, faults) = check
        .join()
        .map_err(|_| Failure::runtime("the check thread panicked"))?;
    println!(
        "decisions while check ran (3 passes, {:.1} s, {faults} fault(s)): {}",
        took.as_secs_f64(),
        summary(times)
    );
    println!("target: no decision waits more than 100 ms behind check");
    Ok(())
}
