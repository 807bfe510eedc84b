import { Observable, type Observer, type Subscriber, type Subscription } from 'rxjs';
import type { Frame } from '../protocol/frame.js';
import { encodeKeepalivePing, encodeKeepalivePong } from '../protocol/frame-encoder.js';
import type { KeepaliveOptions } from '../keepalive/keepalive.js';
import { type KeepaliveWatch, type KeepaliveWheel, keepaliveWheel } from '../keepalive/keepalive-wheel.js';
import { FrameDecoder } from '../protocol/frame-decoder.js';
import { FrameRoute, frameRoute, unexpectedFrameError } from '../protocol/frame-router.js';
import { KeepaliveProcedure } from '../protocol/message-header.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { openStream } from '../streams/open-stream.js';
import { StreamRegistry } from '../streams/stream-registry.js';
import { TransportError, type Transport } from '../transport/transport.js';
import type { EventFrameSink } from '../events/event-source.js';
import type { ConnectionState } from './connection-state.js';
import { Outbox } from './outbox.js';

/** Why a session ended: `undefined` when it was closed on purpose. */
export interface SessionEnd {
  readonly cause: unknown;
}

/** Told once when a session is over. */
export interface SessionEndListener {
  sessionEnded(end: SessionEnd): void;
}

const CONNECTING: ConnectionState = Object.freeze({ status: 'connecting' });
const OPEN: ConnectionState = Object.freeze({ status: 'open' });
const CLOSING: ConnectionState = Object.freeze({ status: 'closing' });

/**
 * One live RPC session over a transport: frames in, dispatched by type and program; calls
 * correlated by the RPC client; frames out through the outbox. Shared by remote and admin
 * connections.
 *
 * A process may hold thousands of sessions, so each holds little: frames are dispatched by a
 * switch (the rule of `FrameRouter`) rather than through subjects, event frames go to one sink
 * (the connection's event router), the listeners of its end and the observers of `state$` and
 * `streamFrames` are kept in arrays made when the first one comes, the stream registry is made by
 * the first stream, and keepalive is a watch on a timer shared by every connection
 * ({@link KeepaliveWheel}).
 */
export class RpcSession {
  readonly rpc: RpcClient;
  private readonly outbox: Outbox;
  private readonly programs: ReadonlySet<number>;
  /** The transport's bytes, while the session reads them. */
  private input: Subscription | undefined;
  private streams: StreamRegistry | undefined;
  private keepalive: KeepaliveWatch | undefined;
  private state: ConnectionState = CONNECTING;
  private ended = false;
  private closing = false;
  private readPauses = 0;
  private stateObservers: Subscriber<ConnectionState>[] | undefined;
  private endListeners: SessionEndListener[] | undefined;
  private eventSink: EventFrameSink | undefined;
  private streamObservers: Subscriber<Frame>[] | undefined;
  private endObservable: Observable<SessionEnd> | undefined;
  private stateObservable: Observable<ConnectionState> | undefined;

  /**
   * @param programs the RPC programs spoken on this transport: REMOTE, QEMU and LXC for a driver
   *   connection, ADMIN for an admin connection (KEEPALIVE is always understood).
   */
  constructor(
    readonly transport: Transport,
    programs: Iterable<number>,
  ) {
    this.programs = programSet(programs);
    this.outbox = new Outbox(transport);
    this.rpc = new RpcClient(this.outbox);
    this.input = transport.incoming.subscribe(new SessionInput(this, new FrameDecoder((frame) => this.receive(frame))));
    // A transport that failed before it was read ends the session during subscribe().
    if (this.ended) this.input.unsubscribe();
  }

  /** Emits once, when the session is over, with the reason. Made when first asked for, as `state$`: the event layer listens without it. */
  get end$(): Observable<SessionEnd> {
    return (this.endObservable ??= new Observable<SessionEnd>((subscriber) => {
      const listener = new EndObserver(subscriber);
      this.whenEnded(listener);
      return subscriber.closed ? undefined : () => this.removeEndListener(listener);
    }));
  }

  /** The session's life: connecting, open, closing, closed (with the cause). Replays the current state. */
  get state$(): Observable<ConnectionState> {
    return (this.stateObservable ??= new Observable<ConnectionState>((subscriber) => {
      subscriber.next(this.state);
      if (this.state.status !== 'closed') return observe(this.stateObservers, subscriber, (made) => (this.stateObservers = made));
      subscriber.complete();
      return undefined;
    }));
  }

  /** Hands MESSAGE frames of the session's programs (events) to `sink`, the event layer's router, until the session ends. */
  setEventSink(sink: EventFrameSink): void {
    if (!this.ended) this.eventSink = sink;
  }

  /** Tells `listener` once when the session is over; at once if it is. */
  whenEnded(listener: SessionEndListener): void {
    if (this.state.status === 'closed') listener.sessionEnded({ cause: this.state.cause });
    else if (this.endListeners === undefined) this.endListeners = [listener];
    else this.endListeners.push(listener);
  }

  removeEndListener(listener: SessionEndListener): void {
    const at = this.endListeners?.indexOf(listener) ?? -1;
    if (at >= 0) this.endListeners?.splice(at, 1);
  }

  /** STREAM and STREAM_HOLE frames, for the stream layer. They stop with the session, without completing: watch `end$`. */
  get streamFrames(): Observable<Frame> {
    return new Observable<Frame>((subscriber) => (this.ended ? undefined : observe(this.streamObservers, subscriber, (made) => (this.streamObservers = made))));
  }

  /** The handshake is done: calls may flow. */
  markOpen(): void {
    if (!this.ended) this.setState(OPEN);
  }

  /**
   * A close was asked for: later calls fail at once but `closeCall` (the program's close call,
   * sent now or once the calls it waits for are answered), nothing else is written (the daemon
   * closes the socket once it has answered the close call, and a later write would end the
   * session with EPIPE), and however the session then ends, it ends as closed on purpose.
   */
  markClosing(closeCall?: ProcedureInfo): void {
    if (this.ended || this.closing) return;
    this.closing = true;
    this.rpc.refuseNewCalls(closeCall);
    this.setState(CLOSING);
  }

  /** A close was asked for: see {@link markClosing}. */
  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Starts the client's own keepalive (only when the daemon supports the keepalive program):
   * a silent daemon is declared dead after about interval × (count + 1) seconds, and the session
   * ends with a `KeepaliveTimeoutError`. An interval of 0 leaves it off.
   *
   * @param wheel the timer it runs on: the one every connection shares, unless a test passes its own.
   */
  startKeepalive(options: Required<KeepaliveOptions>, wheel: KeepaliveWheel = keepaliveWheel()): void {
    if (options.interval <= 0 || this.ended) return;
    this.keepalive?.stop();
    this.keepalive = wheel.watch(this, options.interval, options.count);
  }

  /** Sends one keepalive PING (for the keepalive watch). */
  sendKeepalivePing(): void {
    this.send(encodeKeepalivePing());
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
    if (procedure.stream !== null) return openStream((this.streams ??= new StreamRegistry(this)), procedure, procedure.stream, args);
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
    this.input?.unsubscribe();
    this.keepalive?.stop();
    this.eventSink = undefined;
    this.streamObservers = undefined;
    this.outbox.dispose();
    if (failure === undefined) this.transport.end();
    else this.transport.destroy();
    const closed: ConnectionState = { status: 'closed', cause };
    this.setState(closed);
    // Copies: an observer that unsubscribes when told leaves the array meanwhile.
    const stateObservers = [...(this.stateObservers ?? [])];
    const endListeners = this.endListeners ?? [];
    this.stateObservers = undefined;
    this.endListeners = undefined;
    for (const subscriber of stateObservers) subscriber.complete();
    const end: SessionEnd = { cause };
    for (const listener of endListeners) listener.sessionEnded(end);
  }

  /** One decoded frame: proof that the peer is alive, then dispatched by type and program. */
  private receive(frame: Frame): void {
    this.keepalive?.noteActivity();
    switch (frameRoute(frame, 'client', this.programs)) {
      case FrameRoute.REPLY:
        return this.rpc.handleReply(frame);
      case FrameRoute.EVENT:
        return this.eventSink?.route(frame);
      case FrameRoute.STREAM:
        return emit(this.streamObservers, frame);
      case FrameRoute.KEEPALIVE:
        // Both sides answer a PING with a PONG; the daemon drops a client that stays silent for 30 s.
        if (frame.header.proc === KeepaliveProcedure.PING) this.outbox.send(encodeKeepalivePong());
        return;
      case FrameRoute.UNEXPECTED:
        // Thrown: the decoder refuses the rest of the input, and the session ends with it.
        throw unexpectedFrameError(frame, 'client');
      default:
        // A program this session does not speak: dropped, as libvirt's client drops it.
        return;
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    if (this.stateObservers === undefined) return;
    for (const subscriber of [...this.stateObservers]) subscriber.next(state);
  }
}

/** An `end$` subscriber as an end listener. */
class EndObserver implements SessionEndListener {
  constructor(private readonly subscriber: Subscriber<SessionEnd>) {}

  sessionEnded(end: SessionEnd): void {
    this.subscriber.next(end);
    this.subscriber.complete();
  }
}

/**
 * The transport's bytes into a session's decoder: an observer whose methods are on its prototype
 * rather than three closures per session.
 */
class SessionInput implements Observer<Uint8Array> {
  constructor(
    private readonly session: RpcSession,
    private readonly decoder: FrameDecoder,
  ) {}

  next(chunk: Uint8Array): void {
    if (this.session.closed) return;
    try {
      this.decoder.push(chunk);
    } catch (err) {
      this.session.terminate(err);
    }
  }

  error(err: unknown): void {
    this.session.terminate(err);
  }

  complete(): void {
    try {
      this.decoder.end();
    } catch (err) {
      this.session.terminate(err);
      return;
    }
    this.session.terminate(new TransportError('the daemon closed the connection', this.session.transport.description, undefined));
  }
}

/** The program sets in use, shared: every driver connection speaks the same three. */
const programSets = new Map<string, ReadonlySet<number>>();

function programSet(programs: Iterable<number>): ReadonlySet<number> {
  const list = [...programs];
  const key = list.join(',');
  let set = programSets.get(key);
  if (set === undefined) programSets.set(key, (set = new Set(list)));
  return set;
}

/**
 * Adds `subscriber` to `observers` until it unsubscribes; without an array yet, makes one of
 * exactly one element (`[]` then `push` would reserve room for 17) and hands it to `made`.
 */
function observe<T>(observers: Subscriber<T>[] | undefined, subscriber: Subscriber<T>, made: (observers: Subscriber<T>[]) => void): () => void {
  const list = observers ?? [subscriber];
  if (observers === undefined) made(list);
  else list.push(subscriber);
  return () => {
    const at = list.indexOf(subscriber);
    if (at >= 0) list.splice(at, 1);
  };
}

/** Hands `frame` to each observer in turn; one that leaves meanwhile is skipped. */
function emit(observers: Subscriber<Frame>[] | undefined, frame: Frame): void {
  if (observers === undefined) return;
  if (observers.length === 1) {
    observers[0].next(frame);
    return;
  }
  for (const subscriber of [...observers]) if (!subscriber.closed) subscriber.next(frame);
}
