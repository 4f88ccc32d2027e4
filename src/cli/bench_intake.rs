//! Intake figures (issue 20): a loan form recorded through the owner server
//! (validated, appended, the loan's follow-ups recomputed in the same
//! durable write) and the list the screen shows read again; a lookup by name
//! and birth date.

use super::Failure;
use super::bench::{ms, percentile};
use crate::desk::{Ask, Desk, Page, PageQuery, RecordForm, RecordReport, Request};
use crate::domain::Queue;
use crate::server::{RemoteDesk, ServeOptions, Server};
use std::time::{Duration, Instant};

/// Forms recorded, and names looked up.
const FORMS: usize = 100;
const NAMES: usize = 200;

pub fn run(desk: Desk, dir: &std::path::Path, clock: crate::clock::Clock) -> Result<(), Failure> {
    let today = clock.today();
    // The people to find by name, and the loans to record on.
    let mut people = Vec::new();
    let mut loans = Vec::new();
    for l in desk.store().all_loans().take(FORMS) {
        let l = l?;
        if let Some(p) = desk.store().person(l.registration_number.as_str())? {
            people.push(p);
        }
        // A status report on a day the loan has none yet (a store measured
        // again holds the reports of the runs before).
        let mut date = today - chrono::Days::new(1);
        while l
            .events
            .iter()
            .any(|e| e.event == crate::domain::LoanEventKind::StatusReport && e.date == date)
        {
            date = date - chrono::Days::new(1);
        }
        loans.push((l.loan_id, date));
    }
    for p in desk.store().all_people().take(NAMES) {
        people.push(p?);
    }
    let mut named = Vec::with_capacity(people.len());
    for p in &people {
        let surname = p
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&p.name)
            .to_string();
        let input = format!("{surname} {}", p.birth_date);
        let t = Instant::now();
        let l = desk.lookup(&input, today)?;
        named.push(t.elapsed());
        std::hint::black_box(l);
    }
    println!(
        "lookup by surname and birth date: {}",
        quantiles(named, "lookups")
    );
    if loans.is_empty() {
        println!("form recorded through the server: not measured (no loans)");
        return Ok(());
    }
    let mut opts = ServeOptions::new(dir, clock);
    opts.max_per_user = opts.max_per_user.max(4);
    let server = Server::bind(desk, opts).map_err(|e| Failure::runtime(e.to_string()))?;
    let stopper = server.stopper();
    let serving = server.spawn()?;
    let measured = forms(dir, &loans, today);
    stopper.stop(crate::desk::trouble::Stopping::BenchmarkOver);
    let _ = serving.join();
    measured
}

fn forms(
    dir: &std::path::Path,
    loans: &[(String, chrono::NaiveDate)],
    today: chrono::NaiveDate,
) -> Result<(), Failure> {
    let remote = RemoteDesk::connect(dir, None).map_err(|e| Failure::runtime(e.to_string()))?;
    let mut times: Vec<Duration> = Vec::with_capacity(loans.len());
    for (loan, date) in loans {
        // A status report (業務従事証明書) of a year, on a day the loan has none.
        let form = RecordForm {
            kind: "loan_event".into(),
            fields: vec![
                ("loan_id".into(), loan.clone()),
                ("event".into(), "status_report".into()),
                ("date".into(), date.to_string()),
                ("working_days".into(), "210".into()),
                ("notified_at".into(), today.to_string()),
            ],
            seen: Vec::new(),
            dry_run: false,
        };
        let t = Instant::now();
        let r: RecordReport = remote.ask(Request::Record { form })?;
        // What the screen does next: the list it shows, read again.
        let page: Page = remote.ask(Request::Page {
            query: PageQuery::new(Queue::LoanFollowup),
        })?;
        times.push(t.elapsed());
        std::hint::black_box((r, page));
    }
    println!(
        "loan form recorded through the server (follow-ups recomputed, durable) and the list read again: {}",
        quantiles(times, "forms")
    );
    Ok(())
}

/// The median and the 99th percentile of `times`, and how many `what` they are.
fn quantiles(mut times: Vec<Duration>, what: &str) -> String {
    times.sort();
    format!(
        "p50 {:.2} ms, p99 {:.2} ms ({} {what})",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        times.len()
    )
}
