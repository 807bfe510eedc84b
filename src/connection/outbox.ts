import { Observable, type Subscription } from 'rxjs';
import type { Transport } from '../transport/transport.js';

/**
 * Writes frames in order and honours the transport's backpressure: once `write` reports a full
 * buffer, later frames wait here until the transport has drained, instead of piling up in the
 * socket's own buffer.
 */
export class Outbox {
  // Made when the transport first refuses bytes: most connections never fill their socket.
  private waiting: Array<Uint8Array | Parts> | undefined;
  private blocked = false;
  private writableWaiters: Set<() => void> | undefined;
  private drainSubscription: Subscription | undefined;
  private disposed = false;

  constructor(private readonly transport: Transport) {}

  /** Frames held back until the transport drains. */
  get queued(): number {
    return this.waiting?.length ?? 0;
  }

  send(frame: Uint8Array): void {
    if (this.blocked) this.hold(frame);
    else if (!this.transport.write(frame)) this.block();
  }

  /**
   * Sends one frame given as parts (a header and a payload view), after the frames already
   * queued, without copying them when the transport has `writev`. `onWritten` tells when the
   * parts have left the process and their buffers may be reused: at once when they were copied
   * (a transport without `writev`), never when the outbox is disposed before writing them (the
   * session is over then).
   */
  sendParts(parts: readonly Uint8Array[], onWritten: () => void): void {
    const entry: Parts = { parts, onWritten };
    if (this.blocked) this.hold(entry);
    else if (!this.write(entry)) this.block();
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
      const waiters = (this.writableWaiters ??= new Set());
      waiters.add(ready);
      return () => waiters.delete(ready);
    });
  }

  /** Drops held frames: the connection is going away. */
  dispose(): void {
    this.disposed = true;
    this.waiting = undefined;
    this.writableWaiters?.clear();
    this.drainSubscription?.unsubscribe();
  }

  /** The transport refused more: later frames wait for its drain. */
  private block(): void {
    this.blocked = true;
    if (!this.disposed) this.drainSubscription ??= this.transport.drained.subscribe(() => this.flush());
  }

  private hold(entry: Uint8Array | Parts): void {
    if (!this.disposed) (this.waiting ??= []).push(entry);
  }

  private flush(): void {
    this.blocked = false;
    const waiting = this.waiting ?? [];
    let next = 0;
    while (next < waiting.length && !this.blocked) {
      this.blocked = !this.write(waiting[next++]);
    }
    waiting.splice(0, next);
    if (this.blocked || this.writableWaiters === undefined) return;
    const waiters = [...this.writableWaiters];
    this.writableWaiters.clear();
    for (const ready of waiters) ready();
  }

  private write(entry: Uint8Array | Parts): boolean {
    if (entry instanceof Uint8Array) return this.transport.write(entry);
    if (this.transport.writev) return this.transport.writev(entry.parts, entry.onWritten);
    const more = this.transport.write(joinParts(entry.parts));
    entry.onWritten();
    return more;
  }
}

/** A frame in parts, and who waits for it to be written. */
interface Parts {
  readonly parts: readonly Uint8Array[];
  readonly onWritten: () => void;
}

function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
