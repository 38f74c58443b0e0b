#!/usr/bin/env bash
# Prints the path of Electron's binary for the project in the current directory,
# and nothing else, on stdout; exits non-zero when there is none.
# require('electron') returns that path, downloading the binary first when it is
# missing (electron/index.js, Electron >= 36: it prints "Downloading Electron
# binary..." on stdout and runs its installer with inherited stdio). So the path
# is written to fd 3, which alone reaches our stdout; Electron's own stdout goes
# to stderr (the user sees the download happen) and its stderr, stack traces of
# a failed download included, to the log file named by $1 (default /dev/null).
set -uo pipefail
log=${1:-/dev/null}
node -e "require('fs').writeSync(3, String(require('electron')))" 3>&1 1>&2 2>"$log"
