//! A store file the program may not read is a matter of permission, never
//! damage: after someone ran it as root, a file of the service account's
//! store owned by root with mode 0600 is named with its owner and the fix
//! (`chown -R …`), in Japanese and in English, on `check` (embedded and
//! through a background server), `serve` and the embedded screen — and never
//! sends the administrator to a backup, which would lose every decision since.
//!
//! The store belongs to a uid with no account, and the binary runs as that
//! uid, so these tests need root (CI runs as root); otherwise they say so
//! and pass, except under `CI=true`. A full disk (a small tmpfs, root too)
//! is said as such, not as damage either.

mod big_import;
mod server_support;
mod skip;

use server_support::bin;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A uid with no account (so its name is `uid<N>`).
fn free_uid() -> u32 {
    (62_000u32..63_000)
        .find(|u| {
            nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(*u))
                .ok()
                .flatten()
                .is_none()
        })
        .expect("a free uid")
}

/// The service account's world: its home, its audit key, its stores.
struct Service {
    uid: u32,
    root: PathBuf,
}

impl Service {
    fn key(&self) -> PathBuf {
        self.root.join("keys/audit.key")
    }

    /// The binary as the service account, in `lang`, on `dir`.
    fn run(&self, lang: &str, dir: &Path, args: &[&str]) -> Output {
        bin()
            .arg("--data-dir")
            .arg(dir)
            .args(["--as-of", server_support::AS_OF])
            .args(args)
            .env("LANG", lang)
            .env("HOME", self.root.join("home"))
            .env(secretariat::audit_key::ENV, self.key())
            .stdin(std::process::Stdio::null())
            .uid(self.uid)
            .gid(self.uid)
            .output()
            .unwrap()
    }

    /// The screen, embedded, in a terminal (`script` gives it one).
    fn screen(&self, lang: &str, dir: &Path) -> Output {
        let line = format!(
            "{} --data-dir {} --as-of {} --embedded",
            env!("CARGO_BIN_EXE_secretariat"),
            dir.display(),
            server_support::AS_OF
        );
        std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env("TERM", "xterm")
            .env("HOME", self.root.join("home"))
            .env(secretariat::audit_key::ENV, self.key())
            .stdin(std::process::Stdio::null())
            .uid(self.uid)
            .gid(self.uid)
            .output()
            .unwrap()
    }
}

fn chown_r(spec: &str, path: &Path) {
    let st = std::process::Command::new("chown")
        .args(["-R", spec])
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success(), "chown -R {spec} {}", path.display());
}

/// A service account with a small store of its own, made by itself.
fn service(tmp: &Path) -> (Service, PathBuf) {
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let uid = free_uid();
    let s = Service {
        uid,
        root: tmp.to_path_buf(),
    };
    for d in ["home", "keys", "stores"] {
        std::fs::create_dir(tmp.join(d)).unwrap();
        chown_r(&format!("{uid}:{uid}"), &tmp.join(d));
    }
    let store = tmp.join("stores/store");
    let o = s.run("C.UTF-8", &store, &["demo", "--cases", "30", "--no-tui"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = s.run("C.UTF-8", &store, &["--embedded", "check"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    (s, store)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh copy of the store (ownership kept), with `file` given to root, mode 0600.
fn spoiled(store: &Path, name: &str, file: &str) -> (PathBuf, PathBuf) {
    let copy = store.with_file_name(name);
    let st = std::process::Command::new("cp")
        .args(["-a"])
        .arg(store)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(st.success());
    let target = if file == "." {
        copy.clone()
    } else {
        copy.join(file)
    };
    assert!(
        target.exists(),
        "{} is one of the store's files",
        target.display()
    );
    nix::unistd::chown(
        &target,
        Some(nix::unistd::Uid::from_raw(0)),
        Some(nix::unistd::Gid::from_raw(0)),
    )
    .unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    (copy, target)
}

/// The message says permission, names the file and the fix, and sends nobody to a backup.
fn says_permission(lang: &str, said: &str, file: &Path, fix: &str) {
    let line = said
        .lines()
        .find(|l| l.contains("secretariat: "))
        .unwrap_or_else(|| panic!("no error line: {said:?}"));
    if lang.starts_with("ja") {
        assert!(line.contains("アクセス権がありません"), "{line}");
    } else {
        assert!(line.contains("permission denied"), "{line}");
    }
    assert!(line.contains(&file.display().to_string()), "{line}");
    assert!(line.contains(fix), "{line}");
    for never in [
        "damaged",
        "restore",
        "backup",
        "破損",
        "バックアップ",
        "os error",
    ] {
        assert!(!line.contains(never), "{never:?} in {line}");
    }
}

fn root_or_skip() -> bool {
    if !nix::unistd::geteuid().is_root() {
        skip::unavailable("the permission tests run the program as another uid and need root");
        return false;
    }
    true
}

#[test]
fn a_store_file_given_to_root_is_a_permission_problem_in_both_languages() {
    if !root_or_skip() {
        return;
    }
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        skip::unavailable("`script` (util-linux) gives the screen its terminal here");
    }
    let tmp = tempfile::tempdir().unwrap();
    let (svc, store) = service(tmp.path());
    for (i, file) in ["db", "conf", "blobs", "secretariat.seal"]
        .iter()
        .enumerate()
    {
        let (copy, target) = spoiled(&store, &format!("copy{i}"), file);
        let fix = format!("chown -R {} {}", svc.uid, copy.display());
        for lang in ["ja_JP.UTF-8", "C.UTF-8"] {
            for args in [&["--embedded", "check"][..], &["check"], &["serve"]] {
                let o = svc.run(lang, &copy, args);
                assert_eq!(o.status.code(), Some(1), "{file} {args:?}");
                says_permission(lang, &text(&o.stderr), &target, &fix);
            }
            if has_script {
                let o = svc.screen(lang, &copy);
                assert_eq!(o.status.code(), Some(1), "{file}: {}", text(&o.stdout));
                says_permission(lang, &text(&o.stdout), &target, &fix);
            }
        }
        // The fix it gives works, and the store was sound all along.
        chown_r(&svc.uid.to_string(), &copy);
        let o = svc.run("C.UTF-8", &copy, &["--embedded", "check"]);
        assert!(o.status.success(), "{file}: {}", text(&o.stderr));
        assert!(text(&o.stdout).contains("the store is sound"));
    }
}

#[test]
fn a_data_dir_given_to_root_says_whose_it_is_and_how_to_give_it_back() {
    if !root_or_skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (svc, store) = service(tmp.path());
    let (copy, _) = spoiled(&store, "copy", ".");
    let fix = format!("chown -R {} {}", svc.uid, copy.display());
    for lang in ["ja_JP.UTF-8", "C.UTF-8"] {
        for args in [&["--embedded", "check"][..], &["check"], &["serve"]] {
            let o = svc.run(lang, &copy, args);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            says_permission(lang, &text(&o.stderr), &copy, &fix);
        }
    }
}

#[test]
fn a_file_of_the_store_that_changed_and_cannot_be_read_is_not_called_damaged() {
    if !root_or_skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (svc, store) = service(tmp.path());
    // Its seal no longer matches (root wrote it), and it cannot be read to tell.
    let (copy, target) = spoiled(&store, "copy", "db");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&target)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let fix = format!("chown -R {} {}", svc.uid, copy.display());
    for lang in ["ja_JP.UTF-8", "C.UTF-8"] {
        let o = svc.run(lang, &copy, &["--embedded", "check"]);
        assert_eq!(o.status.code(), Some(1));
        says_permission(lang, &text(&o.stderr), &target, &fix);
    }
}

#[test]
fn a_store_on_a_full_disk_says_so_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    if !big_import::mount_tmpfs(&mnt, "4m") {
        return;
    }
    let _unmount = big_import::Unmount(mnt.clone());
    // Made elsewhere (the reserve would refuse changes on so small a disk).
    let made = tmp.path().join("store");
    server_support::store(&made, 3);
    // The ballast (the reserve's own room) would not fit.
    let _ = std::fs::remove_file(made.join("space-ballast"));
    let dir = mnt.join("store");
    big_import::copy_dir(&made, &dir);
    // Whatever room is left is taken.
    let mut fill = std::fs::File::create(mnt.join("fill")).unwrap();
    let chunk = vec![0u8; 64 << 10];
    while std::io::Write::write_all(&mut fill, &chunk).is_ok() {}
    drop(fill);
    for (lang, says) in [
        ("C.UTF-8", "no space left on the file system of the store"),
        ("ja_JP.UTF-8", "空きがありません"),
    ] {
        let o = bin()
            .env("LANG", lang)
            .arg("--data-dir")
            .arg(&dir)
            .args(["--embedded", "check"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert!(err.contains(says), "{err}");
        assert!(err.contains(&dir.display().to_string()), "{err}");
        for never in ["damaged", "破損", "os error"] {
            assert!(!err.contains(never), "{never:?} in {err}");
        }
    }
    // Once there is room again, the store opens and is sound.
    std::fs::remove_file(mnt.join("fill")).unwrap();
    let o = server_support::run(&dir, &["--embedded", "check"]);
    assert_eq!(o.0, Some(0), "{}{}", o.1, o.2);
}
