//! Why the store could not be opened or read, in the user's language: the
//! store carries a typed [`StoreFault`]; it becomes words only here, each
//! variant in one arm with its Japanese and English side by side. Each
//! sentence says what to do, and only damage is told to restore a backup.

use super::Lang;
use super::check::part;
use crate::store::{Codec, Damage, Denied, Refused, Sled, StoreError, StoreFault};

english_display! {
    StoreFault => fault;
    StoreError => error;
}

/// A store error as one sentence in `lang`.
pub fn error(lang: Lang, e: &StoreError) -> String {
    match e {
        StoreError::Fault(f) => fault(lang, f),
        StoreError::Io { dir, detail } => io(lang, dir, detail),
        StoreError::Stale(r) | StoreError::Space(r) => super::refusals::refusal(lang, r),
        StoreError::Refused(r) => refused(lang, r),
        StoreError::Codec(c) => {
            let c = codec(lang, c);
            lang.pick(
                format!("保存された記録を読めません ({c})。`secretariat check` を実行してください。"),
                format!("a stored record could not be read ({c}); run `secretariat check`"),
            )
        }
        StoreError::Sled(Sled::Corruption { detail }) => lang.pick(
            format!(
                "ストレージの障害: ストアのファイルが破損しています ({detail})。バックアップ (secretariat backup) から戻してください。"
            ),
            format!(
                "storage failure: the store's files are damaged ({detail}); restore it from a backup (secretariat backup)"
            ),
        ),
        StoreError::Sled(Sled::Io { detail } | Sled::Other { detail }) => lang.pick(
            format!("ストレージの障害: {detail}"),
            format!("storage failure: {detail}"),
        ),
        StoreError::Postgres { code, detail } => {
            let code = code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
            lang.pick(
                format!("データベース (PostgreSQL) の障害{code}: {detail}"),
                format!("database (PostgreSQL) failure{code}: {detail}"),
            )
        }
        StoreError::ImportUndone { file, cause } => {
            let cause = error(lang, cause);
            lang.pick(
                format!("{file} の取り込みに失敗しました ({cause})。取り込んだものは何も残していません。"),
                format!("importing {file} failed ({cause}); nothing of it was kept"),
            )
        }
        StoreError::WrongAuditKey { dir, key } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "監査鍵 {key} は {dir} のストアの鍵ではありません (監査記録の連鎖は別の鍵の下にあります)。ストア自身の鍵 (設定の audit.key_file。保管した場所かそのバックアップから) を指定してください。何も変更していません。"
                ),
                format!(
                    "the audit key {key} does not match the store at {dir} (its audit chain is under another key); give the store's own key (audit.key_file in the config, from where it was kept or its backup) — nothing was changed"
                ),
            )
        }
    }
}

fn io(lang: Lang, dir: &std::path::Path, detail: &str) -> String {
    let dir = dir.display();
    lang.pick(
        format!("{dir} のストアを使えません: {detail}"),
        format!("cannot use the store at {dir}: {detail}"),
    )
}

fn codec(lang: Lang, c: &Codec) -> String {
    match c {
        Codec::Value { detail } | Codec::Failed { detail } => detail.clone(),
        Codec::Key { what, want } => lang.pick(
            format!(
                "{}が {want} バイトではありません",
                part(Lang::Ja, *what, false)
            ),
            format!("{} is not {want} bytes", part(Lang::En, *what, true)),
        ),
        Codec::JournalTable { table } => lang.pick(
            format!("取り込み記録の項目が存在しない表 {table} を示しています"),
            format!("import journal entry names tree {table}"),
        ),
        Codec::NoMigration { from } => lang.pick(
            format!("スキーマ {from} からの移行がありません"),
            format!("no migration from schema {from}"),
        ),
    }
}

fn refused(lang: Lang, r: &Refused) -> String {
    match r {
        Refused::BackupNotEmpty { dest } => {
            let dest = dest.display();
            lang.pick(
                format!(
                    "{dest} は空ではありません。バックアップには新しいディレクトリか空のディレクトリを指定してください。"
                ),
                format!("{dest} is not empty; give a new or empty directory for the backup"),
            )
        }
        Refused::BackupUnderWay { dest } => {
            let dest = dest.display();
            lang.pick(
                format!(
                    "{dest} へのバックアップはすでに書き込み中です。終わるまで待ってください。"
                ),
                format!("a backup to {dest} is being written already; wait for it to end"),
            )
        }
        Refused::BrokenChain {
            dir,
            seq,
            unreadable,
        } => {
            let dir = dir.display();
            let record = match unreadable {
                Some(why) => lang.pick(
                    format!("監査記録 {seq} を読めません ({why})"),
                    format!("audit record {seq} cannot be read ({why})"),
                ),
                None => lang.pick(
                    format!("監査記録 {seq} を検証できません"),
                    format!("audit record {seq} does not verify"),
                ),
            };
            lang.pick(
                format!(
                    "{dir} のストアをスキーマ 5 に更新できません: {record}。監査記録の連鎖はすでに切れており、いま鍵を掛けるとそれが隠れてしまいます。以前の版で `secretariat check` を実行するか、バックアップから戻してください (何も変更していません)。"
                ),
                format!(
                    "the store at {dir} cannot be upgraded to schema 5: {record}; its audit chain was already broken, and keying it now would hide that — run `secretariat check` with the previous build, or restore a backup (nothing was changed)"
                ),
            )
        }
        Refused::ImportAbandoned => lang
            .pick("取り込みは中断されました", "the import was abandoned")
            .into(),
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

fn denied(lang: Lang, d: &Denied) -> String {
    let more = match d.more {
        0 => String::new(),
        1 => lang.pick(
            " (ほかに 1 個のファイルも同様)".into(),
            " (and 1 more of its files)".into(),
        ),
        n => lang.pick(
            format!(" (ほかに {n} 個のファイルも同様)"),
            format!(" (and {n} more of its files)"),
        ),
    };
    let whose = match &d.owner {
        Some(o) => {
            let (owner, mode) = (o.label(), mode(d.mode));
            lang.pick(
                format!("所有者は {owner}、モードは {mode} で"),
                format!("belongs to {owner} with mode {mode}"),
            )
        }
        None => lang.pick("状態を確認できず", "cannot be looked at").into(),
    };
    let (fix, user) = (fix(d), d.user.label());
    let then = if d.wrong_owner() {
        lang.pick(
            format!("root で `{fix}` を実行してストアを {user} に戻し"),
            format!("give the store back to {user}, as root: `{fix}`"),
        )
    } else {
        lang.pick(
            format!("`{fix}` で所有者の読み書きを許可し"),
            format!("give its owner read and write access again: `{fix}`"),
        )
    };
    let file = d.file.display();
    lang.pick(
        format!(
            "アクセス権がありません: {file}{more} の{whose}、secretariat を実行している {user} は読み書きできません。データではなく所有権の問題です。{then}、もう一度実行してください。"
        ),
        format!(
            "permission denied: {file}{more} {whose}, and {user}, who runs secretariat here, may not read and write it; this is a matter of ownership, not of the data — {then}, and try again"
        ),
    )
}

/// A store fault as one sentence in `lang`.
pub fn fault(lang: Lang, f: &StoreFault) -> String {
    match f {
        StoreFault::Locked { dir } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} のストアは別の secretariat プロセスが開いています。そちらを閉じるか (または動いているサーバーを使い)、もう一度実行してください。"
                ),
                format!(
                    "the store at {dir} is open in another secretariat process; close it there (or use the running server) and try again"
                ),
            )
        }
        StoreFault::Denied(d) => denied(lang, d),
        StoreFault::NotOwner { dir, owner, user } if owner.uid == 0 && user.uid != 0 => {
            let (dir, chown, user) = (dir.display(), user.for_chown(), user.label());
            lang.pick(
                format!(
                    "アクセス権がありません ({user} として実行していますが、ストアの所有者は root です)。{dir} を開けるのはストアの所有者だけです。{user} がストアのサービスアカウントで、secretariat が root で実行されたのなら、root で `chown -R {chown} {dir}` を実行してストアを戻してください。そうでなければサーバー経由 (--socket) で使ってください。"
                ),
                format!(
                    "permission denied (you are {user}, the store belongs to root): only the store's owner opens {dir}; if {user} is the store's service account and secretariat was run as root, give the store back, as root: `chown -R {chown} {dir}` — otherwise reach it through its server (--socket)"
                ),
            )
        }
        StoreFault::NotOwner { dir, owner, user } => {
            let (dir, owner, user) = (dir.display(), owner.label(), user.label());
            lang.pick(
                format!(
                    "アクセス権がありません ({user} として実行していますが、ストアの所有者は {owner} です)。{dir} を開けるのはストアの所有者だけです。サーバー経由 (--socket、または運用担当者に確認) で使ってください。"
                ),
                format!(
                    "permission denied (you are {user}, the store belongs to {owner}): only the store's owner opens {dir}; reach it through its server (--socket, or ask whoever runs it)"
                ),
            )
        }
        StoreFault::Unreachable { dir, user } => {
            let (dir, user) = (dir.display(), user.label());
            lang.pick(
                format!(
                    "アクセス権がありません: {dir} を読めません ({user} として実行中)。サーバー経由 (--socket) で使ってください。"
                ),
                format!(
                    "permission denied: {dir} cannot be read (you are {user}); reach the store through its server (--socket)"
                ),
            )
        }
        StoreFault::OpenToOthers { dir, mode } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} のストアのモードは {mode:04o} で、グループやほかの利用者がファイルに触れられます (役割の制限を回避できてしまいます)。`chmod 700 {dir}` を実行してから、もう一度実行してください。"
                ),
                format!(
                    "the store at {dir} has mode {mode:04o}: its group or others can reach the files, which would let them around the roles; run `chmod 700 {dir}` and try again"
                ),
            )
        }
        StoreFault::NoSpace { dir, free_bytes } => {
            let (dir, free) = (dir.display(), mib(*free_bytes));
            lang.pick(
                format!(
                    "{dir} のストアがあるファイルシステムに空きがありません (この利用者の空き {free} MiB)。空きを作るか、大きなディスクに移してから、もう一度実行してください。何も変更していません。"
                ),
                format!(
                    "no space left on the file system of the store at {dir} ({free} MiB free to this user); make room there (or move the store to a larger disk) and try again — nothing was changed"
                ),
            )
        }
        StoreFault::Damaged {
            dir,
            damage: d,
            changed,
        } => {
            let (dir, damage) = (dir.display(), damage(lang, d));
            let files = if changed.is_empty() {
                lang.pick(
                    "ファイルは見つかったときのままです。",
                    "the files were left as they are",
                )
                .to_string()
            } else {
                let changed = changed.join(", ");
                lang.pick(
                    format!(
                        "sled のクラッシュ回復が開く際にファイルを変更したため ({changed})、見つかったときのままではありません。"
                    ),
                    format!(
                        "sled's crash recovery changed its files as it tried to open them ({changed}), so they are no longer exactly as they were found"
                    ),
                )
            };
            lang.pick(
                format!(
                    "{dir} のストアは破損しています ({damage})。バックアップ (secretariat backup) から戻してください。{files}"
                ),
                format!(
                    "the store at {dir} is damaged ({damage}); restore it from a backup (secretariat backup) — {files}"
                ),
            )
        }
        StoreFault::NewerSchema { dir, found, reads } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} のストアは新しい secretariat で書かれています (スキーマ {found}、この版が読めるのは {reads} まで)。secretariat を更新してください。"
                ),
                format!(
                    "the store at {dir} was written by a newer secretariat (schema {found}, this build reads {reads}); upgrade secretariat"
                ),
            )
        }
        StoreFault::UnfinishedBackup { dir } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} は完了前に中断されたバックアップなので開きません。ストアからもう一度バックアップしてください。"
                ),
                format!(
                    "{dir} is a backup that was cut short before it was complete; it is not opened — make the backup again from the store"
                ),
            )
        }
        StoreFault::Io { dir, detail } => io(lang, dir, detail),
    }
}

fn damage(lang: Lang, d: &Damage) -> String {
    match d {
        Damage::SealUnreadable => lang
            .pick("封印ファイルが読めません", "its seal file is unreadable")
            .into(),
        Damage::Missing { file } => {
            lang.pick(format!("{file} がありません"), format!("{file} is missing"))
        }
        Damage::Changed { file } => lang.pick(
            format!("{file} が前回 secretariat が閉じた後に変更されています"),
            format!("{file} was changed since secretariat last closed it"),
        ),
        Damage::Unreadable { file, error } => lang.pick(
            format!("{file} を読めません: {error}"),
            format!("{file} cannot be read: {error}"),
        ),
        Damage::Sled { detail } => lang.pick(
            format!("sled の報告: {detail}"),
            format!("sled reported: {detail}"),
        ),
        Damage::SledStopped => lang
            .pick(
                "データベースのファイルを読めません",
                "the database files could not be read",
            )
            .into(),
        Damage::SchemaVersion => lang
            .pick("スキーマの版を読めません", "schema version unreadable")
            .into(),
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
            StoreError::Postgres {
                code: Some("57P01".into()),
                detail: "terminating connection due to administrator command".into(),
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
        for (i, words) in [
            (
                2,
                "a stored record could not be read (an assignee number is not 4 bytes); run `secretariat check`",
            ),
            (
                6,
                "storage failure: the store's files are damaged (Read corrupted data at file offset 4096); restore it from a backup (secretariat backup)",
            ),
            (
                8,
                "/backups/today is not empty; give a new or empty directory for the backup",
            ),
            (
                13,
                "importing cases.jsonl failed (storage failure: No space left on device (os error 28)); nothing of it was kept",
            ),
        ] {
            assert_eq!(errors[i].to_string(), words, "errors[{i}]");
        }
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
