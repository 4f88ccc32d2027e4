//! The form of an export a person reads in Excel (`export … --format csv
//! --excel`), made from the machine CSV as it streams: each column titled in
//! the reader's language, ids as words, times and dates as Excel reads them
//! (`2026/11/07 11:36`, `2026/11/07`), amounts as plain numbers, a UTF-8 BOM
//! first and CRLF line ends. The words are [`Words`]' (`i18n::excel`); this
//! module knows which column holds what, and the shape of the file.
//!
//! Working on the CSV rather than on the records keeps one path for every
//! export, whoever wrote it: the desk here or through a server, or the outbox
//! hand-out a notification at a time.

use super::export::{
    AUDIT_COLUMNS, DECISION_COLUMNS, DELIVERY_COLUMNS, OUTBOX_COLUMNS, case_columns_named,
};
use crate::text::safe_cell;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// The most characters an Excel cell holds; a longer text would spill over
/// into the next row, so it is cut with `…`.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// Which export a CSV holds, as its header tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `export cases`.
    Cases,
    /// `export decisions`.
    Decisions,
    /// `export audit`.
    Audit,
    /// `export outbox` (with `--failed`, the delivery columns too).
    Outbox,
}

impl Table {
    /// The CSV columns of each export, as a [`Table`] names them: a
    /// case export of every queue with the names of the Excel form, and the
    /// outbox with the delivery columns of `--failed`.
    pub fn columns(self) -> Vec<&'static str> {
        match self {
            Table::Cases => case_columns_named(None),
            Table::Decisions => DECISION_COLUMNS.to_vec(),
            Table::Audit => AUDIT_COLUMNS.to_vec(),
            Table::Outbox => OUTBOX_COLUMNS
                .iter()
                .chain(DELIVERY_COLUMNS)
                .copied()
                .collect(),
        }
    }

    /// Every table, in the order the documentation lists them.
    pub const ALL: [Table; 4] = [Table::Cases, Table::Decisions, Table::Audit, Table::Outbox];

    /// The table whose header row this is.
    pub fn of_header(names: &[String]) -> Table {
        let has = |n: &str| names.iter().any(|c| c == n);
        if has("seq") && has("prev_hash") {
            Table::Audit
        } else if has("case_ref") {
            Table::Outbox
        } else if has("state_before") {
            Table::Decisions
        } else {
            Table::Cases
        }
    }
}

/// What one column holds, which decides how its cells are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Text as written.
    Text,
    /// A moment (RFC 3339), shown in JST as `2026/11/07 11:36`.
    DateTime,
    /// A date, shown as `2026/11/07`.
    Date,
    /// A whole number: a count, a year, yen.
    Number,
    /// `true`/`false`.
    YesNo,
    /// A queue's id.
    Queue,
    /// A state's id.
    State,
    /// A decision's id.
    Decision,
    /// An audit record's action: a decision's id, or another action as it is.
    Action,
    /// Flag ids joined by `;`.
    Flags,
    /// A loan follow-up's topic (a flag id).
    Topic,
    /// A withdrawal's kind.
    WithdrawalKind,
    /// The programme director's answer.
    DirectorDecision,
    /// A transfer's kind.
    TransferKind,
    /// A notification's status in the outbox.
    OutboxStatus,
    /// A notification's delivery state with the mail relay.
    Delivery,
    /// The kind of a case that is not its queue's first (`completion_application`).
    CaseKind,
}

impl Column {
    /// What the column of this name holds.
    pub fn of(name: &str) -> Column {
        match name {
            "received_at"
            | "director_decided_at"
            | "chased_at"
            | "completed_at"
            | "at"
            | "created_at"
            | "release_at"
            | "last_attempt_at"
            | "queued_at"
            | "next_attempt_at"
            | "sent_at" => Column::DateTime,
            "due" | "completed_on" => Column::Date,
            "fiscal_year" | "principal" | "interest" | "amount_due" | "service_months"
            | "late_interest" | "seq" | "uid" | "id" | "attempts" => Column::Number,
            "priority_area" | "generated" => Column::YesNo,
            "queue" => Column::Queue,
            "state" | "state_before" | "state_after" => Column::State,
            "decision" => Column::Decision,
            "action" => Column::Action,
            "flags" => Column::Flags,
            "topic" => Column::Topic,
            "withdrawal_kind" => Column::WithdrawalKind,
            "director_decision" => Column::DirectorDecision,
            "transfer_kind" => Column::TransferKind,
            "status" => Column::OutboxStatus,
            "delivery" => Column::Delivery,
            "case_kind" => Column::CaseKind,
            _ => Column::Text,
        }
    }
}

/// The words of the Excel form, in one language.
pub trait Words {
    /// A column's title (None: its name as it is).
    fn title(&self, table: Table, column: &str) -> Option<&'static str>;
    /// A value in words (None: as written).
    fn value(&self, column: Column, raw: &str) -> Option<String>;
}

/// A moment as Excel reads one, in JST: `2026/11/07 11:36`.
pub fn excel_date_time(rfc3339: &str) -> Option<String> {
    let jst = FixedOffset::east_opt(9 * 3600)?;
    let t = DateTime::parse_from_rfc3339(rfc3339).ok()?;
    Some(t.with_timezone(&jst).format("%Y/%m/%d %H:%M").to_string())
}

/// A date as Excel reads one: `2026/11/07`.
pub fn excel_date(iso: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    Some(d.format("%Y/%m/%d").to_string())
}

/// Text that fits one Excel cell: cut to [`EXCEL_CELL_CHARS`], the last one `…`.
pub fn fit_cell(s: String) -> String {
    match s.char_indices().nth(EXCEL_CELL_CHARS) {
        None => s,
        Some(_) => {
            let mut cut: String = s.chars().take(EXCEL_CELL_CHARS - 1).collect();
            cut.push('…');
            cut
        }
    }
}

/// Whole CSV records out of text that comes in pieces: a record ends at a
/// line end outside quotes (a quoted line end is part of its cell).
#[derive(Debug, Default)]
struct Records {
    buf: String,
    scanned: usize,
    quoted: bool,
}

impl Records {
    /// The records the text completes, each as its cells.
    fn push(&mut self, text: &str) -> Vec<Vec<String>> {
        self.buf.push_str(text);
        let mut ends = Vec::new();
        for (i, b) in self.buf.bytes().enumerate().skip(self.scanned) {
            match b {
                b'"' => self.quoted = !self.quoted,
                b'\n' if !self.quoted => ends.push(i + 1),
                _ => {}
            }
        }
        self.scanned = self.buf.len();
        let Some(&last) = ends.last() else {
            return Vec::new();
        };
        let done: String = self.buf.drain(..last).collect();
        self.scanned -= last;
        let mut start = 0;
        let mut out = Vec::with_capacity(ends.len());
        for end in ends {
            out.extend(cells(&done[start..end]));
            start = end;
        }
        out
    }

    /// What is left when the text ends without a line end.
    fn rest(&mut self) -> Option<Vec<String>> {
        let rest = std::mem::take(&mut self.buf);
        self.scanned = 0;
        self.quoted = false;
        cells(&rest)
    }
}

/// The cells of one CSV record (None for a blank line).
fn cells(record: &str) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(record.as_bytes());
    let row = reader.records().next()?.ok()?;
    Some(row.iter().map(str::to_string).collect())
}

/// The machine CSV of an export turned, as it streams, into its Excel form.
#[derive(Debug)]
pub struct ExcelCsv<W: Words> {
    words: W,
    records: Records,
    /// The export and its columns, from the header once it has passed.
    columns: Option<(Table, Vec<Column>)>,
    started: bool,
}

impl<W: Words> ExcelCsv<W> {
    /// A converter that speaks in `words`.
    pub fn new(words: W) -> Self {
        ExcelCsv {
            words,
            records: Records::default(),
            columns: None,
            started: false,
        }
    }

    /// The Excel form of the next piece of the CSV: every record it completes
    /// (the BOM before the first).
    pub fn convert(&mut self, text: &str) -> String {
        let records = self.records.push(text);
        self.write(records)
    }

    /// The last record, when the CSV did not end with a line end.
    pub fn finish(&mut self) -> String {
        let rest = self.records.rest().into_iter().collect();
        self.write(rest)
    }

    fn write(&mut self, records: Vec<Vec<String>>) -> String {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for record in records {
            let row = match &self.columns {
                None => self.header(record),
                Some((_, kinds)) => record
                    .iter()
                    .enumerate()
                    .map(|(i, raw)| self.cell(kinds.get(i).copied(), raw))
                    .collect(),
            };
            // Writing to memory fails only on a cell csv cannot write, which
            // a String cell never is.
            let _ = out.write_record(&row);
        }
        let bytes = out.into_inner().unwrap_or_default();
        let mut text = String::from_utf8(bytes).unwrap_or_default();
        if !self.started && !text.is_empty() {
            text.insert(0, '\u{feff}');
            self.started = true;
        }
        text
    }

    /// The header row in words; it tells which export this is.
    fn header(&mut self, names: Vec<String>) -> Vec<String> {
        let table = Table::of_header(&names);
        let titles = names
            .iter()
            .map(|n| {
                self.words
                    .title(table, n)
                    .map_or_else(|| safe_cell(n), str::to_string)
            })
            .collect();
        self.columns = Some((table, names.iter().map(|n| Column::of(n)).collect()));
        titles
    }

    fn cell(&self, kind: Option<Column>, raw: &str) -> String {
        if raw.is_empty() {
            return String::new();
        }
        let shown = match kind.unwrap_or(Column::Text) {
            Column::Text => None,
            Column::DateTime => excel_date_time(raw),
            Column::Date => excel_date(raw),
            // A number stays a number, a negative one too.
            Column::Number if raw.parse::<i64>().is_ok() => return raw.to_string(),
            Column::Number => None,
            other => self.words.value(other, raw),
        };
        fit_cell(safe_cell(shown.as_deref().unwrap_or(raw)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Words for Plain {
        fn title(&self, _: Table, column: &str) -> Option<&'static str> {
            (column == "ref").then_some("REF")
        }
        fn value(&self, column: Column, raw: &str) -> Option<String> {
            (column == Column::State).then(|| raw.to_uppercase())
        }
    }

    #[test]
    fn records_cut_anywhere_come_out_whole_with_one_bom_and_crlf() {
        let csv = "ref,state,name,received_at,due,amount_due\n\
                   W-1,open,\"山田\n花子\",2026-11-07T02:36:00Z,2026-11-14,3300000\n\
                   W-2,closed,=1+2,,,-5\n";
        let whole = ExcelCsv::new(Plain).convert(csv);
        let want = "\u{feff}REF,state,name,received_at,due,amount_due\r\n\
                    W-1,OPEN,山田 花子,2026/11/07 11:36,2026/11/14,3300000\r\n\
                    W-2,CLOSED,'=1+2,,,-5\r\n";
        assert_eq!(whole, want);
        for cut in 1..csv.len() {
            if !csv.is_char_boundary(cut) {
                continue;
            }
            let mut x = ExcelCsv::new(Plain);
            let got = x.convert(&csv[..cut]) + &x.convert(&csv[cut..]) + &x.finish();
            assert_eq!(got, want, "cut at {cut}");
        }
    }

    #[test]
    fn a_csv_without_its_last_line_end_is_finished() {
        let mut x = ExcelCsv::new(Plain);
        let head = x.convert("ref,due\nW-1,2026-01-02");
        assert_eq!(head, "\u{feff}REF,due\r\n");
        assert_eq!(x.finish(), "W-1,2026/01/02\r\n");
    }

    #[test]
    fn the_header_tells_the_export() {
        let names = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(Table::of_header(&names("ref,queue,state")), Table::Cases);
        assert_eq!(
            Table::of_header(&names("ref,queue,decision,state_before")),
            Table::Decisions
        );
        assert_eq!(Table::of_header(&names("seq,at,prev_hash")), Table::Audit);
        assert_eq!(Table::of_header(&names("id,case_ref")), Table::Outbox);
    }

    #[test]
    fn a_cell_too_long_for_excel_is_cut() {
        let long = "あ".repeat(EXCEL_CELL_CHARS + 10);
        let cut = fit_cell(long);
        assert_eq!(cut.chars().count(), EXCEL_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(fit_cell("short".into()), "short");
    }

    #[test]
    fn dates_read_as_dates() {
        assert_eq!(
            excel_date_time("2026-11-07T11:36:59+09:00").as_deref(),
            Some("2026/11/07 11:36")
        );
        assert_eq!(excel_date("2026-11-07").as_deref(), Some("2026/11/07"));
        assert_eq!(excel_date("soon"), None);
    }
}
