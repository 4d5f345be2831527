#!/bin/sh
# Runs a command (the test suite) against a real Secret Service. On Linux it starts a private
# D-Bus session with a throwaway, unlocked gnome-keyring whose files live in a temporary folder,
# so tests never touch, prompt for or depend on the user's own keyring. Elsewhere (macOS
# Keychain, Windows Credential Manager) the OS keychain is used directly; tests always use a
# throwaway service name and delete what they create.
set -eu

if [ "$(uname -s)" != "Linux" ] || [ -n "${TOKENDECK_TEST_KEYRING:-}" ]; then
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "npm test needs $tool: install it with 'apt-get install dbus gnome-keyring' (Debian/Ubuntu)." >&2
    exit 1
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tokendeck-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"

XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" TOKENDECK_TEST_KEYRING=1 \
  dbus-run-session -- sh -c '
    printf %s "tokendeck-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    "$@"
  ' sh "$@"
