//! `secretariat lookup NAME BIRTH_DATE`: help desk finds a caller who does not
//! know the registration number (seed 000's identity check).

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .args(["--as-of", "2026-11-21", "--embedded"])
        .args(args)
        .output()
        .expect("binary runs")
}

const PEOPLE: &str = concat!(
    r#"{"kind":"person","registration_number":"1111111","name":"池田 光","name_kana":"いけだ ひかる","birth_date":"1990-04-01","email":"hikaru@example.jp"}"#,
    "\n",
    r#"{"kind":"person","registration_number":"2222222","name":"池田 光","name_kana":"いけだ ひかる","birth_date":"1990-04-01","email":"ikeda2@example.jp"}"#,
    "\n",
    r#"{"kind":"person","registration_number":"3333333","name":"池田 美咲","name_kana":"いけだ みさき","birth_date":"1990-04-01"}"#,
    "\n",
    r#"{"kind":"person","registration_number":"4444444","name":"髙橋 健","name_kana":"たかはし けん","birth_date":"1988-12-24"}"#,
    "\n",
);

fn store() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let file = tmp.path().join("people.jsonl");
    std::fs::write(&file, PEOPLE).unwrap();
    let o = run(&dir, "C.UTF-8", &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, dir)
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_name_and_birth_date_find_every_match_with_what_tells_them_apart() {
    let (_t, dir) = store();
    let o = run(&dir, "ja_JP.UTF-8", &["lookup", "池田", "光", "H2.4.1"]);
    let said = out(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("該当する人 2人"), "{said}");
    assert!(
        said.contains("1111111") && said.contains("hikaru@example.jp"),
        "{said}"
    );
    assert!(
        said.contains("2222222") && said.contains("ikeda2@example.jp"),
        "{said}"
    );
    assert!(!said.contains("3333333"), "{said}");
    // The surname alone, in kana, finds all three born that day.
    let said = out(&run(&dir, "ja_JP.UTF-8", &["lookup", "イケダ", "1990/4/1"]));
    assert!(said.contains("該当する人 3人"), "{said}");
}

#[test]
fn one_match_is_looked_up_at_once_with_variants_and_kana_folded() {
    let (_t, dir) = store();
    for name in ["高橋", "髙橋 健", "たかはし"] {
        let o = run(&dir, "C.UTF-8", &["lookup", name, "1988-12-24", "--json"]);
        assert!(o.status.success(), "{}", out(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["registration_number"], "4444444", "{name}");
    }
}

#[test]
fn a_name_alone_or_nobody_is_refused_in_either_language() {
    let (_t, dir) = store();
    let o = run(&dir, "ja_JP.UTF-8", &["lookup", "池田"]);
    assert!(!o.status.success());
    assert!(out(&o).contains("生年月日も入れてください"), "{}", out(&o));
    let o = run(&dir, "C.UTF-8", &["--lang", "en", "lookup", "池田"]);
    assert!(out(&o).contains("add the birth date"), "{}", out(&o));
    let o = run(&dir, "ja_JP.UTF-8", &["lookup", "佐藤", "1990-04-01"]);
    assert!(!o.status.success());
    assert!(
        out(&o).contains("「佐藤」に当たる人は登録されていません"),
        "{}",
        out(&o)
    );
    // A number still reads as a number.
    let o = run(&dir, "C.UTF-8", &["lookup", "１１１ １１１１", "--json"]);
    assert!(o.status.success(), "{}", out(&o));
}
