// Data streams of the fake daemon through the client's streams API: sparse and dense downloads,
// sparse uploads, aborts, and libvirtd's answer to a hole on a stream without the sparse flag.
import { firstValueFrom, lastValueFrom, of, take, toArray } from 'rxjs';
import { collectBytes, type Connection, type StreamItem } from '../../src/index.js';
import { encodeStreamHole } from '../../src/protocol/frame-encoder.js';
import { Program, STREAM_CHUNK_MAX } from '../../src/protocol/message-header.js';
import { remote_procedure as P } from '../../src/generated/remote/constants.js';
import type { RemoteNonnullStorageVol } from '../../src/generated/remote/types.js';
import { FakeDaemon, pattern } from '../../src/testing/index.js';
import { rawClient } from './support/raw-client.js';

const MiB = 1024 * 1024;
const SPARSE = 1; // VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM

/** Byte equality without jest's element-by-element diffing, which takes seconds on megabytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Items as [kind, size] pairs, to compare a stream's shape. */
function shape(items: StreamItem<unknown>[]): Array<[string, number | bigint | unknown]> {
  return items.map((item) => ('reply' in item ? ['reply', item.reply] : 'data' in item ? ['data', item.data.length] : ['hole', item.hole.length]));
}

describe('data streams of the fake daemon', () => {
  let daemon: FakeDaemon;
  let conn: Connection;
  const volume = async (name: string): Promise<RemoteNonnullStorageVol> => {
    const pool = await firstValueFrom(conn.storagePoolLookupByName({ name: 'default-pool' }));
    return firstValueFrom(conn.storageVolLookupByName({ pool, name }));
  };
  beforeEach(async () => {
    daemon = new FakeDaemon();
    conn = await firstValueFrom(daemon.connect());
  });
  afterEach(() => daemon.close());

  it('downloads a sparse volume as data frames of at most 262120 bytes and holes, with the sparse flag', async () => {
    const vol = await volume('sparse.img');
    const items = await lastValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: SPARSE }).pipe(toArray()));
    expect(shape(items)).toEqual([
      ['reply', undefined],
      ['data', STREAM_CHUNK_MAX],
      ['data', STREAM_CHUNK_MAX],
      ['data', 600_000 - 2 * STREAM_CHUNK_MAX],
      ['hole', BigInt(3 * MiB - 600_000)],
      ['data', 4096],
      ['hole', BigInt(MiB - 4096)],
    ]);
  });

  it('downloads the same volume as zeros without the sparse flag, byte for byte', async () => {
    const vol = await volume('sparse.img');
    const download = conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 });
    const items = await lastValueFrom(download.pipe(toArray()));
    expect(items.every((item) => !('hole' in item))).toBe(true);
    expect(items.every((item) => !('data' in item) || item.data.length <= STREAM_CHUNK_MAX)).toBe(true);
    const { bytes } = await firstValueFrom(download.pipe(collectBytes()));
    expect(sameBytes(bytes, daemon.storage.pool('default-pool').volume('sparse.img').read())).toBe(true);
  });

  it('downloads a range (offset and length)', async () => {
    const vol = await volume('sparse.img');
    const { bytes } = await firstValueFrom(conn.storageVolDownload({ vol, offset: 100n, length: 1000n, flags: 0 }).pipe(collectBytes()));
    expect(bytes).toEqual(pattern(600_000, 1).subarray(100, 1100));
  });

  it('uploads data and holes with the sparse flag, and the volume holds them', async () => {
    const vol = await volume('empty.img');
    const chunks = of(pattern(1000, 3), { hole: { length: 5000n, flags: 0 } }, { data: pattern(10, 5) });
    await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: SPARSE }).sending(chunks), { defaultValue: undefined });
    const stored = daemon.storage.pool('default-pool').volume('empty.img');
    const expected = new Uint8Array(MiB);
    expected.set(pattern(1000, 3), 0);
    expected.set(pattern(10, 5), 6000);
    expect(sameBytes(stored.read(), expected)).toBe(true);
    expect(stored.allocation).toBe(1010);
  });

  it('uploads 1 MiB through the transport\'s backpressure', async () => {
    const vol = await volume('empty.img');
    const data = pattern(MiB, 11);
    await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(of(data)), { defaultValue: undefined });
    expect(sameBytes(daemon.storage.pool('default-pool').volume('empty.img').read(), data)).toBe(true);
  });

  it('confirms an abort, and the connection goes on', async () => {
    const vol = await volume('sparse.img');
    const first = await firstValueFrom(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(take(2), toArray()));
    expect(shape(first)).toEqual([['reply', undefined], ['data', STREAM_CHUNK_MAX]]);
    await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toBe(9_000_000n);
    expect(daemon.sessions[0].lastEndedStream).toMatchObject({ proc: P.REMOTE_PROC_STORAGE_VOL_DOWNLOAD });
  });

  it('fails a screenshot of a shut-off domain with the daemon\'s error', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    await lastValueFrom(conn.domainDestroy({ dom }), { defaultValue: undefined });
    const error = await lastValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 })).catch((err: unknown) => err);
    expect(error).toMatchObject({ codeName: 'VIR_ERR_OPERATION_INVALID' });
  });

  it('closes the whole connection on a hole sent without the sparse flag, like libvirtd', async () => {
    const raw = rawClient(daemon);
    raw.call(P.REMOTE_PROC_CONNECT_OPEN, { name: 'test:///default', flags: 0 }, 1);
    const vol = { pool: 'default-pool', name: 'empty.img', key: '/default-pool/empty.img' };
    raw.call(P.REMOTE_PROC_STORAGE_VOL_UPLOAD, { vol, offset: 0n, length: 0n, flags: 0 }, 2);
    const reply = await raw.next((frame) => frame.header.serial === 2);
    expect(reply.header).toMatchObject({ type: 1, status: 0 });
    raw.transport.write(encodeStreamHole({ prog: Program.REMOTE, vers: 1, proc: P.REMOTE_PROC_STORAGE_VOL_UPLOAD, serial: 2 }, { length: 4096n, flags: 0 }));
    await raw.closed;
    // Only the client connection of beforeEach is left.
    expect(daemon.sessions).toHaveLength(1);
  });
});
