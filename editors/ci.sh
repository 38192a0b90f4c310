#!/usr/bin/env bash
# Editor integration checks for CI (called by .ci/run):
#   - the Neovim end-to-end test against the built binary (installs Debian's
#     neovim if it is missing);
#   - the VS Code extension: npm ci, lint, typecheck, unit tests, .vsix
#     packaging and a load check of the .vsix, when npm is available.
# The Helix config is checked by `cargo test` (tests/editors_helix.rs).
#
# Usage: editors/ci.sh PATH/TO/copydesk   (e.g. target/release/copydesk)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:?usage: editors/ci.sh PATH/TO/copydesk}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac

echo "== editors: neovim e2e ($bin)"
if ! command -v nvim >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing neovim with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq neovim >/dev/null
  else
    echo "editors/ci.sh: nvim is missing and apt-get is not available" >&2
    exit 1
  fi
fi
bash "$root/tests/editors/neovim_e2e.sh" "$bin"

if command -v npm >/dev/null 2>&1; then
  echo "== editors: vscode extension"
  cd "$root/editors/vscode"
  npm ci --no-audit --no-fund
  npm run lint
  npm run typecheck
  COPYDESK_BIN="$bin" npm test
  npm run package
  unpacked="$(mktemp -d)"
  python3 -m zipfile -e copydesk.vsix "$unpacked"
  npm run -s smoke -- "$unpacked"
  rm -rf "$unpacked"
  ls -l copydesk.vsix
else
  echo "== editors: npm not found; skipping the VS Code extension"
fi
