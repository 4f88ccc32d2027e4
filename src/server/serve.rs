//! `secretariat serve`: one process owns the store and serves the desk to
//! every operator over a Unix domain socket in the data dir.
//!
//! Threads: one accepts; each client has a reader (which runs its requests) and
//! a writer draining a bounded queue, so a slow client only ever slows itself.
//! Long requests (bulk, follow-ups, check) run on a thread of their own.

use super::conn;
use super::protocol::{Event, MAX_FRAME};
use super::sessions::Sessions;
use crate::clock::Clock;
use crate::desk::trouble::Stopping;
use crate::desk::{CaseKey, Desk};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How many frames may wait for one client before pushed events are dropped
/// for it (it is then told to resync).
pub const CLIENT_QUEUE: usize = 1024;

/// Maps a uid to the user name the store knows (the OS user, in production).
pub type UserNames = Arc<dyn Fn(u32) -> String + Send + Sync>;

/// The name of the OS user with this uid (`uid1234` if it has no name).
pub fn os_user_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)) {
        Ok(Some(u)) => u.name,
        _ => format!("uid{uid}"),
    }
}

/// How to serve.
pub struct ServeOptions {
    pub data_dir: PathBuf,
    /// The server's clock stamps every decision (`--as-of` pretends a date).
    pub clock: Clock,
    /// Stop when no client has been connected for this long.
    pub idle_exit: Option<Duration>,
    pub user_names: UserNames,
    /// Where to listen (default: the data dir's socket).
    pub socket: PathBuf,
    /// The most connections one user may hold, and in all.
    pub max_per_user: usize,
    pub max_connections: usize,
    /// Where `backup NAME` writes (none: backups through the server are refused).
    pub backup_dir: Option<PathBuf>,
    /// `[mail]`: send the outbox every `mail.interval_secs` while serving.
    pub mail: Option<crate::mail::MailSettings>,
    /// What one client may hold: frame time, uploads.
    pub limits: super::Limits,
}

impl ServeOptions {
    /// Options for serving `data_dir` on its own socket with OS user names
    /// and no idle exit.
    pub fn new(data_dir: &Path, clock: Clock) -> ServeOptions {
        let defaults = crate::config::ServerConfig::default();
        ServeOptions {
            data_dir: data_dir.to_path_buf(),
            clock,
            idle_exit: None,
            user_names: Arc::new(os_user_name),
            socket: socket_path(data_dir),
            max_per_user: defaults.max_connections_per_user,
            max_connections: defaults.max_connections,
            backup_dir: None,
            mail: None,
            limits: super::Limits::from_config(&defaults),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("a secretariat server already serves {}", .0.display())]
    AlreadyServing(PathBuf),
    #[error("cannot listen on {}: {detail}", path.display())]
    Listen { path: PathBuf, detail: String },
}

/// Asks a running server to stop, from any thread (or a signal handler's pipe).
#[derive(Clone)]
pub struct Stopper {
    wake: Arc<UnixStream>,
    reason: Arc<Mutex<Option<Stopping>>>,
}

impl Stopper {
    /// Stops the server; `reason` goes to its log and to the clients.
    pub fn stop(&self, reason: Stopping) {
        lock(&self.reason).get_or_insert(reason);
        // The wake socket is non-blocking; one byte already waiting is enough.
        let _ = (&*self.wake).write(&[1]);
    }

    /// Stops the server on SIGTERM, SIGINT and SIGHUP.
    pub fn on_signals(&self) -> std::io::Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal_hook::low_level::pipe::register(sig, self.wake.try_clone()?)?;
        }
        Ok(())
    }
}

/// Locks a mutex, carrying on after a panic elsewhere (the data stay usable).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A connected client, as the broadcaster sees it.
pub(crate) struct Client {
    pub id: u64,
    /// The user the client acts as (its peer's OS user unless `act_as` was honoured).
    pub user: String,
    pub uid: u32,
    pub pid: i32,
    pub queue: SyncSender<Arc<Vec<u8>>>,
    /// Set when a pushed event was dropped; the writer then sends `Resync`.
    pub lagged: Arc<AtomicBool>,
    /// Files uploaded for the client's next import.
    pub uploads: Mutex<super::uploads::Uploads>,
    /// The date the client's queries compute deadlines for (`--as-of`).
    pub as_of: Option<chrono::NaiveDate>,
    /// Set when the client left: requests not yet begun are not run.
    pub left: AtomicBool,
}

impl Client {
    /// Whether the client left (its requests would be answered to no one).
    pub fn gone(&self) -> bool {
        self.left.load(Ordering::Relaxed)
    }

    /// Queues a pushed event for this client alone; dropped if its queue is full.
    pub fn push(&self, frame: Arc<Vec<u8>>) {
        match self.queue.try_send(frame) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => self.lagged.store(true, Ordering::Relaxed),
        }
    }
}

/// What every thread of the server shares.
pub(crate) struct Shared {
    pub desk: Desk,
    pub clock: Clock,
    pub server_uid: u32,
    pub names: UserNames,
    pub sessions: Sessions,
    pub stopper: Stopper,
    /// Changes hold it shared; `check` holds it alone, so that it sees the
    /// store between changes, never in the middle of one (reads go on).
    pub gate: std::sync::RwLock<()>,
    /// Whether the server stops when idle (started in the background).
    pub idle_exit: bool,
    pub max_per_user: usize,
    pub max_connections: usize,
    pub backup_dir: Option<PathBuf>,
    pub limits: super::Limits,
    /// The bytes every user's uploads hold.
    pub uploads: Arc<super::limits::UploadLedger>,
    clients: Mutex<HashMap<u64, Arc<Client>>>,
    /// Open connections by peer uid (handshake or not), for the caps.
    connections: Mutex<HashMap<u32, usize>>,
    streams: Mutex<HashMap<u64, UnixStream>>,
    viewers: Mutex<HashMap<CaseKey, BTreeMap<u64, String>>>,
    idle_since: Mutex<Option<Instant>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    next_client: AtomicU64,
}

impl Shared {
    /// Pushes an event to every client that may hear of it: an event about
    /// a case goes only to the users whose organisations hold it (a case of
    /// another organisation changes nothing anyone else can see).
    pub fn broadcast(&self, event: &Event) {
        let about = match event {
            Event::Changed { key, .. } | Event::Viewers { key, .. } => Some(key),
            _ => None,
        };
        let holders = about.map(|k| self.desk.orgs_of_key(k));
        let frame =
            match super::protocol::encode(&super::protocol::ServerMessage::Event(event.clone())) {
                Ok(f) => Arc::new(f),
                Err(e) => {
                    tracing::error!(error = %e, "an event could not be encoded");
                    return;
                }
            };
        let clients: Vec<Arc<Client>> = lock(&self.clients).values().cloned().collect();
        let mut sees: HashMap<String, bool> = HashMap::new();
        for c in clients {
            if let Some(orgs) = &holders {
                let seen = *sees.entry(c.user.clone()).or_insert_with(|| {
                    self.desk
                        .actor(&c.user)
                        .is_ok_and(|a| orgs.as_ref().is_some_and(|o| a.sees(o)))
                });
                if !seen {
                    continue;
                }
            }
            c.push(frame.clone());
        }
    }

    /// Runs `f` on a thread the shutdown waits for. Threads that ended are
    /// joined first, so that their stacks are given back (a server that runs
    /// for months sees millions of connections).
    pub fn spawn(&self, name: &str, f: impl FnOnce() + Send + 'static) {
        self.reap_threads();
        match std::thread::Builder::new().name(name.to_string()).spawn(f) {
            Ok(h) => lock(&self.threads).push(h),
            Err(e) => tracing::error!(error = %e, "a thread could not be started"),
        }
    }

    /// Joins the threads that ended; returns how many still run.
    pub fn reap_threads(&self) -> usize {
        let finished: Vec<JoinHandle<()>> = {
            let mut threads = lock(&self.threads);
            let (done, live): (Vec<_>, Vec<_>) = std::mem::take(&mut *threads)
                .into_iter()
                .partition(|t| t.is_finished());
            *threads = live;
            done
        };
        for t in finished {
            let _ = t.join();
        }
        lock(&self.threads).len()
    }

    pub fn register(&self, client: Arc<Client>) {
        *lock(&self.idle_since) = None;
        lock(&self.clients).insert(client.id, client);
    }

    /// Forgets a client that left, and whatever it was viewing.
    pub fn unregister(&self, id: u64) {
        let mut clients = lock(&self.clients);
        clients.remove(&id);
        if clients.is_empty() {
            *lock(&self.idle_since) = Some(Instant::now());
        }
        drop(clients);
        self.set_viewing(id, "", None);
    }

    pub fn forget_stream(&self, id: u64) {
        lock(&self.streams).remove(&id);
    }

    /// Notes what a client views and tells everyone who views the cases concerned.
    pub fn set_viewing(&self, id: u64, user: &str, key: Option<CaseKey>) {
        let mut changed: Vec<(CaseKey, Vec<String>)> = Vec::new();
        {
            let mut viewers = lock(&self.viewers);
            let before: Option<CaseKey> = viewers
                .iter()
                .find(|(_, v)| v.contains_key(&id))
                .map(|(k, _)| k.clone());
            if before == key {
                return;
            }
            if let Some(old) = before {
                let users = match viewers.get_mut(&old) {
                    Some(v) => {
                        v.remove(&id);
                        names(v)
                    }
                    None => Vec::new(),
                };
                if users.is_empty() {
                    viewers.remove(&old);
                }
                changed.push((old, users));
            }
            if let Some(new) = key {
                let v = viewers.entry(new.clone()).or_default();
                v.insert(id, user.to_string());
                changed.push((new, names(v)));
            }
        }
        for (key, users) in changed {
            self.broadcast(&Event::Viewers { key, users });
        }
    }

    /// Who views a case now.
    pub fn viewers_of(&self, key: &CaseKey) -> Vec<String> {
        lock(&self.viewers).get(key).map(names).unwrap_or_default()
    }

    pub fn client_count(&self) -> usize {
        lock(&self.clients).len()
    }

    /// Counts a new connection of `uid`, or says why it is over a cap: one
    /// user's connections never lock the others out.
    fn admit(&self, uid: u32) -> Result<(), String> {
        let mut open = lock(&self.connections);
        let total: usize = open.values().sum();
        let mine = open.get(&uid).copied().unwrap_or(0);
        if mine >= self.max_per_user {
            return Err(format!(
                "{} already holds {mine} connections to this server, the most one user may hold (server.max_connections_per_user); close some and try again",
                (self.names)(uid)
            ));
        }
        if total >= self.max_connections {
            return Err(format!(
                "the server holds {total} connections, its most (server.max_connections); try again later"
            ));
        }
        *open.entry(uid).or_default() += 1;
        Ok(())
    }

    /// Forgets a connection of `uid` that ended.
    pub(crate) fn release(&self, uid: u32) {
        let mut open = lock(&self.connections);
        if let Some(n) = open.get_mut(&uid) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&uid);
            }
        }
    }
}

fn names(v: &BTreeMap<u64, String>) -> Vec<String> {
    v.values()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// A server bound to its socket, not yet serving.
pub struct Server {
    shared: Arc<Shared>,
    listener: UnixListener,
    wake: UnixStream,
    socket: PathBuf,
    socket_id: (u64, u64),
    idle_exit: Option<Duration>,
    mail: Option<crate::mail::MailSettings>,
}

/// The socket of the server of a data dir.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("secretariat.sock")
}

/// The log of the server of a data dir.
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("server.log")
}

/// Whether a server answers on the data dir's socket.
pub fn is_running(data_dir: &Path) -> bool {
    UnixStream::connect(socket_path(data_dir)).is_ok()
}

fn listen_error(path: &Path, detail: impl std::fmt::Display) -> ServeError {
    ServeError::Listen {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

impl Server {
    /// Binds the socket: mode 0660, group of the directory it is in (the
    /// operators' group for a team's `/run/secretariat`). The desk holds the
    /// store's lock, so a socket found there is left by a server that died; it
    /// is replaced.
    pub fn bind(desk: Desk, opts: ServeOptions) -> Result<Server, ServeError> {
        let socket = opts.socket.clone();
        if socket.as_os_str().len() >= 108 {
            return Err(listen_error(
                &socket,
                "the path is longer than a Unix socket allows (107 bytes); use a shorter --data-dir",
            ));
        }
        if std::fs::symlink_metadata(&socket).is_ok() {
            if UnixStream::connect(&socket).is_ok() {
                return Err(ServeError::AlreadyServing(opts.data_dir.clone()));
            }
            tracing::warn!(socket = %socket.display(), "replacing a stale socket left by a server that did not stop cleanly");
            std::fs::remove_file(&socket).map_err(|e| listen_error(&socket, e))?;
        }
        // Created 0660 from the start, so there is no moment others could connect.
        let old = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o117));
        let bound = UnixListener::bind(&socket);
        nix::sys::stat::umask(old);
        let listener = bound.map_err(|e| listen_error(&socket, e))?;
        let socket_dir = socket.parent().unwrap_or(Path::new("."));
        let dir_gid = std::fs::metadata(socket_dir)
            .map(|m| m.gid())
            .map_err(|e| listen_error(&socket, e))?;
        if let Err(e) = nix::unistd::chown(&socket, None, Some(nix::unistd::Gid::from_raw(dir_gid)))
        {
            tracing::warn!(error = %e, gid = dir_gid, "the socket keeps the server's group: it could not be given its directory's group");
        }
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o660))
            .map_err(|e| listen_error(&socket, e))?;
        let meta = std::fs::metadata(&socket).map_err(|e| listen_error(&socket, e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| listen_error(&socket, e))?;
        let (wake, wake_tx) = UnixStream::pair().map_err(|e| listen_error(&socket, e))?;
        wake.set_nonblocking(true)
            .map_err(|e| listen_error(&socket, e))?;
        wake_tx
            .set_nonblocking(true)
            .map_err(|e| listen_error(&socket, e))?;
        let stopper = Stopper {
            wake: Arc::new(wake_tx),
            reason: Arc::new(Mutex::new(None)),
        };
        let shared = Arc::new(Shared {
            sessions: Sessions::new(&opts.data_dir),
            desk,
            clock: opts.clock,
            server_uid: nix::unistd::getuid().as_raw(),
            names: opts.user_names,
            stopper,
            gate: std::sync::RwLock::new(()),
            idle_exit: opts.idle_exit.is_some(),
            max_per_user: opts.max_per_user,
            max_connections: opts.max_connections,
            backup_dir: opts.backup_dir,
            limits: opts.limits,
            uploads: Arc::default(),
            clients: Mutex::new(HashMap::new()),
            connections: Mutex::new(HashMap::new()),
            streams: Mutex::new(HashMap::new()),
            viewers: Mutex::new(HashMap::new()),
            idle_since: Mutex::new(Some(Instant::now())),
            threads: Mutex::new(Vec::new()),
            next_client: AtomicU64::new(1),
        });
        Ok(Server {
            shared,
            listener,
            wake,
            socket,
            socket_id: (meta.dev(), meta.ino()),
            idle_exit: opts.idle_exit,
            mail: opts.mail,
        })
    }

    /// The socket the server listens on.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// A handle that stops the server.
    pub fn stopper(&self) -> Stopper {
        self.shared.stopper.clone()
    }

    /// Serves on a thread of its own (benchmarks and tests); join to wait for the end.
    pub fn spawn(self) -> std::io::Result<JoinHandle<()>> {
        std::thread::Builder::new()
            .name("secretariat-serve".into())
            .spawn(move || self.run())
    }

    /// Serves until stopped (a signal, a `Shutdown` request, or idleness), then
    /// stops accepting, removes the socket, closes every client, waits for the
    /// requests under way, and closes the store (flushed and sealed).
    pub fn run(self) {
        let Server {
            shared,
            listener,
            wake,
            socket,
            socket_id,
            idle_exit,
            mail,
        } = self;
        tracing::info!(socket = %socket.display(), pid = std::process::id(), max_frame = MAX_FRAME, "serving");
        let mail = super::mail::start(&shared, mail);
        let daily = super::daily::start(&shared);
        let reason = accept_loop(&shared, &listener, &wake, idle_exit);
        drop(daily);
        drop(mail);
        drop(listener);
        if let Ok(m) = std::fs::symlink_metadata(&socket) {
            if (m.dev(), m.ino()) == socket_id {
                let _ = std::fs::remove_file(&socket);
            }
        }
        tracing::info!(reason = %reason, clients = shared.client_count(), "stopping");
        shared.broadcast(&Event::Closing {
            why: reason.clone(),
        });
        close_clients(&shared);
        loop {
            let threads = std::mem::take(&mut *lock(&shared.threads));
            if threads.is_empty() {
                break;
            }
            for t in threads {
                let _ = t.join();
            }
        }
        match Arc::try_unwrap(shared) {
            Ok(shared) => {
                tracing::info!("closing the store");
                drop(shared);
            }
            Err(_) => tracing::error!("a thread still holds the store; it closes when that ends"),
        }
    }
}

fn accept_loop(
    shared: &Arc<Shared>,
    listener: &UnixListener,
    wake: &UnixStream,
    idle_exit: Option<Duration>,
) -> Stopping {
    loop {
        let mut fds = [
            PollFd::new(listener.as_fd(), PollFlags::POLLIN),
            PollFd::new(wake.as_fd(), PollFlags::POLLIN),
        ];
        match poll(&mut fds, PollTimeout::from(200u16)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => {
                return Stopping::SocketUnwatchable {
                    detail: e.to_string(),
                };
            }
        }
        let woken = fds[1].any().unwrap_or(false);
        if woken {
            let mut buf = [0u8; 64];
            let _ = (&*wake).read(&mut buf);
            return lock(&shared.stopper.reason)
                .clone()
                .unwrap_or(Stopping::Signal);
        }
        loop {
            match listener.accept() {
                Ok((stream, _)) => start_client(shared, stream),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    tracing::warn!(error = %e, "a connection could not be accepted");
                    break;
                }
            }
        }
        shared.reap_threads();
        if let (Some(idle), Some(since)) = (idle_exit, *lock(&shared.idle_since)) {
            if since.elapsed() >= idle {
                return Stopping::Idle {
                    secs: idle.as_secs(),
                };
            }
        }
    }
}

fn start_client(shared: &Arc<Shared>, stream: UnixStream) {
    let id = shared.next_client.fetch_add(1, Ordering::Relaxed);
    if let Err(e) = stream.set_nonblocking(false) {
        tracing::warn!(client = id, error = %e, "a connection could not be set up");
        return;
    }
    let uid = match nix::sys::socket::getsockopt(
        &stream,
        nix::sys::socket::sockopt::PeerCredentials,
    ) {
        Ok(c) => c.uid(),
        Err(e) => {
            tracing::warn!(client = id, error = %e, "closed a connection whose peer is unknown");
            return;
        }
    };
    if let Err(reason) = shared.admit(uid) {
        tracing::warn!(client = id, uid, reason = %reason, "refused a connection over the caps");
        // Told at once, before any thread or buffer is spent on it.
        let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
        let _ = super::protocol::write_frame(
            &mut &stream,
            &super::protocol::HelloAnswer::Refusal {
                reason,
                protocol: super::protocol::PROTOCOL_VERSION,
                program_version: super::protocol::PROGRAM_VERSION.to_string(),
            },
        );
        return;
    }
    match stream.try_clone() {
        Ok(s) => {
            lock(&shared.streams).insert(id, s);
        }
        Err(e) => {
            tracing::warn!(client = id, error = %e, "a connection could not be set up");
            return;
        }
    }
    // Whatever ends the thread, a panic too, gives the connection back.
    let slot = Slot {
        shared: shared.clone(),
        id,
        uid,
    };
    shared.spawn(&format!("client-{id}"), move || {
        let served = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            conn::serve_client(&slot.shared, stream, id)
        }));
        if let Err(panic) = served {
            tracing::error!(client = id, uid, panic = %panic_text(&*panic), "a client's connection met an internal error and was closed");
        }
        drop(slot);
    });
}

/// A connection's place under the caps, given back when dropped (also when its
/// thread panics).
struct Slot {
    shared: Arc<Shared>,
    id: u64,
    uid: u32,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.shared.forget_stream(self.id);
        self.shared.release(self.uid);
    }
}

/// What a panic said, for the log.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Ends every client: first their requests (reads), so that answers under way
/// still go out, then, after a grace period, their connections.
fn close_clients(shared: &Shared) {
    for s in lock(&shared.streams).values() {
        let _ = s.shutdown(std::net::Shutdown::Read);
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && !lock(&shared.streams).is_empty() {
        std::thread::sleep(Duration::from_millis(10));
    }
    for s in lock(&shared.streams).values() {
        let _ = s.shutdown(std::net::Shutdown::Both);
    }
}
