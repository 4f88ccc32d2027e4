//! `secretariat enquiries` and `secretariat enquiry add|resolve`: the enquiry
//! log for scripts, through the same requests as the TUI.

use super::args::{ChannelArg, EnquiryAction};
use super::{Context, Failure, Reach};
use crate::desk::{Ask, CaseKey, EnquiryList, EnquiryRequest, EnquiryRow, Request};
use crate::domain::Queue;
use crate::domain::enquiry::{Channel, Enquiry, EnquiryStatus};
use crate::i18n::enquiry::{age, channel_name, status_name};
use crate::i18n::{DateStyle, DateWidth, Lang, Text};
use crate::text::sanitize;
use serde_json::json;
use std::io::{Read, Write};

fn channel(c: ChannelArg) -> Channel {
    match c {
        ChannelArg::Phone => Channel::Phone,
        ChannelArg::Mail => Channel::Mail,
        ChannelArg::Form => Channel::Form,
        ChannelArg::Counter => Channel::Counter,
    }
}

/// `QUEUE/REF` as a case key.
fn case_key(text: &str) -> Result<CaseKey, Failure> {
    text.split_once('/')
        .and_then(|(q, r)| Some(CaseKey::new(Queue::from_id(q)?, r.trim())))
        .filter(|k| !k.reference.is_empty())
        .ok_or_else(|| {
            Failure::usage(format!(
                "--case {text:?} is not QUEUE/REF (e.g. withdrawal/W-2026-000001)"
            ))
        })
}

/// An enquiry as one JSON object, with what a list adds beside it.
fn object(e: &Enquiry, name: Option<&str>, age_days: Option<i64>) -> serde_json::Value {
    let (resolved_at, resolved_by) = match &e.status {
        EnquiryStatus::Resolved { at, by } => (Some(ts(at)), Some(by.clone())),
        EnquiryStatus::Open => (None, None),
    };
    json!({
        "id": e.id,
        "registration_number": e.registration_number.as_ref().map(|r| r.to_string()),
        "name": name,
        "at": ts(&e.at),
        "age_days": age_days,
        "by": e.by,
        "channel": e.channel.id(),
        "topic": e.topic,
        "note": e.note,
        "case": e.case.as_ref().map(|c| format!("{}/{}", c.queue.id(), c.reference)),
        "status": if e.status.is_open() { "open" } else { "resolved" },
        "resolved_at": resolved_at,
        "resolved_by": resolved_by,
        "revision": e.revision,
    })
}

fn line(v: &serde_json::Value) -> String {
    crate::text::json_escape_controls(&v.to_string()).into_owned()
}

pub fn list(
    ctx: &Context,
    reach: &Reach,
    open_only: bool,
    person: Option<String>,
    limit: usize,
    json: bool,
) -> Result<(), Failure> {
    let l: EnquiryList = ctx
        .client(reach)?
        .ask(Request::Enquiry(EnquiryRequest::Enquiries {
            open_only,
            person,
            limit,
        }))?;
    let mut out = std::io::stdout().lock();
    if json {
        for r in &l.rows {
            writeln!(
                out,
                "{}",
                line(&object(&r.enquiry, r.name.as_deref(), Some(r.age_days)))
            )?;
        }
        return Ok(());
    }
    let dates = ctx.config.display.date_style().for_lang(ctx.lang);
    out.write_all(render(&l, ctx.lang, dates, open_only).as_bytes())?;
    Ok(())
}

/// The list as a table a person reads.
pub fn render(l: &EnquiryList, lang: Lang, dates: DateStyle, open_only: bool) -> String {
    let mut o = String::new();
    let head = if open_only {
        Text::EnquiriesTitle
    } else {
        Text::EnquiryLog
    };
    let head = crate::i18n::enquiry::list_head(lang, head.get(lang), l.rows.len(), l.open);
    o.push_str(&format!("{head}\n"));
    if l.rows.is_empty() {
        o.push_str(&format!("  {}\n", Text::NoneListed.get(lang)));
    }
    for r in &l.rows {
        o.push_str(&row(r, lang, dates));
    }
    o
}

fn row(r: &EnquiryRow, lang: Lang, dates: DateStyle) -> String {
    let e = &r.enquiry;
    let who = match (&e.registration_number, &r.name) {
        (Some(n), Some(name)) => format!("{} {}", n, sanitize(name)),
        (Some(n), None) => n.to_string(),
        (None, _) => Text::CallerUnknown.get(lang).to_string(),
    };
    let when = crate::i18n::dates::timestamp(&e.at, dates, DateWidth::Narrow);
    let mut s = format!(
        "#{:<5} {}  {:>4}  {}  {}  {}  {}\n",
        e.id,
        when,
        age(lang, r.age_days),
        status_name(lang, &e.status),
        channel_name(lang, e.channel),
        sanitize(&e.topic),
        who
    );
    if let Some(c) = &e.case {
        s.push_str(&format!(
            "       {}: {}\n",
            Text::LinkedCase.get(lang),
            crate::i18n::case_ref::case_ref_label(lang, dates, c.queue, &c.reference)
        ));
    }
    for l in e.note.lines().filter(|l| !l.trim().is_empty()).take(3) {
        s.push_str(&format!("       {}\n", sanitize(l)));
    }
    s
}

pub fn run(ctx: &Context, reach: &Reach, action: EnquiryAction) -> Result<(), Failure> {
    let desk = ctx.client(reach)?;
    match action {
        EnquiryAction::Add {
            regno,
            channel: c,
            topic,
            note,
            case,
            resolved,
            json,
        } => {
            let note = if note == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s.trim_end().to_string()
            } else {
                note
            };
            let e: Enquiry = desk.ask(Request::Enquiry(EnquiryRequest::LogEnquiry {
                registration_number: regno,
                channel: channel(c),
                topic,
                note,
                case: case.as_deref().map(case_key).transpose()?,
                resolved,
            }))?;
            if json {
                say!("{}", line(&object(&e, None, None)))?;
            } else {
                say!("{}", crate::i18n::enquiry::done(ctx.lang, e.id, false))?;
            }
        }
        EnquiryAction::Resolve { id, revision } => {
            let e: Enquiry = desk.ask(Request::Enquiry(EnquiryRequest::ResolveEnquiry {
                id,
                revision,
            }))?;
            say!("{}", crate::i18n::enquiry::done(ctx.lang, e.id, true))?;
        }
    }
    Ok(())
}

fn ts(t: &crate::domain::Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
