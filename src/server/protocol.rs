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

use crate::desk::{
    BulkAction, BulkReport, CaseDetail, CaseKey, DeskError, ExportSpec, FileReport, FollowupReport,
    ImportOptions, Lookup, Page, PageQuery, QueueCounts,
};
use crate::domain::{Case, Role, State};
use crate::store::StoreError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::io::{Read, Write};
use std::path::PathBuf;

/// The version of this protocol; a server refuses clients of any other.
pub const PROTOCOL_VERSION: u32 = 2;

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
}

impl Hello {
    /// The hello of this build.
    pub fn current(act_as: Option<String>) -> Hello {
        Hello {
            protocol: PROTOCOL_VERSION,
            program_version: PROGRAM_VERSION.to_string(),
            act_as,
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
        request: Request,
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

/// A request: one of the desk's commands or queries, or a server service.
/// Commands carry no actor and no time: the server takes the user from the
/// socket and the time from its own clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    Counts {
        today: NaiveDate,
    },
    Page {
        query: PageQuery,
        today: NaiveDate,
    },
    Detail {
        key: CaseKey,
        today: NaiveDate,
    },
    Lookup {
        input: String,
        today: NaiveDate,
    },
    Approve {
        key: CaseKey,
        revision: u64,
    },
    ReturnCase {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    Chase {
        key: CaseKey,
        revision: u64,
    },
    CertificationReturn {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    Claim {
        key: CaseKey,
        revision: u64,
    },
    Reopen {
        key: CaseKey,
        revision: u64,
        reason: String,
    },
    Reassign {
        key: CaseKey,
        revision: u64,
        to: String,
    },
    Annotate {
        key: CaseKey,
        text: String,
    },
    Undo,
    Undoable,
    /// A bulk decision; progress comes as [`Event::BulkProgress`] with this call's id.
    Bulk {
        keys: Vec<CaseKey>,
        action: BulkAction,
    },
    GenerateFollowups {
        today: NaiveDate,
    },
    Users,
    AddUser {
        name: String,
        role: Role,
    },
    RemoveUser {
        name: String,
    },
    /// `secretariat check` on the server's open store.
    Check,
    /// `secretariat export`: the records come as [`ServerMessage::Chunk`]s of
    /// this call, then the reply ([`Response::Exported`]).
    Export {
        spec: ExportSpec,
        today: NaiveDate,
    },
    /// `secretariat import` of files already uploaded on this connection.
    Import {
        files: Vec<ImportFile>,
        options: ImportOptions,
    },
    /// `secretariat backup`: the server writes a copy to `dest` (an absolute
    /// path, written as the server's OS user); changes wait meanwhile.
    Backup {
        dest: PathBuf,
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
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Counts(Vec<QueueCounts>),
    Page(Page),
    Detail(Box<CaseDetail>),
    Lookup(Box<Lookup>),
    Case(Box<Case>),
    Undoable(Option<CaseKey>),
    Bulk(BulkReport),
    Followups(FollowupReport),
    Users(Vec<(String, Role)>),
    Check(CheckSummary),
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
    Done,
}

/// What `check` found, as the command line prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSummary {
    pub cases: u64,
    pub index_entries: u64,
    pub audit_records: u64,
    pub outbox_messages: u64,
    pub faults: Vec<String>,
}

/// What a server sends after the handshake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMessage {
    Reply {
        id: u64,
        outcome: Result<Response, RemoteError>,
    },
    Event(Event),
    /// The next piece of the export of call `id`: UTF-8 text, whole lines
    /// where they fit in [`CHUNK`] bytes.
    Chunk {
        id: u64,
        text: String,
    },
}

/// Something that happened, pushed to every client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A case changed: its new revision and state, and who changed it.
    Changed {
        key: CaseKey,
        by: String,
        revision: u64,
        state: State,
    },
    /// Many cases changed at once (follow-ups, a large bulk): reload what is shown.
    Reload { by: String },
    /// Who is looking at a case now (user names; may include the receiver).
    Viewers { key: CaseKey, users: Vec<String> },
    /// Progress of the bulk decision (or import: rows written, total 0) of call `call`.
    BulkProgress {
        call: u64,
        done: usize,
        total: usize,
    },
    /// Events were dropped because this client read too slowly: reload everything.
    Resync,
    /// The server is stopping.
    Closing { reason: String },
    /// The connection to the server was lost (made by the client, never sent).
    Disconnected { reason: String },
}

/// Why the server did not do what was asked, in a form that maps back to
/// [`DeskError`] with the same sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub kind: ErrorKind,
    pub message: String,
    /// The same sentence in Japanese, for refusals and stale decisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
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

impl From<&DeskError> for RemoteError {
    fn from(e: &DeskError) -> Self {
        let kind = match e {
            DeskError::Refused(_) => ErrorKind::Refused,
            DeskError::NotFound(_) => ErrorKind::NotFound,
            DeskError::Invalid(_) => ErrorKind::Invalid,
            DeskError::Store(StoreError::Stale(_)) => ErrorKind::Stale,
            DeskError::Store(_) => ErrorKind::Failure,
        };
        let ja = match e {
            DeskError::Refused(s) | DeskError::Store(StoreError::Stale(s)) => Some(s.ja.clone()),
            _ => None,
        };
        RemoteError {
            kind,
            message: e.to_string(),
            ja,
        }
    }
}

impl From<RemoteError> for DeskError {
    fn from(e: RemoteError) -> Self {
        let sentence = |en: String, ja: Option<String>| {
            let ja = ja.unwrap_or_else(|| en.clone());
            crate::domain::Sentence::new(en, ja)
        };
        match e.kind {
            ErrorKind::Refused => DeskError::Refused(sentence(e.message, e.ja)),
            ErrorKind::NotFound => DeskError::NotFound(e.message),
            ErrorKind::Invalid => DeskError::Invalid(e.message),
            ErrorKind::Stale => DeskError::Store(StoreError::Stale(sentence(e.message, e.ja))),
            // StoreError::Refused shows its sentence as it is and counts as a failure.
            ErrorKind::Failure => DeskError::Store(StoreError::Refused(e.message)),
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

/// Reads one frame's body; `Closed` if the peer closed between frames.
pub fn read_body(r: &mut impl Read) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => {
                return Err(FrameError::Io(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the connection closed inside a frame",
                )));
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
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
            request: Request::Approve {
                key: CaseKey::new(Queue::Withdrawal, "W-1"),
                revision: 3,
            },
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

    #[test]
    fn errors_keep_their_kind_and_sentence() {
        let stale = crate::domain::Sentence::new(
            "W-1 was changed by tanaka at T",
            "W-1 は tanaka さんが変更しました",
        );
        let e = DeskError::Store(StoreError::Stale(stale.clone()));
        let back: DeskError = RemoteError::from(&e).into();
        assert!(matches!(&back, DeskError::Store(StoreError::Stale(s)) if *s == stale));
        assert_eq!(back.to_string(), e.to_string());
        let e = DeskError::Refused(crate::domain::Sentence::new(
            "sato is helpdesk",
            "sato さんはヘルプデスクです",
        ));
        let back: DeskError = RemoteError::from(&e).into();
        assert!(matches!(&back, DeskError::Refused(s) if s.ja == "sato さんはヘルプデスクです"));
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
