//! One client's connection: the handshake, its reader (which runs requests)
//! and its writer (which drains the client's queue).

use super::handle;
use super::protocol::{
    self, ClientMessage, Event, FrameError, Hello, HelloAnswer, PROGRAM_VERSION, PROTOCOL_VERSION,
    ServerMessage,
};
use super::serve::{CLIENT_QUEUE, Client, Shared};
use crate::domain::Role;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long a new connection may take to say hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// The socket as a client's reader sees it: a read waits without end while
/// no deadline is set (an idle client between frames), and fails once the
/// deadline has passed (a frame begun and never finished).
struct Timed {
    stream: UnixStream,
    deadline: Option<Instant>,
    /// The socket's read timeout as last set.
    timeout: Option<Duration>,
}

impl Timed {
    fn new(stream: UnixStream) -> Timed {
        Timed {
            stream,
            deadline: None,
            timeout: None,
        }
    }

    /// Reads from now on must end by `deadline` (None: no limit).
    fn until(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
    }
}

impl Read for Timed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = match self.deadline {
            None => None,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(std::io::ErrorKind::TimedOut.into());
                }
                Some(left)
            }
        };
        // Set only when it changes from none to some or back: a read that
        // waits a whole timeout ends a frame that is overdue anyway.
        if want.is_some() != self.timeout.is_some() {
            self.stream.set_read_timeout(want)?;
            self.timeout = want;
        }
        self.stream.read(buf)
    }
}

/// Whether a read failed because its deadline passed.
fn timed_out(e: &FrameError) -> bool {
    matches!(e, FrameError::Io(e) if matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock))
}

/// Forgets a registered client when its connection ends, however it ends.
struct Registered<'a> {
    shared: &'a Shared,
    client: Arc<Client>,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.client.left.store(true, Ordering::Relaxed);
        self.shared.unregister(self.client.id);
    }
}

/// Who is at the other end of the socket, from the kernel (SO_PEERCRED).
fn peer(stream: &UnixStream) -> nix::Result<(u32, i32)> {
    let cred = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials)?;
    Ok((cred.uid(), cred.pid()))
}

/// The user a client acts as: its OS user, or `act_as` where `--user` would be
/// honoured (the OS user is a supervisor, or the store is a demo).
fn acting_user(shared: &Shared, os_name: &str, act_as: Option<String>) -> Result<String, String> {
    let Some(other) = act_as.filter(|o| o != os_name) else {
        return Ok(os_name.to_string());
    };
    let role = shared
        .desk
        .actor(os_name)
        .map(|a| a.role)
        .unwrap_or(Role::Helpdesk);
    if role == Role::Supervisor || shared.desk.is_demo().unwrap_or(false) {
        Ok(other)
    } else {
        Err(format!(
            "--user is honoured only for a supervisor or in a demo store; {os_name} is {}",
            role.id()
        ))
    }
}

/// Serves one connection until it closes.
pub(crate) fn serve_client(shared: &Arc<Shared>, stream: UnixStream, id: u64) {
    let (uid, pid) = match peer(&stream) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(client = id, error = %e, "closed a connection whose peer is unknown");
            return;
        }
    };
    let os_name = (shared.names)(uid);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(Timed::new(read_half));
    reader.get_mut().until(Some(Instant::now() + HELLO_TIMEOUT));
    let hello: Hello = match protocol::read_frame(&mut reader) {
        Ok(h) => h,
        Err(FrameError::Closed) => {
            tracing::debug!(client = id, user = %os_name, pid, "a connection closed without a word (a liveness probe)");
            return;
        }
        Err(e) => {
            tracing::warn!(client = id, user = %os_name, pid, error = %e, "closed a connection that did not say hello");
            return;
        }
    };
    let refuse = |reason: String| {
        tracing::warn!(client = id, user = %os_name, pid, reason = %reason, "refused a client");
        let _ = protocol::write_frame(
            &mut &stream,
            &HelloAnswer::Refusal {
                reason,
                protocol: PROTOCOL_VERSION,
                program_version: PROGRAM_VERSION.to_string(),
            },
        );
    };
    if hello.protocol != PROTOCOL_VERSION {
        refuse(format!(
            "this server (secretariat {PROGRAM_VERSION}) speaks protocol {PROTOCOL_VERSION} and the client (secretariat {}) speaks protocol {}; run the same version of secretariat on both sides (stop the server with `secretariat stop`)",
            hello.program_version, hello.protocol
        ));
        return;
    }
    if let Some(Err(r)) = hello
        .as_of
        .map(|d| crate::domain::refusal::Refusal::check_rule_date("as_of", d))
    {
        refuse(r.to_string());
        return;
    }
    let user = match acting_user(shared, &os_name, hello.act_as.clone()) {
        Ok(u) => u,
        Err(reason) => {
            refuse(reason);
            return;
        }
    };
    let (role, admin, reach) = match shared.desk.actor(&user) {
        Ok(a) => (a.role, a.admin, a.reach),
        Err(_) => (Role::Helpdesk, false, Default::default()),
    };
    let welcome = HelloAnswer::Welcome {
        protocol: PROTOCOL_VERSION,
        program_version: PROGRAM_VERSION.to_string(),
        user: user.clone(),
        role,
        admin,
        reach,
    };
    // Registered before the welcome is written: an event broadcast from the
    // moment the client knows it is connected reaches it (it waits in the
    // queue, behind the welcome, until the writer starts).
    let (queue, rx) = mpsc::sync_channel(CLIENT_QUEUE);
    let lagged = Arc::new(AtomicBool::new(false));
    let client = Arc::new(Client {
        id,
        user: user.clone(),
        uid,
        pid,
        queue,
        lagged: lagged.clone(),
        uploads: Mutex::new(super::uploads::Uploads::new(shared.uploads.clone(), uid)),
        as_of: hello.as_of,
        left: AtomicBool::new(false),
    });
    shared.register(client.clone());
    let registered = Registered {
        shared,
        client: client.clone(),
    };
    if protocol::write_frame(&mut &stream, &welcome).is_err() {
        return;
    }
    let writer = {
        let Ok(out) = stream.try_clone() else {
            return;
        };
        let lagged = lagged.clone();
        std::thread::Builder::new()
            .name(format!("client-{id}-out"))
            .spawn(move || write_queue(out, rx, &lagged))
    };
    let writer = match writer {
        Ok(w) => w,
        Err(e) => {
            tracing::error!(client = id, error = %e, "a writer thread could not be started");
            return;
        }
    };
    tracing::info!(client = id, user = %user, os_user = %os_name, role = role.id(), pid, "client connected");
    let why = read_requests(shared, &client, &mut reader);
    drop(registered);
    drop(client);
    let _ = writer.join();
    match why {
        Ok(()) => tracing::info!(client = id, user = %user, "client left"),
        Err(reason) => {
            tracing::warn!(client = id, user = %user, pid, reason = %reason, "closed a client")
        }
    }
}

/// Reads and runs requests until the client leaves (`Ok`) or breaks the protocol.
fn read_requests(
    shared: &Arc<Shared>,
    client: &Arc<Client>,
    reader: &mut BufReader<Timed>,
) -> Result<(), String> {
    let stall = shared.limits.frame_timeout;
    loop {
        // Between frames a client may stay idle as long as it likes.
        reader.get_mut().until(None);
        match reader.fill_buf() {
            Ok([]) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(()),
            Err(e) => return Err(e.to_string()),
        }
        reader.get_mut().until(Some(Instant::now() + stall));
        let body = match protocol::read_body(reader) {
            Ok(b) => b,
            Err(FrameError::Closed) => return Ok(()),
            Err(FrameError::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Ok(());
            }
            Err(e) if timed_out(&e) => {
                return Err(format!(
                    "the client began a frame and did not finish it within {} s (server.frame_timeout_secs)",
                    stall.as_secs()
                ));
            }
            Err(e) => return Err(e.to_string()),
        };
        let (id, request) =
            match protocol::decode::<ClientMessage>(&body).map_err(|e| e.to_string())? {
                ClientMessage::Call { id, request } => (id, request),
                ClientMessage::Upload { upload, data } => {
                    super::uploads::receive(shared, client, upload, &data);
                    continue;
                }
            };
        if request.is_long() {
            let (s, c) = (shared.clone(), client.clone());
            shared.spawn(&format!("client-{}-long", client.id), move || {
                handle::answer(&s, &c, id, request)
            });
        } else {
            handle::answer(shared, client, id, request);
        }
    }
}

/// Drains a client's queue onto its socket. When events were dropped for it,
/// it is told to resync once the queue has room again.
fn write_queue(stream: UnixStream, rx: Receiver<Arc<Vec<u8>>>, lagged: &AtomicBool) {
    let mut out = BufWriter::with_capacity(64 * 1024, &stream);
    loop {
        let frame = match rx.try_recv() {
            Ok(f) => f,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                if out.flush().is_err() {
                    break;
                }
                if lagged.swap(false, Ordering::Relaxed) {
                    match protocol::encode(&ServerMessage::Event(Event::Resync)) {
                        Ok(f) => Arc::new(f),
                        Err(_) => continue,
                    }
                } else {
                    match rx.recv() {
                        Ok(f) => f,
                        Err(_) => break,
                    }
                }
            }
        };
        if out.write_all(&frame).is_err() {
            break;
        }
    }
    let _ = out.flush();
    drop(out);
    // The peer is gone or the client is done: wake its reader too.
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
