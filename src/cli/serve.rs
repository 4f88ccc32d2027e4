//! `secretariat serve` and `secretariat stop`.

use super::{Context, Failure, Reach};
use crate::desk::{Desk, DeskError};
use crate::i18n::cli::{Said, said};
use crate::server::{self, ConnectError, RemoteDesk, ServeOptions, Server};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

fn already_serving(ctx: &Context) -> Failure {
    Failure::runtime(format!(
        "a secretariat server already serves {}",
        ctx.data_dir.display()
    ))
}

/// Serves the store until SIGTERM, SIGINT, SIGHUP, `secretariat stop`, or idleness.
pub fn serve(ctx: &Context, reach: &Reach, idle_exit: Option<u64>) -> Result<(), Failure> {
    // Only the service account reaches the store's files (the umask is 077):
    // operators reach the store through the socket alone.
    super::check_owner(&ctx.data_dir)?;
    std::fs::create_dir_all(&ctx.data_dir)?;
    let socket = reach
        .socket
        .clone()
        .unwrap_or_else(|| server::socket_path(&ctx.data_dir));
    if std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        return Err(already_serving(ctx));
    }
    raise_open_files_limit();
    server::init_log(&ctx.data_dir).map_err(|e| {
        let log = server::log_path(&ctx.data_dir);
        let s = Said::CannotWriteLog {
            log: &log,
            detail: e.to_string(),
        };
        Failure::runtime(said(ctx.lang, &s))
    })?;
    let desk = match Desk::open(&ctx.data_dir, &ctx.os_user, ctx.settings()?) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "the store could not be opened");
            if matches!(&e, DeskError::Store(s) if s.is_locked())
                && server::is_running(&ctx.data_dir)
            {
                return Err(already_serving(ctx));
            }
            return Err(e.into());
        }
    };
    let mut opts = ServeOptions::new(&ctx.data_dir, ctx.clock);
    opts.idle_exit = idle_exit.map(Duration::from_secs);
    opts.socket = socket;
    opts.max_per_user = ctx.config.server.max_connections_per_user;
    opts.max_connections = ctx.config.server.max_connections;
    opts.backup_dir = ctx.config.server.backup_dir.clone();
    opts.limits = server::Limits::from_config(&ctx.config.server);
    opts.mail = match &ctx.config.mail {
        Some(m) => Some(m.settings().map_err(|e| Failure::usage(e.to_string()))?),
        None => None,
    };
    let server = Server::bind(desk, opts).map_err(|e| {
        tracing::error!(error = %e, "the server could not start");
        match e {
            server::ServeError::AlreadyServing(_) => already_serving(ctx),
            other => Failure::runtime(other.to_string()),
        }
    })?;
    server.stopper().on_signals().map_err(|e| {
        let s = Said::CannotWatchSignals {
            detail: e.to_string(),
        };
        Failure::runtime(said(ctx.lang, &s))
    })?;
    if std::io::stderr().is_terminal() {
        eprintln!(
            "secretariat: serving {} on {} (log: {}); Ctrl-C or `secretariat stop` ends it",
            ctx.data_dir.display(),
            server.socket().display(),
            server::log_path(&ctx.data_dir).display()
        );
    }
    server.run();
    Ok(())
}

/// Raises the open-files limit to the hard limit, so that many operators'
/// connections fit (each holds two descriptors).
fn raise_open_files_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    match getrlimit(Resource::RLIMIT_NOFILE) {
        Ok((soft, hard)) if soft < hard => {
            if let Err(e) = setrlimit(Resource::RLIMIT_NOFILE, hard, hard) {
                tracing::warn!(error = %e, soft, hard, "the open-files limit could not be raised");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "the open-files limit could not be read"),
    }
}

/// Asks the server of the data dir to stop and waits until it has.
pub fn stop(ctx: &Context, reach: &Reach) -> Result<(), Failure> {
    let connected = match &reach.socket {
        Some(socket) => RemoteDesk::connect_to(socket, socket, None, None),
        None => RemoteDesk::connect(&ctx.data_dir, None),
    };
    let remote = match connected {
        Ok(r) => r,
        Err(ConnectError::NotRunning(_)) => {
            let s = Said::NothingToStop { dir: &ctx.data_dir };
            say!("{}", said(ctx.lang, &s))?;
            return Ok(());
        }
        Err(e) => return Err(super::connect_failure(e)),
    };
    let pid = nix::unistd::Pid::from_raw(remote.server_pid());
    remote.shutdown()?;
    drop(remote);
    let started = Instant::now();
    // Gone when the process is: by then the store is closed, flushed and sealed.
    while pid.as_raw() > 0 && !process_gone(pid) {
        if started.elapsed() > Duration::from_secs(30) {
            let log = server::log_path(&ctx.data_dir);
            let s = Said::StillRuns {
                dir: &ctx.data_dir,
                log: &log,
            };
            return Err(Failure::runtime(said(ctx.lang, &s)));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let s = Said::Stopped { dir: &ctx.data_dir };
    say!("{}", said(ctx.lang, &s))?;
    Ok(())
}

/// Whether a process has ended (a zombie waiting for its parent has).
fn process_gone(pid: nix::unistd::Pid) -> bool {
    if nix::sys::signal::kill(pid, None) == Err(nix::errno::Errno::ESRCH) {
        return true;
    }
    // Linux: the state is the field after the parenthesised command name.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => false,
    }
}

/// Asks the data dir's server, if it was started in the background and this
/// command would be its only client, to stop and hand over the store; waits
/// until it has. `Err` says why it stays.
pub fn release_idle_server(data_dir: &std::path::Path) -> Result<(), String> {
    let remote = RemoteDesk::connect(data_dir, None).map_err(|e| e.to_string())?;
    let pid = nix::unistd::Pid::from_raw(remote.server_pid());
    remote.release_if_idle().map_err(|e| e.to_string())?;
    wait_until_gone(pid)
}

/// Asks the server a command started (its only client: this connection) to
/// stop now that the command has ended; waits until it has.
pub fn end_of_command(remote: &RemoteDesk) -> Result<(), String> {
    let pid = nix::unistd::Pid::from_raw(remote.server_pid());
    remote.end_of_command().map_err(|e| e.to_string())?;
    wait_until_gone(pid)
}

fn wait_until_gone(pid: nix::unistd::Pid) -> Result<(), String> {
    let started = Instant::now();
    while pid.as_raw() > 0 && !process_gone(pid) {
        if started.elapsed() > Duration::from_secs(10) {
            return Err("it was asked to stop but still runs".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}
