//! The command line's definition in the user's language: under a Japanese
//! locale (or `--lang ja`) `--help` describes every command and argument in
//! Japanese (`i18n::help`), with Japanese headings, and a command line that
//! cannot be read is said in Japanese. The definition itself stays clap's
//! (`args::Cli`): the references, completions and man page are made from it.

use super::args::Cli;
use crate::i18n::Lang;
use crate::i18n::help::{self, LineKind};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// Parses the process's command line, in the language it asks for; exits
/// (code 2, or 0 for `--help` and `--version`) when it cannot.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = lang_of(&args);
    let parsed = command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => exit(&e, lang),
    }
}

/// The command line's definition with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Ja => japanese(cmd, "").disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("版を表示します")
                .help_heading("オプション"),
        ),
    }
}

/// `--lang` where the line gives it, else the locale.
fn lang_of(args: &[OsString]) -> Lang {
    let mut flag = None;
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--lang" {
            flag = it.next();
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v);
        }
    }
    Lang::detect(flag, super::env_lang().as_deref())
}

fn japanese(cmd: Command, path: &str) -> Command {
    let mut cmd = cmd
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("コマンド")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("この説明を表示します")
                .help_heading("オプション"),
        );
    if let Some(about) = help::about(path) {
        cmd = cmd.about(about).long_about(None);
    }
    cmd = cmd.mut_args(|a| japanese_arg(a, path));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let inner = match path {
            "" => name.clone(),
            _ => format!("{path}.{name}"),
        };
        cmd = cmd.mut_subcommand(&name, |s| japanese(s, &inner));
    }
    cmd
}

fn japanese_arg(a: Arg, path: &str) -> Arg {
    if a.get_id() == "help" {
        return a;
    }
    let mut text = help::arg(path, a.get_id().as_str())
        .map(str::to_string)
        .or_else(|| a.get_help().map(|h| h.to_string()))
        .unwrap_or_default();
    let takes_values = a.get_action().takes_values();
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if takes_values && !choices.is_empty() {
        text.push_str(&format!(" (選択肢: {})", choices.join("、")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if takes_values && !defaults.is_empty() {
        text.push_str(&format!(" (既定: {})", defaults.join(", ")));
    }
    let heading = if a.is_positional() {
        "引数"
    } else {
        "オプション"
    };
    let a = a.help(text).help_heading(heading);
    match takes_values {
        true => a.hide_possible_values(true).hide_default_value(true),
        false => a,
    }
}

/// Exits as clap would, in Japanese where the line could not be read.
fn exit(e: &clap::Error, lang: Lang) -> ! {
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown {
        e.exit()
    }
    let said = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let words = help::LineProblem {
        kind: match e.kind() {
            ErrorKind::UnknownArgument => LineKind::UnknownArgument,
            ErrorKind::InvalidSubcommand => LineKind::UnknownCommand,
            ErrorKind::InvalidValue => LineKind::InvalidValue,
            ErrorKind::ValueValidation => LineKind::Unreadable,
            ErrorKind::MissingRequiredArgument => LineKind::Missing,
            ErrorKind::MissingSubcommand => LineKind::MissingCommand,
            ErrorKind::ArgumentConflict => LineKind::Conflict,
            ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                LineKind::Values
            }
            _ => LineKind::Other,
        },
        arg: said(ContextKind::InvalidArg),
        value: said(ContextKind::InvalidValue),
        other: said(ContextKind::PriorArg),
        choices: said(ContextKind::ValidValue),
        subcommand: said(ContextKind::InvalidSubcommand),
    };
    eprintln!("secretariat: {}", help::line_problem(&words));
    std::process::exit(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(path: &[&str]) -> String {
        let mut cmd = command(Lang::Ja);
        cmd.build();
        let mut at = &mut cmd;
        for p in path {
            at = at.find_subcommand_mut(p).expect("subcommand");
        }
        at.render_help().to_string()
    }

    #[test]
    fn the_japanese_definition_is_sound_and_has_every_command_described() {
        command(Lang::Ja).debug_assert();
        let mut cmd = command(Lang::Ja);
        cmd.build();
        fn walk(c: &Command, path: &str, missing: &mut Vec<String>) {
            if path.split('.').any(|p| p == "help") {
                return;
            }
            if !c.is_hide_set() && c.get_name() != "help" && help::about(path).is_none() {
                missing.push(format!("command {path:?}"));
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if !a.is_hide_set()
                    && !matches!(id, "help" | "version")
                    && help::arg(path, id).is_none()
                {
                    missing.push(format!("{path:?} {id}"));
                }
            }
            for s in c.get_subcommands() {
                let inner = match path {
                    "" => s.get_name().to_string(),
                    _ => format!("{path}.{}", s.get_name()),
                };
                walk(s, &inner, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Japanese help for: {missing:?}");
    }

    #[test]
    fn help_reads_in_japanese_with_choices_and_defaults() {
        let top = help_of(&[]);
        assert!(top.contains("使い方: "), "{top}");
        assert!(top.contains("コマンド:"), "{top}");
        assert!(top.contains("人、施設、医師、貸付"), "{top}");
        assert!(!top.contains("Usage:"), "{top}");
        let export = help_of(&["export"]);
        assert!(
            export.contains("(選択肢: jsonl、csv) (既定: jsonl)"),
            "{export}"
        );
        assert!(export.contains("この説明を表示します"), "{export}");
        assert!(!export.contains("[default"), "{export}");
        let add = help_of(&["users", "add"]);
        assert!(add.contains("下の団体にも及ぼします"), "{add}");
    }

    #[test]
    fn the_english_definition_is_clap_s_own() {
        let mut cmd = command(Lang::En);
        assert!(cmd.render_help().to_string().contains("Usage:"));
    }

    #[test]
    fn a_line_that_cannot_be_read_is_said_in_japanese() {
        let e = command(Lang::Ja)
            .try_get_matches_from(["secretariat", "export", "cases", "--format", "xml"])
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        let p = help::LineProblem {
            kind: LineKind::InvalidValue,
            arg: "--format <FORMAT>".into(),
            value: "xml".into(),
            other: String::new(),
            choices: "jsonl、csv".into(),
            subcommand: String::new(),
        };
        assert_eq!(
            help::line_problem(&p),
            "--format <FORMAT> に xml は指定できません (選択肢: jsonl、csv)。使い方は secretariat --help で表示します"
        );
    }
}
