//! Why something was refused, in the user's language: the desk, the store and
//! the server carry a typed [`Refusal`]; it becomes words only here.

use super::{DateStyle, Lang, role_name, state_name};
use crate::domain::filter::{Expected, FilterProblem};
use crate::domain::refusal::{Bounded, Refusal, TextField};
use crate::domain::workflow::StepRefused;
use crate::domain::{Permission, Role};

fn permission_text(lang: Lang, p: Permission) -> &'static str {
    match p {
        Permission::Read => lang.pick("閲覧", "reading cases"),
        Permission::Annotate => lang.pick("メモの追加", "adding notes"),
        Permission::Decide => lang.pick("承認・差し戻し", "approving or returning cases"),
        Permission::Claim => lang.pick("案件の割当", "claiming cases"),
        Permission::Import => lang.pick("取り込み", "importing files"),
        Permission::Bulk => lang.pick("選択した案件の一括処理", "bulk decisions on marked cases"),
        Permission::Reassign => lang.pick("割当先の変更", "reassigning cases"),
        Permission::Reopen => lang.pick("案件の再開", "reopening cases"),
        Permission::ManageUsers => lang.pick("ユーザー管理", "managing users"),
        Permission::EditConfig => lang.pick("設定の変更", "editing the configuration"),
        Permission::Check => lang.pick("ストアの検査", "checking the store"),
        Permission::Backup => lang.pick("ストアのバックアップ", "backing up the store"),
        Permission::SendMail => lang.pick("通知メールの送信", "sending notifications"),
        Permission::ManageMail => lang.pick(
            "送信できなかった通知の再送・取り消し",
            "retrying or cancelling notifications",
        ),
        Permission::LogEnquiry => lang.pick("問い合わせの記録", "logging enquiries"),
    }
}

fn time(t: &crate::domain::Timestamp) -> String {
    super::dates::timestamp(t, DateStyle::Iso, super::DateWidth::Full)
}

/// The warning every supervisor sees on the status line while the service
/// account cannot send mail (short: it must fit 80 columns beside the rest).
pub fn mail_stopped(lang: Lang, m: &crate::desk::MailStopped) -> String {
    match lang {
        Lang::Ja => format!("メール停止中 ({} は{})", m.user, role_name(lang, m.role)),
        Lang::En => format!("mail stopped ({} is {})", m.user, m.role.id()),
    }
}

/// A refusal as one sentence in `lang`, its moments in ISO (the command line).
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    refusal_dated(lang, DateStyle::Iso, r)
}

/// A refusal as one sentence in `lang`, its moments in `dates` (a screen).
pub fn refusal_dated(lang: Lang, dates: DateStyle, r: &Refusal) -> String {
    match lang {
        Lang::Ja => japanese(r, dates),
        Lang::En => english(r),
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&english(self))
    }
}

fn english(r: &Refusal) -> String {
    match r {
        Refusal::Permission {
            user,
            role,
            permission,
        } => {
            let needed = Role::needed_for(*permission);
            format!(
                "{user} is {}; {} needs the {} role (a supervisor can grant it with `secretariat users add {user} {}`)",
                role.id(),
                permission_text(Lang::En, *permission),
                needed.id(),
                needed.id()
            )
        }
        Refusal::LastSupervisor { user } => {
            format!("{user} is the last supervisor of this store; add another supervisor first")
        }
        Refusal::Stale {
            reference,
            by,
            at,
            revision,
            seen,
        } => format!(
            "{reference} was changed by {by} at {} (revision {revision}, you saw {seen}); reload it and decide again",
            time(at)
        ),
        Refusal::Gone { reference } => format!("{reference} no longer exists"),
        Refusal::Step { step } => step_en(step),
        Refusal::NothingToUndo { user } => format!("{user} has no decision to undo"),
        Refusal::UndoReleased { reference, at } => format!(
            "the notification of your decision on {reference} was released at {}; it can no longer be undone",
            time(at)
        ),
        Refusal::UndoSent { reference } => format!(
            "the notification of your decision on {reference} has already been sent; it can no longer be undone"
        ),
        Refusal::UndoChanged { reference, by } => format!(
            "{reference} was changed by {by} after your decision; it can no longer be undone"
        ),
        Refusal::MayNotStop { user, role } => format!(
            "{user} is {}; only a supervisor or the user the server runs as may stop it",
            role.id()
        ),
        Refusal::StartedByHand => {
            "this server was started by hand and stops only when asked (`secretariat stop`)".into()
        }
        Refusal::InUse { others } => format!("{others} other client(s) use the server"),
        Refusal::NoSuchCase { key } => format!("there is no case {key}"),
        Refusal::BadRegistrationNumber { input } if input.trim().is_empty() => {
            "type a registration number (1 to 7 digits)".to_string()
        }
        Refusal::BadRegistrationNumber { input } => {
            format!("{input:?} is not a registration number (1 to 7 digits)")
        }
        Refusal::BadShownName { shown, max } => format!(
            "{shown:?} cannot be a user's name: 1 to {max} characters, no line breaks or control characters"
        ),
        Refusal::NoSuchPerson { number } => {
            format!("no person, case or loan has registration number {number}")
        }
        Refusal::NotAUser { name } => format!("{name} has no role in this store"),
        Refusal::BadUserName { name } => format!("{name:?} is not a user name"),
        Refusal::EmptyNote => "a note needs some text".into(),
        Refusal::TooLong { what, chars, max } => format!(
            "the {} is {chars} characters long; at most {max} are {}",
            match what {
                TextField::Note => "note",
                TextField::Reason => "reason",
                TextField::Filter => "filter",
                TextField::Text => "text",
            },
            match what {
                TextField::Note | TextField::Reason => "kept",
                TextField::Filter | TextField::Text => "read",
            }
        ),
        Refusal::TooMany { what, count, max } => match what {
            Bounded::PageRows
            | Bounded::BulkCases
            | Bounded::Views
            | Bounded::ImportFiles
            | Bounded::Notifications => {
                format!(
                    "{count} {} asked for; at most {max} at a time",
                    match what {
                        Bounded::PageRows => "rows",
                        Bounded::BulkCases => "cases",
                        Bounded::Views => "views",
                        Bounded::Notifications => "notifications",
                        _ => "files",
                    }
                )
            }
            Bounded::FilterTerms => {
                format!("the filter has {count} terms; at most {max} are read")
            }
            Bounded::UploadFiles => format!(
                "{count} files uploaded for one import; at most {max} (server.upload_max_files)"
            ),
            Bounded::UploadFilesPerUser => format!(
                "{count} files uploaded by one user; at most {max} (server.upload_max_files_per_user)"
            ),
            Bounded::UploadMib => format!(
                "{count} MiB uploaded on one connection; at most {max} MiB (server.upload_max_mib)"
            ),
            Bounded::UploadMibPerUser => format!(
                "{count} MiB uploaded by one user; at most {max} MiB (server.upload_max_mib_per_user)"
            ),
        },
        Refusal::LowDisk {
            free_mib,
            reserve_mib,
        } => format!(
            "the server's disk has {free_mib} MiB free and keeps {reserve_mib} MiB in reserve (server.upload_disk_reserve_mib); the upload was not kept"
        ),
        Refusal::NoSuchNotification { id } => {
            format!("notification {id} has not been handed to the mail relay")
        }
        Refusal::NotificationState { id, state, cancel } => format!(
            "notification {id} is {state}; it cannot be {}",
            if *cancel { "cancelled" } else { "retried" }
        ),
        Refusal::Invalid { why, .. } => why.clone(),
        Refusal::Filter { term, problem } => filter_en(term, problem),
        Refusal::NotAUserOf { name, users } => format!(
            "{name} is not a user of this store; users: {}",
            users.join(", ")
        ),
        Refusal::DiskSpace {
            undo_of: Some(file),
            free_mib,
            ..
        } => format!(
            "the disk holding the store is full ({free_mib} MiB free): importing {file} failed and what it wrote is undone as soon as there is room; until then changes are refused and reads go on — free space on that disk (no restart is needed)"
        ),
        Refusal::DiskSpace {
            free_mib,
            reserve_mib,
            undo_of: None,
        } => format!(
            "the disk holding the store has {free_mib} MiB free, less than the {reserve_mib} MiB kept free so that an import can always be undone ([store] reserve_mib / reserve_percent in the config); nothing was changed — free space on that disk and try again (reads go on; no restart is needed)"
        ),
        Refusal::DateOutOfRange { what, date } => {
            let (first, last, _) = rule_range();
            format!(
                "{what} {date} is outside {first} to {last}, the years the rules and the holiday table cover; give a date in that range"
            )
        }
        Refusal::ServiceAccount { user, role } => format!(
            "{user} is the store's service account, as whom the server sends mail; as {} it could not, and all mail would stop. Give it operator or supervisor, or repeat with --force if mail should stop",
            role.id()
        ),
        Refusal::Enquiry { problem } => super::enquiry::problem(Lang::En, problem),
    }
}

fn fields() -> String {
    crate::domain::filter::FIELDS.join(" ")
}

/// The first and last day the rules cover, and the most days a count may say.
fn rule_range() -> (chrono::NaiveDate, chrono::NaiveDate, i64) {
    use crate::domain::time::{MAX_DAYS, first_rule_day, last_rule_day};
    (first_rule_day(), last_rule_day(), MAX_DAYS)
}

/// The value of a term (`R1.4.30` of `due<R1.4.30`), as typed.
fn term_value(term: &str) -> &str {
    term.split_once([':', '<', '>', '：', '＜', '＞'])
        .map_or(term, |(_, value)| value)
}

fn filter_en(term: &str, problem: &FilterProblem) -> String {
    let (first, last, max) = rule_range();
    let days_en = format!("a whole number of days from 0 to {max} (age>30, age<7)");
    let date_en = format!(
        "a date from {first} to {last} (the years the rules cover) written 2026-11-30, 2026/11/30, R8.11.30 or 令和8年11月30日, or +N/-N days with N up to {max} (due<+7)"
    );
    match problem {
        FilterProblem::UnknownField { field } => format!(
            "`{term}` is not a filter term: there is no field `{field}`; fields: {}, and free words",
            fields()
        ),
        FilterProblem::BadValue {
            field,
            date: Some(p),
            ..
        } => format!(
            "`{term}`: {}; {field} takes {date_en}",
            super::dates::problem(Lang::En, term_value(term), *p)
        ),
        FilterProblem::BadValue {
            field, expected, ..
        } => format!(
            "`{term}`: {field} takes {}; fields: {}",
            match expected {
                Expected::State => "a state id or name (e.g. state:submitted)",
                Expected::User => "a user name, `me` or `none`",
                Expected::Flag => "a flag id or code (e.g. flag:NOSUP)",
                Expected::Days => &days_en,
                Expected::Date => &date_en,
                Expected::Text => "some text",
                Expected::Kind => "adoption, loan, category_change or association_transfer",
                Expected::Nothing => "no value",
            },
            fields()
        ),
    }
}

fn filter_ja(term: &str, problem: &FilterProblem) -> String {
    let (first, last, max) = rule_range();
    let days_ja = format!("0 から {max} までの日数 (age>30, age<7)");
    let date_ja = format!(
        "{first} から {last} まで (規則が扱う年) の日付 (2026-11-30、2026/11/30、R8.11.30、令和8年11月30日)、または {max} 日以内の +N/-N 日 (due<+7)"
    );
    match problem {
        FilterProblem::UnknownField { field } => format!(
            "「{term}」は絞り込み条件として読めません (項目「{field}」はありません)。使える項目: {} と自由語",
            fields()
        ),
        FilterProblem::BadValue {
            field,
            date: Some(p),
            ..
        } => format!(
            "「{term}」: {}。{field} には{date_ja}を指定してください",
            super::dates::problem(Lang::Ja, term_value(term), *p)
        ),
        FilterProblem::BadValue {
            field, expected, ..
        } => format!(
            "「{term}」: {field} には{}を指定してください。使える項目: {}",
            match expected {
                Expected::State => "状態の ID または名称 (例 state:submitted)",
                Expected::User => "ユーザー名、me または none",
                Expected::Flag => "フラグの ID または略号 (例 flag:NOSUP)",
                Expected::Days => &days_ja,
                Expected::Date => &date_ja,
                Expected::Text => "文字",
                Expected::Kind =>
                    "adoption, loan, category_change, association_transfer のいずれか",
                Expected::Nothing => "値なし",
            },
            fields()
        ),
    }
}

fn step_en(e: &StepRefused) -> String {
    match e {
        StepRefused::NoNextStep { reference, state } => {
            format!("case {reference} is {} and has no further step", state.id())
        }
        StepRefused::NotOpen { reference, state } => format!(
            "case {reference} is {}; only open cases can be returned",
            state.id()
        ),
        StepRefused::AwaitsReport { reference } => format!(
            "case {reference} is a missing-report follow-up; it closes by itself when the facility's report is accepted"
        ),
        StepRefused::ReasonRequired => "a return needs a reason the applicant can act on".into(),
        StepRefused::NotChaseable { reference, state } => {
            format!("case {reference} cannot be chased in state {}", state.id())
        }
        StepRefused::NotAReport => {
            "only a submitted facility report can be moved to certification return".into()
        }
        StepRefused::NotClosed { reference, state } => format!(
            "case {reference} is {}; only closed cases can be reopened",
            state.id()
        ),
    }
}

fn japanese(r: &Refusal, dates: DateStyle) -> String {
    let ja = Lang::Ja;
    let time = |t| super::dates::timestamp(t, dates, super::DateWidth::Full);
    match r {
        Refusal::Permission {
            user,
            role,
            permission,
        } => {
            let needed = Role::needed_for(*permission);
            format!(
                "{user} さんは{}です。{}には{}の権限が必要です (責任者が `secretariat users add {user} {}` で付与できます)",
                role_name(ja, *role),
                permission_text(ja, *permission),
                role_name(ja, needed),
                needed.id()
            )
        }
        Refusal::LastSupervisor { user } => {
            format!("{user} さんはこのストア最後の責任者です。先に別の責任者を追加してください")
        }
        Refusal::Stale {
            reference,
            by,
            at,
            revision,
            seen,
        } => format!(
            "{reference} は {} に {by} さんが変更しました (版 {revision}、表示中は版 {seen})。再読み込みしてから決定してください",
            time(at)
        ),
        Refusal::Gone { reference } => format!("{reference} はもう存在しません"),
        Refusal::Step { step } => step_ja(step),
        Refusal::NothingToUndo { user } => format!("{user} さんには取り消せる決定がありません"),
        Refusal::UndoReleased { reference, at } => format!(
            "{reference} の決定の通知は {} に送出済みのため、取り消せません",
            time(at)
        ),
        Refusal::UndoSent { reference } => {
            format!("{reference} の決定の通知は送信済みのため、取り消せません")
        }
        Refusal::UndoChanged { reference, by } => {
            format!("{reference} はあなたの決定の後に {by} さんが変更したため、取り消せません")
        }
        Refusal::MayNotStop { user, role } => format!(
            "{user} さんは{}です。サーバーを停止できるのは責任者かサーバーを起動したユーザーだけです",
            role_name(ja, *role)
        ),
        Refusal::StartedByHand => {
            "このサーバーは手動で起動されたため、`secretariat stop` で停止するまで動き続けます"
                .into()
        }
        Refusal::InUse { others } => {
            format!("ほかに {others} 件のクライアントがサーバーを使用中です")
        }
        Refusal::NoSuchCase { key } => format!("案件 {key} はありません"),
        Refusal::BadRegistrationNumber { input } if input.trim().is_empty() => {
            "医籍登録番号 (1〜7桁の数字) を入力してください".to_string()
        }
        Refusal::BadRegistrationNumber { input } => {
            format!("「{input}」は医籍登録番号として読み取れません (1〜7桁の数字)")
        }
        Refusal::BadShownName { shown, max } => {
            format!("「{shown}」は利用者の氏名にできません (1〜{max}文字、改行・制御文字なし)")
        }
        Refusal::NoSuchPerson { number } => {
            format!("医籍登録番号 {number} の人は登録されていません")
        }
        Refusal::NotAUser { name } => format!("{name} さんはこのストアのユーザーではありません"),
        Refusal::BadUserName { name } => format!("{name:?} はユーザー名として使えません"),
        Refusal::EmptyNote => "メモが空です".into(),
        Refusal::TooLong { what, chars, max } => format!(
            "{}が {chars} 文字あります。{max} 文字までにしてください",
            match what {
                TextField::Note => "メモ",
                TextField::Reason => "理由",
                TextField::Filter => "絞り込み条件",
                TextField::Text => "入力",
            }
        ),
        Refusal::TooMany { what, count, max } => match what {
            Bounded::PageRows
            | Bounded::BulkCases
            | Bounded::Views
            | Bounded::ImportFiles
            | Bounded::Notifications => {
                let unit = match what {
                    Bounded::PageRows => "行",
                    Bounded::BulkCases | Bounded::Notifications => "件",
                    Bounded::Views => "ビュー",
                    _ => "ファイル",
                };
                format!("{count} {unit}は一度に扱えません。{max} {unit}までです")
            }
            Bounded::FilterTerms => {
                format!("絞り込み条件が {count} 個あります。{max} 個までにしてください")
            }
            Bounded::UploadFiles => format!(
                "1 回の取り込みに {count} ファイルが送られました。{max} ファイルまでです (server.upload_max_files)"
            ),
            Bounded::UploadFilesPerUser => format!(
                "1 人のユーザーから {count} ファイルが送られました。{max} ファイルまでです (server.upload_max_files_per_user)"
            ),
            Bounded::UploadMib => format!(
                "1 つの接続で {count} MiB が送られました。{max} MiB までです (server.upload_max_mib)"
            ),
            Bounded::UploadMibPerUser => format!(
                "1 人のユーザーから {count} MiB が送られました。{max} MiB までです (server.upload_max_mib_per_user)"
            ),
        },
        Refusal::LowDisk {
            free_mib,
            reserve_mib,
        } => format!(
            "サーバーのディスクの空きが {free_mib} MiB で、{reserve_mib} MiB を予備に残すため (server.upload_disk_reserve_mib)、送られたファイルは保存しませんでした"
        ),
        Refusal::NoSuchNotification { id } => {
            format!("通知 {id} はまだメール送信に渡されていません")
        }
        Refusal::NotificationState { id, state, cancel } => format!(
            "通知 {id} は {state} のため{}できません",
            if *cancel { "取り消し" } else { "再送" }
        ),
        Refusal::Invalid { input, why } => format!("「{input}」は読み取れません ({why})"),
        Refusal::Filter { term, problem } => filter_ja(term, problem),
        Refusal::NotAUserOf { name, users } => format!(
            "{name} さんはこのストアのユーザーではありません。ユーザー: {}",
            users.join("、")
        ),
        Refusal::DiskSpace {
            undo_of: Some(file),
            free_mib,
            ..
        } => format!(
            "ストアのディスクが一杯です（空き {free_mib} MiB）。{file} の取り込みは失敗し、書き込んだ分は空きができしだい取り消されます。それまで変更は受け付けません（閲覧はできます）。ディスクの空きを作ってください（再起動は不要です）"
        ),
        Refusal::DiskSpace {
            free_mib,
            reserve_mib,
            undo_of: None,
        } => format!(
            "ストアのディスクの空きが {free_mib} MiB で、取り込みをいつでも取り消せるよう確保している {reserve_mib} MiB（設定の [store] reserve_mib / reserve_percent）を下回っています。何も変更していません。ディスクの空きを作ってからやり直してください（閲覧はできます。再起動は不要です）"
        ),
        Refusal::DateOutOfRange { what, date } => {
            let (first, last, _) = rule_range();
            format!(
                "{what} {date} は規則と祝日表が扱う {first} 〜 {last} の範囲外です。この範囲の日付を指定してください"
            )
        }
        Refusal::ServiceAccount { user, role } => format!(
            "{user} はストアのサービスアカウントで、サーバーはこのアカウントで通知メールを送ります。{}にするとメールを送れず、すべてのメールが止まります。operator か supervisor を与えるか、メールを止めてよいなら --force を付けて実行してください",
            role_name(Lang::Ja, *role)
        ),
        Refusal::Enquiry { problem } => super::enquiry::problem(Lang::Ja, problem),
    }
}

fn step_ja(e: &StepRefused) -> String {
    let state = |s: &crate::domain::State| state_name(Lang::Ja, *s);
    match e {
        StepRefused::NoNextStep {
            reference,
            state: s,
        } => {
            format!("{reference} は「{}」で、次の手続きはありません", state(s))
        }
        StepRefused::NotOpen {
            reference,
            state: s,
        } => format!(
            "{reference} は「{}」です。差し戻せるのは処理中の案件だけです",
            state(s)
        ),
        StepRefused::AwaitsReport { reference } => format!(
            "{reference} は未提出の在籍報告の督促です。施設の報告が受理されると自動で終了します"
        ),
        StepRefused::ReasonRequired => "差し戻しには申請者が対応できる理由が必要です".to_string(),
        StepRefused::NotChaseable {
            reference,
            state: s,
        } => {
            format!("{reference} は「{}」のため督促できません", state(s))
        }
        StepRefused::NotAReport => "認定返上にできるのは提出済の在籍報告だけです".to_string(),
        StepRefused::NotClosed {
            reference,
            state: s,
        } => format!(
            "{reference} は「{}」です。再開できるのは終了した案件だけです",
            state(s)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::State;

    #[test]
    fn every_step_refusal_has_japanese() {
        let r = Refusal::from(StepRefused::NoNextStep {
            reference: "W-1".into(),
            state: State::Completed,
        });
        assert_eq!(
            r.to_string(),
            "case W-1 is completed and has no further step"
        );
        let ja = refusal(Lang::Ja, &r);
        assert!(ja.contains("完了"), "{ja}");
        let p = Refusal::Permission {
            user: "sato".into(),
            role: Role::Helpdesk,
            permission: Permission::Decide,
        };
        assert!(refusal(Lang::Ja, &p).contains("担当者の権限"), "{p}");
        assert!(p.to_string().contains("needs the operator role"));
    }

    #[test]
    fn refusals_travel_as_data() {
        let r = Refusal::Stale {
            reference: "W-1".into(),
            by: "tanaka".into(),
            at: crate::domain::time::at(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                9,
                30,
            ),
            revision: 3,
            seen: 2,
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"refusal\":\"stale\""), "{json}");
        let back: Refusal = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert!(refusal(Lang::Ja, &back).contains("tanaka さんが変更しました"));
    }
}

#[cfg(test)]
mod space_tests {
    use super::*;

    #[test]
    fn a_refusal_for_want_of_space_reads_in_both_languages() {
        let r = Refusal::DiskSpace {
            free_mib: 33,
            reserve_mib: 40,
            undo_of: None,
        };
        let en = refusal(Lang::En, &r);
        assert!(
            en.contains("33 MiB free, less than the 40 MiB kept free"),
            "{en}"
        );
        assert!(en.contains("reserve_mib"), "{en}");
        let ja = refusal(Lang::Ja, &r);
        assert!(
            ja.contains("空きが 33 MiB") && ja.contains("確保している 40 MiB"),
            "{ja}"
        );
        let r = Refusal::DiskSpace {
            free_mib: 0,
            reserve_mib: 40,
            undo_of: Some("big.jsonl".into()),
        };
        assert!(refusal(Lang::En, &r).contains("importing big.jsonl failed"));
        assert!(refusal(Lang::Ja, &r).contains("big.jsonl の取り込みは失敗"));
    }
}
