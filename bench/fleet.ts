// Fleet benchmark: C connections to test+unix:///default in one process, each subscribed to the
// lifecycle events of one transient domain, rxvirt against python-libvirt (one libvirt.open and
// one domainEventRegisterAny per connection, bench/peers/fleet.py), each C in fresh processes,
// alternating. Measures the RSS each connection adds (the process before connecting is the
// baseline), the fan-out latency from a suspend or resume call to the last connection's event,
// and events lost. A bare Node socket to the daemon with a data listener is the floor.
//
//   npm run bench:fleet [-- --counts 100,500,1000 --cycles 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type Connection, REGISTERED } from '../src/index.js';

const URI = 'test+unix:///default';
const SOCKET = '/var/run/libvirt/libvirt-sock';
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
/** Connections opened at once: the daemon takes a burst of a thousand, but no faster. */
const OPEN_CONCURRENCY = 50;
const EVENT_TIMEOUT_MS = 30_000;

interface FleetResult {
  readonly bytesPerConnection: number;
  readonly latenciesMs: readonly number[];
  readonly lost: number;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** Runs `open` for 0..count-1, OPEN_CONCURRENCY at a time. */
async function openAll<T>(count: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  for (let at = 0; at < count; at += OPEN_CONCURRENCY) {
    opened.push(...(await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, count - at) }, (_, i) => open(at + i)))));
  }
  return opened;
}

/** This process as the rxvirt side: C connections, each subscribed, then `cycles` suspend/resume rounds. */
async function rxvirtFleet(count: number, cycles: number): Promise<FleetResult> {
  const owner = await firstValueFrom(connect(URI));
  const xml = `<domain type='test'><name>rxvirt-fleet-${process.pid}</name><memory>8192</memory><os><type>hvm</type></os></domain>`;
  const dom = await firstValueFrom(owner.domainCreateXml({ xml_desc: xml, flags: 0 }));
  let received = 0;
  let inRound = 0;
  let last = 0;
  let allIn = (): void => undefined;
  try {
    await settle();
    const baseline = process.memoryUsage().rss;
    const conns = await openAll(count, async (): Promise<Connection> => {
      const conn = await firstValueFrom(connect(URI));
      await new Promise<void>((registered, failed) => {
        conn.events.domain('lifecycle', { dom, registered: true }).subscribe({
          next: (item) => {
            if (item === REGISTERED) return registered();
            received++;
            last = performance.now();
            if (++inRound === count) allIn();
          },
          error: failed,
        });
      });
      return conn;
    });
    await settle();
    const connected = process.memoryUsage().rss;
    const latenciesMs: number[] = [];
    for (let round = 0; round < cycles; round++) {
      for (const act of [() => owner.domainSuspend({ dom }), () => owner.domainResume({ dom })]) {
        inRound = 0;
        const arrived = new Promise<void>((resolve) => {
          allIn = resolve;
          setTimeout(resolve, EVENT_TIMEOUT_MS).unref();
        });
        const start = performance.now();
        await firstValueFrom(act(), { defaultValue: undefined });
        await arrived;
        // A round whose events did not all arrive has no fan-out time (its losses are counted).
        latenciesMs.push(inRound === count ? last - start : NaN);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lost = count * 2 * cycles - received;
    await Promise.all(conns.map((conn) => lastValueFrom(conn.close(), { defaultValue: undefined })));
    return { bytesPerConnection: (connected - baseline) / count, latenciesMs, lost };
  } finally {
    await firstValueFrom(owner.domainDestroy({ dom }), { defaultValue: undefined });
    await lastValueFrom(owner.close(), { defaultValue: undefined });
  }
}

/** The floor: C bare sockets to the daemon, each with a data listener, nothing sent. */
async function socketFloor(count: number): Promise<number> {
  await settle();
  const baseline = process.memoryUsage().rss;
  const sockets = await openAll(
    count,
    (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = createConnection(SOCKET, () => resolve(socket)).on('error', reject);
        socket.on('data', () => undefined);
      }),
  );
  await settle();
  const bytes = (process.memoryUsage().rss - baseline) / count;
  for (const socket of sockets) socket.destroy();
  return bytes;
}

function child(args: readonly string[]): FleetResult {
  const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as FleetResult;
}

function python(count: number, cycles: number): FleetResult {
  const run = spawnSync('/usr/bin/python3', [join(repo, 'bench', 'peers', 'fleet.py'), String(count), String(cycles)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`fleet.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as FleetResult;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
};

async function orchestrate(): Promise<void> {
  const counts = (argument('--counts') ?? '100,500,1000').split(',').map(Number);
  const cycles = Number(argument('--cycles') ?? 5);
  console.log(`Node ${process.version}, ${cycles} suspend/resume rounds per C, one fresh process per side and C\n`);
  console.log('| C | rxvirt KiB/conn | python-libvirt KiB/conn | bare Node socket KiB/conn | rxvirt fan-out ms (median, max) | python fan-out ms (median, max) | lost rxvirt / python |');
  console.log('|---|---|---|---|---|---|---|');
  for (const count of counts) {
    const rx = child(['--child', 'rxvirt', String(count), String(cycles)]);
    const py = python(count, cycles);
    const floor = child(['--child', 'socket', String(count), String(cycles)]);
    const kib = (result: FleetResult): string => (result.bytesPerConnection / 1024).toFixed(1);
    const fanOut = ({ latenciesMs }: FleetResult): string => `${median(latenciesMs).toFixed(1)}, ${Math.max(...latenciesMs).toFixed(1)}`;
    console.log(`| ${count} | ${kib(rx)} | ${kib(py)} | ${kib(floor)} | ${fanOut(rx)} | ${fanOut(py)} | ${rx.lost} / ${py.lost} |`);
  }
}

const at = process.argv.indexOf('--child');
if (at < 0) {
  await orchestrate();
} else {
  const [side, count, cycles] = [process.argv[at + 1], Number(process.argv[at + 2]), Number(process.argv[at + 3])];
  const result: FleetResult =
    side === 'socket' ? { bytesPerConnection: await socketFloor(count), latenciesMs: [0], lost: 0 } : await rxvirtFleet(count, cycles);
  console.log(JSON.stringify(result));
}
