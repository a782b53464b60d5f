#!/usr/bin/env bash
# Throwaway Redis server for the test suite, on loopback only.
#
#   scripts/redis-test-server.sh start    # start if not running; prints the URL
#   scripts/redis-test-server.sh stop     # stop it and delete its folder (no-op if not running)
#   scripts/redis-test-server.sh url      # print the URL
#
# Uses Debian's redis-server. It lives in $REDIS_TEST_DIR (default /tmp/duereg-redis) and
# listens on 127.0.0.1:$REDIS_TEST_PORT (default 63799), with no persistence.
set -euo pipefail

REDIS_TEST_DIR="${REDIS_TEST_DIR:-/tmp/duereg-redis}"
REDIS_TEST_PORT="${REDIS_TEST_PORT:-63799}"
URL="redis://127.0.0.1:$REDIS_TEST_PORT/0"
PIDFILE="$REDIS_TEST_DIR/redis.pid"

running() {
  [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || { echo "redis-test-server: redis-server is not installed" >&2; exit 1; }
    if ! running; then
      rm -rf "$REDIS_TEST_DIR"
      mkdir -p "$REDIS_TEST_DIR"
      redis-server --bind 127.0.0.1 --port "$REDIS_TEST_PORT" --dir "$REDIS_TEST_DIR" \
        --save "" --appendonly no --daemonize yes --pidfile "$PIDFILE" \
        --logfile "$REDIS_TEST_DIR/server.log" >/dev/null
      for _ in $(seq 50); do
        redis-cli -p "$REDIS_TEST_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
      done
      redis-cli -p "$REDIS_TEST_PORT" ping >/dev/null || { echo "redis-test-server: did not start" >&2; exit 1; }
    fi
    echo "$URL"
    ;;
  stop)
    if running; then
      kill "$(cat "$PIDFILE")" 2>/dev/null || true
      for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    rm -rf "$REDIS_TEST_DIR"
    ;;
  url) echo "$URL" ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
