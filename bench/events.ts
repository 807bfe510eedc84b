// Event benchmark: lifecycle events from suspend/resume rounds, rxvirt against python-libvirt's
// default event loop, same daemon, one run, alternating rounds. Prints a Markdown table.
//
//   npm run bench:events [-- --rounds 3 --cycles 1000 --w6-domains 8 --w6-cycles 500]
//
// W6, a second table: python-libvirt in its own process suspends and resumes W6_DOMAINS transient
// domains at once (one thread each, calls pipelined on one connection); the listener under test
// receives every domain's lifecycle events on its own connection. Events per second from the
// listener's first to its last event.
//
// The same driver (python-libvirt in its own process) suspends and resumes domain `test` on
// test+unix:///default; the listening client under test records when each lifecycle event
// arrives. Both sides read CLOCK_MONOTONIC, so the latency from the suspend/resume call's return
// to the event's arrival compares across processes; only the listener differs between runs.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs';
import { connect, onRegistered } from '../src/index.js';
import { rawLifecycleListener } from './raw-socket-floor.js';

const URI = 'test+unix:///default';
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const peer = join(repo, 'bench', 'peers', 'events.py');
const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const rounds = argument('--rounds', 3);
const cycles = argument('--cycles', 1000);
const w6Domains = argument('--w6-domains', 8);
const w6Cycles = argument('--w6-cycles', 500);
const W6_TOTAL = w6Domains * w6Cycles * 2;

interface EventRun {
  readonly eventsPerSecond: number;
  readonly medianLatencyUs: number;
  readonly p99LatencyUs: number;
}

/** Runs the python peer; `onLine` sees each line of its output as it comes. Resolves with the last line. */
function runPeer(mode: 'drive' | 'listen', onLine: (line: string) => void = () => undefined): Promise<string> {
  return runPython([mode, String(cycles)], onLine);
}

function runPython(args: readonly string[], onLine: (line: string) => void = () => undefined): Promise<string> {
  const mode = args[0];
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [peer, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) if (line) onLine(line);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output.trim().split('\n').at(-1) as string) : reject(new Error(`events.py ${mode} exited with ${code}`))));
  });
}

function summarise(returns: readonly bigint[], arrivals: readonly bigint[]): EventRun {
  const latencies = arrivals.map((at, i) => Number(at - returns[i]) / 1000).sort((a, b) => a - b);
  const seconds = Number(arrivals[arrivals.length - 1] - arrivals[0]) / 1e9;
  return {
    eventsPerSecond: (arrivals.length - 1) / seconds,
    medianLatencyUs: latencies[Math.floor(latencies.length / 2)],
    p99LatencyUs: latencies[Math.floor(latencies.length * 0.99)],
  };
}

async function rxvirtRun(): Promise<EventRun> {
  const listener = await firstValueFrom(connect(URI));
  try {
    const dom = await firstValueFrom(listener.domainLookupByName({ name: 'test' }));
    const events = listener.events.domain('lifecycle', { dom, registered: true }).pipe(
      onRegistered(() => registered()),
      map(() => process.hrtime.bigint()),
      take(cycles * 2),
      toArray(),
    );
    let registered!: () => void;
    const ready = new Promise<void>((resolve) => (registered = resolve));
    const arrivals = new Promise<bigint[]>((resolve, reject) => {
      events.subscribe({ next: resolve, error: reject });
    });
    await ready;
    const returns = (JSON.parse(await runPeer('drive')) as number[]).map((ns) => BigInt(ns));
    return summarise(returns, await arrivals);
  } finally {
    await lastValueFrom(listener.close(), { defaultValue: undefined });
  }
}

async function pythonRun(): Promise<EventRun> {
  let driving: Promise<string> | undefined;
  const listening = runPeer('listen', (line) => {
    if (line === 'ready') driving = runPeer('drive');
  });
  const arrivals = (JSON.parse(await listening) as number[]).map((ns) => BigInt(ns));
  if (!driving) throw new Error('the python listener never became ready');
  const returns = (JSON.parse(await driving) as number[]).map((ns) => BigInt(ns));
  return summarise(returns, arrivals);
}

/** W6 with rxvirt listening: every lifecycle event of every domain, counted in this process. */
async function rxvirtW6(names: readonly string[]): Promise<number> {
  const listener = await firstValueFrom(connect(URI));
  try {
    let first = 0n;
    let last = 0n;
    let count = 0;
    let registered!: () => void;
    const ready = new Promise<void>((resolve) => (registered = resolve));
    const done = new Promise<void>((resolve, reject) => {
      listener.events.domain('lifecycle', { registered: true }).pipe(onRegistered(() => registered()), take(W6_TOTAL)).subscribe({
        next: () => {
          last = process.hrtime.bigint();
          if (count++ === 0) first = last;
        },
        complete: resolve,
        error: reject,
      });
    });
    await ready;
    await runPython(['drive-many', String(w6Cycles), ...names]);
    await done;
    return (count - 1) / (Number(last - first) / 1e9);
  } finally {
    await lastValueFrom(listener.close(), { defaultValue: undefined });
  }
}

/** W6 with a bare Node socket listening: the floor under any Node listener (frames counted by header, not decoded). */
async function rawW6(names: readonly string[]): Promise<number> {
  const { done } = await rawLifecycleListener('/run/libvirt/libvirt-sock', 'test:///default', W6_TOTAL);
  await runPython(['drive-many', String(w6Cycles), ...names]);
  const [first, last] = await done;
  return (W6_TOTAL - 1) / (Number(last - first) / 1e9);
}

/** W6 with python-libvirt listening, in its own process. */
async function pythonW6(names: readonly string[]): Promise<number> {
  let driving: Promise<string> | undefined;
  const listening = runPython(['listen-all', String(W6_TOTAL)], (line) => {
    if (line === 'ready') driving = runPython(['drive-many', String(w6Cycles), ...names]);
  });
  const [first, last] = JSON.parse(await listening) as number[];
  if (!driving) throw new Error('the python listener never became ready');
  await driving;
  return (W6_TOTAL - 1) / ((last - first) / 1e9);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const ours: EventRun[] = [];
  const theirs: EventRun[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ours.push(await rxvirtRun());
      theirs.push(await pythonRun());
    } else {
      theirs.push(await pythonRun());
      ours.push(await rxvirtRun());
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
  const row = (name: string, pick: (run: EventRun) => number, digits: number): string => {
    const a = median(ours.map(pick));
    const b = median(theirs.map(pick));
    return `| ${name} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(a / b).toFixed(2)} |`;
  };
  console.log(
    [
      '| measurement | rxvirt | python-libvirt | rxvirt / python |',
      '|---|---|---|---|',
      row('lifecycle events per second', (run) => run.eventsPerSecond, 0),
      row('median latency, call return → event arrival (µs)', (run) => run.medianLatencyUs, 0),
      row('99th percentile latency (µs)', (run) => run.p99LatencyUs, 0),
    ].join('\n'),
  );
  console.log(`\n${rounds} rounds, medians; ${cycles} suspend/resume cycles (${cycles * 2} events) per run, driven by python-libvirt in a separate process.`);

  // W6: transient domains of this run, kept alive (and the test driver's state with them) by `owner`.
  const owner = await firstValueFrom(connect(URI));
  const names = Array.from({ length: w6Domains }, (_, i) => `rxvirt-w6-${process.pid}-${i}`);
  const doms = [];
  for (const name of names) {
    const xml = `<domain type='test'><name>${name}</name><memory>8192</memory><os><type>hvm</type></os></domain>`;
    doms.push(await firstValueFrom(owner.domainCreateXml({ xml_desc: xml, flags: 0 })));
  }
  const ourW6: number[] = [];
  const theirW6: number[] = [];
  const floorW6: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        ourW6.push(await rxvirtW6(names));
        theirW6.push(await pythonW6(names));
        floorW6.push(await rawW6(names));
      } else {
        floorW6.push(await rawW6(names));
        theirW6.push(await pythonW6(names));
        ourW6.push(await rxvirtW6(names));
      }
      process.stderr.write(`W6 round ${round + 1}/${rounds} done\n`);
    }
  } finally {
    for (const dom of doms) await firstValueFrom(owner.domainDestroy({ dom }), { defaultValue: undefined });
    await lastValueFrom(owner.close(), { defaultValue: undefined });
  }
  const a = median(ourW6);
  const b = median(theirW6);
  const f = median(floorW6);
  console.log(
    [
      '',
      '| W6 | rxvirt | python-libvirt | bare Node socket (floor) | rxvirt / python | floor / python |',
      '|---|---|---|---|---|---|',
      `| lifecycle events per second | ${a.toFixed(0)} | ${b.toFixed(0)} | ${f.toFixed(0)} | ${(a / b).toFixed(2)} | ${(f / b).toFixed(2)} |`,
    ].join('\n'),
  );
  console.log(`\nW6: ${rounds} rounds, medians (rxvirt ${ourW6.map((v) => v.toFixed(0)).join(', ')}; python ${theirW6.map((v) => v.toFixed(0)).join(', ')}; bare socket ${floorW6.map((v) => v.toFixed(0)).join(', ')}); ${w6Domains} domains × ${w6Cycles} suspend/resume cycles (${W6_TOTAL} events) per run.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
