//! Dates as the office writes them on the command line: `--as-of` typed in
//! any of its forms, and `lookup` with `[display] dates = "wareki"`.

use std::path::{Path, PathBuf};
use std::process::Output;

struct Store {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    wareki: PathBuf,
}

/// A store holding `examples/import.jsonl`, and a config asking for 和暦.
fn store() -> Store {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/import.jsonl");
    let o = run(
        &dir,
        "C.UTF-8",
        &["--as-of", "2026-11-21", "import", example.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let wareki = tmp.path().join("config.toml");
    std::fs::write(&wareki, "[display]\ndates = \"wareki\"\n").unwrap();
    Store {
        _tmp: tmp,
        dir,
        wareki,
    }
}

fn run(dir: &Path, lang: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .arg("--embedded")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn as_of_takes_every_form_the_office_writes() {
    let s = store();
    let iso = run(&s.dir, "C.UTF-8", &["--as-of", "2026-11-21", "backlog"]);
    assert!(iso.status.success(), "{}", err(&iso));
    assert!(out(&iso).contains("as of 2026-11-21"), "{}", out(&iso));
    for typed in [
        "R8.11.21",
        "R8/11/21",
        "2026/11/21",
        "令和8年11月21日",
        "令和８年１１月２１日",
        "２０２６－１１－２１",
    ] {
        let o = run(&s.dir, "C.UTF-8", &["--as-of", typed, "backlog"]);
        assert!(o.status.success(), "{typed}: {}", err(&o));
        assert_eq!(out(&o), out(&iso), "{typed}");
    }
}

#[test]
fn an_impossible_as_of_is_refused_naming_the_rule() {
    let s = store();
    for (typed, lang, says) in [
        (
            "R1.4.30",
            "ja_JP.UTF-8",
            "「R1.4.30」は令和が始まった 令和元年5月1日 (2019-05-01) より前の日付です",
        ),
        (
            "R1.4.30",
            "C.UTF-8",
            "\"R1.4.30\" is before Reiwa (令和) began on 2019-05-01",
        ),
        (
            "H31.5.1",
            "C.UTF-8",
            "\"H31.5.1\" is after Heisei (平成) ended on 2019-04-30",
        ),
        (
            "2025-02-30",
            "C.UTF-8",
            "\"2025-02-30\" is not a day of the calendar",
        ),
        (
            "tomorrow",
            "C.UTF-8",
            "write it as 2026-11-21, 2026/11/21, R8.11.21",
        ),
        // A real day outside the rules' years: the range, as before.
        ("H1.12.31", "C.UTF-8", "outside 1990-01-01 to 2099-12-31"),
    ] {
        let o = run(&s.dir, lang, &["--as-of", typed, "backlog"]);
        assert_eq!(o.status.code(), Some(2), "{typed}: {}", err(&o));
        assert!(err(&o).contains("--as-of"), "{}", err(&o));
        assert!(err(&o).contains(says), "{typed}: {}", err(&o));
        assert!(!err(&o).contains("panicked"), "{}", err(&o));
    }
}

#[test]
fn lookup_writes_dates_as_the_office_does() {
    let s = store();
    let cfg = s.wareki.to_str().unwrap();
    let o = run(
        &s.dir,
        "ja_JP.UTF-8",
        &["--config", cfg, "--as-of", "R8.11.21", "lookup", "1234567"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    for needle in [
        "  生年月日: 平成2年5月1日\n",
        "[統括回答待ち] 期限 令和8年11月9日\n",
        "  平成30年4月1日 … 令和元年9月30日 石巻赤十字病院 (04-0001)\n",
        "年度ごとに 平成30年4月1日〜平成31年3月31日、平成31年4月1日〜令和元年9月30日",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    // The same lookup in ISO, in English, and as JSON keeps ISO dates.
    let iso = run(
        &s.dir,
        "ja_JP.UTF-8",
        &["--as-of", "2026-11-21", "lookup", "1234567"],
    );
    assert!(
        out(&iso).contains("  生年月日: 1990-05-01\n"),
        "{}",
        out(&iso)
    );
    for args in [
        vec!["--config", cfg, "--lang", "en", "lookup", "1234567"],
        vec!["--config", cfg, "lookup", "1234567", "--json"],
    ] {
        let o = run(&s.dir, "ja_JP.UTF-8", &args);
        assert!(o.status.success(), "{}", err(&o));
        assert!(out(&o).contains("1990-05-01"), "{args:?}: {}", out(&o));
        assert!(!out(&o).contains("平成"), "{args:?}: {}", out(&o));
    }
}

#[test]
fn a_date_style_the_program_does_not_know_is_refused_at_start() {
    let s = store();
    let bad = s.dir.with_file_name("bad.toml");
    std::fs::write(&bad, "[display]\ndates = \"showa\"\n").unwrap();
    let o = run(
        &s.dir,
        "C.UTF-8",
        &["--config", bad.to_str().unwrap(), "lookup", "1234567"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("bad.toml") && e.contains("`display.dates` = \"showa\": must be iso"),
        "{e}"
    );
}
