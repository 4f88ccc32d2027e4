//! An import is all or nothing per file, whatever stops it: the real binary is
//! killed (SIGKILL) at moments spread over a 30,000-row import, and an import
//! runs out of space on a small tmpfs. After each, the file's rows are all
//! there or none are, and `check` finds the store sound.

mod skip;
use secretariat::domain::Queue;
use secretariat::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const PEOPLE: usize = 20_000;
const CASES: usize = 10_000;

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
    let o = run(&dir, &["import", people.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    dir
}

/// 20,000 people, then 10,000 withdrawals naming them: 30,000 rows.
fn big_file(root: &Path) -> PathBuf {
    let path = root.join("big.jsonl");
    let mut s = String::with_capacity(8 << 20);
    for i in 0..PEOPLE {
        s.push_str(&format!(
            "{{\"kind\":\"person\",\"registration_number\":\"{}\",\"name\":\"鈴木 花子{i}\",\"name_kana\":\"すずき はなこ\",\"birth_date\":\"1991-06-02\"}}\n",
            2_000_000 + i
        ));
    }
    for i in 0..CASES {
        s.push_str(&format!(
            "{{\"kind\":\"withdrawal\",\"ref\":\"W-K-{i:06}\",\"received_at\":\"2026-11-10 09:00\",\"registration_number\":\"{}\",\"program\":\"東北大学病院 内科専門研修プログラム\",\"director\":\"佐藤 一郎\",\"reason\":\"他プログラムへの応募のため\"}}\n",
            2_000_000 + i
        ));
    }
    std::fs::write(&path, s).unwrap();
    path
}

fn copy_dir(from: &Path, to: &Path) {
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(st.success());
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

/// Mounts a tmpfs of `size` at `dir`; false (after a notice) where impossible.
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    if !nix::unistd::geteuid().is_root() {
        skip::unavailable("mounting a small tmpfs needs root");
        return false;
    }
    std::fs::create_dir_all(dir).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        skip::unavailable("a tmpfs could not be mounted here");
    }
    ok
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_nothing_of_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    if !mount_tmpfs(&mnt, "20m") {
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let base = base_store(tmp.path());
    let file = big_file(tmp.path());
    let dir = mnt.join("store");
    copy_dir(&base, &dir);
    let o = run(&dir, &["import", file.to_str().unwrap()]);
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
