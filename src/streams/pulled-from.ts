import { PullableObservable } from './pullable-observable.js';

/**
 * An iterable (a generator, an array) or an async iterable as a {@link PullableObservable}: the
 * next item is taken from it only when the consumer asks, so a fast source given to an upload's
 * `sending(...)` is read at the pace of the socket, one chunk at a time, instead of pushing all
 * its chunks into memory at once as a plain Observable would. Subscribed to plainly, it emits
 * everything. Unsubscribing early calls the iterator's `return()` (a generator's `finally` runs).
 *
 * @example
 * ```ts
 * function* chunks(): Generator<Uint8Array> {
 *   for (let i = 0; i < 512; i++) yield makeChunk(i); // 128 MiB, made as the socket takes them
 * }
 * await lastValueFrom(conn.storageVolUpload({ vol, offset: 0n, length: 0n, flags: 0 }).sending(pulledFrom(chunks())), { defaultValue: undefined });
 * ```
 */
export function pulledFrom<T>(items: Iterable<T> | AsyncIterable<T>): PullableObservable<T> {
  return new PullableObservable<T>((subscriber, requests) => {
    const iterator: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
    let demand = 0;
    let waiting = false;
    let done = false;
    const settle = (result: IteratorResult<T>): void => {
      if (result.done) {
        done = true;
        subscriber.complete();
        return;
      }
      demand--;
      subscriber.next(result.value);
    };
    const fail = (error: unknown): void => {
      done = true;
      subscriber.error(error);
    };
    const pump = (): void => {
      while (demand > 0 && !waiting && !done && !subscriber.closed) {
        let result: IteratorResult<T> | Promise<IteratorResult<T>>;
        try {
          result = iterator.next();
        } catch (error) {
          return fail(error);
        }
        if (!(result instanceof Promise)) {
          settle(result);
          continue;
        }
        // An async iterator: one item in flight at a time.
        waiting = true;
        result.then(
          (next) => {
            waiting = false;
            if (subscriber.closed) return;
            settle(next);
            pump();
          },
          (error: unknown) => {
            waiting = false;
            fail(error);
          },
        );
      }
    };
    const subscription = requests.subscribe({
      next: (count) => {
        demand += count;
        pump();
      },
      error: (error: unknown) => subscriber.error(error),
    });
    return () => {
      subscription.unsubscribe();
      if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    };
  });
}
