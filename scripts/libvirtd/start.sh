#!/usr/bin/env bash
# Installs (if needed) and starts the libvirt daemon that rxvirt's integration tests talk to.
# Run as root on Debian. Idempotent: a daemon that already answers is left alone. A daemon that
# runs but does not answer is restarted with the project's configuration only when this script
# started it, or when asked: RXVIRT_RESTART_LIBVIRTD=1, or CI=true (a CI machine is the project's).
#   RXVIRT_SETUP_DRY_RUN=1 says what it would install, start or restart, and changes nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
conf="$here/libvirtd.conf"
dry_run=${RXVIRT_SETUP_DRY_RUN:-0}
# The system daemon's own pid file (private daemons, as in spec/support/private-daemon.ts, have
# theirs elsewhere), and the pid of the daemon this script last started.
system_pid_file=/run/libvirtd.pid
started_by_us=/run/rxvirt-libvirtd.pid
what_it_serves="rxvirt's test configuration ($conf): unix sockets, TCP on 127.0.0.1:16509 without authentication, TLS on 127.0.0.1:16514 with SASL"

# The daemon must answer on its unix socket and on its loopback TCP listener: one started
# with an older configuration (no --listen) is replaced.
answers() {
  timeout 10 virsh -c test+unix:///default version >/dev/null 2>&1 \
    && timeout 10 virsh -c test+tcp://127.0.0.1/default version >/dev/null 2>&1
}

# sasl2-bin, openssh-server, websockify and openssl serve the remote-transport tests
# (SASL users, an sshd on loopback, a WebSocket relay, certificates).
if ! command -v libvirtd >/dev/null 2>&1 || ! command -v virsh >/dev/null 2>&1 \
   || ! /usr/bin/python3 -c 'import libvirt' >/dev/null 2>&1 || ! command -v saslpasswd2 >/dev/null 2>&1 \
   || ! command -v sshd >/dev/null 2>&1 || ! command -v websockify >/dev/null 2>&1 \
   || ! command -v openssl >/dev/null 2>&1 || ! command -v nc >/dev/null 2>&1; then
  echo "Installing libvirt-daemon, libvirt-clients, python3-libvirt, netcat-openbsd, sasl2-bin, libsasl2-modules, openssh-server, websockify and openssl (apt-get)"
  [ "$dry_run" != 1 ] || { echo "(dry run: nothing installed)"; exit 0; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends \
    libvirt-daemon libvirt-clients python3-libvirt netcat-openbsd \
    sasl2-bin libsasl2-modules openssh-server websockify openssl
fi

# Certificates, SASL configuration and user for the TCP/TLS listeners (before the daemon starts:
# it refuses to listen on TLS without them).
[ "$dry_run" = 1 ] || bash "$here/remote-credentials.sh"

# What the daemon expects to find on a fresh machine (the packages' postinst does not run
# the way it would under systemd here).
if [ "$dry_run" != 1 ]; then
  getent group kvm >/dev/null || groupadd --system kvm
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  id -u libvirt-qemu >/dev/null 2>&1 || useradd --system --no-create-home \
    --gid libvirt-qemu --groups kvm --shell /usr/sbin/nologin libvirt-qemu
  mkdir -p /var/log/libvirt /run/libvirt
fi

if answers; then
  echo "libvirtd already answers"
  exit 0
fi

# A system daemon that is running but not answering (or one started with an older configuration)
# would block the new one: it is stopped, if it is ours to stop.
running=$(cat "$system_pid_file" 2>/dev/null || true)
if [ -n "$running" ] && [ "$(ps -o comm= -p "$running" 2>/dev/null)" != libvirtd ]; then running=; fi
if [ -z "$running" ]; then
  echo "Starting libvirtd with $what_it_serves"
elif [ "$(cat "$started_by_us" 2>/dev/null || true)" = "$running" ] || [ "${RXVIRT_RESTART_LIBVIRTD:-}" = 1 ] || [ "${CI:-}" = true ]; then
  echo "Restarting libvirtd (pid $running), which does not answer on test+unix:///default and test+tcp://127.0.0.1/default, with $what_it_serves"
else
  echo "libvirtd (pid $running) runs but does not answer on test+unix:///default and test+tcp://127.0.0.1/default." >&2
  echo "rxvirt's set-up did not start it, so it leaves it alone. To restart it with $what_it_serves, run again with RXVIRT_RESTART_LIBVIRTD=1." >&2
  exit 1
fi
[ "$dry_run" != 1 ] || { echo "(dry run: nothing started or stopped)"; exit 0; }
if [ -n "$running" ]; then
  kill "$running" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$running" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$running" 2>/dev/null; then kill -KILL "$running"; fi
fi
rm -f /run/libvirt/libvirtd.pid

# SASL_CONF_PATH points Cyrus SASL at the project's libvirt.conf (mech_list, sasldb_path).
SASL_CONF_PATH=/var/lib/rxvirt-test/sasl libvirtd -d --listen -f "$conf"

# A socket file can be stale: only an answer proves the daemon is up.
for _ in $(seq 1 120); do
  if answers; then
    cp "$system_pid_file" "$started_by_us" 2>/dev/null || true # this one is ours to restart next time
    echo "libvirtd is up: $(virsh -c test+unix:///default version --daemon | tr '\n' ' ')"
    exit 0
  fi
  sleep 0.5
done
echo "libvirtd did not answer within 60 s" >&2
tail -n 50 /var/log/libvirt/libvirtd.log >&2 || true
exit 1
