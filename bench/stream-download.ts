// Stream benchmark: rxvirt against virsh (the C client) moving the same 1 GiB random volume of a
// dir pool on qemu:///system, download then upload, the tools alternating, one run each.
// Prints a Markdown table: wall time, throughput, client CPU seconds per GiB, peak RSS.
//
//   npm run bench:streams [-- --size-mib 1024]
//
// virsh is measured with /usr/bin/time (its whole process). rxvirt runs in a child process of
// this script and reports `process.cpuUsage()` around the transfer and its peak RSS.
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

interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/** In the child: one transfer with rxvirt, measured from inside. */
async function child(operation: string, pool: string, volume: string, file: string): Promise<void> {
  const conn = await firstValueFrom(connect(URI));
  const poolRef = await firstValueFrom(conn.storagePoolLookupByName({ name: pool }));
  const vol = await firstValueFrom(conn.storageVolLookupByName({ pool: poolRef, name: volume }));
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  if (operation === 'download') {
    await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(writeToFile(file)));
  } else {
    await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(readFileChunks(file)), {
      defaultValue: undefined,
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  const result: Measurement = {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function rxvirt(operation: string, pool: string, volume: string, file: string): Measurement {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', operation, pool, volume, file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Measurement;
}

function virsh(timing: string, ...args: string[]): Measurement {
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

function row(tool: string, operation: string, size: number, m: Measurement): string {
  const gib = size / (1024 * MiB);
  return `| ${operation} | ${tool} | ${m.seconds.toFixed(2)} | ${(size / MiB / m.seconds).toFixed(0)} | ${(m.cpuSeconds / gib).toFixed(2)} | ${m.peakRssMiB.toFixed(0)} |`;
}

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[process.argv.indexOf('--size-mib') + 1]) || 1024;
  const size = sizeMiB * MiB;
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-bench-streams-'));
  const poolDir = join(dir, 'pool');
  const pool = `rxvirt-bench-${process.pid}`;
  mkdirSync(poolDir);
  try {
    await writeRandomFile(join(poolDir, 'random.img'), size);
    writeFileSync(join(poolDir, 'upload.img'), '');
    const source = join(dir, 'source.img');
    await writeRandomFile(source, size);
    execFileSync('virsh', ['-c', URI, 'pool-create-as', pool, 'dir', '--target', poolDir], { stdio: 'ignore' });
    const timing = join(dir, 'time.txt');
    const out = join(dir, 'download.out');
    const rows: string[] = [];
    const ratios: string[] = [];
    // Warm the page cache for both tools alike.
    execFileSync('cat', [join(poolDir, 'random.img'), source], { stdio: 'ignore', maxBuffer: 0 });

    rmSync(out, { force: true });
    const virshDownload = virsh(timing, 'vol-download', '--pool', pool, 'random.img', out);
    if (statSync(out).size !== size) throw new Error('virsh downloaded a wrong size');
    rmSync(out);
    const rxvirtDownload = rxvirt('download', pool, 'random.img', out);
    if (statSync(out).size !== size) throw new Error('rxvirt downloaded a wrong size');
    const virshUpload = virsh(timing, 'vol-upload', '--pool', pool, 'upload.img', source);
    const rxvirtUpload = rxvirt('upload', pool, 'upload.img', source);
    if (statSync(join(poolDir, 'upload.img')).size !== size) throw new Error('upload has a wrong size');

    rows.push(row('virsh', 'download', size, virshDownload), row('rxvirt', 'download', size, rxvirtDownload));
    rows.push(row('virsh', 'upload', size, virshUpload), row('rxvirt', 'upload', size, rxvirtUpload));
    ratios.push(`download throughput rxvirt/virsh: ${(virshDownload.seconds / rxvirtDownload.seconds).toFixed(2)}`);
    ratios.push(`upload throughput rxvirt/virsh: ${(virshUpload.seconds / rxvirtUpload.seconds).toFixed(2)}`);
    console.log(`${sizeMiB} MiB random volume, ${URI}, dir pool in ${tmpdir()}, one run each (virsh first)\n`);
    console.log('| operation | client | seconds | MiB/s | client CPU s/GiB | peak RSS MiB |');
    console.log('|---|---|---|---|---|---|');
    for (const line of rows) console.log(line);
    console.log(`\n${ratios.join('\n')}`);
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
