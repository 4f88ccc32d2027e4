//! `secretariat bench-server --soak-secs N`: a server that must run for
//! months, in minutes. First 50,000 connections opened and closed one after
//! another; then `--clients` clients that connect, work a little and leave
//! again for N seconds, beside one that sends what the server bounds (a
//! half-sent frame, a bomb of views, uploads of help desk). The server runs
//! in this process, so its RSS, threads, descriptors and memory maps are read
//! from `/proc/self`; the end figures are read after every client left.

use super::bench::{ms, percentile};
use super::{Context, Failure};
use crate::desk::{Ask, CaseDetail, CaseKey, DeskClient, Page, PageQuery, QueueCounts, Request};
use crate::domain::Queue;
use crate::domain::view::View;
use crate::server::protocol::{self, ClientMessage, Hello, HelloAnswer};
use crate::server::{RemoteDesk, ServeOptions, Server};
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the process holds, from `/proc/self`.
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    rss_kib: u64,
    threads: u64,
    fds: usize,
    maps: usize,
}

fn held() -> Held {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Held {
        rss_kib: field("VmRSS:"),
        threads: field("Threads:"),
        fds: std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count()),
        maps: std::fs::read_to_string("/proc/self/maps").map_or(0, |m| m.lines().count()),
    }
}

fn show(when: &str, h: Held) {
    println!(
        "  {when}: RSS {:.1} MiB, {} threads, {} descriptors, {} memory maps",
        h.rss_kib as f64 / 1024.0,
        h.threads,
        h.fds,
        h.maps
    );
}

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::runtime(e.to_string())
}

pub fn run(
    ctx: &Context,
    cases: usize,
    clients: usize,
    soak: Duration,
    churn: usize,
) -> Result<(), Failure> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("store");
    let bench_ctx = ctx.for_dir(dir.clone());
    println!(
        "secretariat bench-server soak: {cases} cases, {churn} connections one after another, then {clients} clients churning for {} s; store in {}",
        soak.as_secs(),
        dir.display()
    );
    let desk = super::commands::demo(&bench_ctx, cases, 7)?;
    let mut opts = ServeOptions::new(&dir, ctx.clock);
    opts.max_per_user = opts.max_per_user.max(clients + 16);
    let server = Server::bind(desk, opts).map_err(failed)?;
    let stopper = server.stopper();
    let serving = server.spawn()?;
    let result = soak_on(&dir, clients, soak, churn);
    stopper.stop(crate::desk::trouble::Stopping::BenchmarkOver);
    let _ = serving.join();
    result
}

fn soak_on(dir: &Path, clients: usize, soak: Duration, churn: usize) -> Result<(), Failure> {
    let probe = RemoteDesk::connect(dir, None).map_err(failed)?;
    let keys: Vec<CaseKey> = {
        let mut q = PageQuery::new(Queue::Withdrawal);
        q.limit = 200;
        let page: Page = probe.ask(Request::Page { query: q })?;
        page.rows.into_iter().map(|r| r.key).collect()
    };
    let start = held();
    println!("the server, serving:");
    show("at start", start);

    let t = Instant::now();
    for _ in 0..churn {
        let mut s = UnixStream::connect(crate::server::socket_path(dir)).map_err(failed)?;
        protocol::write_frame(&mut s, &Hello::current(None, None)).map_err(failed)?;
        let _: HelloAnswer = protocol::read_frame(&mut s).map_err(failed)?;
    }
    let took = t.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    println!(
        "{churn} connections (hello, welcome, close) in {:.1} s, {:.0}/s:",
        took.as_secs_f64(),
        churn as f64 / took.as_secs_f64().max(1e-9)
    );
    show("after them", held());

    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicU64::new(0));
    let connections = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for i in 0..clients {
        let (stop, requests, connections, latencies) = (
            stop.clone(),
            requests.clone(),
            connections.clone(),
            latencies.clone(),
        );
        let keys = keys.clone();
        let dir = dir.to_path_buf();
        handles.push(std::thread::spawn(move || {
            let mut mine = Vec::new();
            let mut n = i;
            while !stop.load(Ordering::Relaxed) {
                let Ok(remote) = RemoteDesk::connect(&dir, None) else {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                };
                connections.fetch_add(1, Ordering::Relaxed);
                // A few requests, then away: a screen opened and closed.
                for _ in 0..20 {
                    let t = Instant::now();
                    let _ = match n % 3 {
                        0 => remote.ask::<Vec<QueueCounts>>(Request::Counts).map(|_| ()),
                        1 => {
                            let mut q = PageQuery::new(Queue::ALL[n % 4]);
                            q.limit = 40;
                            remote.ask::<Page>(Request::Page { query: q }).map(|_| ())
                        }
                        _ => match keys.get(n % keys.len().max(1)) {
                            Some(k) => remote
                                .ask::<CaseDetail>(Request::Detail { key: k.clone() })
                                .map(|_| ()),
                            None => Ok(()),
                        },
                    };
                    mine.push(t.elapsed());
                    requests.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            if let Ok(mut l) = latencies.lock() {
                l.extend(mine);
            }
        }));
    }
    let abuse = {
        let (stop, dir) = (stop.clone(), dir.to_path_buf());
        std::thread::spawn(move || abuse(&dir, &stop))
    };
    let started = Instant::now();
    let mut next_report = Duration::from_secs(60);
    while started.elapsed() < soak {
        std::thread::sleep(Duration::from_millis(200));
        if started.elapsed() >= next_report {
            show(
                &format!(
                    "after {} s ({} connections, {} requests)",
                    next_report.as_secs(),
                    connections.load(Ordering::Relaxed),
                    requests.load(Ordering::Relaxed)
                ),
                held(),
            );
            next_report += Duration::from_secs(60);
        }
    }
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    let bombs = abuse
        .join()
        .map_err(|_| Failure::runtime("the abusing client panicked"))?;
    // The last client threads end and are joined on the server's next tick.
    std::thread::sleep(Duration::from_secs(1));
    let mut lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    lat.sort();
    let end = held();
    println!(
        "soak: {:.0} s, {} connections, {} requests; request p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        started.elapsed().as_secs_f64(),
        connections.load(Ordering::Relaxed),
        requests.load(Ordering::Relaxed),
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or_default())
    );
    println!("{bombs}");
    println!("the server, after every client left:");
    show("at start", start);
    show("at end", end);
    flood_and_bombs(dir, &probe)?;
    drop(probe);
    Ok(())
}

/// A flood of connections held at once, then requests as large as a frame
/// holds: how soon each is refused, and how a small request fares meanwhile.
fn flood_and_bombs(dir: &Path, probe: &RemoteDesk) -> Result<(), Failure> {
    let sock = crate::server::socket_path(dir);
    let mut held_open = Vec::new();
    let (mut welcomed, mut refused) = (0, 0);
    let mut refusals = Vec::new();
    let t = Instant::now();
    for _ in 0..2_000 {
        let Ok(mut s) = UnixStream::connect(&sock) else {
            continue;
        };
        let asked = Instant::now();
        if protocol::write_frame(&mut s, &Hello::current(None, None)).is_err() {
            refused += 1;
            continue;
        }
        match protocol::read_frame::<HelloAnswer>(&mut s) {
            Ok(HelloAnswer::Welcome { .. }) => welcomed += 1,
            _ => {
                refused += 1;
                refusals.push(asked.elapsed());
            }
        }
        held_open.push(s);
    }
    let flood = t.elapsed();
    let mut round = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        probe.ask::<Option<CaseKey>>(Request::Undoable)?;
        round.push(t.elapsed());
    }
    drop(held_open);
    refusals.sort();
    round.sort();
    println!(
        "flood: 2,000 connections of one user held at once in {:.2} s: {welcomed} welcomed, {refused} refused (max_connections_per_user), each refusal in p50 {:.3} ms, max {:.3} ms; meanwhile a small request p50 {:.3} ms, max {:.3} ms",
        flood.as_secs_f64(),
        ms(percentile(&refusals, 0.5)),
        ms(refusals.last().copied().unwrap_or_default()),
        ms(percentile(&round, 0.5)),
        ms(round.last().copied().unwrap_or_default())
    );
    let views = overdue_views(150_000);
    let bombs = [
        (
            "view_counts of 150,000 views",
            Request::ViewCounts {
                views,
                shown: Queue::Withdrawal,
            },
        ),
        (
            "a backlog filter of 4,000,000 characters",
            Request::Backlog {
                filter: Some("overdue ".repeat(500_000)),
            },
        ),
        (
            "a bulk decision of 200,000 keys",
            Request::Bulk {
                keys: vec![CaseKey::new(Queue::Withdrawal, "W-1"); 200_000],
                action: crate::desk::BulkAction::Approve,
            },
        ),
    ];
    for (what, request) in bombs {
        let t = Instant::now();
        let answer = probe.call(request, &mut |_, _| {});
        let took = t.elapsed();
        let said = match answer {
            Ok(_) => "answered".to_string(),
            Err(e) => e.to_string(),
        };
        println!(
            "bomb: {what}: {:.1} ms to the answer (sending included): {said}",
            ms(took)
        );
    }
    Ok(())
}

/// `n` saved views of the overdue cases of one queue: a request that asks
/// for all their counts is one the server bounds.
fn overdue_views(n: usize) -> Vec<View> {
    (0..n)
        .map(|i| View {
            name: format!("v{i}"),
            name_en: None,
            queue: Some(Queue::Withdrawal),
            query: "overdue".into(),
            sort: None,
        })
        .collect()
}

/// A client that sends what the server bounds, over and over, until stopped;
/// says how quickly each was refused.
fn abuse(dir: &Path, stop: &AtomicBool) -> String {
    let mut bomb_times = Vec::new();
    let mut halves = 0u64;
    let views = overdue_views(20_000);
    let bomb = Request::ViewCounts {
        views,
        shown: Queue::Withdrawal,
    };
    let sock = crate::server::socket_path(dir);
    while !stop.load(Ordering::Relaxed) {
        // A frame that declares 16 MiB, sends 1 MiB, and goes away.
        if let Ok(mut s) = UnixStream::connect(&sock) {
            let _ = protocol::write_frame(&mut s, &Hello::current(None, None));
            let _ = protocol::read_frame::<HelloAnswer>(&mut s);
            let _ = s.write_all(&(protocol::MAX_FRAME as u32).to_be_bytes());
            let _ = s.write_all(&vec![b' '; 1 << 20]);
            halves += 1;
        }
        // Uploads for files that are never imported, then gone.
        if let Ok(mut s) = UnixStream::connect(&sock) {
            let _ = protocol::write_frame(&mut s, &Hello::current(None, None));
            let _ = protocol::read_frame::<HelloAnswer>(&mut s);
            for upload in 0..100 {
                let data = protocol::base64_encode(b"{}\n");
                let _ = protocol::write_frame(&mut s, &ClientMessage::Upload { upload, data });
            }
        }
        if let Ok(r) = RemoteDesk::connect(dir, None) {
            let t = Instant::now();
            if r.call(bomb.clone(), &mut |_, _| {}).is_err() {
                bomb_times.push(t.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    bomb_times.sort();
    format!(
        "beside them: {halves} half-sent 16 MiB frames, {} × 100 uploads never imported, {} view_counts of 20,000 views refused in p50 {:.1} ms, max {:.1} ms",
        halves,
        bomb_times.len(),
        ms(percentile(&bomb_times, 0.5)),
        ms(bomb_times.last().copied().unwrap_or_default())
    )
}
