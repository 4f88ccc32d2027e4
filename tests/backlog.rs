//! End to end: `backlog --json` and `--filter` on a demo store, against counts
//! this test computes itself from `export cases` and `export decisions`.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-21";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .args(["--as-of", AS_OF, "--embedded"])
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap()
}

fn date_of(v: &Value) -> NaiveDate {
    let s = v.as_str().unwrap();
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
                .date_naive()
        })
        .unwrap_or_else(|_| NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").unwrap())
}

const OPEN: [&str; 6] = [
    "awaiting_director",
    "director_approved",
    "submitted",
    "released",
    "missing",
    "open",
];

/// One case as the test reads it from the export.
struct Row {
    queue: String,
    open: bool,
    age: i64,
    due: Option<NaiveDate>,
    assignee: Option<String>,
    received: NaiveDate,
}

fn rows(cases: &[Value]) -> Vec<Row> {
    cases
        .iter()
        .map(|c| {
            let received = date_of(&c["received_at"]);
            Row {
                queue: c["queue"].as_str().unwrap().to_string(),
                open: OPEN.contains(&c["state"].as_str().unwrap()),
                age: (today() - received).num_days().max(0),
                due: c["due"]
                    .as_str()
                    .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
                assignee: c["assignee"].as_str().map(str::to_string),
                received,
            }
        })
        .collect()
}

fn week(d: NaiveDate) -> String {
    format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week())
}

/// The overview's figures for `rows` (all open-case figures), as the JSON has them.
fn expected(rows: &[&Row]) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for q in ["withdrawal", "transfer", "facility_report", "loan_followup"] {
        let open: Vec<&&Row> = rows.iter().filter(|r| r.queue == q && r.open).collect();
        let overdue = |r: &Row| r.due.is_some_and(|d| d < today());
        let due7 = open
            .iter()
            .filter(|r| {
                !overdue(r)
                    && r.due
                        .is_some_and(|d| d <= today() + chrono::Duration::days(7))
            })
            .count();
        let bucket = |lo: i64, hi: i64| open.iter().filter(|r| r.age >= lo && r.age <= hi).count();
        let mut who: BTreeMap<Option<String>, (u64, u64, i64)> = BTreeMap::new();
        for r in &open {
            let e = who.entry(r.assignee.clone()).or_default();
            e.0 += 1;
            e.1 += overdue(r) as u64;
            e.2 = e.2.max(r.age);
        }
        out.insert(
            q.to_string(),
            serde_json::json!({
                "open": open.len(),
                "overdue": open.iter().filter(|r| overdue(r)).count(),
                "due_7d": due7,
                "age": {"0-7": bucket(0, 7), "8-30": bucket(8, 30), "31-90": bucket(31, 90), "90+": bucket(91, i64::MAX)},
                "assignees": who.into_iter().map(|(a, (o, d, old))| serde_json::json!({
                    "assignee": a, "open": o, "overdue": d, "oldest_days": old
                })).collect::<Vec<_>>(),
            }),
        );
    }
    out
}

fn actual(b: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for q in b["queues"].as_array().unwrap() {
        let mut q = q.clone();
        let name = q["queue"].as_str().unwrap().to_string();
        let obj = q.as_object_mut().unwrap();
        obj.remove("queue");
        // The order of assignees is checked apart: unassigned first.
        let list = obj["assignees"].as_array().unwrap().clone();
        if list.len() > 1 && list.iter().any(|a| a["assignee"].is_null()) {
            assert!(list[0]["assignee"].is_null(), "unassigned first: {list:?}");
        }
        let mut sorted = list;
        sorted.sort_by_key(|a| a["assignee"].as_str().map(str::to_string));
        obj.insert("assignees".into(), Value::Array(sorted));
        out.insert(name, q);
    }
    out
}

#[test]
fn backlog_json_agrees_with_the_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&run(
        &dir,
        &["demo", "--cases", "400", "--seed", "5", "--no-tui"],
    ));
    let cases = jsonl(&ok(&run(&dir, &["export", "cases"])));
    let all = rows(&cases);
    let b: Value = serde_json::from_str(&ok(&run(&dir, &["backlog", "--json"]))).unwrap();
    assert_eq!(b["as_of"], AS_OF);
    assert_eq!(actual(&b), expected(&all.iter().collect::<Vec<_>>()));
    assert!(
        all.iter().any(|r| r.open && r.assignee.is_some()),
        "the demo claims some"
    );

    // Twelve ISO weeks, oldest first, ending with this one.
    let weeks = b["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[11]["week"], week(today()));
    for w in weeks {
        let arrived = all.iter().filter(|r| week(r.received) == w["week"]).count();
        assert_eq!(w["arrived"], arrived, "{w}");
    }
    let decisions = jsonl(&ok(&run(&dir, &["export", "decisions"])));
    let closing = |d: &&Value| {
        ["approve", "return", "certification_return"].contains(&d["decision"].as_str().unwrap())
            && !OPEN.contains(&d["state_after"].as_str().unwrap())
    };
    for w in weeks {
        let decided = decisions
            .iter()
            .filter(closing)
            .filter(|d| week(date_of(&d["at"])) == w["week"])
            .count();
        assert_eq!(w["decided"], decided, "{w}");
    }
    assert!(weeks.iter().any(|w| w["decided"].as_u64().unwrap() > 0));

    let text = ok(&run(&dir, &["backlog"]));
    assert!(
        text.contains("overdue") && text.contains(&week(today())),
        "{text}"
    );
}

#[test]
fn filters_select_the_same_cases_for_backlog_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&run(
        &dir,
        &["demo", "--cases", "400", "--seed", "6", "--no-tui"],
    ));
    let all = rows(&jsonl(&ok(&run(&dir, &["export", "cases"]))));

    let query = "age>30 assignee:none";
    let chosen: Vec<&Row> = all
        .iter()
        .filter(|r| r.age > 30 && r.assignee.is_none())
        .collect();
    let b: Value =
        serde_json::from_str(&ok(&run(&dir, &["backlog", "--json", "--filter", query]))).unwrap();
    assert_eq!(actual(&b), expected(&chosen));

    let exported = jsonl(&ok(&run(&dir, &["export", "cases", "--filter", query])));
    assert_eq!(exported.len(), chosen.len());
    let overdue = all
        .iter()
        .filter(|r| r.open && r.due.is_some_and(|d| d < today()))
        .count();
    let exported = jsonl(&ok(&run(&dir, &["export", "cases", "--filter", "overdue"])));
    assert_eq!(exported.len(), overdue);
    assert!(overdue > 0);
    let transfers = jsonl(&ok(&run(
        &dir,
        &[
            "export", "cases", "--queue", "transfer", "--filter", "-overdue",
        ],
    )));
    assert_eq!(
        transfers.len(),
        all.iter()
            .filter(|r| r.queue == "transfer" && !(r.open && r.due.is_some_and(|d| d < today())))
            .count()
    );

    let o = run(&dir, &["backlog", "--filter", "colour:red"]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("colour:red") && err.contains("assignee:"),
        "{err}"
    );
    let o = run(&dir, &["export", "cases", "--filter", "age>soon"]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn the_japanese_table_aligns_by_display_width_and_names_weeks_by_their_monday() {
    use unicode_width::UnicodeWidthStr;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&run(&dir, &["demo", "--cases", "300", "--no-tui"]));
    let text = ok(&run(&dir, &["--lang", "ja", "backlog"]));
    let lines: Vec<&str> = text.lines().collect();
    // The header and each queue's row end at the same cell, and every column's
    // right edge is where the header's is.
    let header = lines[1];
    assert!(header.starts_with("キュー"), "{text}");
    let edges = |line: &str| -> Vec<usize> {
        let mut out = Vec::new();
        let mut cells = 0;
        let mut prev_space = true;
        for ch in line.chars() {
            let here = ch.to_string();
            let w = UnicodeWidthStr::width(here.as_str());
            if ch == ' ' && !prev_space {
                out.push(cells);
            }
            prev_space = ch == ' ';
            cells += w;
        }
        out.push(cells);
        out
    };
    let head_edges = edges(header);
    for row in lines.iter().filter(|l| {
        ["採用辞退", "異動届", "在籍報告", "研修資金"]
            .iter()
            .any(|q| l.starts_with(q))
    }) {
        let e = edges(row);
        assert_eq!(
            e[e.len() - 7..],
            head_edges[head_edges.len() - 7..],
            "misaligned:\n{header}\n{row}"
        );
    }
    assert!(text.contains("11/16の週"), "{text}");
    assert!(!text.contains("2026-W47"), "{text}");
}
