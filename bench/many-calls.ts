// Two ways to keep 64 calls in flight over N calls, on the real daemon (test+unix:///default),
// alternating, medians: `range(0, N).pipe(mergeMap(call, 64))`, which parks every value not yet
// started in mergeMap's buffer (an array it `shift()`s from, slow once it holds tens of
// thousands), and 64 chains of `repeat`, which hold nothing (the idiom bench/call-path.ts uses).
// Reports calls per second and the client's CPU per call.
//
//   npm run bench:many-calls [-- --counts 2000,20000,60000 --rounds 5]
import { defer, firstValueFrom, lastValueFrom, mergeMap, range, repeat } from 'rxjs';
import { connect, type Connection } from '../src/index.js';

const URI = 'test+unix:///default';
const IN_FLIGHT = 64;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const counts = option('counts', '2000,20000,60000').split(',').map(Number);
const rounds = Number(option('rounds', '5'));

interface Run {
  readonly callsPerSecond: number;
  readonly cpuMicrosPerCall: number;
}

async function timed(calls: number, work: () => Promise<unknown>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { callsPerSecond: calls / seconds, cpuMicrosPerCall: (used.user + used.system) / calls };
}

const idioms = {
  'range + mergeMap(call, 64)': (conn: Connection, calls: number) =>
    lastValueFrom(range(0, calls).pipe(mergeMap(() => conn.connectNumOfDomains(), IN_FLIGHT))),
  '64 chains of repeat': (conn: Connection, calls: number) =>
    lastValueFrom(range(0, IN_FLIGHT).pipe(mergeMap(() => defer(() => conn.connectNumOfDomains()).pipe(repeat(calls / IN_FLIGHT))))),
} as const;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main(): Promise<void> {
  const conn = await firstValueFrom(connect(URI));
  // Warm-up: JIT and the daemon's workers.
  for (const run of Object.values(idioms)) await run(conn, 2 * IN_FLIGHT * 20);
  console.log(`Node ${process.version}, ${IN_FLIGHT} in flight, ${rounds} rounds, medians\n`);
  console.log('| calls | idiom | calls/s | client CPU per call (µs) |');
  console.log('|---|---|---|---|');
  for (const calls of counts) {
    const results = new Map<string, Run[]>(Object.keys(idioms).map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of Object.entries(idioms)) results.get(name)?.push(await timed(calls, () => run(conn, calls)));
    }
    for (const [name, runs] of results) {
      const rate = median(runs.map((run) => run.callsPerSecond));
      const cpu = median(runs.map((run) => run.cpuMicrosPerCall));
      console.log(`| ${calls} | ${name} | ${rate.toFixed(0)} | ${cpu.toFixed(1)} |`);
    }
  }
  await lastValueFrom(conn.close(), { defaultValue: undefined });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
