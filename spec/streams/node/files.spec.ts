import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { firstValueFrom, lastValueFrom, Observable, toArray } from 'rxjs';
import { fromReadable } from '../../../src/streams/node/from-readable.js';
import { readFileChunks } from '../../../src/streams/node/read-file-chunks.js';
import { toReadable } from '../../../src/streams/node/to-readable.js';
import { writeToFile } from '../../../src/streams/node/write-to-file.js';
import { zeroRuns } from '../../../src/streams/node/zero-runs.js';
import { PullableObservable } from '../../../src/streams/pullable-observable.js';
import type { StreamItem } from '../../../src/streams/stream-item.js';

const MiB = 1 << 20;

/** A pullable download of `items` that records how many items were requested before each emission. */
function fakeDownload(items: StreamItem<string>[], outstanding: number[]): PullableObservable<StreamItem<string>> {
  return new PullableObservable((subscriber, requests) => {
    let credit = 0;
    let next = 0;
    return requests.subscribe((count) => {
      credit += count;
      while (credit > 0 && next < items.length) {
        outstanding.push(credit);
        credit--;
        subscriber.next(items[next++]);
      }
      if (next === items.length) subscriber.complete();
    });
  });
}

describe('Node stream adapters', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-stream-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('zeroRuns splits bytes into data views and zero runs by block', () => {
    const bytes = new Uint8Array(4 * 4096 + 100);
    bytes[5] = 1;
    bytes[3 * 4096] = 1;
    const runs = [...zeroRuns(bytes, 4096)];
    expect(runs.map((run) => ('zeros' in run ? `zeros ${run.zeros}` : `data ${(run as { data: Uint8Array }).data.length}`))).toEqual([
      'data 4096',
      'zeros 8192',
      'data 4096',
      'zeros 100',
    ]);
    expect((runs[0] as { data: Uint8Array }).data.buffer).toBe(bytes.buffer);
    expect([...zeroRuns(new Uint8Array(10), 4096)]).toEqual([{ zeros: 10 }]);
  });

  it('writeToFile writes data in order, turns holes into real holes, and pulls one item per write', async () => {
    const path = join(dir, 'sparse.out');
    const outstanding: number[] = [];
    const items: StreamItem<string>[] = [
      { reply: 'image/raw' },
      { data: Uint8Array.of(1, 2, 3) },
      { hole: { length: BigInt(8 * MiB), flags: 0 } },
      { data: Uint8Array.of(4) },
      { hole: { length: BigInt(8 * MiB), flags: 0 } },
    ];
    const written = await firstValueFrom(fakeDownload(items, outstanding).pipe(writeToFile(path)));
    expect(written).toEqual({ reply: 'image/raw', size: 3 + 16 * MiB + 1 });
    expect(outstanding).toEqual([1, 1, 1, 1, 1]);
    const content = readFileSync(path);
    expect(content.length).toBe(3 + 16 * MiB + 1);
    expect([...content.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(content[3 + 8 * MiB]).toBe(4);
    expect(statSync(path).blocks * 512).toBeLessThan(MiB);
  });

  it('readFileChunks reads on demand and, with sparse, sends zero blocks as merged holes', async () => {
    const path = join(dir, 'sparse.in');
    writeFileSync(path, '');
    truncateSync(path, 3 * MiB);
    writeFileSync(path, Buffer.from([9]), { flag: 'r+' });
    const sparse = await lastValueFrom(readFileChunks(path, { sparse: true }).pipe(toArray()));
    expect(sparse).toEqual([{ data: expect.any(Uint8Array) }, { hole: { length: BigInt(3 * MiB - 4096), flags: 0 } }]);
    expect((sparse[0] as { data: Uint8Array }).data.length).toBe(4096);
    const plain = await lastValueFrom(readFileChunks(path, { chunkSize: MiB }).pipe(toArray()));
    expect(plain.map((chunk) => ('data' in chunk ? chunk.data.length : -1))).toEqual([MiB, MiB, MiB]);
  });

  it('readFileChunks reads nothing beyond what was pulled', async () => {
    const path = join(dir, 'pulled.in');
    writeFileSync(path, Buffer.alloc(10 * 4096, 1));
    const pull = new Observable<number>((subscriber) => subscriber.next(2));
    const got = await new Promise<number>((resolve) => {
      let count = 0;
      readFileChunks(path, { chunkSize: 4096 })
        .pullWith(pull)
        .subscribe(() => {
          if (++count === 2) setTimeout(() => resolve(count), 20);
        });
    });
    expect(got).toBe(2);
  });

  it('toReadable feeds stream.pipeline with data and zeros for holes, pulling as Node reads', async () => {
    const chunks: Buffer[] = [];
    const outstanding: number[] = [];
    const items: StreamItem<string>[] = [{ reply: 'x' }, { data: Uint8Array.of(1) }, { hole: { length: 3n, flags: 0 } }, { data: Uint8Array.of(2) }];
    await pipeline(
      toReadable(fakeDownload(items, outstanding)),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
    );
    expect([...Buffer.concat(chunks)]).toEqual([1, 0, 0, 0, 2]);
    expect(Math.max(...outstanding)).toBe(1);
  });

  it('fromReadable turns a byte Readable into chunks, and an upload source', async () => {
    const readable = new PassThrough();
    readable.end(Buffer.from('hello'));
    expect(Buffer.concat(await lastValueFrom(fromReadable(readable).pipe(toArray()))).toString()).toBe('hello');
  });

  it('toReadable destroys with the stream error', async () => {
    const failing = new Observable<StreamItem<unknown>>((subscriber) => subscriber.error(new Error('boom')));
    await expect(pipeline(toReadable(failing), new PassThrough())).rejects.toThrow('boom');
  });
});
