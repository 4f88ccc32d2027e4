//! Telling UTF-8 from CP932 (Shift_JIS as Excel saves it in Japan), and decoding.
//!
//! CSV is split into records on the raw bytes: in CP932 the bytes of `,`, `"`,
//! CR and LF never occur inside a double-byte character (trail bytes are
//! 0x40 and above), so records can be found first and decoded one at a time.
//! That keeps a million-row CP932 file streaming, like a UTF-8 one.

use encoding_rs::SHIFT_JIS;
use std::io::BufRead;

/// How much of the start of a file decides its encoding.
const SNIFF_BYTES: usize = 1024 * 1024;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with a byte-order mark that has been skipped.
    Utf8Bom,
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// CP932 / Windows-31J (encoding_rs's Shift_JIS is the WHATWG one, which is CP932).
    Cp932,
}

impl TextEncoding {
    /// Decodes one field; None when its bytes are not valid in this encoding.
    pub fn decode<'a>(self, bytes: &'a [u8]) -> Option<std::borrow::Cow<'a, str>> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => std::str::from_utf8(bytes)
                .ok()
                .map(std::borrow::Cow::Borrowed),
            TextEncoding::Cp932 => {
                SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes)
            }
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Cp932 => "CP932 (Shift_JIS)",
        }
    }
}

/// Looks at up to the first MiB of `input`, consumes a UTF-8 BOM if there is one,
/// and says which encoding the file is in: UTF-8 if that start is valid UTF-8
/// (a character cut at the end of the sample is allowed), CP932 otherwise.
/// A later row that does not decode is reported on its own line.
pub fn sniff(input: &mut dyn BufRead) -> std::io::Result<TextEncoding> {
    let sample = fill_sample(input)?;
    if sample.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
        return Ok(TextEncoding::Utf8Bom);
    }
    Ok(match std::str::from_utf8(&sample) {
        Ok(_) => TextEncoding::Utf8,
        // error_len None: the sample ends inside a character, not a fault.
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
        Err(_) => TextEncoding::Cp932,
    })
}

/// A copy of the start of the input, without consuming it. BufReader gives at
/// most its buffer; that is the sample (callers give a 1 MiB buffer).
fn fill_sample(input: &mut dyn BufRead) -> std::io::Result<Vec<u8>> {
    let buf = input.fill_buf()?;
    Ok(buf[..buf.len().min(SNIFF_BYTES)].to_vec())
}

/// The buffer size readers should use so that `sniff` sees a full sample.
pub const READ_BUFFER: usize = SNIFF_BYTES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let sjis = SHIFT_JIS.encode("名前,ソ表\n").0.into_owned();
        assert_eq!(sniff(&mut &sjis[..]).unwrap(), TextEncoding::Cp932);
        assert_eq!(TextEncoding::Cp932.decode(&sjis).unwrap(), "名前,ソ表\n");
        assert_eq!(sniff(&mut &b"a,b\n"[..]).unwrap(), TextEncoding::Utf8);
        let mut bom: &[u8] = b"\xEF\xBB\xBFa,b\n";
        assert_eq!(sniff(&mut bom).unwrap(), TextEncoding::Utf8Bom);
        assert_eq!(bom, b"a,b\n");
        assert!(TextEncoding::Utf8.decode(b"\x83\x5C").is_none());
        assert!(TextEncoding::Cp932.decode(b"\x83").is_none());
    }
}
