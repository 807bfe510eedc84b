import { Observable, type SchedulerLike, Subject, type Subscriber } from 'rxjs';
import type { Transport } from '../transport/transport.js';

/** Bytes one side may have on their way to the peer before `write()` reports a full buffer, like a socket's 64 KiB. */
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;

export interface TransportPairOptions {
  /** Bytes written but not yet read by the peer past which `write()` returns false (default 64 KiB). */
  readonly highWaterMark?: number;
  /** What {@link Transport.description} says on the client side (the server side adds ` (server)`). */
  readonly description?: string;
  /**
   * Where deliveries run (default: the event loop's next turn, `setImmediate`). Inside RxJS's
   * `TestScheduler.run`, `asyncScheduler` (or the TestScheduler itself) makes the bytes travel
   * in virtual time: the whole conversation then happens within `run`, at the virtual frame its
   * writes were made in.
   */
  readonly scheduler?: SchedulerLike;
}

/** Two ends of one in-memory connection: what one writes, the other reads. */
export interface TransportPair {
  readonly client: Transport;
  readonly server: Transport;
}

/**
 * An in-memory connection that behaves like a pair of connected sockets, so that the protocol
 * layers run exactly as over a real one:
 *
 * - bytes arrive asynchronously (never during `write()`), in the chunks they were written in;
 * - bytes written before `incoming` is subscribed wait, as in the kernel;
 * - `write()` returns false once more than `highWaterMark` bytes are unread by the peer, and
 *   `drained` emits when the peer has read them all: the backpressure paths get exercised;
 * - `pauseReading()` stops delivery, so the writer's buffer fills up and pushes back;
 * - `end()` delivers what was written, then the end; the peer ends its side in turn (Node's
 *   `allowHalfOpen: false`); `destroy()` closes this side at once and ends the peer's after the
 *   bytes already written.
 */
export function createTransportPair(options: TransportPairOptions = {}): TransportPair {
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const description = options.description ?? 'memory:fake-daemon';
  const later = deliveryScheduler(options.scheduler);
  const client = new MemoryTransport(description, highWaterMark, later);
  const server = new MemoryTransport(`${description} (server)`, highWaterMark, later);
  client.peer = server;
  server.peer = client;
  return { client, server };
}

/** The end of the byte stream, queued behind the data like a FIN. */
const END = Symbol('end');
type Delivery = Uint8Array | typeof END;

/** Runs `work` after the current I/O, as a socket's 'data' event would come. */
type Later = (work: () => void) => void;

function deliveryScheduler(scheduler: SchedulerLike | undefined): Later {
  if (scheduler) return (work) => scheduler.schedule(work);
  return typeof setImmediate === 'function' ? (work) => setImmediate(work) : (work) => setTimeout(work, 0);
}

class MemoryTransport implements Transport {
  peer!: MemoryTransport;
  private readonly drainedSubject = new Subject<void>();
  readonly drained = this.drainedSubject.asObservable();
  readonly incoming: Observable<Uint8Array>;
  /** What the peer wrote that this side has not read yet. */
  private readonly inbox: Delivery[] = [];
  private reader: Subscriber<Uint8Array> | undefined;
  private paused = false;
  private deliveryScheduled = false;
  /** No more reading: the end was delivered or this side was destroyed. */
  private closed = false;
  /** No more writing: `end()` or `destroy()` was called, or the peer ended. */
  private writeEnded = false;
  /** Bytes this side wrote that the peer has not read. */
  private unread = 0;
  private needsDrain = false;

  constructor(
    readonly description: string,
    private readonly highWaterMark: number,
    private readonly later: Later,
  ) {
    this.incoming = new Observable<Uint8Array>((subscriber) => {
      if (this.reader) {
        subscriber.error(new Error(`${description}: incoming can be subscribed once`));
        return undefined;
      }
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      this.reader = subscriber;
      this.scheduleDelivery();
      return () => {
        if (this.reader === subscriber) this.reader = undefined;
      };
    });
  }

  write(bytes: Uint8Array): boolean {
    // As a destroyed socket does: the bytes go nowhere, and nobody should wait for a drain.
    if (this.writeEnded || this.peer.closed) return true;
    // The writer may reuse its buffer once write() returns, as it may with a socket.
    this.peer.receive(bytes.slice());
    this.unread += bytes.length;
    if (this.unread < this.highWaterMark) return true;
    this.needsDrain = true;
    return false;
  }

  pauseReading(): void {
    this.paused = true;
  }

  resumeReading(): void {
    this.paused = false;
    this.scheduleDelivery();
  }

  end(): void {
    if (this.writeEnded) return;
    this.writeEnded = true;
    this.peer.receive(END);
  }

  destroy(): void {
    this.end();
    this.inbox.length = 0;
    this.close();
  }

  private receive(delivery: Delivery): void {
    if (this.closed) return;
    this.inbox.push(delivery);
    this.scheduleDelivery();
  }

  private scheduleDelivery(): void {
    if (this.deliveryScheduled || this.paused || !this.reader || this.inbox.length === 0) return;
    this.deliveryScheduled = true;
    this.later(() => {
      this.deliveryScheduled = false;
      this.deliver();
    });
  }

  /** Hands queued chunks to the reader until the queue is empty or the reader pauses. */
  private deliver(): void {
    while (!this.paused && this.reader && this.inbox.length > 0) {
      const delivery = this.inbox.shift() as Delivery;
      if (delivery === END) {
        this.close();
        // The peer ended: end this side too, as a socket without allowHalfOpen does.
        this.end();
        return;
      }
      this.peer.read(delivery.length);
      this.reader.next(delivery);
    }
  }

  /** The peer has read `count` of the bytes this side wrote. */
  private read(count: number): void {
    this.unread -= count;
    if (this.unread === 0 && this.needsDrain) {
      this.needsDrain = false;
      this.drainedSubject.next();
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drainedSubject.complete();
    const reader = this.reader;
    this.reader = undefined;
    reader?.complete();
  }
}
