//! `secretariat bench`'s figures of organisations: what a district operator
//! and a prefecture's supervisor wait for on the demo store (its fifty-odd
//! organisations), beside the same figures for the national desk, which sees
//! every case (unscoped: the store's whole mask). Printed, never asserted.

use super::Failure;
use super::bench::{ms, percentile};
use crate::desk::{Actor, Desk, PageQuery};
use crate::domain::Queue;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

/// The median and worst of `n` runs of `f`.
fn timed(
    n: usize,
    mut f: impl FnMut() -> Result<(), Failure>,
) -> Result<(Duration, Duration), Failure> {
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        f()?;
        t.push(start.elapsed());
    }
    t.sort();
    Ok((percentile(&t, 0.5), percentile(&t, 1.0)))
}

/// One user's first page, counts, a one-word filter and backlog.
fn figures(
    desk: &Desk,
    who: &Actor,
    today: NaiveDate,
) -> Result<[(Duration, Duration); 4], Failure> {
    let mut first = PageQuery::new(Queue::Transfer);
    first.limit = 50;
    let mut word = first.clone();
    word.text = "佐藤".into();
    Ok([
        timed(20, || {
            std::hint::black_box(desk.page_for(&first, today, who)?);
            Ok(())
        })?,
        timed(20, || {
            std::hint::black_box(desk.counts_for(who, today)?);
            Ok(())
        })?,
        timed(20, || {
            std::hint::black_box(desk.page_for(&word, today, who)?);
            Ok(())
        })?,
        timed(5, || {
            std::hint::black_box(desk.backlog(who, None, today)?);
            Ok(())
        })?,
    ])
}

pub fn run(desk: &Desk, today: NaiveDate) -> Result<(), Failure> {
    let orgs = desk.organisations()?.len();
    println!(
        "organisations: {orgs} (the demo's: national, prefectures, districts, board, certification body, loan office)"
    );
    let rows = [
        ("national desk (sees every case)", "tanaka"),
        ("district operator (仙台市医師会)", "takahashi"),
        ("prefecture supervisor (宮城県 + districts)", "yamamoto"),
    ];
    println!(
        "{:<44} {:>16} {:>16} {:>16} {:>16}",
        "user", "first page", "counts", "filter 佐藤", "backlog"
    );
    for (label, user) in rows {
        let who = desk.actor(user)?;
        let seen = desk
            .counts_for(&who, today)?
            .iter()
            .map(|c| c.open)
            .sum::<u64>();
        let f = figures(desk, &who, today)?;
        let cell =
            |(p50, worst): (Duration, Duration)| format!("{:.1}/{:.1} ms", ms(p50), ms(worst));
        println!(
            "{:<44} {:>16} {:>16} {:>16} {:>16}   ({seen} open cases seen)",
            label,
            cell(f[0]),
            cell(f[1]),
            cell(f[2]),
            cell(f[3])
        );
    }
    println!(
        "(each: median/worst; first page and filter: 50 rows of 異動届; backlog: every queue)"
    );
    Ok(())
}
