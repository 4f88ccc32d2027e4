//! JSON Lines: one object a line, tagged by `kind`, read a line at a time.

use super::fields::{Cell, Fields};
use super::rows::{Stamp, build};
use super::{Kind, Record, RowError, RowProblem};
use std::io::{BufRead, Read};

/// Longest line read into memory; a longer one is skipped and reported.
pub const MAX_LINE_BYTES: u64 = 16 * 1024 * 1024;

/// Rows of a JSONL stream.
pub(crate) struct JsonlRows {
    input: Box<dyn BufRead + Send>,
    file: String,
    kind: Option<Kind>,
    stamp: Stamp,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlRows {
    pub fn new(
        input: Box<dyn BufRead + Send>,
        file: String,
        kind: Option<Kind>,
        stamp: Stamp,
    ) -> Self {
        JsonlRows {
            input,
            file,
            kind,
            stamp,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn error(&self, problem: RowProblem) -> RowError {
        RowError {
            file: self.file.clone(),
            line: self.line,
            problem,
        }
    }

    /// Reads the next line into `buf`, at most MAX_LINE_BYTES of it. Returns
    /// Ok(false) at the end, Err(reason) for a line too long or a read error.
    fn read_line(&mut self) -> Result<bool, RowProblem> {
        let cannot = |e: std::io::Error| RowProblem::CannotRead {
            detail: e.to_string(),
        };
        self.buf.clear();
        let n = (&mut self.input)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut self.buf)
            .map_err(cannot)?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        if self.buf.last() != Some(&b'\n') && n as u64 == MAX_LINE_BYTES {
            // Skip the rest of the line without keeping it.
            loop {
                let chunk = self.input.fill_buf().map_err(cannot)?;
                if chunk.is_empty() {
                    break;
                }
                if let Some(i) = chunk.iter().position(|b| *b == b'\n') {
                    self.input.consume(i + 1);
                    break;
                }
                let len = chunk.len();
                self.input.consume(len);
            }
            self.buf.clear();
            return Err(RowProblem::LineTooLong {
                mib: MAX_LINE_BYTES / 1024 / 1024,
            });
        }
        Ok(true)
    }

    fn parse(&self) -> Result<Record, RowProblem> {
        let mut bytes: &[u8] = &self.buf;
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| RowProblem::NotUtf8)?;
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| RowProblem::NotJson {
                detail: e.to_string(),
            })?;
        let serde_json::Value::Object(map) = value else {
            return Err(RowProblem::NotObject);
        };
        let tagged = match map.get("kind") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => match Kind::from_id(s) {
                Some(k) => Some(k),
                None => {
                    return Err(RowProblem::UnknownKind {
                        kind: crate::domain::field::kept(s),
                    });
                }
            },
            Some(_) => return Err(RowProblem::KindNotText),
        };
        let kind = match (tagged, self.kind) {
            (Some(t), Some(k)) if t != k => {
                return Err(RowProblem::KindDiffers {
                    kind: t.id().to_string(),
                    expected: k.id().to_string(),
                    by_option: true,
                });
            }
            (Some(t), _) => t,
            (None, Some(k)) => k,
            (None, None) => return Err(RowProblem::NoKind),
        };
        let cells = map.into_iter().map(|(k, v)| (k, Cell::Json(v))).collect();
        build(kind, Fields::new(cells), &self.stamp)
    }
}

impl Iterator for JsonlRows {
    type Item = Result<(usize, Record), RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read_line() {
                Ok(false) => self.done = true,
                Err(problem) => {
                    if matches!(problem, RowProblem::CannotRead { .. }) {
                        self.done = true;
                    }
                    return Some(Err(self.error(problem)));
                }
                Ok(true) => {
                    let body = match self.buf.strip_prefix(b"\xEF\xBB\xBF") {
                        Some(rest) if self.line == 1 => rest,
                        _ => &self.buf[..],
                    };
                    if body.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(
                        self.parse()
                            .map(|r| (self.line, r))
                            .map_err(|e| self.error(e)),
                    );
                }
            }
        }
        None
    }
}
