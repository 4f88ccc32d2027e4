//! Why something was refused, in the user's language: the desk, the store and
//! the server carry a typed [`Refusal`]; it becomes words only here, each
//! variant in one arm with its Japanese and English side by side.

use super::{DateStyle, Lang, role_name, state_name};
use crate::domain::filter::{Expected, FilterProblem};
use crate::domain::refusal::{Bounded, Refusal, TextField};
use crate::domain::workflow::StepRefused;
use crate::domain::{Permission, Role, State};

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
        Permission::Document => lang.pick("文書の作成", "producing documents"),
        Permission::Record => lang.pick(
            "届出・受付・登録情報の記録",
            "recording forms and corrections",
        ),
        Permission::LinkDuplicate => lang.pick("二重登録の統合", "linking duplicate registrations"),
    }
}

/// A role as a sentence names it: its Japanese name, or its id in English.
fn role_word(lang: Lang, r: Role) -> &'static str {
    lang.pick(role_name(Lang::Ja, r), r.id())
}

/// The warning every supervisor sees on the status line while the service
/// account cannot send mail (short: it must fit 80 columns beside the rest).
pub fn mail_stopped(lang: Lang, m: &crate::desk::MailStopped) -> String {
    let (user, role) = (&m.user, role_word(lang, m.role));
    lang.pick(
        format!("メール停止中 ({user} は{role})"),
        format!("mail stopped ({user} is {role})"),
    )
}

/// A refusal as one sentence in `lang`, its moments in ISO (the command line).
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    refusal_dated(lang, DateStyle::Iso, r)
}

english_display! {
    Refusal => refusal;
}

/// A refusal as one sentence in `lang`, its moments in `dates` (a screen;
/// English names them in ISO whatever the screen shows).
pub fn refusal_dated(lang: Lang, dates: DateStyle, r: &Refusal) -> String {
    let dates = lang.pick(dates, DateStyle::Iso);
    let time = |t| super::dates::timestamp(t, dates, super::DateWidth::Full);
    let role = |r: &Role| role_word(lang, *r);
    match r {
        Refusal::Permission {
            user,
            role: held,
            permission,
        } => {
            let needed = Role::needed_for(*permission);
            let (held, doing, id) = (role(held), permission_text(lang, *permission), needed.id());
            let needed = role(&needed);
            lang.pick(
                format!(
                    "{user} さんは{held}です。{doing}には{needed}の権限が必要です (責任者が `secretariat users add {user} {id}` で付与できます)"
                ),
                format!(
                    "{user} is {held}; {doing} needs the {needed} role (a supervisor can grant it with `secretariat users add {user} {id}`)"
                ),
            )
        }
        Refusal::LastSupervisor { user } => lang.pick(
            format!("{user} さんはこのストア最後の責任者です。先に別の責任者を追加してください"),
            format!("{user} is the last supervisor of this store; add another supervisor first"),
        ),
        Refusal::Stale {
            reference,
            by,
            at,
            revision,
            seen,
        } => {
            let at = time(at);
            lang.pick(
                format!(
                    "{reference} は {at} に {by} さんが変更しました (版 {revision}、表示中は版 {seen})。再読み込みしてから決定してください"
                ),
                format!(
                    "{reference} was changed by {by} at {at} (revision {revision}, you saw {seen}); reload it and decide again"
                ),
            )
        }
        Refusal::Gone { reference } => lang.pick(
            format!("{reference} はもう存在しません"),
            format!("{reference} no longer exists"),
        ),
        Refusal::Step { step: s } => step(lang, s),
        Refusal::NothingToUndo { user } => lang.pick(
            format!("{user} さんには取り消せる決定がありません"),
            format!("{user} has no decision to undo"),
        ),
        Refusal::UndoReleased { reference, at } => {
            let at = time(at);
            lang.pick(
                format!("{reference} の決定の通知は {at} に送出済みのため、取り消せません"),
                format!(
                    "the notification of your decision on {reference} was released at {at}; it can no longer be undone"
                ),
            )
        }
        Refusal::UndoSent { reference } => lang.pick(
            format!("{reference} の決定の通知は送信済みのため、取り消せません"),
            format!(
                "the notification of your decision on {reference} has already been sent; it can no longer be undone"
            ),
        ),
        Refusal::UndoChanged { reference, by } => lang.pick(
            format!("{reference} はあなたの決定の後に {by} さんが変更したため、取り消せません"),
            format!(
                "{reference} was changed by {by} after your decision; it can no longer be undone"
            ),
        ),
        Refusal::MayNotStop { user, role: held } => {
            let held = role(held);
            lang.pick(
                format!(
                    "{user} さんは{held}です。サーバーを停止できるのは責任者かサーバーを起動したユーザーだけです"
                ),
                format!(
                    "{user} is {held}; only a supervisor or the user the server runs as may stop it"
                ),
            )
        }
        Refusal::StartedByHand => lang
            .pick(
                "このサーバーは手動で起動されたため、`secretariat stop` で停止するまで動き続けます",
                "this server was started by hand and stops only when asked (`secretariat stop`)",
            )
            .into(),
        Refusal::InUse { others } => lang.pick(
            format!("ほかに {others} 件のクライアントがサーバーを使用中です"),
            format!("{others} other client(s) use the server"),
        ),
        Refusal::NoSuchCase { key } => lang.pick(
            format!("案件 {key} はありません"),
            format!("there is no case {key}"),
        ),
        Refusal::NotTheirTurn {
            reference,
            deciders,
        } => {
            let who = deciders.join(lang.pick("・", ", "));
            lang.pick(
                format!("{reference} は今は{who}が決定します"),
                format!("{reference} is for {who} to decide now"),
            )
        }
        Refusal::AssigneeElsewhere { user, reference } => lang.pick(
            format!("{user} の団体は {reference} を扱っていないため割り当てられません"),
            format!("{user} belongs to no organisation that holds {reference}"),
        ),
        Refusal::NoSuchOrg { name } => lang.pick(
            format!("団体「{name}」はありません (secretariat orgs list で一覧)"),
            format!("there is no organisation {name:?} (secretariat orgs list lists them)"),
        ),
        Refusal::Org { problem } => super::orgs::problem(lang, problem),
        Refusal::AdminOnly { user } => lang.pick(
            format!("{user} は管理者ではありません: 団体と管理者の設定は管理者だけが行えます"),
            format!("{user} is not an administrator: only administrators manage organisations and administrators"),
        ),
        Refusal::OrgExists { id } => lang.pick(
            format!("団体 {id} は既にあります (変更は orgs edit)"),
            format!("organisation {id} exists already (orgs edit changes it)"),
        ),
        Refusal::WhichOrg { choices } => {
            let list = choices.join(lang.pick("、", ", "));
            lang.pick(
                format!("団体を指定してください (--org): {list}"),
                format!("name the organisation (--org): {list}"),
            )
        }
        Refusal::BadRegistrationNumber { input } if input.trim().is_empty() => lang
            .pick(
                "医籍登録番号 (1〜7桁の数字) を入力してください",
                "type a registration number (1 to 7 digits)",
            )
            .into(),
        Refusal::BadRegistrationNumber { input } => lang.pick(
            format!("「{input}」は医籍登録番号として読み取れません (1〜7桁の数字)"),
            format!("{input:?} is not a registration number (1 to 7 digits)"),
        ),
        Refusal::BadShownName { shown, max } => lang.pick(
            format!("「{shown}」は利用者の氏名にできません (1〜{max}文字、改行・制御文字なし)"),
            format!(
                "{shown:?} cannot be a user's name: 1 to {max} characters, no line breaks or control characters"
            ),
        ),
        Refusal::NoSuchPerson { number } => lang.pick(
            format!("医籍登録番号 {number} の人は登録されていません"),
            format!("no person, case or loan has registration number {number}"),
        ),
        Refusal::NotAUser { name } => lang.pick(
            format!("{name} さんはこのストアのユーザーではありません"),
            format!("{name} has no role in this store"),
        ),
        Refusal::BadUserName { name } => lang.pick(
            format!("{name:?} はユーザー名として使えません"),
            format!("{name:?} is not a user name"),
        ),
        Refusal::EmptyNote => lang.pick("メモが空です", "a note needs some text").into(),
        Refusal::TooLong { what, chars, max } => {
            let (ja, en, kept) = match what {
                TextField::Note => ("メモ", "note", "kept"),
                TextField::Reason => ("理由", "reason", "kept"),
                TextField::Filter => ("絞り込み条件", "filter", "read"),
                TextField::Text => ("入力", "text", "read"),
            };
            lang.pick(
                format!("{ja}が {chars} 文字あります。{max} 文字までにしてください"),
                format!("the {en} is {chars} characters long; at most {max} are {kept}"),
            )
        }
        Refusal::TooMany { what, count, max } => too_many(lang, *what, *count, *max),
        Refusal::LowDisk {
            free_mib,
            reserve_mib,
        } => lang.pick(
            format!(
                "サーバーのディスクの空きが {free_mib} MiB で、{reserve_mib} MiB を予備に残すため (server.upload_disk_reserve_mib)、送られたファイルは保存しませんでした"
            ),
            format!(
                "the server's disk has {free_mib} MiB free and keeps {reserve_mib} MiB in reserve (server.upload_disk_reserve_mib); the upload was not kept"
            ),
        ),
        Refusal::NoSuchNotification { id } => lang.pick(
            format!("通知 {id} はまだメール送信に渡されていません"),
            format!("notification {id} has not been handed to the mail relay"),
        ),
        Refusal::NotificationState { id, state, cancel } => {
            let (ja, en) = if *cancel {
                ("取り消し", "cancelled")
            } else {
                ("再送", "retried")
            };
            lang.pick(
                format!("通知 {id} は {state} のため{ja}できません"),
                format!("notification {id} is {state}; it cannot be {en}"),
            )
        }
        Refusal::File { file, problem } => super::import::file_problem(lang, file, problem),
        Refusal::UnknownImportKind { kind } => {
            let kinds: Vec<&str> = crate::interchange::Kind::ALL.iter().map(|k| k.id()).collect();
            let kinds = kinds.join(", ");
            lang.pick(
                format!("--kind {kind} はありません。次のどれかです: {kinds}"),
                format!("--kind is one of {kinds}"),
            )
        }
        Refusal::BackupName { name } => lang.pick(
            format!(
                "サーバー経由のバックアップは「/」を含まないファイル名で指定します ({name})。サーバーは server.backup_dir の下に書きます"
            ),
            "a backup through the server is named by a plain file name (no '/'); the server writes it under its server.backup_dir".to_string(),
        ),
        Refusal::BackupByDatabaseTools { database } => lang.pick(
            format!(
                "このストアは PostgreSQL ({database}) にあります。バックアップは PostgreSQL の道具で取ってください (pg_dump、または pg_basebackup によるベースバックアップと WAL アーカイブ)。"
            ),
            format!(
                "this store lives in PostgreSQL ({database}): back it up with PostgreSQL's tools (pg_dump, or a base backup with pg_basebackup and WAL archiving)"
            ),
        ),
        Refusal::BackupNotAbsolute { dest } => lang.pick(
            format!("バックアップ先 {dest} が絶対パスではありません"),
            "the backup destination is not an absolute path".to_string(),
        ),
        Refusal::Row { input, problem } => {
            let why = super::import::problem(lang, problem);
            lang.pick(format!("「{input}」は受け付けられません ({why})"), why)
        }
        Refusal::Invalid { input, why } => {
            lang.pick(format!("「{input}」は読み取れません ({why})"), why.clone())
        }
        Refusal::Filter { term, problem } => filter(lang, term, problem),
        Refusal::NotAUserOf { name, users } => lang.pick(
            format!(
                "{name} さんはこのストアのユーザーではありません。ユーザー: {}",
                users.join("、")
            ),
            format!(
                "{name} is not a user of this store; users: {}",
                users.join(", ")
            ),
        ),
        Refusal::DiskSpace {
            undo_of: Some(file),
            free_mib,
            ..
        } => lang.pick(
            format!(
                "ストアのディスクが一杯です（空き {free_mib} MiB）。{file} の取り込みは失敗し、書き込んだ分は空きができしだい取り消されます。それまで変更は受け付けません（閲覧はできます）。ディスクの空きを作ってください（再起動は不要です）"
            ),
            format!(
                "the disk holding the store is full ({free_mib} MiB free): importing {file} failed and what it wrote is undone as soon as there is room; until then changes are refused and reads go on — free space on that disk (no restart is needed)"
            ),
        ),
        Refusal::DiskSpace {
            free_mib,
            reserve_mib,
            undo_of: None,
        } => lang.pick(
            format!(
                "ストアのディスクの空きが {free_mib} MiB で、取り込みをいつでも取り消せるよう確保している {reserve_mib} MiB（設定の [store] reserve_mib / reserve_percent）を下回っています。何も変更していません。ディスクの空きを作ってからやり直してください（閲覧はできます。再起動は不要です）"
            ),
            format!(
                "the disk holding the store has {free_mib} MiB free, less than the {reserve_mib} MiB kept free so that an import can always be undone ([store] reserve_mib / reserve_percent in the config); nothing was changed — free space on that disk and try again (reads go on; no restart is needed)"
            ),
        ),
        Refusal::DateOutOfRange { what, date } => {
            let (first, last, _) = rule_range();
            lang.pick(
                format!(
                    "{what} {date} は規則と祝日表が扱う {first} 〜 {last} の範囲外です。この範囲の日付を指定してください"
                ),
                format!(
                    "{what} {date} is outside {first} to {last}, the years the rules and the holiday table cover; give a date in that range"
                ),
            )
        }
        Refusal::ServiceAccount { user, role: given } => {
            let given = role(given);
            lang.pick(
                format!(
                    "{user} はストアのサービスアカウントで、サーバーはこのアカウントで通知メールを送ります。{given}にするとメールを送れず、すべてのメールが止まります。operator か supervisor を与えるか、メールを止めてよいなら --force を付けて実行してください"
                ),
                format!(
                    "{user} is the store's service account, as whom the server sends mail; as {given} it could not, and all mail would stop. Give it operator or supervisor, or repeat with --force if mail should stop"
                ),
            )
        }
        Refusal::Fields { .. } | Refusal::RecordChanged { .. } => {
            super::fields::refusal(lang, dates, r)
        }
        Refusal::Enquiry { problem } => super::enquiry::problem(lang, problem),
        Refusal::Link { problem } => link_problem(lang, problem),
        Refusal::Document { reference, problem } => {
            super::documents::problem(lang, reference, problem)
        }
        Refusal::LookupNeedsBirthDate { input } => lang.pick(
            format!(
                "「{input}」は医籍登録番号ではありません。名前で探すには生年月日も入れてください (例: 池田 H2.4.1)"
            ),
            format!(
                "{input:?} is not a registration number; to find a person by name, add the birth date (e.g. 池田 1990-04-01)"
            ),
        ),
        Refusal::NoPersonNamed { name, birth } => {
            let day = super::dates::date(*birth, dates, super::DateWidth::Full);
            lang.pick(
                format!("{day} 生まれで「{name}」に当たる人は登録されていません"),
                format!("nobody named {name:?} was born on {day}"),
            )
        }
    }
}

/// More of something than is taken at once.
fn too_many(lang: Lang, what: Bounded, count: usize, max: usize) -> String {
    let at_a_time = |ja: &str, en: &str| {
        lang.pick(
            format!("{count} {ja}は一度に扱えません。{max} {ja}までです"),
            format!("{count} {en} asked for; at most {max} at a time"),
        )
    };
    match what {
        Bounded::PageRows => at_a_time("行", "rows"),
        Bounded::BulkCases => at_a_time("件", "cases"),
        Bounded::Views => at_a_time("ビュー", "views"),
        Bounded::ImportFiles => at_a_time("ファイル", "files"),
        Bounded::Notifications => at_a_time("件", "notifications"),
        Bounded::FilterTerms => lang.pick(
            format!("絞り込み条件が {count} 個あります。{max} 個までにしてください"),
            format!("the filter has {count} terms; at most {max} are read"),
        ),
        Bounded::UploadFiles => lang.pick(
            format!(
                "1 回の取り込みに {count} ファイルが送られました。{max} ファイルまでです (server.upload_max_files)"
            ),
            format!(
                "{count} files uploaded for one import; at most {max} (server.upload_max_files)"
            ),
        ),
        Bounded::UploadFilesPerUser => lang.pick(
            format!(
                "1 人のユーザーから {count} ファイルが送られました。{max} ファイルまでです (server.upload_max_files_per_user)"
            ),
            format!(
                "{count} files uploaded by one user; at most {max} (server.upload_max_files_per_user)"
            ),
        ),
        Bounded::UploadMib => lang.pick(
            format!(
                "1 つの接続で {count} MiB が送られました。{max} MiB までです (server.upload_max_mib)"
            ),
            format!(
                "{count} MiB uploaded on one connection; at most {max} MiB (server.upload_max_mib)"
            ),
        ),
        Bounded::UploadMibPerUser => lang.pick(
            format!(
                "1 人のユーザーから {count} MiB が送られました。{max} MiB までです (server.upload_max_mib_per_user)"
            ),
            format!(
                "{count} MiB uploaded by one user; at most {max} MiB (server.upload_max_mib_per_user)"
            ),
        ),
        Bounded::FormFields => lang.pick(
            format!("1 つの様式に {count} 項目があります。{max} 項目までです"),
            format!("{count} fields in one form; at most {max}"),
        ),
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

fn filter(lang: Lang, term: &str, problem: &FilterProblem) -> String {
    let (first, last, max) = rule_range();
    let days = lang.pick(
        format!("0 から {max} までの日数 (age>30, age<7)"),
        format!("a whole number of days from 0 to {max} (age>30, age<7)"),
    );
    let date = lang.pick(
        format!(
            "{first} から {last} まで (規則が扱う年) の日付 (2026-11-30、2026/11/30、R8.11.30、令和8年11月30日)、または {max} 日以内の +N/-N 日 (due<+7)"
        ),
        format!(
            "a date from {first} to {last} (the years the rules cover) written 2026-11-30, 2026/11/30, R8.11.30 or 令和8年11月30日, or +N/-N days with N up to {max} (due<+7)"
        ),
    );
    let fields = fields();
    match problem {
        FilterProblem::UnknownField { field } => lang.pick(
            format!(
                "「{term}」は絞り込み条件として読めません (項目「{field}」はありません)。使える項目: {fields} と自由語"
            ),
            format!(
                "`{term}` is not a filter term: there is no field `{field}`; fields: {fields}, and free words"
            ),
        ),
        FilterProblem::BadValue {
            field,
            date: Some(p),
            ..
        } => {
            let problem = super::dates::problem(lang, term_value(term), *p);
            lang.pick(
                format!("「{term}」: {problem}。{field} には{date}を指定してください"),
                format!("`{term}`: {problem}; {field} takes {date}"),
            )
        }
        FilterProblem::BadValue {
            field, expected, ..
        } => {
            let takes: &str = match expected {
                Expected::State => lang.pick(
                    "状態の ID または名称 (例 state:submitted)",
                    "a state id or name (e.g. state:submitted)",
                ),
                Expected::User => lang.pick("ユーザー名、me または none", "a user name, `me` or `none`"),
                Expected::Flag => lang.pick(
                    "フラグの ID または略号 (例 flag:NOSUP)",
                    "a flag id or code (e.g. flag:NOSUP)",
                ),
                Expected::Days => &days,
                Expected::Date => &date,
                Expected::Text => lang.pick("文字", "some text"),
                Expected::Kind => lang.pick(
                    "adoption, loan, category_change, association_transfer, completion_application (修了申請) のいずれか",
                    "adoption, loan, category_change, association_transfer or completion_application",
                ),
                Expected::Nothing => lang.pick("値なし", "no value"),
            };
            lang.pick(
                format!("「{term}」: {field} には{takes}を指定してください。使える項目: {fields}"),
                format!("`{term}`: {field} takes {takes}; fields: {fields}"),
            )
        }
    }
}

fn step(lang: Lang, e: &StepRefused) -> String {
    let state = |s: &State| lang.pick(state_name(Lang::Ja, *s), s.id());
    match e {
        StepRefused::NoNextStep { reference, state: s } => {
            let s = state(s);
            lang.pick(
                format!("{reference} は「{s}」で、次の手続きはありません"),
                format!("case {reference} is {s} and has no further step"),
            )
        }
        StepRefused::NotOpen { reference, state: s } => {
            let s = state(s);
            lang.pick(
                format!("{reference} は「{s}」です。差し戻せるのは処理中の案件だけです"),
                format!("case {reference} is {s}; only open cases can be returned"),
            )
        }
        StepRefused::AwaitsReport { reference } => lang.pick(
            format!(
                "{reference} は未提出の在籍報告の督促です。施設の報告が受理されると自動で終了します"
            ),
            format!(
                "case {reference} is a missing-report follow-up; it closes by itself when the facility's report is accepted"
            ),
        ),
        StepRefused::ReasonRequired => lang
            .pick(
                "差し戻しには申請者が対応できる理由が必要です",
                "a return needs a reason the applicant can act on",
            )
            .into(),
        StepRefused::NotChaseable { reference, state: s } => {
            let s = state(s);
            lang.pick(
                format!("{reference} は「{s}」のため督促できません"),
                format!("case {reference} cannot be chased in state {s}"),
            )
        }
        StepRefused::NotAReport => lang
            .pick(
                "認定返上にできるのは提出済の在籍報告だけです",
                "only a submitted facility report can be moved to certification return",
            )
            .into(),
        StepRefused::NotClosed { reference, state: s } => {
            let s = state(s);
            lang.pick(
                format!("{reference} は「{s}」です。再開できるのは終了した案件だけです"),
                format!("case {reference} is {s}; only closed cases can be reopened"),
            )
        }
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

/// Why a duplicate cannot be linked, in words.
fn link_problem(lang: Lang, p: &crate::domain::refusal::LinkProblem) -> String {
    use crate::domain::refusal::LinkProblem as P;
    match p {
        P::Same {
            registration_number: r,
        } => lang.pick(
            format!("二重登録と残す登録が同じ番号 ({r}) です"),
            format!("the duplicate and the record kept are the same number ({r})"),
        ),
        P::NotKnown {
            registration_number: r,
        } => lang.pick(
            format!("医籍登録番号 {r} の人はいません"),
            format!("no person has registration number {r}"),
        ),
        P::Linked {
            registration_number: r,
            keep,
        } => lang.pick(
            format!("{r} は {keep} に統合済みです"),
            format!("{r} was linked to {keep} already"),
        ),
    }
}
