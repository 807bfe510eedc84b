import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { firstValueFrom, lastValueFrom, Observable, Subject, type Subscriber, type Subscription, tap, toArray } from 'rxjs';
import { fromReadable, toReadable } from '../../../src/node-streams.js';
import { ArgumentError } from '../../../src/rpc/argument-error.js';
import { DEFAULT_BLOCKING_READ_CHUNK_SIZE, DEFAULT_READ_CHUNK_SIZE, readFileChunks } from '../../../src/streams/node/read-file-chunks.js';
import { writeToFile } from '../../../src/streams/node/write-to-file.js';
import { zeroRuns } from '../../../src/streams/node/zero-runs.js';
import { PullableObservable } from '../../../src/streams/pullable-observable.js';
import type { StreamChunk, StreamItem } from '../../../src/streams/stream-item.js';

const MiB = 1 << 20;

/** Bytes a file occupies on disk. */
const allocatedBytes = (path: string): number => statSync(path).blocks * 512;

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

/** A pullable download driven by hand: the counts it was asked for, and its subscriber and pull once subscribed. */
interface HandDrivenDownload {
  readonly source: PullableObservable<StreamItem<string>>;
  readonly requests: number[];
  subscriber?: Subscriber<StreamItem<string>>;
  lending?: boolean;
}

function handDrivenDownload(): HandDrivenDownload {
  const download: HandDrivenDownload = {
    requests: [],
    source: new PullableObservable<StreamItem<string>>((subscriber, pulls, lending) => {
      download.subscriber = subscriber;
      download.lending = lending;
      return pulls.subscribe((count) => download.requests.push(count));
    }),
  };
  return download;
}

/** Waits, 5 ms at a time and at most `ms`, until `condition` holds. */
async function until(condition: () => boolean, ms = 1000): Promise<void> {
  for (let waited = 0; waited < ms && !condition(); waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
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

  it('writeToFile writes data in order, turns holes into real holes, and pulls at most 8 items ahead', async () => {
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
    // Eight asked for at once; more only once every item delivered was written.
    expect(outstanding).toEqual([8, 7, 6, 5, 4]);
    const content = readFileSync(path);
    expect(content.length).toBe(3 + 16 * MiB + 1);
    expect([...content.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(content[3 + 8 * MiB]).toBe(4);
    expect(statSync(path).blocks * 512).toBeLessThan(MiB);
  });

  describe('writeToFile into what cannot seek', () => {
    // Data, a hole, data, a trailing hole: what a sparse download of a volume can be.
    const items = (): StreamItem<string>[] => [
      { reply: 'r' },
      { data: Uint8Array.of(1, 2, 3) },
      { hole: { length: BigInt(3 * MiB + 5), flags: 0 } },
      { data: Uint8Array.of(4) },
      { hole: { length: 1000n, flags: 0 } },
    ];
    const expected = (): Buffer => {
      const bytes = Buffer.alloc(3 + 3 * MiB + 5 + 1 + 1000);
      bytes.set([1, 2, 3], 0);
      bytes[3 + 3 * MiB + 5] = 4;
      return bytes;
    };

    it('writes a pipe in order, holes as zeros', async () => {
      const file = join(dir, 'pipe.expected');
      writeFileSync(file, expected());
      // `cat | cmp - FILE`: cmp reads a real pipe (Node's own child pipes are socket pairs, which
      // cannot be opened by name). The shell says cmp's pid, and the download opens the pipe by
      // cmp's /proc name for its standard input, as `rxvirt vol-download … /dev/stdout | cmp` does.
      // cat keeps a write end open (reading this process's fd 3) until told to stop.
      const shell = spawn('sh', ['-c', 'cat <&3 | cmp - "$0" & echo $! >&2; wait $!', file], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => shell.once('exit', resolve));
      const cmpPid = await new Promise<string>((resolve) => (shell.stdio[2] as Readable).once('data', (pid: Buffer) => resolve(pid.toString().trim())));
      const pipe = `/proc/${cmpPid}/fd/0`;
      try {
        // The pid is known as soon as cmp is forked: wait until it has its standard input wired.
        for (let tries = 0; !readlinkSync(pipe).startsWith('pipe:'); tries++) {
          if (tries > 200) throw new Error(`${pipe} never became a pipe`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const written = await firstValueFrom(fakeDownload(items(), []).pipe(writeToFile(pipe)));
        expect(written).toEqual({ reply: 'r', size: expected().length });
      } finally {
        // cat ends: with both write ends closed, cmp reads the end and compares.
        (shell.stdio[3] as Writable).end();
      }
      expect(await exited).toBe(0);
    });

    it.each([false, true])('writes a FIFO in order, holes as zeros, once its reader has opened it (blocking: %s)', async (blocking) => {
      const fifo = join(dir, `download-${blocking}.fifo`);
      execFileSync('mkfifo', [fifo]);
      const chunks: Buffer[] = [];
      const reading = pipeline(
        createReadStream(fifo),
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        }),
      );
      const written = await firstValueFrom(fakeDownload(items(), []).pipe(writeToFile(fifo, { blocking }))).finally(() => reading);
      expect(written.size).toBe(expected().length);
      expect(Buffer.concat(chunks).equals(expected())).toBe(true);
    });
  });

  it('writeToFile batches what arrives during a write into one writev, and asks for more only once all of it is written', async () => {
    const path = join(dir, 'batched.out');
    const download = handDrivenDownload();
    const { requests } = download;
    const delivered: string[] = [];
    const done = firstValueFrom(download.source.pipe(writeToFile(path)));
    await until(() => requests.length > 0); // once the file is open
    expect(download.lending).toBe(true);
    expect(requests).toEqual([8]);
    const emit = (item: StreamItem<string>): void => {
      delivered.push('data' in item ? `data:${item.data[0]}` : 'other');
      download.subscriber?.next(item);
    };
    emit({ reply: 'r' });
    emit({ data: Buffer.alloc(MiB, 1) }); // a write starts
    emit({ data: Buffer.alloc(MiB, 2) }); // these two wait for it, then go together
    emit({ data: Buffer.alloc(MiB, 3) });
    expect(requests).toEqual([8]);
    expect(delivered).toEqual(['other', 'data:1', 'data:2', 'data:3']);
    await until(() => requests.length > 1);
    // All four written: four more asked for (and the written ones released).
    expect(requests).toEqual([8, 4]);
    download.subscriber?.complete();
    expect(await done).toEqual({ reply: 'r', size: 3 * MiB });
    const content = readFileSync(path);
    expect([content[0], content[MiB], content[2 * MiB], content[3 * MiB - 1]]).toEqual([1, 2, 3, 3]);
  });

  describe('writeToFile blocking', () => {
    it('writes each chunk on arrival, before the next, and keeps one more asked for per item written', async () => {
      const path = join(dir, 'blocking.out');
      const download = handDrivenDownload();
      const { requests } = download;
      const done = firstValueFrom(download.source.pipe(writeToFile(path, { blocking: true })));
      await until(() => requests.length > 0);
      expect(requests).toEqual([8]);
      download.subscriber?.next({ reply: 'r' });
      // Microtasks only, no turn of the event loop: a write through the thread pool could not be done.
      const microtasks = async (): Promise<void> => {
        for (let i = 0; i < 20; i++) await Promise.resolve();
      };
      download.subscriber?.next({ data: Buffer.alloc(MiB, 1) });
      await microtasks();
      expect(statSync(path).size).toBe(MiB);
      download.subscriber?.next({ hole: { length: BigInt(8 * MiB), flags: 0 } });
      download.subscriber?.next({ data: Uint8Array.of(2) });
      await microtasks();
      expect(statSync(path).size).toBe(9 * MiB + 1);
      await new Promise((resolve) => setImmediate(resolve));
      // Four delivered, all written: four more asked for, one at a time or together.
      expect(requests.reduce((sum, count) => sum + count, 0)).toBe(12);
      download.subscriber?.next({ hole: { length: 1000n, flags: 0 } });
      download.subscriber?.complete();
      expect(await done).toEqual({ reply: 'r', size: 9 * MiB + 1001 });
      const content = readFileSync(path);
      expect([content[0], content[MiB - 1], content[MiB], content[9 * MiB], content.length]).toEqual([1, 1, 0, 2, 9 * MiB + 1001]);
      expect(allocatedBytes(path)).toBeLessThan(2 * MiB);
    });
  });

  it('writeToFile holds a small chunk a little for the next one, and writes it alone when nothing follows', async () => {
    const path = join(dir, 'small-chunks.out');
    const download = handDrivenDownload();
    const { requests } = download;
    const done = firstValueFrom(download.source.pipe(writeToFile(path)));
    const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    await until(() => requests.length > 0);
    download.subscriber?.next({ reply: 'r' });
    // libvirt's 24-byte tail of a 256 KiB block: no write of its own while more is coming.
    download.subscriber?.next({ data: Buffer.alloc(24, 1) });
    await wait(20);
    expect(requests).toEqual([8]);
    // A full frame follows: both go in one write, then both are released at once.
    download.subscriber?.next({ data: Buffer.alloc(262_120, 2) });
    await until(() => requests.length > 1);
    expect(requests).toEqual([8, 3]);
    // Nothing follows a small chunk: it is written after the hold (100 ms) all the same.
    download.subscriber?.next({ data: Buffer.alloc(10, 3) });
    await wait(20);
    expect(requests).toEqual([8, 3]);
    await until(() => requests.length > 2);
    expect(requests).toEqual([8, 3, 1]);
    // Small chunks up to all that was asked for: written without waiting out the hold.
    for (let i = 0; i < 8; i++) download.subscriber?.next({ data: Buffer.alloc(10, 4) });
    await until(() => requests.length > 3, 80);
    expect(requests).toEqual([8, 3, 1, 8]);
    // A last small chunk is written when the stream ends.
    download.subscriber?.next({ data: Buffer.alloc(6, 5) });
    download.subscriber?.complete();
    expect(await done).toEqual({ reply: 'r', size: 24 + 262_120 + 10 + 80 + 6 });
    const content = readFileSync(path);
    expect([content[0], content[24], content[24 + 262_120], content[24 + 262_120 + 10], content.at(-1)]).toEqual([1, 2, 3, 4, 5]);
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
    let subscription: Subscription | undefined;
    const got = await new Promise<number>((resolve) => {
      let count = 0;
      subscription = readFileChunks(path, { chunkSize: 4096 })
        .pullWith(pull)
        .subscribe(() => {
          if (++count === 2) setTimeout(() => resolve(count), 20);
        });
    });
    // Unsubscribing closes the file, which the source keeps open while more may be pulled.
    subscription?.unsubscribe();
    expect(got).toBe(2);
  });

  it('reports a wrong path or wrong options from a JavaScript caller as an ArgumentError, opening nothing', async () => {
    const failure = (source: Observable<unknown>): Promise<unknown> =>
      lastValueFrom(source).then(
        () => new Error('completed'),
        (error: unknown) => error,
      );
    const download = fakeDownload([{ reply: 'r' }], []);
    const cases: Array<[Observable<unknown>, string]> = [
      [download.pipe(writeToFile(42 as unknown as string)), 'writeToFile: path: expected a string, got 42'],
      [download.pipe(writeToFile(join(dir, 'never.out'), null as unknown as object)), 'writeToFile: options: expected an object, got null'],
      [readFileChunks(join(dir, 'never.in'), 'sparse' as unknown as object), 'readFileChunks: options: expected an object, got "sparse"'],
      [readFileChunks(join(dir, 'never.in'), { chunkSize: 0 }), 'readFileChunks: options.chunkSize: expected a positive integer, got 0'],
      [readFileChunks(join(dir, 'never.in'), { holeBlockSize: 1.5 }), 'readFileChunks: options.holeBlockSize: expected a positive integer, got 1.5'],
    ];
    for (const [source, message] of cases) {
      const error = await failure(source);
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toBe(message);
    }
    expect(existsSync(join(dir, 'never.out'))).toBe(false);
  });

  describe('readFileChunks blocking', () => {
    it('reads the same chunks and holes as through the thread pool, on demand', async () => {
      const path = join(dir, 'blocking-sparse.in');
      writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), Buffer.alloc(3 * 4096), Buffer.alloc(100, 8)]));
      const read = (blocking: boolean): Promise<StreamChunk[]> =>
        lastValueFrom(readFileChunks(path, { sparse: true, chunkSize: 2 * 4096, blocking }).pipe(toArray()));
      const blocking = await read(true);
      expect(blocking).toEqual(await read(false));
      expect(blocking.map((chunk) => ('hole' in chunk ? `hole ${chunk.hole.length}` : `data ${chunk.data[0]}x${chunk.data.length}`))).toEqual([
        'data 7x4096',
        'hole 12288',
        'data 8x100',
      ]);
      const requests = new Subject<number>();
      const got: number[] = [];
      const subscription = readFileChunks(path, { chunkSize: 4096, blocking: true })
        .pullWith(requests)
        .subscribe((chunk) => got.push('data' in chunk ? chunk.data[0] : -1));
      requests.next(1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(got).toEqual([7]);
      subscription.unsubscribe();
    });

    it('reads a regular file in 160 KiB chunks by default when blocking (a frame the socket takes whole), 1008 KiB otherwise', async () => {
      const path = join(dir, 'chunk-sizes.in');
      writeFileSync(path, Buffer.alloc(2 * MiB, 5));
      const lengths = async (blocking: boolean): Promise<number[]> =>
        (await lastValueFrom(readFileChunks(path, { blocking }).pipe(toArray()))).map((chunk) => ('data' in chunk ? chunk.data.length : -1));
      expect(DEFAULT_BLOCKING_READ_CHUNK_SIZE).toBe(160 * 1024);
      // A plain subscriber keeps its chunks: each in memory of its read's size, not a large buffer's.
      const kept = await lastValueFrom(readFileChunks(path, { blocking: true }).pipe(toArray()));
      expect(kept.every((chunk) => 'data' in chunk && chunk.data.buffer.byteLength === DEFAULT_BLOCKING_READ_CHUNK_SIZE)).toBe(true);
      const blocking = await lengths(true);
      expect(blocking.slice(0, -1).every((length) => length === DEFAULT_BLOCKING_READ_CHUNK_SIZE)).toBe(true);
      expect(blocking.reduce((a, b) => a + b)).toBe(2 * MiB);
      expect((await lengths(false))[0]).toBe(DEFAULT_READ_CHUNK_SIZE);
      // Sparse, the reads inside a run of zeros are large again (nothing to send there): the file
      // comes out the same, data where data is and holes where zeros are.
      const sparsePath = join(dir, 'chunk-sizes-sparse.in');
      const file = Buffer.concat([Buffer.alloc(100_000, 1), Buffer.alloc(3 * MiB), Buffer.alloc(300_000, 2), Buffer.alloc(MiB)]);
      writeFileSync(sparsePath, file);
      const chunks = await lastValueFrom(readFileChunks(sparsePath, { sparse: true, blocking: true }).pipe(toArray()));
      const rebuilt = Buffer.concat(chunks.map((chunk) => ('data' in chunk ? chunk.data : Buffer.alloc(Number(chunk.hole.length)))));
      expect(rebuilt.equals(file)).toBe(true);
      // One hole per run of whole zero blocks, however many reads it spans.
      const up = (offset: number): number => Math.ceil(offset / 4096) * 4096;
      const down = (offset: number): number => Math.floor(offset / 4096) * 4096;
      expect(chunks.flatMap((chunk) => ('hole' in chunk ? [Number(chunk.hole.length)] : []))).toEqual([
        down(100_000 + 3 * MiB) - up(100_000),
        file.length - up(100_000 + 3 * MiB + 300_000),
      ]);
      // An explicit chunkSize wins either way.
      expect((await lastValueFrom(readFileChunks(path, { blocking: true, chunkSize: 4 * 4096 }).pipe(toArray())))[0]).toEqual({ data: expect.objectContaining({ length: 4 * 4096 }) });
    });

    it('reads a FIFO this process writes through the thread pool, not blocking its writer', async () => {
      const fifo = join(dir, 'blocking-read.fifo');
      execFileSync('mkfifo', [fifo]);
      // The second half is written only once a timer fires: a read blocking the event loop on the
      // empty FIFO meanwhile would wait for ever.
      const writer = createWriteStream(fifo);
      writer.write(Buffer.alloc(4096, 1));
      const written = new Promise<void>((resolve) => writer.on('finish', () => resolve()));
      setTimeout(() => writer.end(Buffer.alloc(4096, 2)), 50);
      const chunks = await lastValueFrom(readFileChunks(fifo, { blocking: true }).pipe(toArray()));
      await written;
      const bytes = Buffer.concat(chunks.map((chunk) => ('data' in chunk ? chunk.data : new Uint8Array())));
      expect(bytes.equals(Buffer.concat([Buffer.alloc(4096, 1), Buffer.alloc(4096, 2)]))).toBe(true);
    });

    it('gives the event loop a turn between reads', async () => {
      const path = join(dir, 'blocking-many.in');
      writeFileSync(path, Buffer.alloc(32 * 4096, 1));
      const log: string[] = [];
      const chunks = readFileChunks(path, { chunkSize: 4096, blocking: true }).pipe(
        tap(() => {
          if (log.length === 0) setImmediate(() => log.push('turn'));
          log.push('chunk');
        }),
      );
      await lastValueFrom(chunks);
      expect(log).toHaveLength(33);
      expect(log.indexOf('turn')).toBeGreaterThan(0);
      expect(log.indexOf('turn')).toBeLessThan(32);
    });
  });

  describe('readFileChunks buffer reuse', () => {
    // Which buffer a chunk was read into: its memory and where in it the buffer starts (from Node 24,
    // small Buffers are slices of one shared 64 KiB pool, so the memory alone says nothing).
    const memories = new Map<ArrayBufferLike, number>();
    const bufferOf = (data: Uint8Array): string => {
      if (!memories.has(data.buffer)) memories.set(data.buffer, memories.size);
      return `${memories.get(data.buffer)}@${data.byteOffset}`;
    };

    /** Pulls `source` with `pull`, `batch` chunks at a time, each batch checked intact before the next request. */
    async function pullChunks(
      source: PullableObservable<StreamChunk>,
      pull: 'pullWith' | 'pullLending',
      batch: number,
    ): Promise<Array<{ buffer: string; first: number; length: number; stillIntact: () => boolean }>> {
      const requests = new Subject<number>();
      const seen: Array<{ buffer: string; first: number; length: number; stillIntact: () => boolean }> = [];
      let outstanding = 0;
      let batchStart = 0;
      await new Promise<void>((resolve, reject) => {
        source[pull](requests).subscribe({
          next: (chunk) => {
            if ('data' in chunk) {
              const { data } = chunk;
              const copy = Uint8Array.from(data);
              seen.push({ buffer: bufferOf(data), first: data[0], length: data.length, stillIntact: () => Buffer.compare(data, copy) === 0 });
            }
            if (--outstanding === 0) {
              // Chunks stay intact until the consumer asks for more: lending, those of this batch;
              // otherwise all of them, for ever.
              const held = pull === 'pullLending' ? seen.slice(batchStart) : seen;
              for (const chunk of held) if (!chunk.stillIntact()) reject(new Error(`chunk ${chunk.first} was overwritten`));
              batchStart = seen.length;
              outstanding = batch;
              setImmediate(() => requests.next(batch));
            }
          },
          error: reject,
          complete: resolve,
        });
        outstanding = batch;
        requests.next(batch);
      });
      return seen;
    }

    let path: string;
    beforeAll(() => {
      path = join(dir, 'numbered.in');
      // Chunk i is filled with the byte i + 1.
      writeFileSync(path, Buffer.concat(Array.from({ length: 6 }, (_, i) => Buffer.alloc(4096, i + 1))));
    });

    it('pulled lending one at a time, reads the chunks into two buffers in turn', async () => {
      const seen = await pullChunks(readFileChunks(path, { chunkSize: 4096 }), 'pullLending', 1);
      expect(seen.map((chunk) => chunk.first)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(seen.map((chunk) => chunk.buffer)).size).toBe(2);
      // Consecutive chunks never share one: the next is read while the consumer holds the last.
      for (let i = 1; i < seen.length; i++) expect(seen[i].buffer).not.toBe(seen[i - 1].buffer);
    });

    it('pulled lending, reads one chunk ahead of the demand, and no more', async () => {
      const requests = new Subject<number>();
      const got: number[] = [];
      const subscription = readFileChunks(path, { chunkSize: 4096 })
        .pullLending(requests)
        .subscribe((chunk) => got.push('data' in chunk ? chunk.data[0] : 0));
      requests.next(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(got).toEqual([1]);
      // The second chunk was read ahead: it comes at once, with no wait for the disk.
      requests.next(1);
      expect(got).toEqual([1, 2]);
      subscription.unsubscribe();
    });

    it('never reuses a buffer whose chunks a consumer may still hold: plain pulls, batches, plain subscriptions', async () => {
      const plain = await pullChunks(readFileChunks(path, { chunkSize: 4096 }), 'pullWith', 1);
      expect(new Set(plain.map((chunk) => chunk.buffer)).size).toBe(6);
      // Asking for two at once says nothing about the chunk delivered first: each gets its own buffer.
      const batched = await pullChunks(readFileChunks(path, { chunkSize: 4096 }), 'pullLending', 2);
      expect(batched.map((chunk) => chunk.first)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(batched.slice(0, 2).map((chunk) => chunk.buffer)).size).toBe(2);
      const all = await lastValueFrom(readFileChunks(path, { chunkSize: 4096 }).pipe(toArray()));
      expect(all.map((chunk) => ('data' in chunk ? chunk.data[0] : 0))).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('keeps the chunks of one sparse read intact until all of them were taken', async () => {
      const sparse = join(dir, 'sparse-lending.in');
      // One 16 KiB read: data, zeros, data, zeros, data in 4 KiB blocks.
      writeFileSync(sparse, Buffer.concat([Buffer.alloc(4096, 1), Buffer.alloc(4096), Buffer.alloc(4096, 2), Buffer.alloc(4096), Buffer.alloc(4096, 3)]));
      const seen = await pullChunks(readFileChunks(sparse, { sparse: true, chunkSize: 5 * 4096 }), 'pullLending', 1);
      expect(seen.map((chunk) => chunk.first)).toEqual([1, 2, 3]);
    });
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
