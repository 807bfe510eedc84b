#!/usr/bin/env bash
# Set-up for the tests under spec/qemu/ (run as root by `npm run setup`, after scripts/libvirtd/start.sh):
# QEMU itself, the virtlogd daemon that libvirt's QEMU driver hands consoles and logs to, and the
# test guest (build.sh). Idempotent and quick when all is there already.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if ! command -v qemu-system-x86_64 >/dev/null 2>&1 || ! command -v qemu-img >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # Package lists may be missing or stale on a fresh machine: update only when the install fails.
  apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils \
    || { apt-get update && apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils; }
fi

# Without virtlogd a domain does not start (libvirtd connects to /run/libvirt/virtlogd-sock).
# A live one has its socket and is no zombie (pgrep alone would count a zombie).
if ! [ -S /run/libvirt/virtlogd-sock ] || ! ps -C virtlogd -o stat= | grep -qv '^Z'; then
  virtlogd -d
  for _ in $(seq 1 50); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.1; done
  [ -S /run/libvirt/virtlogd-sock ] || { echo "virtlogd did not create /run/libvirt/virtlogd-sock" >&2; exit 1; }
fi

bash "$here/build.sh"
