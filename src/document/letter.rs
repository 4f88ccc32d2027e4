//! A letter laid out from a desk's [`Document`]: the number and date at the
//! top right, the addressee, the sender, the title, the opening in the
//! organisation's wording, the items under 記 with the program's figures,
//! the closing, 以上, and the person in charge. The same [`Letter`] is drawn
//! as text (the TUI's preview) and as a PDF (`pdf`), so the two never differ.

use super::DocumentsConfig;
use super::wording::wording;
use crate::domain::document::{Addressee, Document, DocumentBody};
use crate::domain::templates::fill;
use crate::i18n::labels::{days, yen as yen_in};
use crate::i18n::{DateStyle, DateWidth, Lang, dates, flag_text, queue_name};
use chrono::NaiveDate;

/// One item under 記.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A label and its value, over one or more lines.
    Field { label: String, value: Vec<String> },
    /// A label over a table (its last row is a total when `total`).
    Table {
        label: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Which columns are figures, aligned right.
        right: Vec<bool>,
        total: bool,
    },
}

/// A letter, its words all written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub number: String,
    pub date: String,
    pub addressee: Vec<String>,
    pub sender: Vec<String>,
    pub title: String,
    pub opening: Vec<String>,
    pub items: Vec<Item>,
    pub closing: Vec<String>,
    pub contact: Vec<String>,
}

/// `令和8年12月7日`.
pub fn wareki(d: NaiveDate) -> String {
    dates::date(d, DateStyle::Wareki, DateWidth::Full)
}

/// `令和8年1月6日（2026-01-06）`: the 和暦 and, for a bank, ISO.
fn with_iso(d: NaiveDate) -> String {
    format!("{}（{}）", wareki(d), d.format("%Y-%m-%d"))
}

/// A waiver's reason as the letter says it.
fn waiver_word(r: crate::domain::loan::waiver::WaiverReason) -> &'static str {
    use crate::domain::loan::waiver::WaiverReason as W;
    match r {
        W::Death => "死亡",
        W::Illness => "疾病",
        W::Disaster => "災害",
        W::Other => "やむを得ない理由",
    }
}

fn yen(n: i64) -> String {
    yen_in(Lang::Ja, n)
}

fn field(label: &str, value: impl Into<String>) -> Item {
    Item::Field {
        label: label.into(),
        value: vec![value.into()],
    }
}

fn lines_of(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| crate::text::sanitize(l).into_owned())
        .collect()
}

fn clean(s: &str) -> String {
    crate::text::sanitize(s).into_owned()
}

/// Who the letter is to, the honorific after the name.
fn addressee_lines(a: &Addressee, honorific: &str) -> Vec<String> {
    if a.facility {
        let director = a
            .director
            .as_deref()
            .map(clean)
            .filter(|d| !d.trim().is_empty());
        vec![
            clean(&a.name),
            match director {
                Some(d) => format!("病院長　{d}　{honorific}"),
                None => format!("病院長　{honorific}"),
            },
        ]
    } else {
        vec![format!("{}　{honorific}", clean(&a.name))]
    }
}

fn payee(cfg: &DocumentsConfig) -> Item {
    let value = if cfg.payment_to.trim().is_empty() {
        vec!["同封の納付書により、指定金融機関の窓口で納入してください。".to_string()]
    } else {
        lines_of(&cfg.payment_to)
    };
    Item::Field {
        label: "納入場所".into(),
        value,
    }
}

/// The letter of a document, with the office's configuration.
pub fn letter(doc: &Document, cfg: &DocumentsConfig) -> Letter {
    let i = &doc.issued;
    let a = &doc.addressee;
    let w = wording(i.kind, &cfg.templates);
    let borrower = format!("{}（医籍登録番号 {}）", clean(&a.name), a.number);
    let mut vars: Vec<(&str, String)> = vec![
        ("name", clean(&a.name)),
        ("ref", clean(&i.reference)),
        ("number", cfg.number_text(i.number.seq)),
        ("date", wareki(i.date)),
        ("office", cfg.office.clone()),
        ("person", cfg.person.clone()),
        ("facility", clean(&a.name)),
        (
            "director",
            a.director.as_deref().map(clean).unwrap_or_default(),
        ),
    ];
    let items = match &doc.body {
        DocumentBody::PaymentNotice {
            loan_id,
            trigger,
            trigger_date,
            end_date,
            percent,
            late_percent,
            lines,
            principal,
            interest,
            total,
            waived,
            waiver_reasons,
            paid,
            amount_due,
            deadline,
        } => {
            let cause = crate::i18n::rows::cause(Lang::Ja, *trigger);
            vars.extend([
                ("loan_id", clean(loan_id)),
                ("cause", cause.clone()),
                ("cause_date", wareki(*trigger_date)),
                ("amount", yen(*amount_due)),
                ("deadline", wareki(*deadline)),
                ("late_percent", late_percent.to_string()),
            ]);
            let mut rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    vec![
                        wareki(l.date),
                        yen(l.amount),
                        days(Lang::Ja, l.days),
                        yen(l.interest),
                    ]
                })
                .collect();
            rows.push(vec![
                "合計".into(),
                yen(*principal),
                String::new(),
                yen(*interest),
            ]);
            let mut owed = vec![format!(
                "元金 {} ＋ 利息 {} ＝ {}",
                yen(*principal),
                yen(*interest),
                yen(*total)
            )];
            if *waived > 0 {
                let why: Vec<&str> = waiver_reasons.iter().map(|r| waiver_word(*r)).collect();
                let why = if why.is_empty() {
                    String::new()
                } else {
                    format!("（{}による免除）", why.join("・"))
                };
                owed.push(format!("返還免除額 {}{why}", yen(*waived)));
            }
            if *paid > 0 {
                owed.push(format!("納入済額 {}", yen(*paid)));
            }
            vec![
                field("借受人", borrower),
                field("貸与番号", clean(loan_id)),
                field("返還事由", format!("{cause}（{}）", wareki(*trigger_date))),
                field(
                    "利息",
                    format!(
                        "貸与額に年{percent}%の割合で、各貸与日の翌日から{}までの日数により計算（1年を365日とし、円未満切捨て）",
                        wareki(*end_date)
                    ),
                ),
                Item::Table {
                    label: "返還額の内訳".into(),
                    header: vec![
                        "貸与日".into(),
                        "貸与額".into(),
                        "日数".into(),
                        "利息".into(),
                    ],
                    rows,
                    right: vec![false, true, true, true],
                    total: true,
                },
                Item::Field {
                    label: "返還額".into(),
                    value: owed,
                },
                field("納入金額", yen(*amount_due)),
                field("納期限", with_iso(*deadline)),
                payee(cfg),
            ]
        }
        DocumentBody::Reminder {
            loan_id,
            missed,
            amount_due,
            paid,
            percent,
            late_lines,
            late_interest,
            outstanding,
            deadline,
        } => {
            vars.extend([
                ("loan_id", clean(loan_id)),
                ("missed", wareki(*missed)),
                ("amount", yen(*outstanding)),
                ("deadline", wareki(*deadline)),
                ("late_percent", percent.to_string()),
            ]);
            let mut rows: Vec<Vec<String>> = late_lines
                .iter()
                .map(|l| {
                    vec![
                        format!("{}～{}", wareki(l.from), wareki(l.to)),
                        yen(l.balance),
                        days(Lang::Ja, l.days),
                        yen(l.interest),
                    ]
                })
                .collect();
            rows.push(vec![
                "合計".into(),
                String::new(),
                String::new(),
                yen(*late_interest),
            ]);
            vec![
                field("借受人", borrower),
                field("貸与番号", clean(loan_id)),
                field("当初の納期限", wareki(*missed)),
                field("返還額", yen(*amount_due)),
                field("納入済額", yen(*paid)),
                Item::Table {
                    label: format!("延滞利息（年{percent}%、{}まで）", wareki(i.date)),
                    header: vec![
                        "期間".into(),
                        "未納額".into(),
                        "日数".into(),
                        "延滞利息".into(),
                    ],
                    rows,
                    right: vec![false, true, true, true],
                    total: true,
                },
                field("納入すべき額", yen(*outstanding)),
                field("指定期限", with_iso(*deadline)),
                payee(cfg),
            ]
        }
        DocumentBody::ReturnLetter {
            queue,
            received,
            returned,
            reason,
        } => {
            vars.extend([
                ("received", wareki(*received)),
                ("returned", wareki(*returned)),
                ("queue", queue_name(Lang::Ja, *queue).to_string()),
                ("reason", clean(reason)),
            ]);
            vec![
                field("受付番号", clean(&i.reference)),
                field("件名", queue_name(Lang::Ja, *queue)),
                field("受付日", wareki(*received)),
                field("差し戻し日", wareki(*returned)),
                Item::Field {
                    label: "差し戻しの理由".into(),
                    value: lines_of(reason),
                },
            ]
        }
        DocumentBody::CertificationReturnRequest {
            fiscal_year,
            failing,
            supervisors,
        } => {
            let fy = dates::fiscal_year(Lang::Ja, DateStyle::Wareki, *fiscal_year);
            vars.push(("fiscal_year", fy.clone()));
            let mut found: Vec<String> = failing
                .iter()
                .map(|f| format!("・{}", flag_text(Lang::Ja, *f)))
                .collect();
            if found.is_empty() {
                found.push("・要件を満たす指導責任者がいません".into());
            }
            let named: Vec<String> = if supervisors.is_empty() {
                vec!["（なし）".into()]
            } else {
                supervisors
                    .iter()
                    .map(|(n, c)| {
                        if n.is_empty() {
                            format!("認定医番号 {}（登録なし）", clean(c))
                        } else {
                            format!("{}（認定医番号 {}）", clean(n), clean(c))
                        }
                    })
                    .collect()
            };
            vec![
                field(
                    "施設",
                    format!("{}（施設番号 {}）", clean(&a.name), a.number),
                ),
                field("報告年度", fy),
                field("受付番号", clean(&i.reference)),
                Item::Field {
                    label: "確認された事項".into(),
                    value: found,
                },
                Item::Field {
                    label: "報告された指導責任者".into(),
                    value: named,
                },
                field("提出書類", "認定返上届（公印押印のこと）、認定証"),
            ]
        }
        DocumentBody::LoanDecision {
            loan_id,
            first_fiscal_year,
            years_approved,
            annual_amount,
            disbursements,
        } => {
            vars.push(("loan_id", clean(loan_id)));
            let first = dates::fiscal_year(Lang::Ja, DateStyle::Wareki, *first_fiscal_year);
            let last = dates::fiscal_year(
                Lang::Ja,
                DateStyle::Wareki,
                first_fiscal_year + i32::from(*years_approved) - 1,
            );
            let mut rows: Vec<Vec<String>> = disbursements
                .iter()
                .map(|d| vec![wareki(d.date), yen(d.amount)])
                .collect();
            let total = annual_amount * i64::from(*years_approved);
            let mut items = vec![
                field("借受人", borrower),
                field("貸与番号", clean(loan_id)),
                field(
                    "貸与期間",
                    format!("{first}から{last}まで（{years_approved}年間）"),
                ),
                field("貸与額", format!("年額 {}", yen(*annual_amount))),
                field("貸与総額（予定）", yen(total)),
            ];
            if !rows.is_empty() {
                let paid: i64 = disbursements.iter().map(|d| d.amount).sum();
                rows.push(vec!["合計".into(), yen(paid)]);
                items.push(Item::Table {
                    label: "貸与の状況".into(),
                    header: vec!["貸与日".into(), "貸与額".into()],
                    rows,
                    right: vec![false, true],
                    total: true,
                });
            }
            items.push(field(
                "返還免除の条件",
                format!(
                    "研修修了後、指定医療機関での勤務{}か月",
                    i64::from(*years_approved) * 18
                ),
            ));
            items
        }
    };
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let paragraphs = |s: &str| -> Vec<String> { lines_of(&fill(s, &vars)) };
    let mut sender = Vec::new();
    if !cfg.sender.trim().is_empty() {
        sender.extend(lines_of(&cfg.sender));
    }
    sender.extend(lines_of(&cfg.office));
    let mut contact = Vec::new();
    if !cfg.person.trim().is_empty() {
        contact.push(format!("担当　{}", clean(&cfg.person)));
    }
    contact.extend(lines_of(&cfg.address));
    Letter {
        number: cfg.number_text(i.number.seq),
        date: wareki(i.date),
        addressee: addressee_lines(a, &fill(&w.honorific, &vars)),
        sender,
        title: fill(&w.title, &vars),
        opening: paragraphs(&w.opening),
        items,
        closing: paragraphs(&w.closing),
        contact,
    }
}

/// Closing punctuation, which never starts a line (行頭禁則).
pub fn closes(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '・'
            | '：'
            | '？'
            | '！'
            | ')'
            | ','
            | '.'
    )
}

/// Splits `s` into lines at most `width` cells wide (CJK text breaks
/// anywhere; closing punctuation takes the character before it to the next
/// line rather than start one, 追い出し).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let cell = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = cell(c);
        if w + cw > width.max(2) && !line.is_empty() {
            let mut carried = String::new();
            if closes(c) {
                if let Some(last) = line.pop() {
                    carried.push(last);
                }
            }
            out.push(std::mem::take(&mut line));
            line = carried;
            w = line.chars().map(cell).sum();
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

fn right(s: &str, width: usize) -> String {
    let w = crate::text::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

fn center(s: &str, width: usize) -> String {
    let w = crate::text::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w) / 2))
}

/// The circled or full-width item number: `１`, `２`, … as letters number 記.
pub fn item_number(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

impl Letter {
    /// The letter as lines of text `width` cells wide (the TUI's preview).
    pub fn text(&self, width: usize) -> Vec<String> {
        let width = width.max(20);
        let mut out = vec![right(&self.number, width), right(&self.date, width)];
        out.push(String::new());
        out.extend(self.addressee.iter().cloned());
        out.push(String::new());
        for s in &self.sender {
            out.push(right(s, width));
        }
        out.push(String::new());
        out.extend(wrap(&self.title, width).iter().map(|l| center(l, width)));
        out.push(String::new());
        for p in &self.opening {
            out.extend(wrap(p, width));
        }
        out.push(String::new());
        out.push(center("記", width));
        out.push(String::new());
        for (n, item) in self.items.iter().enumerate() {
            let head = format!("{}　", item_number(n + 1));
            match item {
                Item::Field { label, value } => {
                    let label = format!("{head}{label}");
                    let first = value.first().cloned().unwrap_or_default();
                    let lead = crate::text::width(&label) + 2;
                    if lead + crate::text::width(&first) <= width {
                        out.push(format!("{label}  {first}"));
                    } else {
                        out.push(label);
                        out.extend(wrap(&first, width - 4).iter().map(|l| format!("    {l}")));
                    }
                    for v in value.iter().skip(1) {
                        out.extend(wrap(v, width - 4).iter().map(|l| format!("    {l}")));
                    }
                }
                Item::Table {
                    label,
                    header,
                    rows,
                    right: r,
                    ..
                } => {
                    out.push(format!("{head}{label}"));
                    let cols = header.len();
                    let widths: Vec<usize> = (0..cols)
                        .map(|c| {
                            std::iter::once(header)
                                .chain(rows.iter())
                                .map(|row| row.get(c).map_or(0, |s| crate::text::width(s)))
                                .max()
                                .unwrap_or(0)
                        })
                        .collect();
                    let cell = |c: usize, s: &str| {
                        if r.get(c).copied().unwrap_or(false) {
                            right(s, widths[c])
                        } else {
                            crate::text::pad(s, widths[c])
                        }
                    };
                    for row in std::iter::once(header).chain(rows.iter()) {
                        let cells: Vec<String> = (0..cols)
                            .map(|c| cell(c, row.get(c).map_or("", |s| s)))
                            .collect();
                        let line = format!("    {}", cells.join("  "));
                        out.push(line.trim_end().to_string());
                    }
                }
            }
        }
        out.push(String::new());
        for p in &self.closing {
            out.extend(wrap(p, width));
        }
        out.push(right("以上", width));
        if !self.contact.is_empty() {
            out.push(String::new());
            out.extend(self.contact.iter().map(|c| right(c, width)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let lines = wrap("あいうえお、かきくけこ。", 10);
        assert_eq!(lines, vec!["あいうえ", "お、かきく", "けこ。"]);
        for l in wrap("（1年を365日とし、円未満切捨て）を付す。", 16) {
            assert!(!l.starts_with(closes), "{l}");
            assert!(crate::text::width(&l) <= 16, "{l}");
        }
    }
}
