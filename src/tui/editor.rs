//! `Ctrl-E`: a long text written in the user's `$VISUAL` or `$EDITOR` (else
//! `vi`). The screen is left for the editor and entered again after it; the
//! text comes back only when the editor exits successfully.

use std::io::Write;

/// Edits `text` in the user's editor; None when no editor ran or it failed.
pub fn edit(text: &str) -> Option<String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut file = tempfile::Builder::new()
        .prefix("secretariat-note-")
        .suffix(".txt")
        .tempfile()
        .ok()?;
    file.write_all(text.as_bytes()).ok()?;
    file.flush().ok()?;
    // The editor may be a command with arguments (`code --wait`).
    let mut words = editor.split_whitespace();
    let program = words.next()?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    std::fs::read_to_string(file.path()).ok()
}
