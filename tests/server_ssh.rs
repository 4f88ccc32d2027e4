//! Two operators over real SSH: sshd on 127.0.0.1 with a throwaway host key,
//! two test users with their own keys, each running the TUI through
//! `ssh -tt` inside tmux at 80×24 with LANG=ja_JP.UTF-8, on one store shared
//! by a group. The first TUI starts the server; one operator approves a case
//! and the other's screen shows the change and who made it.
//!
//! Needs root (to create users and run sshd), /usr/sbin/sshd, tmux and the
//! ja_JP.UTF-8 locale (`.ci/run` installs them); otherwise it says so and passes.

mod server_support;
mod skip;

use server_support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const USERS: [&str; 2] = ["secr-ssh-op1", "secr-ssh-op2"];
const GROUP: &str = "secr-ssh";

fn sh(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

fn missing() -> Option<String> {
    if !nix::unistd::geteuid().is_root() {
        return Some("not root".into());
    }
    if !Path::new("/usr/sbin/sshd").exists() {
        return Some("no /usr/sbin/sshd (install openssh-server)".into());
    }
    if Command::new("tmux").arg("-V").output().is_err() {
        return Some("no tmux".into());
    }
    let locales = sh("locale", &["-a"]);
    if !String::from_utf8_lossy(&locales.stdout)
        .to_lowercase()
        .contains("ja_jp.utf8")
    {
        return Some("no ja_JP.UTF-8 locale".into());
    }
    None
}

/// The test group and users (kept between runs; creating them is idempotent).
fn users() {
    if sh("getent", &["group", GROUP]).stdout.is_empty() {
        assert!(sh("groupadd", &[GROUP]).status.success());
    }
    for u in USERS {
        if !sh("id", &[u]).status.success() {
            let o = sh("useradd", &["-m", "-s", "/bin/sh", "-G", GROUP, u]);
            assert!(
                o.status.success(),
                "useradd {u}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        // No password, but not locked: sshd (without PAM) refuses locked accounts.
        assert!(sh("usermod", &["-p", "*", u]).status.success());
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Sshd {
    child: Child,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// sshd on 127.0.0.1:`port`, host key and authorized keys under `dir`.
fn sshd(dir: &Path, port: u16) -> Sshd {
    std::fs::create_dir_all("/run/sshd").unwrap();
    let host_key = dir.join("host_ed25519");
    assert!(
        sh(
            "ssh-keygen",
            &[
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                host_key.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}/authorized_keys_%u\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
             PidFile {}/sshd.pid\nAllowUsers {}\nAcceptEnv LANG LC_*\nPrintMotd no\nPrintLastLog no\n",
            host_key.display(),
            dir.display(),
            dir.display(),
            USERS.join(" ")
        ),
    )
    .unwrap();
    let child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-e", "-f", config.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let up = wait_for(Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "sshd did not start");
    Sshd { child }
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }

    fn capture(&self, pane: &str) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", pane]).stdout).into_owned()
    }

    fn keys(&self, pane: &str, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", pane, k]);
            sleep(Duration::from_millis(200));
        }
    }

    fn wait_for(
        &self,
        pane: &str,
        what: &str,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> Duration {
        let start = Instant::now();
        loop {
            let screen = self.capture(pane);
            if pred(&screen) {
                return start.elapsed();
            }
            if start.elapsed() > limit {
                panic!("{pane}: timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn two_operators_over_ssh_see_each_others_decisions() {
    if let Some(why) = missing() {
        skip::unavailable(&format!("the real-SSH test cannot run: {why}"));
        return;
    }
    users();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = tmp.path().join("store");
    store(&dir, 12);
    for u in USERS {
        let (code, _, err) = run(&dir, &["users", "add", u, "operator"]);
        assert_eq!(code, Some(0), "{err}");
    }
    // A team's layout: the service (here root) alone owns the store; the
    // operators reach its socket in a setgid run directory of their group.
    let run_dir = tmp.path().join("run");
    std::fs::create_dir(&run_dir).unwrap();
    assert!(
        sh("chgrp", &[GROUP, run_dir.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::set_permissions(&run_dir, std::fs::Permissions::from_mode(0o2750)).unwrap();
    let sock = run_dir.join("secretariat.sock");
    let server = ServerProc::start_on(&dir, &sock, &[]);

    let keys = tmp.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let port = free_port();
    let _sshd = sshd(&keys, port);
    let mut clients = Vec::new();
    for u in USERS {
        let key = keys.join(format!("id_{u}"));
        assert!(
            sh(
                "ssh-keygen",
                &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()]
            )
            .status
            .success()
        );
        let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        std::fs::write(keys.join(format!("authorized_keys_{u}")), public).unwrap();
        clients.push(key);
    }
    let tmux = Tmux {
        socket: format!("secretariat-ssh-{}", std::process::id()),
    };
    let bin = env!("CARGO_BIN_EXE_secretariat");
    for (i, u) in USERS.iter().enumerate() {
        let remote = format!(
            "LANG=ja_JP.UTF-8 {bin} --socket {} --as-of {AS_OF}",
            sock.display()
        );
        let ssh = format!(
            "env LANG=ja_JP.UTF-8 ssh -tt -i {} -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o SendEnv=LANG {u}@127.0.0.1 '{remote}'",
            clients[i].display()
        );
        let pane = format!("op{}", i + 1);
        let o = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &pane,
            "-x",
            "80",
            "-y",
            "24",
            &ssh,
        ]);
        assert!(
            o.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        tmux.wait_for(&pane, "the tab bar", Duration::from_secs(20), |s| {
            s.contains("採用辞退") && s.contains("試験 太郎0")
        });
    }
    // Both open the first case; each sees the other there.
    tmux.keys("op1", &["Enter"]);
    tmux.keys("op2", &["Enter"]);
    tmux.wait_for("op2", "op1 viewing", Duration::from_secs(5), |s| {
        s.contains(&format!("閲覧中: {}", USERS[0]))
    });
    // op1 approves; op2's screen shows it, and who.
    tmux.keys("op1", &["a"]);
    tmux.wait_for("op1", "the confirmation", Duration::from_secs(5), |s| {
        s.contains("承認しますか")
    });
    tmux.run(&["send-keys", "-t", "op1", "y"]);
    let sent = Instant::now();
    tmux.wait_for("op1", "the decision", Duration::from_secs(5), |s| {
        s.contains("を承認しました")
    });
    tmux.wait_for("op2", "the change", Duration::from_secs(5), |s| {
        s.contains(&format!("{} が変更しました", USERS[0]))
    });
    eprintln!(
        "a decision over ssh showed in the other session after {:?} (polling every 50 ms)",
        sent.elapsed()
    );
    // op2 reloads and sees the new state; then both quit.
    tmux.keys("op2", &["R"]);
    tmux.wait_for("op2", "the reloaded case", Duration::from_secs(5), |s| {
        s.contains("統括承認済み")
    });
    tmux.keys("op1", &["q"]);
    tmux.keys("op2", &["q"]);
    // The operators could not have opened the store themselves.
    for u in USERS {
        let o = sh(
            "su",
            &[
                u,
                "-s",
                "/bin/sh",
                "-c",
                &format!("cat {}/db", dir.display()),
            ],
        );
        assert!(!o.status.success(), "{u} reads no file of the store");
    }
    drop(server);
    let log = log(&dir);
    assert!(
        log.contains(&format!("os_user={}", USERS[0]))
            && log.contains(&format!("os_user={}", USERS[1])),
        "{log}"
    );
}
