//! `secretariat export`.

use super::args::{ExportWhat, FormatArg};
use super::{Context, Failure};
use crate::domain::Queue;
use crate::interchange::export::{self, Format};
use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;

pub fn export(
    ctx: &Context,
    what: ExportWhat,
    queue: Option<String>,
    format: FormatArg,
    output: Option<PathBuf>,
    all: bool,
) -> Result<(), Failure> {
    let queue = match queue {
        Some(q) => Some(Queue::from_id(&q).ok_or_else(|| {
            Failure::usage(format!(
                "--queue {q:?} is not one of withdrawal, transfer, facility_report, loan_followup"
            ))
        })?),
        None => None,
    };
    let format = match format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
    };
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let mut out: Box<dyn Write> = match &output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| Failure::runtime(format!("cannot write {}: {e}", p.display())),
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // A store error met while streaming stops the stream and is reported after it.
    let failed: RefCell<Option<Failure>> = RefCell::new(None);
    let written = match what {
        ExportWhat::Cases => {
            let rows = desk
                .export_cases(&actor, queue, ctx.clock.today())?
                .map_while(keep(&failed));
            export::write_case_stream(&mut out, format, queue, rows)?
        }
        ExportWhat::Decisions => {
            let rows = desk
                .export_cases(&actor, queue, ctx.clock.today())?
                .map_while(keep(&failed))
                .flat_map(|(c, _)| c.history.clone().into_iter().map(move |d| (c.clone(), d)));
            export::write_decision_stream(&mut out, format, rows)?
        }
        ExportWhat::Audit => export::write_audit_stream(
            &mut out,
            format,
            desk.export_audit(&actor)?.map_while(keep(&failed)),
        )?,
        ExportWhat::Outbox => {
            let msgs = if all {
                desk.outbox(&actor)?
            } else {
                desk.release_outbox(&actor, ctx.clock.now())?
            };
            let msgs = msgs
                .into_iter()
                .filter(|m| queue.is_none_or(|q| q == m.queue))
                .collect::<Vec<_>>();
            export::write_outbox(&mut out, format, msgs.iter())?
        }
    };
    out.flush()?;
    if let Some(f) = failed.into_inner() {
        return Err(f);
    }
    if output.is_some() {
        eprintln!("{written} record(s) written");
    }
    Ok(())
}

/// Passes values through until the first error, which it keeps for later.
fn keep<T>(
    failed: &RefCell<Option<Failure>>,
) -> impl FnMut(Result<T, crate::desk::DeskError>) -> Option<T> + '_ {
    move |r| match r {
        Ok(v) => Some(v),
        Err(e) => {
            failed.borrow_mut().get_or_insert(e.into());
            None
        }
    }
}
