#!/usr/bin/env bash
# Installs what this machine needs for the toolbar and its tests (Debian, as root):
# keytar builds from source against libsecret; the keychain tier needs
# gnome-keyring under a private D-Bus; e2e runs Debian's Chromium.
# Idempotent: installs only what is missing, runs `npm ci` only when needed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsecret-1-dev pkg-config gnome-keyring dbus chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup: missing Debian packages: ${missing[*]} (run this script as root on Debian, or install them)" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm ci when node_modules is absent or older than the lock file.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-fund --no-audit >&2
fi
