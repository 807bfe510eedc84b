// Fleet benchmark: C connections to test+unix:///default in one process, each subscribed to the
// lifecycle events of one transient domain, rxvirt against python-libvirt (one libvirt.open and
// one domainEventRegisterAny per connection, bench/peers/fleet.py), each C in fresh processes,
// alternating. Measures the RSS each connection adds (the process before connecting is the
// baseline), the fan-out latency from a suspend or resume call to the last connection's event,
// and events lost. A bare Node socket to the daemon with a data listener is the floor.
//
// RSS per connection is given three ways for rxvirt, because V8's young generation (new space)
// grows to its maximum (two 16 MiB semi-spaces) while a thousand connections are made, and gives
// the memory back only when its memory reducer runs, some seconds after the process has gone quiet
// (and not at all when the heap grew too little to restart the reducer):
// - at once: three gc() after the last registration, as python's figure is taken;
// - without the young generation: the same RSS figures less the young generation's physical size
//   at each point (what the process holds once the reducer has run);
// - capped: at once, in a process started with --max-semi-space-size=1 (a young generation of
//   at most 1 MiB per semi-space).
// The floors: C bare Node sockets with a data listener, and the same sockets each holding plain
// JavaScript objects as large as the live heap rxvirt holds per connection (measured in its run),
// made at the same pace: what V8's young generation makes of that much live heap, at once.
// Then the idle process: one connection subscribed to every domain's lifecycle events,
// whole-process RSS once the young generation is reduced, against bare Node, against Node with
// rxjs loaded and one bare socket (the floor: the peer dependency and Node's own net module),
// and python-libvirt with one connection.
//
//   npm run bench:fleet [-- --counts 100,500,1000 --cycles 5 --lib build/before/src/index.js --no-idle]
// `--lib` measures another build of the library (a `tsc` output's src/index.js), for before/after.
// The floor alone: node --expose-gc build/bench/bench/fleet.js --child socket C LIVE_BYTES [GARBAGE_BYTES]
// (GARBAGE_BYTES: short-lived objects each socket also makes as it connects, as a connect's own
// allocations are; RSS per connection at once, in bytes, is `bytesPerConnection`).
import { execFileSync, spawnSync } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import type * as Rxvirt from '../src/index.js';

type Connection = Rxvirt.Connection;

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
/** How long to wait for V8's memory reducer to shrink the young generation. */
const REDUCER_WAIT_MS = 40_000;
/** The young generation's size once reduced (two semi-spaces of at most 1 MiB). */
const REDUCED_NEW_SPACE = 2 * 1024 * 1024;

interface FleetResult {
  readonly bytesPerConnection: number;
  /** V8 heap in use per connection after gc() (rxvirt only). */
  readonly liveBytesPerConnection?: number;
  /** Per connection, both RSS figures less the young generation's size (rxvirt only). */
  readonly oldBytesPerConnection?: number;
  /** Whole-process RSS with the connections open (idle processes: once the young generation is reduced). */
  readonly rss: number;
  readonly latenciesMs: readonly number[];
  readonly lost: number;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const newSpaceBytes = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;

/** Waits, quietly, until V8's memory reducer has shrunk the young generation (or gives up). */
async function reduced(): Promise<void> {
  const until = Date.now() + REDUCER_WAIT_MS;
  while (newSpaceBytes() > REDUCED_NEW_SPACE && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 500));
  await settle();
}

/** Runs `open` for 0..count-1, OPEN_CONCURRENCY at a time. */
async function openAll<T>(count: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  for (let at = 0; at < count; at += OPEN_CONCURRENCY) {
    opened.push(...(await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, count - at) }, (_, i) => open(at + i)))));
  }
  return opened;
}

/** This process as the rxvirt side: C connections, each subscribed, then `cycles` suspend/resume rounds. */
async function rxvirtFleet(count: number, cycles: number, lib: string): Promise<FleetResult> {
  const { connect, REGISTERED } = (await import(pathToFileURL(resolve(lib)).href)) as typeof Rxvirt;
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
    const heapBaseline = process.memoryUsage().heapUsed;
    const oldBaseline = baseline - newSpaceBytes();
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
    const { rss: connected, heapUsed } = process.memoryUsage();
    const oldConnected = connected - newSpaceBytes();
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
    return {
      bytesPerConnection: (connected - baseline) / count,
      liveBytesPerConnection: (heapUsed - heapBaseline) / count,
      oldBytesPerConnection: (oldConnected - oldBaseline) / count,
      rss: connected,
      latenciesMs,
      lost,
    };
  } finally {
    await firstValueFrom(owner.domainDestroy({ dom }), { defaultValue: undefined });
    await lastValueFrom(owner.close(), { defaultValue: undefined });
  }
}

/** Bytes of V8 heap one {@link Filler} object takes (a header and two in-object fields). */
const FILLER_BYTES = 24;
interface Filler {
  readonly at: number;
  readonly next: Filler | undefined;
}

/**
 * The floors: C bare sockets to the daemon, each with a data listener, nothing sent; with
 * `liveBytes`, each socket also holds that many bytes of small plain objects, made as it connects;
 * with `garbageBytes`, it also makes that many bytes of objects that die soon after.
 */
async function socketFloor(count: number, liveBytes: number, garbageBytes = 0): Promise<number> {
  await settle();
  const baseline = process.memoryUsage().rss;
  const held: Array<Filler | undefined> = [];
  const sockets = await openAll(
    count,
    (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = createConnection(SOCKET, () => {
          let chain: Filler | undefined;
          for (let at = 0; at < liveBytes / FILLER_BYTES; at++) chain = { at, next: chain };
          held.push(chain);
          // Chains of 16, each dropped when the next starts: garbage by the next scavenge.
          let junk: Filler | undefined;
          for (let at = 0; at < garbageBytes / FILLER_BYTES; at++) junk = { at, next: at % 16 === 0 ? undefined : junk };
          // Stored where the optimizer cannot prove it unused, or it would not allocate at all.
          (globalThis as { fleetJunk?: Filler }).fleetJunk = junk;
          resolve(socket);
        }).on('error', reject);
        socket.on('data', () => undefined);
      }),
  );
  await settle();
  const bytes = (process.memoryUsage().rss - baseline) / count;
  for (const socket of sockets) socket.destroy();
  return bytes;
}

/** The idle process: one connection subscribed to every domain's lifecycle events, once quiet. */
async function idleRxvirt(lib: string): Promise<number> {
  const { connect, REGISTERED } = (await import(pathToFileURL(resolve(lib)).href)) as typeof Rxvirt;
  const conn = await firstValueFrom(connect(URI));
  await firstValueFrom(conn.events.domain('lifecycle', { registered: true }).pipe(filter((item) => item === REGISTERED)));
  const subscription = conn.events.domain('lifecycle').subscribe();
  await reduced();
  const { rss } = process.memoryUsage();
  subscription.unsubscribe();
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  return rss;
}

/** The idle floor: rxjs loaded (the peer dependency) and one bare socket to the daemon, once quiet. */
async function idleFloor(): Promise<number> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened = createConnection(SOCKET, () => resolve(opened)).on('error', reject);
    opened.on('data', () => undefined);
  });
  await reduced();
  const { rss } = process.memoryUsage();
  socket.destroy();
  return rss;
}

function child(args: readonly string[], nodeFlags: readonly string[] = []): FleetResult {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeFlags, fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as FleetResult;
}

function python(count: number, cycles: number): FleetResult {
  const run = spawnSync('/usr/bin/python3', [join(repo, 'bench', 'peers', 'fleet.py'), String(count), String(cycles)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`fleet.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as FleetResult;
}

/** Bare Node's RSS, taken as the rxvirt side's is: after gc() and once the young generation is reduced. */
function bareNode(): number {
  const script = `
    const { getHeapSpaceStatistics } = require('node:v8');
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size;
    (async () => {
      const until = Date.now() + ${REDUCER_WAIT_MS};
      while (newSpace() > ${REDUCED_NEW_SPACE} && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 200)); }
      console.log(process.memoryUsage().rss);
    })();`;
  return Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }).trim());
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
};

async function orchestrate(): Promise<void> {
  const counts = (argument('--counts') ?? '100,500,1000').split(',').map(Number);
  const cycles = Number(argument('--cycles') ?? 5);
  const lib = argument('--lib') ?? join(here, '..', 'src', 'index.js');
  const kib = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / 1024).toFixed(1));
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  console.log(`Node ${process.version}, ${cycles} suspend/resume rounds per C, one fresh process per side and C, library ${lib}\n`);
  console.log(
    '| C | rxvirt KiB/conn at once | without young gen | capped young gen | rxvirt live heap KiB/conn | python-libvirt KiB/conn | bare Node socket KiB/conn | socket + as much live heap in plain objects, at once | rxvirt fan-out ms (median, max) | python fan-out ms (median, max) | lost rxvirt / python |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const count of counts) {
    const rx = child(['--child', 'rxvirt', String(count), String(cycles), lib]);
    const py = python(count, cycles);
    const floor = child(['--child', 'socket', String(count), '0']);
    const objects = child(['--child', 'socket', String(count), String(Math.round(rx.liveBytesPerConnection ?? 0))]);
    const capped = child(['--child', 'rxvirt', String(count), String(cycles), lib], ['--max-semi-space-size=1']);
    const fanOut = ({ latenciesMs }: FleetResult): string => `${median(latenciesMs).toFixed(1)}, ${Math.max(...latenciesMs).toFixed(1)}`;
    console.log(
      `| ${count} | ${kib(rx.bytesPerConnection)} | ${kib(rx.oldBytesPerConnection)} | ${kib(capped.bytesPerConnection)} | ${kib(rx.liveBytesPerConnection)} | ${kib(py.bytesPerConnection)} | ${kib(floor.bytesPerConnection)} | ${kib(objects.bytesPerConnection)} | ${fanOut(rx)} | ${fanOut(py)} | ${rx.lost + capped.lost} / ${py.lost} |`,
    );
  }
  if (process.argv.includes('--no-idle')) return;
  // The idle process: one connection subscribed, whole-process RSS, settled, beside its floor.
  const bare = bareNode();
  const floor = child(['--child', 'idle-floor']);
  const one = child(['--child', 'idle', lib]);
  const py = python(1, 1);
  console.log('\n| idle process, one connection subscribed | RSS MiB | − bare Node MiB |');
  console.log('|---|---|---|');
  console.log(`| bare Node (\`node -e\`, nothing loaded) | ${mib(bare)} | 0 |`);
  console.log(`| rxjs loaded and one bare socket (the floor) | ${mib(floor.rss)} | ${mib(floor.rss - bare)} |`);
  console.log(`| rxvirt | ${mib(one.rss)} | ${mib(one.rss - bare)} |`);
  console.log(`| python-libvirt | ${mib(py.rss)} | ${mib(py.rss - bare)} |`);
}

const at = process.argv.indexOf('--child');
if (at < 0) {
  await orchestrate();
} else {
  // --child socket C LIVE_BYTES [GARBAGE_BYTES] | rxvirt C CYCLES LIB | idle LIB | idle-floor
  const [side, ...args] = process.argv.slice(at + 1);
  const idle = (rss: number): FleetResult => ({ bytesPerConnection: 0, rss, latenciesMs: [0], lost: 0 });
  const result: FleetResult =
    side === 'socket'
      ? { bytesPerConnection: await socketFloor(Number(args[0]), Number(args[1]), Number(args[2] ?? 0)), rss: process.memoryUsage().rss, latenciesMs: [0], lost: 0 }
      : side === 'idle'
        ? idle(await idleRxvirt(args[0]))
        : side === 'idle-floor'
          ? idle(await idleFloor())
          : await rxvirtFleet(Number(args[0]), Number(args[1]), args[2]);
  console.log(JSON.stringify(result));
}
