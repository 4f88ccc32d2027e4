//! `secretariat backlog`: the supervisor's overview as a table or JSON.

use super::{Context, Failure, Reach};
use crate::desk::{Ask, Backlog, Request};
use crate::i18n::backlog::Word as W;
use crate::i18n::cli::week_label;
use crate::i18n::{Lang, queue_name};
use crate::text::{pad, sanitize, truncate, width};

pub fn backlog(
    ctx: &Context,
    reach: &Reach,
    json: bool,
    filter: Option<String>,
) -> Result<(), Failure> {
    let b: Backlog = ctx.client(reach)?.ask(Request::Backlog {
        filter: filter.map(|f| crate::i18n::filter_text::canonical(&f)),
    })?;
    if json {
        let text = serde_json::to_string_pretty(&b).map_err(|e| {
            let s = crate::i18n::cli::Said::CannotWriteJson {
                detail: e.to_string(),
            };
            Failure::runtime(crate::i18n::cli::said(ctx.lang, &s))
        })?;
        println!("{text}");
        return Ok(());
    }
    print!("{}", table(&b, ctx.lang));
    Ok(())
}

/// The overview as plain text lines, aligned by display width (a Japanese
/// label takes two cells a character).
pub fn table(b: &Backlog, lang: Lang) -> String {
    let mut out = String::new();
    let row = |out: &mut String, first: String, cells: &[String], w: usize| {
        out.push_str(&first);
        for c in cells {
            out.push(' ');
            out.push_str(&pad_left(c, w));
        }
        out.push('\n');
    };
    out.push_str(&format!("{} {}\n", W::AsOf.get(lang), b.as_of));
    let head = crate::i18n::labels::backlog_columns(lang, false).map(str::to_string);
    row(&mut out, pad(W::Queue.get(lang), 16), &head, 8);
    for q in &b.queues {
        let cells = q.columns().map(|n| n.to_string());
        row(&mut out, pad(queue_name(lang, q.queue), 16), &cells, 8);
        for a in &q.assignees {
            let who = match &a.assignee {
                Some(n) => sanitize(n).into_owned(),
                None => W::Unassigned.get(lang).to_string(),
            };
            let cells = [
                a.open.to_string(),
                a.overdue.to_string(),
                format!("{} {}", W::Oldest.get(lang), a.oldest_days),
            ];
            row(
                &mut out,
                format!("  {}", pad(&truncate(&who, 14), 14)),
                &cells,
                8,
            );
        }
    }
    let head = [
        W::Arrived.get(lang).to_string(),
        W::Decided.get(lang).to_string(),
    ];
    row(&mut out, pad(W::Week.get(lang), 12), &head, 8);
    for w in &b.weeks {
        let cells = [w.arrived.to_string(), w.decided.to_string()];
        row(&mut out, pad(&week_label(lang, &w.week), 12), &cells, 8);
    }
    let e = &b.enquiries;
    out.push_str(&crate::i18n::labels::open_enquiries(
        lang,
        e.open,
        e.oldest_days,
    ));
    out.push('\n');
    out
}

/// Pads on the left to `cells` display cells (numbers and labels right-aligned).
fn pad_left(s: &str, cells: usize) -> String {
    let w = width(s);
    format!("{}{s}", " ".repeat(cells.saturating_sub(w)))
}
