// conn.qemu's monitor commands (QMP and HMP), QMP events and a screenshot on a real QEMU domain
// (SeaBIOS, no OS), each compared with virsh or python3-libvirt on the same domain.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, map, type Observable } from 'rxjs';
import { screenshot } from '../../examples/screenshot.js';
import { collectBytes, connect, type Connection, type Domain, LibvirtError, virDomainQemuMonitorCommandFlags } from '../../src/index.js';
import { biosGuestXml, QEMU_URI, removeTestDomain, requireQemuSetup, scratchDir, testDomainName, virshState } from '../support/qemu/guest.js';
import { PythonEventWatcher } from '../support/qemu/python-libvirt.js';
import { watchEvents } from '../support/watch-events.js';
import { virsh } from '../support/virsh.js';

const HMP = virDomainQemuMonitorCommandFlags.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP;

type Outcome = { ok: Record<string, unknown> } | { error: string | null };

/** A getter's record with numbers as text (as {@link pythonTypedParameters} has them), or the daemon's message. */
async function outcome(call: Observable<Readonly<Record<string, unknown>>>): Promise<Outcome> {
  try {
    const record = await firstValueFrom(call);
    return { ok: Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'number' || typeof value === 'bigint' ? String(value) : value])) };
  } catch (error) {
    if (error instanceof LibvirtError) return { error: error.libvirtMessage };
    throw error;
  }
}

/** What python3-libvirt's typed-parameter getters return for domain `name`, or the message of their error. */
function pythonTypedParameters(name: string): Record<string, Outcome> {
  const script = `
import json, libvirt
libvirt.registerErrorHandler(lambda ctx, err: None, None)
d = libvirt.open('${QEMU_URI}').lookupByName('${name}')
def outcome(get):
    try:
        return {'ok': {k: v if isinstance(v, (bool, str)) else str(v) for k, v in get().items()}}
    except libvirt.libvirtError as e:
        return {'error': e.get_error_message()}
print(json.dumps({
    'memory': outcome(lambda: d.memoryParameters(0)),
    'blkio': outcome(lambda: d.blkioParameters(0)),
    'scheduler': outcome(lambda: d.schedulerParameters()),
    'numa': outcome(lambda: d.numaParameters(0)),
    'perfEvents': outcome(lambda: d.perfEvents(0)),
    'jobStats': outcome(lambda: {k: v for k, v in d.jobStats(0).items() if k != 'type'}),
}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 30_000 })) as Record<string, Outcome>;
}

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

  it('reads typed parameters and job info as python-libvirt does (records by name, names beside numbers)', async () => {
    const python = pythonTypedParameters(name);
    const ours = {
      memory: await outcome(dom.getMemoryParameters()),
      blkio: await outcome(dom.getBlkioParameters()),
      scheduler: await outcome(dom.getSchedulerParameters()),
      numa: await outcome(dom.getNumaParameters()),
      perfEvents: await outcome(dom.getPerfEvents()),
      jobStats: await outcome(dom.getJobStats().pipe(map(({ params }) => params))),
    };
    expect(ours).toEqual(python);
    // Something on this guest is a record (the job stats at least), not only daemon errors.
    expect(Object.values(ours).some((result) => 'ok' in result)).toBe(true);
    expect(await firstValueFrom(dom.getJobStats())).toMatchObject({ type: 0, typeName: 'VIR_DOMAIN_JOB_NONE', params: expect.any(Object) });
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
      const { live, events } = watchEvents(conn.events.qemuMonitor({ dom, registered: true }), 2, 20_000);
      await live;
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

  it('keeps the order of QEMU monitor registrations asked in one tick: unfiltered then filtered succeed, every time', async () => {
    // Without the one-at-a-time order, libvirtd's workers take the two calls in either order and
    // refuse the unfiltered one when the filtered one came first: here, within 100 attempts.
    for (let attempt = 0; attempt < 100; attempt++) {
      const fresh = await firstValueFrom(connect(QEMU_URI));
      try {
        const all = watchEvents(fresh.events.qemuMonitor({ dom, registered: true }), 1);
        const stops = watchEvents(fresh.events.qemuMonitor({ dom, event: 'STOP', registered: true }), 1);
        await Promise.all([all.live, stops.live]);
        expect(fresh.events.liveRegistrations).toHaveLength(2);
        if (attempt > 0) continue;
        // Both deliver: the pause's STOP reaches the unfiltered and the filtered stream.
        await lastValueFrom(dom.suspend(), { defaultValue: undefined });
        const [[anyEvent], [stopEvent]] = await Promise.all([all.events, stops.events]);
        expect([anyEvent.event, stopEvent.event]).toEqual(['STOP', 'STOP']);
        await lastValueFrom(dom.resume(), { defaultValue: undefined });
      } finally {
        await lastValueFrom(fresh.close(), { defaultValue: undefined });
      }
    }
  }, 120_000);

  it('refuses filtered then unfiltered as libvirtd 9.0 does for python3-libvirt: a typed LibvirtError on the second only', async () => {
    const python = pythonRegistrationOrder(name);
    expect(python).toMatchObject({ first: 'ok', second: { code: 8 } });
    expect(python.second.message).toMatch(/already tracked/);
    for (let attempt = 0; attempt < 5; attempt++) {
      const fresh = await firstValueFrom(connect(QEMU_URI));
      try {
        const stops = watchEvents(fresh.events.qemuMonitor({ dom, event: 'STOP', registered: true }), 1);
        const all = firstValueFrom(fresh.events.qemuMonitor({ dom, registered: true })).catch((err: unknown) => err);
        await stops.live;
        const error = await all;
        expect(error).toBeInstanceOf(LibvirtError);
        expect((error as LibvirtError).codeName).toBe('VIR_ERR_INVALID_ARG');
        expect((error as LibvirtError).libvirtMessage).toBe(python.second.message);
        expect(fresh.events.liveRegistrations).toHaveLength(1);
      } finally {
        await lastValueFrom(fresh.close(), { defaultValue: undefined });
      }
    }
  });
});

/** What python3-libvirt gets registering a filtered then an unfiltered QEMU monitor callback for `name`. */
function pythonRegistrationOrder(name: string): { first: string; second: { code: number; message: string } } {
  const script = [
    'import json, libvirt, libvirt_qemu, sys',
    'libvirt.registerErrorHandler(lambda *a: None, None)',
    'libvirt.virEventRegisterDefaultImpl()',
    `conn = libvirt.open(${JSON.stringify(QEMU_URI)})`,
    `dom = conn.lookupByName(${JSON.stringify(name)})`,
    'cb = lambda *a: None',
    'libvirt_qemu.qemuMonitorEventRegister(conn, dom, "STOP", cb, None, 0)',
    'try:',
    '    libvirt_qemu.qemuMonitorEventRegister(conn, dom, None, cb, None, 0)',
    '    second = "ok"',
    'except libvirt.libvirtError as e:',
    '    second = {"code": e.get_error_code(), "message": e.get_error_message()}',
    'print(json.dumps({"first": "ok", "second": second}))',
    'conn.close()',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 30_000 })) as { first: string; second: { code: number; message: string } };
}
