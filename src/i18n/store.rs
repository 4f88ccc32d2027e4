//! Why the store could not be opened or read, in the user's language: the
//! store carries a typed [`StoreFault`]; it becomes words only here. Each
//! sentence says what to do, and only damage is told to restore a backup.

use super::Lang;
use crate::store::{Damage, Denied, StoreFault};

/// A store fault as one sentence in `lang`.
pub fn fault(lang: Lang, f: &StoreFault) -> String {
    match lang {
        Lang::Ja => japanese(f),
        Lang::En => english(f),
    }
}

impl std::fmt::Display for StoreFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&english(self))
    }
}

fn mode(m: Option<u32>) -> String {
    m.map(|m| format!("{m:04o}")).unwrap_or_else(|| "?".into())
}

fn mib(bytes: Option<u64>) -> String {
    bytes
        .map(|b| (b >> 20).to_string())
        .unwrap_or_else(|| "?".into())
}

/// The command that gives a denied store back: its owner, or its mode.
fn fix(d: &Denied) -> String {
    if d.wrong_owner() {
        format!("chown -R {} {}", d.user.for_chown(), d.dir.display())
    } else {
        format!("chmod -R u+rwX {}", d.dir.display())
    }
}

fn english(f: &StoreFault) -> String {
    match f {
        StoreFault::Locked { dir } => format!(
            "the store at {} is open in another secretariat process; close it there (or use the running server) and try again",
            dir.display()
        ),
        StoreFault::Denied(d) => {
            let more = match d.more {
                0 => String::new(),
                1 => " (and 1 more of its files)".into(),
                n => format!(" (and {n} more of its files)"),
            };
            let whose = match &d.owner {
                Some(o) => format!("belongs to {} with mode {}", o.label(), mode(d.mode)),
                None => "cannot be looked at".into(),
            };
            let then = if d.wrong_owner() {
                format!(
                    "give the store back to {}, as root: `{}`",
                    d.user.label(),
                    fix(d)
                )
            } else {
                format!("give its owner read and write access again: `{}`", fix(d))
            };
            format!(
                "permission denied: {}{more} {whose}, and {}, who runs secretariat here, may not read and write it; this is a matter of ownership, not of the data — {then}, and try again",
                d.file.display(),
                d.user.label()
            )
        }
        StoreFault::NotOwner { dir, owner, user } if owner.uid == 0 && user.uid != 0 => format!(
            "permission denied (you are {}, the store belongs to root): only the store's owner opens {}; if {} is the store's service account and secretariat was run as root, give the store back, as root: `chown -R {} {}` — otherwise reach it through its server (--socket)",
            user.label(),
            dir.display(),
            user.label(),
            user.for_chown(),
            dir.display()
        ),
        StoreFault::NotOwner { dir, owner, user } => format!(
            "permission denied (you are {}, the store belongs to {}): only the store's owner opens {}; reach it through its server (--socket, or ask whoever runs it)",
            user.label(),
            owner.label(),
            dir.display()
        ),
        StoreFault::Unreachable { dir, user } => format!(
            "permission denied: {} cannot be read (you are {}); reach the store through its server (--socket)",
            dir.display(),
            user.label()
        ),
        StoreFault::OpenToOthers { dir, mode } => format!(
            "the store at {} has mode {mode:04o}: its group or others can reach the files, which would let them around the roles; run `chmod 700 {}` and try again",
            dir.display(),
            dir.display()
        ),
        StoreFault::NoSpace { dir, free_bytes } => format!(
            "no space left on the file system of the store at {} ({} MiB free to this user); make room there (or move the store to a larger disk) and try again — nothing was changed",
            dir.display(),
            mib(*free_bytes)
        ),
        StoreFault::Damaged {
            dir,
            damage,
            changed,
        } => format!(
            "the store at {} is damaged ({}); restore it from a backup (secretariat backup) — {}",
            dir.display(),
            damage_en(damage),
            if changed.is_empty() {
                "the files were left as they are".to_string()
            } else {
                format!(
                    "sled's crash recovery changed its files as it tried to open them ({}), so they are no longer exactly as they were found",
                    changed.join(", ")
                )
            }
        ),
        StoreFault::NewerSchema { dir, found, reads } => format!(
            "the store at {} was written by a newer secretariat (schema {found}, this build reads {reads}); upgrade secretariat",
            dir.display()
        ),
        StoreFault::UnfinishedBackup { dir } => format!(
            "{} is a backup that was cut short before it was complete; it is not opened — make the backup again from the store",
            dir.display()
        ),
        StoreFault::Io { dir, detail } => {
            format!("cannot use the store at {}: {detail}", dir.display())
        }
    }
}

fn damage_en(d: &Damage) -> String {
    match d {
        Damage::SealUnreadable => "its seal file is unreadable".into(),
        Damage::Missing { file } => format!("{file} is missing"),
        Damage::Changed { file } => {
            format!("{file} was changed since secretariat last closed it")
        }
        Damage::Unreadable { file, error } => format!("{file} cannot be read: {error}"),
        Damage::Sled { detail } => format!("sled reported: {detail}"),
        Damage::SledStopped => "the database files could not be read".into(),
        Damage::SchemaVersion => "schema version unreadable".into(),
    }
}

fn japanese(f: &StoreFault) -> String {
    match f {
        StoreFault::Locked { dir } => format!(
            "{} のストアは別の secretariat プロセスが開いています。そちらを閉じるか (または動いているサーバーを使い)、もう一度実行してください。",
            dir.display()
        ),
        StoreFault::Denied(d) => {
            let more = match d.more {
                0 => String::new(),
                n => format!(" (ほかに {n} 個のファイルも同様)"),
            };
            let whose = match &d.owner {
                Some(o) => format!("所有者は {}、モードは {} で", o.label(), mode(d.mode)),
                None => "状態を確認できず".into(),
            };
            let then = if d.wrong_owner() {
                format!(
                    "root で `{}` を実行してストアを {} に戻し",
                    fix(d),
                    d.user.label()
                )
            } else {
                format!("`{}` で所有者の読み書きを許可し", fix(d))
            };
            format!(
                "アクセス権がありません: {}{more} の{whose}、secretariat を実行している {} は読み書きできません。データではなく所有権の問題です。{then}、もう一度実行してください。",
                d.file.display(),
                d.user.label()
            )
        }
        StoreFault::NotOwner { dir, owner, user } if owner.uid == 0 && user.uid != 0 => format!(
            "アクセス権がありません ({} として実行していますが、ストアの所有者は root です)。{} を開けるのはストアの所有者だけです。{} がストアのサービスアカウントで、secretariat が root で実行されたのなら、root で `chown -R {} {}` を実行してストアを戻してください。そうでなければサーバー経由 (--socket) で使ってください。",
            user.label(),
            dir.display(),
            user.label(),
            user.for_chown(),
            dir.display()
        ),
        StoreFault::NotOwner { dir, owner, user } => format!(
            "アクセス権がありません ({} として実行していますが、ストアの所有者は {} です)。{} を開けるのはストアの所有者だけです。サーバー経由 (--socket、または運用担当者に確認) で使ってください。",
            user.label(),
            owner.label(),
            dir.display()
        ),
        StoreFault::Unreachable { dir, user } => format!(
            "アクセス権がありません: {} を読めません ({} として実行中)。サーバー経由 (--socket) で使ってください。",
            dir.display(),
            user.label()
        ),
        StoreFault::OpenToOthers { dir, mode } => format!(
            "{} のストアのモードは {mode:04o} で、グループやほかの利用者がファイルに触れられます (役割の制限を回避できてしまいます)。`chmod 700 {}` を実行してから、もう一度実行してください。",
            dir.display(),
            dir.display()
        ),
        StoreFault::NoSpace { dir, free_bytes } => format!(
            "{} のストアがあるファイルシステムに空きがありません (この利用者の空き {} MiB)。空きを作るか、大きなディスクに移してから、もう一度実行してください。何も変更していません。",
            dir.display(),
            mib(*free_bytes)
        ),
        StoreFault::Damaged {
            dir,
            damage,
            changed,
        } => format!(
            "{} のストアは破損しています ({})。バックアップ (secretariat backup) から戻してください。{}",
            dir.display(),
            damage_ja(damage),
            if changed.is_empty() {
                "ファイルは見つかったときのままです。".to_string()
            } else {
                format!(
                    "sled のクラッシュ回復が開く際にファイルを変更したため ({})、見つかったときのままではありません。",
                    changed.join(", ")
                )
            }
        ),
        StoreFault::NewerSchema { dir, found, reads } => format!(
            "{} のストアは新しい secretariat で書かれています (スキーマ {found}、この版が読めるのは {reads} まで)。secretariat を更新してください。",
            dir.display()
        ),
        StoreFault::UnfinishedBackup { dir } => format!(
            "{} は完了前に中断されたバックアップなので開きません。ストアからもう一度バックアップしてください。",
            dir.display()
        ),
        StoreFault::Io { dir, detail } => {
            format!("{} のストアを使えません: {detail}", dir.display())
        }
    }
}

fn damage_ja(d: &Damage) -> String {
    match d {
        Damage::SealUnreadable => "封印ファイルが読めません".into(),
        Damage::Missing { file } => format!("{file} がありません"),
        Damage::Changed { file } => {
            format!("{file} が前回 secretariat が閉じた後に変更されています")
        }
        Damage::Unreadable { file, error } => format!("{file} を読めません: {error}"),
        Damage::Sled { detail } => format!("sled の報告: {detail}"),
        Damage::SledStopped => "データベースのファイルを読めません".into(),
        Damage::SchemaVersion => "スキーマの版を読めません".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Account;
    use std::path::PathBuf;

    fn denied(owner: u32) -> StoreFault {
        StoreFault::Denied(Denied {
            dir: PathBuf::from("/srv/secretariat"),
            file: PathBuf::from("/srv/secretariat/db"),
            owner: Some(Account {
                uid: owner,
                name: Some(if owner == 0 { "root" } else { "svc" }.into()),
            }),
            mode: Some(0o600),
            user: Account {
                uid: 990,
                name: Some("svc".into()),
            },
            more: 2,
        })
    }

    #[test]
    fn a_denied_file_is_named_with_its_owner_and_the_fix_never_a_backup() {
        for lang in [Lang::Ja, Lang::En] {
            let s = fault(lang, &denied(0));
            assert!(s.contains("/srv/secretariat/db"), "{s}");
            assert!(s.contains("root"), "{s}");
            assert!(s.contains("0600"), "{s}");
            assert!(s.contains("chown -R svc /srv/secretariat"), "{s}");
            for never in ["damaged", "backup", "破損", "バックアップ"] {
                assert!(!s.contains(never), "{never}: {s}");
            }
        }
        assert!(fault(Lang::Ja, &denied(0)).starts_with("アクセス権がありません"));
        assert!(fault(Lang::En, &denied(0)).starts_with("permission denied"));
        // The owner's own file with no access: its mode is the fix.
        let s = fault(Lang::En, &denied(990));
        assert!(s.contains("chmod -R u+rwX /srv/secretariat"), "{s}");
    }

    #[test]
    fn each_fault_has_its_own_words() {
        let dir = PathBuf::from("/d");
        let faults = [
            StoreFault::Locked { dir: dir.clone() },
            StoreFault::NoSpace {
                dir: dir.clone(),
                free_bytes: Some(3 << 20),
            },
            StoreFault::Damaged {
                dir: dir.clone(),
                damage: Damage::Changed { file: "db".into() },
                changed: vec![],
            },
            StoreFault::NewerSchema {
                dir: dir.clone(),
                found: 99,
                reads: 6,
            },
        ];
        let ja: Vec<String> = faults.iter().map(|f| fault(Lang::Ja, f)).collect();
        assert!(ja[0].contains("別の secretariat プロセス"), "{}", ja[0]);
        assert!(ja[1].contains("空きがありません") && ja[1].contains("3 MiB"));
        assert!(ja[2].contains("破損") && ja[2].contains("バックアップ"));
        assert!(ja[3].contains("スキーマ 99"));
        assert!(faults[1].to_string().contains("no space left"));
        assert!(faults[2].to_string().contains("is damaged (db was changed"));
        for (f, s) in faults.iter().zip(&ja) {
            assert!(!s.contains("os error"), "{f:?}: {s}");
        }
    }
}
