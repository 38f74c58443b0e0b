#!/usr/bin/env bash
# Runs CMD... with a real, unlocked Secret Service: a private D-Bus session and
# gnome-keyring-daemon (secrets component) with a throwaway keyring, so the
# keychain test tier talks to the same libsecret API as an agent's desktop.
# Usage: scripts/with-keychain.sh npx vitest run --project keychain
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keychain: $tool not found (Debian: apt-get install dbus gnome-keyring)" >&2; exit 1; }
done

if [ "${WITH_KEYCHAIN_INNER:-}" != 1 ]; then
  # A private HOME keeps the throwaway keyring away from the user's real one.
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  WITH_KEYCHAIN_INNER=1 dbus-run-session -- bash "$0" "$@"
  exit $?
fi

# Inside the private bus: start and unlock the keyring, then run the command.
# The daemon leaves when dbus-run-session closes the bus.
eval "$(printf 'agent-toolbar-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
