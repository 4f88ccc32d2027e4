//! Starting a server in the background when none runs, so that a single user
//! never has to think about it.

use super::client::{ConnectError, RemoteDesk};
use super::serve::{log_path, socket_path};
use chrono::NaiveDate;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a started server has to answer.
const START_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait before starting again a server that stopped at once.
const RETRY_AFTER: Duration = Duration::from_millis(200);

/// How a background server is started.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// `--as-of` for the server's clock.
    pub as_of: Option<NaiveDate>,
    /// `--config` for the server.
    pub config: Option<PathBuf>,
    /// `--lang` for the server: a server that cannot start says why in the
    /// language of whoever started it.
    pub lang: Option<crate::i18n::Lang>,
    /// `--user`, asked of the server at the handshake.
    pub act_as: Option<String>,
    /// The server stops this long after its last client left.
    pub idle_exit_secs: u64,
    /// The `secretariat` program to run (default: this one).
    pub program: Option<PathBuf>,
    /// How long a call waits for the server's next word (`server.answer_timeout_secs`).
    pub answer_timeout: Option<std::time::Duration>,
}

impl StartOptions {
    /// Options with the default idle exit (5 s).
    pub fn new() -> Self {
        StartOptions {
            idle_exit_secs: 5,
            ..Default::default()
        }
    }
}

/// Connects to the server of `data_dir`, starting one in the background (its
/// own session, no terminal, output to its log) if none runs. If the server
/// goes away later, the remote desk starts one again when it next needs it.
pub fn connect_or_start(data_dir: &Path, opts: &StartOptions) -> Result<RemoteDesk, ConnectError> {
    let remote = match RemoteDesk::connect_as_of(data_dir, opts.act_as.clone(), opts.as_of) {
        Err(ConnectError::NotRunning(_)) => {
            ensure_server(data_dir, opts)?;
            RemoteDesk::connect_as_of(data_dir, opts.act_as.clone(), opts.as_of)?
        }
        other => other?,
    };
    remote.restart_with(opts.clone());
    if let Some(t) = opts.answer_timeout {
        remote.set_answer_timeout(t);
    }
    Ok(remote)
}

/// Starts a server for `data_dir` unless one answers, and waits until one does.
pub(crate) fn ensure_server(data_dir: &Path, opts: &StartOptions) -> Result<(), ConnectError> {
    let answers = || UnixStream::connect(socket_path(data_dir)).is_ok();
    if answers() {
        return Ok(());
    }
    let failed = |detail: String| ConnectError::Failed {
        dir: data_dir.to_path_buf(),
        detail,
    };
    let mut child = spawn(data_dir, opts)?;
    let started = Instant::now();
    loop {
        if answers() {
            // Reap the server when it ends, so it never lingers as a zombie.
            std::thread::spawn(move || child.wait());
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            // Another process may have started a server at the same moment.
            if answers() {
                return Ok(());
            }
            // Or one is still closing the store after its last client left:
            // try again until the time is up.
            if let Some(why) = start_error(data_dir) {
                // The store itself refused (locked, newer, damaged): say so as it did.
                return Err(ConnectError::Unstartable(why));
            }
            if started.elapsed() + RETRY_AFTER > START_TIMEOUT {
                return Err(failed(format!(
                    "the server stopped at once ({status}); {} says why",
                    log_path(data_dir).display()
                )));
            }
            std::thread::sleep(RETRY_AFTER);
            child = spawn(data_dir, opts)?;
            continue;
        }
        if started.elapsed() > START_TIMEOUT {
            return Err(failed(format!(
                "the server started but did not answer within {} s; {} may say why",
                START_TIMEOUT.as_secs(),
                log_path(data_dir).display()
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Where a background server's words go if it cannot start.
fn start_error_path(data_dir: &Path) -> PathBuf {
    data_dir.join("server.err")
}

/// The sentence a background server that stopped at once left, if any.
fn start_error(data_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(start_error_path(data_dir)).ok()?;
    let line = text.lines().rev().find(|l| !l.trim().is_empty())?;
    let why = line.strip_prefix("secretariat: ").unwrap_or(line).trim();
    // "Already serving" means another server won the race: not a refusal.
    (!why.is_empty() && !why.contains("already serves")).then(|| why.to_string())
}

/// Starts `secretariat serve` for `data_dir` in its own session, detached.
fn spawn(data_dir: &Path, opts: &StartOptions) -> Result<Child, ConnectError> {
    let failed = |detail: String| ConnectError::Failed {
        dir: data_dir.to_path_buf(),
        detail,
    };
    let exe = match &opts.program {
        Some(p) => p.clone(),
        None => std::env::current_exe().map_err(|e| failed(e.to_string()))?,
    };
    let mut cmd = Command::new(exe);
    cmd.arg("--data-dir").arg(data_dir);
    if let Some(d) = opts.as_of {
        cmd.arg("--as-of").arg(d.to_string());
    }
    if let Some(c) = &opts.config {
        cmd.arg("--config").arg(c);
    }
    match opts.lang {
        Some(crate::i18n::Lang::Ja) => {
            cmd.arg("--lang").arg("ja");
        }
        Some(crate::i18n::Lang::En) => {
            cmd.arg("--lang").arg("en");
        }
        None => {}
    }
    // What a server that cannot start says goes to a file the starter reads.
    let err_path = start_error_path(data_dir);
    let stderr = std::fs::create_dir_all(data_dir)
        .and_then(|()| std::fs::File::create(&err_path))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    cmd.arg("serve")
        .arg("--idle-exit")
        .arg(opts.idle_exit_secs.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            nix::unistd::setsid()
                .map(|_| ())
                .map_err(std::io::Error::from)
        });
    }
    cmd.spawn()
        .map_err(|e| failed(format!("the server could not be started: {e}")))
}
