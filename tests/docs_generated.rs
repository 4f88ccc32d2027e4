//! The references in `docs/reference/` are made from the program's own
//! definitions; this test fails when one is stale. `UPDATE_DOCS=1 cargo test
//! --test docs_generated` writes them anew.

use std::path::Path;

fn guard(file: &str, made: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/reference")
        .join(file);
    if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &made).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == made,
        "docs/reference/{file} is stale: run `UPDATE_DOCS=1 cargo test --test docs_generated` and commit it"
    );
}

#[test]
fn the_cli_reference_is_made_from_clap() {
    let made = secretariat::cli::reference::cli_markdown();
    for command in [
        "`secretariat import`",
        "`secretariat export`",
        "`secretariat completions`",
        "`secretariat man`",
        "`secretariat users add`",
        "--since-head",
        "--reuse",
    ] {
        assert!(made.contains(command), "{command} is missing:\n{made}");
    }
    guard("cli.md", made);
}

#[test]
fn the_key_reference_is_made_from_the_command_table() {
    let made = secretariat::tui::reference::keys_markdown();
    for &cmd in secretariat::tui::commands::Command::ALL {
        assert!(
            made.contains(&format!("`{}`", cmd.id())),
            "{} is missing",
            cmd.id()
        );
    }
    assert!(
        made.contains("承認"),
        "the Japanese wording is missing:\n{made}"
    );
    assert!(
        secretariat::tui::reference::unbound_commands().is_empty(),
        "commands without a default key: {:?}",
        secretariat::tui::reference::unbound_commands()
    );
    guard("keys.md", made);
}

#[test]
fn completions_and_the_manual_page_are_printed_by_the_binary() {
    let bin = env!("CARGO_BIN_EXE_secretariat");
    for shell in ["bash", "zsh", "fish"] {
        let o = std::process::Command::new(bin)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = String::from_utf8_lossy(&o.stdout);
        for word in ["lookup", "backlog", "import", "since-head"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = std::process::Command::new(bin).arg("man").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH"),
        "not roff: {page}"
    );
    for word in ["secretariat", "lookup", "\\-\\-data\\-dir", "since\\-head"] {
        assert!(page.contains(word), "the manual page lacks {word}");
    }
    // Neither needs a store or a configuration.
    let o = std::process::Command::new(bin)
        .args([
            "--config",
            "/nonexistent/config.toml",
            "completions",
            "bash",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
}
