//! 文書番号: the documents an office gave, kept in the metadata table (no
//! table of their own, so no schema change): each under
//! `document/KIND/QUEUE/REF` (the [`Issued`] record, JSON), and the office's
//! counter per fiscal year under `document_seq/FY`. A number is given inside
//! the transaction that records it and audits it, so two operators at once
//! never get the same number and none is skipped; the same document asked
//! for again gets the number it was given first, and is audited again.

use super::tx::abort_codec;
use super::{Result, SledStore, StoreError, T};
use crate::domain::Queue;
use crate::domain::document::{DocumentKind, DocumentNumber, Issued};
use crate::domain::time::fiscal_year;
pub use crate::store::IssueRequest;

/// The metadata key of a document of a case.
pub fn issued_key(kind: DocumentKind, queue: Queue, reference: &str) -> String {
    format!("document/{}/{}/{reference}", kind.id(), queue.id())
}

/// The metadata key of the counter of a fiscal year.
pub fn counter_key(fiscal_year: i32) -> String {
    format!("document_seq/{fiscal_year}")
}

fn read(v: &[u8]) -> Result<Issued> {
    serde_json::from_slice(v).map_err(|e| {
        StoreError::Codec(super::Codec::Value {
            detail: format!("a document record: {e}"),
        })
    })
}

impl SledStore {
    /// The document of this kind given for a case, if one was.
    pub fn issued_document(
        &self,
        kind: DocumentKind,
        queue: Queue,
        reference: &str,
    ) -> Result<Option<Issued>> {
        self.meta(&issued_key(kind, queue, reference))?
            .map(|v| read(&v))
            .transpose()
    }

    /// Gives the document its number (the next of its fiscal year) and
    /// records it, or finds the one it was given before; audits either
    /// (`document.issue`, `document.reprint`) in the same transaction.
    pub fn issue_document(&self, r: &IssueRequest<'_>) -> Result<Issued> {
        let _writer = self.writer()?;
        let key = issued_key(r.kind, r.queue, r.reference);
        let out = self.transact(None, |tx| {
            let meta = tx.tree(T::Meta);
            let (issued, action) = match meta.get(key.as_bytes())? {
                Some(v) => {
                    let mut i = read(&v).map_err(abort_codec)?;
                    i.again = true;
                    (i, "document.reprint")
                }
                None => {
                    let fy = fiscal_year(r.date);
                    let seq = tx.next_seq(&counter_key(fy))?;
                    let i = Issued {
                        kind: r.kind,
                        queue: r.queue,
                        reference: r.reference.to_string(),
                        number: DocumentNumber {
                            fiscal_year: fy,
                            seq,
                        },
                        date: r.date,
                        deadline: r.deadline,
                        by: r.by.to_string(),
                        at: r.at,
                        again: false,
                    };
                    let json = serde_json::to_vec(&i).map_err(|e| {
                        abort_codec(StoreError::Codec(super::Codec::Failed {
                            detail: e.to_string(),
                        }))
                    })?;
                    tx.put(T::Meta, key.as_bytes(), &json)?;
                    if let Some(b) = r.first {
                        for w in &b.registry {
                            tx.write_registry(w, r.by, r.uid, r.at, None)?;
                        }
                        for c in &b.cases {
                            tx.write_case(c, r.uid, None)?;
                        }
                    }
                    (i, "document.issue")
                }
            };
            let after = serde_json::json!({
                "kind": issued.kind.id(),
                "fiscal_year": issued.number.fiscal_year,
                "number": issued.number.seq,
                "date": issued.date,
                "deadline": issued.deadline,
            });
            tx.audit(
                r.by,
                r.uid,
                r.at,
                action,
                format!("{}/{}", r.queue.id(), r.reference),
                None,
                Some(after.to_string()),
            )?;
            Ok(issued)
        })?;
        self.flush()?;
        Ok(out)
    }
}
