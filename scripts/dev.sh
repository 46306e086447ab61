#!/usr/bin/env bash
# Quick start: installs what it needs on first use, starts a local
# S3-compatible server with demo buckets, and the app at http://localhost:3000
# (backend on :7007) on embedded defaults (SQLite, guest sign-in). Demo
# resources are registered once the backend answers.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
mkdir -p .run

if [ ! -d node_modules/@backstage/cli ] || [ yarn.lock -nt node_modules/.yarn-state.yml ]; then
  yarn install --immutable
fi

# Ceph RGW where it can be installed (root on Debian/Ubuntu); s3rver otherwise.
S3_SCRIPT=scripts/s3/ceph-rgw.sh
if ! command -v radosgw >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    bash scripts/s3/ceph-rgw.sh install || S3_SCRIPT=scripts/s3/s3rver.sh
  else
    S3_SCRIPT=scripts/s3/s3rver.sh
  fi
fi
if [ "$S3_SCRIPT" = scripts/s3/s3rver.sh ]; then
  echo "WARNING: Ceph RGW is not available; using s3rver, which checks no secret and no permission. Connection tests against it prove reachability only." >&2
  bash scripts/s3/s3rver.sh install >/dev/null
fi
bash "$S3_SCRIPT" start
eval "$(bash "$S3_SCRIPT" env)"
trap 'kill $(jobs -p) 2>/dev/null || true; bash "$S3_SCRIPT" stop >/dev/null 2>&1 || true' EXIT

node scripts/seed-demo.mjs &

yarn backstage-cli repo start "$@"
