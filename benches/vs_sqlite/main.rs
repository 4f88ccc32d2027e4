//! `cargo bench --bench vs_sqlite [-- --cases N] [--keep DIR]`: the store's
//! figures beside SQLite's on the same data, in one run.
//!
//! The data set is the demo store the real binary builds (`secretariat demo`);
//! every record of it is then copied into SQLite (WAL, `synchronous=FULL`, an
//! index per list order, FTS5 over the same search words). Figures are
//! printed, never asserted.

mod sqlite;

use secretariat::desk::{
    BulkAction, CaseKey, Desk, DeskError, DeskSettings, ImportOptions, PageQuery,
};
use secretariat::domain::{Queue, State, Subject};
use secretariat::store::due_days;
use sqlite::Res;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_secretariat");

struct Row {
    figure: String,
    ours: String,
    peer: String,
    ratio: Option<f64>,
}

#[derive(Default)]
struct Table(Vec<Row>);

impl Table {
    fn ms(&mut self, figure: &str, ours: Duration, peer: Duration) {
        self.add(
            figure,
            format!("{:.2} ms", ms(ours)),
            format!("{:.2} ms", ms(peer)),
            Some(ms(ours) / ms(peer).max(1e-9)),
        );
    }
    fn add(&mut self, figure: &str, ours: String, peer: String, ratio: Option<f64>) {
        println!("  {figure}: {ours} | {peer}");
        self.0.push(Row {
            figure: figure.into(),
            ours,
            peer,
            ratio,
        });
    }
    fn print(&self) {
        println!();
        println!("| figure | secretariat | SQLite | ratio |");
        println!("|---|---|---|---|");
        for r in &self.0 {
            let ratio = r.ratio.map(|x| format!("{x:.2}×")).unwrap_or_default();
            println!("| {} | {} | {} | {} |", r.figure, r.ours, r.peer, ratio);
        }
    }
}

use secretariat::cli::bench::{dir_size, ms, percentile as pct};

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / 1024.0 / 1024.0)
}

/// Runs a child to its end through `--measure` (a fresh, small process that
/// spawns it and waits for it: a child forked straight from this big process
/// would report this process's peak RSS as its own); its wall time, peak RSS
/// (KiB, from wait4) and whether it succeeded.
fn timed_child(cmd: &mut Command) -> Res<(Duration, i64, bool)> {
    let mut m = Command::new(std::env::current_exe()?);
    m.arg("--measure")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            m.env(k, v);
        }
    }
    let out = m.stderr(Stdio::null()).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = text.split_whitespace();
    let (Some(ns), Some(rss), Some(ok)) = (f.next(), f.next(), f.next()) else {
        return Err(format!("--measure printed {text:?}").into());
    };
    Ok((Duration::from_nanos(ns.parse()?), rss.parse()?, ok == "ok"))
}

/// The `--measure PROG ARGS…` process: spawns PROG, waits for it with wait4,
/// prints `NANOS MAXRSS_KIB ok|failed`.
fn measure(prog: &str, args: &[String]) -> Res<()> {
    let t = Instant::now();
    let child = Command::new(prog)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = t.elapsed();
    if r != pid {
        return Err(std::io::Error::last_os_error().into());
    }
    std::mem::forget(child);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    println!(
        "{} {} {}",
        took.as_nanos(),
        usage.ru_maxrss,
        if ok { "ok" } else { "failed" }
    );
    Ok(())
}

fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

/// Opens our store; timed from the attempt that succeeds. sled's flusher
/// thread can hold the store's file lock a moment after the previous `Desk`
/// of this process was dropped, so a refused open is retried.
fn open_ours(dir: &Path, user: &str) -> Res<(Desk, Instant)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let t = Instant::now();
        // The store the binary made is under the owner's audit key.
        let settings = DeskSettings {
            audit_key: secretariat::audit_key::owner_key(None)?,
            ..DeskSettings::default()
        };
        match Desk::open(dir, user, settings) {
            Ok(d) => return Ok((d, t)),
            Err(DeskError::Store(e)) if e.is_locked() && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn ours_cmd(dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--data-dir").arg(dir).env("LANG", "C.UTF-8");
    c
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--sqlite-lookup") {
        // The peer's fresh process: open the database, look one number up.
        let ok = args.len() == 4
            && sqlite::open(Path::new(&args[2]))
                .and_then(|c| sqlite::lookup(&c, &args[3]))
                .is_ok();
        std::process::exit(if ok { 0 } else { 1 });
    }
    if args.get(1).map(String::as_str) == Some("--measure") && args.len() >= 3 {
        if let Err(e) = measure(&args[2], &args[3..]) {
            eprintln!("vs_sqlite --measure: {e}");
            std::process::exit(1);
        }
        return;
    }
    let mut cases = 1_000_000usize;
    let mut keep: Option<PathBuf> = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--cases" => cases = it.next().and_then(|n| n.parse().ok()).unwrap_or(cases),
            "--keep" => keep = it.next().map(PathBuf::from),
            _ => {}
        }
    }
    if let Err(e) = run(cases, keep) {
        eprintln!("vs_sqlite: {e}");
        std::process::exit(1);
    }
}

fn run(cases: usize, keep: Option<PathBuf>) -> Res<()> {
    let tmp = tempfile::tempdir()?;
    let base = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&base)?;
    let ours_dir = base.join("ours");
    let db = base.join("peer.db");
    let _ = std::fs::remove_dir_all(&ours_dir);
    let _ = std::fs::remove_file(&db);
    let _ = std::fs::remove_file(db.with_extension("db-wal"));
    let user = secretariat::cli::os_user();
    let today = secretariat::clock::Clock::as_of(None).today();
    let now = secretariat::clock::Clock::as_of(None).now();
    println!(
        "vs_sqlite: {cases} cases (demo data set), in {}",
        base.display()
    );

    let t = Instant::now();
    let built = ours_cmd(&ours_dir)
        .args(["demo", "--cases", &cases.to_string(), "--no-tui"])
        .stdout(Stdio::null())
        .status()?;
    if !built.success() {
        return Err("secretariat demo failed".into());
    }
    println!(
        "  built the demo store in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let copied = {
        let (desk, _) = open_ours(&ours_dir, &user)?;
        let mut conn = sqlite::open(&db)?;
        sqlite::load_from(desk.store(), &mut conn)?
    };
    println!(
        "  copied {copied} cases (and people, loans, facilities, audit, outbox) into SQLite in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut table = Table::default();
    let today_days = due_days(Some(today));

    // Open and count, each store closed in between.
    let mut ours_open = Vec::new();
    let mut peer_open = Vec::new();
    for _ in 0..3 {
        let (d, t) = open_ours(&ours_dir, &user)?;
        std::hint::black_box(d.counts(today)?);
        ours_open.push(t.elapsed());
        drop(d);
        let t = Instant::now();
        let c = sqlite::open(&db)?;
        std::hint::black_box(sqlite::counts(&c, today_days)?);
        peer_open.push(t.elapsed());
    }
    table.ms(
        "open store + count queues, in process (first of 3)",
        ours_open[0],
        peer_open[0],
    );
    ours_open.sort();
    peer_open.sort();
    table.ms(
        "open store + count queues, in process (best of 3)",
        ours_open[0],
        peer_open[0],
    );

    let (desk, _) = open_ours(&ours_dir, &user)?;
    let actor = desk.actor(&user)?;
    let mut conn = sqlite::open(&db)?;

    // Lookup in process.
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
    let (mut ours_l, mut peer_l) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        for r in &regnos {
            let t = Instant::now();
            std::hint::black_box(desk.lookup(r, today)?);
            ours_l.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(sqlite::lookup(&conn, r)?);
            peer_l.push(t.elapsed());
        }
    }
    ours_l.sort();
    peer_l.sort();
    let us = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
    for (name, p) in [("p50", 0.5), ("p99", 0.99)] {
        table.add(
            &format!("lookup in process, {name} ({} lookups)", ours_l.len()),
            us(pct(&ours_l, p)),
            us(pct(&peer_l, p)),
            Some(pct(&ours_l, p).as_secs_f64() / pct(&peer_l, p).as_secs_f64().max(1e-9)),
        );
    }

    // First pages: the worst queue, best of 5 runs each.
    let variants: [(&str, &str); 3] = [
        ("first page, unfiltered", ""),
        ("first page, filter `高橋`", "高橋"),
        ("first page, filter `髙橋 や`", "髙橋 や"),
    ];
    for (figure, text) in variants {
        let words: Vec<String> = text
            .split_whitespace()
            .map(secretariat::text::normalize_for_search)
            .collect();
        let (mut worst_ours, mut worst_peer) = (Duration::ZERO, Duration::ZERO);
        for q in Queue::ALL {
            let mut pq = PageQuery::new(q);
            pq.text = text.into();
            let (mut bo, mut bp) = (Duration::MAX, Duration::MAX);
            for _ in 0..5 {
                let t = Instant::now();
                std::hint::black_box(desk.page(&pq, today)?);
                bo = bo.min(t.elapsed());
                let t = Instant::now();
                std::hint::black_box(sqlite::page(&conn, q, &words)?);
                bp = bp.min(t.elapsed());
            }
            worst_ours = worst_ours.max(bo);
            worst_peer = worst_peer.max(bp);
        }
        table.ms(&format!("{figure} (slowest queue)"), worst_ours, worst_peer);
    }

    // A field term on the facility (issue 24: every filter from the tags).
    let mut pq = PageQuery::new(Queue::FacilityReport);
    pq.text = "priority".into();
    let (mut bo, mut bp) = (Duration::MAX, Duration::MAX);
    let (mut ours_n, mut peer_n) = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        ours_n = std::hint::black_box(desk.page(&pq, today)?).total;
        bo = bo.min(t.elapsed());
        let t = Instant::now();
        peer_n = std::hint::black_box(sqlite::priority_page(&conn)?).1;
        bp = bp.min(t.elapsed());
    }
    table.ms(
        &format!("first page, filter `priority` (facility reports; {ours_n} / {peer_n} match)"),
        bo,
        bp,
    );

    // One durable decision, on the same cases in each store.
    let mut pq = PageQuery::new(Queue::Transfer);
    pq.limit = 20;
    let rows = desk.page(&pq, today)?.rows;
    let (mut ours_d, mut peer_d) = (Vec::new(), Vec::new());
    for r in &rows {
        let id = desk.store().case_id(r.key.queue, &r.key.reference)?;
        let t = Instant::now();
        let decided = desk.approve(&actor, &r.key, r.revision, now);
        ours_d.push(t.elapsed());
        let state = match decided {
            Ok(c) => c.state,
            Err(_) => State::ALL[0],
        };
        if let Some(id) = id {
            let t = Instant::now();
            sqlite::decide(&mut conn, &[id], state, &user)?;
            peer_d.push(t.elapsed());
        }
    }
    ours_d.sort();
    peer_d.sort();
    table.ms(
        "one durable decision, p50",
        pct(&ours_d, 0.5),
        pct(&peer_d, 0.5),
    );

    // 10,000 in bulk, in the same durable chunks.
    let mut pq = PageQuery::new(Queue::Withdrawal);
    pq.limit = 10_000;
    pq.offset = 100;
    let keys: Vec<CaseKey> = desk
        .page(&pq, today)?
        .rows
        .into_iter()
        .map(|r| r.key)
        .collect();
    let mut ids = Vec::new();
    for k in &keys {
        if let Some(id) = desk.store().case_id(k.queue, &k.reference)? {
            ids.push(id);
        }
    }
    let t = Instant::now();
    let report = desk.bulk(
        &actor,
        &keys,
        &BulkAction::Return {
            reason: "一括差し戻し（ベンチマーク）".into(),
        },
        now,
        &mut |_, _| {},
    )?;
    let ours_bulk = t.elapsed();
    let returned = keys
        .first()
        .and_then(|k| desk.store().case_id(k.queue, &k.reference).ok().flatten())
        .and_then(|id| desk.store().case(id).ok().flatten())
        .map(|c| c.state)
        .unwrap_or(State::ALL[0]);
    let t = Instant::now();
    let mut peer_done = 0;
    for chunk in ids.chunks(256) {
        peer_done += sqlite::decide(&mut conn, chunk, returned, &user)?;
    }
    let peer_bulk = t.elapsed();
    table.add(
        &format!("bulk return of {} cases, durable chunks of 256", keys.len()),
        format!("{:.2} s ({} done)", ours_bulk.as_secs_f64(), report.done),
        format!("{:.2} s ({peer_done} done)", peer_bulk.as_secs_f64()),
        Some(ours_bulk.as_secs_f64() / peer_bulk.as_secs_f64().max(1e-9)),
    );
    let (keys, cases_n) = (desk.store().key_count()?, desk.store().case_count()?);
    println!(
        "  sled keys: {keys} for {cases_n} cases ({:.2} a case)",
        keys as f64 / cases_n.max(1) as f64
    );
    drop(desk);
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    let (os, ps) = (dir_size(&ours_dir), sqlite::size(&db));
    table.add(
        "store on disk",
        mib(os),
        mib(ps),
        Some(os as f64 / ps.max(1) as f64),
    );

    fresh_processes(&mut table, &ours_dir, &db, &regnos)?;
    import(&mut table, &base, &user, now)?;
    table.print();
    Ok(())
}

/// Fresh-process lookups: ours through the running server, the peer opening
/// its database; wall time and peak RSS of each client process.
fn fresh_processes(table: &mut Table, ours_dir: &Path, db: &Path, regnos: &[String]) -> Res<()> {
    let mut server = ours_cmd(ours_dir)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let sample: Vec<&String> = regnos
        .iter()
        .step_by((regnos.len() / 30).max(1))
        .take(30)
        .collect();
    let Some(first) = sample.first() else {
        return Ok(());
    };
    let ready = Instant::now();
    loop {
        let (_, _, ok) =
            timed_child(ours_cmd(ours_dir).args(["lookup", first.as_str(), "--json"]))?;
        if ok {
            break;
        }
        if ready.elapsed() > Duration::from_secs(120) {
            let _ = server.kill();
            return Err("the server did not answer within 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let idle_rss = rss_kib(server.id());
    let me = std::env::current_exe()?;
    let (mut ours_t, mut peer_t) = (Vec::new(), Vec::new());
    let (mut ours_rss, mut peer_rss) = (0i64, 0i64);
    for r in &sample {
        let (t, rss, ok) = timed_child(ours_cmd(ours_dir).args(["lookup", r.as_str(), "--json"]))?;
        if !ok {
            return Err(format!("lookup {r} failed").into());
        }
        ours_t.push(t);
        ours_rss = ours_rss.max(rss);
        let (t, rss, ok) = timed_child(
            Command::new(&me)
                .arg("--sqlite-lookup")
                .arg(db)
                .arg(r.as_str()),
        )?;
        if !ok {
            return Err(format!("SQLite lookup {r} failed").into());
        }
        peer_t.push(t);
        peer_rss = peer_rss.max(rss);
    }
    let _ = ours_cmd(ours_dir)
        .arg("stop")
        .stdout(Stdio::null())
        .status();
    let _ = server.wait();
    ours_t.sort();
    peer_t.sort();
    table.ms(
        "fresh-process lookup, p50 (ours through the running server)",
        pct(&ours_t, 0.5),
        pct(&peer_t, 0.5),
    );
    table.ms(
        "fresh-process lookup, worst",
        *ours_t.last().unwrap_or(&Duration::ZERO),
        *peer_t.last().unwrap_or(&Duration::ZERO),
    );
    table.add(
        "peak RSS of a lookup process",
        format!("{:.1} MiB", ours_rss as f64 / 1024.0),
        format!("{:.1} MiB", peer_rss as f64 / 1024.0),
        Some(ours_rss as f64 / peer_rss.max(1) as f64),
    );
    if let Some(k) = idle_rss {
        table.add(
            "server RSS, open and idle",
            format!("{:.0} MiB", k as f64 / 1024.0),
            "(in process)".into(),
            None,
        );
    }
    Ok(())
}

/// Import into an empty store: the same JSONL file of people and withdrawals.
fn import(
    table: &mut Table,
    base: &Path,
    user: &str,
    now: secretariat::domain::Timestamp,
) -> Res<()> {
    let path = base.join("import.jsonl");
    secretariat::cli::bench::write_import_file(&path, 50_000)?;
    let dir = base.join("import-ours");
    let _ = std::fs::remove_dir_all(&dir);
    let desk = Desk::open(&dir, user, DeskSettings::default())?;
    let actor = desk.actor(user)?;
    let t = Instant::now();
    let r = desk.import(
        &actor,
        &[path.as_path()],
        &ImportOptions::default(),
        now,
        &mut |_, _| {},
    )?;
    let ours = t.elapsed();
    let rows: usize = r.iter().map(|f| f.rows).sum();
    drop(desk);
    let peer_db = base.join("import-peer.db");
    let _ = std::fs::remove_file(&peer_db);
    let mut conn = sqlite::open(&peer_db)?;
    let t = Instant::now();
    let peer_rows = sqlite::import(&mut conn, &path)?;
    let peer = t.elapsed();
    let rate = |rows: usize, d: Duration| rows as f64 / d.as_secs_f64().max(1e-9);
    table.add(
        &format!("import into an empty store ({rows} JSONL rows)"),
        format!("{:.0} rows/s", rate(rows, ours)),
        format!("{:.0} rows/s", rate(peer_rows, peer)),
        Some(rate(rows, ours) / rate(peer_rows, peer)),
    );
    Ok(())
}
