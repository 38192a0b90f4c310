#!/usr/bin/env bash
# Neovim end-to-end test: Neovim (0.7+) talks to `copydesk serve`, gets
# diagnostics, applies a quick fix and "fix all", and checks the buffer.
#
# Usage: tests/editors/neovim_e2e.sh [PATH/TO/copydesk]
# Default binary: $CARGO_TARGET_DIR (or target)/debug/copydesk.
# Needs nvim on PATH (editors/ci.sh installs it on Debian).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/debug/copydesk}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac

if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim_e2e: nvim not found (apt-get install -y neovim)" >&2
  exit 1
fi
if [ ! -x "$bin" ]; then
  echo "neovim_e2e: copydesk binary not found or not executable: $bin (build it with cargo build)" >&2
  exit 1
fi

# An empty HOME and XDG dirs so a user's init.lua, plugins or shada cannot
# change the outcome; `timeout` guards against a hung server.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
  XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" \
  COPYDESK_BIN="$bin" \
  timeout 120 nvim --headless -u NONE -i NONE --noplugin \
  -c "luafile $root/editors/neovim/test/e2e.lua" </dev/null || status=$?

if [ "$status" -eq 0 ]; then
  echo "neovim-e2e: 1 passed, 0 failed"
else
  [ "$status" -eq 124 ] && echo "neovim_e2e: nvim did not finish within 120 s" >&2
  echo "neovim-e2e: 0 passed, 1 failed"
fi
exit "$status"
