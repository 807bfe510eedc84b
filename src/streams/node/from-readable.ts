import type { Readable } from 'node:stream';
import { PullableObservable } from '../pullable-observable.js';

/**
 * A Node byte `Readable` (a file, a socket, a decompressor) as a {@link PullableObservable} of
 * its chunks, for an upload's `sending(...)`. Pulled, as uploads pull, it reads a chunk only when
 * asked, so the Readable's own backpressure reaches back to its source. The Observable takes
 * the Readable over: subscribe once; unsubscribing before the end destroys it.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { createGunzip } from 'node:zlib';
 * const image = createReadStream('disk.img.gz').pipe(createGunzip());
 * await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(fromReadable(image)), { defaultValue: undefined });
 * ```
 */
export function fromReadable(readable: Readable): PullableObservable<Uint8Array> {
  return new PullableObservable<Uint8Array>((subscriber, requests) => {
    let demand = 0;
    let ended = false;
    const pump = (): void => {
      while (demand > 0 && !subscriber.closed) {
        const chunk: unknown = readable.read();
        if (chunk === null) return;
        if (!(chunk instanceof Uint8Array)) {
          subscriber.error(new TypeError('fromReadable needs a byte stream: it read a string or an object'));
          return;
        }
        demand--;
        subscriber.next(chunk);
      }
    };
    const onEnd = (): void => {
      ended = true;
      subscriber.complete();
    };
    const onError = (error: unknown): void => subscriber.error(error);
    readable.on('readable', pump);
    readable.once('end', onEnd);
    readable.once('error', onError);
    subscriber.add(
      requests.subscribe({
        next: (count) => {
          demand += count;
          pump();
        },
        error: (error: unknown) => subscriber.error(error),
      }),
    );
    return () => {
      readable.off('readable', pump);
      readable.off('end', onEnd);
      readable.off('error', onError);
      if (!ended) readable.destroy();
    };
  });
}
