import { Observable, type MonoTypeOperatorFunction, take, tap } from 'rxjs';
import { holeLength } from '../streams/hole-length.js';
import { PullableObservable } from '../streams/pullable-observable.js';
import type { StreamItem, UploadChunk } from '../streams/stream-item.js';
import { InterruptedError } from './interrupted-error.js';
import type { TransferProgress } from './progress-bar.js';

/**
 * `source` with each chunk reported to `progress`, still pullable: `writeToFile` and uploads
 * keep their backpressure through it (a plain `tap` would hide the pull and let chunks pile up).
 */
export function reportingProgress<T extends StreamItem<unknown> | UploadChunk>(source: PullableObservable<T>, progress: TransferProgress): PullableObservable<T> {
  const report = (item: T): void => {
    if (item instanceof Uint8Array) progress.data(item.length);
    else if ('data' in item) progress.data(item.data.length);
    else if ('hole' in item) progress.hole(holeLength(item.hole.length));
  };
  // Reporting keeps no chunk, so a lending pull (writeToFile, uploads) may go through to the source.
  return new PullableObservable<T>((subscriber, requests, lending) =>
    (lending ? source.pullLending(requests) : source.pullWith(requests)).pipe(tap(report)).subscribe(subscriber),
  );
}

/**
 * Fails with an {@link InterruptedError} at the first of `interrupts` (Ctrl-C). The error
 * unsubscribes the source, which for a stream is an abort the daemon hears about.
 */
export function failOnInterrupt<T>(interrupts: Observable<void>): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const subscription = interrupts.pipe(take(1)).subscribe(() => subscriber.error(new InterruptedError()));
      subscription.add(source.subscribe(subscriber));
      return subscription;
    });
}
