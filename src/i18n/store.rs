//! Why the store could not be opened or read, in the user's language: the
//! store carries a typed [`StoreFault`]; it becomes words only here. Each
//! sentence says what to do, and only damage is told to restore a backup.

use super::Lang;
use super::check::{part_en, part_ja};
use crate::store::{Codec, Damage, Denied, Refused, Sled, StoreError, StoreFault};

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

/// A store error as one sentence in `lang`.
pub fn error(lang: Lang, e: &StoreError) -> String {
    match lang {
        Lang::Ja => error_ja(e),
        Lang::En => error_en(e),
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error_en(self))
    }
}

fn error_en(e: &StoreError) -> String {
    match e {
        StoreError::Fault(f) => english(f),
        StoreError::Io { dir, detail } => {
            format!("cannot use the store at {}: {detail}", dir.display())
        }
        StoreError::Stale(r) | StoreError::Space(r) => r.to_string(),
        StoreError::Refused(r) => refused_en(r),
        StoreError::Codec(c) => format!(
            "a stored record could not be read ({}); run `secretariat check`",
            codec_en(c)
        ),
        StoreError::Sled(Sled::Corruption { detail }) => format!(
            "storage failure: the store's files are damaged ({detail}); restore it from a backup (secretariat backup)"
        ),
        StoreError::Sled(Sled::Io { detail } | Sled::Other { detail }) => {
            format!("storage failure: {detail}")
        }
        StoreError::ImportUndone { file, cause } => format!(
            "importing {file} failed ({}); nothing of it was kept",
            error_en(cause)
        ),
        StoreError::WrongAuditKey { dir, key } => format!(
            "the audit key {key} does not match the store at {} (its audit chain is under another key); give the store's own key (audit.key_file in the config, from where it was kept or its backup) — nothing was changed",
            dir.display()
        ),
    }
}

fn error_ja(e: &StoreError) -> String {
    match e {
        StoreError::Fault(f) => japanese(f),
        StoreError::Io { dir, detail } => {
            format!("{} のストアを使えません: {detail}", dir.display())
        }
        StoreError::Stale(r) | StoreError::Space(r) => super::refusals::refusal(Lang::Ja, r),
        StoreError::Refused(r) => refused_ja(r),
        StoreError::Codec(c) => format!(
            "保存された記録を読めません ({})。`secretariat check` を実行してください。",
            codec_ja(c)
        ),
        StoreError::Sled(Sled::Corruption { detail }) => format!(
            "ストレージの障害: ストアのファイルが破損しています ({detail})。バックアップ (secretariat backup) から戻してください。"
        ),
        StoreError::Sled(Sled::Io { detail } | Sled::Other { detail }) => {
            format!("ストレージの障害: {detail}")
        }
        StoreError::ImportUndone { file, cause } => format!(
            "{file} の取り込みに失敗しました ({})。取り込んだものは何も残していません。",
            error_ja(cause)
        ),
        StoreError::WrongAuditKey { dir, key } => format!(
            "監査鍵 {key} は {} のストアの鍵ではありません (監査記録の連鎖は別の鍵の下にあります)。ストア自身の鍵 (設定の audit.key_file。保管した場所かそのバックアップから) を指定してください。何も変更していません。",
            dir.display()
        ),
    }
}

fn codec_en(c: &Codec) -> String {
    match c {
        Codec::Value { detail } | Codec::Failed { detail } => detail.clone(),
        Codec::Key { what, want } => format!("{} is not {want} bytes", part_en(*what, true)),
        Codec::JournalTable { table } => format!("import journal entry names tree {table}"),
        Codec::NoMigration { from } => format!("no migration from schema {from}"),
    }
}

fn codec_ja(c: &Codec) -> String {
    match c {
        Codec::Value { detail } | Codec::Failed { detail } => detail.clone(),
        Codec::Key { what, want } => format!("{}が {want} バイトではありません", part_ja(*what)),
        Codec::JournalTable { table } => {
            format!("取り込み記録の項目が存在しない表 {table} を示しています")
        }
        Codec::NoMigration { from } => format!("スキーマ {from} からの移行がありません"),
    }
}

fn refused_en(r: &Refused) -> String {
    match r {
        Refused::BackupNotEmpty { dest } => format!(
            "{} is not empty; give a new or empty directory for the backup",
            dest.display()
        ),
        Refused::BackupUnderWay { dest } => format!(
            "a backup to {} is being written already; wait for it to end",
            dest.display()
        ),
        Refused::BrokenChain {
            dir,
            seq,
            unreadable,
        } => format!(
            "the store at {} cannot be upgraded to schema 5: {}; its audit chain was already broken, and keying it now would hide that — run `secretariat check` with the previous build, or restore a backup (nothing was changed)",
            dir.display(),
            match unreadable {
                Some(why) => format!("audit record {seq} cannot be read ({why})"),
                None => format!("audit record {seq} does not verify"),
            }
        ),
        Refused::ImportAbandoned => "the import was abandoned".into(),
    }
}

fn refused_ja(r: &Refused) -> String {
    match r {
        Refused::BackupNotEmpty { dest } => format!(
            "{} は空ではありません。バックアップには新しいディレクトリか空のディレクトリを指定してください。",
            dest.display()
        ),
        Refused::BackupUnderWay { dest } => format!(
            "{} へのバックアップはすでに書き込み中です。終わるまで待ってください。",
            dest.display()
        ),
        Refused::BrokenChain {
            dir,
            seq,
            unreadable,
        } => format!(
            "{} のストアをスキーマ 5 に更新できません: {}。監査記録の連鎖はすでに切れており、いま鍵を掛けるとそれが隠れてしまいます。以前の版で `secretariat check` を実行するか、バックアップから戻してください (何も変更していません)。",
            dir.display(),
            match unreadable {
                Some(why) => format!("監査記録 {seq} を読めません ({why})"),
                None => format!("監査記録 {seq} を検証できません"),
            }
        ),
        Refused::ImportAbandoned => "取り込みは中断されました".into(),
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

    #[test]
    fn every_store_error_is_worded_in_both_languages() {
        use crate::store::Part;
        let dir = PathBuf::from("/srv/secretariat");
        let errors = vec![
            StoreError::Io {
                dir: dir.clone(),
                detail: "Input/output error (os error 5)".into(),
            },
            StoreError::Codec(Codec::Value {
                detail: "io error: unexpected end of file".into(),
            }),
            StoreError::Codec(Codec::Key {
                what: Part::AssigneeNumber,
                want: 4,
            }),
            StoreError::Codec(Codec::JournalTable { table: 99 }),
            StoreError::Codec(Codec::NoMigration { from: 0 }),
            StoreError::Sled(Sled::Io {
                detail: "No space left on device (os error 28)".into(),
            }),
            StoreError::Sled(Sled::Corruption {
                detail: "Read corrupted data at file offset 4096".into(),
            }),
            StoreError::Sled(Sled::Other {
                detail: "Unsupported: x".into(),
            }),
            StoreError::Refused(Refused::BackupNotEmpty {
                dest: PathBuf::from("/backups/today"),
            }),
            StoreError::Refused(Refused::BackupUnderWay {
                dest: PathBuf::from("/backups/today"),
            }),
            StoreError::Refused(Refused::BrokenChain {
                dir: dir.clone(),
                seq: 7,
                unreadable: None,
            }),
            StoreError::Refused(Refused::BrokenChain {
                dir: dir.clone(),
                seq: 7,
                unreadable: Some("invalid value".into()),
            }),
            StoreError::Refused(Refused::ImportAbandoned),
            StoreError::ImportUndone {
                file: "cases.jsonl".into(),
                cause: Box::new(StoreError::Sled(Sled::Io {
                    detail: "No space left on device (os error 28)".into(),
                })),
            },
            StoreError::WrongAuditKey {
                dir: dir.clone(),
                key: "/etc/secretariat/audit.key".into(),
            },
        ];
        let japanese = |s: &str| {
            s.chars()
                .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
        };
        let mut seen = std::collections::HashSet::new();
        for e in &errors {
            let (ja, en) = (error(Lang::Ja, e), error(Lang::En, e));
            assert!(japanese(&ja), "{e:?}: {ja}");
            assert!(!japanese(&en), "{e:?}: {en}");
            assert_eq!(en, e.to_string());
            assert!(
                seen.insert(ja.clone()) && seen.insert(en.clone()),
                "{ja} / {en}"
            );
        }
        // The English of before, word for word.
        assert_eq!(
            errors[2].to_string(),
            "a stored record could not be read (an assignee number is not 4 bytes); run `secretariat check`"
        );
        assert_eq!(
            errors[6].to_string(),
            "storage failure: the store's files are damaged (Read corrupted data at file offset 4096); restore it from a backup (secretariat backup)"
        );
        assert_eq!(
            errors[8].to_string(),
            "/backups/today is not empty; give a new or empty directory for the backup"
        );
        assert_eq!(
            errors[13].to_string(),
            "importing cases.jsonl failed (storage failure: No space left on device (os error 28)); nothing of it was kept"
        );
        // Damage is told to restore a backup in Japanese too; the cause of an
        // undone import is in the same language as the sentence around it.
        assert!(error(Lang::Ja, &errors[6]).contains("バックアップ"));
        assert!(error(Lang::Ja, &errors[13]).contains("ストレージの障害"));
        // A store fault is worded as `fault` words it.
        let locked = StoreError::from(StoreFault::Locked { dir: dir.clone() });
        assert_eq!(
            error(Lang::Ja, &locked),
            fault(Lang::Ja, &StoreFault::Locked { dir })
        );
    }
}
