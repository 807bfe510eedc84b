import { collectBytes, readFileChunks, writeToFile } from 'rxvirt';
import { FakeDaemon } from 'rxvirt/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';

// libvirt's test driver has no volume streams: this runs on the fake daemon (or use qemu:///system).
const daemon = new FakeDaemon();
const conn = await firstValueFrom(daemon.connect());
const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
const vol = await firstValueFrom(conn.storageVolLookupByName({ pool, name: 'sparse.img' }));
const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
const dir = mkdtempSync(join(tmpdir(), 'rxvirt-'));
const file = join(dir, 'disk.img');

// A download emits { reply } first, then { data } chunks (views of the frames) and, with the
// sparse flag (VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1), { hole }s. writeToFile keeps holes as holes.
await lastValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 1 }).pipe(writeToFile(file)));

// An upload sends a source of bytes or chunks; readFileChunks turns zero blocks into holes.
await lastValueFrom(
  conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 1 }).sending(readFileChunks(file, { sparse: true })),
  { defaultValue: undefined },
);

const { reply: mime, bytes: png } = await firstValueFrom(conn.domainScreenshot({ dom, screen: 0 }).pipe(collectBytes()));
console.log(mime, png.length);

await lastValueFrom(conn.close(), { defaultValue: undefined });
daemon.close();
rmSync(dir, { recursive: true });
