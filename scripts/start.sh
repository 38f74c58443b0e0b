#!/usr/bin/env bash
# `npm start`: the toolbar against the embedded simulator pair.
# Electron fetches its binary lazily on first launch; where it cannot (machines
# that reach only the package registries) or there is no display, the same UI,
# main-side core and simulator are served by the browser preview host instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname -s)" = Linux ]; then
  why="no display (DISPLAY/WAYLAND_DISPLAY unset)"
elif ! electron_path=$(node -e "process.stdout.write(require('electron'))" 2>/dev/null); then
  why="Electron's binary is not installed and cannot be downloaded here"
else
  npm run --silent build:electron
  exec "$electron_path" . "$@"
fi

echo "npm start: $why; serving the toolbar through the browser preview host instead." >&2
npm run --silent build:renderer
exec npx tsx app/main/preview/cli.ts "$@"
