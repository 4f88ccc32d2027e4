//! `RemoteDesk`: the desk of a running server, with the desk's own methods.
//!
//! Calls may come from several threads at once: each has an id, and one reader
//! thread hands every answer to its caller and every pushed event to
//! [`RemoteDesk::events`]. A call made after the connection was lost connects
//! again; a call under way when it was lost fails, saying its outcome is unknown.

use super::protocol::{
    self, Answer, Call, ClientMessage, Event, FrameError, Hello, HelloAnswer, RemoteError,
    ServerMessage, Service, ServiceAnswer,
};
use super::serve::{lock, socket_path};
use super::start::{StartOptions, ensure_server};
use crate::desk::trouble::{Broke, Trouble};
use crate::desk::{
    Actor, CaseKey, DeskClient, DeskError, ExportError, ExportSpec, FileReport, ImportOptions,
    Request, Response,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a call waits for the server's next word by default (a bulk
/// decision, an import, a check: between two progress reports).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

/// Why no connection to a server could be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// No server serves the data dir (no socket, or one left by a dead server).
    #[error("no secretariat server serves {}", .0.display())]
    NotRunning(PathBuf),
    /// The server would not serve this client (another version, `--user` refused).
    #[error("the secretariat server of {} refused the connection: {reason}", dir.display())]
    Refused { dir: PathBuf, reason: String },
    #[error("cannot connect to the secretariat server of {}: {detail}", dir.display())]
    Failed { dir: PathBuf, detail: String },
    /// A server started for the data dir stopped at once, saying why.
    #[error("{0}")]
    Unstartable(String),
}

impl From<ConnectError> for Trouble {
    fn from(e: ConnectError) -> Trouble {
        match e {
            ConnectError::NotRunning(dir) => Trouble::NotServing { dir },
            ConnectError::Refused { dir, reason } => Trouble::Turned { dir, reason },
            ConnectError::Failed { dir, detail } => Trouble::Unreachable { dir, detail },
            ConnectError::Unstartable(said) => Trouble::Unstartable { said },
        }
    }
}

/// How many messages for one call may wait for its caller (the reader
/// thread then waits, and so, through the socket, does the server).
const CALL_QUEUE: usize = 8;

/// What the reader thread hands a waiting call.
enum Incoming {
    Part(Partial),
    Done(Result<Answer, RemoteError>),
    Lost(Broke),
}

/// What comes for a call before its answer.
pub(super) enum Partial {
    /// A bulk decision's progress: done of total.
    Progress(usize, usize),
    /// The next text of an export.
    Chunk(String),
}

type Pending = Arc<Mutex<PendingCalls>>;

#[derive(Default)]
struct PendingCalls {
    /// False once the connection is lost; no call may wait on it then.
    alive: bool,
    calls: HashMap<u64, SyncSender<Incoming>>,
}

/// One connection, after the handshake.
pub(super) struct Link {
    writer: Mutex<UnixStream>,
    pending: Pending,
    /// Who the server took this client to be, at connection.
    actor: Actor,
    server_pid: i32,
}

impl Link {
    fn alive(&self) -> bool {
        lock(&self.pending).alive
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = lock(&self.writer).shutdown(std::net::Shutdown::Both);
    }
}

type EventSink = Arc<Mutex<Option<Sender<Event>>>>;

/// The desk of a running `secretariat serve`, over its socket.
pub struct RemoteDesk {
    socket: PathBuf,
    data_dir: PathBuf,
    act_as: Option<String>,
    as_of: Option<NaiveDate>,
    link: Mutex<Option<Arc<Link>>>,
    next_id: AtomicU64,
    events: EventSink,
    /// Set when a connection was lost, so that the next one sends `Resync`.
    lost: Arc<AtomicBool>,
    /// How to start a server again if none answers (set by `connect_or_start`).
    restart: Mutex<Option<StartOptions>>,
    /// How long a call waits for the server's next word, in milliseconds.
    answer_timeout_ms: AtomicU64,
}

fn unreached(dir: &Path, detail: impl std::fmt::Display) -> DeskError {
    DeskError::Failed(Trouble::Unreachable {
        dir: dir.to_path_buf(),
        detail: detail.to_string(),
    })
}

fn not_sent(dir: &Path, detail: impl std::fmt::Display) -> DeskError {
    DeskError::Failed(Trouble::NotSent {
        dir: dir.to_path_buf(),
        detail: detail.to_string(),
    })
}

fn lost(dir: &Path, how: Option<Broke>, waiting: bool) -> DeskError {
    DeskError::Failed(Trouble::Lost {
        dir: dir.to_path_buf(),
        how,
        waiting,
    })
}

fn not_encoded(e: impl std::fmt::Display) -> DeskError {
    DeskError::Failed(Trouble::NotEncoded {
        detail: e.to_string(),
    })
}

fn handshake(
    socket: &Path,
    data_dir: &Path,
    act_as: Option<String>,
    as_of: Option<NaiveDate>,
    events: &EventSink,
    lost: &Arc<AtomicBool>,
) -> Result<Link, ConnectError> {
    let failed = |detail: String| ConnectError::Failed {
        dir: data_dir.to_path_buf(),
        detail,
    };
    let stream = match UnixStream::connect(socket) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Err(ConnectError::NotRunning(data_dir.to_path_buf()));
        }
        Err(e) => return Err(failed(e.to_string())),
    };
    let server_pid =
        nix::sys::socket::getsockopt(&stream, nix::sys::socket::sockopt::PeerCredentials)
            .map(|c| c.pid())
            .unwrap_or(0);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    protocol::write_frame(&mut &stream, &Hello::current(act_as, as_of))
        .map_err(|e| failed(e.to_string()))?;
    let mut reader = BufReader::new(stream.try_clone().map_err(|e| failed(e.to_string()))?);
    let answer: HelloAnswer = match protocol::read_frame(&mut reader) {
        Ok(a) => a,
        Err(FrameError::Closed) => {
            return Err(failed(
                "the server closed the connection during the handshake (see its server.log)".into(),
            ));
        }
        Err(e) => return Err(failed(e.to_string())),
    };
    let actor = match answer {
        HelloAnswer::Welcome {
            user,
            role,
            admin,
            reach,
            ..
        } => Actor {
            name: user,
            role,
            admin,
            reach,
            ..Actor::default()
        },
        HelloAnswer::Refusal { reason, .. } => {
            return Err(ConnectError::Refused {
                dir: data_dir.to_path_buf(),
                reason,
            });
        }
    };
    let _ = stream.set_read_timeout(None);
    let pending: Pending = Arc::new(Mutex::new(PendingCalls {
        alive: true,
        calls: HashMap::new(),
    }));
    if lost.swap(false, Ordering::Relaxed) {
        if let Some(tx) = lock(events).as_ref() {
            let _ = tx.send(Event::Resync);
        }
    }
    let (p, ev, l) = (pending.clone(), events.clone(), lost.clone());
    std::thread::Builder::new()
        .name("secretariat-remote".into())
        .spawn(move || read_answers(reader, &p, &ev, &l))
        .map_err(|e| failed(e.to_string()))?;
    Ok(Link {
        writer: Mutex::new(stream),
        pending,
        actor,
        server_pid,
    })
}

/// Hands answers to their callers and events to the sink until the connection ends.
fn read_answers(
    mut reader: BufReader<UnixStream>,
    pending: &Pending,
    events: &EventSink,
    lost: &AtomicBool,
) {
    let reason = loop {
        match protocol::read_frame::<ServerMessage>(&mut reader) {
            Ok(ServerMessage::Reply { id, outcome }) => {
                let tx = lock(pending).calls.remove(&id);
                if let Some(tx) = tx {
                    let _ = tx.send(Incoming::Done(outcome));
                }
            }
            Ok(ServerMessage::Event(Event::BulkProgress { call, done, total })) => {
                let tx = lock(pending).calls.get(&call).cloned();
                if let Some(tx) = tx {
                    let _ = tx.send(Incoming::Part(Partial::Progress(done, total)));
                }
            }
            Ok(ServerMessage::Chunk { id, text }) => {
                // Blocks while the caller writes: the server then waits too.
                let tx = lock(pending).calls.get(&id).cloned();
                if let Some(tx) = tx {
                    let _ = tx.send(Incoming::Part(Partial::Chunk(text)));
                }
            }
            Ok(ServerMessage::Event(ev)) => {
                if let Some(tx) = lock(events).as_ref() {
                    let _ = tx.send(ev);
                }
            }
            Err(FrameError::Closed) => break Broke::Closed,
            Err(e) => {
                break Broke::Broken {
                    detail: e.to_string(),
                };
            }
        }
    };
    let calls = {
        let mut p = lock(pending);
        p.alive = false;
        std::mem::take(&mut p.calls)
    };
    for (_, tx) in calls {
        let _ = tx.send(Incoming::Lost(reason.clone()));
    }
    lost.store(true, Ordering::Relaxed);
    if let Some(tx) = lock(events).as_ref() {
        let _ = tx.send(Event::Disconnected { how: reason });
    }
}

impl RemoteDesk {
    /// Connects to the server of `data_dir`; `act_as` is `--user`.
    pub fn connect(data_dir: &Path, act_as: Option<String>) -> Result<RemoteDesk, ConnectError> {
        RemoteDesk::connect_as_of(data_dir, act_as, None)
    }

    /// Connects, with queries computed for `as_of` (`--as-of`) instead of the
    /// server's date.
    pub fn connect_as_of(
        data_dir: &Path,
        act_as: Option<String>,
        as_of: Option<NaiveDate>,
    ) -> Result<RemoteDesk, ConnectError> {
        RemoteDesk::connect_to(&socket_path(data_dir), data_dir, act_as, as_of)
    }

    /// Connects to the server listening on `socket` (a team's service), named
    /// `place` in messages (its data dir when known, else the socket).
    pub fn connect_to(
        socket: &Path,
        place: &Path,
        act_as: Option<String>,
        as_of: Option<NaiveDate>,
    ) -> Result<RemoteDesk, ConnectError> {
        let events: EventSink = Arc::new(Mutex::new(None));
        let lost = Arc::new(AtomicBool::new(false));
        let link = handshake(socket, place, act_as.clone(), as_of, &events, &lost)?;
        Ok(RemoteDesk {
            socket: socket.to_path_buf(),
            data_dir: place.to_path_buf(),
            act_as,
            as_of,
            link: Mutex::new(Some(Arc::new(link))),
            next_id: AtomicU64::new(1),
            events,
            lost,
            restart: Mutex::new(None),
            answer_timeout_ms: AtomicU64::new(ANSWER_TIMEOUT.as_millis() as u64),
        })
    }

    /// Starts a server again with these options when the connection is lost
    /// and none answers.
    pub fn restart_with(&self, opts: StartOptions) {
        *lock(&self.restart) = Some(opts);
    }

    /// How long a call waits for the server's next word (an answer, progress,
    /// a piece of an export) before saying the server did not answer.
    pub fn set_answer_timeout(&self, timeout: Duration) {
        self.answer_timeout_ms
            .store(timeout.as_millis().max(1) as u64, Ordering::Relaxed);
    }

    /// The user the server takes this client to be, with their role at connection.
    pub fn actor(&self) -> Actor {
        lock(&self.link)
            .as_ref()
            .map_or_else(Actor::default, |l| l.actor.clone())
    }

    /// The process id of the server (from the socket's peer credentials).
    pub fn server_pid(&self) -> i32 {
        lock(&self.link).as_ref().map(|l| l.server_pid).unwrap_or(0)
    }

    /// The data dir of the server.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Pushed events from now on (a new call replaces the previous receiver).
    pub fn events(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        *lock(&self.events) = Some(tx);
        rx
    }

    /// The live connection, made again if it was lost.
    pub(super) fn link(&self) -> Result<Arc<Link>, DeskError> {
        let mut slot = lock(&self.link);
        if let Some(l) = slot.as_ref().filter(|l| l.alive()) {
            return Ok(l.clone());
        }
        *slot = None;
        let restart = lock(&self.restart).clone();
        if let Some(opts) = &restart {
            ensure_server(&self.data_dir, opts).map_err(|e| unreached(&self.data_dir, e))?;
        }
        let link = handshake(
            &self.socket,
            &self.data_dir,
            self.act_as.clone(),
            self.as_of,
            &self.events,
            &self.lost,
        )
        .map_err(|e| unreached(&self.data_dir, e))?;
        let link = Arc::new(link);
        *slot = Some(link.clone());
        Ok(link)
    }

    /// A new id for a call or an upload.
    pub(super) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends a message on a connection.
    pub(super) fn send_on(&self, link: &Link, msg: &ClientMessage) -> Result<(), DeskError> {
        let frame = protocol::encode(msg).map_err(not_encoded)?;
        let sent = lock(&link.writer).write_all(&frame);
        if let Err(e) = sent {
            let _ = lock(&link.writer).shutdown(std::net::Shutdown::Both);
            return Err(not_sent(&self.data_dir, e));
        }
        Ok(())
    }

    /// Sends a request on a connection and waits for its answer, handing what
    /// comes before it to `on`; if `on` fails, the connection is closed (the
    /// server stops sending) and its error returned.
    pub(super) fn call_on(
        &self,
        link: &Link,
        request: Call,
        on: &mut dyn FnMut(Partial) -> Result<(), DeskError>,
    ) -> Result<Answer, DeskError> {
        let id = self.next_id();
        let (tx, rx) = mpsc::sync_channel(CALL_QUEUE);
        {
            let mut p = lock(&link.pending);
            if !p.alive {
                return Err(lost(&self.data_dir, None, false));
            }
            p.calls.insert(id, tx);
        }
        let frame = protocol::encode(&ClientMessage::Call { id, request }).map_err(not_encoded)?;
        let sent = lock(&link.writer).write_all(&frame);
        if let Err(e) = sent {
            lock(&link.pending).calls.remove(&id);
            let _ = lock(&link.writer).shutdown(std::net::Shutdown::Both);
            return Err(not_sent(&self.data_dir, e));
        }
        let timeout = Duration::from_millis(self.answer_timeout_ms.load(Ordering::Relaxed));
        loop {
            match rx.recv_timeout(timeout) {
                Ok(Incoming::Part(part)) => {
                    if let Err(e) = on(part) {
                        lock(&link.pending).calls.remove(&id);
                        drop(rx);
                        let _ = lock(&link.writer).shutdown(std::net::Shutdown::Both);
                        return Err(e);
                    }
                }
                Ok(Incoming::Done(outcome)) => return outcome.map_err(DeskError::from),
                Ok(Incoming::Lost(how)) => {
                    return Err(lost(&self.data_dir, Some(how), true));
                }
                Err(RecvTimeoutError::Timeout) => {
                    lock(&link.pending).calls.remove(&id);
                    return Err(DeskError::Failed(Trouble::NoAnswer {
                        dir: self.data_dir.clone(),
                        secs: timeout.as_secs(),
                    }));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(lost(&self.data_dir, None, true));
                }
            }
        }
    }
}

/// An answer of another kind than the call's: the two sides disagree.
pub(super) fn unexpected(a: &Answer) -> DeskError {
    let what = format!("{a:?}");
    DeskError::Failed(Trouble::WrongAnswer {
        what: what.chars().take(80).collect(),
    })
}

impl RemoteDesk {
    /// Runs one of the server's own services.
    pub(super) fn service(&self, service: Service) -> Result<Answer, DeskError> {
        let link = self.link()?;
        self.call_on(&link, Call::Service(service), &mut |_| Ok(()))
    }

    fn service_done(&self, service: Service) -> Result<(), DeskError> {
        match self.service(service)? {
            Answer::Desk(Response::Done) => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    /// Asks a server started in the background to stop now if this is its
    /// only client; refused (with the reason) otherwise.
    pub fn release_if_idle(&self) -> Result<(), DeskError> {
        self.service_done(Service::ReleaseIfIdle)
    }

    /// Asks a server started for one command to stop now that it has ended,
    /// unless others use it meanwhile.
    pub fn end_of_command(&self) -> Result<(), DeskError> {
        self.service_done(Service::EndOfCommand)
    }

    /// Asks the server to stop (supervisors, or the user it runs as).
    pub fn shutdown(&self) -> Result<(), DeskError> {
        self.service_done(Service::Shutdown)
    }
}

impl DeskClient for RemoteDesk {
    fn call(
        &self,
        request: Request,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Response, DeskError> {
        let link = self.link()?;
        let answer = self.call_on(&link, Call::Desk(request), &mut |part| {
            if let Partial::Progress(done, total) = part {
                progress(done, total);
            }
            Ok(())
        })?;
        match answer {
            Answer::Desk(r) => Ok(r),
            other => Err(unexpected(&other)),
        }
    }

    fn actor(&self) -> Actor {
        RemoteDesk::actor(self)
    }

    fn export(
        &self,
        spec: &ExportSpec,
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> Result<u64, ExportError> {
        self.export_through(spec, write)
    }

    fn import(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<FileReport>, DeskError> {
        self.import_through(files, options, progress)
    }

    fn backup(&self, dest: &Path) -> Result<PathBuf, DeskError> {
        self.backup_through(dest)
    }

    fn viewing(&self, key: Option<&CaseKey>) {
        let key = key.cloned();
        if let Err(e) = self.service_done(Service::Viewing { key }) {
            tracing::debug!(error = %e, "the server was not told what this screen shows");
        }
    }

    fn save_session(&self, state: serde_json::Value) {
        if let Err(e) = self.service_done(Service::SaveSession { state }) {
            tracing::debug!(error = %e, "the screen's state was not kept");
        }
    }

    fn load_session(&self) -> Option<serde_json::Value> {
        match self.service(Service::LoadSession) {
            Ok(Answer::Service(ServiceAnswer::Session(s))) => s,
            _ => None,
        }
    }
}
