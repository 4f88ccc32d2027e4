//! One function per command.

use super::args::Command;
use super::{Context, Failure, Reach};
use crate::demo::Demo;
use crate::desk::{
    Actor, Ask, BulkAction, CaseKey, CheckSummary, Desk, FollowupReport, ImportOptions, Lookup,
    PageQuery, Request,
};
use crate::domain::{Queue, Role};
use crate::i18n::cli::{Said, Verdict, said};
use crate::store::RegistryWrite;
use crate::text::sanitize;
use std::io::Write;

pub fn dispatch(ctx: &Context, reach: &Reach, command: Option<Command>) -> Result<(), Failure> {
    match command {
        None => open_tui(ctx, reach, None),
        Some(Command::Demo {
            cases,
            seed,
            no_tui,
        }) => {
            let desk = demo(ctx, cases, seed)?;
            if no_tui {
                Ok(())
            } else {
                open_tui(ctx, reach, Some(desk))
            }
        }
        Some(Command::Import {
            files,
            dry_run,
            skip_invalid,
            kind,
        }) => import(
            ctx,
            reach,
            &files,
            ImportOptions {
                dry_run,
                skip_invalid,
                kind,
            },
        ),
        Some(Command::Export {
            what,
            queue,
            format,
            output,
            all,
            failed,
            excel,
            filter,
        }) => super::export::export(
            ctx,
            reach,
            what,
            queue,
            format,
            super::export::Output {
                path: output,
                excel,
            },
            all,
            failed,
            filter,
        ),
        Some(Command::Mail { action }) => super::mail::run(ctx, reach, action),
        Some(Command::Backlog { json, filter }) => {
            super::backlog::backlog(ctx, reach, json, filter)
        }
        Some(Command::Lookup { regno, json }) => lookup(ctx, reach, &regno.join(" "), json),
        Some(Command::Record {
            kind,
            fields,
            dry_run,
            json,
        }) => super::record::record(ctx, reach, &kind, &fields, dry_run, json),
        Some(Command::Link {
            duplicate,
            keep,
            dry_run,
            json,
        }) => super::record::link(ctx, reach, &duplicate, &keep, dry_run, json),
        Some(Command::Enquiries {
            open,
            person,
            limit,
            json,
        }) => super::enquiry::list(ctx, reach, open, person, limit, json),
        Some(Command::Enquiry { action }) => super::enquiry::run(ctx, reach, action),
        Some(Command::Document(args)) => super::document::document(ctx, reach, args),
        Some(Command::Followups) => {
            let r: FollowupReport = ctx.client(reach)?.ask(Request::GenerateFollowups)?;
            let s = Said::Followups {
                today: ctx.clock.today(),
                created: r.created,
                updated: r.updated,
                closed: r.closed,
                reopened: r.reopened,
            };
            say!("{}", said(ctx.lang, &s))?;
            Ok(())
        }
        Some(Command::Users { action }) => super::orgs::users(ctx, reach, action),
        Some(Command::Orgs { action }) => super::orgs::orgs(ctx, reach, action),
        Some(Command::Check { since_head }) => check(ctx, reach, since_head),
        Some(Command::Audit {
            action: super::args::AuditAction::Head,
        }) => {
            let head: crate::store::AuditHead = ctx.client(reach)?.ask(Request::AuditHead)?;
            say!("{head}")?;
            Ok(())
        }
        Some(Command::Backup { dest }) => {
            let store = ctx.client(reach)?.backup(&dest)?;
            say!(
                "{}",
                said(
                    ctx.lang,
                    &Said::BackedUp {
                        store: &store,
                        dest: &dest
                    }
                )
            )?;
            Ok(())
        }
        Some(Command::Bench { cases, keep, reuse }) => super::bench::run(ctx, cases, keep, reuse),
        Some(Command::Serve { idle_exit }) => super::serve::serve(ctx, reach, idle_exit),
        Some(Command::Stop) => super::serve::stop(ctx, reach),
        // Answered before a context is made (`cli::run`).
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        Some(Command::BenchServer {
            cases,
            clients,
            seconds,
            soak_secs: 0,
            ..
        }) => super::bench_server::run(ctx, cases, clients, seconds),
        Some(Command::BenchServer {
            cases,
            clients,
            soak_secs,
            churn,
            ..
        }) => super::bench_soak::run(
            ctx,
            cases,
            clients,
            std::time::Duration::from_secs(soak_secs),
            churn,
        ),
    }
}

/// Opens the TUI on the data dir's server (started in the background if none
/// runs), or, with `--embedded`, on the store directly.
fn open_tui(ctx: &Context, reach: &Reach, desk: Option<Desk>) -> Result<(), Failure> {
    let session = |actor| crate::tui::Session {
        actor,
        lang: ctx.lang,
        dates: ctx.config.display.date_style(),
        clock: ctx.clock,
        config: ctx.config.tui.clone(),
        views: ctx.config.views.clone(),
        store_label: ctx.data_dir.display().to_string(),
        documents: ctx.config.documents.clone(),
    };
    let failed = |e: anyhow::Error| match e.downcast_ref::<crate::tui::signals::Stopped>() {
        Some(stopped) => Failure::new(stopped.exit_code(), stopped.to_string()),
        None => Failure::runtime(format!("{e:#}")),
    };
    if reach.embedded {
        let desk = match desk {
            Some(d) => d,
            None => ctx.desk()?,
        };
        let actor = ctx.actor(&desk)?;
        let local = crate::desk::LocalDesk::new(std::sync::Arc::new(desk), &actor.name, ctx.clock)?;
        return crate::tui::run(std::sync::Arc::new(local), None, session(actor)).map_err(failed);
    }
    // From here a server owns the store; this process is one of its clients.
    drop(desk);
    let team = match &reach.socket {
        Some(_) => reach.remote(ctx)?,
        None => None,
    };
    let remote = match team {
        Some(r) => r,
        None => {
            // A screen keeps its background server a little after it quits,
            // so that opening it again is quick.
            let idle = ctx.config.server.idle_exit_secs.max(5);
            crate::server::connect_or_start(&ctx.data_dir, &reach.start_options(ctx, idle))
                .map_err(super::connect_failure)?
        }
    };
    let events = remote.events();
    let actor = remote.actor();
    crate::tui::run(std::sync::Arc::new(remote), Some(events), session(actor)).map_err(failed)
}

/// The national secretariat's organisations: the national association and
/// everything below it, and the bodies the other queues go to.
const NATIONAL_DESK: &[&str] = &[
    crate::demo::orgs::NATIONAL,
    crate::demo::orgs::BOARD,
    crate::demo::orgs::CERTIFICATION,
    crate::demo::orgs::LOAN_OFFICE,
];

/// Demo users, so that every role can be tried with `--user`: the national
/// secretariat's three (every case), a district operator in Sendai and one
/// in Ishinomaki, Miyagi's supervisor over its districts, and an
/// administrator. (name, role, organisations, extends below them.)
pub const DEMO_USERS: [(&str, Role, &[&str], bool); 6] = [
    ("tanaka", Role::Operator, NATIONAL_DESK, true),
    ("suzuki", Role::Supervisor, NATIONAL_DESK, true),
    ("sato", Role::Helpdesk, NATIONAL_DESK, true),
    ("takahashi", Role::Operator, &["p04-d1"], false),
    ("ito", Role::Operator, &["p04-d5"], false),
    ("yamamoto", Role::Supervisor, &["p04"], true),
];

/// The demo's administrator (organisations and users; no cases).
const DEMO_ADMIN: &str = "kobayashi";

/// The demo users' names as people read them.
const DEMO_USER_NAMES: [(&str, &str); 7] = [
    ("tanaka", "田中 美咲"),
    ("suzuki", "鈴木 健一"),
    ("sato", "佐藤 由美"),
    ("takahashi", "高橋 翔"),
    ("ito", "伊藤 さくら"),
    ("yamamoto", "山本 大輔"),
    ("kobayashi", "小林 直樹"),
];

/// Creates (or replaces) a demo store; a store that is not a demo is never replaced.
pub(super) fn demo(ctx: &Context, cases: usize, seed: u64) -> Result<Desk, Failure> {
    let dir = &ctx.data_dir;
    if ctx.config.store.postgres().is_some() {
        // A database is not a directory to remove: the demo goes into an empty one.
        let existing = Desk::open(dir, &ctx.os_user, ctx.settings()?)?;
        if existing.store().case_count()? > 0 {
            return Err(Failure::usage(
                "the PostgreSQL database of [store] already holds cases; a demo goes into an empty database (create one, and name it in [store] url)".to_string(),
            ));
        }
    } else if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        let existing = Desk::open(dir, &ctx.os_user, ctx.settings()?)?;
        if !existing.is_demo()? {
            return Err(Failure::usage(format!(
                "{} holds a store that is not a demo; it is never replaced — pass --data-dir with a new directory for the demo",
                dir.display()
            )));
        }
        drop(existing);
        std::fs::remove_dir_all(dir)?;
    }
    let desk = ctx.desk()?;
    desk.store().set_meta("demo", b"1")?;
    let now = ctx.clock.now();
    let today = ctx.clock.today();
    let me = desk.actor(&ctx.os_user)?;
    for org in crate::demo::orgs::organisations() {
        desk.put_org(&me, org, true, now)?;
    }
    for (name, role, orgs, children) in DEMO_USERS {
        if name != me.name {
            let at = crate::desk::Where {
                orgs: orgs.iter().map(|o| o.to_string()).collect(),
                children,
            };
            desk.grant_role(&me, name, role, &at, false, now)?;
        }
    }
    desk.set_admin(&me, DEMO_ADMIN, true, now)?;
    // The store's owner (its service account) works the national desk too.
    let national = crate::desk::Where {
        orgs: NATIONAL_DESK.iter().map(|o| o.to_string()).collect(),
        children: true,
    };
    desk.grant_role(&me, &me.name, Role::Supervisor, &national, false, now)?;
    let me = desk.actor(&me.name)?;
    for (name, shown) in DEMO_USER_NAMES {
        desk.set_user_name(&me, name, Some(shown), now)?;
    }
    // The account that made the store is its service account, whose daily
    // job writes the follow-ups: people read it as the office's system.
    if DEMO_USER_NAMES.iter().all(|(n, _)| *n != me.name) {
        desk.set_user_name(&me, &me.name, Some("事務局システム"), now)?;
    }
    let started = std::time::Instant::now();
    let plan = Demo::new(cases, seed, today);
    let mut registry: Vec<RegistryWrite> = Vec::new();
    registry.extend(plan.facilities().into_iter().map(RegistryWrite::Facility));
    registry.extend(plan.people().into_iter().map(RegistryWrite::Person));
    registry.extend(plan.physicians().into_iter().map(RegistryWrite::Physician));
    registry.extend(plan.loans().into_iter().map(RegistryWrite::Loan));
    desk.load_records(&me, registry, Vec::new(), now)?;
    let mut written = 0;
    for batch in plan.case_batches(20_000) {
        written += batch.len();
        desk.load_records(&me, Vec::new(), batch, now)?;
        if cases >= 100_000 {
            eprint!("\rdemo: {written}/{cases} cases");
        }
    }
    if cases >= 100_000 {
        eprintln!();
    }
    desk.generate_followups(&me, today, now)?;
    work_some_cases(&desk, today, now)?;
    log_demo_enquiries(&desk, &plan, today)?;
    tracing::info!(
        cases,
        seconds = started.elapsed().as_secs_f64(),
        "demo store created"
    );
    let made = Said::DemoMade {
        cases: written,
        dir,
        secs: started.elapsed().as_secs_f64(),
    };
    eprintln!("{}", said(ctx.lang, &made));
    Ok(desk)
}

/// Fills the demo's enquiry log: the calls of the last month, each on the
/// person's case of its topic when they have one.
fn log_demo_enquiries(desk: &Desk, plan: &Demo, today: chrono::NaiveDate) -> Result<(), Failure> {
    for e in plan.enquiries() {
        let actor = desk.actor(e.by)?;
        let mut draft = e.draft;
        if let (true, Some(r)) = (e.with_case, &draft.registration_number) {
            let queue = if draft.topic == "採用辞退" {
                Queue::Withdrawal
            } else {
                Queue::Transfer
            };
            draft.case = desk
                .lookup(r.as_str(), today)
                .ok()
                .and_then(|l| l.cases.into_iter().find(|c| c.key.queue == queue))
                .map(|c| crate::domain::enquiry::CaseRef {
                    queue,
                    reference: c.key.reference,
                });
        }
        desk.log_enquiry(&actor, draft, e.at)?;
    }
    Ok(())
}

/// Gives the demo a history: some cases decided, returned, claimed and noted by
/// the demo users, so every state shows.
fn work_some_cases(
    desk: &Desk,
    today: chrono::NaiveDate,
    now: crate::domain::Timestamp,
) -> Result<(), Failure> {
    let uid = Some(nix::unistd::getuid().as_raw());
    let suzuki = Actor {
        uid,
        ..desk.actor("suzuki")?
    };
    let tanaka = Actor {
        uid,
        ..desk.actor("tanaka")?
    };
    complete_last_cycle_withdrawals(desk, &tanaka, today)?;
    for (qi, queue) in Queue::ALL.into_iter().enumerate() {
        let mut q = PageQuery::new(queue);
        q.limit = 400;
        q.sort = crate::store::SortKey::Received;
        let rows = desk.page(&q, today)?.rows;
        let keys: Vec<CaseKey> = rows.iter().map(|r| r.key.clone()).collect();
        let n = keys.len();
        if n < 10 {
            continue;
        }
        // A tenth approved, a twentieth returned, a few claimed and noted.
        desk.bulk(
            &suzuki,
            &keys[..n / 10],
            &BulkAction::Approve,
            now,
            &mut |_, _| {},
        )?;
        let reason = [
            "必要書類が添付されていません",
            "記載内容に不備があります（日付・署名をご確認ください）",
        ][qi % 2];
        desk.bulk(
            &suzuki,
            &keys[n / 10..n / 10 + n / 20],
            &BulkAction::Return {
                reason: reason.into(),
            },
            now,
            &mut |_, _| {},
        )?;
        if queue != Queue::FacilityReport {
            let second: Vec<CaseKey> = keys[..n / 20].to_vec();
            desk.bulk(&suzuki, &second, &BulkAction::Approve, now, &mut |_, _| {})?;
        }
        for key in keys.iter().skip(n / 5).take(8) {
            let rev = desk.detail(key, today)?.case.revision;
            desk.claim(&tanaka, key, rev, now)?;
            desk.annotate(
                &tanaka,
                key,
                "電話で本人に確認済み。書類は来週郵送予定とのこと。",
                now,
            )?;
        }
    }
    Ok(())
}

/// Withdrawals received before this fiscal year were confirmed back then: the
/// demo completes them the day after they arrived, as the office did.
fn complete_last_cycle_withdrawals(
    desk: &Desk,
    who: &Actor,
    today: chrono::NaiveDate,
) -> Result<(), Failure> {
    let fy_start =
        crate::domain::time::fiscal_year_bounds(crate::domain::time::fiscal_year(today)).0;
    let mut q = PageQuery::new(Queue::Withdrawal);
    q.sort = crate::store::SortKey::Received;
    q.limit = 200;
    for row in desk.page(&q, today)?.rows {
        if crate::domain::time::jst_date(&row.received_at) >= fy_start {
            break;
        }
        let mut rev = row.revision;
        let mut at = row.received_at + chrono::Duration::days(1);
        while let Ok(c) = desk.approve(who, &row.key, rev, at) {
            rev = c.revision;
            at += chrono::Duration::hours(2);
            if !c.state.is_open() {
                break;
            }
        }
    }
    Ok(())
}

fn import(
    ctx: &Context,
    reach: &Reach,
    files: &[std::path::PathBuf],
    opts: ImportOptions,
) -> Result<(), Failure> {
    for f in files {
        if !f.exists() {
            return Err(Failure::usage(said(
                ctx.lang,
                &Said::NoSuchFile { file: f },
            )));
        }
    }
    let started = std::time::Instant::now();
    let reports = ctx.client(reach)?.import(files, &opts, &mut |_, _| {})?;
    let mut rejected = 0;
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for r in &reports {
        let verdict = if opts.dry_run {
            Verdict::DryRun
        } else if r.written {
            Verdict::Imported
        } else {
            Verdict::RejectedWhole
        };
        let s = Said::Imported {
            file: &sanitize(&r.file),
            rows: r.rows,
            created: r.created,
            updated: r.updated,
            rejected: r.rejected.len(),
            verdict,
        };
        say!("{}", said(ctx.lang, &s))?;
        for e in &r.rejected {
            let _ = writeln!(
                err,
                "{}",
                sanitize(&crate::i18n::import::row_error(ctx.lang, e))
            );
        }
        rejected += r.rejected.len();
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "import finished");
    if rejected > 0 {
        let s = Said::RowsRejected { rows: rejected };
        return Err(Failure::rejected(said(ctx.lang, &s)));
    }
    Ok(())
}

fn lookup(ctx: &Context, reach: &Reach, regno: &str, json: bool) -> Result<(), Failure> {
    let l: Lookup = ctx.client(reach)?.ask(Request::Lookup {
        input: regno.to_string(),
    })?;
    if json {
        let text = serde_json::to_string_pretty(&l).map_err(|e| Failure::runtime(e.to_string()))?;
        say!("{}", crate::text::json_escape_controls(&text))?;
        return Ok(());
    }
    let dates = ctx.config.display.date_style();
    let out = super::lookup_text::render(&l, ctx.lang, dates, ctx.clock.today());
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

fn check(ctx: &Context, reach: &Reach, since_head: Option<String>) -> Result<(), Failure> {
    use crate::i18n::check::fault;
    use crate::i18n::cli::{CheckWords as W, check_text};
    let words = |w: W| check_text(ctx.lang, &w);
    let client = ctx.client(reach)?;
    if let Some(head) = since_head {
        let r: CheckSummary = client.ask(Request::CheckSinceHead { head: head.clone() })?;
        if !r.faults.is_empty() {
            for f in &r.faults {
                say!("{} {}", words(W::Fault), sanitize(&fault(ctx.lang, f)))?;
            }
            return Err(Failure::runtime(words(W::DoesNotExtend {
                head: &sanitize(&head),
            })));
        }
        say!(
            "{}",
            words(W::Extends {
                head: &sanitize(&head),
                records: r.audit_records
            })
        )?;
    }
    let r: CheckSummary = client.ask(Request::Check)?;
    if !r.recovered.is_empty() {
        say!(
            "{}",
            words(W::Recovered {
                changed: &sanitize(&r.recovered.join(", "))
            })
        )?;
    }
    say!(
        "{}",
        words(W::Read {
            cases: r.cases,
            index_entries: r.index_entries,
            audit_records: r.audit_records,
            notifications: r.outbox_messages,
        })
    )?;
    if r.faults.is_empty() {
        say!("{}", words(W::Sound))?;
        Ok(())
    } else {
        for f in &r.faults {
            say!("{} {}", words(W::Fault), sanitize(&fault(ctx.lang, f)))?;
        }
        Err(Failure::runtime(words(W::Faulty {
            faults: r.faults.len(),
        })))
    }
}
