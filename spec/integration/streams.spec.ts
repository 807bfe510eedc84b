// Data streams against the real daemon: volume downloads and uploads (plain and sparse) in a dir
// pool of a temporary folder, the test driver's screenshot, aborts, and a connection that dies.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, of, Subject, take, toArray } from 'rxjs';
import {
  collectBytes,
  connect,
  ConnectionClosedError,
  type Connection,
  readFileChunks,
  type StreamItem,
  UnsupportedError,
  writeToFile,
} from '../../src/index.js';
import type { RemoteNonnullStoragePool, RemoteNonnullStorageVol } from '../../src/generated/remote/types.js';
import { SocketProxy } from '../support/socket-proxy.js';
import { LIBVIRT_SOCK } from '../support/daemon.js';

const MiB = 1 << 20;
const GiB = 1024 * MiB;
const DOWNLOAD_SPARSE = 1; // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM
const UPLOAD_SPARSE = 1; // VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM
/** Data extents of the sparse volume: offset and length. */
const EXTENTS: Array<[number, number]> = [
  [0, MiB],
  [100 * MiB + 4096, 3 * MiB],
  [513 * MiB, 64 * 1024],
  [GiB - 2 * MiB, MiB],
];

/** Writes `length` random bytes at `position`, a MiB at a time. */
async function writeRandom(path: string, position: number, length: number, flags = 'r+'): Promise<void> {
  const file = await open(path, flags);
  try {
    for (let done = 0; done < length; done += MiB) await file.write(randomBytes(Math.min(MiB, length - done)), 0, undefined, position + done);
  } finally {
    await file.close();
  }
}

/** Whether two files have the same length and bytes, compared a MiB at a time. */
async function sameContents(a: string, b: string): Promise<boolean> {
  if (statSync(a).size !== statSync(b).size) return false;
  const [fa, fb] = await Promise.all([open(a, 'r'), open(b, 'r')]);
  try {
    const [ba, bb] = [Buffer.alloc(MiB), Buffer.alloc(MiB)];
    for (;;) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, MiB, null), fb.read(bb, 0, MiB, null)]);
      if (ra.bytesRead !== rb.bytesRead || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
      if (ra.bytesRead === 0) return true;
    }
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/** Bytes a file occupies on disk. */
function allocated(path: string): number {
  return statSync(path).blocks * 512;
}

describe('data streams on qemu:///system, in a dir pool', () => {
  let dir: string;
  let poolDir: string;
  let conn: Connection;
  let pool: RemoteNonnullStoragePool;
  const volume = (name: string): Promise<RemoteNonnullStorageVol> => firstValueFrom(conn.storageVolLookupByName({ pool, name }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-streams-'));
    poolDir = join(dir, 'pool');
    const { mkdirSync, truncateSync, writeFileSync } = await import('node:fs');
    mkdirSync(poolDir);
    await writeRandom(join(poolDir, 'random.img'), 0, 64 * MiB, 'w');
    writeFileSync(join(poolDir, 'sparse.img'), '');
    truncateSync(join(poolDir, 'sparse.img'), GiB);
    for (const [position, length] of EXTENTS) await writeRandom(join(poolDir, 'sparse.img'), position, length);
    for (const name of ['upload.img', 'upload-sparse.img', 'refused.img']) writeFileSync(join(poolDir, name), '');
    conn = await firstValueFrom(connect('qemu:///system'));
    const xml = `<pool type='dir'><name>rxvirt-streams-${process.pid}</name><target><path>${poolDir}</path></target></pool>`;
    pool = await firstValueFrom(conn.storagePoolCreateXml({ xml, flags: 0 }));
    await lastValueFrom(conn.storagePoolRefresh({ pool, flags: 0 }), { defaultValue: undefined });
  });

  afterAll(async () => {
    if (pool) await lastValueFrom(conn.storagePoolDestroy({ pool }), { defaultValue: undefined });
    if (conn) await lastValueFrom(conn.close(), { defaultValue: undefined });
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads a 64 MiB volume byte-identical to its file', async () => {
    const vol = await volume('random.img');
    const out = join(dir, 'random.out');
    const written = await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(writeToFile(out)));
    expect(written).toEqual({ reply: undefined, size: 64 * MiB });
    expect(await sameContents(out, join(poolDir, 'random.img'))).toBe(true);
  });

  it('downloads a 1 GiB volume of holes with the sparse flag into an identical, sparse file', async () => {
    const vol = await volume('sparse.img');
    const out = join(dir, 'sparse.out');
    const written = await firstValueFrom(
      conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: DOWNLOAD_SPARSE }).pipe(writeToFile(out)),
    );
    expect(written.size).toBe(GiB);
    expect(await sameContents(out, join(poolDir, 'sparse.img'))).toBe(true);
    expect(allocated(out)).toBeLessThan(16 * MiB);
  });

  it('sees holes as holes only with the sparse flag', async () => {
    const vol = await volume('sparse.img');
    const firstItems = (flags: number): Promise<StreamItem<void>[]> =>
      firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: BigInt(4 * MiB), flags }).pipe(toArray()));
    // The first 4 MiB: 1 MiB of data, then a hole.
    const sparse = await firstItems(DOWNLOAD_SPARSE);
    expect(sparse[0]).toEqual({ reply: undefined });
    expect(sparse.at(-1)).toEqual({ hole: { length: BigInt(3 * MiB), flags: 0 } });
    const dense = await firstItems(0);
    expect(dense.slice(1).every((item) => 'data' in item)).toBe(true);
    expect(dense.slice(1).reduce((sum, item) => sum + ('data' in item ? item.data.length : 0), 0)).toBe(4 * MiB);
  });

  it('uploads a file that comes out identical in the pool', async () => {
    const vol = await volume('upload.img');
    const source = join(poolDir, 'random.img');
    await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(readFileChunks(source)), {
      defaultValue: undefined,
    });
    expect(await sameContents(join(poolDir, 'upload.img'), source)).toBe(true);
  });

  it('uploads a sparse file sparsely with the sparse flag', async () => {
    const vol = await volume('upload-sparse.img');
    const source = join(poolDir, 'sparse.img');
    await lastValueFrom(
      conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: UPLOAD_SPARSE }).sending(readFileChunks(source, { sparse: true })),
      { defaultValue: undefined },
    );
    const target = join(poolDir, 'upload-sparse.img');
    expect(await sameContents(target, source)).toBe(true);
    expect(allocated(target)).toBeLessThan(16 * MiB);
  });

  it('refuses a hole on an upload opened without the sparse flag, and the connection lives on', async () => {
    const vol = await volume('refused.img');
    const upload = conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 });
    const error = await lastValueFrom(upload.sending(of({ hole: { length: 4096n, flags: 0 } }))).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(await firstValueFrom(conn.connectGetLibVersion())).toBeGreaterThan(0n);
  });

  it('aborts a download halfway; the connection serves other calls and downloads', async () => {
    const vol = await volume('random.img');
    const half = await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(take(64), toArray()));
    expect(half.length).toBe(64);
    expect(await firstValueFrom(conn.storagePoolNumOfVolumes({ pool }))).toBe(5);
    const out = join(dir, 'again.out');
    const written = await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: BigInt(8 * MiB), flags: 0 }).pipe(writeToFile(out)));
    expect(written.size).toBe(8 * MiB);
  });

  it('errors a stream at once when the connection dies', async () => {
    const proxy = await new SocketProxy(LIBVIRT_SOCK).listen();
    const viaProxy = await firstValueFrom(connect(`qemu:///system?socket=${proxy.path}`));
    try {
      const vol = await firstValueFrom(viaProxy.storageVolLookupByName({ pool, name: 'random.img' }));
      // Pulls the reply and one chunk, then nothing: the download pauses the socket and waits.
      const pull = new Subject<number>();
      const received: StreamItem<void>[] = [];
      const failed = new Promise<unknown>((resolve) =>
        viaProxy.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pullWith(pull).subscribe({
          next: (item) => {
            received.push(item);
            if (received.length === 2) proxy.cut();
          },
          error: resolve,
        }),
      );
      pull.next(2);
      const started = Date.now();
      expect(await failed).toBeInstanceOf(ConnectionClosedError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await proxy.close();
    }
  });
});

describe('screenshot on test+unix:///default', () => {
  it('is a PNG with MIME type image/png', async () => {
    const conn = await firstValueFrom(connect('test+unix:///default'));
    try {
      const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
      const { reply, bytes } = await firstValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(collectBytes()));
      expect(reply).toBe('image/png');
      expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
      expect(Buffer.from(bytes.subarray(12, 16)).toString('latin1')).toBe('IHDR');
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });
});
