//! A letter drawn on A4 as a PDF by krilla: the configured font embedded
//! (subset to the glyphs used), the text as text (it copies and searches),
//! a page per letter and more when one runs long. Widths for alignment come
//! from the font's own advances (skrifa).

use super::letter::{Item, Letter, item_number};
use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::path::{Path, PathBuf};

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 72.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = 780.0;
const BODY: f32 = 10.5;
const LINE: f32 = 17.5;
const TITLE: f32 = 15.0;
/// Where an item's value starts, after its number and label.
const VALUE_X: f32 = MARGIN_X + 118.0;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "cannot read the font {path}: {source} (install fonts-ipaexfont-mincho, or name another font in [documents] font)"
    )]
    FontFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a font that can be embedded (a TrueType or OpenType font)")]
    NotAFont { path: PathBuf },
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The font, loaded once for any number of letters.
pub struct LetterFont {
    data: std::sync::Arc<Vec<u8>>,
    font: Font,
    units_per_em: f32,
}

impl LetterFont {
    /// Reads the font file.
    pub fn load(path: &Path) -> Result<LetterFont, PdfError> {
        let bytes = std::fs::read(path).map_err(|source| PdfError::FontFile {
            path: path.to_path_buf(),
            source,
        })?;
        let not_a_font = || PdfError::NotAFont {
            path: path.to_path_buf(),
        };
        let data = std::sync::Arc::new(bytes);
        let font = Font::new(data.clone().into(), 0).ok_or_else(not_a_font)?;
        let units_per_em = skrifa::FontRef::from_index(&data, 0)
            .map_err(|_| not_a_font())?
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Ok(LetterFont {
            data,
            font,
            units_per_em: units_per_em.max(1.0),
        })
    }

    /// The width of `s` at `size` points, from the font's advances.
    fn width(&self, s: &str, size: f32) -> f32 {
        let Ok(f) = skrifa::FontRef::from_index(&self.data, 0) else {
            return 0.0;
        };
        let map = f.charmap();
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = s
            .chars()
            .map(|c| {
                map.map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(self.units_per_em / 2.0)
            })
            .sum();
        units * size / self.units_per_em
    }

    /// Splits `s` into lines that fit `max` points at `size`.
    fn wrap(&self, s: &str, size: f32, max: f32) -> Vec<String> {
        let mut out = Vec::new();
        let mut line = String::new();
        for c in s.chars() {
            let mut next = line.clone();
            next.push(c);
            // Closing punctuation stays on its line (禁則), a little over.
            let closing = super::letter::closes(c);
            if self.width(&next, size) > max && !line.is_empty() && !closing {
                out.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
        if !line.is_empty() || out.is_empty() {
            out.push(line);
        }
        out
    }
}

/// Draws one page after another, moving to a new page at the bottom.
struct Pen<'a> {
    font: &'a LetterFont,
    y: f32,
}

impl Pen<'_> {
    fn text(&self, s: &mut Surface<'_>, x: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        s.draw_text(
            Point::from_xy(x, self.y),
            self.font.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn right(&self, s: &mut Surface<'_>, right: f32, size: f32, text: &str) {
        let w = self.font.width(text, size);
        self.text(s, right - w, size, text);
    }

    fn center(&self, s: &mut Surface<'_>, size: f32, text: &str) {
        let w = self.font.width(text, size);
        self.text(s, (PAGE_W - w) / 2.0, size, text);
    }
}

fn rule(s: &mut Surface<'_>, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        s.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

/// The lines of a letter, each with how it is drawn, so that pages can be
/// cut between any two.
enum Line {
    Right(String),
    Left(f32, String),
    Center(f32, String),
    /// A table row: cells at x positions (right-aligned cells end there),
    /// and the rules above it (`Some(width)`).
    Row {
        cells: Vec<(f32, bool, String)>,
        top: Option<f32>,
        bottom: Option<f32>,
        from: f32,
        to: f32,
    },
    Gap(f32),
}

fn layout(letter: &Letter, font: &LetterFont) -> Vec<Line> {
    let width = PAGE_W - 2.0 * MARGIN_X;
    let mut out = vec![
        Line::Right(letter.number.clone()),
        Line::Right(letter.date.clone()),
        Line::Gap(LINE),
    ];
    for a in &letter.addressee {
        out.push(Line::Left(MARGIN_X, a.clone()));
    }
    out.push(Line::Gap(LINE / 2.0));
    for s in &letter.sender {
        out.push(Line::Right(s.clone()));
    }
    out.push(Line::Gap(LINE));
    for l in font.wrap(&letter.title, TITLE, width) {
        out.push(Line::Center(TITLE, l));
    }
    out.push(Line::Gap(LINE / 2.0));
    for p in &letter.opening {
        for l in font.wrap(p, BODY, width) {
            out.push(Line::Left(MARGIN_X, l));
        }
    }
    out.push(Line::Gap(LINE / 2.0));
    out.push(Line::Center(BODY, "記".into()));
    out.push(Line::Gap(LINE / 2.0));
    for (n, item) in letter.items.iter().enumerate() {
        let head = format!("{}　", item_number(n + 1));
        match item {
            Item::Field { label, value } => {
                let label = format!("{head}{label}");
                let label_w = font.width(&label, BODY);
                let x = if MARGIN_X + label_w + 8.0 > VALUE_X {
                    out.push(Line::Left(MARGIN_X, label.clone()));
                    None
                } else {
                    Some(VALUE_X)
                };
                let avail = PAGE_W - MARGIN_X - VALUE_X;
                let mut first = x.is_some();
                for v in value {
                    for l in font.wrap(v, BODY, avail) {
                        if first {
                            out.push(Line::Row {
                                cells: vec![(MARGIN_X, false, label.clone()), (VALUE_X, false, l)],
                                top: None,
                                bottom: None,
                                from: 0.0,
                                to: 0.0,
                            });
                            first = false;
                        } else {
                            out.push(Line::Left(VALUE_X, l));
                        }
                    }
                }
            }
            Item::Table {
                label,
                header,
                rows,
                right,
                total,
            } => {
                out.push(Line::Left(MARGIN_X, format!("{head}{label}")));
                let from = MARGIN_X + 16.0;
                let pad = 14.0;
                let widths: Vec<f32> = (0..header.len())
                    .map(|c| {
                        std::iter::once(header)
                            .chain(rows.iter())
                            .map(|r| r.get(c).map_or(0.0, |s| font.width(s, BODY)))
                            .fold(0.0, f32::max)
                            + 2.0 * pad
                    })
                    .collect();
                let to = from + widths.iter().sum::<f32>();
                let n = rows.len();
                for (i, row) in std::iter::once(header).chain(rows.iter()).enumerate() {
                    let mut x = from;
                    let mut cells = Vec::new();
                    for (c, w) in widths.iter().enumerate() {
                        let text = row.get(c).cloned().unwrap_or_default();
                        let r = right.get(c).copied().unwrap_or(false);
                        let at = if r { x + w - pad } else { x + pad };
                        cells.push((at, r, text));
                        x += w;
                    }
                    let is_total = *total && i == n;
                    out.push(Line::Row {
                        cells,
                        top: Some(if i == 0 || i == 1 || is_total {
                            0.8
                        } else {
                            0.3
                        }),
                        bottom: (i == n).then_some(0.8),
                        from,
                        to,
                    });
                }
                out.push(Line::Gap(LINE / 3.0));
            }
        }
    }
    out.push(Line::Gap(LINE / 2.0));
    for p in &letter.closing {
        for l in font.wrap(p, BODY, width) {
            out.push(Line::Left(MARGIN_X, l));
        }
    }
    out.push(Line::Right("以上".into()));
    if !letter.contact.is_empty() {
        out.push(Line::Gap(LINE));
        for c in &letter.contact {
            out.push(Line::Right(c.clone()));
        }
    }
    out
}

/// The letters as one PDF, each starting on a new A4 page.
pub fn render(letters: &[Letter], font: &LetterFont) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::new();
    let a4 = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("A4".into()))?;
    for letter in letters {
        let lines = layout(letter, font);
        let mut rest = lines.as_slice();
        while !rest.is_empty() {
            let mut page = doc.start_page_with(a4.clone());
            let mut s = page.surface();
            let mut pen = Pen { font, y: TOP };
            let mut used = 0;
            for line in rest {
                if pen.y > BOTTOM && used > 0 {
                    break;
                }
                used += 1;
                let right_edge = PAGE_W - MARGIN_X;
                match line {
                    Line::Gap(h) => {
                        pen.y += h;
                        continue;
                    }
                    Line::Right(t) => pen.right(&mut s, right_edge, BODY, t),
                    Line::Left(x, t) => pen.text(&mut s, *x, BODY, t),
                    Line::Center(size, t) => {
                        if *size > BODY {
                            pen.y += 4.0;
                        }
                        pen.center(&mut s, *size, t);
                        if *size > BODY {
                            pen.y += 6.0;
                        }
                    }
                    Line::Row {
                        cells,
                        top,
                        bottom,
                        from,
                        to,
                    } => {
                        let above = pen.y - LINE * 0.72;
                        if let Some(w) = top {
                            rule(&mut s, *from, above, *to, above, *w);
                        }
                        for (x, r, t) in cells {
                            if *r {
                                pen.right(&mut s, *x, BODY, t);
                            } else {
                                pen.text(&mut s, *x, BODY, t);
                            }
                        }
                        if let Some(w) = bottom {
                            let below = above + LINE;
                            rule(&mut s, *from, below, *to, below, *w);
                        }
                        if top.is_some() {
                            rule(&mut s, *from, above, *from, above + LINE, 0.8);
                            rule(&mut s, *to, above, *to, above + LINE, 0.8);
                        }
                    }
                }
                pen.y += LINE;
            }
            s.finish();
            page.finish();
            rest = &rest[used..];
        }
    }
    let title = letters.first().map(|l| l.title.clone()).unwrap_or_default();
    doc.set_metadata(
        Metadata::new()
            .title(title)
            .language("ja".into())
            .creator("secretariat".into()),
    );
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}
