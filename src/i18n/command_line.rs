//! The `:` line's sentences: what it says of a line it did not understand,
//! a view or a ref it did not find. The TUI says which; the words are here.

use super::Lang;
use crate::store::SortKey;

/// Why a line was not understood, or what it did not find.
#[derive(Debug)]
pub enum LineWords<'a> {
    Empty,
    UnknownCommand { command: &'a str, commands: &'a str },
    Needs { command: &'a str, argument: &'a str },
    BadSort { argument: &'a str },
    BadArgument { command: &'a str, argument: &'a str },
    NoView { name: &'a str, views: &'a str },
    NoRef { reference: &'a str },
}

/// One sentence in `lang`.
pub fn line(lang: Lang, w: &LineWords) -> String {
    match w {
        LineWords::Empty => lang
            .pick("コマンドを入力してください", "type a command")
            .into(),
        LineWords::UnknownCommand { command, commands } => lang.pick(
            format!(":{command} はコマンドではありません。コマンド: {commands}"),
            format!(":{command} is not a command; commands: {commands}"),
        ),
        LineWords::Needs { command, argument } => lang.pick(
            format!(":{command} には {argument} を指定してください"),
            format!(":{command} needs {argument}"),
        ),
        LineWords::BadSort { argument } => {
            let sorts = sort_names(lang);
            lang.pick(
                format!(
                    ":sort {argument} は読み取れません。並べ替え: {sorts} (続けて 降順 で逆順)"
                ),
                format!(":sort does not take {argument:?}; sorts: {sorts} (then desc to reverse)"),
            )
        }
        LineWords::BadArgument { command, argument } => lang.pick(
            format!(":{command} {argument} は読み取れません"),
            format!(":{command} does not take {argument:?}"),
        ),
        LineWords::NoView { name, views } => lang.pick(
            format!("ビュー「{name}」はありません。ビュー: {views}"),
            format!("there is no view {name:?}; views: {views}"),
        ),
        LineWords::NoRef { reference } => lang.pick(
            format!("受付番号 {reference} の案件はありません"),
            format!("no case has the ref {reference}"),
        ),
    }
}

/// The sorts, as a sentence lists them.
fn sort_names(lang: Lang) -> String {
    SortKey::ALL
        .into_iter()
        .map(|k| match lang {
            Lang::Ja => format!(
                "{} ({})",
                super::sort_name(lang, k).trim_end_matches('順'),
                k.id()
            ),
            Lang::En => k.id().to_string(),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}
