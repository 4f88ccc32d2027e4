//! The supervisor's figures in `secretariat bench`: a filter of two field terms
//! and a word, the backlog overview, and `M` (the keys of a 10,000-case match).

use super::Failure;
use super::bench::{ms, percentile};
use crate::desk::{Actor, Desk, PageQuery};
use crate::domain::Queue;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

fn timed<T>(
    runs: usize,
    mut f: impl FnMut() -> Result<T, Failure>,
) -> Result<(Duration, T), Failure> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f()?);
        times.push(t.elapsed());
    }
    times.sort();
    let value = last.ok_or_else(|| Failure::runtime("no benchmark run"))?;
    Ok((percentile(&times, 0.5), value))
}

pub fn run(desk: &Desk, actor: &Actor, today: NaiveDate) -> Result<(), Failure> {
    for (queue, text) in [
        (Queue::Withdrawal, "高橋 state:awaiting_director age>30"),
        (Queue::Withdrawal, "高橋 assignee:none age>7"),
        (Queue::Transfer, "佐藤 -assignee:none overdue"),
        (Queue::FacilityReport, "04 priority age>30"),
        (Queue::FacilityReport, "priority"),
        (Queue::Transfer, "pref:宮城 -assignee:none"),
        (Queue::LoanFollowup, "area:医療圏 -priority"),
    ] {
        let mut q = PageQuery::new(queue);
        q.text = text.into();
        // The first run reads what the places stand for (a loan's workplace).
        let t = Instant::now();
        desk.page_as(&q, today, &actor.name)?;
        let first = t.elapsed();
        let (p50, page) = timed(20, || Ok(desk.page_as(&q, today, &actor.name)?))?;
        println!(
            "filter {text:?} on {}: first page p50 {:.2} ms, first run {:.2} ms ({} matches)",
            queue.id(),
            ms(p50),
            ms(first),
            page.total
        );
    }
    let (p50, b) = timed(5, || Ok(desk.backlog(actor, None, today)?))?;
    let open: u64 = b.queues.iter().map(|q| q.open).sum();
    println!(
        "backlog overview: p50 {:.1} ms ({open} open cases, 12 weeks)",
        ms(p50)
    );
    for filter in ["age>30", "priority"] {
        let (p50, _) = timed(5, || Ok(desk.backlog(actor, Some(filter), today)?))?;
        println!(
            "backlog overview --filter {filter:?}: p50 {:.1} ms",
            ms(p50)
        );
    }
    // M: the keys of a match of at least 10,000 cases (the biggest queue, all ages).
    let mut best: Option<(PageQuery, u64)> = None;
    for queue in Queue::ALL {
        let mut q = PageQuery::new(queue);
        q.text = "age>0".into();
        q.limit = 0;
        let n = desk.page_as(&q, today, &actor.name)?.total;
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((q, n));
        }
    }
    if let Some((q, n)) = best {
        let (p50, keys) = timed(5, || Ok(desk.match_keys(&q, today, &actor.name, 10_000)?))?;
        println!(
            "M on {} \"age>0\" ({n} match): {} keys in p50 {:.1} ms",
            q.queue.id(),
            keys.len(),
            ms(p50)
        );
    }
    Ok(())
}
