#!/usr/bin/env bash
# Throwaway PostgreSQL server for the test suite, on loopback only.
#
#   scripts/pg-test-server.sh start    # (re)create + start if not running; prints the URL
#   scripts/pg-test-server.sh stop     # stop and delete the cluster (no-op if not running)
#   scripts/pg-test-server.sh status   # exit 0 if running
#   scripts/pg-test-server.sh url      # print the SQLAlchemy URL
#
# Uses Debian's binaries (/usr/lib/postgresql/<highest>/bin). The cluster lives
# in $PG_TEST_DIR (default /tmp/duereg-pg), listens on 127.0.0.1:$PG_TEST_PORT
# (default 54329) plus a unix socket in $PG_TEST_DIR, and is tuned for speed,
# not durability (fsync=off ...). Each `start` of a stopped server begins from
# an empty cluster. initdb/postgres refuse to run as root, so as root the
# server runs as the `postgres` system user (created by Debian's postgresql
# package); as a normal user it runs as that user.
#
# Role `duereg` (password `duereg`, CREATEDB) owns database `duereg_test`.
set -euo pipefail

PG_TEST_DIR="${PG_TEST_DIR:-/tmp/duereg-pg}"
PG_TEST_PORT="${PG_TEST_PORT:-54329}"
PG_USER=duereg
PG_PASSWORD=duereg
PG_DB=duereg_test
DATA="$PG_TEST_DIR/data"
LOG="$PG_TEST_DIR/server.log"
URL="postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_TEST_PORT/$PG_DB"

die() {
  echo "pg-test-server: $*" >&2
  exit 1
}

find_bindir() {
  local best="" best_ver=-1 d v
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
    v="$(basename "$(dirname "$d")")"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if ((v > best_ver)); then
      best_ver="$v"
      best="$d"
    fi
  done
  if [[ -z "$best" ]] && command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    best="$(dirname "$(command -v pg_ctl)")"
  fi
  [[ -n "$best" ]] || die "no PostgreSQL server binaries found (run: scripts/install-system-deps.sh test)"
  echo "$best"
}

# Run a command as the cluster owner.
if [[ "$(id -u)" -eq 0 ]]; then
  PG_OS_USER="${PG_OS_USER:-postgres}"
  id "$PG_OS_USER" >/dev/null 2>&1 ||
    die "system user '$PG_OS_USER' does not exist (install the postgresql package: scripts/install-system-deps.sh test)"
  # From / so that the postgres user is never left in a directory it cannot enter.
  as_owner() { (cd / && runuser -u "$PG_OS_USER" -- "$@"); }
else
  as_owner() { "$@"; }
fi

is_running() {
  [[ -f "$DATA/PG_VERSION" ]] || return 1
  as_owner "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

start() {
  if is_running; then
    echo "$URL"
    return 0
  fi
  # Fresh cluster every time it is started.
  rm -rf "$PG_TEST_DIR"
  mkdir -p "$PG_TEST_DIR"
  chmod 700 "$PG_TEST_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown "$PG_OS_USER": "$PG_TEST_DIR"
  fi

  if ! as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_TEST_DIR/initdb.log" 2>&1; then
    cat "$PG_TEST_DIR/initdb.log" >&2
    die "initdb failed"
  fi

  cat >>"$DATA/postgresql.conf" <<EOF

# --- duereg test settings (scripts/pg-test-server.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_TEST_PORT
unix_socket_directories = '$PG_TEST_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_connections = 100
shared_buffers = 128MB
logging_collector = off
log_min_messages = warning
EOF

  if ! as_owner "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 >/dev/null 2>&1; then
    cat "$LOG" >&2 || true
    die "server did not start (port $PG_TEST_PORT busy?)"
  fi

  as_owner "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_TEST_DIR" -p "$PG_TEST_PORT" \
    -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
CREATE DATABASE $PG_DB OWNER $PG_USER;
EOF
  echo "$URL"
}

stop() {
  if is_running; then
    as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null
  fi
  rm -rf "$PG_TEST_DIR"
}

case "${1:-}" in
  start)
    BINDIR="$(find_bindir)"
    start
    ;;
  stop)
    if [[ -d "$PG_TEST_DIR" ]]; then
      BINDIR="$(find_bindir)"
      stop
    fi
    ;;
  status)
    BINDIR="$(find_bindir)"
    if is_running; then echo "running: $URL"; else
      echo "not running"
      exit 1
    fi
    ;;
  url) echo "$URL" ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
