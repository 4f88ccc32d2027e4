//! Every user-facing string of the TUI, in Japanese and English.

use crate::domain::{DecisionKind, Flag, Queue, Role, State};
use crate::store::SortKey;

/// The operator's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// From `--lang`, else from `LANG`/`LC_ALL` (Japanese when it starts with `ja`).
    pub fn detect(flag: Option<&str>, env_lang: Option<&str>) -> Lang {
        match flag.or(env_lang) {
            Some(s) if s.starts_with("ja") => Lang::Ja,
            Some(_) => Lang::En,
            None => Lang::En,
        }
    }

    /// The one of a value's two renderings that is in this language: each
    /// value is worded in one place, both languages side by side.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

macro_rules! texts {
    ($($name:ident => $ja:expr, $en:expr;)*) => {
        /// A fixed piece of the screen's wording.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($name),* }
        impl Text {
            /// The wording in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match self { $(Text::$name => lang.pick($ja, $en)),* }
            }
        }
    };
}

#[macro_use]
mod english;

texts! {
    TooSmall => "端末が小さすぎます", "terminal too small";
    Empty => "(該当する案件はありません)", "(no cases match)";
    Loading => "読み込み中…", "loading…";
    NoCase => "案件が選択されていません", "no case selected";
    WaitRow => "一覧を読み込み中です。表示されてからもう一度押してください", "the list is loading; press again once it shows";
    ColDue => "期限", "due";
    ColAge => "日数", "age";
    ColRef => "受付番号", "ref";
    ColName => "氏名・施設", "name";
    ColState => "状態", "state";
    ColAssignee => "割当", "assignee";
    ColFlags => "警告", "flags";
    User => "利用者", "user";
    Store => "データ", "store";
    Filter => "絞込", "filter";
    Sort => "並び", "sort";
    Marks => "選択", "marked";
    Overdue => "期限超過のみ", "overdue only";
    Closed => "完了を含む", "incl. closed";
    FilterPrompt => "絞込 (氏名・かな・番号): ", "filter (name, kana, ref, number): ";
    ConfirmTitle => "確認", "Confirm";
    YesNo => "y: はい   n / Esc / Enter: いいえ", "y: yes   n / Esc / Enter: no";
    ReturnTitle => "差し戻し理由", "Reason for return";
    CertificationReturnTitle => "認定返上の理由 (任意)", "Certification return: reason (optional)";
    ReopenTitle => "再開の理由", "Reason for reopening";
    ReassignTitle => "新しい割当先 (ユーザー名)", "Assign to (user name)";
    TextHint => "Enter: 確定  Esc: 取消", "Enter: confirm  Esc: cancel";
    ReturnHint => "Enter: 差し戻す  Esc: 取消  上下 / 1-9: 定型文", "Enter: return  Esc: cancel  Up/Down / 1-9: canned";
    NoteTitle => "メモを追加", "Add a note";
    NoteHint => "Enter: 保存  Esc: 取消", "Enter: save  Esc: cancel";
    LookupTitle => "照会: 医籍登録番号、または氏名と生年月日", "Look up: a registration number, or a name and birth date";
    LookupHint => "例 1234567 / 池田 H2.4.1 / いけだ 1990-04-01  Enter: 照会", "e.g. 1234567 / 池田 1990-04-01  Enter: look up";
    HelpTitle => "キー一覧", "Keys";
    HelpSearch => "検索: ", "search: ";
    HelpHint => "文字で検索  上下: スクロール  Esc: 閉じる", "type to search  Up/Down: scroll  Esc: close";
    TextKeys => "入力欄: Enter 確定 / Esc 取消 / 左右 Home End / Ctrl-U 消去", "text fields: Enter submit / Esc cancel / Left Right Home End / Ctrl-U clear";
    Case => "案件", "Case";
    Queue => "キュー", "queue";
    State => "状態", "state";
    Received => "受付日時", "received";
    Due => "期限", "due";
    OverdueMark => "期限超過", "OVERDUE";
    Assignee => "割当先", "assignee";
    Orgs => "団体", "organisations";
    Unassigned => "未割当", "unassigned";
    Revision => "版", "revision";
    Updated => "更新", "updated";
    Subject => "対象者", "Subject";
    Name => "氏名", "name";
    FacilityName => "施設名", "facility name";
    Kana => "かな", "kana";
    RegNo => "医籍登録番号", "registration no.";
    Birth => "生年月日", "birth date";
    Email => "メール", "email";
    RegionalQuota => "地域枠", "regional quota";
    Yes => "あり", "yes";
    No => "なし", "no";
    FacilityHead => "施設", "Facility";
    FacilityNo => "施設番号", "facility no.";
    Prefecture => "都道府県", "prefecture";
    MedicalArea => "医療圏", "medical area";
    Dental => "歯科口腔外科", "dental";
    PriorityArea => "重点区域", "priority area";
    Certified => "認定", "certified";
    LastReport => "前回登録", "last report";
    Body => "申請内容", "Request";
    Program => "プログラム", "program";
    Director => "統括責任者", "director";
    DirectorEmail => "統括責任者メール", "director email";
    DirectorDecision => "統括責任者の回答", "director's answer";
    Reason => "理由", "reason";
    Kind => "種別", "kind";
    Chased => "督促", "chased";
    CompletedAt => "完了", "completed";
    FromAssoc => "異動元", "from";
    ToAssoc => "異動先", "to";
    ToPlace => "異動先地域", "to (prefecture / district)";
    CurrentCategory => "現会員区分", "current category";
    RequestedCategory => "希望会員区分", "requested category";
    TransferFacility => "施設", "facility";
    Undetermined => "未定", "undetermined";
    FacilityDuty => "施設業務", "facility duty";
    CompletionKind => "修了申請", "completion application";
    CompletionAssoc => "申請先医師会", "association";
    Training => "研修名", "training";
    CompletedOn => "修了日", "completed on";
    CompletionNotes => "備考", "notes";
    FiscalYear => "年度", "fiscal year";
    Reporter => "今回登録者", "reporter";
    HospitalDirector => "病院長", "hospital director";
    ContactEmail => "連絡先", "contact email";
    Supervisors => "指導責任者", "supervisors";
    Generated => "自動生成 (未提出)", "generated (missing)";
    LoanId => "貸与番号", "loan id";
    Topic => "内容", "topic";
    ViewsTitle => "ビュー (Enterで開く)", "views (Enter opens)";
    ViewsQuery => "条件", "query";
    ViewsConfig => "ビューは設定ファイルで追加できます (手順は docs/operating.md)", "add views in the config file ([[views]]: name, queue, query, sort)";
    Principal => "貸与額", "principal";
    Interest => "利息", "interest";
    AmountDue => "返還額", "amount due";
    ServiceMonths => "従事月数", "service months";
    Computation => "計算", "computation";
    Checks => "チェック", "Checks";
    NoChecks => "(チェック項目なし)", "(no checks apply)";
    Ledger => "貸与台帳", "Loan ledger";
    Loan => "貸与", "Loan";
    YearsApproved => "貸与年数", "years approved";
    Disbursed => "交付", "disbursed";
    Notes => "メモ", "Notes";
    History => "履歴", "History";
    Notifications => "通知", "Notifications";
    None_ => "(なし)", "(none)";
    LookupView => "照会", "Lookup";
    Identity => "本人", "Identity";
    NoPerson => "この番号の人物は登録されていません", "no person is registered under this number";
    DuplicateWarn => "二重登録の疑い: 同じ氏名・生年月日の別番号があります", "possible duplicate registration (二重登録): same name and birth date under another number";
    CasesHead => "案件 (全キュー)", "Cases (all queues)";
    TrainingHead => "研修期間", "Training periods";
    LoansHead => "研修資金", "Loans";
    LookupKeys => "Enter:案件へ j/k:選択 PgDn/PgUp/g/G/J/K:スクロール Esc:戻る", "Enter: go to case  j/k: select  PgDn/PgUp/g/G/J/K: scroll  Esc: back";
    BulkRunning => "一括処理中", "bulk in progress";
    WaitBulk => "一括処理の完了後に終了します", "will quit when the bulk decision finishes";
    InterruptAgain => "入力を取り消しました。終了するにはもう一度 Ctrl-C", "input cancelled; press Ctrl-C again to quit";
    NothingMarked => "選択された案件がありません", "nothing is marked";
    NoteSaved => "メモを保存しました", "note saved";
    ReasonNeeded => "理由を入力するか定型文を選んでください", "type a reason or pick a canned one";
    Reloaded => "再読み込みしました", "reloaded";
    Collecting => "条件に合う案件を集めています…", "collecting the matching cases…";
    MarksCleared => "選択を解除しました", "marks cleared";
    MailView => "送信できなかった通知", "Notifications the mail relay refused";
    MailKeys => "t: 再送  X: 送信取り消し  j/k: 選択  Esc: 戻る", "t: retry  X: cancel  j/k: select  Esc: back";
    MailKeysRead => "j/k: 選択  Esc: 戻る (再送・取り消しは責任者)", "j/k: select  Esc: back (retry and cancel: supervisors)";
    MailNone => "送信できなかった通知はありません", "no notification was refused";
    MailRetried => "再送を予約しました (次回の送信で送られます)", "queued again; it goes at the next send";
    MailCancelled => "送信を取り消しました", "cancelled; it will not be sent";
    CmdQueue1 => "採用辞退キュー", "withdrawals queue";
    CmdQueue2 => "異動届キュー", "transfers queue";
    CmdQueue3 => "在籍報告キュー", "facility reports queue";
    CmdQueue4 => "研修資金キュー", "loan follow-ups queue";
    CmdNextQueue => "次のキュー", "next queue";
    CmdPrevQueue => "前のキュー", "previous queue";
    CmdDown => "下へ", "down";
    CmdUp => "上へ", "up";
    CmdTop => "先頭へ", "first case";
    CmdBottom => "末尾へ", "last case";
    CmdPageDown => "次ページ", "page down";
    CmdPageUp => "前ページ", "page up";
    CmdToggleDetail => "詳細を開く/閉じる", "open / close detail";
    CmdDetailDown => "詳細を下へ", "scroll detail down";
    CmdDetailUp => "詳細を上へ", "scroll detail up";
    CmdFilter => "絞込 (Esc で解除)", "filter (Esc clears)";
    CmdOverdueOnly => "期限超過のみ", "overdue only";
    CmdCycleSort => "並び替え (期限/受付/経過/氏名/状態/担当)", "sort (due / received / age / name / state / assignee)";
    CmdReverseSort => "並び順を逆に", "reverse the sort";
    CmdIncludeClosed => "完了案件を含める", "include closed cases";
    CmdReload => "再読み込み", "reload";
    CmdLookup => "照会 (医籍登録番号、または氏名と生年月日で)", "look up (a registration number, or a name and birth date)";
    CmdApprove => "承認 (選択中は一括)", "approve (marked: bulk)";
    CmdReturn => "差し戻し (選択中は一括)", "return (marked: bulk)";
    CmdNote => "メモ", "note (add one)";
    CmdRecordForm => "記録 (研修資金の届出・統括責任者の回答)", "record a loan form or a director's answer";
    CmdReceive => "受付 (紙で届いた案件)", "receive a case on paper";
    CmdEditRecord => "登録情報の修正 (本人・施設・認定医・貸与)", "correct the registry data (person, facility, physician, loan)";
    FormPick => "記録する様式を選んでください", "Choose the form to record";
    FormPickRecord => "修正する登録を選んでください", "Choose the record to correct";
    FormPickHint => "j/k・上下: 選択  Enter: 決定  Esc: 取消", "j/k Up/Down: pick  Enter: choose  Esc: cancel";
    FormHint => "上下・Tab: 項目  Enter: 保存  Esc: 取消  *必須", "Up/Down Tab: field  Enter: save  Esc: cancel  *required";
    FormSaving => "保存しています…", "saving…";
    FormReceive => "受付", "Receive";
    FormReceiveKind => "受け付ける届出を選んでください", "Choose what was received";
    FormDirectorAnswer => "統括責任者の回答", "The programme director's answer";
    FormEdit => "登録情報の修正", "Correct";
    FormNoLoan => "研修資金の案件か貸与のある人を開いてから押してください", "open a loan follow-up or a person with a loan first";
    FormNoPaper => "研修資金のフォローアップは届出から作られます。e で届出を記録してください", "loan follow-ups come from the ledger: record a form with e";
    FormNoPerson => "照会で人を開いてから押してください", "open a person in the lookup first";
    CmdClaim => "自分に割当", "claim (assign to me)";
    CmdChase => "督促", "chase";
    CmdCertificationReturn => "認定返上へ (在籍報告)", "certification return (facility report)";
    CmdDocument => "文書の作成 (納入通知書・督促状・差し戻し通知など、PDF)", "produce a letter (payment notice, reminder, return letter…) as PDF";
    CmdReopen => "再開 (責任者のみ)", "reopen (supervisors only)";
    CmdReassign => "割当先の変更 (責任者のみ)", "reassign (supervisors only)";
    CmdMark => "選択/解除", "mark / unmark";
    CmdRangeMark => "範囲選択 (もう一度 v で終了)", "range mark (v again ends it)";
    CmdMarkAll => "画面に表示中の案件をすべて選択", "mark all cases on screen";
    CmdMarkMatching => "絞込・期限超過の条件に合う案件をすべて選択 (最大1万件)", "mark every case the filter matches (up to 10,000)";
    CmdClearMarks => "選択をすべて解除", "clear marks";
    CmdFailedMail => "送信できなかった通知の一覧", "notifications the mail relay refused";
    CmdBacklog => "バックログ (キュー・担当者・経過日数の集計)", "backlog overview (queues, assignees, ages)";
    CmdCommandLine => "コマンド行 (:view :ref :backlog :enquiries :queue :sort :messages、Tabで補完)", "command line (:view :ref :backlog :enquiries :queue :sort :messages; Tab completes)";
    CmdViews => "ビュー (名前付きの絞込、件数付き)", "views (named filters, with counts)";
    CmdLeft => "左の列へ", "column left";
    CmdRight => "右の列へ", "column right";
    CmdSwitchTable => "キュー表と担当者表を切り替え", "switch between the queue and assignee tables";
    WaitBacklog => "バックログを集計中", "counting the backlog";
    CmdRetryMail => "再送 (選択した通知、責任者)", "retry (the selected notification; supervisors)";
    CmdCancelMail => "送信取り消し (選択した通知、責任者)", "cancel (the selected notification; supervisors)";
    CmdUndo => "直前の変更を取消 (決定・記録)", "undo my last change (a decision or a record)";
    CmdHelp => "ヘルプ", "help";
    CmdQuit => "終了", "quit";
    CmdBack => "戻る / 絞込解除", "back / clear filter";
    CmdOpen => "案件へ移動", "go to the case";
    CmdYes => "はい", "yes";
    CmdNo => "いいえ", "no";
    CmdMessages => "メッセージ履歴 (直近50件)", "message history (last 50)";
    LineView => "ビューを開く (どちらの名前でも)", "open a view (by either of its names)";
    LineRef => "受付番号の案件へ (どのキューでも、完了も含めて)", "jump to a case by its reference (any queue, closed ones too)";
    LineBacklog => "バックログ (滞留状況)", "the backlog overview";
    LineQueue => "キューを切り替え (番号・名前・id)", "switch queue (number, name or id)";
    LineSort => "並べ替え (期限/受付/経過日数/氏名/状態/担当者、降順 で逆順)", "sort (due, received, age, name, state, assignee; desc reverses)";
    LineMessages => "メッセージ履歴", "the message history";
    LineHead => ": コマンド", ": commands";
    MessagesTitle => "メッセージ履歴 (新しい順、直近50件)", "Messages (newest first, last 50)";
    MessagesHint => "上下: スクロール  Esc: 閉じる", "Up/Down: scroll  Esc: close";
    NoMessages => "(メッセージはありません)", "(no messages)";
    LegendHead => "記号と警告の略号", "Markers and flag codes";
    LegendOverdue => "期限超過 (一覧の左端)", "overdue (left edge of the list)";
    LegendSoon => "期限まで3日以内", "due within 3 days";
    LegendMarked => "選択中 (一括処理の対象)", "marked (for a bulk decision)";
    MoreInHistory => "…(m:履歴)", "…(m: history)";
    DetailShort => "詳細", "detail";
    WaitList => "一覧を読み込み中", "loading the list";
    WaitDetail => "詳細を読み込み中", "loading the case";
    WaitLookup => "照会中", "looking up";
    WaitDecision => "処理中", "saving";
    CmdLogEnquiry => "問い合わせを記録 (この方について)", "log an enquiry (on this person)";
    CmdLinkDuplicate => "二重登録をこの方に統合", "link the duplicate registration to this person";
    CmdEnquiries => "未対応の問い合わせ一覧", "open enquiries";
    CmdResolveEnquiry => "問い合わせを解決済みに", "mark the enquiry resolved";
    LineEnquiries => "未対応の問い合わせ一覧 (経過日数付き)", "the open enquiries (with their age)";
    WaitEnquiries => "問い合わせを読み込み中", "loading enquiries";
    EnquiryNoPerson => "相手が特定されていない問い合わせです", "the caller of this enquiry is not identified";
    EnquiryFix => "赤字の項目を直してください", "fix the fields marked in red";
    EnquiryFormTitle => "問い合わせの記録", "Log an enquiry";
    EnquiryFormHint => "Tab:次の項目 ↑↓:選択 Ctrl-E:エディタ Enter:保存 Esc:取消", "Tab: next field  Up/Down: pick  Ctrl-E: editor  Enter: save  Esc: cancel";
    EnquiryNoCase => "(なし)", "(none)";
    EnquiryOpenLabel => "未対応のまま", "left open";
    EnquiryResolvedLabel => "対応済み (解決)", "answered (resolved)";
    EnquiryStatusLabel => "状態", "status";
    EnquiriesTitle => "未対応の問い合わせ", "Open enquiries";
    EnquiryLog => "問い合わせ記録", "Enquiries";
    NoneListed => "(ありません)", "(none)";
    CallerUnknown => "(相手未特定)", "(caller not identified)";
    LinkedCase => "関連案件", "case";
    EnquiriesNone => "(未対応の問い合わせはありません)", "(no open enquiries)";
    EnquiriesHead => "問い合わせ記録", "Enquiries";
    EnquiryColAge => "経過", "age";
    EnquiryColName => "氏名", "name";
    EnquiryColTopic => "用件", "topic";
    EnquiryColChannel => "経路", "channel";
    EnquiryColBy => "受付", "taken by";
}

/// Queue names for a narrow tab bar.
pub fn queue_short(lang: Lang, q: Queue) -> &'static str {
    match q {
        Queue::Withdrawal => lang.pick("辞退", "Withdr."),
        Queue::Transfer => lang.pick("異動", "Transfers"),
        Queue::FacilityReport => lang.pick("在籍", "Reports"),
        Queue::LoanFollowup => lang.pick("資金", "Loans"),
    }
}

/// Queue names for the tab bar.
pub fn queue_name(lang: Lang, q: Queue) -> &'static str {
    match q {
        Queue::Withdrawal => lang.pick("採用辞退", "Withdrawals"),
        Queue::Transfer => lang.pick("異動届・修了申請", "Transfers & completions"),
        Queue::FacilityReport => lang.pick("在籍報告", "Facility reports"),
        Queue::LoanFollowup => lang.pick("研修資金", "Loan follow-ups"),
    }
}

/// Short state names for the list and detail.
pub fn state_name(lang: Lang, s: State) -> &'static str {
    match s {
        State::AwaitingDirector => lang.pick("統括回答待ち", "awaiting dir."),
        State::DirectorApproved => lang.pick("統括承認済み", "dir. approved"),
        State::Completed => lang.pick("完了", "completed"),
        State::Submitted => lang.pick("提出済", "submitted"),
        State::Released => lang.pick("異動元承認済", "released"),
        State::Accepted => lang.pick("受理", "accepted"),
        State::CertificationReturn => lang.pick("認定返上", "cert. return"),
        State::Missing => lang.pick("未提出", "missing"),
        State::Open => lang.pick("対応中", "open"),
        State::Resolved => lang.pick("対応済", "resolved"),
        State::Closed => lang.pick("終了", "closed"),
        State::Returned => lang.pick("差し戻し", "returned"),
    }
}

/// State names in full, where there is room (the detail pane, the lookup,
/// the command line's text); the list's narrow column uses [`state_name`].
pub fn state_label(lang: Lang, s: State) -> &'static str {
    match (lang, s) {
        (Lang::En, State::AwaitingDirector) => "awaiting the director",
        (Lang::En, State::DirectorApproved) => "approved by the director",
        (Lang::En, State::CertificationReturn) => "certification return",
        (Lang::En, State::Released) => "released by the old association",
        _ => state_name(lang, s),
    }
}

/// Role names for the status line.
pub fn role_name(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Helpdesk => lang.pick("ヘルプデスク", "helpdesk"),
        Role::Operator => lang.pick("担当者", "operator"),
        Role::Supervisor => lang.pick("責任者", "supervisor"),
    }
}

/// Who the status line says the user is: their role, or 管理者 for an
/// administrator who holds no role in any organisation.
pub fn actor_role(lang: Lang, role: Role, admin_only: bool) -> &'static str {
    match admin_only {
        true => lang.pick("管理者", "administrator"),
        false => role_name(lang, role),
    }
}

/// The status line's sort: its name, and that it is reversed.
pub fn sort_label(lang: Lang, s: SortKey, reverse: bool) -> String {
    match reverse {
        false => sort_name(lang, s).to_string(),
        true => lang.pick(
            format!("{}(逆)", sort_name(lang, s)),
            format!("{}, desc", sort_name(lang, s)),
        ),
    }
}

/// Sort names for the status line.
pub fn sort_name(lang: Lang, s: SortKey) -> &'static str {
    match s {
        SortKey::Due => lang.pick("期限順", "by due"),
        SortKey::Received => lang.pick("受付順", "by received"),
        SortKey::Name => lang.pick("氏名順", "by name"),
        SortKey::Age => lang.pick("経過日数順", "by age"),
        SortKey::State => lang.pick("状態順", "by state"),
        SortKey::Assignee => lang.pick("担当者順", "by assignee"),
    }
}

/// Decision names for the history.
pub fn decision_name(lang: Lang, k: DecisionKind) -> &'static str {
    match k {
        DecisionKind::Approve => lang.pick("承認", "approve"),
        DecisionKind::Return => lang.pick("差し戻し", "return"),
        DecisionKind::CertificationReturn => lang.pick("認定返上", "certification return"),
        DecisionKind::Chase => lang.pick("督促", "chase"),
        DecisionKind::Claim => lang.pick("自分に割当", "claim"),
        DecisionKind::Reassign => lang.pick("割当変更", "reassign"),
        DecisionKind::Reopen => lang.pick("再開", "reopen"),
        DecisionKind::Undo => lang.pick("取消", "undo"),
        DecisionKind::AutoClose => lang.pick("自動終了", "auto-close"),
        DecisionKind::Received => lang.pick("受付", "received"),
        DecisionKind::Linked => lang.pick("二重登録の統合", "duplicate linked"),
        DecisionKind::ApprovePart => lang.pick("承認 (自団体分)", "part approved"),
    }
}

/// A short code of a flag for the list's narrow column (same in both
/// languages: the flag's own code, [`Flag::code`]).
pub fn flag_code(f: Flag) -> &'static str {
    f.code()
}

/// One line explaining what a flag means.
pub fn flag_text(lang: Lang, f: Flag) -> &'static str {
    match f {
        Flag::NoValidSupervisor => lang.pick(
            "要件を満たす指導責任者がいません (認定返上の対象)",
            "no supervisor meets every requirement (certification return)",
        ),
        Flag::SupervisorNotRenewed => lang.pick(
            "指導責任者の認定が更新されていません",
            "a supervisor's certificate is not renewed",
        ),
        Flag::SupervisorNotFullTime => lang.pick(
            "指導責任者が常勤ではありません",
            "a supervisor is not full-time",
        ),
        Flag::SupervisorWorkplaceMismatch => lang.pick(
            "指導責任者の勤務先 (MyPage) がこの施設ではありません",
            "a supervisor's registered workplace is another facility",
        ),
        Flag::DentalCertificateAtNonDentalFacility => lang.pick(
            "歯科口腔外科の認定は歯科認定施設でのみ有効です",
            "a dental certificate counts only at a dental facility",
        ),
        Flag::SubmittedOutsideWindow => lang.pick(
            "受付期間外に提出されました",
            "submitted outside the reporting window",
        ),
        Flag::MissingReport => lang.pick(
            "受付期間内に在籍報告が提出されていません",
            "no report was filed in the window",
        ),
        Flag::DirectorUnanswered => lang.pick(
            "統括責任者が回答していません (督促の対象)",
            "the programme director has not answered (chase)",
        ),
        Flag::AfterRecruitmentClosed => lang.pick(
            "最終募集の締切後: 再応募は次回募集から (最短で翌年4月1日開始)",
            "after the last recruitment closed: may apply again only next round (start April 1 next year at the earliest)",
        ),
        Flag::UnknownPerson => lang.pick(
            "この医籍登録番号の人物が登録されていません",
            "no person is registered under this number",
        ),
        Flag::DuplicatePerson => lang.pick(
            "二重登録の疑い: 同じ氏名・生年月日の別番号があります",
            "possible duplicate: same name and birth date under another number",
        ),
        Flag::NotificationLate => lang.pick(
            "届出が10日以内に提出されていません",
            "a notice was not filed within 10 days",
        ),
        Flag::ContinuationOverdue => lang.pick(
            "継続手続の期限 (4月15日) を過ぎています",
            "the continuation forms (due April 15) are overdue",
        ),
        Flag::StatusReportOverdue => lang.pick(
            "業務従事証明書の期限 (4月30日) を過ぎています",
            "the annual status report (due April 30) is overdue",
        ),
        Flag::WorkingDaysBelow200 => lang.pick(
            "年間勤務日数が200日未満です (返還の対象)",
            "fewer than 200 working days in a service year (repayment)",
        ),
        Flag::EmploymentGapTooLong => lang.pick(
            "次の勤務開始が退職月の翌月末を過ぎています",
            "the next job started after the end of the month after leaving",
        ),
        Flag::ExemptionReached => lang.pick(
            "返還免除の従事期間に達しました (様式3の送付)",
            "service for exemption reached (send form 3)",
        ),
        Flag::RepaymentDue => lang.pick(
            "返還が必要です (貸与額＋年10%の利息)",
            "repayment is due (principal plus 10% a year)",
        ),
        Flag::TrainingPeriodCrossesFiscalYear => lang.pick(
            "研修期間が年度 (3月31日) をまたいでいます: 分割が必要",
            "a training period crosses March 31: split it",
        ),
        Flag::TrainingPeriodGap => lang.pick(
            "研修期間に空白があります",
            "there is a gap between training periods",
        ),
        Flag::TrainingPeriodOverlap => lang.pick(
            "研修期間が重複しています",
            "training periods overlap",
        ),
        f @ (Flag::PaymentOverdue
        | Flag::StudyPlanLate
        | Flag::NotDesignatedWorkplace
        | Flag::DisbursementOverdue
        | Flag::DisbursementMayBeHeld) => loan::flag_text(lang, f).unwrap_or("?"),
    }
}

/// Status-line messages that carry data.
pub mod msg {
    use super::{DecisionKind, Lang};

    /// A tab: `1 採用辞退 12件 !3` (`!` and the overdue count only when some are).
    pub fn tab(
        lang: Lang,
        n: usize,
        name: Option<&str>,
        open: u64,
        overdue: u64,
        units: bool,
    ) -> String {
        let unit = if units && lang == Lang::Ja { "件" } else { "" };
        let (open, overdue_text) = (count(lang, open), count(lang, overdue));
        let mut s = match name {
            Some(name) => format!("{n} {name} {open}{unit}"),
            None => format!("{n}:{open}"),
        };
        if overdue > 0 {
            s.push_str(&format!(" !{overdue_text}"));
        }
        s
    }
    /// A count as a tab shows it: whole below 10,000, then in 万 (`1.9万`,
    /// `12万`) or thousands (`19k`), rounded down so it never overstates.
    pub fn count(lang: Lang, n: u64) -> String {
        if n < 10_000 {
            return n.to_string();
        }
        match lang {
            Lang::Ja if n < 100_000 => {
                let tenths = n / 1_000;
                match tenths % 10 {
                    0 => format!("{}万", tenths / 10),
                    t => format!("{}.{t}万", tenths / 10),
                }
            }
            Lang::Ja => format!("{}万", n / 10_000),
            Lang::En if n < 1_000_000 => format!("{}k", n / 1_000),
            Lang::En => format!("{}M", n / 1_000_000),
        }
    }
    /// How many cases are marked.
    pub fn marked_count(lang: Lang, n: usize) -> String {
        lang.pick(format!("選択 {n}件"), format!("marked: {n}"))
    }
    /// The selected row among all that match: `3/447件`.
    pub fn position(lang: Lang, pos: usize, of: u64) -> String {
        lang.pick(format!("{pos}/{of}件"), format!("{pos}/{of}"))
    }
    /// Which lines of a long pane show: `12-30/58行`.
    pub fn line_position(lang: Lang, from: usize, to: usize, of: usize) -> String {
        lang.pick(
            format!("{from}-{to}/{of}行"),
            format!("lines {from}-{to}/{of}"),
        )
    }
    /// After a decision, in the past tense: `W-2026-0001 を差し戻しました`.
    pub fn decided_as(lang: Lang, k: DecisionKind, reference: &str) -> String {
        let head = super::decided::head(lang, k, reference);
        format!("{head}{}", super::decided::undo_hint(lang, k))
    }
    /// A refusal or failure from the desk, in its own words.
    pub fn refused(lang: Lang, sentence: &str) -> String {
        lang.pick(
            format!("実行できません: {sentence}"),
            format!("not done: {sentence}"),
        )
    }
    /// The server is stopping.
    pub fn server_closing(lang: Lang, why: &crate::desk::trouble::Stopping) -> String {
        let reason = super::trouble::stopping(lang, why);
        lang.pick(
            format!("サーバーが停止します: {reason}"),
            format!("the server is stopping: {reason}"),
        )
    }
    /// The connection to the server was lost (the next action connects again).
    pub fn disconnected(lang: Lang, how: &crate::desk::trouble::Broke) -> String {
        let how = super::trouble::broke(lang, how);
        lang.pick(
            format!("{how}。次の操作で再接続します"),
            format!("{how}; the next action connects again"),
        )
    }
    /// Other operators looking at the case shown.
    pub fn viewed_by(lang: Lang, users: &str) -> String {
        lang.pick(format!("閲覧中: {users}"), format!("viewed by {users}"))
    }
    /// Another operator changed the case shown (ASCII dash: CJK terminals).
    pub fn changed_by(lang: Lang, user: &str) -> String {
        lang.pick(
            format!("! {user} が変更しました - 再読み込み (R)"),
            format!("! changed by {user} - reload (R)"),
        )
    }
    /// The status line when another operator changed the case shown.
    /// An enquiry logged (`i`).
    pub fn enquiry_logged(lang: Lang, id: u64) -> String {
        match lang {
            Lang::Ja => format!("問い合わせ #{id} を記録しました"),
            Lang::En => format!("logged enquiry #{id}"),
        }
    }
    /// An enquiry marked resolved.
    pub fn enquiry_resolved(lang: Lang, id: u64) -> String {
        match lang {
            Lang::Ja => format!("問い合わせ #{id} を解決済みにしました"),
            Lang::En => format!("enquiry #{id} resolved"),
        }
    }
    pub fn case_changed_by(lang: Lang, reference: &str, user: &str) -> String {
        lang.pick(
            format!("{reference} を {user} が変更しました"),
            format!("{user} changed {reference}"),
        )
    }
    /// Confirmation of an approval.
    pub fn confirm_approve(lang: Lang, reference: &str, name: &str, next: Option<&str>) -> String {
        match (lang, next) {
            (Lang::Ja, Some(n)) => format!("{reference} {name} を承認しますか? (-> {n})"),
            (Lang::Ja, None) => format!("{reference} {name} を承認しますか?"),
            (Lang::En, Some(n)) => format!("Approve {reference} {name}? (-> {n})"),
            (Lang::En, None) => format!("Approve {reference} {name}?"),
        }
    }
    /// Confirmation of a chase.
    pub fn confirm_chase(lang: Lang, reference: &str, name: &str) -> String {
        lang.pick(
            format!("{reference} {name} を督促しますか? (通知が送られます)"),
            format!("Chase {reference} {name}? (a notification is sent)"),
        )
    }
    /// Confirmation of a bulk decision.
    pub fn confirm_bulk(lang: Lang, approve: bool, n: usize) -> String {
        match (lang, approve) {
            (Lang::Ja, true) => format!("選択した {n} 件を一括承認しますか?"),
            (Lang::Ja, false) => format!("選択した {n} 件を一括で差し戻しますか?"),
            (Lang::En, true) => format!("Approve all {n} marked cases?"),
            (Lang::En, false) => format!("Return all {n} marked cases?"),
        }
    }
    /// Title of the reason popup in bulk.
    pub fn bulk_reason(lang: Lang, n: usize) -> String {
        lang.pick(
            format!("差し戻し理由 ({n} 件一括)"),
            format!("Reason for return ({n} marked cases)"),
        )
    }
    /// Progress of a bulk decision.
    pub fn progress(lang: Lang, done: usize, total: usize) -> String {
        lang.pick(
            format!("一括処理中 {done}/{total} 件"),
            format!("bulk decision {done}/{total}"),
        )
    }
    /// Result of a bulk decision.
    pub fn bulk_done(lang: Lang, done: usize, refused: usize, first: Option<&str>) -> String {
        let tail = first.map(|f| format!(" - {f}")).unwrap_or_default();
        lang.pick(
            format!("一括処理: {done} 件完了、{refused} 件は未処理{tail}"),
            format!("bulk: {done} done, {refused} left as they were{tail}"),
        )
    }
    /// After `*`.
    pub fn marked_matching(lang: Lang, n: usize, capped: bool) -> String {
        match (lang, capped) {
            (Lang::Ja, false) => format!("条件に合う {n} 件を選択しました"),
            (Lang::Ja, true) => format!("条件に合う案件のうち先頭の {n} 件を選択しました (上限)"),
            (Lang::En, false) => format!("marked the {n} cases that match"),
            (Lang::En, true) => format!("marked the first {n} matching cases (the limit)"),
        }
    }
    /// Marking the shown rows.
    pub fn marked_shown(lang: Lang, n: usize, total: u64) -> String {
        match lang {
            Lang::Ja => {
                format!("表示中の {n} 件を選択しました (該当 {total} 件中; PgDn で次を表示)")
            }
            Lang::En => format!("marked the {n} cases shown (of {total} matching; PgDn for more)"),
        }
    }
    /// Follow-ups generated at start.
    pub fn followups(lang: Lang, created: usize, closed: usize) -> String {
        match lang {
            Lang::Ja => {
                format!("本日のフォローアップ (定時処理): {created} 件作成、{closed} 件終了")
            }
            Lang::En => {
                format!("today's follow-ups (daily job): {created} created, {closed} closed")
            }
        }
    }
    /// Ages and counts in the list.
    pub fn days(lang: Lang, n: i64) -> String {
        lang.pick(format!("{n}日"), format!("{n}d"))
    }
    /// Key-map problems found in the config file.
    pub fn bad_keys(lang: Lang, problems: &str) -> String {
        lang.pick(
            format!("設定のキー指定を無視しました: {problems}"),
            format!("ignored key settings: {problems}"),
        )
    }
    /// A person's other records.
    /// The head of the people a name and birth date found.
    pub fn callers(lang: Lang, n: usize) -> String {
        lang.pick(
            format!("該当する人 {n}人 (Enter で開く)"),
            format!("{n} people match (Enter opens one)"),
        )
    }

    pub fn duplicate_of(lang: Lang, regno: &str, name: &str, birth: &str) -> String {
        lang.pick(
            format!("別番号 {regno}: {name} ({birth}生)"),
            format!("other number {regno}: {name} (born {birth})"),
        )
    }
    /// The number asked for was a duplicate linked to the person shown.
    pub fn linked_from(lang: Lang, from: &str, keep: &str) -> String {
        let from = crate::text::sanitize(from);
        lang.pick(
            format!("{from} は二重登録として {keep} に統合済みです"),
            format!("{from} was a duplicate, linked to {keep}"),
        )
    }
    /// A loan line in the lookup view.
    pub fn loan_line(
        lang: Lang,
        dates: super::DateStyle,
        id: &str,
        fy: i32,
        years: u8,
        principal: &str,
    ) -> String {
        match lang {
            Lang::Ja => format!(
                "{id}: {}から{years}年間、交付済 {principal}",
                super::dates::fiscal_year(lang, dates, fy)
            ),
            Lang::En => {
                format!("{id}: from fiscal year {fy}, {years} years, disbursed {principal}")
            }
        }
    }
}

pub mod backlog;
pub mod case_ref;
pub mod check;
pub use case_ref::case_ref_label;
pub mod checks;
pub mod cli;
pub mod dates;
pub use dates::{DateStyle, DateWidth};
pub mod decided;
pub mod delivery;
pub mod documents;
pub mod enquiry;
pub mod excel;
pub mod fields;
pub mod filter_text;
pub use filter_text::filter_text;
pub mod command_line;
pub mod help;
pub mod import;
pub mod labels;
pub mod lookup_words;
pub mod orgs;
pub mod questions;
pub mod refusals;
pub mod store;
pub mod trouble;

/// A desk error in the operator's language, rendered from its data.
pub fn error_text(lang: Lang, e: &crate::desk::DeskError) -> String {
    match e {
        crate::desk::DeskError::Refused(r) => refusals::refusal(lang, r),
        crate::desk::DeskError::Store(e) => store::error(lang, e),
        crate::desk::DeskError::Failed(t) => trouble::trouble(lang, t),
    }
}
pub mod loan;
pub mod rows;
