#!/usr/bin/env bash
# Builds rxvirt's test guest: Debian's own kernel and an initramfs of busybox-static and
# qemu-guest-agent (see ./init), booted directly by QEMU (<kernel>/<initrd>), no disk image.
# Output, cached until this recipe changes:
#   /var/tmp/rxvirt-qemu-guest/vmlinuz, /var/tmp/rxvirt-qemu-guest/initrd.img
#   /var/tmp/rxvirt-qemu-guest/recipe.sha256 (the hash of the recipe they were built from)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${RXVIRT_QEMU_GUEST_DIR:-/var/tmp/rxvirt-qemu-guest}
recipe=$(cat "$here/build.sh" "$here/init" "$here/power-button" | sha256sum | cut -d' ' -f1)

if [ -f "$out/recipe.sha256" ] && [ "$(cat "$out/recipe.sha256")" = "$recipe" ] \
   && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ]; then
  echo "qemu test guest is up to date in $out"
  exit 0
fi

work=$(mktemp -d /var/tmp/rxvirt-qemu-guest-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The kernel package that linux-image-amd64 currently points at, busybox-static and the agent.
# (errexit does not apply inside a function called in a || list: each step is chained with &&.)
download_packages() {
  kernel_package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }') \
    && [ -n "$kernel_package" ] \
    && apt-get download "$kernel_package" busybox-static qemu-guest-agent 2>&1 >/dev/null | { grep -v "unsandboxed as root" >&2 || true; }
}
# Package lists can be missing or stale (a newer kernel was published): update them once.
download_packages || { apt-get update >/dev/null && download_packages; } \
  || { echo "could not download the kernel, busybox-static and qemu-guest-agent packages" >&2; exit 1; }

dpkg-deb -x busybox-static_*.deb busybox
dpkg-deb -x qemu-guest-agent_*.deb agent
# Only the kernel image and the modules the guest loads (see ./init).
modules='virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_console button evdev'
dpkg-deb --fsys-tarfile "${kernel_package}"_*.deb \
  | tar -x --wildcards './boot/vmlinuz-*' $(for m in $modules; do printf "./lib/modules/*/%s.ko " "*/$m"; done)
version=${kernel_package#linux-image-}

root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/acpi/PWRF,proc,sys,dev,run,tmp,var,"lib/modules/$version"}
# qemu-ga keeps its state in /var/run.
ln -s ../run "$root/var/run"
cp busybox/bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
find "lib/modules/$version" -name '*.ko' -exec cp {} "$root/lib/modules/$version/" \;
for m in $modules; do
  [ -f "$root/lib/modules/$version/$m.ko" ] || { echo "module $m is not in $kernel_package" >&2; exit 1; }
done

# The agent and the shared libraries it links, at the same paths as on this (Debian) host.
cp agent/usr/sbin/qemu-ga "$root/usr/sbin/qemu-ga"
if ldd agent/usr/sbin/qemu-ga | grep -q 'not found'; then
  echo "qemu-ga needs libraries this host lacks:" >&2
  ldd agent/usr/sbin/qemu-ga >&2
  exit 1
fi
for lib in $(ldd agent/usr/sbin/qemu-ga | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

install -m 0755 "$here/init" "$root/init"
install -m 0755 "$here/power-button" "$root/etc/acpi/PWRF/00000080"

mkdir -p "$work/out"
(cd "$root" && find . | "$root/bin/busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$work/out/initrd.img"
cp boot/vmlinuz-"$version" "$work/out/vmlinuz"
echo "$recipe" >"$work/out/recipe.sha256"
# The daemon's QEMU runs as libvirt-qemu: the files and their directory must be readable to it.
chmod 0755 "$work/out"
chmod 0644 "$work/out"/*

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$work/out" "$out"
echo "qemu test guest built in $out ($kernel_package)"
