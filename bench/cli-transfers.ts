// The CLI against virsh, whole processes (spawn to exit: start-up, connection and transfer), on
// the same volumes of a dir pool on qemu:///system: a 1 GiB random volume downloaded and
// uploaded, and a 1 GiB sparse volume (8 data extents of 16 MiB) downloaded and uploaded with
// --sparse. The tools alternate, `sync` before each transfer; medians and ratios. A first row
// downloads a 1 MiB volume: what start-up and connecting cost each tool, in the same run. Where
// NODE_EXTRA_CA_CERTS is set (Node reads that file at every start), the CLI runs a second time
// without it. Beside them, the Node floor: a bare Node program, no library, moving the same bytes
// over a raw socket (bench/raw-transfer-floor.ts; plain transfers only), on the same Node.
//
//   npm run bench:cli-transfers [-- --size-mib 1024 --runs 5 --node /path/to/node --cli OTHER/dist/bin/rxvirt.cjs]
// TMPDIR=/dev/shm puts the pool and the files in memory (no disk in the figures).
// --node runs the CLI on another Node binary (Node 22 and later read NODE_EXTRA_CA_CERTS lazily
// and have a compile cache, which the CLI turns on). --cli runs another build of the CLI (before/after).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const URI = 'qemu:///system';
const MiB = 1 << 20;
const CLI = resolve(process.argv.includes('--cli') ? process.argv[process.argv.indexOf('--cli') + 1] : 'dist/bin/rxvirt.cjs');
/** A bare Node program doing the same transfer over a raw socket: what Node itself costs (bench/raw-transfer-floor.ts). */
const FLOOR = resolve('build/bench/bench/raw-transfer-floor.js');
/** libvirtd's read-write socket, which qemu:///system reaches. */
const SOCKET = '/run/libvirt/libvirt-sock';
const NODE = process.argv.includes('--node') ? process.argv[process.argv.indexOf('--node') + 1] : process.execPath;

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]) || fallback;
}

async function writeFile(path: string, size: number, extents: number | null): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(MiB);
  try {
    await file.truncate(size);
    if (extents === null) {
      for (let at = 0; at < size; at += MiB) await file.write(randomFillSync(block), 0, MiB, at);
    } else {
      const extentMiB = Math.max(1, size / MiB / 64);
      for (let i = 0; i < extents; i++) {
        for (let j = 0; j < extentMiB; j++) await file.write(randomFillSync(block), 0, MiB, Math.floor((size / extents) * i) + j * MiB);
      }
    }
  } finally {
    await file.close();
  }
}

/** Seconds from spawn to exit of one command, after a `sync`. */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  execFileSync('sync');
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr.toString()}`);
  return seconds;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  const size = argument('--size-mib', 1024) * MiB;
  const rounds = argument('--runs', 5);
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-bench-cli-'));
  const poolDir = join(dir, 'pool');
  const pool = `rxvirt-bench-cli-${process.pid}`;
  mkdirSync(poolDir);
  try {
    await writeFile(join(poolDir, 'small.img'), MiB, null);
    await writeFile(join(poolDir, 'random.img'), size, null);
    await writeFile(join(poolDir, 'sparse.img'), size, 8);
    writeFileSync(join(poolDir, 'upload.img'), '');
    const source = join(dir, 'source.img');
    const sparseSource = join(dir, 'sparse-source.img');
    await writeFile(source, size, null);
    await writeFile(sparseSource, size, 8);
    const out = join(dir, 'download.out');
    execFileSync('virsh', ['-c', URI, 'pool-create-as', pool, 'dir', '--target', poolDir], { stdio: 'ignore' });
    execFileSync('cat', [join(poolDir, 'random.img'), join(poolDir, 'sparse.img'), source, sparseSource], { stdio: 'ignore', maxBuffer: 0 });

    // Each operation as virsh's and the CLI's arguments, and as the floor's (none for sparse transfers).
    const operations: Record<string, { readonly args: readonly string[]; readonly floor?: readonly string[] }> = {
      'start-up (1 MiB download)': { args: ['vol-download', '--pool', pool, 'small.img', out], floor: ['download', pool, 'small.img', out] },
      download: { args: ['vol-download', '--pool', pool, 'random.img', out], floor: ['download', pool, 'random.img', out] },
      upload: { args: ['vol-upload', '--pool', pool, 'upload.img', source], floor: ['upload', pool, 'upload.img', source] },
      'sparse download': { args: ['vol-download', '--sparse', '--pool', pool, 'sparse.img', out] },
      'sparse upload': { args: ['vol-upload', '--sparse', '--pool', pool, 'upload.img', sparseSource] },
    };
    const { NODE_EXTRA_CA_CERTS, ...withoutCaCerts } = process.env;
    const tools: Record<string, (operation: (typeof operations)[string]) => number | undefined> = {
      virsh: ({ args }) => timed('virsh', ['-c', URI, ...args]),
      rxvirt: ({ args }) => timed(NODE, [CLI, '-c', URI, ...args]),
      floor: ({ floor }) => (floor === undefined ? undefined : timed(NODE, [FLOOR, floor[0], SOCKET, URI, ...floor.slice(1)])),
    };
    if (NODE_EXTRA_CA_CERTS !== undefined) tools.bare = ({ args }) => timed(NODE, [CLI, '-c', URI, ...args], withoutCaCerts);
    const seconds = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const [operation, spec] of Object.entries(operations)) {
        for (const [tool, run] of Object.entries(tools)) {
          rmSync(out, { force: true });
          const key = `${operation} ${tool}`;
          const time = run(spec);
          if (time === undefined) continue;
          seconds.set(key, [...(seconds.get(key) ?? []), time]);
          const expected = operation.startsWith('start-up') ? MiB : size;
          if (operation.includes('download') && statSync(out).size !== expected) throw new Error(`${key}: wrong size`);
        }
      }
    }
    const version = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`Node ${version}, ${size / MiB} MiB volumes, ${URI}, dir pool in ${tmpdir()}, CLI ${CLI}, median of ${rounds} runs (alternating, sync before each)\n`);
    const bare = 'bare' in tools;
    console.log(
      `| operation | virsh s | rxvirt CLI s | rxvirt − virsh s | throughput rxvirt / virsh | Node floor s | − virsh s | floor / virsh |${bare ? ' without NODE_EXTRA_CA_CERTS: rxvirt s | − virsh s | rxvirt / virsh |' : ''}`,
    );
    console.log(`|---|---|---|---|---|---|---|---|${bare ? '---|---|---|' : ''}`);
    for (const operation of Object.keys(operations)) {
      const [virsh, rxvirt, floor, rxvirtBare] = ['virsh', 'rxvirt', 'floor', 'bare'].map((tool) => median(seconds.get(`${operation} ${tool}`) ?? [NaN]));
      const compared = (time: number): string =>
        Number.isNaN(time) ? 'n/a | | ' : `${time.toFixed(3)} | ${(time - virsh).toFixed(3)} | ${(virsh / time).toFixed(2)}`;
      console.log(`| ${operation} | ${virsh.toFixed(3)} | ${compared(rxvirt)} | ${compared(floor)} |${bare ? ` ${compared(rxvirtBare)} |` : ''}`);
    }
  } finally {
    spawnSync('virsh', ['-c', URI, 'pool-destroy', pool], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
