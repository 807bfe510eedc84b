// The QEMU test guests of spec/qemu/, built by scripts/qemu-guest/ (npm run setup), as domains of
// qemu:///system named rxvirt-test-*. Every file defines its own domains and removes them.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { virsh } from '../virsh.js';

export const QEMU_URI = 'qemu:///system';

/** Where scripts/qemu-guest/build.sh leaves the guest's kernel and initramfs. */
export const GUEST_DIR = process.env.RXVIRT_QEMU_GUEST_DIR ?? '/var/tmp/rxvirt-qemu-guest';

/** What the guest's init prints on its serial console once the agent and acpid are started. */
export const GUEST_READY = 'rxvirt-guest: ready';

/** The guest's answer on its console to a line it was sent. */
export const guestAnswer = (line: string): string => `rxvirt-guest heard: ${line}`;

/**
 * Fails with what is missing (and how to get it) when the set-up has not run on this machine:
 * QEMU, virtlogd's socket or the guest's files.
 */
export function requireQemuSetup(): void {
  const needed = ['/usr/bin/qemu-system-x86_64', '/usr/bin/qemu-img', '/run/libvirt/virtlogd-sock', `${GUEST_DIR}/vmlinuz`, `${GUEST_DIR}/initrd.img`];
  const missing = needed.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`the QEMU test set-up is missing ${missing.join(', ')}: run \`bash scripts/qemu-guest/setup.sh\` as root (npm run setup does)`);
  }
}

/** A name no other run uses: rxvirt-test-PURPOSE-PID. */
export const testDomainName = (purpose: string): string => `rxvirt-test-${purpose}-${process.pid}`;

/**
 * The Linux guest: Debian's kernel and the busybox/qemu-ga initramfs, booted directly, emulated
 * (no KVM), 256 MiB. Its serial console answers every line; the power button powers it off.
 */
export function linuxGuestXml(name: string): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${GUEST_DIR}/vmlinuz</kernel>
    <initrd>${GUEST_DIR}/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <memballoon model='none'/>
  </devices>
</domain>`;
}

/**
 * A domain with no operating system: it sits in SeaBIOS (started in well under a second), enough
 * for the monitor, screenshots, snapshots and save/restore. `disk` is a qcow2 file to attach
 * (internal snapshots need one).
 */
export function biosGuestXml(name: string, disk?: string): string {
  const diskXml = disk
    ? `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>`
    : '';
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <features><acpi/></features>
  <devices>
    ${diskXml}
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>`;
}

/** Destroys (if running) and undefines a test domain, with any snapshot metadata; quiet if it is gone. */
export function removeTestDomain(name: string): void {
  for (const args of [['destroy', name], ['undefine', name, '--snapshots-metadata']]) {
    try {
      execFileSync('virsh', ['-c', QEMU_URI, ...args], { stdio: 'ignore', timeout: 20_000 });
    } catch {
      // Not running, or not defined.
    }
  }
}

/** `virsh domstate NAME`. */
export const virshState = (name: string): string => virsh(QEMU_URI, 'domstate', name).trim();

/** A directory under /var/tmp for a test's files, and how to remove it. */
export interface ScratchDir {
  readonly path: string;
  remove(): void;
}

/**
 * A scratch directory the daemon's QEMU (user libvirt-qemu) can reach: mkdtemp makes it 0700 and
 * libvirt relabels the files it uses, not their directories.
 */
export function scratchDir(prefix: string): ScratchDir {
  const path = mkdtempSync(join('/var/tmp', prefix));
  chmodSync(path, 0o755);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A qcow2 disk image of `size` (qemu-img's notation), made by qemu-img. */
export function createQcow2(file: string, size = '16M'): void {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, size], { timeout: 20_000 });
}
