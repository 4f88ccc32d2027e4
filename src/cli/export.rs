//! `secretariat export`: through the running server (its text streamed here as
//! it comes), or, with `--embedded` or when none runs, from the store directly.

use super::args::{ExportWhat, FormatArg};
use super::{Context, Failure, Reach};
use crate::desk::{self, ExportError, ExportSpec};
use crate::domain::Queue;
use crate::interchange::export::Format;
use crate::server::ExportFailure;
use std::io::Write;
use std::path::PathBuf;

#[allow(clippy::too_many_arguments)]
pub fn export(
    ctx: &Context,
    reach: &Reach,
    what: ExportWhat,
    queue: Option<String>,
    format: FormatArg,
    output: Option<PathBuf>,
    all: bool,
    failed: bool,
) -> Result<(), Failure> {
    let queue = match queue {
        Some(q) => Some(Queue::from_id(&q).ok_or_else(|| {
            Failure::usage(format!(
                "--queue {q:?} is not one of withdrawal, transfer, facility_report, loan_followup"
            ))
        })?),
        None => None,
    };
    if matches!(what, ExportWhat::Outbox) && !all && !failed && ctx.config.mail.is_some() {
        return Err(Failure::usage(
            "with [mail] configured notifications go to the relay (`mail send`); `export outbox --all` lists them and `--failed` the refused ones, without taking any away from the relay",
        ));
    }
    let spec = ExportSpec {
        what: match what {
            ExportWhat::Cases => desk::ExportWhat::Cases,
            ExportWhat::Decisions => desk::ExportWhat::Decisions,
            ExportWhat::Audit => desk::ExportWhat::Audit,
            ExportWhat::Outbox => desk::ExportWhat::Outbox,
        },
        queue,
        format: match format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
        },
        all,
        failed,
    };
    let remote = reach.remote(ctx)?;
    let direct = match remote {
        Some(_) => None,
        None => {
            let desk = ctx.desk_direct()?;
            let actor = ctx.actor(&desk)?;
            Some((desk, actor))
        }
    };
    let mut out: Box<dyn Write> = match &output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| Failure::runtime(format!("cannot write {}: {e}", p.display())),
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let written = match (&remote, &direct) {
        (Some(r), _) => {
            let sent = r.export(&spec, ctx.clock.today(), &mut |text| {
                out.write_all(text.as_bytes())
            });
            // What came before a failure is kept, as without a server.
            out.flush()?;
            match sent {
                Ok(n) => n,
                Err(ExportFailure::Desk(e)) => return Err(e.into()),
                Err(ExportFailure::Write(e)) => return Err(e.into()),
            }
        }
        (None, Some((desk, actor))) => {
            let (today, now) = (ctx.clock.today(), ctx.clock.now());
            match desk.export_to(actor, &spec, today, now, &mut out) {
                Ok(n) => n as u64,
                Err(ExportError::Desk(e)) => return Err(e.into()),
                Err(ExportError::Write(e)) => return Err(e.into()),
            }
        }
        (None, None) => return Err(Failure::runtime("the store could not be reached")),
    };
    out.flush()?;
    if output.is_some() {
        eprintln!("{written} record(s) written");
    }
    Ok(())
}
