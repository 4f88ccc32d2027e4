//! CSV: one file per kind, a header row of field names, streamed record by record.

use super::encoding::{TextEncoding, sniff};
use super::fields::{Cell, Fields};
use super::rows::{Stamp, build};
use super::{FileProblem, InterchangeError, Kind, Record, RowError, RowProblem};
use std::io::BufRead;

/// Rows of a CSV stream of one kind.
pub(crate) struct CsvRows {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    encoding: TextEncoding,
    header: Vec<String>,
    file: String,
    kind: Kind,
    stamp: Stamp,
    record: csv::ByteRecord,
    done: bool,
}

impl CsvRows {
    /// Detects the encoding and reads and checks the header. An empty file has
    /// no header and yields no rows (the caller reports "no rows"). A header
    /// naming an unknown field, repeating one or lacking a required one is a
    /// `Format` error: no row of such a file could be right.
    pub fn new(
        mut input: Box<dyn BufRead + Send>,
        file: String,
        kind: Kind,
        stamp: Stamp,
    ) -> Result<Self, InterchangeError> {
        let format = |problem: FileProblem| InterchangeError {
            file: file.clone(),
            problem,
        };
        let encoding = sniff(&mut input).map_err(|e| {
            format(FileProblem::CannotRead {
                detail: e.to_string(),
            })
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut head = csv::ByteRecord::new();
        let has_header = reader.read_byte_record(&mut head).map_err(|e| {
            format(FileProblem::HeaderUnreadable {
                detail: e.to_string(),
            })
        })?;
        let mut header = Vec::with_capacity(head.len());
        for cell in head.iter() {
            let name = encoding
                .decode(cell)
                .ok_or_else(|| format(FileProblem::HeaderNotText))?;
            header.push(name.trim().trim_start_matches('\u{FEFF}').to_string());
        }
        let rows = CsvRows {
            reader,
            encoding,
            header,
            file,
            kind,
            stamp,
            record: csv::ByteRecord::new(),
            done: !has_header,
        };
        if has_header {
            rows.check_header()?;
        }
        Ok(rows)
    }

    fn format(&self, problem: FileProblem) -> InterchangeError {
        InterchangeError {
            file: self.file.clone(),
            problem,
        }
    }

    fn check_header(&self) -> Result<(), InterchangeError> {
        let kind = self.kind;
        for (i, name) in self.header.iter().enumerate() {
            if name != "kind" && !kind.has_field(name) {
                let fields = kind
                    .required_fields()
                    .iter()
                    .chain(kind.optional_fields())
                    .map(|f| f.to_string())
                    .collect();
                return Err(self.format(FileProblem::UnknownField {
                    field: crate::domain::field::kept(name),
                    kind: kind.id().to_string(),
                    fields,
                }));
            }
            if self.header[..i].contains(name) {
                return Err(self.format(FileProblem::FieldTwice {
                    field: crate::domain::field::kept(name),
                }));
            }
        }
        if let Some(missing) = kind
            .required_fields()
            .iter()
            .find(|f| !self.header.iter().any(|h| h == *f))
        {
            return Err(self.format(FileProblem::MissingField {
                field: missing.to_string(),
                kind: kind.id().to_string(),
            }));
        }
        Ok(())
    }

    fn row(&self) -> Result<Option<Record>, RowProblem> {
        if self
            .record
            .iter()
            .all(|c| c.iter().all(u8::is_ascii_whitespace))
        {
            return Ok(None);
        }
        if self.record.len() != self.header.len() {
            return Err(RowProblem::FieldCount {
                got: self.record.len(),
                header: self.header.len(),
            });
        }
        let mut cells = Vec::with_capacity(self.header.len());
        for (name, bytes) in self.header.iter().zip(self.record.iter()) {
            let Some(text) = self.encoding.decode(bytes) else {
                return Err(RowProblem::NotEncoded {
                    encoding: self.encoding.name().to_string(),
                });
            };
            if name == "kind" {
                if !text.trim().is_empty() && text.trim() != self.kind.id() {
                    return Err(RowProblem::KindDiffers {
                        kind: crate::domain::field::kept(text.trim()),
                        expected: self.kind.id().to_string(),
                        by_option: false,
                    });
                }
                continue;
            }
            cells.push((name.clone(), Cell::Text(text.into_owned())));
        }
        build(self.kind, Fields::new(cells), &self.stamp).map(Some)
    }
}

impl Iterator for CsvRows {
    type Item = Result<(usize, Record), RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    // A malformed quote may leave the reader anywhere; an I/O
                    // error ends the file.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                    }
                    return Some(Err(RowError {
                        file: self.file.clone(),
                        line,
                        problem: RowProblem::NotCsv {
                            detail: e.to_string(),
                        },
                    }));
                }
                Ok(true) => {
                    let line = self.record.position().map_or(0, |p| p.line() as usize);
                    match self.row() {
                        Ok(None) => continue,
                        Ok(Some(r)) => return Some(Ok((line, r))),
                        Err(problem) => {
                            return Some(Err(RowError {
                                file: self.file.clone(),
                                line,
                                problem,
                            }));
                        }
                    }
                }
            }
        }
        None
    }
}
