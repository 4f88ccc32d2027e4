//! Several operators at once: one process (`secretariat serve`) owns the store
//! and serves the desk over a Unix domain socket in the data dir; the TUI and
//! the command line are its clients. Identity comes from the socket's peer
//! credentials, never from the client. See README, "The server".

mod client;
mod client_files;
mod conn;
mod daily;
mod handle;
mod limits;
mod mail;
mod periodic;
pub mod protocol;
mod serve;
mod sessions;
mod start;
mod transfer;
mod uploads;

pub use client::{ConnectError, RemoteDesk};
pub use limits::Limits;
pub use protocol::Event;
pub use serve::{
    ServeError, ServeOptions, Server, Stopper, UserNames, is_running, log_path, os_user_name,
    socket_path,
};
pub use sessions::Sessions;
pub use start::{StartOptions, connect_or_start};

/// Sends the server's log to `<data-dir>/server.log` (kept to about 10 MB: a
/// larger log is moved to `server.log.1` at start).
pub fn init_log(data_dir: &std::path::Path) -> std::io::Result<()> {
    let path = log_path(data_dir);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > 10 * 1024 * 1024) {
        std::fs::rename(&path, data_dir.join("server.log.1"))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let filter = std::env::var("SECRETARIAT_LOG")
        .ok()
        .and_then(|s| s.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(filter)
        .try_init()
        .map_err(std::io::Error::other)
}
