import { Observable, type Subscription } from 'rxjs';
import type { Transport } from '../transport/transport.js';

/**
 * Writes frames in order and honours the transport's backpressure: once `write` reports a full
 * buffer, later frames wait here until the transport has drained, instead of piling up in the
 * socket's own buffer.
 */
export class Outbox {
  private readonly waiting: Uint8Array[] = [];
  private blocked = false;
  private readonly writableWaiters = new Set<() => void>();
  private readonly drainSubscription: Subscription;

  constructor(private readonly transport: Transport) {
    this.drainSubscription = transport.drained.subscribe(() => this.flush());
  }

  /** Frames held back until the transport drains. */
  get queued(): number {
    return this.waiting.length;
  }

  send(frame: Uint8Array): void {
    if (this.blocked) this.waiting.push(frame);
    else this.blocked = !this.transport.write(frame);
  }

  /**
   * Emits once and completes as soon as every frame sent so far has been handed to the transport
   * and the transport takes more: at once when nothing is held back, else after the drain. A
   * stream upload waits for it between frames, which is what pushes back on its source. Never
   * emits after {@link dispose}: whoever waits learns of the end from the session.
   */
  writable(): Observable<void> {
    return new Observable<void>((subscriber) => {
      const ready = (): void => {
        subscriber.next();
        subscriber.complete();
      };
      if (!this.blocked) {
        ready();
        return undefined;
      }
      this.writableWaiters.add(ready);
      return () => this.writableWaiters.delete(ready);
    });
  }

  /** Drops held frames: the connection is going away. */
  dispose(): void {
    this.waiting.length = 0;
    this.writableWaiters.clear();
    this.drainSubscription.unsubscribe();
  }

  private flush(): void {
    this.blocked = false;
    let next = 0;
    while (next < this.waiting.length && !this.blocked) {
      this.blocked = !this.transport.write(this.waiting[next++]);
    }
    this.waiting.splice(0, next);
    if (this.blocked) return;
    const waiters = [...this.writableWaiters];
    this.writableWaiters.clear();
    for (const ready of waiters) ready();
  }
}
