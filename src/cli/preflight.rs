//! What a newcomer meets before any store is opened: a screen without a
//! terminal, a read command on a data dir that holds no store (which must not
//! quietly create an empty one), and a data dir that is a file.

use super::args::{Command, UsersAction};
use super::{Context, Failure, Reach};
use crate::i18n::cli::{Preflight, preflight_text};
use std::io::IsTerminal;

/// Whether the command opens the TUI.
fn opens_screen(command: Option<&Command>) -> bool {
    match command {
        None => true,
        Some(Command::Demo { no_tui, .. }) => !no_tui,
        _ => false,
    }
}

/// Whether the command may create the store when the data dir has none:
/// `demo` makes one, `import` fills a new one, `serve` starts a team's store,
/// and a supervisor names the users of a new one. The benchmarks make their own.
fn may_create(command: Option<&Command>) -> bool {
    matches!(
        command,
        Some(
            Command::Demo { .. }
                | Command::Import { .. }
                | Command::Serve { .. }
                | Command::Users {
                    action: UsersAction::Add { .. }
                }
                | Command::Bench { .. }
                | Command::BenchServer { .. }
                | Command::Stop
        )
    )
}

/// Refuses, before anything is opened or created, what cannot work.
pub fn check(ctx: &Context, reach: &Reach, command: Option<&Command>) -> Result<(), Failure> {
    let say = |p: Preflight| preflight_text(ctx.lang, &p);
    if opens_screen(command) && !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal())
    {
        return Err(Failure::usage(say(Preflight::NoTerminal)));
    }
    // A team's service answers for its own store, wherever it is.
    if reach.socket.is_some() {
        return Ok(());
    }
    let dir = &ctx.data_dir;
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(Failure::usage(say(Preflight::NotADirectory { dir }))),
        // A store in PostgreSQL is the database's; the data dir keeps the rest.
        Ok(_) if may_create(command) || crate::store::Store::exists_in(dir) => Ok(()),
        Ok(_) if ctx.config.store.postgres().is_some() => Ok(()),
        // Unreadable: whoever opens it says whose it is.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Ok(()),
        _ if may_create(command) => Ok(()),
        _ => Err(Failure::rejected(say(Preflight::NoStore { dir }))),
    }
}
