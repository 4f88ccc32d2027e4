//! `secretariat backlog`: the supervisor's overview as a table or JSON.

use super::{Context, Failure, Reach};
use crate::desk::{Ask, Backlog, Request};
use crate::i18n::{Lang, queue_name};
use crate::text::{pad, sanitize, truncate};

pub fn backlog(
    ctx: &Context,
    reach: &Reach,
    json: bool,
    filter: Option<String>,
) -> Result<(), Failure> {
    let b: Backlog = ctx.client(reach)?.ask(Request::Backlog { filter })?;
    if json {
        let text = serde_json::to_string_pretty(&b)
            .map_err(|e| Failure::runtime(format!("cannot write the backlog as JSON: {e}")))?;
        println!("{text}");
        return Ok(());
    }
    print!("{}", table(&b, ctx.lang));
    Ok(())
}

/// The overview as plain text lines (also what the README shows).
pub fn table(b: &Backlog, lang: Lang) -> String {
    let mut out = String::new();
    let l = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    out.push_str(&format!("{} {}\n", l("基準日", "as of"), b.as_of));
    out.push_str(&format!(
        "{} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
        pad(l("キュー", "queue"), 16),
        l("未処理", "open"),
        l("期限超過", "overdue"),
        l("7日以内", "due 7d"),
        "0-7",
        "8-30",
        "31-90",
        "90+"
    ));
    for q in &b.queues {
        out.push_str(&format!(
            "{} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
            pad(queue_name(lang, q.queue), 16),
            q.open,
            q.overdue,
            q.due_7d,
            q.age.d0_7,
            q.age.d8_30,
            q.age.d31_90,
            q.age.d90_plus
        ));
        for a in &q.assignees {
            let who = match &a.assignee {
                Some(n) => sanitize(n).into_owned(),
                None => l("(未割当)", "(unassigned)").to_string(),
            };
            out.push_str(&format!(
                "  {} {:>7} {:>7}   {} {}\n",
                pad(&truncate(&who, 14), 14),
                a.open,
                a.overdue,
                l("最古", "oldest"),
                a.oldest_days
            ));
        }
    }
    out.push_str(&format!(
        "{} {:>8} {:>8}\n",
        pad(l("週", "week"), 10),
        l("受付", "arrived"),
        l("処理", "decided")
    ));
    for w in &b.weeks {
        out.push_str(&format!(
            "{} {:>8} {:>8}\n",
            pad(&w.week, 10),
            w.arrived,
            w.decided
        ));
    }
    out
}
