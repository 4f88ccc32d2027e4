//! `import`, `export` and `backup` through a running server, with another
//! client connected: the same bytes and messages as without a server.

mod server_support;

use secretariat::desk::CaseKey;
use secretariat::domain::Queue;
use secretariat::server::Event;
use server_support::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn key(n: usize) -> CaseKey {
    CaseKey::new(Queue::Withdrawal, wref(n))
}

/// A configuration whose notifications are due at once, so that `export
/// outbox` releases them.
fn config(tmp: &Path) -> String {
    let cfg = tmp.join("config.toml");
    std::fs::write(&cfg, "[rules]\nrelease_delay_secs = 0\n").unwrap();
    cfg.to_str().unwrap().to_string()
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, Some(0), "{args:?}: {err}\n{}", log(dir));
    out
}

const EXPORTS: [&[&str]; 11] = [
    &["export", "cases"],
    &[
        "export",
        "cases",
        "--format",
        "csv",
        "--queue",
        "withdrawal",
    ],
    &["export", "decisions"],
    &["export", "decisions", "--format", "csv"],
    &["export", "audit"],
    &["export", "outbox", "--all"],
    // The supervisor's figures and the filter language, through the server too.
    &["export", "cases", "--filter", "-state:returned age<400"],
    &["backlog", "--json"],
    &["backlog", "--filter", "age>5"],
    // The Excel form, made from the CSV as its chunks arrive.
    &[
        "--lang", "ja", "export", "cases", "--format", "csv", "--excel",
    ],
    &[
        "--lang",
        "en",
        "export",
        "decisions",
        "--format",
        "csv",
        "--excel",
    ],
];

#[test]
fn exports_through_the_server_equal_the_embedded_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let cfg = config(tmp.path());
    // Enough cases for the export of cases to take several chunks of 1 MiB.
    store(&dir, 4000);
    {
        let _server = ServerProc::start_with(&dir, &["--config", &cfg]);
        let me = remote(&dir);
        for i in 0..6 {
            let rev = me
                .ask::<CaseDetail>(Request::Detail {
                    key: key(i).to_owned(),
                })
                .unwrap()
                .case
                .revision;
            if i % 2 == 0 {
                me.ask::<Case>(Request::ReturnCase {
                    key: key(i).to_owned(),
                    revision: rev,
                    reason: "書類が不足しています".into(),
                })
                .unwrap();
            } else {
                me.ask::<Case>(Request::Chase {
                    key: key(i).to_owned(),
                    revision: rev,
                })
                .unwrap();
            }
        }
        drop(me);
        run_ok(&dir, &["stop"]);
    }
    let copy = tmp.path().join("copy");
    let st = std::process::Command::new("cp")
        .arg("-r")
        .arg(&dir)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(st.success());
    let mut embedded = Vec::new();
    for args in EXPORTS {
        let mut a = vec!["--config", &cfg];
        a.extend_from_slice(args);
        embedded.push(run_ok(&copy, &a));
    }
    let out = ["--config", &cfg, "export", "outbox"];
    let embedded_outbox = run_ok(&copy, &out);
    assert!(
        embedded[0].len() > 2 * 1024 * 1024 - 1,
        "{}",
        embedded[0].len()
    );
    assert!(
        embedded_outbox.lines().count() >= 6,
        "{embedded_outbox}/{}",
        embedded[5]
    );

    let _server = ServerProc::start_with(&dir, &["--config", &cfg]);
    let _other = remote(&dir);
    for (args, want) in EXPORTS.iter().zip(&embedded) {
        let mut a = vec!["--config", &cfg];
        a.extend_from_slice(args);
        let got = run_ok(&dir, &a);
        assert!(got == *want, "{args:?} differs through the server");
    }
    // The outbox is released on the server, once.
    assert_eq!(run_ok(&dir, &out), embedded_outbox);
    assert_eq!(run_ok(&dir, &out), "");
    // `-o FILE` writes the same and counts the records.
    let file = tmp.path().join("cases.jsonl");
    let (code, _, err) = run(&dir, &["export", "cases", "-o", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("4000 record(s) written"), "{err}");
    assert!(std::fs::read_to_string(&file).unwrap() == embedded[0]);
    assert!(!log(&dir).contains("needs the store"));
}

#[test]
fn imports_through_the_server_report_as_embedded_and_tell_other_clients() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 3);
    let _server = ServerProc::start(&dir);
    let other = remote(&dir);
    let events = other.events();
    let good = tmp.path().join("new.jsonl");
    std::fs::write(
        &good,
        concat!(
            r#"{"kind":"person","registration_number":"3100000","name":"新規 花子","birth_date":"1994-04-01"}"#,
            "\n",
            r#"{"kind":"withdrawal","ref":"W-NEW-1","received_at":"2026-11-10 09:30","registration_number":"3100000","program":"試験病院 内科","director":"髙橋 一郎","director_email":"d@example.jp","reason":"転居のため"}"#,
            "\n"
        ),
    )
    .unwrap();
    let (code, out, err) = run(&dir, &["import", "--dry-run", good.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("checked (dry run, nothing written)"), "{out}");
    let (code, out, err) = run(&dir, &["import", good.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}\n{}", log(&dir));
    assert_eq!(
        out,
        format!(
            "{}: 2 rows, 2 created, 0 updated, 0 rejected — imported\n",
            good.display()
        )
    );
    let started = Instant::now();
    let reloaded = loop {
        match events.recv_timeout(Duration::from_secs(5)) {
            Ok(Event::Reload { .. }) => break true,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    assert!(reloaded, "no reload within {:?}", started.elapsed());
    let new = CaseKey::new(Queue::Withdrawal, "W-NEW-1");
    assert_eq!(
        other
            .ask::<CaseDetail>(Request::Detail {
                key: new.to_owned()
            })
            .unwrap()
            .case
            .subject_name,
        "新規 花子"
    );

    // A bad row: exit 3 and `file:line: reason`, nothing written.
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        concat!(
            r#"{"kind":"person","registration_number":"3100001","name":"次 太郎","birth_date":"1994-04-01"}"#,
            "\n",
            r#"{"kind":"withdrawal","ref":"W-NEW-2","received_at":"2026-11-10 09:30","registration_number":"3999999","program":"試験病院 内科","director":"髙橋 一郎","director_email":"d@example.jp","reason":"転居のため"}"#,
            "\n"
        ),
    )
    .unwrap();
    let (code, out, err) = run(&dir, &["import", bad.to_str().unwrap()]);
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(out.contains("1 rejected — rejected whole"), "{out}");
    assert!(
        err.contains(&format!("{}:2: registration number 3999999", bad.display())),
        "{err}"
    );
    assert!(err.contains("1 row(s) rejected"), "{err}");
    assert!(
        other
            .ask::<Lookup>(Request::Lookup {
                input: "3100001".into()
            })
            .is_err(),
        "nothing written"
    );
    // --skip-invalid writes the good row.
    let (code, out, _) = run(&dir, &["import", "--skip-invalid", bad.to_str().unwrap()]);
    assert_eq!(code, Some(3));
    assert!(out.contains("1 created"), "{out}");
    assert!(
        other
            .ask::<Lookup>(Request::Lookup {
                input: "3100001".into()
            })
            .unwrap()
            .person
            .is_some()
    );
}

#[test]
fn a_cp932_csv_imports_through_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 2);
    let _server = ServerProc::start(&dir);
    let other = remote(&dir);
    let csv = "registration_number,name,name_kana,birth_date\n3200000,山﨑 花子,やまざき はなこ,1990-05-01\n3200001,髙橋 太郎,たかはし たろう,1991-06-02\n";
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(csv);
    assert!(!lossy);
    // Given by kind, since the name does not say it.
    let file = tmp.path().join("名簿.csv");
    std::fs::write(&file, &sjis).unwrap();
    let (code, out, err) = run(
        &dir,
        &["import", "--kind", "person", file.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{out}{err}\n{}", log(&dir));
    assert!(out.contains("2 rows, 2 created"), "{out}");
    let p = other
        .ask::<Lookup>(Request::Lookup {
            input: "3200000".into(),
        })
        .unwrap()
        .person
        .unwrap();
    assert_eq!(p.name, "山﨑 花子");
    assert_eq!(p.name_kana.as_deref(), Some("やまざき はなこ"));
    // No upload is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.join("uploads")).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_backup_through_the_server_opens_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 20);
    let _server = ServerProc::start(&dir);
    let _other = remote(&dir);
    let dest = tmp.path().join("backup");
    let out = run_ok(&dir, &["backup", dest.to_str().unwrap()]);
    assert!(out.contains("backed up"), "{out}");
    let out = run_ok(&dest, &["check"]);
    assert!(out.contains("20 cases"), "{out}");
    assert!(out.contains("the store is sound"), "{out}");
    // A destination the server cannot write says so.
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (code, _, err) = run(&dir, &["backup", file.join("b").to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cannot write the backup"), "{err}");
    // The server still serves.
    assert!(run_ok(&dir, &["check"]).contains("the store is sound"));
}
