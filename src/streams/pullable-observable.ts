import { Observable, of, type Subscriber, type TeardownLogic } from 'rxjs';

/**
 * Produces items for `subscriber`, never more in total than `requests` has asked for (each
 * request is a count; `Infinity` asks for everything). With `lending`, the consumer is done with
 * every item delivered so far whenever it requests more, so the producer may reuse their buffers.
 */
export type PullProducer<T> = (subscriber: Subscriber<T>, requests: Observable<number>, lending: boolean) => TeardownLogic;

/** What a plain subscription asks for: everything, each item taken as the synchronous `next` returns. */
const EVERYTHING: Observable<number> = of(Infinity);

/**
 * An Observable that its consumer can also drive at its own pace.
 *
 * Subscribed to as usual, it emits as fast as its producer can: a subscriber whose `next` is
 * synchronous keeps up by definition. A consumer with asynchronous work per item (a file write, a
 * socket) subscribes through {@link pullWith} instead, and gets only as many items as it has
 * requested; the producer holds back the rest (a download pauses reading its socket, a file
 * source stops reading). The operators of this library that do asynchronous work per item
 * (`concatMapPulled`, `writeToFile`, `toReadable`, uploads) pull by themselves.
 *
 * @example
 * ```ts
 * const pull = new Subject<number>();
 * download.pullWith(pull).subscribe(async (item) => {
 *   await handle(item);
 *   pull.next(1); // ready for the next one
 * });
 * pull.next(1); // requests made before subscribing are lost
 * ```
 */
export class PullableObservable<T> extends Observable<T> {
  constructor(private readonly producer: PullProducer<T>) {
    super((subscriber) => producer(subscriber, EVERYTHING, false));
  }

  /** The same items, each emitted only once `requests` has asked for it. */
  pullWith(requests: Observable<number>): Observable<T> {
    return new Observable<T>((subscriber) => this.producer(subscriber, requests, false));
  }

  /**
   * Like {@link pullWith}, for a consumer that is done with every item delivered so far whenever
   * it requests more (it keeps no reference, and its asynchronous work on them is over): the
   * producer may then lend it items in buffers that it reuses, as `readFileChunks` does. Only
   * for consumers that never let the items out of their hands (uploads, `writeToFile`).
   *
   * @internal
   */
  pullLending(requests: Observable<number>): Observable<T> {
    return new Observable<T>((subscriber) => this.producer(subscriber, requests, true));
  }
}

/** Whether `source` can be pulled (rather than only pushing at its own pace). */
export function isPullable<T>(source: Observable<T>): source is PullableObservable<T> {
  return source instanceof PullableObservable;
}
