//! `export outbox | head -1` releases what left and nothing else: the one
//! notification `head` read is released, every other stays due, and the
//! command says so and fails — through a server and embedded alike.

mod server_support;

use secretariat::desk::CaseKey;
use secretariat::domain::Queue;
use server_support::*;
use std::path::Path;
use std::process::Command;

/// Notifications due at once.
fn config(tmp: &Path) -> String {
    let cfg = tmp.join("config.toml");
    std::fs::write(&cfg, "[rules]\nrelease_delay_secs = 0\n").unwrap();
    cfg.to_str().unwrap().to_string()
}

/// (released, pending) notifications, as `export outbox --all` lists them.
fn statuses(dir: &Path, cfg: &str, embedded: bool) -> (usize, usize) {
    let mut args = vec!["--config", cfg, "export", "outbox", "--all"];
    if embedded {
        args.insert(0, "--embedded");
    }
    let (code, out, err) = run(dir, &args);
    assert_eq!(code, Some(0), "{err}");
    let status = |s: &str| {
        out.lines()
            .filter(|l| l.contains(&format!("\"status\":\"{s}\"")))
            .count()
    };
    (status("released"), status("pending"))
}

/// `secretariat export outbox | head -1` in bash: (what head printed, the
/// exit status of secretariat, its stderr).
fn export_into_head(dir: &Path, cfg: &str, embedded: bool) -> (String, i32, String) {
    let bin = env!("CARGO_BIN_EXE_secretariat");
    let err = dir.with_extension("stderr");
    let script = format!(
        "set -o pipefail; '{bin}' --data-dir '{}' --as-of {AS_OF} --config '{cfg}' {} export outbox 2>'{}' | head -1",
        dir.display(),
        if embedded { "--embedded" } else { "" },
        err.display()
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code().unwrap_or(-1),
        std::fs::read_to_string(&err).unwrap_or_default(),
    )
}

fn assert_one_left(printed: &str, code: i32, err: &str) {
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert!(printed.contains("\"status\""), "{printed}");
    assert_ne!(code, 0, "a closed output is not a success: {err}");
    assert!(
        err.contains("the output closed after 1 notification(s)"),
        "{err}"
    );
    assert!(err.contains("stay due"), "{err}");
}

#[test]
fn a_closed_pipe_releases_only_what_was_read_through_a_server_and_embedded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let cfg = config(tmp.path());
    // Imported under the same rules: the directors' arrival mails are due at once too.
    store_with(&dir, 300, &["--config", &cfg]);
    let total = 200;
    {
        let _server = ServerProc::start_with(&dir, &["--config", &cfg]);
        let me = remote(&dir);
        let keys: Vec<CaseKey> = (0..total)
            .map(|i| CaseKey::new(Queue::Withdrawal, wref(i)))
            .collect();
        let report: BulkReport = me
            .ask(Request::Bulk {
                keys,
                action: secretariat::desk::BulkAction::Return {
                    reason: "書類が不足しています".into(),
                },
            })
            .unwrap();
        assert_eq!(report.done, total, "{:?}", report.refused.first());
        drop(me);
        let (released, pending) = statuses(&dir, &cfg, false);
        assert_eq!(released, 0);
        assert!(pending >= total, "{pending} notifications");

        let (printed, code, err) = export_into_head(&dir, &cfg, false);
        assert_one_left(&printed, code, &err);
        assert_eq!(
            statuses(&dir, &cfg, false),
            (1, pending - 1),
            "through the server: only what head read is released"
        );
        let (code, _, err) = run(&dir, &["stop"]);
        assert_eq!(code, Some(0), "{err}");
    }
    let (_, pending) = statuses(&dir, &cfg, true);
    let (printed, code, err) = export_into_head(&dir, &cfg, true);
    assert_one_left(&printed, code, &err);
    assert_eq!(
        statuses(&dir, &cfg, true),
        (2, pending - 1),
        "embedded: only what head read is released"
    );
    // The rest leave whole with the next hand-out, each once.
    let (code, out, err) = run(&dir, &["--embedded", "--config", &cfg, "export", "outbox"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), pending - 1);
    assert_eq!(statuses(&dir, &cfg, true), (pending + 1, 0));
}
