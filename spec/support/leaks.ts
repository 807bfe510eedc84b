// Leak checks for fault tests: the process's active handles and timers, and the listeners a
// connection keeps on its transport.
import { Observable } from 'rxjs';
import type { Transport } from '../../src/transport/transport.js';

/** Handle kinds a connection may own: timers (keepalive, close timeouts), sockets, immediates. */
const WATCHED = new Set(['Timeout', 'PipeWrap', 'TCPWrap', 'Immediate']);

/** How many of each watched resource the process holds now. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (WATCHED.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Waits until timers cleared and sockets closed have left the list (a few turns of the loop). */
export async function settledResources(turns = 5): Promise<Record<string, number>> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  return activeResources();
}

/** Resources in `after` above their count in `before`: what leaked. */
export function leaked(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of Object.entries(after)) if (count > (before[kind] ?? 0)) extra[kind] = count - (before[kind] ?? 0);
  return extra;
}

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
