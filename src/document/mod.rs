//! Documents at the edge: the `[documents]` section of the configuration
//! (the office that signs, its number prefix, the font, where files go and
//! how they are printed), the organisation's wording (`wording`), a letter
//! laid out from a desk's [`Document`] (`letter`), as text for the preview
//! (`letter::Letter::text`) and as an A4 PDF with its font embedded (`pdf`).

pub mod letter;
pub mod pdf;
pub mod wording;

use crate::domain::config::{ConfigCheck, ConfigProblem};
use crate::domain::document::{Document, DocumentKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The font used when the configuration names none: IPAex Mincho, from
/// Debian's `fonts-ipaexfont-mincho` (IPA Font License, which allows
/// embedding).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";
/// The longest office name, address line set, person or payee, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The longest number prefix (`医政第`), in characters.
pub const MAX_PREFIX_CHARS: usize = 20;

/// `[documents]`: who sends the letters and how they are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentsConfig {
    /// The office that sends the letters (`○○県保健福祉部医療政策課`).
    pub office: String,
    /// Who signs, under the office (`○○県知事 ○○ ○○`); none: the office alone.
    pub sender: String,
    /// The office's address, lines separated by `\n`.
    pub address: String,
    /// The person in charge (担当), with a telephone number if wished.
    pub person: String,
    /// What a number starts with: `医政第` gives `医政第12号`.
    pub number_prefix: String,
    /// Where a repayment is paid (納入場所): the bank and account, lines by `\n`.
    pub payment_to: String,
    /// A TrueType or OpenType font with Japanese glyphs, embedded in each PDF.
    pub font: PathBuf,
    /// Where the TUI writes documents; default `~/secretariat-documents`.
    pub output_dir: Option<PathBuf>,
    /// A command that prints a PDF given as its last argument (`lpr -P office`);
    /// none: files are only written.
    pub print_command: Option<String>,
    /// The organisation's wording of each kind, over the built-in (`wording`).
    pub templates: BTreeMap<String, wording::LetterWording>,
}

impl Default for DocumentsConfig {
    fn default() -> Self {
        DocumentsConfig {
            office: "事務局".into(),
            sender: String::new(),
            address: String::new(),
            person: String::new(),
            number_prefix: "第".into(),
            payment_to: String::new(),
            font: PathBuf::from(DEFAULT_FONT),
            output_dir: None,
            print_command: None,
            templates: BTreeMap::new(),
        }
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n')
}

impl DocumentsConfig {
    /// Every value against its rule (docs/administration.md lists them).
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut c = ConfigCheck {
            prefix: "documents",
            problems: Vec::new(),
        };
        for (key, v, max) in [
            ("office", &self.office, MAX_TEXT_CHARS),
            ("sender", &self.sender, MAX_TEXT_CHARS),
            ("address", &self.address, MAX_TEXT_CHARS),
            ("person", &self.person, MAX_TEXT_CHARS),
            ("payment_to", &self.payment_to, MAX_TEXT_CHARS),
            ("number_prefix", &self.number_prefix, MAX_PREFIX_CHARS),
        ] {
            let n = v.chars().count();
            if n > max || has_control(v) {
                c.fail(
                    key,
                    format!("{v:?}"),
                    format!("at most {max} characters, no control characters but line breaks"),
                );
            }
        }
        if self.office.trim().is_empty() {
            c.fail("office", "\"\"", "a letter needs the office that sends it");
        }
        if self.number_prefix.contains('\n') {
            c.fail(
                "number_prefix",
                format!("{:?}", self.number_prefix),
                "one line",
            );
        }
        let ext = self
            .font
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc")) {
            c.fail(
                "font",
                self.font.display(),
                "a TrueType or OpenType font file (.ttf, .otf, .ttc) with Japanese glyphs, e.g. fonts-ipaexfont-mincho's ipaexm.ttf",
            );
        }
        if self
            .output_dir
            .as_ref()
            .is_some_and(|d| d.as_os_str().is_empty())
        {
            c.fail("output_dir", "\"\"", "a directory, or leave it out");
        }
        if let Some(cmd) = &self.print_command {
            if cmd.split_whitespace().next().is_none() || has_control(cmd) || cmd.contains('\n') {
                c.fail(
                    "print_command",
                    format!("{cmd:?}"),
                    "a command and its arguments on one line (e.g. \"lpr -P office\"), or leave it out",
                );
            }
        }
        let ids: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.id()).collect();
        for (key, w) in &self.templates {
            if DocumentKind::parse(key).is_none_or(|k| k.id() != key) {
                c.fail(
                    &format!("templates.{key:?}"),
                    "",
                    format!("a template is named by its kind: {}", ids.join(", ")),
                );
            }
            for (field, v) in w.fields() {
                if v.chars().count() > wording::MAX_WORDING_CHARS || has_control(v) {
                    c.fail(
                        &format!("templates.{key}.{field}"),
                        format!("{v:?}"),
                        format!(
                            "at most {} characters, no control characters but line breaks",
                            wording::MAX_WORDING_CHARS
                        ),
                    );
                }
            }
        }
        c.problems
    }

    /// Where documents are written: the configured directory, else
    /// `~/secretariat-documents`.
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| {
            directories::BaseDirs::new()
                .map(|b| b.home_dir().join("secretariat-documents"))
                .unwrap_or_else(|| PathBuf::from("secretariat-documents"))
        })
    }

    /// `医政第12号`: the prefix, the number, 号; a number not yet given
    /// (a preview) is left blank, as on a draft: `医政第　　号`.
    pub fn number_text(&self, seq: u64) -> String {
        if seq == 0 {
            return format!("{}　　号", self.number_prefix);
        }
        format!("{}{seq}号", self.number_prefix)
    }
}

/// A file name for a document: its kind, fiscal year, number and case,
/// in ASCII (`payment_notice-2026-0012-L-2026-0001.pdf`).
pub fn file_name(d: &Document) -> String {
    let safe: String = d
        .issued
        .reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}-{}-{:04}-{safe}.pdf",
        d.issued.kind.id(),
        d.issued.number.fiscal_year,
        d.issued.number.seq
    )
}

/// Writes `bytes` to `path` whole: through a temporary file in the same
/// directory, renamed into place, so a reader never sees half a PDF.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Prints `file` with the configured command (`lpr -P office FILE`); the
/// command is run directly, not through a shell.
pub fn print(command: &str, file: &Path) -> std::io::Result<()> {
    let mut words = command.split_whitespace();
    let program = words
        .next()
        .ok_or_else(|| std::io::Error::other("the print command is empty"))?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{program} ended with {status}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        assert!(DocumentsConfig::default().problems().is_empty());
        let bad = DocumentsConfig {
            office: " ".into(),
            number_prefix: "x".repeat(21),
            font: "/tmp/font.png".into(),
            print_command: Some("  ".into()),
            output_dir: Some(PathBuf::new()),
            ..Default::default()
        };
        let keys: Vec<String> = bad.problems().into_iter().map(|p| p.key).collect();
        for k in [
            "documents.office",
            "documents.number_prefix",
            "documents.font",
            "documents.print_command",
            "documents.output_dir",
        ] {
            assert!(keys.iter().any(|x| x == k), "{k} not in {keys:?}");
        }
    }

    #[test]
    fn a_bad_value_stops_the_config_naming_its_key_and_the_docs_list_every_key() {
        let err = crate::config::Config::parse("[documents]\nfont = \"seal.png\"\n").unwrap_err();
        assert!(err.contains("documents.font"), "{err}");
        let err = crate::config::Config::parse("[documents.templates.invoice]\ntitle = \"x\"\n")
            .unwrap_err();
        assert!(err.contains("payment_notice"), "{err}");
        assert!(
            crate::config::Config::parse("[documents.templates.reminder]\nfooter = \"x\"\n")
                .is_err()
        );
        let docs = include_str!("../../docs/administration.md");
        for key in [
            "office",
            "sender",
            "address",
            "person",
            "number_prefix",
            "payment_to",
            "font",
            "output_dir",
            "print_command",
            "templates",
        ] {
            assert!(
                docs.lines()
                    .any(|l| l.starts_with("| ") && l.contains(&format!("`documents.{key}")))
                    || docs.contains(&format!("`documents.{key}`")),
                "docs/administration.md lists no documents.{key}"
            );
        }
    }

    #[test]
    fn numbers_read_as_the_office_writes_them() {
        let c = DocumentsConfig {
            number_prefix: "医政第".into(),
            ..Default::default()
        };
        assert_eq!(c.number_text(12), "医政第12号");
        assert_eq!(c.number_text(0), "医政第　　号");
    }
}
