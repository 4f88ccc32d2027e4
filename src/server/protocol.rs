//! The wire protocol between `secretariat serve` and its clients.
//!
//! Every message is a frame: a `u32` big-endian length, then that many bytes of
//! JSON. A connection opens with the client's [`Hello`] and the server's
//! [`HelloAnswer`]; these two keep their shape across protocol versions so that
//! a client of another version is told so in words. Then the client sends
//! [`ClientMessage::Call`]s, each with an id, and the server answers each with a
//! [`ServerMessage::Reply`] of the same id, in any order, interleaved with
//! pushed [`Event`]s. An export's reply is preceded by its
//! [`ServerMessage::Chunk`]s; an import's files go first as
//! [`ClientMessage::Upload`]s.

use crate::desk::{CaseKey, DeskError, ExportSpec, FileReport, ImportOptions, Request, Response};
use crate::domain::{Refusal, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::io::{Read, Write};
use std::path::PathBuf;

/// The version of this protocol; a server refuses clients of any other.
/// 9: a loan carries `prior_obligations`, a lookup's loan standing
/// `counted_after`, and a ledger or computation may hold a `counted_after`
/// row (stacked loans), which a client of 8 could not read. 10: an import
/// row's refusal and the server's troubles as data. 11: a store error of
/// PostgreSQL (`StoreError::Postgres`) and the refusal of a backup a
/// database's own tools take (`Refusal::BackupByDatabaseTools`).
pub const PROTOCOL_VERSION: u32 = 11;

/// The version of this program, told in the handshake for error messages.
pub const PROGRAM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest frame either side accepts (16 MiB).
pub const MAX_FRAME: usize = 16 * 1024 * 1024;

/// The most text an export chunk carries (1 MiB), and the most bytes of a file
/// an upload carries before base64.
pub const CHUNK: usize = 1024 * 1024;

/// The first frame a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub program_version: String,
    /// Act as this user: honoured only where `--user` is (a supervisor, or a
    /// demo store); identity itself comes from the socket's peer credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act_as: Option<String>,
    /// `--as-of`: the date this client's queries compute deadlines for
    /// (decisions are always stamped with the server's clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

impl Hello {
    /// The hello of this build.
    pub fn current(act_as: Option<String>, as_of: Option<NaiveDate>) -> Hello {
        Hello {
            protocol: PROTOCOL_VERSION,
            program_version: PROGRAM_VERSION.to_string(),
            act_as,
            as_of,
        }
    }
}

/// The server's answer to a [`Hello`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelloAnswer {
    /// Accepted: who the server takes the client to be.
    Welcome {
        protocol: u32,
        program_version: String,
        user: String,
        role: Role,
        /// Whether the user administers the store, and their role in each
        /// organisation they reach (what the client's actor says of them).
        #[serde(default)]
        admin: bool,
        #[serde(default)]
        reach: std::collections::BTreeMap<crate::domain::org::OrgId, Role>,
    },
    /// Not accepted, with the reason in one sentence.
    Refusal {
        reason: String,
        protocol: u32,
        program_version: String,
    },
}

/// What a client sends after the handshake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientMessage {
    Call {
        id: u64,
        request: Call,
    },
    /// The next bytes of a file for a coming [`Request::Import`], base64
    /// (at most [`CHUNK`] bytes before encoding); the server appends them to
    /// a file of its own, numbered `upload` on this connection.
    Upload {
        upload: u64,
        data: String,
    },
}

/// A file of an import: its name as the user gave it (which gives its format,
/// its kind and the `file` of every message) and the upload that carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFile {
    pub name: String,
    pub upload: u64,
}

/// A call: one of the desk's requests (the same on the wire as
/// [`crate::desk::Request`]), or a service of the server itself. Desk requests
/// carry no actor and no time: the server takes the user from the socket and
/// the time from its own clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Call {
    Desk(Request),
    Service(Service),
}

/// What the server does besides the desk's requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// `secretariat export`: the records come as [`ServerMessage::Chunk`]s of
    /// this call, then the reply ([`ServiceAnswer::Exported`]).
    Export {
        spec: ExportSpec,
    },
    /// `secretariat import` of files already uploaded on this connection.
    Import {
        files: Vec<ImportFile>,
        options: ImportOptions,
    },
    /// `secretariat backup`: the server writes a copy, as its OS user, while
    /// changes wait. For the store's owner `dest` is an absolute path; anyone
    /// else must be a supervisor, and `name` is then a plain file name under
    /// the server's `server.backup_dir`.
    Backup {
        dest: PathBuf,
        name: String,
    },
    /// The case this client shows in its detail pane (None: none).
    Viewing {
        key: Option<CaseKey>,
    },
    /// Keep this user's screen state (opaque to the server).
    SaveSession {
        state: serde_json::Value,
    },
    LoadSession,
    /// Ask the server to stop (supervisors, or the user the server runs as).
    Shutdown,
    /// Ask a server started in the background (`--idle-exit`) to stop now if
    /// this client is its only one, so that a command can have the store.
    ReleaseIfIdle,
    /// The same, asked by the command a server was started for, when it ends.
    EndOfCommand,
}

impl Call {
    /// The call's name in logs.
    pub fn name(&self) -> &'static str {
        match self {
            Call::Desk(r) => r.name(),
            Call::Service(s) => match s {
                Service::Export { .. } => "export",
                Service::Import { .. } => "import",
                Service::Backup { .. } => "backup",
                Service::Viewing { .. } => "viewing",
                Service::SaveSession { .. } => "session.save",
                Service::LoadSession => "session.load",
                Service::Shutdown => "shutdown",
                Service::ReleaseIfIdle => "release",
                Service::EndOfCommand => "end_of_command",
            },
        }
    }

    /// Whether the call is answered on a thread of its own (it may take long).
    pub fn is_long(&self) -> bool {
        matches!(
            self,
            Call::Desk(
                Request::Bulk { .. }
                    | Request::GenerateFollowups
                    | Request::Check
                    | Request::Document(crate::desk::DocumentRequest::Many { .. })
            ) | Call::Service(
                Service::Export { .. } | Service::Import { .. } | Service::Backup { .. }
            )
        )
    }
}

/// A successful answer: the desk's, or a service's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Desk(Response),
    Service(ServiceAnswer),
}

/// What a service answers (a service with nothing to say answers the desk's `Done`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceAnswer {
    Session(Option<serde_json::Value>),
    /// An export ended; this many records were sent.
    Exported {
        records: u64,
    },
    Imported(Vec<FileReport>),
    /// A backup of the store at `store` was written to `dest`.
    BackedUp {
        store: PathBuf,
        dest: PathBuf,
    },
}

/// What a server sends after the handshake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMessage {
    Reply {
        id: u64,
        outcome: Result<Answer, RemoteError>,
    },
    Event(Event),
    /// The next piece of the export of call `id`: UTF-8 text, whole lines
    /// where they fit in [`CHUNK`] bytes.
    Chunk {
        id: u64,
        text: String,
    },
}

/// What the server pushes to its clients: the desk's events (`desk::Event`).
pub use crate::desk::Event;

/// Why the server did not do what was asked: its kind, the sentence in
/// English (for logs and hand-written clients), and a refusal as data, which
/// the client renders in its user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The store's fault as data, when that is what failed: the client
    /// renders it in its user's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Box<crate::store::StoreFault>>,
    /// Any other error of the store as data, likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<Box<crate::store::StoreError>>,
    /// The server's trouble as data, likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trouble: Option<crate::desk::trouble::Trouble>,
}

/// The kinds of [`RemoteError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Refused,
    NotFound,
    Invalid,
    /// The case changed since the client read it ("changed by X at T").
    Stale,
    /// The server or its store failed.
    Failure,
}

impl RemoteError {
    /// A failure of the server, in its words.
    pub fn failure(message: impl Into<String>) -> RemoteError {
        RemoteError {
            kind: ErrorKind::Failure,
            message: message.into(),
            refusal: None,
            fault: None,
            store: None,
            trouble: None,
        }
    }
}

impl From<&DeskError> for RemoteError {
    fn from(e: &DeskError) -> Self {
        if let DeskError::Store(crate::store::StoreError::Fault(f)) = e {
            return RemoteError {
                fault: Some(f.clone()),
                ..RemoteError::failure(f.to_string())
            };
        }
        if let DeskError::Store(s) = e {
            return RemoteError {
                store: Some(Box::new(s.clone())),
                ..RemoteError::failure(s.to_string())
            };
        }
        if let DeskError::Failed(t) = e {
            return RemoteError {
                trouble: Some(t.clone()),
                ..RemoteError::failure(t.to_string())
            };
        }
        let Some(r) = e.refusal() else {
            return RemoteError::failure(e.to_string());
        };
        let kind = if r.is_stale() {
            ErrorKind::Stale
        } else if r.is_not_found() {
            ErrorKind::NotFound
        } else if r.is_invalid() {
            ErrorKind::Invalid
        } else {
            ErrorKind::Refused
        };
        RemoteError {
            kind,
            message: r.to_string(),
            refusal: Some(r.clone()),
            fault: None,
            store: None,
            trouble: None,
        }
    }
}

impl From<RemoteError> for DeskError {
    fn from(e: RemoteError) -> Self {
        if let Some(f) = e.fault {
            return DeskError::Store(crate::store::StoreError::Fault(f));
        }
        if let Some(s) = e.store {
            return DeskError::Store(*s);
        }
        if let Some(t) = e.trouble {
            return DeskError::Failed(t);
        }
        match e.refusal {
            Some(r) => DeskError::Refused(r),
            // A refusal without its data (another client's wording): its sentence.
            None if e.kind != ErrorKind::Failure => DeskError::Refused(Refusal::Invalid {
                input: String::new(),
                why: e.message,
            }),
            None => DeskError::Failed(crate::desk::trouble::Trouble::Said(e.message)),
        }
    }
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("the peer closed the connection")]
    Closed,
    #[error("a frame of {0} bytes exceeds the limit of {MAX_FRAME} bytes")]
    TooLarge(usize),
    #[error("a frame is not a message of this protocol ({0})")]
    Malformed(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Encodes a message as one frame (length and body).
pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let mut buf = vec![0u8; 4];
    serde_json::to_writer(&mut buf, msg).map_err(|e| FrameError::Malformed(e.to_string()))?;
    let len = buf.len() - 4;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    buf[..4].copy_from_slice(&(len as u32).to_be_bytes());
    Ok(buf)
}

/// Writes a message as one frame.
pub fn write_frame<T: Serialize>(w: &mut impl Write, msg: &T) -> Result<(), FrameError> {
    let buf = encode(msg)?;
    w.write_all(&buf)?;
    w.flush()?;
    Ok(())
}

/// How much of a frame is read at a time.
const READ_PIECE: usize = 64 * 1024;

/// Reads until `buf` is full or the input ends (the peer closed); how much it read.
pub(super) fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The peer closed the connection inside a frame.
fn cut_short() -> FrameError {
    FrameError::Io(std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "the connection closed inside a frame",
    ))
}

/// Reads one frame's body; `Closed` if the peer closed between frames.
pub fn read_body(r: &mut impl Read) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    match read_full(r, &mut len)? {
        0 => return Err(FrameError::Closed),
        4 => {}
        _ => return Err(cut_short()),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    // Kept in pieces as bytes come, never allocated to the length a peer
    // merely declared; one growing buffer would leave its outgrown copies
    // behind in the allocator's arenas.
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    let mut got = 0;
    while got < len {
        let mut piece = vec![0u8; (len - got).min(READ_PIECE)];
        if read_full(r, &mut piece)? < piece.len() {
            return Err(cut_short());
        }
        got += piece.len();
        pieces.push(piece);
    }
    if pieces.len() <= 1 {
        return Ok(pieces.pop().unwrap_or_default());
    }
    let mut body = Vec::with_capacity(len);
    for piece in pieces {
        body.extend_from_slice(&piece);
    }
    Ok(body)
}

/// Reads one frame and decodes it.
pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read) -> Result<T, FrameError> {
    let body = read_body(r)?;
    decode(&body)
}

/// Decodes a frame's body.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    serde_json::from_slice(body).map_err(|e| FrameError::Malformed(e.to_string()))
}

/// Encodes bytes as standard base64 (with padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard base64; `None` if it is not base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Queue;

    #[test]
    fn frames_round_trip() {
        let msg = ClientMessage::Call {
            id: 7,
            request: Call::Desk(Request::Approve {
                key: CaseKey::new(Queue::Withdrawal, "W-1"),
                revision: 3,
            }),
        };
        let buf = encode(&msg).unwrap();
        assert_eq!(
            u32::from_be_bytes(buf[..4].try_into().unwrap()) as usize,
            buf.len() - 4
        );
        let back: ClientMessage = read_frame(&mut buf.as_slice()).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn oversized_and_garbage_frames_are_errors() {
        let big = (MAX_FRAME as u32 + 1).to_be_bytes();
        assert!(matches!(
            read_body(&mut big.as_slice()),
            Err(FrameError::TooLarge(_))
        ));
        let mut garbage = 5u32.to_be_bytes().to_vec();
        garbage.extend_from_slice(b"{{{{{");
        assert!(matches!(
            read_frame::<ClientMessage>(&mut garbage.as_slice()),
            Err(FrameError::Malformed(_))
        ));
        assert!(matches!(
            read_body(&mut [].as_slice()),
            Err(FrameError::Closed)
        ));
        assert!(read_body(&mut [0u8, 0].as_slice()).is_err());
    }

    /// Gives a frame that declares the most bytes and then a few, noting
    /// the largest read asked of it.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        largest: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.largest = self.largest.max(buf.len());
            let n = buf.len().min(self.data.len() - self.at).min(1000);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn a_frame_is_read_as_it_comes_not_as_long_as_declared() {
        let mut data = (MAX_FRAME as u32).to_be_bytes().to_vec();
        data.extend_from_slice(&[b' '; 5000]);
        let mut r = Trickle {
            data,
            at: 0,
            largest: 0,
        };
        assert!(matches!(read_body(&mut r), Err(FrameError::Io(_))));
        assert!(r.largest <= READ_PIECE, "a read of {} bytes", r.largest);
    }

    #[test]
    fn errors_keep_their_kind_and_sentence() {
        let stale = Refusal::Stale {
            reference: "W-1".into(),
            by: "tanaka".into(),
            at: crate::domain::time::at(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                9,
                0,
            ),
            revision: 2,
            seen: 1,
        };
        let e = DeskError::Refused(stale.clone());
        let wire = encode(&RemoteError::from(&e)).unwrap();
        let back: DeskError = decode::<RemoteError>(&wire[4..]).unwrap().into();
        assert!(matches!(&back, DeskError::Refused(r) if *r == stale));
        assert_eq!(back.to_string(), e.to_string());
        let failed: DeskError = RemoteError::failure("disk full").into();
        assert!(
            matches!(failed, DeskError::Failed(crate::desk::trouble::Trouble::Said(m)) if m == "disk full")
        );
        let trouble = DeskError::Failed(crate::desk::trouble::Trouble::NoBackupDir);
        let wire = encode(&RemoteError::from(&trouble)).unwrap();
        let back: DeskError = decode::<RemoteError>(&wire[4..]).unwrap().into();
        assert!(matches!(
            back,
            DeskError::Failed(crate::desk::trouble::Trouble::NoBackupDir)
        ));
    }

    #[test]
    fn a_fault_of_the_store_crosses_as_data_for_the_client_to_word() {
        let fault = crate::store::StoreFault::Denied(crate::store::Denied {
            dir: "/srv/s".into(),
            file: "/srv/s/conf".into(),
            owner: Some(crate::store::Account {
                uid: 0,
                name: Some("root".into()),
            }),
            mode: Some(0o600),
            user: crate::store::Account {
                uid: 990,
                name: Some("svc".into()),
            },
            more: 0,
        });
        let e = DeskError::Store(fault.clone().into());
        let wire = encode(&RemoteError::from(&e)).unwrap();
        let sent = decode::<RemoteError>(&wire[4..]).unwrap();
        assert_eq!(sent.kind, ErrorKind::Failure);
        assert!(sent.message.starts_with("permission denied: /srv/s/conf"));
        let back: DeskError = sent.into();
        let ja = crate::i18n::error_text(crate::i18n::Lang::Ja, &back);
        assert!(
            ja.starts_with("アクセス権がありません: /srv/s/conf"),
            "{ja}"
        );
        assert!(
            matches!(back, DeskError::Store(crate::store::StoreError::Fault(f)) if *f == fault)
        );
    }

    #[test]
    fn desk_requests_and_services_share_the_call() {
        for call in [
            Call::Desk(Request::Counts),
            Call::Desk(Request::Undo),
            Call::Service(Service::LoadSession),
            Call::Service(Service::Viewing { key: None }),
        ] {
            let buf = encode(&call).unwrap();
            assert_eq!(decode::<Call>(&buf[4..]).unwrap(), call);
        }
        for answer in [
            Answer::Desk(Response::Done),
            Answer::Service(ServiceAnswer::Exported { records: 3 }),
        ] {
            let buf = encode(&answer).unwrap();
            assert_eq!(decode::<Answer>(&buf[4..]).unwrap(), answer);
        }
    }

    #[test]
    fn any_error_of_the_store_crosses_as_data_for_the_client_to_word() {
        use crate::store::{Codec, Refused, StoreError};
        for error in [
            StoreError::Codec(Codec::NoMigration { from: 0 }),
            StoreError::Refused(Refused::BackupNotEmpty {
                dest: "/backups/today".into(),
            }),
            StoreError::ImportUndone {
                file: "cases.jsonl".into(),
                cause: Box::new(StoreError::Refused(Refused::ImportAbandoned)),
            },
        ] {
            let e = DeskError::Store(error.clone());
            let wire = encode(&RemoteError::from(&e)).unwrap();
            let sent = decode::<RemoteError>(&wire[4..]).unwrap();
            assert_eq!(sent.kind, ErrorKind::Failure);
            assert_eq!(sent.message, error.to_string());
            let back: DeskError = sent.into();
            assert!(
                matches!(&back, DeskError::Store(s) if *s == error),
                "{back:?}"
            );
            let ja = crate::i18n::error_text(crate::i18n::Lang::Ja, &back);
            assert_eq!(ja, crate::i18n::store::error(crate::i18n::Lang::Ja, &error));
            assert!(
                ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{ja}"
            );
        }
    }

    #[test]
    fn base64_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 200) as u8).collect();
            let text = base64_encode(&bytes);
            assert_eq!(text.len() % 4, 0);
            assert_eq!(base64_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert!(base64_decode("a$b").is_none());
    }

    #[test]
    fn a_hello_of_another_version_still_reads() {
        let text = br#"{"protocol":99,"program_version":"9.0.0","extra":1}"#;
        let h: Hello = decode(text).unwrap();
        assert_eq!(h.protocol, 99);
    }
}
