//! Screen state kept per user, so that a TUI whose SSH connection dropped comes
//! back where it was. The server holds it in memory and in
//! `<data-dir>/sessions/<user>.json` (written atomically), so it also survives
//! a restart of the server. The state is opaque here: the TUI decides its shape.

use crate::desk::trouble::Trouble;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The largest session state kept for one user (1 MiB of JSON).
pub const MAX_SESSION: usize = 1024 * 1024;

/// Every user's saved screen state.
pub struct Sessions {
    dir: PathBuf,
    memory: Mutex<HashMap<String, serde_json::Value>>,
}

/// A user name as a file name: ASCII letters, digits, `_` and `-` kept, the rest
/// escaped, so no name can leave the sessions directory.
fn file_name(user: &str) -> String {
    let mut out = String::with_capacity(user.len() + 5);
    for b in user.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str(".json");
    out
}

impl Sessions {
    /// Sessions kept under `data_dir/sessions`.
    pub fn new(data_dir: &Path) -> Sessions {
        Sessions {
            dir: data_dir.join("sessions"),
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// The user's last saved state, if any (an unreadable file counts as none).
    pub fn load(&self, user: &str) -> Option<serde_json::Value> {
        let mut mem = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = mem.get(user) {
            return Some(v.clone());
        }
        let text = std::fs::read(self.dir.join(file_name(user))).ok()?;
        let v: serde_json::Value = serde_json::from_slice(&text).ok()?;
        mem.insert(user.to_string(), v.clone());
        Some(v)
    }

    /// Keeps the user's state in memory and on disk.
    pub fn save(&self, user: &str, state: serde_json::Value) -> Result<(), Trouble> {
        let not_kept = |e: &dyn std::fmt::Display| Trouble::SessionNotKept {
            detail: e.to_string(),
        };
        let text = serde_json::to_vec(&state).map_err(|e| not_kept(&e))?;
        if text.len() > MAX_SESSION {
            return Err(Trouble::SessionTooLarge {
                bytes: text.len(),
                max: MAX_SESSION,
            });
        }
        let mut mem = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        mem.insert(user.to_string(), state);
        // Written under the lock so that two saves of one user cannot interleave.
        std::fs::create_dir_all(&self.dir).map_err(|e| not_kept(&e))?;
        let path = self.dir.join(file_name(user));
        let tmp = self.dir.join(format!(".{}.tmp", file_name(user)));
        std::fs::write(&tmp, &text).map_err(|e| not_kept(&e))?;
        std::fs::rename(&tmp, &path).map_err(|e| not_kept(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_survive_a_new_instance_and_names_stay_inside() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Sessions::new(tmp.path());
        assert_eq!(s.load("tanaka"), None);
        s.save(
            "tanaka",
            serde_json::json!({"queue": 2, "reason": "書類不足"}),
        )
        .unwrap();
        s.save("../evil", serde_json::json!(1)).unwrap();
        let again = Sessions::new(tmp.path());
        assert_eq!(
            again.load("tanaka"),
            Some(serde_json::json!({"queue": 2, "reason": "書類不足"}))
        );
        assert_eq!(again.load("../evil"), Some(serde_json::json!(1)));
        assert!(tmp.path().join("sessions/%2E%2E%2Fevil.json").exists());
        let big = serde_json::Value::String("x".repeat(MAX_SESSION + 1));
        assert!(s.save("tanaka", big).is_err());
    }
}
