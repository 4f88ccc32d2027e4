//! A full disk is a state the store goes through, not a crash: on a small
//! tmpfs, an import that fills the disk is undone, reads go on, and changes
//! resume once there is room — all in one server process, with no restart;
//! and a change is refused with a sentence before the disk is full, while
//! less than the reserve is free.
//!
//! Mounting a tmpfs needs root: without it these tests skip, except under CI
//! (`CI=true`), where they fail.

mod big_import;
mod server_support;
mod skip;

use big_import::*;
use secretariat::domain::Queue;
use secretariat::store::Store;
use server_support::{socket, wait_for};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn bin(dir: &Path, config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .arg("--config")
        .arg(config)
        .arg("--as-of")
        .arg("2026-11-21");
    c
}

fn run(dir: &Path, config: &Path, args: &[&str]) -> Output {
    bin(dir, config).args(args).output().expect("binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A config keeping `mib` MiB free on the store's file system.
fn config(root: &Path, mib: u64) -> PathBuf {
    let path = root.join(format!("reserve-{mib}.toml"));
    std::fs::write(
        &path,
        // Uploads keep the same room free as the store's changes.
        format!(
            "[store]\nreserve_mib = {mib}\nreserve_percent = 0\n[server]\nupload_disk_reserve_mib = {mib}\n"
        ),
    )
    .unwrap();
    path
}

/// A store of 100 people the big file does not name, made outside the tmpfs.
fn base_store(root: &Path, config: &Path) -> PathBuf {
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
    let o = run(
        &dir,
        config,
        &["--embedded", "import", people.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    dir
}

/// `secretariat serve` on `dir`, killed when dropped.
struct Server(Child);

impl Server {
    fn start(dir: &Path, config: &Path) -> Server {
        let child = bin(dir, config)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut s = Server(child);
        let sock = socket(dir);
        let up = wait_for(Duration::from_secs(20), || {
            std::os::unix::net::UnixStream::connect(&sock).is_ok() || s.gone()
        });
        assert!(up && !s.gone(), "the server did not start");
        s
    }

    fn gone(&mut self) -> bool {
        self.0.try_wait().ok().flatten().is_some()
    }

    fn stop(mut self) {
        let pid = nix::unistd::Pid::from_raw(self.0.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let stopped = wait_for(Duration::from_secs(30), || self.gone());
        assert!(stopped, "the server did not stop");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.gone() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// How much of the big file the store holds: (people, cases, rollbacks audited).
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

/// Reads a help desk makes: a lookup, a page of cases (an export) and `check`.
fn assert_reads_go_on(dir: &Path, cfg: &Path, when: &str) {
    let o = run(dir, cfg, &["lookup", "1000001"]);
    assert!(
        o.status.success(),
        "{when}: lookup failed: {}\n{}",
        text(&o),
        server_support::log(dir)
    );
    assert!(text(&o).contains("山田 太郎1"), "{when}: {}", text(&o));
    let o = run(dir, cfg, &["export", "cases"]);
    assert!(o.status.success(), "{when}: export failed: {}", text(&o));
    let o = run(dir, cfg, &["check"]);
    assert!(o.status.success(), "{when}: check failed: {}", text(&o));
}

/// Writes into `path` until the disk is full.
fn fill(path: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![7u8; 1 << 20];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn a_disk_filled_during_an_import_leaves_reads_going_and_takes_changes_again_without_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    if !mount_tmpfs(&mnt, "48m") {
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let cfg = config(tmp.path(), 8);
    let base = base_store(tmp.path(), &cfg);
    let file = big_file(tmp.path());
    let dir = mnt.join("store");
    copy_dir(&base, &dir);
    let mut server = Server::start(&dir, &cfg);
    assert!(dir.join("space-ballast").exists(), "no ballast was laid");

    // Something else fills the disk while the file imports.
    let import = bin(&dir, &cfg)
        .args(["import", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the file is uploaded and its rows are being written.
    let used = || {
        let s = nix::sys::statvfs::statvfs(&mnt).unwrap();
        (s.blocks() - s.blocks_available()) * s.fragment_size()
    };
    let before = used();
    let upload = std::fs::metadata(&file).unwrap().len();
    let begun = wait_for(Duration::from_secs(60), || {
        used() > before + upload + (4 << 20)
    });
    assert!(begun, "the import did not start writing");
    let filler = mnt.join("filler");
    fill(&filler);
    let o = import.wait_with_output().unwrap();
    let said = text(&o);
    eprintln!("the import said: {said}");
    assert!(!o.status.success(), "the import fitted: {said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("big.jsonl"), "the file is not named: {said}");
    assert!(
        said.contains("space") || said.contains("full") || said.contains("free"),
        "the cause is not named: {said}"
    );
    assert!(
        !said.contains("until it is opened again"),
        "a restart is asked for: {said}"
    );

    // The disk is full again (what the ballast gave back is taken too):
    // reads go on, changes are refused with a sentence.
    fill(&mnt.join("filler-2"));
    assert_reads_go_on(&dir, &cfg, "on the full disk");
    let o = run(&dir, &cfg, &["users", "add", "suzuki", "operator"]);
    assert!(
        !o.status.success(),
        "a change on the full disk: {}",
        text(&o)
    );
    assert!(text(&o).contains("MiB free"), "{}", text(&o));
    assert!(!server.gone(), "the server stopped");

    // Room again: the same server takes changes (the import was undone, at
    // once or before this change), and the file imports whole.
    std::fs::remove_file(&filler).unwrap();
    std::fs::remove_file(mnt.join("filler-2")).unwrap();
    let o = run(&dir, &cfg, &["users", "add", "suzuki", "operator"]);
    assert!(
        o.status.success(),
        "a change once there is room: {}",
        text(&o)
    );
    assert_reads_go_on(&dir, &cfg, "once there is room");
    remount(&mnt, "1g");
    let o = run(&dir, &cfg, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "the import once it fits: {}", text(&o));
    assert!(!server.gone(), "the server stopped");
    server.stop();
    let (people, cases, rollbacks) = present(&dir);
    assert_eq!((people, cases), (PEOPLE, CASES));
    assert_eq!(rollbacks, 1, "the failed import's undo is not audited once");
}

#[test]
fn below_the_reserve_a_change_is_refused_with_a_sentence_and_taken_once_there_is_room() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    if !mount_tmpfs(&mnt, "64m") {
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let cfg = config(tmp.path(), 40);
    let base = base_store(tmp.path(), &config(tmp.path(), 0));
    let dir = mnt.join("store");
    copy_dir(&base, &dir);
    let mut server = Server::start(&dir, &cfg);
    // Something else takes the space: 30 MiB.
    let filler = mnt.join("filler");
    std::fs::write(&filler, vec![7u8; 30 << 20]).unwrap();

    let o = run(&dir, &cfg, &["users", "add", "suzuki", "operator"]);
    let said = text(&o);
    assert!(!o.status.success(), "the change was taken: {said}");
    assert!(
        said.contains("MiB free, less than the 40 MiB kept free"),
        "{said}"
    );
    assert!(said.contains("reserve_mib"), "{said}");
    assert_reads_go_on(&dir, &cfg, "below the reserve");

    std::fs::remove_file(&filler).unwrap();
    let o = run(&dir, &cfg, &["users", "add", "suzuki", "operator"]);
    assert!(o.status.success(), "once there is room: {}", text(&o));
    assert!(!server.gone(), "the server stopped");
}

#[test]
fn an_import_that_reaches_the_reserve_is_undone_while_there_is_room() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    // 12 MiB above the reserve: less than the file takes however sled flushes.
    if !mount_tmpfs(&mnt, "24m") {
        return;
    }
    let _unmount = Unmount(mnt.clone());
    let cfg = config(tmp.path(), 12);
    let base = base_store(tmp.path(), &config(tmp.path(), 0));
    let file = big_file(tmp.path());
    let dir = mnt.join("store");
    copy_dir(&base, &dir);
    let o = run(
        &dir,
        &cfg,
        &["--embedded", "import", file.to_str().unwrap()],
    );
    let said = text(&o);
    eprintln!("the import said: {said}");
    assert!(!o.status.success(), "the import fitted: {said}");
    assert!(said.contains("nothing of it was kept"), "{said}");
    assert!(said.contains("kept free"), "{said}");
    let (people, cases, rollbacks) = present(&dir);
    assert_eq!((people, cases, rollbacks), (0, 0, 1));
}
