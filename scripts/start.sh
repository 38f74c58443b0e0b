#!/usr/bin/env bash
# `npm start`: the toolbar against the embedded simulator pair.
# Electron fetches its binary lazily on first launch; where it cannot (machines
# that reach only the package registries) or there is no display, the same UI,
# main-side core and simulator are served by the browser preview host instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .tmp

# Only the binary's path: Electron's download messages must not end up in it.
download_log=.tmp/electron-download.log
if ! electron_path=$(bash scripts/electron-binary.sh "$download_log") || [ -z "$electron_path" ]; then
  why="Electron's binary is not installed and could not be downloaded here (this machine reaches only the package registries; details in $download_log)"
elif [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname -s)" = Linux ]; then
  why="Electron is installed, but there is no display (DISPLAY and WAYLAND_DISPLAY are unset)"
else
  npm run --silent build:electron
  exec "$electron_path" . "$@"
fi

echo "npm start: $why." >&2
echo "npm start: serving the same toolbar through the browser preview host instead." >&2
npm run --silent build:renderer >&2
exec npx tsx app/main/preview/cli.ts "$@"
