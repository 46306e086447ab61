#!/usr/bin/env bash
# Run by `yarn install` (postinstall): points git at .githooks, unless this
# is no git checkout (a packed tarball) or another hooks path is set.
cd "$(dirname "$0")/.." || exit 0
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 0
current=$(git config core.hooksPath || true)
if [ -z "$current" ]; then
  git config core.hooksPath .githooks || true
elif [ "$current" != .githooks ]; then
  echo "install-git-hooks: core.hooksPath is $current; leaving it (.githooks/pre-commit formats staged files)" >&2
fi
exit 0
