//! The real binary on a store in PostgreSQL (`[store] backend = "postgres"`),
//! beside the same store in sled: the same demo data gives the same exports
//! and backlog; `check`, `audit head` and `check --since-head` work; `backup`
//! names PostgreSQL's tools instead of copying. Needs the cluster
//! `SECRETARIAT_TEST_PG` names (`scripts/pg-cluster.sh start`; `.ci/run`
//! starts one): without it the test passes with a notice, except under
//! `CI=true`, where it fails.

mod skip;

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, config: &Path, args: &[&str]) -> Output {
    run_as(dir, config, &[&["--embedded"][..], args].concat())
}

/// As [`run`], through the data dir's server (started in the background).
fn run_as(dir: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .arg("--data-dir")
        .arg(dir)
        .arg("--config")
        .arg(config)
        .arg("--as-of")
        .arg("2026-11-21")
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `out` with the time of day of every moment on the --as-of date masked:
/// the demo stamps what it does with the clock's time of day, and the two
/// stores are made a moment apart.
fn masked(out: &str) -> String {
    const DAY: &str = "2026-11-21T";
    let mut rest = out;
    let mut masked = String::with_capacity(out.len());
    while let Some(i) = rest.find(DAY) {
        masked.push_str(&rest[..i + DAY.len()]);
        rest = &rest[i + DAY.len()..];
        let time = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(rest.len());
        masked.push_str("HH:MM:SS");
        rest = &rest[time..];
    }
    masked.push_str(rest);
    masked
}

/// A database of its own in the test cluster, dropped at the end.
struct Database {
    admin: String,
    name: String,
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[test]
fn a_store_in_postgresql_answers_as_the_same_store_in_sled_does() {
    let Ok(admin) = std::env::var("SECRETARIAT_TEST_PG") else {
        skip::unavailable("SECRETARIAT_TEST_PG is not set (scripts/pg-cluster.sh start)");
        return;
    };
    let name = format!("secretariat_cli_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .unwrap();
    let _db = Database {
        admin: admin.clone(),
        name: name.clone(),
    };
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("audit.key");
    let sep = if admin.contains('?') { '&' } else { '?' };
    let url = format!("{admin}{sep}dbname={name}");
    let sled_config = tmp.path().join("sled.toml");
    std::fs::write(
        &sled_config,
        format!("[audit]\nkey_file = {:?}\n", key.display().to_string()),
    )
    .unwrap();
    let pg_config = tmp.path().join("pg.toml");
    std::fs::write(
        &pg_config,
        format!(
            "[audit]\nkey_file = {:?}\n\n[store]\nbackend = \"postgres\"\nurl = {url:?}\n",
            key.display().to_string()
        ),
    )
    .unwrap();
    let stores = [
        (tmp.path().join("sled"), sled_config),
        (tmp.path().join("pg"), pg_config),
    ];
    for (dir, config) in &stores {
        std::fs::create_dir(dir).unwrap();
        std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let o = run(
            dir,
            config,
            &["demo", "--cases", "200", "--seed", "11", "--no-tui"],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    let (pg_dir, pg_config) = &stores[1];
    assert!(
        std::fs::read_dir(pg_dir).unwrap().next().is_none(),
        "a PostgreSQL store keeps nothing in the data dir"
    );
    for args in [
        &["export", "cases"][..],
        &["export", "decisions"],
        &["export", "outbox"],
        &["backlog", "--json"],
        &["users", "list"],
        &["orgs", "list"],
    ] {
        let answers: Vec<String> = stores
            .iter()
            .map(|(dir, config)| {
                let o = run(dir, config, args);
                assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
                masked(&text(&o.stdout))
            })
            .collect();
        assert!(!answers[0].is_empty(), "{args:?}");
        assert_eq!(answers[0], answers[1], "{args:?}");
    }
    let o = run(pg_dir, pg_config, &["check"]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("the store is sound"),
        "{}",
        text(&o.stdout)
    );
    let o = run(pg_dir, pg_config, &["audit", "head"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let head = text(&o.stdout).trim().to_string();
    let o = run(pg_dir, pg_config, &["check", "--since-head", &head]);
    assert!(
        o.status.success(),
        "{} {}",
        text(&o.stdout),
        text(&o.stderr)
    );
    // Through a server started in the background on the data dir, which
    // holds nothing of the store but its socket.
    let served = run_as(pg_dir, pg_config, &["export", "cases"]);
    assert!(served.status.success(), "{}", text(&served.stderr));
    let embedded = run(pg_dir, pg_config, &["export", "cases"]);
    // The server runs the day's follow-up job when it starts, which may add
    // cases between the two exports: the cases both list are the same.
    let (served, embedded) = (text(&served.stdout), text(&embedded.stdout));
    assert!(served.lines().count() > 100, "{served}");
    let differ: Vec<(&str, &str)> = served
        .lines()
        .zip(embedded.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(differ.is_empty(), "{:?}", &differ[..differ.len().min(2)]);
    let o = run_as(pg_dir, pg_config, &["stop"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let dest = tmp.path().join("backup");
    let o = run(pg_dir, pg_config, &["backup", dest.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("pg_dump"), "{}", text(&o.stderr));
    assert!(!dest.exists());
}
