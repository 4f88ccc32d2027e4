//! `secretariat bench`: the store's figures on a large demo store. Figures are
//! printed, never asserted: speed is measured, not promised by a test.

use super::{Context, Failure};
use crate::desk::{BulkAction, CaseKey, Desk, ImportOptions, PageQuery};
use crate::domain::{Queue, Subject};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p` quantile of sorted durations (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Peak resident set size of this process, from /proc (Linux), in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

pub fn run(
    ctx: &Context,
    cases: usize,
    keep: Option<PathBuf>,
    reuse: Option<PathBuf>,
) -> Result<(), Failure> {
    let tmp = tempfile::tempdir()?;
    let dir = reuse
        .clone()
        .or(keep)
        .unwrap_or_else(|| tmp.path().join("store"));
    let bench_ctx = ctx.for_dir(dir.clone());
    let today = ctx.clock.today();
    let counted = |desk: &Desk| -> Result<u64, Failure> {
        Ok(desk
            .counts(today)?
            .iter()
            .map(|c| c.by_state.iter().map(|(_, n)| n).sum::<u64>())
            .sum())
    };
    let desk = if reuse.is_some() {
        let t = Instant::now();
        let desk = bench_ctx.desk()?;
        let total = counted(&desk)?;
        println!(
            "secretariat bench: existing store {} with {total} cases, opened and counted in {:.1} ms",
            dir.display(),
            ms(t.elapsed())
        );
        desk
    } else {
        println!(
            "secretariat bench: {cases} cases, store in {}",
            dir.display()
        );
        let t = Instant::now();
        let desk = super::commands::demo(&bench_ctx, cases, 7)?;
        let demo_time = t.elapsed();
        let total = counted(&desk)?;
        println!(
            "demo store built: {total} cases in {:.1} s ({:.0} cases/s through the import write path, with follow-ups and demo decisions)",
            demo_time.as_secs_f64(),
            total as f64 / demo_time.as_secs_f64()
        );
        let actor = desk.actor(&bench_ctx.os_user)?;
        import_figure(&desk, &actor, tmp.path(), ctx)?;
        desk
    };
    let actor = desk.actor(&bench_ctx.os_user)?;

    // Lookup by registration number.
    let mut regnos = Vec::new();
    for q in [Queue::Withdrawal, Queue::Transfer] {
        let mut pq = PageQuery::new(q);
        pq.limit = 500;
        for r in desk.page(&pq, today)?.rows {
            if let Subject::Person(p) = r.subject {
                regnos.push(p.to_string());
            }
        }
    }
    let mut times = Vec::new();
    for _ in 0..3 {
        for r in &regnos {
            let t = Instant::now();
            let l = desk.lookup(r, today)?;
            times.push(t.elapsed());
            std::hint::black_box(l);
        }
    }
    times.sort();
    println!(
        "lookup by registration number: p50 {:.1} µs, p99 {:.1} µs ({} lookups, each with cases, loans, duplicates and flags)",
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.len()
    );

    // First page of each queue.
    for q in Queue::ALL {
        let mut pq = PageQuery::new(q);
        let page_time = |pq: &PageQuery| -> Result<(Duration, u64), Failure> {
            let mut best = Duration::MAX;
            let mut total = 0;
            for _ in 0..5 {
                let t = Instant::now();
                let p = desk.page(pq, today)?;
                best = best.min(t.elapsed());
                total = p.total;
            }
            Ok((best, total))
        };
        let (unfiltered, n) = page_time(&pq)?;
        pq.text = "高橋".into();
        let (filtered, m) = page_time(&pq)?;
        pq.text = "髙橋 や".into();
        let (filtered2, m2) = page_time(&pq)?;
        println!(
            "first page of {:<15} unfiltered {:>7.2} ms ({n} open) | filter \"高橋\" {:>7.2} ms ({m} matches) | filter \"髙橋 や\" {:>7.2} ms ({m2})",
            q.id(),
            ms(unfiltered),
            ms(filtered),
            ms(filtered2)
        );
    }

    super::bench_supervisor::run(&desk, &actor, today)?;

    // One durable decision, then 10,000 in bulk.
    let mut pq = PageQuery::new(Queue::Transfer);
    pq.limit = 30;
    let rows = desk.page(&pq, today)?.rows;
    let mut times = Vec::new();
    for r in rows.iter().take(20) {
        let t = Instant::now();
        desk.approve(&actor, &r.key, r.revision, ctx.clock.now())?;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "one durable decision (approve, flushed): p50 {:.2} ms, max {:.2} ms",
        ms(percentile(&times, 0.5)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );

    enquiry_figure(&desk, &actor, &regnos, ctx)?;

    let mut keys: Vec<CaseKey> = Vec::new();
    let mut pq = PageQuery::new(Queue::Withdrawal);
    pq.limit = 10_000;
    pq.offset = 100;
    keys.extend(desk.page(&pq, today)?.rows.into_iter().map(|r| r.key));
    let t = Instant::now();
    let report = desk.bulk(
        &actor,
        &keys,
        &BulkAction::Return {
            reason: "一括差し戻し（ベンチマーク）".into(),
        },
        ctx.clock.now(),
        &mut |_, _| {},
    )?;
    println!(
        "bulk return of {} cases: {:.2} s ({} done, {} refused)",
        keys.len(),
        t.elapsed().as_secs_f64(),
        report.done,
        report.refused.len()
    );

    let size = dir_size(&dir);
    drop(desk);
    let mut opens = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let d = Desk::open(&dir, &bench_ctx.os_user, bench_ctx.settings()?)?;
        let _ = d.counts(today)?;
        opens.push(t.elapsed());
        drop(d);
    }
    opens.sort();
    println!(
        "open store (and count the queues): {:.1} ms (best of 3), {:.1} ms (worst)",
        ms(opens[0]),
        ms(opens[2])
    );
    println!(
        "store size on disk: {:.0} MiB",
        size as f64 / 1024.0 / 1024.0
    );
    let scoped = Desk::open(&dir, &bench_ctx.os_user, bench_ctx.settings()?)?;
    super::bench_orgs::run(&scoped, today)?;
    drop(scoped);
    let intake = Desk::open(&dir, &bench_ctx.os_user, bench_ctx.settings()?)?;
    super::bench_intake::run(intake, &dir, ctx.clock)?;
    let desk = std::sync::Arc::new(Desk::open(&dir, &bench_ctx.os_user, bench_ctx.settings()?)?);
    let me = desk.actor(&bench_ctx.os_user)?;
    super::bench_tui::run(desk.clone(), &me, ctx.clock.now(), &dir)?;
    drop(desk);
    if let Ok(exe) = std::env::current_exe() {
        match super::bench_tui::idle_cpu(&exe, &dir, today) {
            Some(s) => println!("TUI idle CPU over 10 s (real binary in tmux at 80x24): {s:.2} s"),
            None => println!("TUI idle CPU: not measured (needs tmux)"),
        }
    }
    match peak_rss_mib() {
        Some(r) => println!("peak RSS: {r:.0} MiB"),
        None => println!("peak RSS: unavailable on this platform"),
    }
    Ok(())
}

/// Writes the benchmark's import file: `n` people, each with a withdrawal.
pub fn write_import_file(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    for i in 0..n {
        let regno = 8_000_000 + i;
        writeln!(
            f,
            r#"{{"kind":"person","registration_number":"{regno}","name":"試験 太郎{i}","name_kana":"しけん たろう","birth_date":"1995-04-01"}}"#
        )?;
        writeln!(
            f,
            r#"{{"kind":"withdrawal","ref":"BENCH-{i}","received_at":"2026-11-01 09:00","registration_number":"{regno}","program":"ベンチ病院 内科","director":"院長 一郎","reason":"転居のため"}}"#
        )?;
    }
    f.flush()
}

/// Imports a JSONL file of 100,000 withdrawals (with their people) into the store.
fn import_figure(
    desk: &Desk,
    actor: &crate::desk::Actor,
    tmp: &std::path::Path,
    ctx: &Context,
) -> Result<(), Failure> {
    let path = tmp.join("bench-withdrawals.jsonl");
    write_import_file(&path, 50_000)?;
    let t = Instant::now();
    let r = desk.import(
        actor,
        &[path.as_path()],
        &ImportOptions::default(),
        ctx.clock.now(),
        &mut |_, _| {},
    )?;
    let rows: usize = r.iter().map(|f| f.rows).sum();
    let rejected: usize = r.iter().map(|f| f.rejected.len()).sum();
    println!(
        "import: {rows} JSONL rows in {:.2} s = {:.0} rows/s ({rejected} rejected; validated in full, then written in transactions of 2,000)",
        t.elapsed().as_secs_f64(),
        rows as f64 / t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One enquiry logged through the desk (validated, audited, flushed), 50
/// times on the people of the lookups; then the open list as help desk reads it.
fn enquiry_figure(
    desk: &Desk,
    actor: &crate::desk::Actor,
    regnos: &[String],
    ctx: &Context,
) -> Result<(), Failure> {
    use crate::desk::{EnquiryRequest, Request, Response, Session};
    use crate::domain::enquiry::Channel;
    let session = Session {
        actor: actor.clone(),
        now: ctx.clock.now(),
        today: ctx.clock.today(),
    };
    let mut times = Vec::new();
    for r in regnos.iter().take(50) {
        let request = Request::Enquiry(EnquiryRequest::LogEnquiry {
            registration_number: Some(r.clone()),
            channel: Channel::Phone,
            topic: "パスワード".into(),
            note: "パスワード再発行の手順を案内（ベンチマーク）".into(),
            case: None,
            resolved: false,
        });
        let t = Instant::now();
        let answer = desk.execute(&session, request, &mut |_, _| {})?;
        times.push(t.elapsed());
        std::hint::black_box(answer);
    }
    times.sort();
    let t = Instant::now();
    let list = desk.execute(
        &session,
        Request::Enquiry(EnquiryRequest::Enquiries {
            open_only: true,
            person: None,
            limit: 100,
        }),
        &mut |_, _| {},
    )?;
    let listed = t.elapsed();
    let open = match list {
        Response::Enquiries(l) => l.open,
        _ => 0,
    };
    println!(
        "one enquiry logged (desk request, audited, flushed): p50 {:.2} ms, max {:.2} ms ({} logged) | open list of {open}: {:.2} ms",
        ms(percentile(&times, 0.5)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
        times.len(),
        ms(listed)
    );
    Ok(())
}
