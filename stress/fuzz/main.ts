// The long fuzz run: the properties of spec/fuzz/ with many more cases.
//
//   npm run fuzz -- --runs 200          # cases per property (per codec for the codec property)
//   npm run fuzz -- --seconds 300       # rounds with fresh seeds until the time is up
//   npm run fuzz -- --seed 42 --runs 50 # replay a reported seed
import fc from 'fast-check';
import { clientProperty, type ClientTally } from './client-property.js';
import { CODEC_TARGETS } from './codec-targets.js';
import { damagedStreamProperty, decodeHostileLengths, decodeProperty, framingProperty, newTally } from './properties.js';

function option(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

const seconds = option('seconds');
const runs = option('runs') ?? (seconds === undefined ? 100 : 20);
const firstSeed = option('seed') ?? Date.now() % 2 ** 31;
/** Client cases are slower (a connection each, and waits up to 200 ms): fewer per round. */
const CLIENT_RUNS_SHARE = 0.25;

async function round(seed: number, codecTally: ReturnType<typeof newTally>, client: ClientTally): Promise<void> {
  const params = { seed, numRuns: runs };
  fc.assert(framingProperty(), { ...params, numRuns: runs * 20 });
  fc.assert(damagedStreamProperty(), { ...params, numRuns: runs * 50 });
  // Zeros decode as every field empty or 0: each codec's round trip runs at least once.
  for (const target of CODEC_TARGETS) fc.assert(decodeProperty(target, codecTally), { ...params, examples: [[new Uint8Array(512)]] });
  await fc.assert(clientProperty(client), { ...params, numRuns: Math.max(1, Math.round(runs * CLIENT_RUNS_SHARE)) });
}

async function main(): Promise<void> {
  const started = performance.now();
  const codecTally = newTally();
  const client: ClientTally = { survived: 0, closed: 0, waiting: 0 };
  const heapBefore = process.memoryUsage();
  let hostile = 0;
  for (const target of CODEC_TARGETS) hostile += decodeHostileLengths(target);
  let rounds = 0;
  let seed = firstSeed;
  do {
    process.stderr.write(`round ${rounds + 1}, seed ${seed}\n`);
    await round(seed, codecTally, client);
    rounds++;
    seed = (seed + 1) % 2 ** 31;
  } while (seconds !== undefined && (performance.now() - started) / 1000 < seconds);
  const heapAfter = process.memoryUsage();
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  console.log(
    [
      `fuzz: ${rounds} round(s) from seed ${firstSeed}, ${runs} runs per property, ${((performance.now() - started) / 1000).toFixed(1)} s`,
      `codecs: ${CODEC_TARGETS.length} targets, ${codecTally.decoded} decoded and round-tripped, ${codecTally.rejected} rejected with XdrError, ` +
        `${codecTally.roundTripped.size} targets round-tripped at least once, slowest decode ${codecTally.slowestMs.toFixed(2)} ms`,
      `hostile lengths: ${hostile} inputs refused or decoded without allocating`,
      `client: ${client.survived} survived, ${client.closed} closed with a typed error, ${client.waiting} waiting on a partial frame`,
      `heap ${mib(heapBefore.heapUsed)} → ${mib(heapAfter.heapUsed)} MiB, array buffers ${mib(heapBefore.arrayBuffers)} → ${mib(heapAfter.arrayBuffers)} MiB, rss ${mib(heapAfter.rss)} MiB`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
