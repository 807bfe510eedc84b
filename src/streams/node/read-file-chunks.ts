import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PullableObservable } from '../pullable-observable.js';
import { PullQueue } from '../pull-queue.js';
import type { StreamChunk } from '../stream-item.js';
import { fileArgumentError } from './file-arguments.js';
import { DEFAULT_HOLE_BLOCK_SIZE, zeroRuns } from './zero-runs.js';

/**
 * 4 × 63 × 4 KiB (1008 KiB): four times the largest multiple of 4 KiB that fits one stream frame
 * (262120 bytes). An upload sends a read as four frames, so the file is read with a quarter of
 * the trips to the thread pool that a read per frame takes (7 % faster and 13 % less CPU per GiB
 * in an A/B run), and the two buffers an upload reads into in turn take 2 MiB.
 */
export const DEFAULT_READ_CHUNK_SIZE = 4 * 63 * 4096;

/**
 * 40 × 4 KiB (160 KiB): the read size when reads block (`blocking`). A blocking read holds the
 * thread that also feeds the socket, so a read should take less time than the daemon takes to
 * drain what the socket holds: one frame of this size fits a unix socket's send buffer (208 KiB
 * by default on Linux) whole. Uploading 1 GiB from memory, whole CLI process: 1008 KiB reads 1.00
 * s, 256 KiB 0.93 to 0.98, 128 to 192 KiB 0.80 to 0.85, 64 KiB 0.98 to 1.03 (per-frame costs
 * take over); a bare Node program reading 256 KiB per frame 0.79 to 0.84 (BENCHMARKS.md).
 */
export const DEFAULT_BLOCKING_READ_CHUNK_SIZE = 40 * 4096;

export interface ReadFileChunksOptions {
  /**
   * Turn all-zero blocks into holes (runs of them merged into one). Only for an upload whose call
   * has the sparse flag; holes are refused on other streams.
   */
  readonly sparse?: boolean;
  /** Bytes per read; default {@link DEFAULT_READ_CHUNK_SIZE}, or {@link DEFAULT_BLOCKING_READ_CHUNK_SIZE} when reads block. */
  readonly chunkSize?: number;
  /** Size of the blocks checked for zeros when `sparse`; default 4096. */
  readonly holeBlockSize?: number;
  /**
   * Read a regular file on the calling thread (`fs.readSync`), as virsh does, instead of through
   * Node's thread pool; the event loop gets a turn between reads. Faster for a process that does
   * nothing else while it uploads (the `rxvirt` CLI: with `sparse`, reading a file's holes is most
   * of the work; BENCHMARKS.md has the figures), but each read blocks the event loop until the
   * disk answers: not for a server, nor for a slow disk or a network file system. Pipes and FIFOs
   * are read through the thread pool all the same (their writer may be this process).
   */
  readonly blocking?: boolean;
}

/**
 * The file at `path` as upload chunks: `{ data }` chunks of up to `chunkSize` bytes and, with
 * `sparse`, `{ hole }`s for the all-zero blocks. A {@link PullableObservable}: pulled (as uploads
 * pull it), it reads the next chunk only when asked, so a file of any size uploads in constant
 * memory; subscribed to plainly, it reads as fast as the disk goes. Each read gets a fresh buffer,
 * so chunks stay valid after later reads. Only a consumer that pulls it lending (an upload's
 * `sending`, which is done with a chunk once its bytes are written) gets chunks of two reused
 * buffers, and then the file is read one chunk ahead of the demand, into the buffer the consumer
 * is not holding, so that disk and socket work at the same time.
 *
 * @example
 * ```ts
 * const sparse = 1; // VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM
 * await lastValueFrom(
 *   conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: sparse }).sending(readFileChunks('disk.img', { sparse: true })),
 *   { defaultValue: undefined },
 * );
 * ```
 */
export function readFileChunks(path: string, options: ReadFileChunksOptions = {}): PullableObservable<StreamChunk> {
  const invalid = fileArgumentError('readFileChunks', path, options, ['chunkSize', 'holeBlockSize']);
  if (invalid !== undefined) return new PullableObservable<StreamChunk>((subscriber) => subscriber.error(invalid));
  const { sparse = false, holeBlockSize = DEFAULT_HOLE_BLOCK_SIZE, blocking = false } = options;
  return new PullableObservable<StreamChunk>((subscriber, requests, lending) => {
    let opening: Promise<FileHandle> | undefined;
    /**
     * Whether reads block, asked for and the file regular: a read from a pipe waits for its
     * writer, which may be this very process, whose event loop would then never come back to write.
     */
    let blocks: boolean | undefined;
    /**
     * Bytes per read inside a run of zeros, and the size of the two buffers a lending consumer's
     * reads take turns in: blocking reads of the default size go back to the large size there,
     * where nothing is sent that they could hold up.
     */
    const largestRead = options.chunkSize ?? DEFAULT_READ_CHUNK_SIZE;
    /** Bytes per read of data, once `blocks` is known. */
    let chunkSize = largestRead;
    let reading = false;
    let done = false;
    /** Zeros seen and not yet sent: consecutive zero blocks make one hole, sent when data or the end follows. */
    let pendingZeros = 0;
    // Lending (see `pullLending`), reads go to two buffers in turn: chunks of one are with the
    // consumer while the next read fills the other, one chunk ahead of the demand.
    /** Buffers whose chunks the consumer is done with. */
    const free: Buffer[] = [];
    let created = 0;
    /** Per buffer: its chunks not yet released, plus one while a read fills it and its chunks are queued. */
    const holds = new Map<Buffer, number>();
    /** The buffer of every item queued or delivered and not yet released, in order (`undefined` for holes). */
    const owners: Array<Buffer | undefined> = [];
    const hold = (buffer: Buffer): void => void holds.set(buffer, (holds.get(buffer) ?? 0) + 1);
    const release = (buffer: Buffer): void => {
      const left = (holds.get(buffer) ?? 1) - 1;
      if (left > 0) holds.set(buffer, left);
      else {
        holds.delete(buffer);
        if (free.length < 2) free.push(buffer);
      }
    };
    const push = (chunk: StreamChunk, owner?: Buffer): void => {
      if (lending) {
        if (owner !== undefined) hold(owner);
        owners.push(owner);
      }
      queue.push(chunk);
    };
    const queue = new PullQueue<StreamChunk>(subscriber, () => void read());
    const flushZeros = (): void => {
      if (pendingZeros > 0) push({ hole: { length: BigInt(pendingZeros), flags: 0 } });
      pendingZeros = 0;
    };
    /** Whether to read now: on demand, or lending, one chunk ahead into a free buffer. */
    const wanted = (): boolean =>
      !done && (queue.demand > 0 || (lending && queue.length === 0 && (free.length > 0 || created < 2)));

    async function read(): Promise<void> {
      if (reading || done) return;
      reading = true;
      try {
        opening ??= open(path, 'r');
        const file = await opening;
        // One read() at a time (`reading`): asked once, on the first.
        if (blocks === undefined) {
          blocks = blocking && (await file.stat()).isFile();
          if (blocks) chunkSize = options.chunkSize ?? DEFAULT_BLOCKING_READ_CHUNK_SIZE;
        }
        for (let first = true; wanted(); first = false) {
          // Blocking reads leave the event loop a turn each (sockets, timers, Ctrl-C).
          if (blocks && !first) {
            await new Promise((resolve) => setImmediate(resolve));
            if (!wanted()) break;
          }
          let buffer: Buffer;
          const size = pendingZeros > 0 ? largestRead : chunkSize;
          if (lending) {
            const reused = free.pop();
            if (reused === undefined) created++;
            buffer = reused ?? Buffer.allocUnsafe(largestRead);
            hold(buffer);
          } else buffer = Buffer.allocUnsafe(size);
          const bytesRead = blocks ? readSync(file.fd, buffer, 0, size, null) : (await file.read(buffer, 0, size, null)).bytesRead;
          if (subscriber.closed) return;
          if (bytesRead === 0) {
            done = true;
            flushZeros();
            queue.complete();
            return;
          }
          const bytes = buffer.subarray(0, bytesRead);
          if (!sparse) push({ data: bytes }, buffer);
          else {
            for (const run of zeroRuns(bytes, holeBlockSize)) {
              if ('zeros' in run) pendingZeros += run.zeros;
              else {
                flushZeros();
                push(run, buffer);
              }
            }
          }
          // The read's own hold: from now on only its chunks keep the buffer.
          if (lending) release(buffer);
        }
      } catch (error) {
        done = true;
        subscriber.error(error);
      } finally {
        reading = false;
      }
    }

    const request = (count: number): void => {
      if (lending) {
        // A lending consumer asking for more is done with every chunk delivered so far.
        const delivered = owners.length - queue.length;
        for (let i = 0; i < delivered; i++) {
          const owner = owners[i];
          if (owner !== undefined) release(owner);
        }
        owners.splice(0, delivered);
      }
      queue.request(count);
    };
    subscriber.add(requests.subscribe({ next: request, error: (error: unknown) => subscriber.error(error) }));
    return () => {
      done = true;
      // Closing waits for a read in flight; a file still opening is closed once open.
      void opening?.then((file) => file.close()).catch(() => undefined);
    };
  });
}
