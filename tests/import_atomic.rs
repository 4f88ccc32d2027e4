//! An import is all or nothing per file, whatever stops it: the real binary is
//! killed (SIGKILL) at moments spread over a 30,000-row import, and an import
//! runs out of space on a small tmpfs. After each, the file's rows are all
//! there or none are, and `check` finds the store sound.

mod big_import;
mod skip;
use big_import::*;
use secretariat::domain::Queue;
use secretariat::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

fn bin(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .arg("--as-of")
        .arg("2026-11-21")
        .arg("--embedded");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin(dir).args(args).output().expect("binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A config without a reserve of free space (nor its ballast).
fn no_reserve(root: &Path) -> PathBuf {
    let cfg = root.join("no-reserve.toml");
    std::fs::write(&cfg, "[store]\nreserve_mib = 0\nreserve_percent = 0\n").unwrap();
    cfg
}

/// A store holding one facility's worth of people the file does not name.
fn base_store(root: &Path) -> PathBuf {
    let dir = root.join("base");
    let people = root.join("people.jsonl");
    let mut s = String::new();
    for i in 0..100 {
        s.push_str(&format!(
            "{{\"kind\":\"person\",\"registration_number\":\"{}\",\"name\":\"山田 太郎{i}\",\"birth_date\":\"1990-05-01\"}}\n",
            1_000_000 + i
        ));
    }
    std::fs::write(&people, s).unwrap();
    // No ballast in it: copies of it go to a small tmpfs.
    let cfg = no_reserve(root);
    let o = run(
        &dir,
        &[
            "--config",
            cfg.to_str().unwrap(),
            "import",
            people.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    dir
}

/// How much of the file the store holds: (people, cases, rollbacks audited).
fn present(dir: &Path) -> (usize, usize, usize) {
    let store = Store::open_keyed(
        dir,
        "tester",
        secretariat::audit_key::owner_key(None).unwrap(),
    )
    .unwrap();
    let people = (0..PEOPLE)
        .filter(|i| {
            store
                .person(&(2_000_000 + i).to_string())
                .unwrap()
                .is_some()
        })
        .count();
    let cases = (0..CASES)
        .filter(|i| {
            store
                .case_id(Queue::Withdrawal, &format!("W-K-{i:06}"))
                .unwrap()
                .is_some()
        })
        .count();
    let rollbacks = store
        .all_audit()
        .filter(|r| r.as_ref().unwrap().action == "import.rolled_back")
        .count();
    (people, cases, rollbacks)
}

fn assert_sound(dir: &Path) {
    let o = run(dir, &["check"]);
    assert!(o.status.success(), "check failed: {}", text(&o));
}

#[test]
fn sigkill_at_any_moment_leaves_the_file_whole_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let base = base_store(tmp.path());
    let file = big_file(tmp.path());
    // The whole import, timed, to spread the kills over it.
    let full = tmp.path().join("full");
    copy_dir(&base, &full);
    let started = Instant::now();
    let o = run(&full, &["import", file.to_str().unwrap()]);
    let whole = started.elapsed();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(present(&full), (PEOPLE, CASES, 0));
    assert_sound(&full);
    eprintln!("the whole import took {whole:?}");

    let fractions = [0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.92];
    let mut rolled_back = 0;
    let mut whole_files = 0;
    for (trial, f) in fractions.iter().enumerate() {
        let dir = tmp.path().join(format!("trial-{trial}"));
        copy_dir(&base, &dir);
        let mut child = bin(&dir)
            .args(["import", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(*f));
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert_sound(&dir);
        let (people, cases, rollbacks) = present(&dir);
        eprintln!(
            "trial {trial}: killed after {:?} ({status}): {people} people, {cases} cases, {rollbacks} rollback(s)",
            whole.mul_f64(*f)
        );
        assert!(
            (people, cases) == (0, 0) || (people, cases) == (PEOPLE, CASES),
            "trial {trial}: part of the file was kept: {people} people, {cases} cases"
        );
        if (people, cases) == (0, 0) {
            rolled_back += rollbacks;
        } else {
            whole_files += 1;
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    eprintln!("{rolled_back} kills landed mid-import, {whole_files} after it");
    assert!(
        rolled_back >= 3,
        "only {rolled_back} of {} kills landed mid-import",
        fractions.len()
    );
}

#[test]
fn a_full_disk_keeps_nothing_of_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    // Well below what the file takes (20-35 MB, by how often sled flushes under
    // load): 40 MB was sometimes enough.
    if !mount_tmpfs(&mnt, "16m") {
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let base = base_store(tmp.path());
    let file = big_file(tmp.path());
    let dir = mnt.join("store");
    copy_dir(&base, &dir);
    // No reserve: the disk really fills (tests/disk_full.rs has the reserve).
    let cfg = no_reserve(tmp.path());
    let o = run(
        &dir,
        &[
            "--config",
            cfg.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    let said = text(&o);
    assert!(!o.status.success(), "the import fitted: {said}");
    assert_ne!(o.status.code(), Some(101), "it panicked: {said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("big.jsonl"), "the file is not named: {said}");
    assert!(
        said.to_lowercase().contains("space"),
        "the cause is not named: {said}"
    );
    eprintln!("the import said: {said}");
    // Room again: the store opens, holds nothing of the file, and is sound.
    let st = Command::new("mount")
        .args(["-o", "remount,size=1g"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(st.success());
    assert_sound(&dir);
    let (people, cases, _) = present(&dir);
    assert_eq!((people, cases), (0, 0), "part of the file was kept");
    // And the same file imports whole once it fits.
    let o = run(&dir, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(present(&dir).0, PEOPLE);
    assert_sound(&dir);
}
