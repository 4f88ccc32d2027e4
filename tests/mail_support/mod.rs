//! Helpers of tests/mail.rs: the aiosmtpd relay process, and stores of
//! transfers decided at chosen times with a config pointing at the relay.
#![allow(dead_code)]

use secretariat::clock::Clock;
use secretariat::desk::{CaseKey, Desk, DeskSettings};
use secretariat::domain::config::RulesConfig;
use secretariat::domain::time::ymd;
use secretariat::domain::{
    Case, CaseBody, DeliveryState, OutboxMessage, Person, Queue, RegistrationNumber, State,
    Subject, Transfer, TransferKind,
};
use secretariat::store::RegistryWrite;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const RELEASE_DELAY: i64 = 120;

pub fn aiosmtpd_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        crate::skip::unavailable(
            "python3 with aiosmtpd is not installed (pip install aiosmtpd); the SMTP tests need the real relay",
        );
    }
    ok
}

/// The relay process and the directory it writes received messages to.
pub struct Relay {
    child: Child,
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Relay {
    pub fn start(delay_ms: u64) -> Relay {
        Relay::start_with(delay_ms, &[])
    }

    pub fn start_with(delay_ms: u64, extra: &[&str]) -> Relay {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_relay.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .arg("--delay-ms")
            .arg(delay_ms.to_string())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the relay did not start: {line:?}"));
        Relay { child, dir, port }
    }

    /// The answers of the next DATA commands (`451`, `550`, `drop` at the end
    /// of DATA, `drop-in-body` part-way through the message).
    pub fn script(&self, answers: &[&str]) {
        let mut text = answers.join("\n");
        text.push('\n');
        std::fs::write(self.dir.path().join("script"), text).unwrap();
    }

    /// Every message accepted so far, in arrival order.
    pub fn received(&self) -> Vec<Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// The connections dropped part-way through a message (`drop-in-body`):
    /// what the relay had read of each (`bytes`, `body_bytes`, `dot`,
    /// `message_id`).
    pub fn cuts(&self) -> Vec<Value> {
        match std::fs::read_to_string(self.dir.path().join("cuts.jsonl")) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A store of transfers decided at chosen times, with a config for the relay.
pub struct Store {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

pub fn settings() -> DeskSettings {
    DeskSettings {
        rules: RulesConfig {
            release_delay_secs: RELEASE_DELAY,
            ..RulesConfig::default()
        },
        notify_in_japanese: true,
        // The binary serves these stores too: the same key as it reads.
        audit_key: secretariat::audit_key::owner_key(None).unwrap(),
        ..DeskSettings::default()
    }
}

pub fn regno(i: usize) -> String {
    format!("{}", 1_100_000 + i)
}

pub fn transfer(i: usize) -> Case {
    let r = RegistrationNumber::parse(&regno(i)).unwrap();
    let received = secretariat::domain::time::at(ymd(2026, 11, 2), 9, 30);
    Case {
        reference: format!("T-2026-{i:04}"),
        queue: Queue::Transfer,
        state: State::Submitted,
        subject: Subject::Person(r.clone()),
        subject_name: String::new(),
        subject_kana: None,
        received_at: received,
        due: None,
        assignee: None,
        revision: 0,
        updated_at: received,
        updated_by: "import".into(),
        body: CaseBody::Transfer(Transfer {
            registration_number: r,
            kind: TransferKind::CategoryChange,
            from_association: "仙台市医師会".into(),
            requested_category: "A②(B)".into(),
            to_association: None,
            to_prefecture: None,
            to_district: None,
            current_category: Some("B".into()),
            facility: None,
            facility_duty: Some("勤務医".into()),
            reason: Some("開業のため".into()),
        }),
        notes: Vec::new(),
        history: Vec::new(),
    }
}

/// What to decide: `released` transfers approved ten minutes ago (their undo
/// window is over), `recent` approved just now, `undone` approved and undone.
#[derive(Default, Clone, Copy)]
pub struct Plan {
    pub released: usize,
    pub recent: usize,
    pub undone: usize,
    /// Released, to people with no address on file.
    pub unaddressed: usize,
}

pub fn build(relay: &Relay, plan: Plan, mail_extra: &str) -> Store {
    let dir = tempfile::tempdir().unwrap();
    let addressed = plan.released + plan.recent + plan.undone;
    let n = addressed + plan.unaddressed;
    {
        // The store lives below the config file, which sled must not see.
        let desk = Desk::open(&dir.path().join("store"), "sato", settings()).unwrap();
        let sato = desk.actor("sato").unwrap();
        let now = Clock::default().now();
        // The binary acts as the user running the tests.
        let me = secretariat::cli::os_user();
        if me != "sato" {
            desk.add_user(&sato, &me, secretariat::domain::Role::Supervisor, now)
                .unwrap();
        }
        let people: Vec<RegistryWrite> = (0..n)
            .map(|i| {
                RegistryWrite::Person(Person {
                    registration_number: RegistrationNumber::parse(&regno(i)).unwrap(),
                    name: format!("髙橋 美咲{i}"),
                    name_kana: Some("たかはし みさき".into()),
                    birth_date: ymd(1995, 4, 2),
                    email: (i < addressed).then(|| format!("member{i}@example.jp")),
                    regional_quota: false,
                    training_periods: Vec::new(),
                })
            })
            .collect();
        desk.load_records(&sato, people, (0..n).map(transfer).collect(), now)
            .unwrap();
        for i in 0..n {
            let key = CaseKey::new(Queue::Transfer, format!("T-2026-{i:04}"));
            let rev = desk.detail(&key, now.date_naive()).unwrap().case.revision;
            let at = if i < plan.released || i >= addressed {
                now - chrono::Duration::minutes(10)
            } else {
                now
            };
            desk.approve(&sato, &key, rev, at).unwrap();
            if i >= plan.released + plan.recent && i < addressed {
                desk.undo(&sato, at + chrono::Duration::seconds(1)).unwrap();
            }
        }
    }
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[rules]\nrelease_delay_secs = {RELEASE_DELAY}\n\n[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\n{}from = \"仙台市医師会 事務局 <jimukyoku@example.jp>\"\nreply_to = \"問い合わせ窓口 <toiawase@example.jp>\"\nenvelope_from = \"bounces@example.jp\"\nretry = [\"0s\", \"0s\", \"0s\"]\ntimeout_secs = 5\n{mail_extra}\n",
            relay.port,
            if mail_extra.contains("tls =") {
                ""
            } else {
                "tls = \"none\"\n"
            }
        ),
    )
    .unwrap();
    Store { dir, config }
}

impl Store {
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_secretariat"));
        c.arg("--data-dir")
            .arg(self.dir.path().join("store"))
            .arg("--config")
            .arg(&self.config)
            .arg("--embedded")
            .args(args)
            .env("LANG", "C.UTF-8");
        c
    }

    /// Runs the binary; like `desk`, waits out a lock held for a moment by a
    /// child forked for another test.
    pub fn run(&self, args: &[&str]) -> Output {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let out = self.cmd(args).output().unwrap();
            let locked = String::from_utf8_lossy(&out.stderr)
                .contains("is open in another secretariat process");
            if !locked || std::time::Instant::now() >= deadline {
                return out;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Opens the store in this process. A child that the test harness forked
    /// for another test can hold the store's lock for a moment before it
    /// execs, so a lock found held is waited for a little.
    pub fn desk(&self) -> Desk {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match Desk::open(&self.dir.path().join("store"), "sato", settings()) {
                Err(secretariat::desk::DeskError::Store(e))
                    if e.is_locked() && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other.unwrap(),
            }
        }
    }

    pub fn outbox(&self) -> Vec<OutboxMessage> {
        let desk = self.desk();
        let sato = desk.actor("sato").unwrap();
        desk.outbox(&sato).unwrap()
    }

    pub fn delivery_states(&self) -> HashMap<u64, DeliveryState> {
        let desk = self.desk();
        let sato = desk.actor("sato").unwrap();
        desk.outbox(&sato)
            .unwrap()
            .iter()
            .filter_map(|m| desk.delivery(&sato, m.id).unwrap().map(|d| (m.id, d.state)))
            .collect()
    }
}

pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn message_id_of(store: &Store, outbox_id: u64) -> String {
    let desk = store.desk();
    let sato = desk.actor("sato").unwrap();
    desk.delivery(&sato, outbox_id).unwrap().unwrap().message_id
}

/// Checks each received message against the outbox message it came from.
pub fn assert_matches(got: &Value, m: &OutboxMessage, message_id: &str) {
    assert_eq!(got["rcpt_tos"], serde_json::json!([m.recipient]), "{got}");
    assert_eq!(got["to"], m.recipient.as_str());
    assert_eq!(got["mail_from"], "bounces@example.jp");
    assert_eq!(got["subject"], m.subject.as_str());
    assert!(
        got["subject_raw"].as_str().unwrap().contains("=?utf-8?"),
        "the subject is not RFC 2047 encoded: {got}"
    );
    assert!(
        got["from"]
            .as_str()
            .unwrap()
            .contains("仙台市医師会 事務局")
    );
    assert!(
        got["reply_to"]
            .as_str()
            .unwrap()
            .contains("toiawase@example.jp")
    );
    assert_eq!(got["charset"], "utf-8");
    let cte = got["transfer_encoding"].as_str().unwrap();
    assert!(
        cte == "quoted-printable" || cte == "base64",
        "body encoding {cte}"
    );
    assert_eq!(got["raw_ascii"], true, "8-bit bytes on the wire");
    let body = got["body"].as_str().unwrap().replace("\r\n", "\n");
    assert_eq!(body.trim_end(), m.body.trim_end());
    assert_eq!(got["message_id"], message_id);
}

/// A test CA and a certificate it signed for 127.0.0.1, made with openssl.
pub fn certificates(dir: &Path) -> Option<(PathBuf, PathBuf, PathBuf)> {
    let run = |args: &[&str]| {
        Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .ok()?;
    let ok = run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Secretariat Test CA",
    ]) && run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "relay.key",
        "-out",
        "relay.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]) && run(&[
        "x509",
        "-req",
        "-in",
        "relay.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "relay.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    if !ok {
        crate::skip::unavailable("openssl could not make certificates for the TLS relay test");
        return None;
    }
    Some((
        dir.join("ca.pem"),
        dir.join("relay.pem"),
        dir.join("relay.key"),
    ))
}
