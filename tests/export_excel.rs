//! `export … --format csv --excel`: the file a clerk opens in Excel — titles
//! and labels in the user's language, warnings by name, facility and
//! supervisor names, dates Excel reads, yen as plain numbers, a BOM and CRLF
//! line ends — for every export that takes `--excel`; and the plain CSV and
//! JSONL keep the machine's ids.

use secretariat::domain::{DecisionKind, Flag, State};
use secretariat::i18n::{Lang, decision_name, flag_text, state_label};
use std::path::Path;
use std::process::{Command, Output};

/// The binary with `LANG` set as a user's shell would set it.
fn bin(lang_env: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", lang_env).env_remove("LC_ALL");
    c
}

fn run(dir: &Path, lang_env: &str, args: &[&str]) -> Output {
    let o = bin(lang_env)
        .arg("--data-dir")
        .arg(dir)
        .args(["--as-of", "2026-11-21", "--embedded"])
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn demo(dir: &Path) {
    run(dir, "C.UTF-8", &["demo", "--cases", "100", "--no-tui"]);
}

/// A CSV's header and rows.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut all = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
        let header = all.next().expect("a header");
        Table {
            header,
            rows: all.collect(),
        }
    }

    fn col(&self, title: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == title)
            .unwrap_or_else(|| panic!("no column {title} in {:?}", self.header))
    }

    /// The cells of one column.
    fn cells(&self, title: &str) -> Vec<&str> {
        let i = self.col(title);
        self.rows.iter().map(|r| r[i].as_str()).collect()
    }
}

/// An export written with `-o` in its Excel form, decoded: a UTF-8 BOM, every
/// line end CRLF, then the CSV.
fn excel(dir: &Path, lang_env: &str, args: &[&str]) -> Table {
    let file = dir.parent().unwrap().join("excel.csv");
    let mut all = args.to_vec();
    all.extend(["--format", "csv", "--excel", "-o", file.to_str().unwrap()]);
    run(dir, lang_env, &all);
    let bytes = std::fs::read(&file).unwrap();
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a UTF-8 byte-order mark first");
    let lf = body.iter().filter(|b| **b == b'\n').count();
    let crlf = body.windows(2).filter(|w| *w == b"\r\n").count();
    assert!(lf > 0 && lf == crlf, "{lf} line feeds, {crlf} CRLF");
    Table::parse(std::str::from_utf8(body).expect("UTF-8"))
}

fn plain(dir: &Path, args: &[&str]) -> Table {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let o = run(dir, "C.UTF-8", &all);
    Table::parse(&String::from_utf8(o.stdout).unwrap())
}

/// `2026-11-07T11:36:00+09:00` as Excel reads it: `2026/11/07 11:36`.
fn excel_time(rfc3339: &str) -> String {
    assert!(rfc3339.ends_with("+09:00"), "{rfc3339}");
    format!("{} {}", rfc3339[..10].replace('-', "/"), &rfc3339[11..16])
}

/// What each language calls the columns and values the checks below read.
struct Words {
    lang: Lang,
    env: &'static str,
    titles: [&'static str; 10],
    awaiting: &'static str,
    director_unanswered: &'static str,
}

const JA: Words = Words {
    lang: Lang::Ja,
    env: "ja_JP.UTF-8",
    titles: [
        "受付番号",
        "キュー",
        "状態",
        "警告",
        "受付日時",
        "期限",
        "返還額 (円)",
        "施設名",
        "指導責任者 (氏名)",
        "氏名・施設名",
    ],
    awaiting: "統括回答待ち",
    director_unanswered: "統括責任者が回答していません (督促の対象)",
};

const EN: Words = Words {
    lang: Lang::En,
    env: "C.UTF-8",
    titles: [
        "Reference",
        "Queue",
        "State",
        "Warnings",
        "Received",
        "Due",
        "Amount due (yen)",
        "Facility name",
        "Supervisors (names)",
        "Name",
    ],
    awaiting: "awaiting the director",
    director_unanswered: "the programme director has not answered (chase)",
};

#[test]
fn cases_for_excel_read_in_japanese_and_in_english() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo(&dir);
    let machine = plain(&dir, &["export", "cases"]);
    for w in [JA, EN] {
        let t = excel(&dir, w.env, &["export", "cases"]);
        let [
            r#ref,
            queue,
            state,
            flags,
            received,
            due,
            yen,
            facility,
            supervisors,
            name,
        ] = w.titles;
        assert_eq!(&t.header[..3], &[r#ref, queue, state], "{:?}", w.lang);
        assert_eq!(t.rows.len(), machine.rows.len());
        assert_eq!(t.cells(r#ref), machine.cells("ref"));

        // States and warnings by name, never by id or code.
        let states = t.cells(state);
        for (shown, id) in states.iter().zip(machine.cells("state")) {
            let s = State::from_id(id).unwrap();
            assert_eq!(*shown, state_label(w.lang, s));
        }
        assert!(states.contains(&w.awaiting), "{states:?}");
        let warned = t.cells(flags);
        for (shown, ids) in warned.iter().zip(machine.cells("flags")) {
            let names: Vec<&str> = ids
                .split(';')
                .filter(|id| !id.is_empty())
                .map(|id| flag_text(w.lang, Flag::from_id(id).unwrap()))
                .collect();
            assert_eq!(*shown, names.join(" / "));
            assert!(!shown.contains('_') && !shown.contains("NOSUP"), "{shown}");
        }
        assert!(
            warned.iter().any(|c| c.contains(w.director_unanswered)),
            "{warned:?}"
        );

        // Dates and times Excel reads as dates.
        for (shown, at) in t.cells(received).iter().zip(machine.cells("received_at")) {
            assert_eq!(*shown, excel_time(at));
        }
        assert!(t.cells(received).contains(&"2026/11/07 11:36"));
        for (shown, day) in t.cells(due).iter().zip(machine.cells("due")) {
            assert_eq!(*shown, day.replace('-', "/"));
        }

        // Yen as plain numbers: digits only, the same as the machine's.
        let amounts = t.cells(yen);
        assert_eq!(amounts, machine.cells("amount_due"));
        assert!(amounts.iter().any(|a| !a.is_empty()));
        assert!(
            amounts
                .iter()
                .all(|a| a.bytes().all(|b| b.is_ascii_digit()))
        );

        // Names where the machine has ids: a facility report's facility
        // and its supervisors.
        let (facilities, sups, names) = (t.cells(facility), t.cells(supervisors), t.cells(name));
        let reports: Vec<usize> = (0..t.rows.len())
            .filter(|i| machine.rows[*i][machine.col("queue")] == "facility_report")
            .collect();
        assert!(!reports.is_empty());
        for i in reports {
            assert_eq!(facilities[i], names[i], "row {i}");
            let cert = machine.rows[i][machine.col("supervisors")].as_str();
            assert_eq!(sups[i].split(';').count(), cert.split(';').count());
            assert!(cert.is_empty() || sups[i] != cert, "{}", sups[i]);
        }
        assert!(sups.iter().any(|s| !s.is_empty()));
    }
    // `--lang` goes before LANG.
    let ja_by_flag = excel(&dir, "C.UTF-8", &["--lang", "ja", "export", "cases"]);
    assert_eq!(ja_by_flag.header[0], "受付番号");
    let en_by_flag = excel(&dir, "ja_JP.UTF-8", &["--lang", "en", "export", "cases"]);
    assert_eq!(en_by_flag.header[0], "Reference");
}

/// The columns of `export cases --format csv`, as they were before the
/// Excel form: its names are not among them.
const MACHINE_CASE_COLUMNS: &str = "ref,queue,state,subject,name,received_at,due,assignee,flags,registration_number,program,director,reason,withdrawal_kind,director_email,director_decision,director_decided_at,chased_at,completed_at,transfer_kind,from_association,requested_category,to_association,to_prefecture,to_district,current_category,facility,facility_duty,case_kind,association,training,completed_on,notes,facility_number,fiscal_year,reporter_name,supervisors,director_name,contact_email,generated,loan_id,topic,principal,interest,amount_due,service_months,late_interest,prefecture,medical_area,priority_area";

#[test]
fn plain_csv_and_jsonl_keep_the_machine_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo(&dir);
    // In Japanese too: only --excel speaks the user's language.
    let o = run(&dir, "ja_JP.UTF-8", &["export", "cases", "--format", "csv"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.starts_with('\u{feff}') && !text.contains('\r'));
    let t = Table::parse(&text);
    assert_eq!(t.header.join(","), MACHINE_CASE_COLUMNS);
    assert!(t.cells("state").contains(&"awaiting_director"));
    assert!(t.cells("queue").contains(&"withdrawal"));
    assert!(
        t.cells("flags")
            .iter()
            .any(|f| f.contains("director_unanswered"))
    );
    assert!(
        t.cells("received_at")
            .contains(&"2026-11-07T11:36:00+09:00")
    );
    assert!(t.cells("priority_area").contains(&"false"));
    let o = run(&dir, "ja_JP.UTF-8", &["export", "cases"]);
    let jsonl = String::from_utf8(o.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["queue"], "withdrawal");
    assert!(first.get("facility_name").is_none(), "{first}");
    assert!(jsonl.contains("\"state\":\"awaiting_director\""));
    let d = plain(&dir, &["export", "decisions"]);
    assert_eq!(
        d.header.join(","),
        "ref,queue,decision,reason,actor,at,state_before,state_after"
    );
    assert!(d.cells("decision").contains(&"approve"));
}

#[test]
fn decisions_audit_and_the_outbox_for_excel_are_in_words_and_never_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo(&dir);
    // A transfer whose text would be formulas in a spreadsheet.
    let file = tmp.path().join("formulas.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"person","registration_number":"7654321","name":"=1+2","birth_date":"1990-05-01"}"#,
            "\n",
            r#"{"kind":"transfer","ref":"T-2026-990001","received_at":"2026-11-02 09:30","registration_number":"7654321","transfer_kind":"association_transfer","from_association":"@SUM(A1)","to_association":"宮城県医師会","requested_category":"B","reason":"-2+3"}"#,
            "\n"
        ),
    )
    .unwrap();
    // An association whose name is a formula (the demo's owner administers it).
    run(
        &dir,
        "C.UTF-8",
        &[
            "orgs",
            "add",
            "sum-a1",
            "@SUM(A1)",
            "--kind",
            "district_association",
        ],
    );
    run(&dir, "C.UTF-8", &["import", file.to_str().unwrap()]);
    let t = excel(
        &dir,
        "ja_JP.UTF-8",
        &["export", "cases", "--queue", "transfer"],
    );
    let row = t
        .rows
        .iter()
        .find(|r| r[0] == "T-2026-990001")
        .expect("the imported transfer");
    assert_eq!(row[t.col("氏名・施設名")], "'=1+2");
    assert_eq!(row[t.col("異動元")], "'@SUM(A1)");
    assert_eq!(row[t.col("理由")], "'-2+3");
    assert_eq!(row[t.col("異動の種別")], "医師会の異動");
    assert_eq!(row[t.col("受付日時")], "2026/11/02 09:30");

    let d = excel(&dir, "ja_JP.UTF-8", &["export", "decisions"]);
    assert_eq!(
        d.header,
        [
            "受付番号",
            "キュー",
            "決定",
            "理由",
            "実施者",
            "日時",
            "変更前の状態",
            "変更後の状態"
        ]
    );
    let decisions = d.cells("決定");
    assert!(decisions.contains(&decision_name(Lang::Ja, DecisionKind::Approve)));
    assert!(decisions.iter().all(|c| !c.is_ascii()), "{decisions:?}");
    assert!(d.cells("変更後の状態").contains(&"統括承認済み"));

    let a = excel(&dir, "C.UTF-8", &["export", "audit"]);
    assert_eq!(a.header[..5], ["Seq.", "At", "By", "UID", "Action"]);
    assert!(a.cells("Action").contains(&"approve"));
    assert!(a.cells("Action").contains(&"users.add"));
    assert!(
        a.cells("At")
            .iter()
            .all(|c| c.len() == 16 && c.contains('/'))
    );

    let all = excel(&dir, "ja_JP.UTF-8", &["export", "outbox", "--all"]);
    assert_eq!(all.header[..4], ["通知番号", "キュー", "受付番号", "決定"]);
    assert!(all.cells("件名").iter().all(|s| !s.is_empty()));
    assert!(all.cells("状態").contains(&"送信待ち (取消可)"));
    // The hand-out, a notification at a time, takes the same form.
    let out = excel(&dir, "C.UTF-8", &["export", "outbox"]);
    assert_eq!(
        out.header[..3],
        ["Notification no.", "Queue", "Case reference"]
    );
    assert!(!out.rows.is_empty());
    assert!(out.cells("Queue").iter().all(|q| {
        [
            "Withdrawals",
            "Transfers",
            "Facility reports",
            "Loan follow-ups",
        ]
        .contains(q)
    }));
}
