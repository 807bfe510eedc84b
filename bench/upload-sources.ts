// Peak RSS of an upload from a fast source: 128 MiB (default) made in memory and uploaded to a
// volume of a dir pool on qemu:///system, by a plain synchronous Observable (it pushes every
// chunk at once: they all wait in front of the socket), by a generator through `pulledFrom`
// (each chunk made when the socket takes the previous one), and, for scale, by the same
// connection idle. Each variant runs in a fresh child process, which reports its peak RSS
// (`process.resourceUsage().maxRSS`).
//
//   npm run bench:upload-sources [-- --size-mib 128]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, lastValueFrom, Observable } from 'rxjs';
import { connect, pulledFrom } from '../src/index.js';

const URI = 'qemu:///system';
const MiB = 1 << 20;
/** The chunk size a file source would read: one frame's worth. */
const CHUNK = 256 * 1024;
const VARIANTS = ['idle', 'observable', 'pulled-generator'] as const;
type Variant = (typeof VARIANTS)[number];

/** In the child: one upload of `sizeMiB` made chunk by chunk, as `variant` says; prints the peak RSS in MiB. */
async function child(variant: Variant, pool: string, volume: string, sizeMiB: number): Promise<void> {
  const conn = await firstValueFrom(connect(URI));
  const poolRef = await firstValueFrom(conn.storagePoolLookupByName({ name: pool }));
  const vol = await firstValueFrom(conn.storageVolLookupByName({ pool: poolRef, name: volume }));
  const chunks = (sizeMiB * MiB) / CHUNK;
  const make = (i: number): Uint8Array => new Uint8Array(CHUNK).fill(i & 0xff);
  function* generated(): Generator<Uint8Array> {
    for (let i = 0; i < chunks; i++) yield make(i);
  }
  const sources = {
    observable: () =>
      new Observable<Uint8Array>((subscriber) => {
        for (let i = 0; i < chunks; i++) subscriber.next(make(i));
        subscriber.complete();
      }),
    'pulled-generator': () => pulledFrom(generated()),
  };
  if (variant !== 'idle') {
    const upload = conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(sources[variant]());
    await lastValueFrom(upload, { defaultValue: undefined });
  }
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  console.log(JSON.stringify({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]) || fallback;
}

async function main(): Promise<void> {
  const sizeMiB = argument('--size-mib', 128);
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-bench-upload-sources-'));
  const pool = `rxvirt-bench-upload-${process.pid}`;
  mkdirSync(join(dir, 'pool'));
  writeFileSync(join(dir, 'pool', 'upload.img'), '');
  execFileSync('virsh', ['-c', URI, 'pool-create-as', pool, 'dir', '--target', join(dir, 'pool')], { stdio: 'ignore' });
  try {
    console.log(`${sizeMiB} MiB uploaded in ${CHUNK / 1024} KiB chunks made in memory, ${URI}, node ${process.version}, one fresh process each\n`);
    console.log('| source | peak RSS MiB |');
    console.log('|---|---|');
    for (const variant of VARIANTS) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', variant, pool, 'upload.img', String(sizeMiB)], { encoding: 'utf8' });
      const { peakRssMiB } = JSON.parse(out) as { peakRssMiB: number };
      if (variant !== 'idle' && statSync(join(dir, 'pool', 'upload.img')).size !== sizeMiB * MiB) throw new Error(`${variant}: the volume has a wrong size`);
      console.log(`| ${variant} | ${peakRssMiB.toFixed(0)} |`);
    }
  } finally {
    execFileSync('virsh', ['-c', URI, 'pool-destroy', pool], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const [variant, pool, volume, size] = process.argv.slice(childAt + 1);
  await child(variant as Variant, pool, volume, Number(size));
} else {
  await main();
}
