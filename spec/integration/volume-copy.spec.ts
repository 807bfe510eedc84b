// A download piped straight into an upload, on libvirtd's qemu driver: one volume copied into
// another over the same connection, holes included when both calls ask for them.
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, of } from 'rxjs';
import { connect, type Connection, InvalidChunkError } from '../../src/index.js';
import type { RemoteNonnullStoragePool, RemoteNonnullStorageVol } from '../../src/generated/remote/types.js';

const URI = 'qemu:///system';
const POOL = 'rxvirt-volume-copy-spec';
const MiB = 1024 * 1024;
/** VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM and VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM. */
const SPARSE = 1;

/** A file of `size` bytes, holes but for `extents`. */
function sparseFile(path: string, size: number, extents: readonly { offset: number; bytes: number; fill: number }[]): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    for (const { offset, bytes, fill } of extents) writeSync(fd, Buffer.alloc(bytes, fill), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

const allocated = (path: string): number => statSync(path).blocks * 512;

describe(`a download piped into an upload on ${URI}`, () => {
  let dir: string;
  let conn: Connection;
  let pool: RemoteNonnullStoragePool;
  const volume = (name: string): Promise<RemoteNonnullStorageVol> => firstValueFrom(conn.storageVolLookupByName({ pool, name }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-volume-copy-'));
    sparseFile(join(dir, 'source.img'), 16 * MiB, [
      { offset: 0, bytes: 300_000, fill: 0x61 },
      { offset: 9 * MiB, bytes: 70_000, fill: 0x62 },
      { offset: 16 * MiB - 4096, bytes: 4096, fill: 0x63 },
    ]);
    for (const name of ['sparse-copy.img', 'full-copy.img', 'untouched.img']) sparseFile(join(dir, name), 16 * MiB, []);
    conn = await firstValueFrom(connect(URI));
    const xml = `<pool type='dir'><name>${POOL}</name><target><path>${dir}</path></target></pool>`;
    pool = await firstValueFrom(conn.storagePoolCreateXml({ xml, flags: 0 }));
  });
  afterAll(async () => {
    await firstValueFrom(conn.storagePoolDestroy({ pool }), { defaultValue: undefined });
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['with holes, both calls sparse', 'sparse-copy.img', SPARSE],
    ['as plain bytes', 'full-copy.img', 0],
  ])('copies a volume into another %s', async (_how, target, flags) => {
    const download = conn.storageVolDownload({ vol: await volume('source.img'), offset: 0n, length: 0n, flags });
    const upload = conn.storageVolUpload({ vol: await volume(target), offset: 0n, length: 0n, flags });
    // The download's { reply } is skipped; its chunks (and holes) go up as they come, pulled.
    await lastValueFrom(upload.sending(download), { defaultValue: undefined });
    expect(readFileSync(join(dir, target)).equals(readFileSync(join(dir, 'source.img')))).toBe(true);
    // Sparse both ways, the holes stayed holes: the copy takes about what the source's data does.
    if (flags === SPARSE) expect(allocated(join(dir, target))).toBeLessThan(2 * MiB);
    else expect(allocated(join(dir, target))).toBeGreaterThanOrEqual(16 * MiB);
  });

  it('fails an upload whose source emits something else with a typed error, and the connection goes on', async () => {
    const upload = conn.storageVolUpload({ vol: await volume('untouched.img'), offset: 0n, length: 0n, flags: 0 });
    const error = await lastValueFrom(upload.sending(of({ text: 'not bytes' } as unknown as Uint8Array)), { defaultValue: undefined }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidChunkError);
    expect((error as Error).message).toMatch(/its source emitted an object with keys text$/);
    await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBeGreaterThan(0n);
  });
});
