#!/bin/sh
# Sets up a team's secretariat on a systemd host, as root. Read it first; it is
# what README "A team's deployment" does step by step.
set -eu
BIN=${1:-./target/release/secretariat}
install -m 0755 "$BIN" /usr/local/bin/secretariat
getent group secretariat-ops >/dev/null || groupadd --system secretariat-ops
id secretariat >/dev/null 2>&1 || useradd --system --gid secretariat-ops \
  --home-dir /var/lib/secretariat --shell /usr/sbin/nologin secretariat
install -d -o root -g secretariat-ops -m 0750 /etc/secretariat
install -o root -g secretariat-ops -m 0640 deploy/config.toml /etc/secretariat/config.toml
# The audit key: the service's alone, outside the data dir (/etc is read-only to
# the unit, so it is made here). Keep a copy apart from the backups.
[ -e /etc/secretariat/audit.key ] || (umask 077; head -c 32 /dev/urandom > /etc/secretariat/audit.key)
chown secretariat:secretariat-ops /etc/secretariat/audit.key
chmod 0600 /etc/secretariat/audit.key
install -d -o secretariat -g secretariat-ops -m 0700 /var/backups/secretariat
install -m 0644 deploy/profile.sh /etc/profile.d/secretariat.sh
install -m 0644 deploy/secretariat.service /etc/systemd/system/secretariat.service
systemctl daemon-reload
systemctl enable --now secretariat.service
echo "secretariat runs; add operators with: usermod -aG secretariat-ops NAME"
