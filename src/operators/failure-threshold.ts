import { Observable, type OperatorFunction } from 'rxjs';

/**
 * Counts consecutive failures in a stream of outcomes and errors once they exceed `threshold`.
 *
 * Each source value is an outcome: `true` is a failure, `false` a success that resets the count.
 * After each failure the output emits the running count (1, 2, ... `threshold`); the failure
 * after that errors the output with `createError(failures)` and unsubscribes from the source.
 * Completion and errors of the source pass through.
 *
 * @example
 * import { of } from 'rxjs';
 * import { failureThreshold } from 'rxvirt';
 *
 * // Two failures are tolerated; a success resets; the third in a row is fatal.
 * of(true, true, false, true, true, true)
 *   .pipe(failureThreshold(2, (n) => new Error(`${n} failures in a row`)))
 *   .subscribe({ next: (n) => console.log(n), error: (e) => console.log(e.message) });
 * // 1, 2, 1, 2, '3 failures in a row'
 */
export function failureThreshold(threshold: number, createError: (failures: number) => unknown): OperatorFunction<boolean, number> {
  if (!Number.isInteger(threshold) || threshold < 0) throw new RangeError(`threshold must be a non-negative integer, got ${threshold}`);
  return (source) =>
    new Observable<number>((subscriber) => {
      let failures = 0;
      return source.subscribe({
        next(failed) {
          if (!failed) {
            failures = 0;
            return;
          }
          failures++;
          if (failures > threshold) subscriber.error(createError(failures));
          else subscriber.next(failures);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
