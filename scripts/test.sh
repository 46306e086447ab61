#!/usr/bin/env bash
# The whole test suite: type check, lint, prettier, unit and integration tests
# (SQLite + PostgreSQL + Ceph RGW) and the end-to-end tests in Chromium.
# Installs what it needs on first use. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=$(date +%s)
declare -a TIMINGS=()
step() { # step <name> <command...>
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo; echo "=== $name"
  "$@"
  TIMINGS+=("$(printf '%-34s %4ss' "$name" $(( $(date +%s) - t0 )))")
}
summary() {
  local rc=$?
  echo; echo "=== timings"
  for t in "${TIMINGS[@]}"; do echo "  $t"; done
  echo "  total: $(( $(date +%s) - START ))s (exit $rc)"
}
trap summary EXIT

. scripts/toolchain.sh
mkdir -p .run

step "install dependencies" yarn install --immutable
step "system packages (chromium, ceph)" bash scripts/system-deps.sh
step "postgresql" bash scripts/postgres.sh ensure

cleanup_s3() { bash scripts/s3/ceph-rgw.sh stop >/dev/null 2>&1 || true; }
trap 'cleanup_s3; summary' EXIT
step "start ceph rgw" bash scripts/s3/ceph-rgw.sh start
eval "$(bash scripts/s3/ceph-rgw.sh env)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}
export CI=true

step "type check" yarn tsc
step "lint" yarn backstage-cli repo lint
step "prettier" yarn prettier --check .
step "unit and integration tests" yarn backstage-cli repo test --maxWorkers=2
step "build app for e2e" yarn workspace app build
step "e2e (chromium)" yarn playwright test
