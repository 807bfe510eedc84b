import { concat, concatMap, defer, EMPTY, from, type Observable, type ObservableInput, type ObservedValueOf, type OperatorFunction, startWith, Subject } from 'rxjs';
import { isPullable } from './pullable-observable.js';

/**
 * `concatMap` that applies backpressure: from a {@link PullableObservable} source (a download, a
 * file source) it requests one item, and the next only once the previous item's inner Observable
 * has completed, so nothing piles up in front of slow work. Other sources push as they like and
 * queue up in front of the inner Observables, as with `concatMap`.
 *
 * @example
 * ```ts
 * import { appendFile } from 'node:fs/promises';
 * // One item buffered at a time, however slow the disk: the download pauses reading meanwhile.
 * conn.storageVolDownload({ vol, offset: 0n, length: 0n, flags: 0 }).pipe(
 *   concatMapPulled((item) => ('data' in item ? appendFile('out.img', item.data) : EMPTY)),
 * ).subscribe();
 * ```
 */
export function concatMapPulled<T, O extends ObservableInput<unknown>>(
  project: (value: T, index: number) => O,
): OperatorFunction<T, ObservedValueOf<O>> {
  return pulledConcatMap(project, false);
}

/**
 * {@link concatMapPulled} for a `project` whose inner Observable is the last use of its item: once
 * it completes, nothing refers to the item any more. A pullable source may then lend items in
 * buffers it reuses ({@link PullableObservable.pullLending}). Internal: user code could keep items.
 */
export function concatMapLending<T, O extends ObservableInput<unknown>>(
  project: (value: T, index: number) => O,
): OperatorFunction<T, ObservedValueOf<O>> {
  return pulledConcatMap(project, true);
}

function pulledConcatMap<T, O extends ObservableInput<unknown>>(
  project: (value: T, index: number) => O,
  lending: boolean,
): OperatorFunction<T, ObservedValueOf<O>> {
  return (source) =>
    defer(() => {
      const requests = new Subject<number>();
      const first = requests.pipe(startWith(1));
      const items = isPullable(source) ? (lending ? source.pullLending(first) : source.pullWith(first)) : source;
      const requestNext: Observable<never> = defer(() => {
        requests.next(1);
        return EMPTY;
      });
      return items.pipe(concatMap((value, index) => concat(from(project(value, index)), requestNext)));
    });
}
