import { Readable, type ReadableOptions } from 'node:stream';
import { type Observable, Subject, type Subscription } from 'rxjs';
import { holeLength } from '../hole-length.js';
import { isPullable } from '../pullable-observable.js';
import type { StreamItem } from '../stream-item.js';

/** Zeros are pushed in pieces of at most this size, so a hole of any length costs bounded memory. */
const ZERO_PIECE = 1 << 20;

/**
 * A download as a Node byte `Readable`, for `stream.pipeline` and other Node stream consumers.
 * The stream is opened at the first read. Data chunks are pushed as they are (views, no copy);
 * holes become zeros, produced as the reader asks for them; the reply is dropped (read it with a
 * `tap` before, if you need it). Backpressure: each `read()` Node makes pulls one more item from
 * a pullable download, so the download only goes as fast as the pipeline's slowest stage.
 * Destroying the Readable unsubscribes, which aborts an unfinished download.
 *
 * @example
 * ```ts
 * import { pipeline } from 'node:stream/promises';
 * import { createWriteStream } from 'node:fs';
 * import { createGzip } from 'node:zlib';
 * await pipeline(toReadable(conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 })), createGzip(), createWriteStream('disk.img.gz'));
 * ```
 */
export function toReadable(source: Observable<StreamItem<unknown>>, options: Omit<ReadableOptions, 'read' | 'destroy' | 'objectMode'> = {}): Readable {
  const requests = new Subject<number>();
  let subscription: Subscription | undefined;
  /** Bytes of zeros still owed for the current hole. */
  let zeros = 0;
  const pushZeros = (): void => {
    const piece = Math.min(zeros, ZERO_PIECE);
    zeros -= piece;
    readable.push(new Uint8Array(piece));
  };
  const readable = new Readable({
    ...options,
    read() {
      if (zeros > 0) return pushZeros();
      subscription ??= (isPullable(source) ? source.pullWith(requests) : source).subscribe({
        next: (item) => {
          if ('data' in item) readable.push(item.data);
          else if ('hole' in item && item.hole.length > 0n) {
            zeros = holeLength(item.hole.length);
            pushZeros();
          } else requests.next(1); // The reply or an empty hole: nothing to push, take the next item.
        },
        error: (error: unknown) => readable.destroy(error instanceof Error ? error : new Error(String(error))),
        complete: () => readable.push(null),
      });
      requests.next(1);
    },
    destroy(error, callback) {
      subscription?.unsubscribe();
      callback(error);
    },
  });
  return readable;
}
