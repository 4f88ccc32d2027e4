//! What the full-disk and kill tests share: a 30,000-row import file, a copy
//! of a store, and a small tmpfs to fill (mounting needs root; without it a
//! test says so, and under `CI=true` fails, see `skip`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const PEOPLE: usize = 20_000;
pub const CASES: usize = 10_000;

/// 20,000 people, then 10,000 withdrawals naming them: 30,000 rows.
pub fn big_file(root: &Path) -> PathBuf {
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

pub fn copy_dir(from: &Path, to: &Path) {
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(st.success());
}

/// Mounts a tmpfs of `size` at `dir`; false (after a notice) where impossible.
pub fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    if !nix::unistd::geteuid().is_root() {
        crate::skip::unavailable("mounting a small tmpfs needs root");
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
        crate::skip::unavailable("a tmpfs could not be mounted here");
    }
    ok
}

/// Gives the tmpfs a new size.
pub fn remount(mnt: &Path, size: &str) {
    let st = Command::new("mount")
        .args(["-o", &format!("remount,size={size}")])
        .arg(mnt)
        .status()
        .unwrap();
    assert!(st.success());
}

/// Unmounts the tmpfs when dropped.
pub struct Unmount(pub PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
