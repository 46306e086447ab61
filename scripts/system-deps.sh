#!/usr/bin/env bash
# Debian packages the tests need: Chromium (e2e), Ceph (the S3-compatible
# test server), Redis (the shared cache of the multi-replica tests, which
# start and stop their own redis-server) and the aws CLI (the audit's fixes
# are run as a person would paste them). Installs only what is missing; needs root on Debian/Ubuntu.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || [ -x "${S3R_CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v radosgw >/dev/null 2>&1 || missing+=(ceph-mon ceph-osd radosgw)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v aws >/dev/null 2>&1 || missing+=(awscli)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: chromium, ceph-mon, ceph-osd, radosgw, redis-server, awscli"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages: ${missing[*]}; install them with apt-get (needs root on Debian/Ubuntu)" >&2
  exit 1
fi
mkdir -p .run
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>.run/apt.err; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
