//! The outbox delivered over SMTP to a real relay (aiosmtpd, started here on
//! 127.0.0.1 by tests/smtp_relay.py): arrival exactly once with the right
//! recipient, encoded subject and body; retries after 451 and a dropped
//! connection (part-way through the body, or after the final dot); 550
//! failures; SIGKILL of the sender; the undo window.
//! Skips with a notice when python3 with aiosmtpd is not installed
//! (`.ci/run` installs it).

mod mail_support;
mod skip;

use mail_support::*;
use secretariat::clock::Clock;
use secretariat::desk::CaseKey;
use secretariat::domain::{DeliveryState, OutboxStatus, Queue};
use serde_json::Value;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn released_messages_arrive_once_and_the_undo_window_holds() {
    if !aiosmtpd_available() {
        return;
    }
    let started = Instant::now();
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 5,
            recent: 2,
            undone: 2,
            unaddressed: 0,
        },
        "",
    );
    let outbox = store.outbox();
    assert_eq!(outbox.len(), 9);
    let dry = store.run(&["mail", "send", "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("5 would be sent"));
    assert!(relay.received().is_empty());

    let out = store.run(&["mail", "send"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("5 sent, 0 to retry, 0 failed"),
        "{}",
        text(&out)
    );
    let got = relay.received();
    assert_eq!(got.len(), 5);
    for (g, m) in got.iter().zip(&outbox[..5]) {
        assert_matches(g, m, &message_id_of(&store, m.id));
    }
    // Sending again sends nothing new.
    let again = store.run(&["mail", "send"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 sent"));
    assert_eq!(relay.received().len(), 5);

    // A day later the undo window of the recent ones is over; the undone never go.
    let tomorrow = (Clock::default().today() + chrono::Duration::days(1)).to_string();
    let later = store.run(&["--as-of", &tomorrow, "mail", "send"]);
    assert!(later.status.success(), "{}", text(&later));
    let got = relay.received();
    assert_eq!(got.len(), 7, "{}", text(&later));
    for (g, m) in got[5..].iter().zip(&outbox[5..7]) {
        assert_matches(g, m, &message_id_of(&store, m.id));
    }
    let outbox = store.outbox();
    assert!(
        outbox[7..]
            .iter()
            .all(|m| m.status == OutboxStatus::Cancelled)
    );
    let states = store.delivery_states();
    assert_eq!(states.len(), 7);
    assert!(states.values().all(|s| *s == DeliveryState::Sent));

    // The case's detail carries the delivery; the audit chain names each step.
    let desk = store.desk();
    let key = CaseKey::new(Queue::Transfer, "T-2026-0000");
    let d = desk.detail(&key, Clock::default().today()).unwrap();
    assert_eq!(d.deliveries.len(), 1);
    assert_eq!(d.deliveries[0].state, DeliveryState::Sent);
    assert!(
        d.deliveries[0]
            .answer
            .as_deref()
            .unwrap()
            .starts_with("250")
    );
    let sato = desk.actor("sato").unwrap();
    let actions: Vec<String> = desk
        .export_audit(&sato)
        .unwrap()
        .map(|r| r.unwrap().action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "mail.sent").count(), 7);
    assert!(actions.iter().any(|a| a == "mail.queue"));
    drop(desk);
    // With a relay configured, `export outbox` does not take messages from it.
    let export = store.run(&["export", "outbox"]);
    assert_eq!(export.status.code(), Some(2), "{}", text(&export));
    let all = store.run(&["export", "outbox", "--all"]);
    assert_eq!(String::from_utf8_lossy(&all.stdout).lines().count(), 9);
    let check = store.run(&["check"]);
    assert!(check.status.success(), "{}", text(&check));
    eprintln!("arrival test: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn temporary_refusals_are_retried_and_permanent_ones_fail() {
    if !aiosmtpd_available() {
        return;
    }
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 3,
            unaddressed: 1,
            ..Plan::default()
        },
        "",
    );
    let outbox = store.outbox();
    // First message: 451 then 250. Second: 550. Third: accepted. Fourth: no address.
    relay.script(&["451", "550"]);
    let first = store.run(&["mail", "send"]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("1 sent, 1 to retry, 2 failed"),
        "{}",
        text(&first)
    );
    let states = store.delivery_states();
    assert_eq!(states[&outbox[0].id], DeliveryState::Queued);
    assert_eq!(states[&outbox[1].id], DeliveryState::Failed);
    assert_eq!(states[&outbox[2].id], DeliveryState::Sent);
    assert_eq!(states[&outbox[3].id], DeliveryState::Failed);

    let second = store.run(&["mail", "send"]);
    assert!(second.status.success(), "{}", text(&second));
    let got = relay.received();
    assert_eq!(got.len(), 2);
    let ids: Vec<&str> = got
        .iter()
        .map(|g| g["message_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&message_id_of(&store, outbox[0].id).as_str()));
    assert!(!ids.contains(&message_id_of(&store, outbox[1].id).as_str()));

    // The failure keeps the relay's answer, for the list and the export.
    let failed = store.run(&["mail", "failed"]);
    let listed = String::from_utf8_lossy(&failed.stdout).to_string();
    assert!(listed.contains("550 5.1.1 Mailbox unavailable"), "{listed}");
    let export = store.run(&["export", "outbox", "--failed"]);
    assert!(export.status.success(), "{}", text(&export));
    let lines: Vec<Value> = String::from_utf8_lossy(&export.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["answer"], "no address on file");
    assert_eq!(lines[0]["id"], outbox[1].id);
    assert_eq!(lines[0]["delivery"], "failed");
    assert!(
        lines[0]["answer"]
            .as_str()
            .unwrap()
            .contains("550 5.1.1 Mailbox unavailable")
    );

    // A supervisor retries it: it goes once, with the same Message-ID.
    let id = outbox[1].id.to_string();
    let retry = store.run(&["mail", "retry", &id]);
    assert!(retry.status.success(), "{}", text(&retry));
    let third = store.run(&["mail", "send"]);
    assert!(third.status.success(), "{}", text(&third));
    let got = relay.received();
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[2]["message_id"].as_str().unwrap(),
        message_id_of(&store, outbox[1].id)
    );
    // Cancelling a sent message is refused; retrying one never queued too.
    let cancel = store.run(&["mail", "cancel", &id]);
    assert!(!cancel.status.success(), "{}", text(&cancel));
}

#[test]
fn the_outbox_export_says_where_each_notification_stands_with_the_relay() {
    if !aiosmtpd_available() {
        return;
    }
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 5,
            recent: 1,
            undone: 1,
            ..Plan::default()
        },
        "",
    );
    let outbox = store.outbox();
    // 451 (queued again), 550 (failed), 451 (then cancelled), two accepted.
    relay.script(&["451", "550", "451"]);
    let send = store.run(&["mail", "send"]);
    assert!(send.status.success(), "{}", text(&send));
    let cancel = store.run(&["mail", "cancel", &outbox[2].id.to_string()]);
    assert!(cancel.status.success(), "{}", text(&cancel));
    let me = secretariat::cli::os_user();

    let jsonl = store.run(&["export", "outbox", "--all"]);
    assert!(jsonl.status.success(), "{}", text(&jsonl));
    let rows: HashMap<u64, Value> = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].as_u64().unwrap(), v))
        .collect();
    assert_eq!(rows.len(), 7);
    let row = |i: usize| &rows[&outbox[i].id];
    // Queued again after 451: the answer, the attempt, when it is tried next.
    assert_eq!(row(0)["delivery"], "queued");
    assert_eq!(row(0)["attempts"], 1);
    assert_eq!(row(0)["answer"], "451 4.3.0 Try again later");
    assert!(row(0)["next_attempt_at"].is_string(), "{}", row(0));
    assert!(row(0)["sent_at"].is_null());
    // Failed, with the reason.
    assert_eq!(row(1)["delivery"], "failed");
    assert_eq!(row(1)["answer"], "550 5.1.1 Mailbox unavailable");
    // Cancelled, by whom.
    assert_eq!(row(2)["delivery"], "cancelled");
    assert_eq!(row(2)["changed_by"], me.as_str());
    // Sent at T, with the relay's answer.
    for i in [3, 4] {
        assert_eq!(row(i)["delivery"], "sent");
        assert!(row(i)["sent_at"].is_string(), "{}", row(i));
        assert!(
            row(i)["answer"]
                .as_str()
                .unwrap()
                .starts_with("250 2.0.0 Ok: queued as"),
            "{}",
            row(i)
        );
        assert!(
            row(i)["message_id"]
                .as_str()
                .unwrap()
                .starts_with(&format!("<outbox-{}.", outbox[i].id))
        );
    }
    // Still in its undo window, and undone: never handed to the relay.
    assert_eq!(row(5)["status"], "pending");
    assert!(row(5)["delivery"].is_null());
    assert_eq!(row(6)["status"], "cancelled");
    assert!(row(6)["delivery"].is_null());

    // The CSV carries the same columns.
    let csv = store.run(&["export", "outbox", "--all", "--format", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv));
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for c in [
        "delivery",
        "answer",
        "sent_at",
        "next_attempt_at",
        "changed_by",
    ] {
        assert!(header.iter().any(|h| h == c), "{c} in {header:?}");
    }
    let at = |c: &str| header.iter().position(|h| h == c).unwrap();
    let states: HashMap<String, String> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[at("id")].to_string(), r[at("delivery")].to_string()))
        .collect();
    assert_eq!(states[&outbox[0].id.to_string()], "queued");
    assert_eq!(states[&outbox[1].id.to_string()], "failed");
    assert_eq!(states[&outbox[2].id.to_string()], "cancelled");
    assert_eq!(states[&outbox[3].id.to_string()], "sent");
    assert_eq!(states[&outbox[5].id.to_string()], "");
}

/// Two released messages; the relay drops the connection on the first
/// message's DATA as `mode` says. The pass stops early with nothing kept; the
/// next sends both, each once, with the Message-IDs of the outbox; a third
/// sends nothing more.
fn dropped_then_sent_again(mode: &str) -> (Relay, Store) {
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 2,
            ..Plan::default()
        },
        "",
    );
    let outbox = store.outbox();
    relay.script(&[mode]);
    let first = store.run(&["mail", "send"]);
    // The pass stops at a lost connection and says so.
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("stopped early"));
    assert!(relay.received().is_empty());
    let second = store.run(&["mail", "send"]);
    assert!(second.status.success(), "{}", text(&second));
    let got = relay.received();
    assert_eq!(got.len(), 2);
    let mut ids: Vec<String> = got
        .iter()
        .map(|g| g["message_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut want: Vec<String> = outbox.iter().map(|m| message_id_of(&store, m.id)).collect();
    want.sort();
    assert_eq!(ids, want);
    let desk = store.desk();
    let sato = desk.actor("sato").unwrap();
    let d = desk.delivery(&sato, outbox[0].id).unwrap().unwrap();
    assert_eq!(d.state, DeliveryState::Sent);
    assert_eq!(d.attempts, 1, "one lost attempt before the one accepted");
    drop(desk);
    let third = store.run(&["mail", "send"]);
    assert!(third.status.success(), "{}", text(&third));
    assert_eq!(relay.received().len(), 2, "nothing is sent twice");
    (relay, store)
}

#[test]
fn a_connection_dropped_in_data_is_retried_and_arrives_once() {
    if !aiosmtpd_available() {
        return;
    }
    // Dropped after the whole message and its final dot, before the answer.
    let (relay, _store) = dropped_then_sent_again("drop");
    assert!(relay.cuts().is_empty());
}

#[test]
fn a_connection_dropped_part_way_through_the_body_is_retried_and_arrives_once() {
    if !aiosmtpd_available() {
        return;
    }
    let (relay, store) = dropped_then_sent_again("drop-in-body");
    // The relay had the headers and some of the body, never the final dot.
    let cuts = relay.cuts();
    assert_eq!(cuts.len(), 1, "{cuts:?}");
    let cut = &cuts[0];
    assert!(cut["body_bytes"].as_u64().is_some_and(|n| n > 0), "{cut}");
    assert_eq!(cut["dot"], false, "{cut}");
    let id = cut["message_id"]
        .as_str()
        .expect("the cut message's Message-ID");
    // The message cut off arrived once, under the same Message-ID.
    let got = relay.received();
    assert_eq!(got.iter().filter(|g| g["message_id"] == id).count(), 1);
    let m = store
        .outbox()
        .into_iter()
        .find(|m| message_id_of(&store, m.id) == id)
        .expect("the cut message is in the outbox");
    let arrived = got.iter().find(|g| g["message_id"] == id).unwrap();
    assert_matches(arrived, &m, id);
    let desk = store.desk();
    let sato = desk.actor("sato").unwrap();
    let d = desk.delivery(&sato, m.id).unwrap().unwrap();
    assert_eq!((d.state, d.attempts), (DeliveryState::Sent, 1));
}

#[test]
fn a_spent_retry_schedule_fails_the_message() {
    if !aiosmtpd_available() {
        return;
    }
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 1,
            ..Plan::default()
        },
        "",
    );
    relay.script(&["451", "451", "451", "451"]);
    for _ in 0..4 {
        store.run(&["mail", "send"]);
    }
    let outbox = store.outbox();
    let desk = store.desk();
    let sato = desk.actor("sato").unwrap();
    let d = desk.delivery(&sato, outbox[0].id).unwrap().unwrap();
    assert_eq!(d.state, DeliveryState::Failed);
    assert!(d.answer.unwrap().contains("gave up after 4 attempts"));
    assert!(relay.received().is_empty());
}

#[test]
fn sigkill_of_the_sender_loses_nothing_and_duplicates_at_most_one() {
    if !aiosmtpd_available() {
        return;
    }
    use rand::{Rng, SeedableRng};
    let seed: u64 = std::env::var("MAIL_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("kill trials: MAIL_KILL_SEED={seed}");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let mut duplicates_seen = 0;
    for trial in 0..12 {
        let relay = Relay::start(15);
        let store = build(
            &relay,
            Plan {
                released: 12,
                ..Plan::default()
            },
            "batch = 5",
        );
        let outbox = store.outbox();
        let mut child = store
            .cmd(&["mail", "send"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = Duration::from_millis(rng.gen_range(0..700));
        std::thread::sleep(wait);
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
        let _ = child.wait();
        let before = relay.received().len();
        let rest = store.run(&["mail", "send"]);
        assert!(rest.status.success(), "trial {trial}: {}", text(&rest));
        let mut count: HashMap<String, usize> = HashMap::new();
        for g in relay.received() {
            *count
                .entry(g["message_id"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        for m in &outbox {
            let id = message_id_of(&store, m.id);
            assert!(
                count.get(&id).copied().unwrap_or(0) >= 1,
                "trial {trial} (killed after {wait:?}, {before} received): {id} lost"
            );
        }
        let dups: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            dups.len() <= 1 && dups.iter().all(|(_, n)| **n == 2),
            "trial {trial}: {dups:?}"
        );
        duplicates_seen += dups.len();
        eprintln!(
            "trial {trial}: killed after {wait:?} with {before} received, {} resent",
            dups.len()
        );
        assert_eq!(count.len(), outbox.len());
        assert!(
            store
                .delivery_states()
                .values()
                .all(|s| *s == DeliveryState::Sent)
        );
        let check = store.run(&["check"]);
        assert!(check.status.success(), "trial {trial}: {}", text(&check));
    }
    eprintln!(
        "kill trials: 12 in {:.1} s, {duplicates_seen} resent after a kill",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_running_server_sends_on_its_own() {
    if !aiosmtpd_available() {
        return;
    }
    let relay = Relay::start(0);
    let store = build(
        &relay,
        Plan {
            released: 3,
            ..Plan::default()
        },
        "interval_secs = 1",
    );
    let mut server = Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .arg("--data-dir")
        .arg(store.dir.path().join("store"))
        .arg("--config")
        .arg(&store.config)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while relay.received().len() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let stop = Command::new(env!("CARGO_BIN_EXE_secretariat"))
        .arg("--data-dir")
        .arg(store.dir.path().join("store"))
        .arg("stop")
        .output()
        .unwrap();
    assert!(stop.status.success(), "{}", text(&stop));
    let _ = server.wait();
    assert_eq!(relay.received().len(), 3);
    assert!(
        store
            .delivery_states()
            .values()
            .all(|s| *s == DeliveryState::Sent)
    );
}

#[test]
fn starttls_and_tls_relays_are_verified_with_the_configured_ca() {
    if !aiosmtpd_available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let Some((ca, cert, key)) = certificates(certs.path()) else {
        return;
    };
    for mode in ["starttls", "tls"] {
        let relay = Relay::start_with(
            0,
            &[
                "--tls",
                mode,
                "--cert",
                cert.to_str().unwrap(),
                "--key",
                key.to_str().unwrap(),
            ],
        );
        let store = build(
            &relay,
            Plan {
                released: 1,
                ..Plan::default()
            },
            &format!("tls = \"{mode}\""),
        );
        // A certificate from an unknown CA is refused: nothing goes, it stays queued.
        let refused = store.run(&["mail", "send"]);
        assert_eq!(refused.status.code(), Some(1), "{mode}: {}", text(&refused));
        assert!(
            String::from_utf8_lossy(&refused.stdout).contains("UnknownIssuer"),
            "{mode}: {}",
            text(&refused)
        );
        assert!(relay.received().is_empty());
        let outbox = store.outbox();
        assert_eq!(
            store.delivery_states()[&outbox[0].id],
            DeliveryState::Queued
        );
        let mut config = std::fs::read_to_string(&store.config).unwrap();
        config.push_str(&format!("ca_file = {:?}\n", ca.to_str().unwrap()));
        std::fs::write(&store.config, config).unwrap();
        let sent = store.run(&["mail", "send"]);
        assert!(sent.status.success(), "{mode}: {}", text(&sent));
        let got = relay.received();
        assert_eq!(got.len(), 1, "{mode}");
        assert_matches(&got[0], &outbox[0], &message_id_of(&store, outbox[0].id));
    }
}

#[test]
fn the_login_uses_the_password_file_read_at_each_send() {
    if !aiosmtpd_available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let Some((ca, cert, key)) = certificates(certs.path()) else {
        return;
    };
    let relay = Relay::start_with(
        0,
        &[
            "--tls",
            "starttls",
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--auth",
            "secretariat:正しい-pass",
        ],
    );
    let password = certs.path().join("smtp-password");
    std::fs::write(&password, "wrong\n").unwrap();
    let store = build(
        &relay,
        Plan {
            released: 2,
            ..Plan::default()
        },
        &format!(
            "tls = \"starttls\"\nca_file = {:?}\nuser = \"secretariat\"\npassword_file = {:?}",
            ca.to_str().unwrap(),
            password.to_str().unwrap()
        ),
    );
    // A refused login stops the pass; no message is charged with it.
    let refused = store.run(&["mail", "send"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let out = String::from_utf8_lossy(&refused.stdout).to_string();
    assert!(out.contains("0 sent, 0 to retry, 0 failed"), "{out}");
    assert!(out.contains("535"), "{out}");
    assert!(!out.contains("wrong") && !String::from_utf8_lossy(&refused.stderr).contains("wrong"));
    let desk = store.desk();
    let sato = desk.actor("sato").unwrap();
    for m in desk.outbox(&sato).unwrap() {
        let d = desk.delivery(&sato, m.id).unwrap().unwrap();
        assert_eq!((d.state, d.attempts), (DeliveryState::Queued, 0));
    }
    drop(desk);
    // The right password, written since, is read by the next send.
    std::fs::write(&password, "正しい-pass\n").unwrap();
    let sent = store.run(&["mail", "send"]);
    assert!(sent.status.success(), "{}", text(&sent));
    assert_eq!(relay.received().len(), 2);
}
