import { open, type FileHandle } from 'node:fs/promises';
import { PullableObservable } from '../pullable-observable.js';
import { PullQueue } from '../pull-queue.js';
import type { StreamChunk } from '../stream-item.js';
import { DEFAULT_HOLE_BLOCK_SIZE, zeroRuns } from './zero-runs.js';

/** 63 × 4 KiB: the largest multiple of 4 KiB that fits one stream frame (262120 bytes), so one read is one frame. */
export const DEFAULT_READ_CHUNK_SIZE = 63 * 4096;

export interface ReadFileChunksOptions {
  /**
   * Turn all-zero blocks into holes (runs of them merged into one). Only for an upload whose call
   * has the sparse flag; holes are refused on other streams.
   */
  readonly sparse?: boolean;
  /** Bytes per read; default {@link DEFAULT_READ_CHUNK_SIZE}. */
  readonly chunkSize?: number;
  /** Size of the blocks checked for zeros when `sparse`; default 4096. */
  readonly holeBlockSize?: number;
}

/**
 * The file at `path` as upload chunks: `{ data }` chunks of up to `chunkSize` bytes and, with
 * `sparse`, `{ hole }`s for the all-zero blocks. A {@link PullableObservable}: pulled (as uploads
 * pull it), it reads the next chunk only when asked, so a file of any size uploads in constant
 * memory; subscribed to plainly, it reads as fast as the disk goes. Each read gets a fresh buffer,
 * so chunks stay valid after later reads; only a consumer that pulls it lending (an upload's
 * `sending`, which is done with a chunk once its bytes are written) gets chunks of one reused
 * buffer.
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
  const { sparse = false, chunkSize = DEFAULT_READ_CHUNK_SIZE, holeBlockSize = DEFAULT_HOLE_BLOCK_SIZE } = options;
  return new PullableObservable<StreamChunk>((subscriber, requests, lending) => {
    let opening: Promise<FileHandle> | undefined;
    let reading = false;
    let done = false;
    /** Zeros seen and not yet sent: consecutive zero blocks make one hole, sent when data or the end follows. */
    let pendingZeros = 0;
    /** The buffer reused for a lending consumer (see `pullLending`). */
    let lent: Buffer | undefined;
    /** Whether chunks of `lent` are queued, or delivered and not yet released by a later request. */
    let lentOut = false;
    const queue = new PullQueue<StreamChunk>(subscriber, () => void read());
    const flushZeros = (): void => {
      if (pendingZeros > 0) queue.push({ hole: { length: BigInt(pendingZeros), flags: 0 } });
      pendingZeros = 0;
    };

    async function read(): Promise<void> {
      if (reading || done) return;
      reading = true;
      try {
        opening ??= open(path, 'r');
        const file = await opening;
        while (queue.demand > 0 && !done) {
          // A lending consumer gets `lent` again once it has asked for more after taking all of
          // its chunks; otherwise the read goes to a fresh buffer (which is lent from then on).
          const buffer = lending && lent !== undefined && !lentOut ? lent : Buffer.allocUnsafe(chunkSize);
          const { bytesRead } = await file.read(buffer, 0, chunkSize, null);
          if (subscriber.closed) return;
          // Set after the read: a request made while it ran released only the older chunks.
          if (lending) {
            lent = buffer;
            lentOut = true;
          }
          if (bytesRead === 0) {
            done = true;
            flushZeros();
            queue.complete();
            return;
          }
          const bytes = buffer.subarray(0, bytesRead);
          if (!sparse) {
            queue.push({ data: bytes });
            continue;
          }
          for (const run of zeroRuns(bytes, holeBlockSize)) {
            if ('zeros' in run) pendingZeros += run.zeros;
            else {
              flushZeros();
              queue.push(run);
            }
          }
        }
      } catch (error) {
        done = true;
        subscriber.error(error);
      } finally {
        reading = false;
      }
    }

    const request = (count: number): void => {
      // A lending consumer asking for more is done with every chunk delivered so far.
      if (queue.length === 0) lentOut = false;
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
