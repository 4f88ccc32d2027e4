//! A service that runs for months, from outside: a client's absurd date or
//! number is refused in a sentence, never a panic; the service account's role
//! is not taken away silently; a bad configuration value is named.

use std::path::Path;
use std::process::{Command, Output};

fn bin(dir: &Path, lang: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("SECRETARIAT_SOCKET")
        .env("XDG_CONFIG_HOME", dir.join("config-home"))
        .arg("--data-dir")
        .arg(dir.join("store"));
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin(dir, "C.UTF-8")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small demo store in a fresh directory.
fn demo_store() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(
        tmp.path(),
        &["--as-of", "2026-11-21", "demo", "--no-tui", "--cases", "60"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

fn refused_without_panic(o: &Output, wants: &[&str]) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "{e}");
    assert_eq!(o.status.code(), Some(2), "{e}");
    for w in wants {
        assert!(e.contains(w), "{w:?} not in {e}");
    }
}

#[test]
fn an_as_of_outside_the_rule_years_is_refused_not_a_panic() {
    let tmp = demo_store();
    for day in ["+262142-12-31", "-262143-01-01", "1989-12-31", "2100-01-01"] {
        let o = run(
            tmp.path(),
            &["--embedded", &format!("--as-of={day}"), "backlog"],
        );
        refused_without_panic(&o, &["--as-of", "1990-01-01", "2099-12-31"]);
    }
    let o = bin(tmp.path(), "ja_JP.UTF-8")
        .args(["--embedded", "--as-of", "+262142-12-31", "backlog"])
        .output()
        .unwrap();
    refused_without_panic(&o, &["範囲外"]);
    for day in ["1990-01-01", "2099-12-31"] {
        let o = run(tmp.path(), &["--embedded", "--as-of", day, "backlog"]);
        assert!(o.status.success(), "{day}: {}", stderr(&o));
    }
}

#[test]
fn a_filter_with_a_huge_number_is_refused_not_an_overflow() {
    let tmp = demo_store();
    for q in [
        "age>99999999999",
        "due<+99999999999",
        "due>-40177",
        "due<9999-01-01",
    ] {
        let o = run(
            tmp.path(),
            &[
                "--embedded",
                "--as-of",
                "2099-12-31",
                "backlog",
                "--filter",
                q,
            ],
        );
        let e = stderr(&o);
        assert!(!e.contains("panicked"), "{e}");
        assert!(!o.status.success(), "{q}: {e}");
        assert!(
            e.contains(q) && (e.contains("40176") || e.contains("1990-01-01")),
            "{e}"
        );
    }
    let o = run(
        tmp.path(),
        &[
            "--embedded",
            "--as-of",
            "2099-12-31",
            "backlog",
            "--filter",
            "due<+40176 age>40176",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_service_account_loses_its_mail_role_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    // `users add` makes the store; its creator is its owner, the service account.
    let o = run(
        tmp.path(),
        &["--embedded", "users", "add", "kato", "supervisor"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let me = run(tmp.path(), &["--embedded", "users", "list"]);
    assert!(me.status.success(), "{}", stderr(&me));
    let owner = String::from_utf8_lossy(&me.stdout)
        .lines()
        .filter(|l| l.contains("supervisor@"))
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .find(|name| name != "kato")
        .expect("the creator is a supervisor");
    let o = run(tmp.path(), &["--embedded", "users", "remove", &owner]);
    let e = stderr(&o);
    assert!(!o.status.success(), "{e}");
    assert!(
        e.contains("service account") && e.contains("mail would stop"),
        "{e}"
    );
    let o = run(
        tmp.path(),
        &["--embedded", "users", "add", &owner, "helpdesk"],
    );
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let o = run(
        tmp.path(),
        &["--embedded", "users", "remove", "--force", &owner],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(tmp.path(), &["--embedded", "users", "list"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains(&format!("{owner}\t")));
}

#[test]
fn a_bad_configuration_value_is_refused_naming_the_file_and_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("bad.toml");
    for (text, key) in [
        (
            "[tui.colors]\naccent = \"ultraviolet\"\n",
            "tui.colors.accent",
        ),
        ("[tui.colors]\nsparkle = \"red\"\n", "tui.colors.sparkle"),
        (
            "[rules]\nrelease_delay_secs = -5\n",
            "rules.release_delay_secs",
        ),
        (
            "[rules]\nextra_holidays = [\"2100-01-01\"]\n",
            "rules.extra_holidays[0]",
        ),
        ("[server]\nmax_connections = 0\n", "server.max_connections"),
        ("[rules]\nunknown_rule = 1\n", "unknown_rule"),
    ] {
        std::fs::write(&config, text).unwrap();
        let o = run(
            tmp.path(),
            &[
                "--config",
                config.to_str().unwrap(),
                "--embedded",
                "users",
                "list",
            ],
        );
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{text}: {e}");
        assert!(e.contains("bad.toml") && e.contains(key), "{text}: {e}");
        assert!(!e.contains("panicked"), "{e}");
    }
}

#[test]
fn an_imported_moment_outside_the_rule_years_is_a_row_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("edge.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"person","registration_number":"7777771","name":"試験 花子","name_kana":"しけん はなこ","birth_date":"1975-01-01"}"#,
            "\n",
            r#"{"kind":"withdrawal","ref":"W-EDGE-1","received_at":"+262142-12-31 09:00","registration_number":"7777771","program":"テスト","director":"試験","reason":"x"}"#,
            "\n",
            r#"{"kind":"withdrawal","ref":"W-EDGE-2","received_at":"1989-12-31 09:00","registration_number":"7777771","program":"テスト","director":"試験","reason":"x"}"#,
            "\n",
        ),
    )
    .unwrap();
    let o = run(
        tmp.path(),
        &[
            "--embedded",
            "--as-of",
            "2026-11-21",
            "import",
            file.to_str().unwrap(),
        ],
    );
    let e = stderr(&o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(!o.status.success(), "{e}");
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &e;
    assert!(
        out.contains("edge.jsonl:2") && out.contains("edge.jsonl:3"),
        "{out}"
    );
    assert!(out.contains("1990-01-01 to 2099-12-31"), "{out}");
}
