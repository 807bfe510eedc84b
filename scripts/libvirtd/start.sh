#!/usr/bin/env bash
# Installs (if needed) and starts the libvirt daemon that rxvirt's integration tests talk to.
# Run as root on Debian. Idempotent: a daemon that already answers is left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
conf="$here/libvirtd.conf"

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
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends \
    libvirt-daemon libvirt-clients python3-libvirt netcat-openbsd \
    sasl2-bin libsasl2-modules openssh-server websockify openssl
fi

# Certificates, SASL configuration and user for the TCP/TLS listeners (before the daemon starts:
# it refuses to listen on TLS without them).
bash "$here/remote-credentials.sh"

# What the daemon expects to find on a fresh machine (the packages' postinst does not run
# the way it would under systemd here).
getent group kvm >/dev/null || groupadd --system kvm
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
id -u libvirt-qemu >/dev/null 2>&1 || useradd --system --no-create-home \
  --gid libvirt-qemu --groups kvm --shell /usr/sbin/nologin libvirt-qemu
mkdir -p /var/log/libvirt /run/libvirt

if answers; then
  echo "libvirtd already answers"
  exit 0
fi

# A daemon that is running but not answering, or a stale pid file, would block the new one.
pkill -x libvirtd 2>/dev/null || true
for _ in $(seq 1 50); do pgrep -x libvirtd >/dev/null || break; sleep 0.1; done
rm -f /run/libvirt/libvirtd.pid

# SASL_CONF_PATH points Cyrus SASL at the project's libvirt.conf (mech_list, sasldb_path).
SASL_CONF_PATH=/var/lib/rxvirt-test/sasl libvirtd -d --listen -f "$conf"

# A socket file can be stale: only an answer proves the daemon is up.
for _ in $(seq 1 120); do
  if answers; then
    echo "libvirtd is up: $(virsh -c test+unix:///default version --daemon | tr '\n' ' ')"
    exit 0
  fi
  sleep 0.5
done
echo "libvirtd did not answer within 60 s" >&2
tail -n 50 /var/log/libvirt/libvirtd.log >&2 || true
exit 1
