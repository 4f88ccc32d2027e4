//! `secretariat export`: the desk's text streamed to the output as it comes.

use super::args::{ExportWhat, FormatArg};
use super::{Context, Failure, Reach};
use crate::desk::{self, ExportError, ExportSpec};
use crate::domain::Queue;
use crate::i18n::cli::{Said, said};
use crate::i18n::excel::ExcelText;
use crate::interchange::export::Format;
use std::io::Write;
use std::path::PathBuf;

/// Where an export goes, and whether it is shaped for a person in Excel.
pub struct Output {
    pub path: Option<PathBuf>,
    pub excel: bool,
}

#[allow(clippy::too_many_arguments)]
pub fn export(
    ctx: &Context,
    reach: &Reach,
    what: ExportWhat,
    queue: Option<String>,
    format: FormatArg,
    output: Output,
    all: bool,
    failed: bool,
    filter: Option<String>,
) -> Result<(), Failure> {
    if output.excel && !matches!(format, FormatArg::Csv) {
        return Err(Failure::usage(
            "--excel shapes CSV for Excel; use it with --format csv",
        ));
    }
    if output.excel && matches!(what, ExportWhat::Enquiries) {
        return Err(Failure::usage(
            "--excel shapes cases, decisions, the audit log and the outbox; export enquiries as plain CSV",
        ));
    }
    let Output {
        path: output,
        excel,
    } = output;
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
            ExportWhat::Enquiries => desk::ExportWhat::Enquiries,
        },
        queue,
        format: match format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
        },
        all,
        failed,
        filter: filter.map(|f| crate::i18n::filter_text::canonical(&f)),
        names: excel,
    };
    let desk = ctx.client(reach)?;
    let excel = excel.then_some(ctx.lang);
    if spec.what == desk::ExportWhat::Outbox && !all && !failed {
        let lang = ctx.lang;
        return super::outbox::hand_out(&*desk, spec.format, queue, output.as_deref(), excel, lang);
    }
    let mut out: Box<dyn Write> = match &output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| {
                let s = Said::CannotWrite {
                    file: p,
                    detail: e.to_string(),
                };
                Failure::runtime(said(ctx.lang, &s))
            },
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut shape = excel.map(ExcelText::new);
    let sent = desk.export(&spec, &mut |text| match &mut shape {
        Some(x) => out.write_all(x.convert(text).as_bytes()),
        None => out.write_all(text.as_bytes()),
    });
    // What came before a failure is kept (in the Excel form, its whole records).
    if let (Some(x), Ok(_)) = (&mut shape, &sent) {
        out.write_all(x.finish().as_bytes())?;
    }
    out.flush()?;
    let written = match sent {
        Ok(n) => n,
        Err(ExportError::Desk(e)) => return Err(e.into()),
        Err(ExportError::Write(e)) => return Err(e.into()),
    };
    out.flush()?;
    if output.is_some() {
        eprintln!("{written} record(s) written");
    }
    Ok(())
}
