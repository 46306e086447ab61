#!/usr/bin/env bash
# Backend for the e2e tests on :7007: serves the built app and the API of the
# development server on :3000 (app-config.e2e.yaml).
# Builds the app first when packages/app/dist is missing or older than its sources.
#
# The backend runs once, without watching files: in watch mode
# (`backstage-cli package start`) an edit anywhere in the tree restarts it
# mid-run and wipes its in-memory database. S3R_E2E_WATCH=1 brings watch mode
# back for local debugging. Everything it prints is also
# appended to .run/e2e-backend.log (S3R_E2E_BACKEND_LOG to change it), which is
# scanned for leaked secrets after the suite. Appended, not truncated: several
# backends (e2e, benchmarks on other ports) may run at once.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
root=$PWD
mkdir -p .run
log="${S3R_E2E_BACKEND_LOG:-$root/.run/e2e-backend.log}"
echo "=== e2e backend $$ started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$log"
exec > >(tee -a "$log") 2> >(tee -a "$log" >&2)

if [ ! -f packages/app/dist/index.html ] || [ -n "$(find packages/app/src plugins/s3-resources/src -newer packages/app/dist/index.html -print -quit)" ]; then
  echo "e2e: building the app" >&2
  yarn workspace app build >/dev/null
fi

configs=(--config ../../app-config.yaml --config ../../app-config.e2e.yaml)
if [ -n "${S3R_E2E_EXTRA_CONFIG:-}" ]; then
  configs+=(--config "$S3R_E2E_EXTRA_CONFIG")
fi

cd packages/backend
if [ -n "${S3R_E2E_WATCH:-}" ]; then
  exec yarn backstage-cli package start "${configs[@]}"
fi

# What `backstage-cli package start` runs, minus the file watcher: the entry
# point under the CLI's TypeScript transform, in development mode (the guest
# sign-in provider only works there).
transform=$(node -p "require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [require.resolve('@backstage/cli-module-build/package.json')] })")
export NODE_ENV="${NODE_ENV:-development}"
export ESBK_TSCONFIG_PATH="$root/tsconfig.json"
echo "e2e: starting the backend without watch mode (log: .run/e2e-backend.log)" >&2
exec node --enable-source-maps --require "$transform" src/index.ts "${configs[@]}"
