//! Failures that are neither a refusal nor the store's: the server and the
//! way to it. Data, like refusals; they become words only at the edge
//! (`i18n::trouble`), in the user's language.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How a connection to the server ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Broke {
    /// The server closed it.
    Closed,
    /// It broke: an I/O error, or a frame that could not be read.
    Broken { detail: String },
}

/// Why a server stops: told to its clients and written to its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Stopping {
    /// A user asked it to (`secretariat stop`).
    AskedBy { user: String },
    /// The command that started it ended (a single user's server).
    CommandEnded { user: String },
    /// A user needs the store to themselves (a command that opens it).
    StoreWanted { user: String },
    /// No client came for `secs` seconds (`--idle-exit`).
    Idle { secs: u64 },
    /// SIGTERM, SIGINT or SIGHUP.
    Signal,
    /// Its socket could not be watched.
    SocketUnwatchable { detail: String },
    /// A benchmark that ran it is over.
    BenchmarkOver,
}

/// Why an uploaded file was not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadProblem {
    /// The server could not write the file where uploads are kept.
    NotKept { path: PathBuf, detail: String },
    /// A frame of it was not base64.
    NotBase64,
}

/// What failed, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "trouble", rename_all = "snake_case")]
pub enum Trouble {
    /// No server answers for the store in `dir`, and none could be started.
    Unreachable { dir: PathBuf, detail: String },
    /// No server serves the store in `dir`.
    NotServing { dir: PathBuf },
    /// The server would not serve this client (another version, a user it
    /// refuses), in its words.
    Turned { dir: PathBuf, reason: String },
    /// A server started for the store stopped at once, saying why.
    Unstartable { said: String },
    /// The request could not be written to the server.
    NotSent { dir: PathBuf, detail: String },
    /// The connection was lost: before the call (`waiting` false) or while it
    /// waited for its answer (then it may have been done).
    Lost {
        dir: PathBuf,
        how: Option<Broke>,
        waiting: bool,
    },
    /// Nothing came from the server for `secs` seconds
    /// (`server.answer_timeout_secs`); the call may have been done.
    NoAnswer { dir: PathBuf, secs: u64 },
    /// The request could not be encoded.
    NotEncoded { detail: String },
    /// The server could not encode its answer.
    AnswerNotEncoded { detail: String },
    /// The other side answered with another kind of answer: the two run
    /// different versions.
    WrongAnswer { what: String },
    /// The request met an internal error in the server (logged there); the
    /// server goes on.
    Internal,
    /// The server could not keep the user's screen session.
    SessionNotKept { detail: String },
    /// A session state larger than the server keeps.
    SessionTooLarge { bytes: usize, max: usize },
    /// The server has no `server.backup_dir`, so it backs up for nobody else.
    NoBackupDir,
    /// The server's OS user cannot write the backup there.
    BackupNotWritten {
        server_user: String,
        dest: PathBuf,
        detail: String,
    },
    /// An uploaded file of an import was not kept.
    Upload {
        file: String,
        problem: UploadProblem,
    },
    /// The export could not be sent to the client.
    ExportNotSent { detail: String },
    /// The client could not write what the server exported.
    ExportNotWritten { detail: String },
    /// Another program's words, as they came (a server of an older version).
    Said(String),
}

impl Trouble {
    /// Whether the server could not be reached or the connection to it was
    /// lost (the next call connects again).
    pub fn is_lost(&self) -> bool {
        matches!(
            self,
            Trouble::Unreachable { .. }
                | Trouble::NotSent { .. }
                | Trouble::Lost { .. }
                | Trouble::NoAnswer { .. }
        )
    }
}
