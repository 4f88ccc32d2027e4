//! The commands of the command line; `main` maps their errors to exit codes.

pub mod args;
mod bench;
mod bench_server;
mod bench_tui;
mod commands;
mod export;
mod lookup_text;
mod mail;
mod serve;

pub use args::Cli;

use crate::clock::Clock;
use crate::config::Config;
use crate::desk::{Actor, Desk, DeskError, DeskSettings};
use crate::store::StoreError;
use std::path::PathBuf;
use std::process::ExitCode;

/// A failure with the exit code SPEC gives it.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(m: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: m.into(),
        }
    }
    pub fn rejected(m: impl Into<String>) -> Self {
        Failure {
            code: 3,
            message: m.into(),
        }
    }
    pub fn runtime(m: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: m.into(),
        }
    }
}

impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Self {
        match &e {
            DeskError::Store(
                StoreError::Locked { .. }
                | StoreError::Corrupt { .. }
                | StoreError::NewerSchema { .. },
            ) => Failure::runtime(e.to_string()),
            _ if e.is_refusal() => Failure::rejected(e.to_string()),
            _ => Failure::runtime(e.to_string()),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        DeskError::from(e).into()
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`… | head`): nothing is wrong.
            return Failure {
                code: 0,
                message: String::new(),
            };
        }
        Failure::runtime(e.to_string())
    }
}

/// Everything a command needs from the global options.
pub struct Context {
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub config: Config,
    pub os_user: String,
    pub requested_user: Option<String>,
    pub lang: crate::i18n::Lang,
}

/// How commands reach the store: through a running server, or directly.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// `--embedded`: never go through a server.
    pub embedded: bool,
    /// `--config`, passed on to a server started in the background.
    pub config: Option<PathBuf>,
    /// `--as-of`, likewise.
    pub as_of: Option<chrono::NaiveDate>,
}

impl Reach {
    pub fn from_cli(cli: &Cli) -> Reach {
        Reach {
            embedded: cli.embedded,
            config: cli.config.clone(),
            as_of: cli.as_of,
        }
    }

    /// The running server's desk, unless `--embedded` or no server runs.
    pub fn remote(&self, ctx: &Context) -> Result<Option<crate::server::RemoteDesk>, Failure> {
        use crate::server::{ConnectError, RemoteDesk};
        if self.embedded {
            return Ok(None);
        }
        match RemoteDesk::connect(&ctx.data_dir, ctx.requested_user.clone()) {
            Ok(r) => Ok(Some(r)),
            Err(ConnectError::NotRunning(_)) => Ok(None),
            Err(e) => Err(connect_failure(e)),
        }
    }
}

/// A server's refusal (`--user`, another version) is a usage error, like
/// `--user` refused without a server; anything else is a failure.
pub fn connect_failure(e: crate::server::ConnectError) -> Failure {
    match e {
        crate::server::ConnectError::Refused { .. } => Failure::usage(e.to_string()),
        other => Failure::runtime(other.to_string()),
    }
}

impl Context {
    /// The same user, clock and configuration on another data dir, acting as
    /// themselves (benchmarks build their stores there).
    pub fn for_dir(&self, data_dir: PathBuf) -> Context {
        Context {
            data_dir,
            clock: self.clock,
            config: self.config.clone(),
            os_user: self.os_user.clone(),
            requested_user: None,
            lang: self.lang,
        }
    }

    pub fn from_cli(cli: &Cli) -> Result<Context, Failure> {
        let dirs = directories::ProjectDirs::from("", "", "secretariat");
        let data_dir = match (&cli.data_dir, &dirs) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) => p.data_dir().to_path_buf(),
            (None, None) => {
                return Err(Failure::usage(
                    "cannot find a home directory for the store; pass --data-dir DIR",
                ));
            }
        };
        let config = match (&cli.config, &dirs) {
            (Some(path), _) => Config::load(path, true),
            (None, Some(p)) => Config::load(&p.config_dir().join("config.toml"), false),
            (None, None) => Ok(Config::default()),
        }
        .map_err(|e| Failure::usage(e.to_string()))?;
        let env_lang = std::env::var("LC_ALL")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("LANG").ok());
        Ok(Context {
            data_dir,
            clock: Clock { as_of: cli.as_of },
            config,
            os_user: os_user(),
            requested_user: cli.user.clone(),
            lang: crate::i18n::Lang::detect(cli.lang.as_deref(), env_lang.as_deref()),
        })
    }

    pub fn settings(&self) -> DeskSettings {
        DeskSettings {
            rules: self.config.rules.clone(),
            templates: self.config.notifications.templates.clone(),
            notify_in_japanese: self.config.notifications.language != "en",
        }
    }

    /// Opens the desk on the data dir for a command that goes through the
    /// server when one runs (so here `--embedded` or none ran): a server that
    /// holds the store is never asked to step aside.
    pub fn desk_direct(&self) -> Result<Desk, Failure> {
        match Desk::open(&self.data_dir, &self.os_user, self.settings()) {
            Err(DeskError::Store(StoreError::Locked { .. }))
                if crate::server::is_running(&self.data_dir) =>
            {
                Err(Failure::runtime(format!(
                    "a secretariat server is running on {}; without --embedded this command goes through it, or stop the server with `secretariat stop` and try again",
                    self.data_dir.display()
                )))
            }
            other => Ok(other?),
        }
    }

    /// Opens the desk on the data dir (the store to this process alone); a
    /// server started in the background with no other client hands it over.
    pub fn desk(&self) -> Result<Desk, Failure> {
        match Desk::open(&self.data_dir, &self.os_user, self.settings()) {
            Ok(d) => Ok(d),
            Err(DeskError::Store(StoreError::Locked { .. }))
                if crate::server::is_running(&self.data_dir) =>
            {
                // A server the TUI started and nobody uses any more steps aside.
                match serve::release_idle_server(&self.data_dir) {
                    Ok(()) => Ok(Desk::open(&self.data_dir, &self.os_user, self.settings())?),
                    Err(why) => Err(Failure::runtime(format!(
                        "a secretariat server is running on {} ({why}); this command needs the store to itself — stop the server with `secretariat stop` and try again (import, export, backup, lookup, users, followups and check go through the server)",
                        self.data_dir.display()
                    ))),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The acting user: the OS user, or `--user` where a supervisor or a demo store allows it.
    pub fn actor(&self, desk: &Desk) -> Result<Actor, Failure> {
        let me = desk.actor(&self.os_user)?;
        match &self.requested_user {
            None => Ok(me),
            Some(other) if other == &me.name => Ok(me),
            Some(other) => {
                if me.role == crate::domain::Role::Supervisor || desk.is_demo()? {
                    Ok(desk.actor(other)?)
                } else {
                    Err(Failure::usage(format!(
                        "--user is honoured only for a supervisor or in a demo store; {} is {}",
                        me.name,
                        me.role.id()
                    )))
                }
            }
        }
    }
}

/// The name of the operating-system user running the program.
pub fn os_user() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        _ => std::env::var("USER").unwrap_or_else(|_| format!("uid{uid}")),
    }
}

/// Runs the command line; errors are one sentence on stderr with SPEC's exit code.
pub fn main_with(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.code == 0 => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("secretariat: {}", crate::text::sanitize(&f.message));
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let ctx = Context::from_cli(&cli)?;
    let reach = Reach::from_cli(&cli);
    commands::dispatch(&ctx, &reach, cli.command)
}
