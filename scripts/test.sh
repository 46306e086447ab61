#!/usr/bin/env bash
# The whole test suite: type check, lint, prettier, unit and integration tests
# (SQLite + PostgreSQL + Ceph RGW) and the end-to-end tests in Chromium.
# Installs what it needs on first use. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=$(date +%s)
declare -a TIMINGS=()
declare -a FAILED=()
# step <name> <command...>: a failing setup step ends the run at once.
step() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo; echo "=== $name"
  "$@"
  TIMINGS+=("$(printf '%-34s %4ss' "$name" $(( $(date +%s) - t0 )))")
}
# check <name> <command...>: a failing check is reported, and the other checks still run.
check() {
  local name=$1; shift
  local t0 rc=0; t0=$(date +%s)
  echo; echo "=== $name"
  "$@" || rc=$?
  TIMINGS+=("$(printf '%-34s %4ss %s' "$name" $(( $(date +%s) - t0 )) "$([ $rc = 0 ] && echo ok || echo FAILED)")")
  [ $rc = 0 ] || FAILED+=("$name")
}
summary() {
  local rc=$1
  echo; echo "=== timings"
  for t in "${TIMINGS[@]}"; do echo "  $t"; done
  echo "  total: $(( $(date +%s) - START ))s (exit $rc)"
}
trap 'summary $?' EXIT

. scripts/toolchain.sh
mkdir -p .run
git status --porcelain > .run/tree-before

step "install dependencies" yarn install --immutable
step "system packages (chromium, ceph)" bash scripts/system-deps.sh
step "postgresql" bash scripts/postgres.sh ensure

cleanup_s3() { bash scripts/s3/ceph-rgw.sh stop >/dev/null 2>&1 || true; }
trap 'rc=$?; cleanup_s3; summary $rc' EXIT
step "start ceph rgw" bash scripts/s3/ceph-rgw.sh start
eval "$(bash scripts/s3/ceph-rgw.sh env)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}
export CI=true

check "type check" yarn tsc
# Reads the declarations the type check just wrote to dist-types.
check "api reports up to date" yarn build:api-reports:only --ci
check "lint" yarn backstage-cli repo lint
check "prettier" yarn prettier --check .
check "unit and integration tests" yarn backstage-cli repo test --maxWorkers=2
check "packed-tarball install" bash scripts/packed-install.sh
e2e_log_from=$(stat -c %s .run/e2e-backend.log 2>/dev/null || echo 0)
check "e2e (chromium)" bash -c 'yarn workspace app build >/dev/null && yarn playwright test'
check "no secrets in the e2e backend log" node scripts/scan-e2e-log.mjs --from "$e2e_log_from"
# Tests write only to ignored folders: a run leaves `git status` as it found it.
tree_after() {
  git status --porcelain > .run/tree-after
  diff -u .run/tree-before .run/tree-after
}
check "tree unchanged by the tests" tree_after

if [ ${#FAILED[@]} -gt 0 ]; then
  echo; echo "FAILED: ${FAILED[*]}"
  exit 1
fi
