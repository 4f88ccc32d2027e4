//! End-to-end tests of the binary on temporary stores: exit codes, messages,
//! and the store's behaviour under misuse.

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", "C.UTF-8").env_remove("LC_ALL");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--data-dir")
        .arg(dir)
        .arg("--as-of")
        .arg("2026-11-21")
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_creator_is_supervisor_and_users_are_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["users", "add", "tanaka", "operator"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dir, &["users", "list"]);
    assert!(stdout(&o).contains("tanaka\toperator"), "{}", stdout(&o));
    let o = run(&dir, &["users", "add", "x", "emperor"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a role"));
    let o = run(&dir, &["export", "audit"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("users.add"), "{}", stdout(&o));
    let o = run(&dir, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("the store is sound"));
    // Closed cleanly each time: no word of a crash or its recovery.
    for _ in 0..2 {
        let o = run(&dir, &["--embedded", "check"]);
        assert!(o.status.success(), "{}", stdout(&o));
        assert!(
            !stdout(&o).contains("not been closed cleanly"),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn a_user_gets_the_name_people_read_and_a_bad_one_is_refused_by_its_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(
        &dir,
        &["users", "add", "tanaka", "operator", "--shown", "田中 美咲"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dir, &["users", "list"]);
    assert!(
        stdout(&o).contains("tanaka\toperator@office\t田中 美咲"),
        "{}",
        stdout(&o)
    );
    let long = "長".repeat(41);
    for (shown, lang, said) in [
        (long.as_str(), "C.UTF-8", "1 to 40 characters"),
        (long.as_str(), "ja_JP.UTF-8", "1〜40文字"),
        ("a\u{7}b", "C.UTF-8", "control characters"),
    ] {
        let o = bin()
            .env("LANG", lang)
            .arg("--data-dir")
            .arg(&dir)
            .args(["users", "name", "tanaka", shown])
            .output()
            .unwrap();
        assert!(!o.status.success());
        assert!(stderr(&o).contains(said), "{lang}: {}", stderr(&o));
    }
    let o = run(&dir, &["users", "name", "tanaka", "--clear"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dir, &["users", "list"]);
    assert!(
        stdout(&o).contains("tanaka\toperator@office\n"),
        "{}",
        stdout(&o)
    );
    let o = run(&dir, &["export", "audit"]);
    assert_eq!(
        stdout(&o).matches("users.name").count(),
        2,
        "{}",
        stdout(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["export", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    let o = bin()
        .args(["--as-of", "2025-02-30", "check"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2025-02-30"));
}

#[test]
fn a_store_in_use_gets_one_clear_sentence_and_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    // Held by the same OS user, who may check the store once it is free.
    let held = secretariat::store::Store::open_keyed(
        &dir,
        &secretariat::cli::os_user(),
        secretariat::audit_key::owner_key(None).unwrap(),
    )
    .unwrap();
    let o = run(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("is open in another secretariat process"), "{e}");
    let ja = bin()
        .env("LANG", "ja_JP.UTF-8")
        .arg("--data-dir")
        .arg(&dir)
        .args(["--embedded", "check"])
        .output()
        .unwrap();
    assert_eq!(ja.status.code(), Some(1));
    assert!(
        stderr(&ja).contains("別の secretariat プロセスが開いています"),
        "{}",
        stderr(&ja)
    );
    assert_eq!(
        e.trim().lines().count(),
        1,
        "one sentence, no backtrace: {e}"
    );
    assert!(!e.contains("panicked"));
    drop(held);
    let o = run(&dir, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_store_of_a_newer_schema_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    {
        let s = secretariat::store::Store::open_keyed(
            &dir,
            "boss",
            secretariat::audit_key::owner_key(None).unwrap(),
        )
        .unwrap();
        s.tamper_for_tests("schema").unwrap();
    }
    let o = run(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("newer secretariat (schema 99"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_damaged_store_file_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    assert!(
        run(&dir, &["users", "add", "tanaka", "operator"])
            .status
            .success()
    );
    let db = dir.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(100).take(3000) {
        *b = 0xAB;
    }
    std::fs::write(&db, &bytes).unwrap();
    let o = run(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is damaged"), "{}", stderr(&o));
    let ja = bin()
        .env("LANG", "ja_JP.UTF-8")
        .arg("--data-dir")
        .arg(&dir)
        .args(["--embedded", "check"])
        .output()
        .unwrap();
    assert_eq!(ja.status.code(), Some(1));
    assert!(
        stderr(&ja).contains("ストアは破損しています (db が前回"),
        "{}",
        stderr(&ja)
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file must be left as it was"
    );
}

#[test]
fn a_plain_copy_of_a_healthy_store_opens_and_backup_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    assert!(
        run(&dir, &["users", "add", "tanaka", "operator"])
            .status
            .success()
    );
    let copy = tmp.path().join("copy");
    let st = Command::new("cp")
        .arg("-r")
        .arg(&dir)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(st.success());
    let o = run(&copy, &["users", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dest = tmp.path().join("backup");
    let o = run(&dir, &["backup", dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dest, &["users", "list"]);
    assert!(stdout(&o).contains("tanaka\toperator"), "{}", stderr(&o));
    assert!(run(&dest, &["check"]).status.success());
    let o = run(&dir, &["backup", dest.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0), "a backup never overwrites");
}

#[test]
fn a_config_with_bad_keys_is_refused_at_start_with_file_key_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    assert!(
        run(&dir, &["users", "add", "tanaka", "operator"])
            .status
            .success()
    );
    for (body, says) in [
        (
            "[tui.keys]\naprove = [\"z\"]\n",
            "aprove: there is no action of that name (did you mean approve?)",
        ),
        (
            "[tui.keys]\nnote = [\"Hyper-q\"]\n",
            "note = \"Hyper-q\": not a key name",
        ),
        (
            "[tui.keys]\napprove = [\"j\"]\n",
            "j would mean both down and approve in the case list",
        ),
    ] {
        let cfg = tmp.path().join("config.toml");
        std::fs::write(&cfg, body).unwrap();
        let o = run(&dir, &["--config", cfg.to_str().unwrap(), "users", "list"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("config.toml") && e.contains(says), "{e}");
    }
}

#[test]
fn export_csv_for_excel_has_a_bom_and_crlf_and_the_default_stays_plain() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "40", "--seed", "3", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plain = run(&dir, &["--embedded", "export", "cases", "--format", "csv"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert!(!plain.stdout.starts_with("\u{feff}".as_bytes()));
    assert!(!plain.stdout.windows(2).any(|w| w == b"\r\n"));
    let excel = run(
        &dir,
        &[
            "--embedded",
            "export",
            "cases",
            "--format",
            "csv",
            "--excel",
        ],
    );
    assert!(excel.status.success(), "{}", stderr(&excel));
    let bytes = &excel.stdout;
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| *w == b"\r\n").count();
    assert!(lf > 40 && lf == crlf, "{lf} line feeds, {crlf} CRLF");
    // One record a line in both; the Excel form's words are tests/export_excel.rs's.
    assert_eq!(lf, plain.stdout.iter().filter(|b| **b == b'\n').count());
    let o = run(&dir, &["--embedded", "export", "cases", "--excel"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_killed_backup_never_opens_and_a_whole_one_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "6000", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut cut_short = 0;
    for (i, wait_ms) in [5u64, 20, 60, 150, 400].into_iter().enumerate() {
        let dest = tmp.path().join(format!("b{i}"));
        let mut child = bin()
            .arg("--data-dir")
            .arg(&dir)
            .args(["--embedded", "backup"])
            .arg(&dest)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
        let finished = child.wait().unwrap().success();
        let partial = tmp.path().join(format!(".b{i}.partial"));
        if finished {
            assert!(run(&dest, &["check"]).status.success());
            continue;
        }
        // Killed: the partial copy refuses to open.
        // Killed after its last step (the whole, sealed copy renamed to
        // DEST), the backup is there and whole; before it, DEST is not there.
        if dest.join("db").exists() {
            assert!(
                run(&dest, &["check"]).status.success(),
                "a killed backup left a store at DEST that is not whole"
            );
            continue;
        }
        if partial.exists() {
            cut_short += 1;
            let o = run(&partial, &["--embedded", "users", "list"]);
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            assert!(stderr(&o).contains("cut short"), "{}", stderr(&o));
        }
    }
    // And one killed as soon as its partial copy appears, so that one is
    // caught in the middle whatever the machine's speed (a few tries, in
    // case a copy is done before the partial is seen).
    for i in 0..10 {
        if cut_short > 0 {
            break;
        }
        let dest = tmp.path().join(format!("m{i}"));
        let partial = tmp.path().join(format!(".m{i}.partial"));
        let mut child = bin()
            .arg("--data-dir")
            .arg(&dir)
            .args(["--embedded", "backup"])
            .arg(&dest)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Its marker written: the copy has begun.
        let marker = partial.join("BACKUP-INCOMPLETE");
        let start = std::time::Instant::now();
        while !marker.exists()
            && child.try_wait().unwrap().is_none()
            && start.elapsed() < std::time::Duration::from_secs(20)
        {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
        if child.wait().unwrap().success() {
            continue;
        }
        // Killed after its last step (the whole, sealed copy renamed to
        // DEST), the backup is there and whole; before it, DEST is not there.
        if dest.join("db").exists() {
            assert!(
                run(&dest, &["check"]).status.success(),
                "a killed backup left a store at DEST that is not whole"
            );
            continue;
        }
        if partial.exists() {
            cut_short += 1;
            let o = run(&partial, &["--embedded", "users", "list"]);
            assert_eq!(o.status.code(), Some(1));
            assert!(stderr(&o).contains("cut short"), "{}", stderr(&o));
        }
    }
    assert!(cut_short > 0, "no backup was caught in the middle");
    // A whole backup through the same path opens and passes check.
    let dest = tmp.path().join("whole");
    assert!(
        run(&dir, &["backup", dest.to_str().unwrap()])
            .status
            .success()
    );
    assert!(run(&dest, &["check"]).status.success());
}

#[test]
fn check_reads_every_record_and_every_role() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "50", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(run(&dir, &["check"]).status.success());
    for (what, says) in [
        ("person", "people \""),
        (
            "role",
            "users \"mallory\": the role admin supervisor@office is not the one the audit log gave",
        ),
    ] {
        let copy = tmp.path().join(what);
        assert!(
            run(&dir, &["backup", copy.to_str().unwrap()])
                .status
                .success()
        );
        {
            let s = secretariat::store::Store::open_keyed(
                &copy,
                "nobody",
                secretariat::audit_key::owner_key(None).unwrap(),
            )
            .unwrap();
            s.tamper_for_tests(what).unwrap();
        }
        let o = run(&copy, &["check"]);
        assert_eq!(o.status.code(), Some(1), "{what}");
        let out = stdout(&o);
        assert!(out.contains(says), "{what}: {out}");
        assert!(
            !stderr(&o).contains("damaged"),
            "a fault is reported, not a damaged store"
        );
    }
}

#[test]
fn check_names_a_record_that_does_not_read_in_every_table() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "50", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The first user by name is a clerk, not whoever runs the check.
    assert!(
        run(
            &dir,
            &["users", "add", "a-clerk", "operator", "--org", "office"]
        )
        .status
        .success()
    );
    let open = || {
        secretariat::store::Store::open_keyed(
            &dir,
            "nobody",
            secretariat::audit_key::owner_key(None).unwrap(),
        )
        .unwrap()
    };
    for table in secretariat::store::table_names_for_tests() {
        // An import cut short is rolled back when the store opens, header and all.
        if table == "import_journal" {
            continue;
        }
        let garbled = {
            let s = open();
            s.garble_record_for_tests(table).unwrap().unwrap()
        };
        // Embedded: no server lingers to hold the store from the next open.
        let o = run(&dir, &["--embedded", "check"]);
        assert_eq!(o.status.code(), Some(1), "{table}: {}", stderr(&o));
        let out = stdout(&o);
        let named = format!("fault: {}", garbled.named());
        assert!(
            out.lines()
                .any(|l| l.starts_with(&named) && l.contains(": the record does not read (")),
            "{table}: {named:?} not in\n{out}"
        );
        assert!(stderr(&o).contains("fault(s)"), "{}", stderr(&o));
        open().restore_record_for_tests(&garbled).unwrap();
    }
    let o = run(&dir, &["check"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn check_names_a_record_that_does_not_read_in_japanese_and_in_english() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "20", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let garbled = {
        let s = secretariat::store::Store::open_keyed(
            &dir,
            "nobody",
            secretariat::audit_key::owner_key(None).unwrap(),
        )
        .unwrap();
        s.garble_record_for_tests("people").unwrap().unwrap()
    };
    let check = |lang: &str, extra: &[&str]| {
        bin()
            .env("LANG", lang)
            .arg("--data-dir")
            .arg(&dir)
            .arg("--as-of")
            .arg("2026-11-21")
            .args(extra)
            .args(["--embedded", "check"])
            .output()
            .expect("binary runs")
    };
    let o = check("ja_JP.UTF-8", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let named = format!(
        "不備: {}: レコードを読めません (人として読めません: ",
        garbled.named()
    );
    assert!(
        out.lines().any(|l| l.starts_with(&named)),
        "{named:?} not in\n{out}"
    );
    // Every line is Japanese: the count, the fault, the verdict.
    for l in out.lines().chain(stderr(&o).lines()) {
        assert!(
            l.chars()
                .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')),
            "not Japanese: {l}"
        );
    }
    assert!(stderr(&o).contains("1 件の不備"), "{}", stderr(&o));
    // The same store in English.
    let o = check("ja_JP.UTF-8", &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let named = format!(
        "fault: {}: the record does not read (not a person: ",
        garbled.named()
    );
    assert!(
        stdout(&o).lines().any(|l| l.starts_with(&named)),
        "{named:?} not in\n{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("1 fault(s)"), "{}", stderr(&o));
}

#[test]
fn a_refusal_of_the_store_is_said_in_the_users_language() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let o = run(&dir, &["demo", "--cases", "5", "--no-tui"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dest = tmp.path().join("full");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("something"), "x").unwrap();
    for (lang, extra, said) in [
        ("ja_JP.UTF-8", None, "は空ではありません"),
        (
            "ja_JP.UTF-8",
            Some("en"),
            "is not empty; give a new or empty directory",
        ),
    ] {
        for reach in [&["--embedded"][..], &[][..]] {
            let mut c = bin();
            c.env("LANG", lang).arg("--data-dir").arg(&dir);
            if let Some(l) = extra {
                c.args(["--lang", l]);
            }
            let o = c
                .args(reach)
                .arg("backup")
                .arg(&dest)
                .output()
                .expect("binary runs");
            assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
            assert!(stderr(&o).contains(said), "{reach:?}: {}", stderr(&o));
        }
    }
}

#[test]
fn a_newcomer_is_told_what_is_wrong_before_anything_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_secretariat");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("LANG", "ja_JP.UTF-8")
            .env_remove("LC_ALL")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let none = tmp.path().join("none");
    let none_s = none.to_str().unwrap();
    // The screen without a terminal: said in words, nothing created.
    let o = run(&["--data-dir", none_s]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("端末が必要です"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let o = run(&["--lang", "en", "--data-dir", none_s]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a terminal"));
    // A read command on a dir with no store refuses and names it.
    for args in [
        vec!["lookup", "1234567"],
        vec!["backlog"],
        vec!["export", "cases"],
        vec!["check"],
        vec!["users", "list"],
    ] {
        let mut all = vec!["--data-dir", none_s];
        all.extend(args.iter().copied());
        let o = run(&all);
        assert_eq!(o.status.code(), Some(3), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("ストアがありません") && err.contains(none_s),
            "{args:?}: {err}"
        );
    }
    assert!(!none.exists(), "a read command created the store");
    // An empty directory holds no store either.
    std::fs::create_dir(&none).unwrap();
    let o = run(&["--data-dir", none_s, "backlog"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        std::fs::read_dir(&none).unwrap().count(),
        0,
        "files were created"
    );
    // --data-dir naming a file.
    let file = tmp.path().join("afile");
    std::fs::write(&file, "x").unwrap();
    let o = run(&[
        "--lang",
        "en",
        "--data-dir",
        file.to_str().unwrap(),
        "backlog",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a file"), "{err}");
    // import still makes a new store.
    let people = tmp.path().join("people.jsonl");
    std::fs::write(
        &people,
        "{\"kind\":\"person\",\"registration_number\":\"1000001\",\"name\":\"山田 太郎\",\"birth_date\":\"1990-05-01\"}\n",
    )
    .unwrap();
    let made = tmp.path().join("made");
    let o = run(&[
        "--embedded",
        "--data-dir",
        made.to_str().unwrap(),
        "import",
        people.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "--embedded",
        "--data-dir",
        made.to_str().unwrap(),
        "lookup",
        "1000001",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_refusal_is_printed_in_the_users_language() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let bin = env!("CARGO_BIN_EXE_secretariat");
    let made = std::process::Command::new(bin)
        .args([
            "--data-dir",
            dir.to_str().unwrap(),
            "demo",
            "--no-tui",
            "--cases",
            "20",
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
    let run = |lang: &str, args: &[&str]| {
        std::process::Command::new(bin)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .args(["--embedded", "--data-dir", dir.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let o = run("ja_JP.UTF-8", &["lookup", "9999999"]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("医籍登録番号 9999999 の人は登録されていません"),
        "{err}"
    );
    let o = run("ja_JP.UTF-8", &["--lang", "en", "lookup", "9999999"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no person, case or loan has registration number 9999999"),
        "{err}"
    );
    // A permission refusal names who can grant it, in Japanese.
    let o = run(
        "ja_JP.UTF-8",
        &["--user", "sato", "users", "add", "x", "operator"],
    );
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ヘルプデスク") && err.contains("secretariat users add sato supervisor"),
        "{err}"
    );
}
