#!/usr/bin/env bash
# Makes sure the local PostgreSQL (127.0.0.1:5432, trust auth) is running;
# starts it when it is not, and fails loudly when it cannot: store tests must
# run on PostgreSQL, never be skipped.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
case "${1:-ensure}" in
  ensure)
    if ready; then echo "postgresql is running on 127.0.0.1:5432"; exit 0; fi
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "PostgreSQL is not running on 127.0.0.1:5432 and pg_ctlcluster is not installed" >&2
      exit 1
    fi
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 50); do ready && { echo "postgresql started"; exit 0; }; sleep 0.2; done
    echo "PostgreSQL did not start on 127.0.0.1:5432; the store tests need it" >&2
    exit 1
    ;;
esac
