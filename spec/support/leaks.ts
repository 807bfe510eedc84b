// Leak checks for fault tests: the timers and handles created during a test (ResourceTracker), and
// the listeners a connection keeps on its transport.
import { Observable } from 'rxjs';
export { ResourceTracker } from '../../stress/resource-tracker.js';
import type { Transport } from '../../src/transport/transport.js';

/**
 * A transport that counts the subscriptions (the listeners) the protocol layers hold on it:
 * after the connection ends, none may remain.
 */
export class ListenerCountingTransport implements Transport {
  listeners = 0;
  readonly incoming: Observable<Uint8Array>;
  readonly drained: Observable<void>;
  readonly description: string;

  constructor(private readonly inner: Transport) {
    this.description = inner.description;
    this.incoming = this.counted(inner.incoming);
    this.drained = this.counted(inner.drained);
  }

  write(bytes: Uint8Array): boolean {
    return this.inner.write(bytes);
  }
  pauseReading(): void {
    this.inner.pauseReading();
  }
  resumeReading(): void {
    this.inner.resumeReading();
  }
  end(): void {
    this.inner.end();
  }
  destroy(): void {
    this.inner.destroy();
  }

  private counted<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.listeners++;
      const subscription = source.subscribe(subscriber);
      return () => {
        this.listeners--;
        subscription.unsubscribe();
      };
    });
  }
}
