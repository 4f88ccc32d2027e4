//! The server's troubles ([`Trouble`]) in the user's language: each variant
//! in one arm, Japanese beside English, saying what to do.

use super::Lang;
use crate::desk::trouble::{Broke, Stopping, Trouble, UploadProblem};

english_display! {
    Trouble => trouble;
    Stopping => stopping;
}

/// Why a server stops, as a phrase.
pub fn stopping(lang: Lang, why: &Stopping) -> String {
    match why {
        Stopping::AskedBy { user } => lang.pick(
            format!("{user} が停止を指示しました"),
            format!("{user} asked it to stop"),
        ),
        Stopping::CommandEnded { user } => lang.pick(
            format!("起動した {user} のコマンドが終わりました"),
            format!("the command of {user} that started it ended"),
        ),
        Stopping::StoreWanted { user } => lang.pick(
            format!("{user} がストアを単独で使います"),
            format!("{user} needs the store to itself"),
        ),
        Stopping::Idle { secs } => lang.pick(
            format!("{secs} 秒間クライアントがありませんでした (--idle-exit)"),
            format!("no client for {secs} s (--idle-exit)"),
        ),
        Stopping::Signal => lang
            .pick(
                "シグナルで停止を指示されました",
                "a signal asked the server to stop",
            )
            .to_string(),
        Stopping::SocketUnwatchable { detail } => lang.pick(
            format!("ソケットを監視できません: {detail}"),
            format!("the socket cannot be watched: {detail}"),
        ),
        Stopping::BenchmarkOver => lang
            .pick("ベンチマークが終わりました", "the benchmark is over")
            .to_string(),
    }
}

/// How a connection ended, as a phrase.
pub fn broke(lang: Lang, how: &Broke) -> String {
    match how {
        Broke::Closed => lang
            .pick(
                "サーバーが接続を閉じました",
                "the secretariat server closed the connection",
            )
            .to_string(),
        Broke::Broken { detail } => lang.pick(
            format!("サーバーとの接続が壊れました ({detail})"),
            format!("the connection to the secretariat server broke ({detail})"),
        ),
    }
}

/// A trouble as one sentence in `lang`.
pub fn trouble(lang: Lang, t: &Trouble) -> String {
    let maybe_done = lang.pick(
        "行われたかどうかは再読み込みで確かめてください",
        "reload to see whether it was done",
    );
    match t {
        Trouble::Unreachable { dir, detail } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} の secretariat サーバーに接続できません: {detail}"),
                format!("the secretariat server of {dir} cannot be reached: {detail}"),
            )
        }
        Trouble::NotServing { dir } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} を扱う secretariat サーバーは動いていません"),
                format!("no secretariat server serves {dir}"),
            )
        }
        Trouble::Turned { dir, reason } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} の secretariat サーバーが接続を断りました: {reason}"),
                format!("the secretariat server of {dir} refused the connection: {reason}"),
            )
        }
        Trouble::Unstartable { said } => lang.pick(
            format!("secretariat サーバーを起動できませんでした: {said}"),
            said.clone(),
        ),
        Trouble::NotSent { dir, detail } => {
            let dir = dir.display();
            lang.pick(
                format!("{dir} の secretariat サーバーへ要求を送れませんでした ({detail})"),
                format!(
                    "the request could not be sent to the secretariat server of {dir} ({detail})"
                ),
            )
        }
        Trouble::Lost {
            dir,
            how,
            waiting,
        } => {
            let dir = dir.display();
            let how = how.as_ref().map(|h| broke(lang, h));
            match (how, waiting) {
                (Some(how), true) => lang.pick(
                    format!("{how}。応答の前でした ({dir})。{maybe_done}"),
                    format!("{how} before answering ({dir}); {maybe_done}"),
                ),
                (None, true) => lang.pick(
                    format!("応答の前に {dir} の secretariat サーバーとの接続が切れました。{maybe_done}"),
                    format!(
                        "the connection to the secretariat server of {dir} was lost before answering; {maybe_done}"
                    ),
                ),
                (Some(how), false) => lang.pick(
                    format!("{how} ({dir})。もう一度試してください"),
                    format!("{how} ({dir}); try again"),
                ),
                (None, false) => lang.pick(
                    format!("{dir} の secretariat サーバーとの接続が切れています。もう一度試してください"),
                    format!(
                        "the connection to the secretariat server of {dir} was lost; try again"
                    ),
                ),
            }
        }
        Trouble::NoAnswer { dir, secs } => {
            let dir = dir.display();
            lang.pick(
                format!(
                    "{dir} の secretariat サーバーが応答しません: {secs} 秒間なにも届きませんでした (server.answer_timeout_secs)。{maybe_done}"
                ),
                format!(
                    "the secretariat server of {dir} did not answer: nothing came from it for {secs} s (server.answer_timeout_secs); {maybe_done}"
                ),
            )
        }
        Trouble::NotEncoded { detail } => lang.pick(
            format!("要求を送る形にできません: {detail}"),
            format!("the request cannot be sent: {detail}"),
        ),
        Trouble::AnswerNotEncoded { detail } => lang.pick(
            format!("サーバーが応答を送る形にできませんでした: {detail}"),
            format!("the answer could not be sent ({detail})"),
        ),
        Trouble::WrongAnswer { what } => lang.pick(
            format!(
                "サーバーが別の種類の応答を返しました ({what})。両側で同じ版の secretariat を使ってください"
            ),
            format!(
                "the secretariat server gave an answer of the wrong kind ({what}); run the same version on both sides"
            ),
        ),
        Trouble::Internal => lang
            .pick(
                "サーバーがこの要求への応答中に内部エラーになりました (server.log を参照)。ほかには影響がなく、サーバーは動き続けています",
                "the server met an internal error while answering this request (see its server.log); nothing else was affected, and it goes on serving",
            )
            .to_string(),
        Trouble::SessionNotKept { detail } => lang.pick(
            format!("画面の状態をサーバーに保存できませんでした: {detail}"),
            format!("the server could not keep the screen's session: {detail}"),
        ),
        Trouble::SessionTooLarge { bytes, max } => lang.pick(
            format!("画面の状態は {max} バイトまでです。これは {bytes} バイトあります"),
            format!("a session state may be at most {max} bytes; this one has {bytes}"),
        ),
        Trouble::NoBackupDir => lang
            .pick(
                "このサーバーには server.backup_dir が設定されていないため、ほかのユーザーのためのバックアップは書きません。サーバーを運用している人に依頼してください",
                "this server has no server.backup_dir configured, so it writes no backups for other users; ask whoever runs it",
            )
            .to_string(),
        Trouble::BackupNotWritten {
            server_user,
            dest,
            detail,
        } => {
            let dest = dest.display();
            lang.pick(
                format!(
                    "secretariat サーバーは {server_user} として動いており、{dest} にバックアップを書けません: {detail}"
                ),
                format!(
                    "the secretariat server runs as {server_user} and cannot write the backup to {dest}: {detail}"
                ),
            )
        }
        Trouble::Upload { file, problem } => {
            let problem = match problem {
                UploadProblem::NotKept { path, detail } => {
                    let path = path.display();
                    lang.pick(
                        format!("サーバーが {path} にファイルを保存できません: {detail}"),
                        format!("the server cannot keep the file in {path}: {detail}"),
                    )
                }
                UploadProblem::NotBase64 => lang
                    .pick(
                        "送られたデータが base64 ではありません",
                        "an upload frame is not base64",
                    )
                    .to_string(),
            };
            format!("{file}: {problem}")
        }
        Trouble::ExportNotSent { detail } => lang.pick(
            format!("書き出しをクライアントへ送れませんでした: {detail}"),
            format!("the export could not be sent to the client: {detail}"),
        ),
        Trouble::ExportNotWritten { detail } => lang.pick(
            format!("書き出しを書き込めませんでした: {detail}"),
            format!("the export could not be written: {detail}"),
        ),
        Trouble::Said(words) => words.clone(),
    }
}
