//! References made from the command line's own definition (clap): shell
//! completions, the manual page, and `docs/reference/cli.md` (a test fails when
//! that file is stale).

use super::args::Cli;
use clap::CommandFactory;
use std::fmt::Write as _;
use std::io::Write;

/// Writes the completion script of `shell` for `secretariat`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "secretariat", out);
}

/// Writes the manual page, `secretariat(1)`, in roff, its subcommands included.
pub fn man(out: &mut dyn Write) -> std::io::Result<()> {
    let cmd = Cli::command();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    page.render_subcommands_section(out)?;
    // Each command's own options, as `secretariat-NAME` sections would give them.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SH \"{}\"", sub.get_name().to_uppercase())?;
        let full = format!("secretariat {}", sub.get_name());
        let sub = sub.clone().bin_name(full.clone()).display_name(full);
        let man = clap_mangen::Man::new(sub);
        man.render_synopsis_section(out)?;
        man.render_description_section(out)?;
        man.render_options_section(out)?;
        man.render_subcommands_section(out)?;
    }
    page.render_version_section(out)?;
    Ok(())
}

/// The command-line reference in Markdown: every command (hidden ones too,
/// marked), its arguments and options with their help, from clap.
pub fn cli_markdown() -> String {
    let mut root = Cli::command();
    root.build();
    let mut out = String::new();
    out.push_str("<!-- Generated from src/cli/args.rs by `cargo test --test docs_generated` with UPDATE_DOCS=1; do not edit. -->\n");
    out.push_str("# Command line\n\n");
    out.push_str("`secretariat [OPTIONS] [COMMAND]`; with no command it opens the TUI.\n");
    out.push_str("The same text is in `secretariat --help`, `secretariat COMMAND --help` and\n");
    out.push_str(
        "`secretariat man`; `secretariat completions bash|zsh|fish` prints completions.\n",
    );
    out.push_str(
        "Under a Japanese locale (or `--lang ja`) `--help` says the same in Japanese\n(`src/i18n/help.rs`).\n\n",
    );
    out.push_str("## Options of every command\n\n");
    options(&mut out, &root);
    for sub in root.get_subcommands() {
        command(&mut out, sub, "secretariat", 2);
    }
    out
}

fn command(out: &mut String, cmd: &clap::Command, parent: &str, depth: usize) {
    let path = format!("{parent} {}", cmd.get_name());
    let hashes = "#".repeat(depth.min(4));
    let _ = write!(out, "\n{hashes} `{path}`");
    if cmd.is_hide_set() {
        out.push_str(" (not in `--help`: for measuring)");
    }
    out.push_str("\n\n");
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        let _ = writeln!(out, "{}\n", one_paragraph(&about.to_string()));
    }
    let positionals: Vec<&clap::Arg> = cmd.get_positionals().collect();
    if !positionals.is_empty() {
        let names: Vec<String> = positionals.iter().map(|a| arg_value(a)).collect();
        let _ = writeln!(out, "Arguments: {}\n", names.join(" "));
    }
    options(out, cmd);
    for sub in cmd.get_subcommands() {
        command(out, sub, &path, depth + 1);
    }
}

fn options(out: &mut String, cmd: &clap::Command) {
    let args: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_global_set() || cmd.get_name() == "secretariat")
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    if args.is_empty() {
        return;
    }
    out.push_str("| argument | meaning |\n|---|---|\n");
    for a in args {
        let name = match (a.get_long(), a.get_short()) {
            (Some(l), Some(s)) => format!("`-{s}`, `--{l}`"),
            (Some(l), None) => format!("`--{l}`"),
            (None, Some(s)) => format!("`-{s}`"),
            (None, None) => format!("`{}`", arg_value(a)),
        };
        let value = if a.get_action().takes_values()
            && (a.get_long().is_some() || a.get_short().is_some())
        {
            format!(" `{}`", arg_value(a))
        } else {
            String::new()
        };
        let mut help = a
            .get_long_help()
            .or(a.get_help())
            .map(|h| one_paragraph(&h.to_string()))
            .unwrap_or_default();
        if !help.is_empty() && !help.ends_with(['.', '。', ')']) {
            help.push('.');
        }
        let possible: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| format!("`{}`", v.get_name()))
            .collect();
        if !possible.is_empty() {
            let _ = write!(help, " One of {}.", possible.join(", "));
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && a.get_action().takes_values() {
            let _ = write!(help, " Default: `{}`.", defaults.join(" "));
        }
        if a.is_required_set() {
            help.push_str(" Required.");
        }
        let _ = writeln!(
            out,
            "| {name}{value} | {} |",
            help.trim().replace('|', "\\|")
        );
    }
    out.push('\n');
}

fn arg_value(a: &clap::Arg) -> String {
    match a.get_value_names() {
        Some(names) if !names.is_empty() => names
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        _ => a.get_id().as_str().to_uppercase(),
    }
}

fn one_paragraph(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
