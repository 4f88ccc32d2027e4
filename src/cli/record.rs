//! `secretariat record KIND FIELD=VALUE…`: a form from a script, through
//! the same request as the TUI's forms.

use super::{Context, Failure, Reach};
use crate::desk::{Ask, RecordForm, RecordReport, Request};
use crate::i18n::fields::{label, report};
use crate::interchange::Kind;
use crate::text::sanitize;

pub(super) fn record(
    ctx: &Context,
    reach: &Reach,
    kind: &str,
    pairs: &[String],
    dry_run: bool,
    json: bool,
) -> Result<(), Failure> {
    let mut fields = Vec::with_capacity(pairs.len());
    for p in pairs {
        let Some((name, value)) = p.split_once('=') else {
            return Err(Failure::usage(crate::i18n::fields::not_a_pair(ctx.lang, p)));
        };
        fields.push((name.trim().to_string(), value.to_string()));
    }
    let form = RecordForm {
        kind: kind.to_string(),
        fields,
        seen: Vec::new(),
        dry_run,
    };
    let r: RecordReport = ctx.client(reach)?.ask(Request::Record { form })?;
    if json {
        let text = serde_json::to_string_pretty(&r).map_err(|e| Failure::runtime(e.to_string()))?;
        say!("{}", crate::text::json_escape_controls(&text))?;
        return Ok(());
    }
    let k = Kind::from_id(&r.kind).unwrap_or(Kind::Person);
    let what = format!(
        "{} {}",
        crate::i18n::fields::kind_name(ctx.lang, k),
        sanitize(&r.key)
    );
    say!("{}", report(ctx.lang, &r, &what))?;
    for c in &r.changes {
        let value = |v: &Option<String>| {
            v.as_deref()
                .map(|v| sanitize(&crate::i18n::fields::value(ctx.lang, &c.field, v)).into_owned())
                .unwrap_or_default()
        };
        say!(
            "  {}: {} → {}",
            label(ctx.lang, k, &c.field),
            value(&c.before),
            value(&c.after)
        )?;
    }
    Ok(())
}

/// `secretariat link DUPLICATE KEEP`: a duplicate registration linked to the
/// one that stays, through the request the TUI's `D` sends.
pub(super) fn link(
    ctx: &Context,
    reach: &Reach,
    duplicate: &str,
    keep: &str,
    dry_run: bool,
    json: bool,
) -> Result<(), Failure> {
    let r: crate::desk::LinkReport = ctx.client(reach)?.ask(Request::LinkDuplicate {
        duplicate: duplicate.to_string(),
        keep: keep.to_string(),
        dry_run,
    })?;
    if json {
        let text = serde_json::to_string_pretty(&r).map_err(|e| Failure::runtime(e.to_string()))?;
        say!("{}", crate::text::json_escape_controls(&text))?;
        return Ok(());
    }
    say!("{}", crate::i18n::fields::linked(ctx.lang, &r))?;
    Ok(())
}
