#!/usr/bin/env bash
# Backend for the e2e tests: serves the built app on :7007 (app-config.e2e.yaml).
# Builds the app first when packages/app/dist is missing or older than its sources.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
if [ ! -f packages/app/dist/index.html ] || [ -n "$(find packages/app/src plugins/s3-resources/src -newer packages/app/dist/index.html -print -quit)" ]; then
  echo "e2e: building the app" >&2
  yarn workspace app build >/dev/null
fi
cd packages/backend
exec yarn backstage-cli package start --config ../../app-config.yaml --config ../../app-config.e2e.yaml ${S3R_E2E_EXTRA_CONFIG:+--config "$S3R_E2E_EXTRA_CONFIG"}
