#!/usr/bin/env bash
# Single-node Ceph (monitor + memstore OSD + radosgw) on 127.0.0.1: the real S3 / STS / IAM
# server that the project's tests run against. Debian packages only, no systemd, no mgr,
# no cephx between the daemons, all object data in RAM (wiped at every start).
#
# Usage: scripts/s3/ceph-rgw.sh install | start | stop | status | env
#   S3R_RGW_PORT  S3 endpoint port        (default 7480)
#   S3R_MON_PORT  Ceph monitor port       (default 6789)
#   S3R_CEPH_DIR  state dir (conf, logs)  (default <repo>/.run/ceph)
# See scripts/s3/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RGW_PORT="${S3R_RGW_PORT:-7480}"
MON_PORT="${S3R_MON_PORT:-6789}"
DIR="${S3R_CEPH_DIR:-$ROOT/.run/ceph}"
CONF="$DIR/ceph.conf"
ENDPOINT="http://127.0.0.1:$RGW_PORT"
FSID=3c1f6a52-5b1e-4f0c-9d43-53e2b5c0a7e1
export CEPH_CONF="$CONF"
unset CEPH_ARGS

# Fixed credentials of the RGW users (test-only, the server listens on 127.0.0.1 only).
ADMIN_AK=S3RADMINACCESSKEY001 # caps below; also creates the tests' IAM roles
ADMIN_SK=s3radminsecretkey00000000000000000000001
ADMIN_CAPS="users=*;buckets=*;metadata=*;usage=*;zone=*;roles=*;user-policy=*"
TESTER_AK=S3RTESTERACCESSKEY01 # ordinary user that owns the tests' buckets
TESTER_SK=s3rtestersecretkey0000000000000000000001
OTHER_AK=S3ROTHERACCESSKEY001 # second ordinary user, for "denied" checks
OTHER_SK=s3rothersecretkey00000000000000000000001
DEMO_AK=S3RDEMOACCESSKEY0001 # ordinary user for the local dev demo (yarn dev)
DEMO_SK=s3rdemosecretkey000000000000000000000001

EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
RGW_POOLS=(.rgw.root default.rgw.log default.rgw.control default.rgw.meta
  default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec)

LAST_MSG=""
log() {
  LAST_MSG="$*"
  echo "ceph-rgw: $*" >&2
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
elapsed() { # elapsed <start ms> -> "1.234"
  local d=$(($(now_ms) - $1))
  printf '%d.%03d' $((d / 1000)) $((d % 1000))
}
EXPECTED=() # daemons started so far ("mon.a", "osd.0", "client.rgw.a"); a wait fails early if one dies
wait_until() { # wait_until <seconds> <what> <cmd...>
  local limit=$1 what=$2
  shift 2
  local end=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    daemons_running || return 1
    if [ "$(date +%s)" -ge "$end" ]; then
      log "timed out after ${limit}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

daemons_running() {
  local d p cmd found
  local pids
  pids=$(our_pids)
  for d in "${EXPECTED[@]}"; do
    found=""
    for p in $pids; do
      running "$p" || continue
      cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
      case "$d:$cmd" in
        mon.a:ceph-mon*" -i a "* | osd.0:ceph-osd*" -i 0 "* | client.rgw.a:radosgw*" -n client.rgw.a "*) found=1 ;;
      esac
    done
    if [ -z "$found" ]; then
      log "$d has exited"
      return 1
    fi
  done
}

# 0 when the gateway answers a SigV4-signed ListBuckets with the admin key: 200 and an S3
# bucket list owned by "admin" (any other HTTP server on the port does not count).
signed_ok() {
  local body
  body=$(curl -sf --max-time 3 \
    -H "x-amz-content-sha256: $EMPTY_SHA256" --aws-sigv4 'aws:amz:us-east-1:s3' \
    --user "$ADMIN_AK:$ADMIN_SK" "$ENDPOINT/" 2>/dev/null) || return 1
  case "$body" in *"<ListAllMyBucketsResult"*"<ID>admin</ID>"*) return 0 ;; esac
  return 1
}

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pids of the daemons of THIS state dir: from their pid files and from /proc (every daemon is
# started with "-c <our conf>", so a pid reused by an unrelated process is never signalled).
our_pids() {
  local f p cmd
  {
    for f in "$DIR"/run/*.pid; do if [ -f "$f" ]; then cat "$f"; fi; done
    grep -lzxF -- "$CONF" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 || true
  } | sort -u | while read -r p; do
    [ -n "$p" ] || continue
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
    case "$cmd" in *" -c $CONF "*) echo "$p" ;; esac
  done
}

# running <pid>: exists and is not a zombie (here PID 1 reaps dead daemons only after ~1 s)
running() {
  local state
  state=$(awk '{print $3}' 2>/dev/null </proc/"$1"/stat) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

stop_daemons() { # SIGTERM all at once, SIGKILL what is left after 2 s (memstore: nothing to lose)
  local pids i alive p
  pids=$(our_pids)
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  for i in $(seq 1 40); do
    alive=""
    for p in $pids; do if running "$p"; then alive="$alive $p"; fi; done
    [ -n "$alive" ] || return 0
    [ "$i" = 20 ] && kill -9 $alive 2>/dev/null || true
    sleep 0.1
  done
  log "could not stop pids:$alive"
  return 1
}

# rm -rf of the state dir, but never of a folder that this script did not make
wipe_dir() {
  local e
  [ -e "$DIR" ] || return 0
  for e in "$DIR"/* "$DIR"/.[!.]*; do
    [ -e "$e" ] || continue
    case "${e##*/}" in
      ceph.conf | monmap | run | log | mon.a | osd.0 | rgw.a) ;;
      *)
        log "refusing to delete $DIR: it holds ${e##*/}, which this script did not create (check S3R_CEPH_DIR)"
        return 1
        ;;
    esac
  done
  rm -rf "$DIR"
}

# one start/stop at a time per state dir (the lock file sits beside it, the dir itself is wiped)
take_lock() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$DIR.lock"
  if ! flock -w 120 9; then
    log "another start/stop of $DIR is still running"
    return 1
  fi
}

show_logs() { # the last lines of every log, the gateway's last
  local f
  for f in cluster.log mon.a.log osd.0.log mkfs.out setup.out daemons.out client.admin.log client.rgw.a.log; do
    [ -s "$DIR/log/$f" ] || continue
    echo "----- last lines of $DIR/log/$f" >&2
    tail -n 15 "$DIR/log/$f" >&2
  done
}

write_conf() {
  mkdir -p "$DIR"/run "$DIR"/log "$DIR"/mon.a "$DIR"/osd.0 "$DIR"/rgw.a
  cat >"$CONF" <<EOF
# written by scripts/s3/ceph-rgw.sh; regenerated at every start
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv4 = true
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $DIR/run
admin socket = $DIR/run/\$cluster-\$name.asok
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
log to stderr = false
err to stderr = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
mon max pg per osd = 1000

[client.admin]
# the ceph / radosgw-admin command-line tools: no admin socket (several may run at once)
admin socket =

[mon]
mon data = $DIR/mon.\$id
mon cluster log file = $DIR/log/cluster.log
# commit map changes every 50 ms instead of every second: pool creation takes 0.2 s, not 2 s
paxos propose interval = 0.05

[osd]
osd data = $DIR/osd.\$id
# objects live in RAM and vanish at stop
osd objectstore = memstore
memstore device bytes = 2147483648
osd memory target = 939524096
# osd.0 is placed in the CRUSH map by this script (see start)
osd crush update on start = false
osd class update on start = false
osd max object name len = 460
osd max object namespace len = 64

[client.rgw.a]
# tcp_nodelay=1: loopback answers in 3-6 ms instead of 40-50 ms (Nagle + delayed ACK)
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw data = $DIR/rgw.a
rgw dns name = localhost
# STS AssumeRole and temporary credentials (the key must be 16 characters)
rgw sts key = s3rstskey0000001
rgw s3 auth use sts = true
rgw thread pool size = 64
EOF
}

create_user() { # create_user <uid> <display name> <access key> <secret key> [caps]
  radosgw-admin -c "$CONF" user create --uid="$1" --display-name="$2" \
    --access-key="$3" --secret-key="$4" ${5:+--caps="$5"} >/dev/null
}

STARTING=""
on_exit() { # a failed start: say so loudly, show the logs, leave no half-started daemons behind
  local rc=$?
  if [ -n "$STARTING" ] && [ "$rc" != 0 ]; then
    local reason=$LAST_MSG
    stop_daemons || true
    show_logs
    log "start FAILED (exit $rc): $reason"
    log "logs kept in $DIR/log; the next start wipes them"
  fi
}
trap on_exit EXIT

cmd_install() {
  if command -v radosgw >/dev/null 2>&1 && command -v ceph-mon >/dev/null 2>&1 &&
    command -v ceph-osd >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "Ceph is not installed and cannot be installed here (needs root and apt-get)."
    log "Install ceph-mon ceph-osd radosgw, or use scripts/s3/s3rver.sh for a dev-only server."
    return 1
  fi
  local t0
  t0=$(now_ms)
  log "installing ceph-mon ceph-osd radosgw (Debian packages, about 64 MB)"
  export DEBIAN_FRONTEND=noninteractive
  local pkgs=(ceph-mon ceph-osd radosgw curl)
  if ! apt-get install -y -q --no-install-recommends "${pkgs[@]}" >"${TMPDIR:-/tmp}/s3r-ceph-install.log" 2>&1; then
    apt-get update -q >>"${TMPDIR:-/tmp}/s3r-ceph-install.log" 2>&1 || true
    if ! apt-get install -y -q --no-install-recommends "${pkgs[@]}" >>"${TMPDIR:-/tmp}/s3r-ceph-install.log" 2>&1; then
      tail -n 30 "${TMPDIR:-/tmp}/s3r-ceph-install.log" >&2
      log "apt-get install failed (full log: ${TMPDIR:-/tmp}/s3r-ceph-install.log)"
      return 1
    fi
  fi
  log "installed in $(elapsed "$t0") s"
}

cmd_start() {
  local t0 osd_uuid p
  t0=$(now_ms)
  take_lock
  if signed_ok; then
    log "already running and healthy at $ENDPOINT (state: $DIR)"
    return 0
  fi
  command -v radosgw >/dev/null 2>&1 || {
    log "radosgw is not installed: run scripts/s3/ceph-rgw.sh install"
    return 1
  }
  # leftovers of an earlier run (killed, crashed, half-started): stop them, wipe the state
  stop_daemons || true
  for p in "$RGW_PORT" "$MON_PORT"; do
    if port_in_use "$p"; then
      log "port 127.0.0.1:$p is taken by another process (not this state dir's Ceph);"
      log "stop it, or choose other ports with S3R_RGW_PORT / S3R_MON_PORT"
      return 1
    fi
  done
  wipe_dir
  write_conf
  STARTING=1

  # monitor
  monmaptool --create --clobber --fsid "$FSID" --addv a "[v1:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >"$DIR/log/mkfs.out" 2>&1
  ceph-mon -c "$CONF" -i a >>"$DIR/log/daemons.out" 2>&1 9>&- # daemons must not hold the lock
  EXPECTED+=(mon.a)
  wait_until 30 "the monitor to listen on port $MON_PORT" port_in_use "$MON_PORT"
  log "monitor up     $(elapsed "$t0") s"

  # One ceph CLI session (commands on stdin; each separate "ceph" call costs ~0.3 s of Python
  # start-up) registers osd.0 and creates the RGW pools.
  # - osd.0 goes into the CRUSH map here: left to the OSD's own start-up update, that update
  #   races with its monitor session ("wrong fsid", the OSD exits) in about 1 start of 6.
  # - the pools are pre-created: left to radosgw, its start takes ~9 s and its first writes ~2 s.
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  {
    echo "osd new $osd_uuid 0"
    echo "osd crush add osd.0 1.0 root=default host=localhost"
    echo "osd crush set-device-class hdd osd.0"
    for p in "${RGW_POOLS[@]}"; do
      echo "osd pool create $p 8 8"
      echo "osd pool application enable $p rgw"
    done
  } | ceph -c "$CONF" --connect-timeout 20 >"$DIR/log/setup.out" 2>&1
  if [ "$(grep -c "^pool '.*' created" "$DIR/log/setup.out")" != "${#RGW_POOLS[@]}" ]; then
    log "the monitor did not create the RGW pools:"
    cat "$DIR/log/setup.out" >&2
    false
  fi
  log "pools created  $(elapsed "$t0") s"

  # OSD on memstore, then the gateway at once: radosgw waits for the placement groups itself
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$DIR/log/mkfs.out" 2>&1
  ceph-osd -c "$CONF" -i 0 >>"$DIR/log/daemons.out" 2>&1 9>&-
  radosgw -c "$CONF" -n client.rgw.a >>"$DIR/log/daemons.out" 2>&1 9>&-
  EXPECTED+=(osd.0 client.rgw.a)
  wait_until 60 "osd.0 to become active" grep -q "state: booting -> active" "$DIR/log/osd.0.log"
  log "osd active     $(elapsed "$t0") s"
  wait_until 60 "radosgw to answer on $ENDPOINT" curl -sf -o /dev/null --max-time 2 "$ENDPOINT/"
  log "gateway up     $(elapsed "$t0") s"

  create_user admin "S3R admin" "$ADMIN_AK" "$ADMIN_SK" "$ADMIN_CAPS"
  create_user tester "S3R tester" "$TESTER_AK" "$TESTER_SK"
  create_user other "S3R other" "$OTHER_AK" "$OTHER_SK"
  create_user demo "S3R demo" "$DEMO_AK" "$DEMO_SK"
  wait_until 30 "a signed request to succeed" signed_ok
  STARTING=""
  log "READY at $ENDPOINT after $(elapsed "$t0") s (users admin, tester, other, demo)"
}

cmd_stop() {
  local t0
  t0=$(now_ms)
  take_lock
  stop_daemons
  wipe_dir
  log "stopped in $(elapsed "$t0") s"
}

cmd_status() {
  if signed_ok; then
    echo "ceph-rgw: healthy at $ENDPOINT"
  else
    echo "ceph-rgw: not answering signed requests at $ENDPOINT" >&2
    return 1
  fi
}

cmd_env() {
  cat <<EOF
export S3R_TEST_S3_ENDPOINT=$ENDPOINT
export S3R_TEST_S3_ADMIN_ACCESS_KEY=$ADMIN_AK
export S3R_TEST_S3_ADMIN_SECRET_KEY=$ADMIN_SK
export S3R_TEST_S3_TESTER_ACCESS_KEY=$TESTER_AK
export S3R_TEST_S3_TESTER_SECRET_KEY=$TESTER_SK
export S3R_TEST_S3_OTHER_ACCESS_KEY=$OTHER_AK
export S3R_TEST_S3_OTHER_SECRET_KEY=$OTHER_SK
export S3R_TEST_S3_KIND=ceph-rgw
# the dev demo's user (scripts/seed-demo.mjs), not used by tests
export S3R_DEMO_ACCESS_KEY=$DEMO_AK
export S3R_DEMO_SECRET_KEY=$DEMO_SK
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
