//! The command line's help in Japanese: what each command does and what each
//! argument means, keyed by the command's path (`users.add`) and the
//! argument's id (its field name). English is clap's, from the doc comments
//! of `cli::args`; `cli::help` puts these over it under a Japanese locale.

/// A command's description (`""` is the program itself).
pub fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "日本の医師研修団体の事務局のための、キーボードで操作する業務端末です。",
        "demo" => "実在に近い日本語のデータでデモのストアを作り (あれば置き換え)、画面を開きます",
        "import" => "人、施設、医師、貸付、貸付の出来事、案件を取り込みます",
        "export" => "案件、決定、監査記録、送信待ちの通知、問い合わせ記録を書き出します",
        "mail" => "送信待ちの通知を SMTP で送ります (設定ファイルの [mail])",
        "mail.send" => "送信を許可された未送信の通知と、再送の時期が来た通知をすべて送ります",
        "mail.failed" => "中継サーバーが最終的に拒否した通知を一覧します",
        "mail.retry" => "失敗した通知をもう一度送信待ちにします (責任者)",
        "mail.cancel" => "送信待ちまたは失敗した通知を取り消します。以後送りません (責任者)",
        "backlog" => {
            "滞留状況: キューごとの未完了、期限超過、7日以内の期限、経過日数、割当先ごとの件数と、12週間の受付と決定"
        }
        "enquiries" => "問い合わせ記録を新しい順に、それぞれの経過日数とともに表示します",
        "enquiry" => {
            "問い合わせを記録します (enquiry add)。または解決済みにします (enquiry resolve)"
        }
        "enquiry.add" => {
            "医籍登録番号 REGNO の人への問い合わせを記録します (番号なし: まだ相手がわからない問い合わせ)"
        }
        "enquiry.resolve" => "問い合わせ ID を解決済みにします",
        "lookup" => {
            "医籍登録番号、または氏名 (漢字かかな) と生年月日 (lookup 池田 H2.4.1) で、ヘルプデスクが見る内容を表示します: 一人、または該当する全員とその見分け方"
        }
        "record" => {
            "様式を記録します: 貸付の出来事、紙で届いた案件、または人・施設・医師・貸付の項目 (新規、または指定した項目だけを変更)。項目名は取り込みの形式のとおりです"
        }
        "link" => {
            "二重登録を残す方に統合します (責任者): 案件、貸付、問い合わせが移り、重複した記録は消え、その番号では残した人が見つかります。画面の u で決定と同じ期間だけ取り消せます"
        }
        "document" => {
            "案件の番号付きの文書を A4 の PDF にします: payment_notice (納入通知書)、reminder (督促状)、return_letter (差し戻し通知)、certification_return_request (認定返上届の提出依頼)、loan_decision (貸与決定通知)。作り直すと最初の番号のままです。複数の受付番号または --filter で一括作成 (責任者)"
        }
        "followups" => {
            "貸付と未提出の在籍報告のフォローアップを作り直します (何度実行しても同じ結果)"
        }
        "users" => {
            "誰がどの団体で何をできるかを管理します (責任者は自分の団体で、管理者はすべてで)"
        }
        "users.list" => {
            "全ユーザーと役割: ユーザー名、役割@団体 (下の団体にも及ぶ役割には +)、表示名"
        }
        "users.add" => {
            "NAME に団体での役割 (helpdesk、operator、supervisor) を与えるか、管理者 (admin) にします"
        }
        "users.name" => {
            "画面で NAME の代わりに見せる名前を設定します (tanaka に「田中 花子」)。--clear でユーザー名に戻します"
        }
        "users.remove" => {
            "指定した団体での NAME の役割を外します (--org なし: 自分が管理するすべて)。--admin で管理者から外します"
        }
        "orgs" => "ストアを共有する団体: 一覧 (全員)、追加・変更・削除 (管理者)",
        "orgs.list" => "全団体: ID、名称、種類、上位の団体、案件数、ユーザー数",
        "orgs.add" => "団体を作ります (管理者)",
        "orgs.edit" => {
            "団体の指定した項目を変更します (管理者)。空の値は任意の項目を消します (--parent \"\")"
        }
        "orgs.remove" => "案件、役割、下の団体のない団体を削除します (管理者)",
        "check" => "ストアを検査します: 索引と記録の一致、監査記録の連鎖",
        "audit" => "鍵付きの監査記録の連鎖 (audit head: 別の場所に控えておく先頭)",
        "audit.head" => "監査記録の連鎖の先頭を SEQ:MAC の形で表示します",
        "backup" => "ストアの一貫した写しを書きます (--data-dir DEST で開けます)",
        "bench" => "1,000,000 件のデモのストアで速さを測ります",
        "serve" => "データディレクトリの Unix ソケットで、複数の担当者にストアを提供します",
        "stop" => {
            "データディレクトリのサーバーを停止します (責任者、またはサーバーを動かしているユーザー)"
        }
        "completions" => {
            "シェルの補完スクリプトを表示します: bash、zsh、fish、elvish、powershell (例: secretariat completions bash > /etc/bash_completion.d/secretariat)"
        }
        "man" => {
            "マニュアルページ secretariat(1) を roff で表示します (secretariat man | man -l -)"
        }
        "bench-server" => "サーバーの速さを、同時に決定するクライアントで測ります",
        _ => return None,
    })
}

/// What an argument of the command at `path` means (`id` is its field name).
pub fn arg(path: &str, id: &str) -> Option<&'static str> {
    let global = match id {
        "data_dir" => Some(
            "ストアの場所 (既定: プラットフォームのデータディレクトリ、例 ~/.local/share/secretariat)",
        ),
        "as_of" => Some(
            "今日をこの日付 (日本時間) とみなします (2026-11-21、2026/11/21、R8.11.21、令和8年11月21日。1990〜2099年)",
        ),
        "lang" => Some("画面の言語: ja または en (既定: LANG から)"),
        "user" => Some("このユーザーとして操作します (責任者か、デモのストアでのみ)"),
        "config" => Some(
            "設定ファイル (既定: プラットフォームの設定ディレクトリの secretariat/config.toml)",
        ),
        "embedded" => Some(
            "動いているサーバーを通さずにストアを直接開きます (1 プロセスのみ。ストアの所有者だけ)",
        ),
        "socket" => Some(
            "所有者のサーバーのソケット (チームのサービス)。設定の server.socket か SECRETARIAT_SOCKET でも指定できます。既定: DIR/secretariat.sock",
        ),
        _ => None,
    };
    if global.is_some() {
        return global;
    }
    Some(match (path, id) {
        ("demo", "cases") => "案件の数",
        ("demo", "seed") => "生成の種: 同じ種からは同じストアができます",
        ("demo", "no_tui") => "ストアを作るだけで画面は開きません",
        ("import", "files") => "取り込むファイル (.jsonl、.ndjson、.json、.csv)",
        ("import", "dry_run") => "検査だけして何も書きません",
        ("import", "skip_invalid") => "不備のある行を含むファイルでも、正しい行は取り込みます",
        ("import", "kind") => "名前から種類がわからない CSV ファイルの記録の種類",
        ("export", "what") => "書き出すもの",
        ("export", "queue") => {
            "このキューだけ (withdrawal、transfer、facility_report、loan_followup)"
        }
        ("export", "format") => "形式",
        ("export", "output") => "標準出力ではなくこのファイルに書きます",
        ("export", "all") => {
            "送信待ち: 送信済みや取り消し済みの通知も、中継サーバーでの状況とともに一覧します (何も記録しません)"
        }
        ("export", "failed") => "送信待ち: 中継サーバーが拒否した通知だけ (何も記録しません)",
        ("export", "excel") => {
            "--format csv とともに: Excel で人が読む形にします。利用者の言語 (--lang、LANG) の見出し・状態・警告・名前、Excel が読める日付、BOM 付き UTF-8、CRLF の改行 (既定は機械向けの ID、UTF-8、LF)"
        }
        ("export", "filter") => {
            "案件・決定: この条件で選ばれる案件だけ (絞り込みの言葉。例 \"期限超過 経過>30 担当:なし\")"
        }
        ("mail.send", "dry_run") => "送る予定の通知を一覧するだけで、何も送らず変えません",
        ("mail.retry" | "mail.cancel", "id") => "通知の番号",
        ("backlog", "json") => "表ではなく JSON で表示します",
        ("backlog", "filter") => "この条件で選ばれる案件だけ (絞り込みの言葉)",
        ("enquiries", "open") => "未対応の問い合わせだけ",
        ("enquiries", "person") => "この人の問い合わせだけ (医籍登録番号)",
        ("enquiries", "limit") => "多くてもこの件数まで (500 まで)",
        ("enquiries", "json") => "表ではなく 1 行に 1 つの JSON で表示します",
        ("enquiry.add", "regno") => "医籍登録番号 (省略: 相手未特定)",
        ("enquiry.add", "channel") => "受付の方法",
        ("enquiry.add", "topic") => {
            "設定された用件 ([rules] enquiry_topics) のどれか。例: パスワード"
        }
        ("enquiry.add", "note") => {
            "問い合わせと回答の内容 (10,000 文字まで。- で標準入力から読みます)"
        }
        ("enquiry.add", "case") => "関係する案件 (キュー/受付番号。例 withdrawal/W-2026-000001)",
        ("enquiry.add", "resolved") => "回答済み: 解決済みとして記録します",
        ("enquiry.add", "json") => "記録した問い合わせを JSON で表示します",
        ("enquiry.resolve", "id") => "問い合わせの番号",
        ("enquiry.resolve", "revision") => {
            "この版から変わっていたら断ります (enquiries --json が表示した版)"
        }
        ("lookup", "regno") => "医籍登録番号、または氏名と生年月日",
        ("lookup", "json") => "JSON で表示します",
        ("record", "kind") => {
            "person、facility、physician、loan、loan_event、withdrawal、transfer、facility_report、completion_application のどれか"
        }
        ("record", "fields") => "項目=値 (繰り返し。値が空なら任意の項目を消します)",
        ("record", "dry_run") => "全項目を検査し、何が変わるかを示すだけで何も書きません",
        ("record" | "link", "json") => "結果を JSON で表示します",
        ("link", "duplicate") => "二重に登録された医籍登録番号 (統合して消す方)",
        ("link", "keep") => "残す医籍登録番号",
        ("link", "dry_run") => "何が移るかを示すだけで何も書きません",
        ("document", "kind") => "文書の種類 (ID または日本語名。例 督促状)",
        ("document", "refs") => {
            "案件の受付番号 (納入通知書と督促状では貸付番号がその償還を指します)"
        }
        ("document", "filter") => {
            "一括: 文書の種類のキューで、この条件で選ばれる案件 (絞り込みの言葉)"
        }
        ("document", "output") => {
            "書き出す PDF (一括では 1 ファイルに案件ごとのページ)。既定: [documents] output_dir"
        }
        ("document", "each_into") => "一括: 案件ごとに 1 つの PDF をこのディレクトリに",
        ("document", "print") => "[documents] print_command で印刷もします",
        ("document", "text") => "PDF ではなく文書の本文を表示します (番号は同じく付きます)",
        ("users.list" | "orgs.list", "json") => "列ではなく JSON の行で表示します",
        ("users.add", "name") => "ユーザー名",
        ("users.add", "role") => "役割 (helpdesk、operator、supervisor、admin)",
        ("users.add", "orgs") => {
            "団体 (ID か名称、繰り返し可)。省略: ストアの唯一の団体か、自分が責任者の団体"
        }
        ("users.add", "children") => "役割を下の団体にも及ぼします (県の責任者が郡市区にも)",
        ("users.add", "shown") => "画面で NAME の代わりに見せる名前 (--shown \"田中 花子\")",
        ("users.add", "force") => {
            "NAME がストアのサービスアカウントで、その役割ではメールを送れない場合でも行います (以後メールはすべて止まります)"
        }
        ("users.name", "name") => "ユーザー名",
        ("users.name", "shown") => "見せる名前",
        ("users.name", "clear") => "見せる名前を消してユーザー名に戻します",
        ("users.remove", "name") => "ユーザー名",
        ("users.remove", "orgs") => "役割を外す団体 (ID か名称、繰り返し可)",
        ("users.remove", "admin") => "NAME の管理者の権限だけを外します",
        ("users.remove", "force") => {
            "NAME がストアのサービスアカウントでも行います (以後メールはすべて止まります)"
        }
        ("orgs.add" | "orgs.edit" | "orgs.remove", "id") => {
            "団体の ID (半角英小文字・数字・-・_、32 文字まで)"
        }
        ("orgs.add" | "orgs.edit", "name") => "団体の名称",
        ("orgs.add" | "orgs.edit", "kind") => {
            "種類: office、national_association、prefectural_association、district_association、board、certification_body、loan_office"
        }
        ("orgs.add" | "orgs.edit", "parent") => "上位の団体 (郡市区医師会なら都道府県医師会)",
        ("orgs.add" | "orgs.edit", "inquiry_email") => {
            "お問い合わせ通知先メールアドレス (半角100文字以内)"
        }
        ("orgs.add" | "orgs.edit", "member_admin_email") => {
            "会員管理用通知メールアドレス (半角100文字以内)"
        }
        ("check", "since_head") => {
            "監査記録の連鎖が、以前 secretariat audit head が表示したこの先頭から続いていることも確かめます"
        }
        ("backup", "dest") => "写しを書く場所 (まだないディレクトリ)",
        ("serve", "idle_exit") => "この秒数のあいだクライアントがなければ停止します",
        ("completions", "shell") => "シェル",
        ("bench", "cases") => "案件の数",
        ("bench", "keep") => "測定用のストアを一時ディレクトリではなくここに残します",
        ("bench", "reuse") => "--keep で残したストアを新しいプロセスで測ります (作り直しません)",
        ("bench-server", "cases") => "測定用のデモのストアの案件数",
        ("bench-server", "clients") => "同時に決定するクライアントの数",
        ("bench-server", "seconds") => "決定し続ける秒数",
        ("bench-server", "soak_secs") => "代わりに: この秒数の耐久試験",
        ("bench-server", "churn") => "耐久試験の前に開いては閉じる接続の数",
        _ => return None,
    })
}

/// What was wrong with a command line, as clap found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    UnknownArgument,
    UnknownCommand,
    InvalidValue,
    Unreadable,
    Missing,
    MissingCommand,
    Conflict,
    Values,
    Other,
}

/// A command line that could not be read: its kind and what clap named.
#[derive(Debug)]
pub struct LineProblem {
    pub kind: LineKind,
    pub arg: String,
    pub value: String,
    pub other: String,
    pub choices: String,
    pub subcommand: String,
}

/// One sentence, with where to read more.
pub fn line_problem(p: &LineProblem) -> String {
    let (arg, value) = (&p.arg, &p.value);
    let said = match p.kind {
        LineKind::UnknownArgument => format!("{arg} という引数はありません"),
        LineKind::UnknownCommand => format!("{} というコマンドはありません", p.subcommand),
        LineKind::InvalidValue if p.choices.is_empty() => {
            format!("{arg} に {value} は指定できません")
        }
        LineKind::InvalidValue => {
            format!("{arg} に {value} は指定できません (選択肢: {})", p.choices)
        }
        LineKind::Unreadable => format!("{arg} の値 {value} を読めません"),
        LineKind::Missing => format!("{arg} を指定してください"),
        LineKind::MissingCommand => "コマンドを指定してください".to_string(),
        LineKind::Conflict => format!("{arg} と {} は一緒に指定できません", p.other),
        LineKind::Values => format!("{arg} の値の数が違います"),
        LineKind::Other => "コマンド行を読めません".to_string(),
    };
    format!("{said}。使い方は secretariat --help で表示します")
}
