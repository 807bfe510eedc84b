import { BehaviorSubject, type Observable, ReplaySubject, Subject, type Subscription, tap } from 'rxjs';
import type { Frame } from '../protocol/frame.js';
import { encodeKeepalivePing, encodeKeepalivePong } from '../protocol/frame-encoder.js';
import { keepalive, type KeepaliveOptions } from '../keepalive/keepalive.js';
import { decodeFrames } from '../protocol/decode-frames.js';
import { FrameRouter } from '../protocol/frame-router.js';
import { KeepaliveProcedure } from '../protocol/message-header.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { openStream } from '../streams/open-stream.js';
import { StreamRegistry } from '../streams/stream-registry.js';
import { TransportError, type Transport } from '../transport/transport.js';
import type { ConnectionState } from './connection-state.js';
import { Outbox } from './outbox.js';

/** Why a session ended: `undefined` when it was closed on purpose. */
export interface SessionEnd {
  readonly cause: unknown;
}

/**
 * One live RPC session over a transport: frames in, partitioned by the router; calls correlated
 * by the RPC client; frames out through the outbox. Shared by remote and admin connections.
 */
export class RpcSession {
  readonly rpc: RpcClient;
  private readonly outbox: Outbox;
  private readonly router: FrameRouter;
  private readonly streams: StreamRegistry;
  private readonly subscriptions: Subscription[] = [];
  private readonly endSubject = new ReplaySubject<SessionEnd>(1);
  private ended = false;
  private closing = false;
  /** Emits once, when the session is over, with the reason. */
  readonly end$: Observable<SessionEnd> = this.endSubject.asObservable();
  /** MESSAGE frames of the session's programs: events, for the event layer. They stop with the session, without completing: watch `end$`. */
  readonly events: Observable<Frame>;
  /** STREAM and STREAM_HOLE frames, for the stream layer. They stop with the session, without completing: watch `end$`. */
  readonly streamFrames: Observable<Frame>;
  /** Emits for every inbound frame (before routing): proof that the peer is alive, for keepalive. */
  private readonly activity = new Subject<void>();
  private readPauses = 0;
  private readonly stateSubject = new BehaviorSubject<ConnectionState>({ status: 'connecting' });
  /** The session's life: connecting, open, closing, closed (with the cause). Replays the current state. */
  readonly state$: Observable<ConnectionState> = this.stateSubject.asObservable();

  /**
   * @param programs the RPC programs spoken on this transport: REMOTE, QEMU and LXC for a driver
   *   connection, ADMIN for an admin connection (KEEPALIVE is always understood).
   */
  constructor(
    readonly transport: Transport,
    programs: Iterable<number>,
  ) {
    this.outbox = new Outbox(transport);
    this.rpc = new RpcClient((frame) => this.outbox.send(frame));
    this.router = new FrameRouter({ role: 'client', programs });
    this.events = this.router.events;
    this.streamFrames = this.router.streams;
    this.subscriptions.push(
      this.router.replies.subscribe({
        next: (frame) => this.rpc.handleReply(frame),
        error: (err: unknown) => this.terminate(err),
        complete: () => this.terminate(new TransportError('the daemon closed the connection', transport.description, undefined)),
      }),
      this.router.keepalive.subscribe({ next: (frame) => this.answerKeepalive(frame), error: () => undefined }),
    );
    this.streams = new StreamRegistry(this);
    this.subscriptions.push(
      this.router.connect(transport.incoming.pipe(decodeFrames(), tap(() => this.activity.next()))),
    );
  }

  /** The handshake is done: calls may flow. */
  markOpen(): void {
    if (!this.ended) this.stateSubject.next({ status: 'open' });
  }

  /**
   * A close was asked for and its call sent: later calls fail at once, nothing else is written
   * (the daemon closes the socket once it has answered the close call, and a later write would
   * end the session with EPIPE), and however the session then ends, it ends as closed on purpose.
   */
  markClosing(): void {
    if (this.ended || this.closing) return;
    this.closing = true;
    this.rpc.refuseNewCalls();
    this.stateSubject.next({ status: 'closing' });
  }

  /** A close was asked for: see {@link markClosing}. */
  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Starts the client's own keepalive (only when the daemon supports the keepalive program):
   * a silent daemon is declared dead after about interval × (count + 1) seconds, and the session
   * ends with a `KeepaliveTimeoutError`. An interval of 0 leaves it off.
   */
  startKeepalive(options: Required<KeepaliveOptions>): void {
    if (options.interval <= 0 || this.ended) return;
    this.subscriptions.push(
      keepalive(
        { activity: this.activity, sendPing: () => this.send(encodeKeepalivePing()), isPaused: () => this.readingPaused },
        options,
      ).subscribe({ error: (err: unknown) => this.terminate(err) }),
    );
  }

  /** Sends an encoded frame, after those already queued (the transport's backpressure is honoured). */
  send(frame: Uint8Array): void {
    if (!this.ended && !this.closing) this.outbox.send(frame);
  }

  /**
   * Sends a frame in parts (a header and a payload view) after those already queued, without
   * copying them when the transport can write them as they are; `onWritten` once they have left
   * the process and their buffers may be reused.
   */
  sendParts(parts: readonly Uint8Array[], onWritten: () => void): void {
    if (this.ended || this.closing) onWritten();
    else this.outbox.sendParts(parts, onWritten);
  }

  /** Gives the memory of a received frame back to the transport: its consumer holds the last reference. */
  recycle(view: Uint8Array): void {
    this.transport.recycle?.(view);
  }

  /** Emits once when the frames sent so far have reached the transport and it takes more (upload pacing). */
  whenWritable(): Observable<void> {
    return this.outbox.writable();
  }

  /**
   * Stops reading the socket until every pause is matched by {@link resumeReading}: the only
   * brake libvirt's protocol offers a consumer that cannot keep up (it has no stream window).
   * Replies, events and keepalive wait meanwhile.
   */
  pauseReading(): void {
    if (this.readPauses++ === 0) this.transport.pauseReading();
  }

  resumeReading(): void {
    if (this.readPauses === 0) return;
    if (--this.readPauses === 0) this.transport.resumeReading();
  }

  /** Whether a consumer has paused reading: silence from the peer then proves nothing. */
  get readingPaused(): boolean {
    return this.readPauses > 0;
  }

  get closed(): boolean {
    return this.ended;
  }

  /**
   * The call path of every generated method: emits the `_ret` struct, or its only field when it
   * has exactly one, or `undefined` when there is none. A procedure that opens a data stream
   * returns its stream handle instead.
   */
  invoke(procedure: ProcedureInfo, args: unknown): Observable<unknown> {
    if (procedure.stream !== null) return openStream(this.streams, procedure, procedure.stream, args);
    return this.rpc.invoke(procedure, args);
  }

  /**
   * Ends the session: pending calls fail with a ConnectionClosedError carrying `cause`. Once a
   * close was asked for, the session ends as closed on purpose whatever the cause (a daemon that
   * hung up first, a close reply that never came).
   */
  terminate(failure?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const cause = this.closing ? undefined : failure;
    this.rpc.close(failure);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.outbox.dispose();
    if (failure === undefined) this.transport.end();
    else this.transport.destroy();
    this.activity.complete();
    this.stateSubject.next({ status: 'closed', cause });
    this.stateSubject.complete();
    this.endSubject.next({ cause });
    this.endSubject.complete();
  }

  /** Both sides answer a PING with a PONG; the daemon drops a client that stays silent for 30 s. */
  private answerKeepalive(frame: Frame): void {
    if (frame.header.proc === KeepaliveProcedure.PING) this.outbox.send(encodeKeepalivePong());
  }
}
