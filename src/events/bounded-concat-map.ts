import { concatMap, defer, filter, finalize, from, type ObservableInput, type OperatorFunction } from 'rxjs';
import { BacklogOverflowError } from './backlog-overflow-error.js';

export interface BacklogOptions<T> {
  /** How many values may wait while one is being processed. */
  readonly limit: number;
  /**
   * What to do with a value that arrives when the backlog is full: `'error'` (the default) fails
   * with a {@link BacklogOverflowError}, `'drop'` discards the arriving value.
   */
  readonly overflow?: 'error' | 'drop';
  /** Called with each value discarded by `'drop'`, to count or log losses. */
  readonly onDrop?: (value: T) => void;
}

/**
 * `concatMap` with a bounded backlog. Event streams are pushed by the daemon as fast as it likes;
 * `concatMap` queues values for a slow asynchronous consumer without limit, so memory grows as
 * long as the consumer stays behind. This operator keeps at most `limit` values waiting behind
 * the one being processed and then fails (the default: the consumer learns that it missed
 * events and can resynchronise) or drops the newcomers.
 *
 * Only asynchronous work can be buffered at all: a subscriber that blocks synchronously blocks
 * the socket's data handler, and so every reply and event of the connection, until it returns.
 *
 * @example
 * conn.events.domain('lifecycle').pipe(
 *   boundedConcatMap((event) => saveToDatabase(event), { limit: 1000 }),
 *   retry({ delay: () => resynchroniseFromListing() }),
 * ).subscribe();
 */
export function boundedConcatMap<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
  options: BacklogOptions<T>,
): OperatorFunction<T, R> {
  const { limit, overflow = 'error', onDrop } = options;
  return (source) =>
    defer(() => {
      // Values accepted and not yet processed: the one being processed plus those waiting.
      let accepted = 0;
      return source.pipe(
        filter((value) => {
          if (accepted <= limit) {
            accepted++;
            return true;
          }
          if (overflow === 'error') throw new BacklogOverflowError(limit);
          onDrop?.(value);
          return false;
        }),
        concatMap((value, index) => from(project(value, index)).pipe(finalize(() => accepted--))),
      );
    });
}
