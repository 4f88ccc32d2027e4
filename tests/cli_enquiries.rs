//! `secretariat enquiries` and `secretariat enquiry add|resolve` on a small
//! demo store, in Japanese and in English: the same requests as the TUI.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir.join("store"))
        .args(["--as-of", "2026-11-21", "--embedded"])
        .args(args)
        .output()
        .expect("binary runs")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const JA: &str = "ja_JP.UTF-8";
const EN: &str = "C.UTF-8";

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(run(dir.path(), EN, &["demo", "--cases", "200", "--no-tui"]));
    dir
}

#[test]
fn enquiries_are_logged_listed_resolved_and_exported_in_both_languages() {
    let dir = demo();
    let d = dir.path();
    // The demo has a log already, newest first, some open.
    let all = ok(run(d, EN, &["enquiries", "--json"]));
    let rows: Vec<serde_json::Value> = all
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 10, "{all}");
    assert!(
        rows.windows(2)
            .all(|w| w[0]["id"].as_u64() > w[1]["id"].as_u64())
    );
    let regno = rows[0]["registration_number"].as_str().unwrap().to_string();

    let out = ok(run(
        d,
        JA,
        &[
            "--user",
            "sato",
            "enquiry",
            "add",
            &regno,
            "--channel",
            "counter",
            "--topic",
            "登録情報変更",
            "--note",
            "住所変更の様式を渡した",
            "--json",
        ],
    ));
    let logged: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let id = logged["id"].as_u64().unwrap();
    assert_eq!(logged["by"], "sato");
    assert_eq!(logged["status"], "open");

    // Japanese: words, no ids of channels or status.
    let ja = ok(run(d, JA, &["enquiries", "--open"]));
    assert!(ja.starts_with("未対応の問い合わせ"), "{ja}");
    let line = ja
        .lines()
        .find(|l| l.starts_with(&format!("#{id} ")))
        .unwrap();
    assert!(
        line.contains("窓口") && line.contains("未対応") && line.contains("0日"),
        "{line}"
    );
    assert!(
        !line.contains("counter") && !line.contains("open"),
        "{line}"
    );
    assert!(ja.contains("住所変更の様式を渡した"));
    // English.
    let en = ok(run(d, EN, &["--lang", "en", "enquiries", "--open"]));
    assert!(en.starts_with("Open enquiries"), "{en}");
    let line = en
        .lines()
        .find(|l| l.starts_with(&format!("#{id} ")))
        .unwrap();
    assert!(
        line.contains("counter") && line.contains("open") && line.contains("0d"),
        "{line}"
    );

    // The lookup lists it; resolving it twice names who resolved it.
    let look = ok(run(d, JA, &["lookup", &regno]));
    assert!(
        look.contains("問い合わせ記録") && look.contains(&format!("#{id} ")),
        "{look}"
    );
    ok(run(
        d,
        JA,
        &[
            "--user",
            "tanaka",
            "enquiry",
            "resolve",
            &id.to_string(),
            "--revision",
            "1",
        ],
    ));
    let again = run(
        d,
        JA,
        &[
            "--user",
            "sato",
            "enquiry",
            "resolve",
            &id.to_string(),
            "--revision",
            "1",
        ],
    );
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains(&format!("問い合わせ #{id} は tanaka さんが")),
        "{err}"
    );
    let open = ok(run(d, EN, &["enquiries", "--open", "--json"]));
    assert!(!open.contains(&format!("\"id\":{id},")));

    // Refused field by field, in the user's language, nothing written.
    let bad = run(
        d,
        JA,
        &[
            "enquiry",
            "add",
            &regno,
            "--channel",
            "phone",
            "--topic",
            "雑談",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("「雑談」は用件の一覧にありません"));
    let bad = run(
        d,
        EN,
        &[
            "enquiry",
            "add",
            "9999999",
            "--channel",
            "phone",
            "--topic",
            "その他",
        ],
    );
    assert!(!bad.status.success());

    // The export: CSV with every enquiry, a formula never a formula.
    ok(run(
        d,
        EN,
        &[
            "enquiry",
            "add",
            "--channel",
            "mail",
            "--topic",
            "その他",
            "--note",
            "=cmd|' /C calc'!A0",
        ],
    ));
    let csv = ok(run(d, EN, &["export", "enquiries", "--format", "csv"]));
    assert!(csv.starts_with("id,registration_number,at,by,channel,topic,note,case_queue,case_ref,status,resolved_at,resolved_by,revision\n"));
    assert_eq!(csv.lines().count(), rows.len() + 3);
    assert!(csv.contains(",'=cmd"), "{csv}");
    let jsonl = ok(run(d, EN, &["export", "enquiries"]));
    assert_eq!(jsonl.lines().count(), rows.len() + 2);
    // The backlog counts the open ones.
    let b: serde_json::Value =
        serde_json::from_str(&ok(run(d, EN, &["backlog", "--json"]))).unwrap();
    assert!(b["enquiries"]["open"].as_u64().unwrap() >= 1);
    let out = ok(run(d, EN, &["check"]));
    assert!(out.contains("the store is sound"), "{out}");
}
