import type { Socket } from 'node:net';
import { Observable, Subject, type Subscriber } from 'rxjs';
import { TransportError, type Transport } from '../transport.js';
import type { FrameReader } from './frame-reader.js';

/**
 * A {@link Transport} over a connected Node stream socket (unix or TCP). The socket must not
 * have a 'data' listener yet: bytes stay in the kernel until `incoming` is subscribed, so
 * nothing that arrives before the protocol layers are wired up is lost.
 *
 * With a {@link FrameReader} (the socket created with the reader's `onread` and paused at once),
 * bytes are read through the reader, frame-aligned, instead of 'data' events; reading starts
 * when `incoming` is subscribed.
 */
export class SocketTransport implements Transport {
  /** Made when someone first waits for a drain: most sockets never fill. */
  private drainedSubject: Subject<void> | undefined;
  /** The first socket error; kept so that a failure before `incoming` is subscribed is not lost. */
  private failure: TransportError | undefined;
  private closed = false;
  /**
   * Who `incoming` goes to, finished by the constructor's 'close' listener: one listener per
   * socket, where each subscription added its own.
   */
  private subscriber: Subscriber<Uint8Array> | undefined;
  /** Whether writes are being held until the end of this turn of the event loop. */
  private corked = false;

  constructor(
    private readonly socket: Socket,
    readonly description: string,
    private readonly reader?: FrameReader,
  ) {
    // A listener from the start: an 'error' event without one would crash the host process.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= new TransportError(`${description}: ${err.message}`, description, err.code, { cause: err });
    });
    // 'close' follows both an orderly end and an error, so it alone decides how `incoming` ends.
    // A socket emits it once: `on`, as `once` would wrap the listener in two objects more.
    socket.on('close', () => {
      this.closed = true;
      this.drainedSubject?.complete();
      const subscriber = this.subscriber;
      this.subscriber = undefined;
      if (subscriber !== undefined) this.finish(subscriber);
    });
  }

  get drained(): Observable<void> {
    if (this.drainedSubject === undefined) {
      const drained = new Subject<void>();
      this.drainedSubject = drained;
      // Listened for from the first upload on, not by every connection.
      if (this.closed) drained.complete();
      else this.socket.on('drain', () => drained.next());
    }
    return this.drainedSubject.asObservable();
  }

  get incoming(): Observable<Uint8Array> {
    const { socket, reader } = this;
    return new Observable<Uint8Array>((subscriber) => {
      if (this.closed) {
        this.finish(subscriber);
        return undefined;
      }
      this.subscriber = subscriber;
      if (reader !== undefined) {
        reader.attach(subscriber);
        socket.resume();
        return () => {
          reader.attach(undefined);
          this.release(subscriber);
        };
      }
      const onData = (chunk: Buffer): void => subscriber.next(chunk);
      socket.on('data', onData);
      return () => {
        socket.off('data', onData);
        this.release(subscriber);
      };
    });
  }

  private finish(subscriber: Subscriber<Uint8Array>): void {
    if (this.failure) subscriber.error(this.failure);
    else subscriber.complete();
  }

  /** Forgets `subscriber`, unsubscribed, unless a later subscriber has taken its place. */
  private release(subscriber: Subscriber<Uint8Array>): void {
    if (this.subscriber === subscriber) this.subscriber = undefined;
  }

  write(bytes: Uint8Array): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return true;
    this.holdUntilEndOfTurn();
    return this.socket.write(bytes);
  }

  writev(chunks: readonly Uint8Array[], onWritten?: () => void): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) {
      onWritten?.();
      return true;
    }
    // Corked, the writes leave as one writev of the arrays themselves. The last write's callback
    // comes once all of them are written, or with an error once they never will be.
    const last = chunks.length - 1;
    let more = true;
    this.holdUntilEndOfTurn();
    for (let i = 0; i <= last; i++) more = this.socket.write(chunks[i], i === last && onWritten ? () => onWritten() : undefined);
    if (last < 0) onWritten?.();
    return more;
  }

  /**
   * Corks the socket until the current turn of the event loop is over: frames sent in one turn
   * (the calls a batch of replies sets off, a frame header and its data) leave in one `writev`
   * system call instead of one write each. The delay is the rest of the turn, no timer.
   */
  private holdUntilEndOfTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(SocketTransport.uncork, this);
  }

  /** Static, given the transport as the tick's argument: no closure per transport. */
  private static uncork(transport: SocketTransport): void {
    transport.corked = false;
    transport.socket.uncork();
  }

  recycle(view: Uint8Array): void {
    this.reader?.recycle(view);
  }

  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

