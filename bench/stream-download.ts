// Stream benchmark: rxvirt against virsh (the C client) moving the same 1 GiB random volume of a
// dir pool on qemu:///system, download then upload, and downloading a sparse 1 GiB volume (a few
// data extents, holes elsewhere) with the sparse flag; the tools alternate, `--runs` rounds
// (default 3), and the table shows each row's median run (peak RSS: the largest).
// Prints a Markdown table: wall time, throughput, client CPU seconds per GiB, peak RSS, and for
// the sparse download the space the result takes on disk.
//
//   npm run bench:streams [-- --size-mib 1024 --runs 3 --node-option --max-semi-space-size=4]
//
// virsh is measured with /usr/bin/time (its whole process). rxvirt runs in a child process of
// this script that makes the transfer twice and reports `process.cpuUsage()` around each and the
// peak RSS after each: the first transfer of a fresh process (V8 compiling as it goes), and the
// same transfer again (as in a long-running process). `sync` runs before every transfer.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, readFileChunks, writeToFile } from '../src/index.js';

const URI = 'qemu:///system';
const MiB = 1 << 20;
/** Options for the rxvirt child's `node` (`--node-option --max-semi-space-size=4`, say); none by default. */
const nodeOptions = process.argv.flatMap((arg, at) => (process.argv[at - 1] === '--node-option' ? [arg] : []));

interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/** What the child measures: its first transfer, and the same transfer again in the same process. */
interface ChildResult {
  readonly first: Measurement;
  /** With V8's compilers warmed up, as in a long-running process that moves several volumes. */
  readonly again: Measurement;
}

/** In the child: the transfer twice with rxvirt, measured from inside. */
async function child(operation: string, pool: string, volume: string, file: string): Promise<void> {
  const conn = await firstValueFrom(connect(URI));
  const poolRef = await firstValueFrom(conn.storagePoolLookupByName({ name: pool }));
  const vol = await firstValueFrom(conn.storageVolLookupByName({ pool: poolRef, name: volume }));
  const transfer = async (): Promise<Measurement> => {
    // As for virsh, a download starts without the file (truncating 1 GiB on disk is not free).
    if (operation !== 'upload') rmSync(file, { force: true });
    settleDisk();
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    if (operation === 'download' || operation === 'sparse-download') {
      // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1: holes travel as holes, writeToFile skips them.
      const flags = operation === 'sparse-download' ? 1 : 0;
      await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags }).pipe(writeToFile(file)));
    } else {
      await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(readFileChunks(file)), {
        defaultValue: undefined,
      });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  };
  const result: ChildResult = { first: await transfer(), again: await transfer() };
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Flushes dirty pages before each run, so that no run pays for the writeback of the one before. */
function settleDisk(): void {
  execFileSync('sync');
}

function rxvirt(operation: string, pool: string, volume: string, file: string): ChildResult {
  const out = execFileSync(process.execPath, [...nodeOptions, fileURLToPath(import.meta.url), '--child', operation, pool, volume, file], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildResult;
}

function virsh(timing: string, ...args: string[]): Measurement {
  settleDisk();
  execFileSync('/usr/bin/time', ['-o', timing, '-f', '%e %U %S %M', 'virsh', '-c', URI, ...args], { stdio: 'ignore' });
  const [elapsed, user, system, rssKiB] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: elapsed, cpuSeconds: user + system, peakRssMiB: rssKiB / 1024 };
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(8 * MiB);
  try {
    for (let done = 0; done < size; done += block.length) await file.write(randomFillSync(block), 0, Math.min(block.length, size - done));
  } finally {
    await file.close();
  }
}

/** A sparse file of `size` bytes: `extents` runs of `extentMiB` MiB of random data spread evenly, holes elsewhere. */
async function writeSparseFile(path: string, size: number, extents: number, extentMiB: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(MiB);
  try {
    await file.truncate(size);
    for (let i = 0; i < extents; i++) {
      const start = Math.floor((size / extents) * i);
      for (let j = 0; j < extentMiB; j++) await file.write(randomFillSync(block), 0, MiB, start + j * MiB);
    }
  } finally {
    await file.close();
  }
}

/** Space a file takes on disk, in MiB. */
function allocatedMiB(path: string): number {
  return (statSync(path).blocks * 512) / MiB;
}

interface Runs {
  readonly runs: Measurement[];
  /** Allocated MiB of the result, for the sparse download. */
  allocated?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summary({ runs }: Runs): Measurement {
  return {
    seconds: median(runs.map((m) => m.seconds)),
    cpuSeconds: median(runs.map((m) => m.cpuSeconds)),
    peakRssMiB: Math.max(...runs.map((m) => m.peakRssMiB)),
  };
}

function row(tool: string, operation: string, size: number, results: Runs): string {
  const m = summary(results);
  const gib = size / (1024 * MiB);
  const allocated = results.allocated === undefined ? ' |' : ` ${results.allocated.toFixed(0)} |`;
  return `| ${operation} | ${tool} | ${m.seconds.toFixed(2)} | ${(size / MiB / m.seconds).toFixed(0)} | ${(m.cpuSeconds / gib).toFixed(2)} | ${m.peakRssMiB.toFixed(0)} |${allocated}`;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]) || fallback;
}

async function main(): Promise<void> {
  const sizeMiB = argument('--size-mib', 1024);
  const rounds = argument('--runs', 3);
  const size = sizeMiB * MiB;
  // A few data extents, 1/8 of the volume: 8 extents of 16 MiB in 1 GiB.
  const sparseExtents = 8;
  const extentMiB = Math.max(1, sizeMiB / 64);
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-bench-streams-'));
  const poolDir = join(dir, 'pool');
  const pool = `rxvirt-bench-${process.pid}`;
  mkdirSync(poolDir);
  try {
    await writeRandomFile(join(poolDir, 'random.img'), size);
    await writeSparseFile(join(poolDir, 'sparse.img'), size, sparseExtents, extentMiB);
    writeFileSync(join(poolDir, 'upload.img'), '');
    const source = join(dir, 'source.img');
    await writeRandomFile(source, size);
    execFileSync('virsh', ['-c', URI, 'pool-create-as', pool, 'dir', '--target', poolDir], { stdio: 'ignore' });
    const timing = join(dir, 'time.txt');
    const out = join(dir, 'download.out');
    const results = new Map<string, Runs>();
    const record = (key: string, measurement: Measurement): void => {
      const entry = results.get(key) ?? { runs: [] };
      entry.runs.push(measurement);
      results.set(key, entry);
    };
    const recordBoth = (key: string, { first, again }: ChildResult): void => {
      record(key, first);
      record(`${key} again`, again);
    };
    // Warm the page cache for both tools alike.
    execFileSync('cat', [join(poolDir, 'random.img'), join(poolDir, 'sparse.img'), source], { stdio: 'ignore', maxBuffer: 0 });

    for (let round = 0; round < rounds; round++) {
      rmSync(out, { force: true });
      record('virsh download', virsh(timing, 'vol-download', '--pool', pool, 'random.img', out));
      if (statSync(out).size !== size) throw new Error('virsh downloaded a wrong size');
      rmSync(out);
      recordBoth('rxvirt download', rxvirt('download', pool, 'random.img', out));
      if (statSync(out).size !== size) throw new Error('rxvirt downloaded a wrong size');
      rmSync(out);
      record('virsh upload', virsh(timing, 'vol-upload', '--pool', pool, 'upload.img', source));
      recordBoth('rxvirt upload', rxvirt('upload', pool, 'upload.img', source));
      if (statSync(join(poolDir, 'upload.img')).size !== size) throw new Error('upload has a wrong size');
      record('virsh sparse', virsh(timing, 'vol-download', '--sparse', '--pool', pool, 'sparse.img', out));
      if (statSync(out).size !== size) throw new Error('virsh downloaded a wrong sparse size');
      (results.get('virsh sparse') as Runs).allocated = allocatedMiB(out);
      rmSync(out);
      recordBoth('rxvirt sparse', rxvirt('sparse-download', pool, 'sparse.img', out));
      if (statSync(out).size !== size) throw new Error('rxvirt downloaded a wrong sparse size');
      (results.get('rxvirt sparse') as Runs).allocated = allocatedMiB(out);
      (results.get('rxvirt sparse again') as Runs).allocated = allocatedMiB(out);
      rmSync(out);
    }

    const get = (key: string): Runs => results.get(key) as Runs;
    const ratio = (operation: string, again = ''): string =>
      (summary(get(`virsh ${operation}`)).seconds / summary(get(`rxvirt ${operation}${again}`)).seconds).toFixed(2);
    console.log(
      `${sizeMiB} MiB random volume and ${sizeMiB} MiB sparse volume (${sparseExtents} data extents of ${extentMiB} MiB), ${URI}, dir pool in ${tmpdir()}, ` +
        `median of ${rounds} runs each (tools alternating, virsh first, \`sync\` before each; peak RSS: the largest)` +
        `${nodeOptions.length > 0 ? `; rxvirt's node run with ${nodeOptions.join(' ')}` : ''}\n`,
    );
    console.log('| operation | client | seconds | MiB/s | client CPU s/GiB | peak RSS MiB | allocated MiB |');
    console.log('|---|---|---|---|---|---|---|');
    const again = 'rxvirt, again in the same process';
    console.log(row('virsh', 'download', size, get('virsh download')));
    console.log(row('rxvirt', 'download', size, get('rxvirt download')));
    console.log(row(again, 'download', size, get('rxvirt download again')));
    console.log(row('virsh', 'upload', size, get('virsh upload')));
    console.log(row('rxvirt', 'upload', size, get('rxvirt upload')));
    console.log(row(again, 'upload', size, get('rxvirt upload again')));
    console.log(row('virsh', 'sparse download', size, get('virsh sparse')));
    console.log(row('rxvirt', 'sparse download', size, get('rxvirt sparse')));
    console.log(row(again, 'sparse download', size, get('rxvirt sparse again')));
    console.log(
      `\nthroughput rxvirt/virsh, first transfer of a process: download ${ratio('download')}, upload ${ratio('upload')}, sparse download ${ratio('sparse')}; ` +
        `again in the same process: download ${ratio('download', ' again')}, upload ${ratio('upload', ' again')}, sparse download ${ratio('sparse', ' again')}`,
    );
    console.log(`all runs (seconds / CPU s): ${[...results].map(([key, { runs }]) => `${key} ${runs.map((m) => `${m.seconds.toFixed(2)}/${m.cpuSeconds.toFixed(2)}`).join(' ')}`).join('; ')}`);
  } finally {
    execFileSync('virsh', ['-c', URI, 'pool-destroy', pool], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const [operation, pool, volume, file] = process.argv.slice(childAt + 1);
  await child(operation, pool, volume, file);
} else {
  await main();
}
