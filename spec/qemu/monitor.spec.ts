// conn.qemu's monitor commands (QMP and HMP), QMP events and a screenshot on a real QEMU domain
// (SeaBIOS, no OS), each compared with virsh or python3-libvirt on the same domain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import { screenshot } from '../../examples/screenshot.js';
import { collectBytes, connect, type Connection, type Domain, virDomainQemuMonitorCommandFlags } from '../../src/index.js';
import { biosGuestXml, QEMU_URI, removeTestDomain, requireQemuSetup, scratchDir, testDomainName, virshState } from '../support/qemu/guest.js';
import { PythonEventWatcher } from '../support/qemu/python-libvirt.js';
import { virsh } from '../support/virsh.js';

const HMP = virDomainQemuMonitorCommandFlags.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP;

/** A QMP reply without its `id`, which libvirt numbers per command. */
const qmpReply = (text: string): unknown => {
  const reply = JSON.parse(text) as Record<string, unknown>;
  delete reply.id;
  return reply;
};

describe('QEMU monitor on a running domain', () => {
  const name = testDomainName('monitor');
  let conn: Connection;
  let dom: Domain;

  beforeAll(async () => {
    requireQemuSetup();
    removeTestDomain(name);
    conn = await firstValueFrom(connect(QEMU_URI));
    dom = await firstValueFrom(conn.objects.domainDefineXml({ xml: biosGuestXml(name) }));
    await lastValueFrom(dom.create(), { defaultValue: undefined });
  });
  afterAll(async () => {
    removeTestDomain(name);
    if (conn) await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('answers QMP commands as virsh qemu-monitor-command does', async () => {
    for (const cmd of ['{"execute":"query-status"}', '{"execute":"query-name"}', '{"execute":"query-kvm"}']) {
      const reply = await firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd, flags: 0 }));
      expect(qmpReply(reply)).toEqual(qmpReply(virsh(QEMU_URI, 'qemu-monitor-command', name, cmd)));
    }
    const status = await firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd: '{"execute":"query-status"}', flags: 0 }));
    expect(qmpReply(status)).toEqual({ return: { status: 'running', singlestep: false, running: true } });
    // A command QEMU does not know is QEMU's error, passed through as text by libvirt.
    const unknown = await firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd: '{"execute":"rxvirt-no-such-command"}', flags: 0 }));
    expect(qmpReply(unknown)).toEqual(qmpReply(virsh(QEMU_URI, 'qemu-monitor-command', name, '{"execute":"rxvirt-no-such-command"}')));
    expect(qmpReply(unknown)).toMatchObject({ error: { class: 'CommandNotFound' } });
  });

  it('answers HMP commands as virsh qemu-monitor-command --hmp does', async () => {
    for (const cmd of ['info status', 'info name', 'info chardev']) {
      const reply = await firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd, flags: HMP }));
      expect(reply.trimEnd()).toBe(virsh(QEMU_URI, 'qemu-monitor-command', name, '--hmp', cmd).trimEnd());
    }
    expect(await firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd: 'info status', flags: HMP }))).toMatch(/^VM status: running/);
  });

  it('delivers the QMP events of a pause and a resume as python3-libvirt receives them', async () => {
    const watcher = await PythonEventWatcher.start(QEMU_URI, name);
    try {
      const events = firstValueFrom(conn.events.qemuMonitor({ dom }).pipe(take(2), toArray(), timeout(20_000)));
      // The registration's reply has come back once a later call has.
      await firstValueFrom(conn.connectGetLibVersion());
      await lastValueFrom(dom.suspend(), { defaultValue: undefined });
      await lastValueFrom(dom.resume(), { defaultValue: undefined });
      const received = await events;
      await watcher.until(() => watcher.monitor.length >= 2, 10_000, 'given two QMP events');

      expect(received.map((event) => event.event)).toEqual(['STOP', 'RESUME']);
      expect(received.map((event) => event.dom.name)).toEqual([name, name]);
      // The same QEMU events: same names, timestamps and details.
      expect(received.map(({ event, seconds, micros, details }) => ({ event, seconds: Number(seconds), micros, details }))).toEqual(
        watcher.monitor.slice(0, 2).map(({ event, seconds, micros, details }) => ({ event, seconds, micros, details })),
      );
    } finally {
      await watcher.stop();
    }
    expect(virshState(name)).toBe('running');
  });

  it('takes the same screenshot as virsh screenshot', async () => {
    const scratch = scratchDir('rxvirt-screenshot-');
    // Paused, the screen (the cursor's blinking included: it runs on the guest's clock) holds still.
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    try {
      const { reply: mime, bytes } = await firstValueFrom(dom.screenshot({ screen: 0, flags: 0 }).pipe(collectBytes()));
      const file = join(scratch.path, 'virsh.png');
      expect(virsh(QEMU_URI, 'screenshot', name, file)).toContain('with type of image/png');
      expect(mime).toBe('image/png');
      expect(Buffer.from(bytes).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
      // examples/screenshot.ts, unchanged, saves the same image.
      const fromExample = join(scratch.path, 'example.png');
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await screenshot(fromExample, QEMU_URI, name)).toBe('image/png');
      } finally {
        log.mockRestore();
      }
      expect(readFileSync(fromExample).equals(readFileSync(file))).toBe(true);
    } finally {
      await lastValueFrom(dom.resume(), { defaultValue: undefined });
      scratch.remove();
    }
  });
});
