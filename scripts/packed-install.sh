#!/usr/bin/env bash
# The packed-tarball install test: packs the six plugins as `npm publish`
# would, installs them into a fresh Backstage backend and app OUTSIDE this
# workspace (as README.md's "Installing the plugins in your own Backstage"
# says), type-checks and builds that app, starts that backend and checks that
# the plugins answer. Usage:
#   bash scripts/packed-install.sh            # build, pack, install, check
#   bash scripts/packed-install.sh --keep     # keep the temp dir to look at
# SKIP_BUILD=1 reuses dist/ and dist-types/ of an earlier `yarn tsc` and build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KEEP=false
[ "${1:-}" = --keep ] && KEEP=true

. scripts/toolchain.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/s3r-packed-install.XXXXXX")
PORTAL=$WORK/portal
LOG=$WORK/logs
mkdir -p "$LOG" "$PORTAL/tarballs"

PLUGINS=(
  s3-resources-common
  s3-resources-node
  s3-resources-backend
  catalog-backend-module-s3-resources
  scaffolder-backend-module-s3-resources
  s3-resources
)

CURRENT_STEP=
START=$(date +%s)
declare -a TIMINGS=()
on_exit() {
  local rc=$?
  # A failed prepack leaves the rewritten package.json behind; put it back.
  for p in "${PLUGINS[@]}"; do
    if [ -f "plugins/$p/package.json-prepack" ]; then
      (cd "plugins/$p" && yarn backstage-cli package postpack >/dev/null 2>&1) || true
    fi
  done
  if [ $rc != 0 ]; then
    echo
    echo "packed-install: FAILED at step: $CURRENT_STEP (exit $rc)"
    echo "packed-install: logs in $LOG"
    KEEP=true
  fi
  for t in "${TIMINGS[@]}"; do echo "  $t"; done
  echo "  total: $(($(date +%s) - START))s"
  if $KEEP; then echo "packed-install: kept $WORK"; else rm -rf "$WORK"; fi
}
trap on_exit EXIT

# step <name> <log file> <command...>: runs quietly, shows the log's tail on failure.
step() {
  local name=$1 log=$2 t0
  shift 2
  CURRENT_STEP=$name
  t0=$(date +%s)
  echo "--- $name"
  if ! "$@" >"$log" 2>&1; then
    echo "packed-install: step '$name' failed; last lines of $log:"
    tail -n 40 "$log" | sed 's/^/    /'
    return 1
  fi
  TIMINGS+=("$(printf '%-40s %4ss' "$name" $(($(date +%s) - t0)))")
}

build() {
  yarn tsc
  yarn backstage-cli repo build
}

# yarn pack runs the prepack and postpack scripts (backstage-cli package
# prepack/postpack), so the tarball holds what `npm publish` would upload.
pack_one() {
  local p=$1
  if ! (cd "plugins/$p" && yarn pack --out "$PORTAL/tarballs/$p.tgz") >"$LOG/pack-$p.log" 2>&1; then
    echo "yarn pack failed in plugins/$p:"
    cat "$LOG/pack-$p.log"
    return 1
  fi
}
# Three at a time: most of a pack is waiting on the CLI's start-up.
pack() {
  local pids=() rc=0
  for p in "${PLUGINS[@]}"; do
    pack_one "$p" &
    pids+=($!)
    if [ ${#pids[@]} -ge 3 ]; then
      wait "${pids[0]}" || rc=1
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return $rc
}

check_tarballs() {
  node scripts/packed-install/check-tarballs.mjs "$PORTAL/tarballs" "${PLUGINS[@]}"
}

# The portal: a Backstage project of its own, with the Backstage versions
# pinned as in this repo (so the lockfile and the yarn cache are reused) and
# our packages resolved to the tarballs instead of the npm registry.
make_portal() {
  cp -R scripts/packed-install/portal/. "$PORTAL/"
  node scripts/packed-install/make-portal.mjs "$ROOT" "$PORTAL" "${PLUGINS[@]}"
  # better-sqlite3 takes minutes to compile on two cores: the same version
  # built for the same Node by this repo's install is copied instead.
  local ours=node_modules/better-sqlite3
  if [ -f "$ours/build/Release/better_sqlite3.node" ] &&
    [ "$(node -p "require('./$ours/package.json').version")" = "$(node -p "require('./package.json').resolutions['better-sqlite3']")" ]; then
    SQLITE_BINARY=$ROOT/$ours/build/Release/better_sqlite3.node
    node -e '
      const f = process.argv[1], p = require(f);
      p.dependenciesMeta["better-sqlite3"] = { built: false };
      require("fs").writeFileSync(f, JSON.stringify(p, null, 2) + "\n");
    ' "$PORTAL/package.json"
  fi
  cp yarn.lock "$PORTAL/yarn.lock"
  # Hard links: a copy of this repo's cache at no cost, which the portal's
  # install may prune without touching ours.
  mkdir -p "$WORK/yarn-cache"
  if [ -d .yarn/cache ]; then
    cp -al .yarn/cache/. "$WORK/yarn-cache/" 2>/dev/null || cp -a .yarn/cache/. "$WORK/yarn-cache/"
  fi
  printf 'nodeLinker: node-modules\nenableTelemetry: false\nenableGlobalCache: false\ncacheFolder: %s\n' \
    "$WORK/yarn-cache" >"$PORTAL/.yarnrc.yml"
}

install_portal() {
  (cd "$PORTAL" && yarn install --no-immutable)
  if [ -n "${SQLITE_BINARY:-}" ]; then
    mkdir -p "$PORTAL/node_modules/better-sqlite3/build/Release"
    cp "$SQLITE_BINARY" "$PORTAL/node_modules/better-sqlite3/build/Release/"
  fi
}

typecheck_portal() {
  (cd "$PORTAL" && yarn tsc)
}

build_app() {
  (cd "$PORTAL/packages/app" && yarn backstage-cli package build)
  # `app.packages: all` must have picked the plugin up from the dependencies.
  grep -lq 'name:"@s3-resources/plugin-s3-resources"' "$PORTAL"/packages/app/dist/static/*.js ||
    { echo "the app did not discover @s3-resources/plugin-s3-resources"; return 1; }
}

check_backend() {
  node "$ROOT/scripts/packed-install/check-backend.mjs" "$PORTAL" "$LOG/backend.log"
}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  step "build the plugins" "$LOG/build.log" build
fi
step "pack the plugins" "$LOG/pack.log" pack
step "check the tarballs" "$LOG/tarballs.log" check_tarballs
cat "$LOG/tarballs.log"
step "create the portal" "$LOG/portal.log" make_portal
step "install the portal" "$LOG/install.log" install_portal
step "type-check the portal" "$LOG/tsc.log" typecheck_portal
step "build the portal's app" "$LOG/app-build.log" build_app
CURRENT_STEP="start the portal's backend and call the plugins"
echo "--- $CURRENT_STEP"
t0=$(date +%s)
check_backend
TIMINGS+=("$(printf '%-40s %4ss' "start the backend and call it" $(($(date +%s) - t0)))")
echo "packed-install: ok"
