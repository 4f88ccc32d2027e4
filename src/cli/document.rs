//! `secretariat document KIND REF… [-o FILE.pdf]`: a numbered letter of a
//! case as an A4 PDF, through the desk's `Document` request (numbered and
//! audited there), laid out and drawn here (`crate::document`). Several refs,
//! or `--filter`, make a batch (supervisors): one file with a page per case,
//! or with `--each-into DIR` a file per case, with progress on stderr.

use super::args::DocumentArgs;
use super::{Context, Failure, Reach};
use crate::desk::{Ask, CaseKey, DeskClient, DocumentOutcome, DocumentRequest, PageQuery, Request};
use crate::document::letter::{Letter, letter};
use crate::document::pdf::{LetterFont, render};
use crate::document::{file_name, print, write_file};
use crate::domain::Queue;
use crate::domain::document::{Document, DocumentKind};
use crate::i18n::Lang;
use crate::i18n::documents::cli as words;
use std::path::Path;
use std::time::Instant;

/// The queue a kind's cases are in (a return letter: any).
fn queue_of(kind: DocumentKind) -> Option<Queue> {
    match kind {
        DocumentKind::PaymentNotice | DocumentKind::Reminder | DocumentKind::LoanDecision => {
            Some(Queue::LoanFollowup)
        }
        DocumentKind::CertificationReturnRequest => Some(Queue::FacilityReport),
        DocumentKind::ReturnLetter => None,
    }
}

/// The case a typed ref names: in the kind's queue (a loan id names its
/// repayment), or for a return letter the first queue that has it.
fn key_of(client: &dyn DeskClient, kind: DocumentKind, reference: &str) -> CaseKey {
    let exists = |key: &CaseKey| {
        client
            .call(Request::Detail { key: key.clone() }, &mut |_, _| {})
            .is_ok()
    };
    let reference = reference.trim();
    let candidates: Vec<CaseKey> = match queue_of(kind) {
        Some(Queue::LoanFollowup) => vec![
            CaseKey::new(Queue::LoanFollowup, reference),
            CaseKey::new(Queue::LoanFollowup, format!("{reference}/repayment")),
        ],
        Some(q) => vec![CaseKey::new(q, reference)],
        None => Queue::ALL
            .iter()
            .map(|q| CaseKey::new(*q, reference))
            .collect(),
    };
    candidates
        .iter()
        .find(|k| exists(k))
        .unwrap_or(&candidates[0])
        .clone()
}

fn write_or_print(
    ctx: &Context,
    path: &Path,
    bytes: &[u8],
    also_print: bool,
) -> Result<(), Failure> {
    write_file(path, bytes).map_err(|e| {
        Failure::runtime(words::cannot_write(
            ctx.lang,
            &path.display().to_string(),
            &e.to_string(),
        ))
    })?;
    if also_print {
        let Some(cmd) = &ctx.config.documents.print_command else {
            return Err(Failure::usage(words::no_print_command(ctx.lang)));
        };
        print(cmd, path).map_err(|e| {
            Failure::runtime(words::cannot_print(
                ctx.lang,
                &path.display().to_string(),
                cmd,
                &e.to_string(),
            ))
        })?;
    }
    Ok(())
}

fn said(lang: Lang, d: &Document, number: &str) -> String {
    words::made(
        lang,
        d.issued.kind,
        number,
        &d.issued.reference,
        d.issued.again,
    )
}

pub(super) fn document(ctx: &Context, reach: &Reach, a: DocumentArgs) -> Result<(), Failure> {
    let lang = ctx.lang;
    let kind = DocumentKind::parse(&a.kind).ok_or_else(|| {
        let ids: Vec<String> = DocumentKind::ALL
            .iter()
            .map(|k| format!("{} ({})", k.id(), k.office_name()))
            .collect();
        Failure::usage(words::unknown_kind(lang, &a.kind, &ids.join(", ")))
    })?;
    let cfg = &ctx.config.documents;
    let client = ctx.client(reach)?;
    let mut keys = Vec::new();
    for r in &a.refs {
        keys.push(key_of(&*client, kind, r));
    }
    if let Some(filter) = &a.filter {
        let queues: Vec<Queue> = queue_of(kind).map_or(Queue::ALL.to_vec(), |q| vec![q]);
        for q in queues {
            let mut query = PageQuery::new(q);
            query.text = filter.clone();
            let found: Vec<CaseKey> = client.ask(Request::MatchKeys {
                query,
                max: crate::desk::BULK_MAX_CASES,
            })?;
            keys.extend(found);
        }
    }
    if keys.is_empty() {
        return Err(Failure::rejected(words::no_case(lang)));
    }
    let started = Instant::now();
    let font = if a.text {
        None
    } else {
        Some(LetterFont::load(&cfg.font).map_err(|e| Failure::runtime(e.to_string()))?)
    };
    if keys.len() == 1 && a.refs.len() == 1 && a.filter.is_none() {
        let doc: Document = client.ask(Request::Document(DocumentRequest::One {
            kind,
            key: keys[0].clone(),
        }))?;
        let l = letter(&doc, cfg);
        let number = cfg.number_text(doc.issued.number.seq);
        let Some(font) = font else {
            for line in l.text(78) {
                say!("{line}")?;
            }
            return Ok(());
        };
        let bytes =
            render(std::slice::from_ref(&l), &font).map_err(|e| Failure::runtime(e.to_string()))?;
        let path = a
            .output
            .unwrap_or_else(|| cfg.output_dir().join(file_name(&doc)));
        write_or_print(ctx, &path, &bytes, a.print)?;
        eprintln!(
            "{} → {} ({} KiB, {} ms)",
            said(lang, &doc, &number),
            path.display(),
            bytes.len().div_ceil(1024),
            started.elapsed().as_millis()
        );
        return Ok(());
    }
    let total = keys.len();
    let outcomes: Vec<DocumentOutcome> = {
        let answer = client.call(
            Request::Document(DocumentRequest::Many { kind, keys }),
            &mut |done, total| eprint!("\r{done}/{total}"),
        )?;
        eprintln!();
        answer.try_into()?
    };
    let mut letters: Vec<(Document, Letter)> = Vec::new();
    let mut refused = 0;
    for o in outcomes {
        match o.result {
            Ok(d) => {
                let l = letter(&d, cfg);
                letters.push((d, l));
            }
            Err(r) => {
                refused += 1;
                eprintln!(
                    "{}: {}",
                    o.key.reference,
                    crate::i18n::refusals::refusal(lang, &r)
                );
            }
        }
    }
    let Some(font) = font else {
        for (_, l) in &letters {
            for line in l.text(78) {
                say!("{line}")?;
            }
            say!("\u{c}")?;
        }
        return Ok(());
    };
    if let Some(dir) = &a.each_into {
        for (i, (d, l)) in letters.iter().enumerate() {
            let bytes = render(std::slice::from_ref(l), &font)
                .map_err(|e| Failure::runtime(e.to_string()))?;
            let path = dir.join(file_name(d));
            write_or_print(ctx, &path, &bytes, a.print)?;
            eprintln!(
                "{}/{} {} → {}",
                i + 1,
                letters.len(),
                said(lang, d, &cfg.number_text(d.issued.number.seq)),
                path.display()
            );
        }
    } else if !letters.is_empty() {
        let all: Vec<Letter> = letters.iter().map(|(_, l)| l.clone()).collect();
        let bytes = render(&all, &font).map_err(|e| Failure::runtime(e.to_string()))?;
        let path = a.output.unwrap_or_else(|| {
            cfg.output_dir()
                .join(format!("{}-{}.pdf", kind.id(), ctx.clock.today()))
        });
        write_or_print(ctx, &path, &bytes, a.print)?;
        eprintln!("→ {} ({} KiB)", path.display(), bytes.len().div_ceil(1024));
    }
    eprintln!(
        "{}",
        words::batch_done(
            lang,
            letters.len(),
            total,
            refused,
            started.elapsed().as_millis()
        )
    );
    if refused > 0 {
        return Err(Failure::rejected(words::refused(lang, refused)));
    }
    Ok(())
}
