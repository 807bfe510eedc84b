import type { Subscriber } from 'rxjs';

/**
 * The buffer between a producer that pushes and a consumer that pulls: items wait here until the
 * consumer has requested them. Completion waits behind the items still queued; an error does not
 * (it makes them moot), so errors go straight to the subscriber and never through the queue.
 *
 * Delivery is re-entrant safe: a consumer that requests more from inside its `next` is served by
 * the loop already running, not by a nested one, so the stack stays flat however fast it pulls.
 */
export class PullQueue<T> {
  private readonly items: T[] = [];
  private credit = 0;
  private completed = false;
  private delivering = false;

  /**
   * @param afterDelivery called after every delivery round, when the queue may have shrunk: where
   *   a producer that paused itself because the queue was full resumes.
   */
  constructor(
    private readonly subscriber: Subscriber<T>,
    private readonly afterDelivery: () => void = () => undefined,
  ) {}

  /** Items received and not yet delivered. */
  get length(): number {
    return this.items.length;
  }

  /** Items requested and not yet received: what a producer that reads on demand should fetch. */
  get demand(): number {
    return this.subscriber.closed ? 0 : Math.max(0, this.credit - this.items.length);
  }

  push(item: T): void {
    this.items.push(item);
    this.deliver();
  }

  /** Allows `count` more items (`Infinity`: all of them); non-positive counts are ignored. */
  request(count: number): void {
    if (!(count > 0)) return;
    this.credit += count;
    this.deliver();
  }

  /** Completes the subscriber once every queued item has been delivered. */
  complete(): void {
    this.completed = true;
    this.deliver();
  }

  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.credit > 0 && this.items.length > 0 && !this.subscriber.closed) {
        this.credit--;
        this.subscriber.next(this.items.shift() as T);
      }
      if (this.completed && this.items.length === 0) this.subscriber.complete();
    } finally {
      this.delivering = false;
    }
    this.afterDelivery();
  }
}
