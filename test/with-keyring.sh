#!/bin/sh
# Runs a command (the test suite) against a real Secret Service. On Linux it starts a private
# D-Bus session with a throwaway, unlocked gnome-keyring whose files live in a temporary folder,
# so tests never touch, prompt for or depend on the user's own keyring. Elsewhere (macOS
# Keychain, Windows Credential Manager) the OS keychain is used directly; tests always use a
# throwaway service name and delete what they create.
#
# The daemon is started by D-Bus activation from a service file of ours that unlocks it, so a
# daemon that stops mid-run (gnome-keyring 42 has been seen to die on a GLib trap under the
# suite's load) comes back unlocked on the next call instead of leaving a locked keyring behind.
# Its own messages go to a log printed at the end whenever it had to be started more than once.
#
# The bus allows as many connections per user as a desktop's session bus does (session.conf:
# 100000; D-Bus's built-in default is 256). Each keychain call opens its own connection, which
# @napi-rs/keyring closes only when its entry is garbage-collected, so a test file of a few
# hundred calls could reach 256 or not depending on when the collector ran.
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
mkdir -p "$scratch/data" "$scratch/runtime" "$scratch/services"
chmod 700 "$scratch/runtime"

cat >"$scratch/keyring-daemon.sh" <<EOF
#!/bin/sh
date '+%H:%M:%S start' >>"$scratch/starts"
printf %s tokendeck-test | gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>>"$scratch/daemon.log"
{ echo "exit \$?" >>"$scratch/daemon.log"; } 2>/dev/null
EOF
cat >"$scratch/services/org.freedesktop.secrets.service" <<EOF
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh $scratch/keyring-daemon.sh
EOF
cat >"$scratch/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$scratch/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="service_start_timeout">60000</limit>
  <limit name="max_connections_per_user">100000</limit>
</busconfig>
EOF

status=0
XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" TOKENDECK_TEST_KEYRING=1 \
  dbus-run-session --config-file="$scratch/bus.conf" -- sh -c '
    # Start the keyring now (activation), so the first test does not pay for it.
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null
    "$@"
  ' sh "$@" || status=$?

starts=$(wc -l <"$scratch/starts" 2>/dev/null || echo 0)
if [ "$starts" -gt 1 ]; then
  echo "with-keyring: the gnome-keyring daemon was started $starts times (it stopped mid-run); its log:" >&2
  cat "$scratch/starts" "$scratch/daemon.log" >&2 || true
fi
exit "$status"
