#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests of the PostgreSQL backend.
#
#   eval "$(scripts/pg-cluster.sh start)"   # initdb, start, export the URL
#   cargo test --lib store::
#   scripts/pg-cluster.sh stop              # stop it and remove its directory
#   scripts/pg-cluster.sh env               # print the exports of the running one
#
# The cluster lives in a temporary directory and listens on a Unix socket in
# that directory only (no TCP). As root (CI) it runs as the `postgres` OS user,
# which Debian's `postgresql` package creates; otherwise as the caller.
# `start` prints shell exports: SECRETARIAT_TEST_PG (the URL the tests open,
# as the role `secretariat`, which may create databases: each test makes its
# own) and SECRETARIAT_PG_DIR (the cluster's directory, which `stop` and `env`
# read).
set -euo pipefail

ROLE=secretariat
DB=secretariat

find_bin() {
  if command -v initdb >/dev/null 2>&1; then
    # Debian links initdb into PATH; psql and pg_ctl sit beside the real one.
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  echo "pg-cluster: initdb not found; install PostgreSQL (Debian: apt-get install postgresql)" >&2
  exit 1
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

exports() {
  local dir=$1
  echo "export SECRETARIAT_PG_DIR='$dir'"
  echo "export SECRETARIAT_TEST_PG='postgresql://$ROLE@/$DB?host=$dir/socket'"
}

start() {
  local bin dir
  bin=$(find_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/secretariat-pg.XXXXXX")
  mkdir -p "$dir/data" "$dir/socket"
  # A start that fails half-way leaves nothing running or behind.
  trap 'as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' ERR
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || {
      echo "pg-cluster: no postgres OS user; install Debian's postgresql package" >&2
      exit 1
    }
    chown -R postgres: "$dir"
  fi
  chmod 700 "$dir" "$dir/data"
  chmod 755 "$dir/socket"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -c fsync=off -c max_connections=300" \
    start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
  as_owner "$bin/psql" -q -h "$dir/socket" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $ROLE LOGIN CREATEDB" \
    -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null
  # Others may reach the socket (the tests run as the caller); the data stays the owner's.
  chmod 711 "$dir"
  trap - ERR
  exports "$dir"
}

cluster_dir() {
  local dir=${1:-${SECRETARIAT_PG_DIR:-}}
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "pg-cluster: no cluster directory (give it, or set SECRETARIAT_PG_DIR)" >&2
    exit 1
  fi
  echo "$dir"
}

stop() {
  local bin dir
  bin=$(find_bin)
  dir=$(cluster_dir "${1:-}")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  env) exports "$(cluster_dir "${2:-}")" ;;
  *)
    echo "usage: $0 start|stop [DIR]|env [DIR]" >&2
    exit 2
    ;;
esac
