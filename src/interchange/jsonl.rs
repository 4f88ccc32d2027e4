//! JSON Lines: one object a line, tagged by `kind`, read a line at a time.

use super::fields::{Cell, Fields, shown};
use super::rows::{Stamp, build};
use super::{Kind, Record, RowError};
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

    fn error(&self, reason: String) -> RowError {
        RowError {
            file: self.file.clone(),
            line: self.line,
            reason,
        }
    }

    /// Reads the next line into `buf`, at most MAX_LINE_BYTES of it. Returns
    /// Ok(false) at the end, Err(reason) for a line too long or a read error.
    fn read_line(&mut self) -> Result<bool, String> {
        self.buf.clear();
        let n = (&mut self.input)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| format!("cannot read the line: {e}"))?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        if self.buf.last() != Some(&b'\n') && n as u64 == MAX_LINE_BYTES {
            // Skip the rest of the line without keeping it.
            loop {
                let chunk = self
                    .input
                    .fill_buf()
                    .map_err(|e| format!("cannot read the line: {e}"))?;
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
            return Err(format!(
                "line is longer than {} MiB",
                MAX_LINE_BYTES / 1024 / 1024
            ));
        }
        Ok(true)
    }

    fn parse(&self) -> Result<Record, String> {
        let mut bytes: &[u8] = &self.buf;
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "line is not valid UTF-8 (JSON Lines files must be UTF-8)".to_string())?;
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("line is not JSON: {e}"))?;
        let serde_json::Value::Object(map) = value else {
            return Err("line is not a JSON object".to_string());
        };
        let tagged = match map.get("kind") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => match Kind::from_id(s) {
                Some(k) => Some(k),
                None => {
                    let ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
                    return Err(format!(
                        "unknown kind {}; expected one of {}",
                        shown(s),
                        ids.join(", ")
                    ));
                }
            },
            Some(_) => return Err("field \"kind\" must be text".to_string()),
        };
        let kind = match (tagged, self.kind) {
            (Some(t), Some(k)) if t != k => {
                return Err(format!(
                    "kind \"{}\" does not match --kind {}",
                    t.id(),
                    k.id()
                ));
            }
            (Some(t), _) => t,
            (None, Some(k)) => k,
            (None, None) => return Err("missing required field \"kind\"".to_string()),
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
                Err(reason) => {
                    if reason.starts_with("cannot read") {
                        self.done = true;
                    }
                    return Some(Err(self.error(reason)));
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
