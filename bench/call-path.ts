// Call-path benchmark: rxvirt against python-libvirt (Debian's python3-libvirt) on the same
// daemon, in one run, alternating rounds. Prints a Markdown table of medians and ratios.
//
//   npm run bench:calls [-- --rounds 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { defer, firstValueFrom, lastValueFrom, mergeMap, range, repeat, toArray } from 'rxjs';
import { connect, type Connection } from '../src/index.js';
import { rawSocketRate } from './raw-socket-floor.js';

const URI = 'test+unix:///default';
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const pythonPeer = join(repo, 'bench', 'peers', 'calls.py');

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
/** Calls made on each side before the clock starts: they warm up V8's JIT (and the daemon, for both). */
const WARMUP_CALLS = 2_000;
const SEQUENTIAL_CALLS = 10_000;
const CONCURRENCY = 64;
const INFLIGHT_CALLS = 64_000;
const LIST_DOMAINS = 2_000;
const LIST_REPEATS = 20;

interface PeerResult {
  readonly value: number;
  /** Daemon CPU microseconds per call, for the calls in flight. */
  readonly daemonCpuUsPerCall?: number;
}

function python(what: string, ...args: number[]): PeerResult {
  const out = execFileSync('/usr/bin/python3', [pythonPeer, what, ...args.map(String)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as PeerResult;
}

/** CPU seconds (user + system, all threads) the daemon has used so far; python's peer reads the same. */
function daemonCpuSeconds(): number {
  const pid = readFileSync('/run/libvirtd.pid', 'utf8').trim();
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function withConnection<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await firstValueFrom(connect(URI));
  try {
    return await work(conn);
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}

async function sequentialRate(call: (conn: Connection) => Promise<unknown>, n: number): Promise<number> {
  return withConnection(async (conn) => {
    for (let i = 0; i < WARMUP_CALLS; i++) await call(conn);
    const start = performance.now();
    for (let i = 0; i < n; i++) await call(conn);
    return n / ((performance.now() - start) / 1000);
  });
}

/**
 * `concurrency` chains of sequential calls on one connection, merged: the same shape as python's
 * threads, each making its share of the calls one after the other.
 */
async function inflightRate(n: number, concurrency: number): Promise<PeerResult> {
  return withConnection(async (conn) => {
    for (let i = 0; i < WARMUP_CALLS; i++) await firstValueFrom(conn.connectGetLibVersion());
    const perChain = n / concurrency;
    const daemonBefore = daemonCpuSeconds();
    const start = performance.now();
    await lastValueFrom(
      range(0, concurrency).pipe(
        mergeMap(() => defer(() => conn.connectGetLibVersion()).pipe(repeat(perChain))),
        toArray(),
      ),
    );
    const seconds = (performance.now() - start) / 1000;
    return { value: n / seconds, daemonCpuUsPerCall: ((daemonCpuSeconds() - daemonBefore) / n) * 1e6 };
  });
}

/** Milliseconds to fetch and decode a list of `LIST_DOMAINS` + 1 domains. */
async function listMs(): Promise<number> {
  return withConnection(async (conn) => {
    for (let i = 0; i < LIST_DOMAINS; i++) {
      await firstValueFrom(
        conn.domainDefineXml({ xml: `<domain type='test'><name>bench-${i}</name><memory>1024</memory><os><type>hvm</type></os></domain>` }),
      );
    }
    const start = performance.now();
    for (let i = 0; i < LIST_REPEATS; i++) {
      const { domains } = await firstValueFrom(conn.connectListAllDomains({ need_results: 1, flags: 0 }));
      if (domains.length !== LIST_DOMAINS + 1) throw new Error(`listed ${domains.length} domains`);
    }
    return (performance.now() - start) / LIST_REPEATS;
  });
}

/** Resident set of a fresh process running `code`, in MiB, read from /proc when it says "ready": the median of 3. */
function rssOf(command: string, args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const result = spawnSync(command, args, { encoding: 'utf8', cwd: repo });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    runs.push(Number(result.stdout.trim().split('\n').at(-1)) / 1024);
  }
  return median(runs);
}

/** A process that is `bare`, has imported rxjs (rxvirt's peer dependency) or is connected with rxvirt. */
const rssScript = (what: 'bare' | 'rxjs' | 'client'): string => `
  const fs = await import('node:fs');
  ${what === 'rxjs' ? `await import('rxjs');` : ''}
  ${what === 'client' ? `const { connect } = await import('./dist/index.js');
  const { firstValueFrom } = await import('rxjs');
  const conn = await firstValueFrom(connect('${URI}'));
  await firstValueFrom(conn.connectGetLibVersion());` : ''}
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  const kb = /VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
  console.log(kb);
  process.exit(0);`;

const pyRss = (withClient: boolean): string => `
import re
${withClient ? `import libvirt
conn = libvirt.open('${URI}')
conn.getLibVersion()` : ''}
print(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1))`;

function importMs(command: string, args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd: repo });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    runs.push(performance.now() - start);
  }
  return median(runs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
  readonly name: string;
  readonly unit: string;
  readonly rxvirt: number[];
  readonly peer: number[];
  /** Whether a bigger number is better (rates) or worse (times, memory). */
  readonly higherIsBetter: boolean;
}

async function main(): Promise<void> {
  const rows: Row[] = [
    { name: 'sequential connectGetLibVersion', unit: 'calls/s', rxvirt: [], peer: [], higherIsBetter: true },
    { name: 'sequential domainLookupByName', unit: 'calls/s', rxvirt: [], peer: [], higherIsBetter: true },
    { name: `${CONCURRENCY} in flight (rxvirt: ${CONCURRENCY} merged call chains; python: ${CONCURRENCY} threads)`, unit: 'calls/s', rxvirt: [], peer: [], higherIsBetter: true },
    { name: `decode a list of ${LIST_DOMAINS + 1} domains`, unit: 'ms/call', rxvirt: [], peer: [], higherIsBetter: false },
    { name: `daemon CPU per call with ${CONCURRENCY} in flight`, unit: 'µs', rxvirt: [], peer: [], higherIsBetter: false },
  ];
  const daemonCpu = rows[4];
  const value = (result: number): PeerResult => ({ value: result });
  const floor: number[] = [];
  for (let round = 0; round < rounds; round++) {
    floor.push(await rawSocketRate('/run/libvirt/libvirt-sock', 'test:///default', SEQUENTIAL_CALLS, WARMUP_CALLS));
    // Alternate who goes first, so that neither always meets a warmer daemon.
    const pairs: Array<[() => Promise<PeerResult>, () => PeerResult]> = [
      [async () => value(await sequentialRate((c) => firstValueFrom(c.connectGetLibVersion()), SEQUENTIAL_CALLS)), () => python('version', SEQUENTIAL_CALLS)],
      [async () => value(await sequentialRate((c) => firstValueFrom(c.domainLookupByName({ name: 'test' })), SEQUENTIAL_CALLS)), () => python('lookup', SEQUENTIAL_CALLS)],
      [() => inflightRate(INFLIGHT_CALLS, CONCURRENCY), () => python('inflight64', INFLIGHT_CALLS)],
      [async () => value(await listMs()), () => python('list', LIST_REPEATS, LIST_DOMAINS)],
    ];
    for (const [i, [runOurs, runTheirs]] of pairs.entries()) {
      let ours: PeerResult;
      let theirs: PeerResult;
      if (round % 2 === 0) {
        ours = await runOurs();
        theirs = runTheirs();
      } else {
        theirs = runTheirs();
        ours = await runOurs();
      }
      rows[i].rxvirt.push(ours.value);
      rows[i].peer.push(theirs.value);
      if (ours.daemonCpuUsPerCall !== undefined && theirs.daemonCpuUsPerCall !== undefined) {
        daemonCpu.rxvirt.push(ours.daemonCpuUsPerCall);
        daemonCpu.peer.push(theirs.daemonCpuUsPerCall);
      }
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }

  const bareNode = rssOf('node', ['--input-type=module', '-e', rssScript('bare')]);
  const nodeWithRxjs = rssOf('node', ['--input-type=module', '-e', rssScript('rxjs')]);
  const nodeWithClient = rssOf('node', ['--input-type=module', '-e', rssScript('client')]);
  const barePython = rssOf('/usr/bin/python3', ['-c', pyRss(false)]);
  const pythonWithClient = rssOf('/usr/bin/python3', ['-c', pyRss(true)]);
  const nodeImport = importMs('node', ['--input-type=module', '-e', "await import('./dist/index.js')"]) - importMs('node', ['--input-type=module', '-e', '']);
  const pythonImport = importMs('/usr/bin/python3', ['-c', 'import libvirt']) - importMs('/usr/bin/python3', ['-c', '']);

  const lines = [
    `| measurement | rxvirt | python-libvirt | rxvirt / python |`,
    `|---|---|---|---|`,
    ...rows.map((row) => {
      const ours = median(row.rxvirt);
      const theirs = median(row.peer);
      const ratio = row.higherIsBetter ? ours / theirs : theirs / ours;
      const digits = row.unit === 'ms/call' ? 2 : 0;
      const comparison = row.higherIsBetter ? 'the rate' : row.unit === 'µs' ? 'as cheap' : 'as fast';
      return `| ${row.name} | ${ours.toFixed(digits)} ${row.unit} | ${theirs.toFixed(digits)} ${row.unit} | ${ratio.toFixed(2)}× ${comparison} |`;
    }),
    `| sequential calls on a bare Node socket, no library (Node's I/O floor) | ${median(floor).toFixed(0)} calls/s | | ${(median(floor) / median(rows[0].peer)).toFixed(2)}× the rate |`,
    `| idle connected RSS above the bare runtime | ${(nodeWithClient - bareNode).toFixed(1)} MiB (bare node ${bareNode.toFixed(1)} MiB; rxjs alone +${(nodeWithRxjs - bareNode).toFixed(1)}) | ${(pythonWithClient - barePython).toFixed(1)} MiB (bare python ${barePython.toFixed(1)} MiB) | |`,
    `| import time above the bare runtime | ${nodeImport.toFixed(0)} ms | ${pythonImport.toFixed(0)} ms | |`,
  ];
  console.log(lines.join('\n'));
  console.log(
    `\n${rounds} rounds, medians; after ${WARMUP_CALLS} warm-up calls on each side, ${SEQUENTIAL_CALLS} sequential calls, ` +
      `${INFLIGHT_CALLS} calls with ${CONCURRENCY} in flight, ${LIST_REPEATS} list calls per round.`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
