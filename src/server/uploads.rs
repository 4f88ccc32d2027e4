//! The files a client uploads for its next import: only for a user who may
//! import, checked before any file is made; bounded in files and bytes per
//! connection and per user, and refused when they would leave the disk
//! below its reserve. No file is held open between frames.

use super::limits::{UploadLedger, free_bytes, mib};
use super::protocol::base64_decode;
use super::serve::{Client, Shared, lock};
use crate::desk::trouble::UploadProblem;
use crate::domain::refusal::{Bounded, Refusal};
use crate::domain::{Permission, Role};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// One file being uploaded: where its bytes go, how many came, or why they
/// could not be kept.
pub(crate) struct Upload {
    pub path: PathBuf,
    pub bytes: u64,
    pub failed: Option<UploadProblem>,
}

/// Uploaded files, removed (and given back to the user's count) when taken
/// by an import and done with, or when the client leaves.
pub(crate) struct Uploads {
    ledger: Arc<UploadLedger>,
    uid: u32,
    pub files: HashMap<u64, Upload>,
    /// Why this connection's uploads were refused, told to its next import.
    pub refused: Option<Refusal>,
}

impl Uploads {
    pub fn new(ledger: Arc<UploadLedger>, uid: u32) -> Uploads {
        Uploads {
            ledger,
            uid,
            files: HashMap::new(),
            refused: None,
        }
    }

    /// An empty set counted against the same user (for the files an import takes).
    pub fn sibling(&self) -> Uploads {
        Uploads::new(self.ledger.clone(), self.uid)
    }

    /// Keeps a file made for an import (no bytes of it came), counted
    /// against the user like the others.
    pub fn insert_counted(&mut self, id: u64, upload: Upload) {
        // Not bounded: the import that makes it is bounded in files.
        let _ = self.ledger.add_file(self.uid, usize::MAX);
        if let Some(old) = self.files.insert(id, upload) {
            self.ledger.sub(self.uid, old.bytes);
        }
    }

    /// Bytes held on this connection.
    fn bytes(&self) -> u64 {
        self.files.values().map(|u| u.bytes).sum()
    }

    /// Removes every file and notes why.
    fn refuse(&mut self, why: Refusal) {
        self.discard();
        self.refused = Some(why);
    }

    fn discard(&mut self) {
        for (_, u) in self.files.drain() {
            let _ = std::fs::remove_file(&u.path);
            self.ledger.sub(self.uid, u.bytes);
        }
    }
}

impl Drop for Uploads {
    fn drop(&mut self) {
        self.discard();
    }
}

/// Where a client's uploads are kept: `DIR/uploads/`.
pub(crate) fn upload_path(shared: &Shared, client: &Client, upload: u64) -> PathBuf {
    shared.desk.data_dir().join("uploads").join(format!(
        "{}-{}-{upload}.part",
        std::process::id(),
        client.id
    ))
}

/// Appends the bytes of an upload frame to its file. A refusal or a fault is
/// kept and told when the import asks for the file.
pub(crate) fn receive(shared: &Shared, client: &Client, upload: u64, data: &str) {
    let mut uploads = lock(&client.uploads);
    if uploads.refused.is_some() {
        return;
    }
    if !uploads.files.contains_key(&upload) {
        if let Err(why) = may_upload(shared, client, uploads.files.len()) {
            tracing::warn!(client = client.id, user = %client.user, upload, refusal = %why, "an upload was refused");
            uploads.refuse(why);
            return;
        }
        let path = upload_path(shared, client, upload);
        let made = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::File::create(&path).map(drop));
        let failed = made.err().map(|e| UploadProblem::NotKept {
            path: path.clone(),
            detail: e.to_string(),
        });
        uploads.files.insert(
            upload,
            Upload {
                path,
                bytes: 0,
                failed,
            },
        );
    }
    let Some(bytes) = base64_decode(data) else {
        fail(&mut uploads, client, upload, UploadProblem::NotBase64);
        return;
    };
    let n = bytes.len() as u64;
    if let Err(why) = room_for(shared, client, &uploads, n) {
        tracing::warn!(client = client.id, user = %client.user, upload, refusal = %why, "an upload was refused");
        uploads.refuse(why);
        return;
    }
    let Some(u) = uploads.files.get_mut(&upload) else {
        return;
    };
    if u.failed.is_some() {
        return;
    }
    let written = std::fs::OpenOptions::new()
        .append(true)
        .open(&u.path)
        .and_then(|mut f| f.write_all(&bytes));
    match written {
        Ok(()) => {
            u.bytes += n;
        }
        Err(e) => {
            // Counted as kept until the file is removed, as the ledger was told.
            u.bytes += n;
            let why = UploadProblem::NotKept {
                path: u.path.clone(),
                detail: e.to_string(),
            };
            fail(&mut uploads, client, upload, why);
        }
    }
}

fn fail(uploads: &mut Uploads, client: &Client, upload: u64, why: UploadProblem) {
    tracing::warn!(client = client.id, upload, error = ?why, "an upload failed");
    if let Some(u) = uploads.files.get_mut(&upload) {
        u.failed.get_or_insert(why);
    }
}

/// Whether the client's user may start one more upload on this connection.
fn may_upload(shared: &Shared, client: &Client, files: usize) -> Result<(), Refusal> {
    let role = shared
        .desk
        .actor(&client.user)
        .map(|a| a.role)
        .unwrap_or(Role::Helpdesk);
    if !role.may(Permission::Import) {
        return Err(Refusal::Permission {
            user: client.user.clone(),
            role,
            permission: Permission::Import,
        });
    }
    let max = shared.limits.upload_files;
    if files >= max {
        return Err(Refusal::TooMany {
            what: Bounded::UploadFiles,
            count: files + 1,
            max,
        });
    }
    // Counted last: the file is made right after.
    let max = shared.limits.upload_files_per_user;
    shared
        .uploads
        .add_file(client.uid, max)
        .map_err(|count| Refusal::TooMany {
            what: Bounded::UploadFilesPerUser,
            count,
            max,
        })
}

/// Counts `n` more bytes against the connection, the user and the disk.
fn room_for(shared: &Shared, client: &Client, uploads: &Uploads, n: u64) -> Result<(), Refusal> {
    let limits = &shared.limits;
    let mine = uploads.bytes().saturating_add(n);
    if mine > limits.upload_bytes {
        return Err(Refusal::TooMany {
            what: Bounded::UploadMib,
            count: mib(mine) as usize,
            max: mib(limits.upload_bytes) as usize,
        });
    }
    let dir = shared.desk.data_dir();
    if let Some(free) = free_bytes(dir) {
        if free < n.saturating_add(limits.disk_reserve) {
            return Err(Refusal::LowDisk {
                free_mib: free / (1024 * 1024),
                reserve_mib: mib(limits.disk_reserve),
            });
        }
    }
    shared
        .uploads
        .add(client.uid, n, limits.upload_bytes_per_user)
        .map_err(|would| Refusal::TooMany {
            what: Bounded::UploadMibPerUser,
            count: mib(would) as usize,
            max: mib(limits.upload_bytes_per_user) as usize,
        })
}
