#!/usr/bin/env bash
# s3rver 3.7.1 (npm) on 127.0.0.1: a light S3 server for local development when Ceph RGW cannot
# be installed (not root, not Debian). It is NOT a judge: it does not check the secret key, has
# no STS, no bucket policies and does not enforce ACLs. Never use it to prove that something is
# denied; the test suite runs against scripts/s3/ceph-rgw.sh.
#
# Usage: scripts/s3/s3rver.sh install | start | stop | status | env
#   S3R_S3RVER_PORT  port                          (default 4568)
#   S3R_S3RVER_DIR   install + data + log folder   (default <repo>/.run/s3rver)
# See scripts/s3/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${S3R_S3RVER_PORT:-4568}"
DIR="${S3R_S3RVER_DIR:-$ROOT/.run/s3rver}"
VERSION=3.7.1
DATA="$DIR/data"
PIDFILE="$DIR/s3rver.pid"
LOGFILE="$DIR/s3rver.log"
BIN="$DIR/node_modules/s3rver/bin/s3rver.js"
ENDPOINT="http://127.0.0.1:$PORT"
# hard-wired in s3rver; every "user" is the same key
KEY=S3RVER
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

log() { echo "s3rver: $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
elapsed() {
  local d=$(($(now_ms) - $1))
  printf '%d.%03d' $((d / 1000)) $((d % 1000))
}

# Node 24 and npm from the project's toolchain (quiet and quick once cached)
use_toolchain() {
  # shellcheck source=../toolchain.sh
  . "$ROOT/scripts/toolchain.sh"
}

# 0 when a signed ListBuckets answers 200 with an S3 bucket list (not just any HTTP server)
signed_ok() {
  local body
  body=$(curl -sf --max-time 3 \
    -H "x-amz-content-sha256: $EMPTY_SHA256" --aws-sigv4 'aws:amz:us-east-1:s3' \
    --user "$KEY:$KEY" "$ENDPOINT/" 2>/dev/null) || return 1
  case "$body" in *"<ListAllMyBucketsResult"*) return 0 ;; esac
  return 1
}

installed() {
  [ -f "$BIN" ] && [ "$(node -p "require('$DIR/node_modules/s3rver/package.json').version" 2>/dev/null)" = "$VERSION" ]
}

# pid of the server started from this folder, if it is still running
our_pid() {
  local p
  [ -f "$PIDFILE" ] || return 1
  p=$(cat "$PIDFILE")
  [ -n "$p" ] && tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -qF "$BIN" && echo "$p"
}

cmd_install() {
  use_toolchain
  if installed; then return 0; fi
  local t0
  t0=$(now_ms)
  mkdir -p "$DIR"
  # its own package.json: s3rver stays out of the yarn workspace
  [ -f "$DIR/package.json" ] || echo '{ "name": "s3r-local-s3rver", "private": true }' >"$DIR/package.json"
  log "installing s3rver@$VERSION into $DIR"
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error "s3rver@$VERSION" >&2)
  log "installed in $(elapsed "$t0") s"
}

cmd_start() {
  local t0 i
  t0=$(now_ms)
  if signed_ok; then
    log "already running at $ENDPOINT"
    return 0
  fi
  cmd_install
  if p=$(our_pid); then
    log "an earlier s3rver (pid $p) is not answering: stopping it"
    kill "$p" 2>/dev/null || true
    sleep 0.5
    kill -9 "$p" 2>/dev/null || true
  fi
  if (: <"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    log "port 127.0.0.1:$PORT is taken by another process; choose another with S3R_S3RVER_PORT"
    return 1
  fi
  rm -rf "$DATA" "$PIDFILE"
  mkdir -p "$DATA"
  nohup node "$BIN" --directory "$DATA" --address 127.0.0.1 --port "$PORT" --no-vhost-buckets \
    >"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for i in $(seq 1 200); do
    if signed_ok; then
      log "READY at $ENDPOINT after $(elapsed "$t0") s (key $KEY / $KEY)"
      return 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then break; fi
    sleep 0.05
  done
  log "start FAILED; last lines of $LOGFILE:"
  tail -n 25 "$LOGFILE" >&2
  kill "$(cat "$PIDFILE")" 2>/dev/null || true
  return 1
}

cmd_stop() {
  local p i
  if p=$(our_pid); then
    kill "$p" 2>/dev/null || true
    for i in $(seq 1 20); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$p" 2>/dev/null || true
  fi
  rm -rf "$DATA" "$PIDFILE" "$LOGFILE"
}

cmd_status() {
  if signed_ok; then
    echo "s3rver: answering at $ENDPOINT"
  else
    echo "s3rver: not answering signed requests at $ENDPOINT" >&2
    return 1
  fi
}

cmd_env() {
  cat <<EOF
export S3R_TEST_S3_ENDPOINT=$ENDPOINT
export S3R_TEST_S3_ADMIN_ACCESS_KEY=$KEY
export S3R_TEST_S3_ADMIN_SECRET_KEY=$KEY
export S3R_TEST_S3_TESTER_ACCESS_KEY=$KEY
export S3R_TEST_S3_TESTER_SECRET_KEY=$KEY
export S3R_TEST_S3_OTHER_ACCESS_KEY=$KEY
export S3R_TEST_S3_OTHER_SECRET_KEY=$KEY
export S3R_TEST_S3_KIND=s3rver
# the dev demo's user (scripts/seed-demo.mjs), not used by tests
export S3R_DEMO_ACCESS_KEY=$KEY
export S3R_DEMO_SECRET_KEY=$KEY
EOF
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 install | start | stop | status | env" >&2
    exit 2
    ;;
esac
