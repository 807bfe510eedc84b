// Connect cost: what opening a connection to test+unix:///default costs the client process, per
// connect: client CPU (`process.cpuUsage`), wall time, and the garbage it makes, alone and with a
// lifecycle subscription, beside one sequential call for scale. Garbage is what V8's collections
// freed between two marks (summed from `--trace-gc`, whose figures are rounded to 0.1 MB per
// collection) plus the heap's growth over the same span: what a fleet opened at once makes V8's
// young generation take in (bench:fleet's "at once"). Each measure runs in a fresh process, CPU
// and time in one without `--trace-gc` (whose printing costs CPU), garbage in one with it; with
// `--before`, the two builds alternate.
//
//   npm run bench:connect [-- --lib dist/index.js --before OTHER/dist/index.js --rounds 3 --connects 300 --calls 10000]
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import type * as Rxvirt from '../src/index.js';

const URI = 'test+unix:///default';
const here = dirname(fileURLToPath(import.meta.url));
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
/** Steps made before the marks: the code on their path compiled, the daemon warm. */
const WARM_UP = 20;

const MODES = ['connect', 'connect + subscribe', 'sequential call'] as const;
type Mode = (typeof MODES)[number];

/** What a child reports at its end mark. */
interface Span {
  readonly steps: number;
  readonly cpuMicros: number;
  readonly wallMs: number;
  readonly heapGrowth: number;
}

/** The child: `steps` of `mode` between two marks, everything it opened kept open until then. */
async function measure(mode: Mode, lib: string, steps: number): Promise<void> {
  const { connect, REGISTERED } = (await import(pathToFileURL(resolve(lib)).href)) as typeof Rxvirt;
  const owner = await firstValueFrom(connect(URI));
  const dom = await firstValueFrom(owner.domainLookupByName({ name: 'test' }));
  const opened: Rxvirt.Connection[] = [];
  const step = async (): Promise<void> => {
    if (mode === 'sequential call') {
      await firstValueFrom(owner.connectGetLibVersion());
      return;
    }
    const conn = await firstValueFrom(connect(URI));
    opened.push(conn);
    if (mode === 'connect + subscribe') {
      // Left subscribed, as a fleet's connections are.
      await firstValueFrom(conn.events.domain('lifecycle', { dom, registered: true }).pipe(filter((item) => item === REGISTERED)));
      conn.events.domain('lifecycle', { dom }).subscribe();
    }
  };
  for (let i = 0; i < WARM_UP; i++) await step();
  (globalThis as { gc?: () => void }).gc?.();
  const heapStart = getHeapStatistics().used_heap_size;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  console.log('MARK-START');
  for (let i = 0; i < steps; i++) await step();
  const cpu = process.cpuUsage(cpuStart);
  const span: Span = { steps, cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - wallStart, heapGrowth: getHeapStatistics().used_heap_size - heapStart };
  console.log(`MARK-END ${JSON.stringify(span)}`);
  await Promise.all([owner, ...opened].map((conn) => lastValueFrom(conn.close(), { defaultValue: undefined })));
}

interface StepCost {
  readonly cpuMicros: number;
  readonly wallMs: number;
  readonly garbageBytes: number;
}

/** Runs one child and reads its marks and, traced, the collections between them. */
function child(mode: Mode, lib: string, steps: number, traced: boolean): StepCost {
  const flags = traced ? ['--expose-gc', '--trace-gc'] : ['--expose-gc'];
  const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', mode, lib, String(steps)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  let inside = false;
  let freedMb = 0;
  for (const line of out.split('\n')) {
    if (line === 'MARK-START') inside = true;
    else if (line.startsWith('MARK-END ')) {
      const span = JSON.parse(line.slice('MARK-END '.length)) as Span;
      const garbage = freedMb * 1024 * 1024 + span.heapGrowth;
      return { cpuMicros: span.cpuMicros / span.steps, wallMs: span.wallMs / span.steps, garbageBytes: garbage / span.steps };
    } else if (inside) {
      // `[pid:addr] N ms: Scavenge 4.6 (5.0) -> 4.2 (6.0) MB, ...`: used before, then after.
      const collected = /(?:Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^0-9]*([0-9.]+) \([0-9.]+\) -> ([0-9.]+)/.exec(line);
      if (collected) freedMb += Number(collected[1]) - Number(collected[2]);
    }
  }
  throw new Error(`the ${mode} child printed no end mark`);
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1]!;

function orchestrate(): void {
  const lib = argument('--lib') ?? join(here, '..', '..', '..', 'dist', 'index.js');
  const before = argument('--before');
  const rounds = Number(argument('--rounds') ?? 3);
  const connects = Number(argument('--connects') ?? 300);
  const calls = Number(argument('--calls') ?? 10_000);
  const builds = before === undefined ? [lib] : [lib, before];
  console.log(`Node ${process.version}, ${URI}, ${connects} connects and ${calls} calls per child after ${WARM_UP}, medians of ${rounds} rounds (builds alternating)\n`);
  console.log(`| per step | ${builds.map((build) => `${build}: client CPU µs | wall ms | garbage KB`).join(' | ')} |`);
  console.log(`|---|${builds.map(() => '---|---|---|').join('')}`);
  for (const mode of MODES) {
    const steps = mode === 'sequential call' ? calls : connects;
    const timed = builds.map(() => [] as StepCost[]);
    const traced = builds.map(() => [] as StepCost[]);
    for (let round = 0; round < rounds; round++) {
      builds.forEach((build, i) => {
        timed[i].push(child(mode, build, steps, false));
        traced[i].push(child(mode, build, steps, true));
      });
    }
    const cells = builds.map((_, i) => {
      const cpu = median(timed[i].map((cost) => cost.cpuMicros)).toFixed(0);
      const wall = median(timed[i].map((cost) => cost.wallMs)).toFixed(2);
      const garbage = (median(traced[i].map((cost) => cost.garbageBytes)) / 1000).toFixed(1);
      return `${cpu} | ${wall} | ${garbage}`;
    });
    console.log(`| ${mode} | ${cells.join(' | ')} |`);
  }
}

const at = process.argv.indexOf('--child');
if (at < 0) orchestrate();
else await measure(process.argv[at + 1] as Mode, process.argv[at + 2], Number(process.argv[at + 3]));
