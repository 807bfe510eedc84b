import { type Observable, type SchedulerLike, Subject, Subscription, tap } from 'rxjs';
import { Outbox } from '../connection/outbox.js';
import { virConnectCloseReason, virDomainEventID, virErrorDomain, virErrorNumber } from '../generated/libvirt/libvirt.js';
import { remote_procedure } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import { encodeVirNetMessageError } from '../generated/virnet/codecs.js';
import { keepalive, type KeepaliveOptions } from '../keepalive/keepalive.js';
import { decodeFrames } from '../protocol/decode-frames.js';
import { payloadReader, type Frame } from '../protocol/frame.js';
import { encodeFrame, encodeKeepalivePing, encodeKeepalivePong, type StreamId } from '../protocol/frame-encoder.js';
import { FrameRouter } from '../protocol/frame-router.js';
import { KeepaliveProcedure, MessageStatus, MessageType, PROGRAM_VERSION, Program, type MessageHeader } from '../protocol/message-header.js';
import type { Transport } from '../transport/transport.js';
import { DaemonError, DaemonErrors, daemonError } from './daemon-error.js';
import type { LifecycleChange } from './domain-model.js';
import { EventRegistrations } from './event-registrations.js';
import type { FaultInjector, FaultTarget, OutgoingFrameKind } from './faults.js';
import { BEFORE_OPEN, type CallContext, type ConnectionControl, PROCEDURE_HANDLERS } from './procedures.js';
import { ConsoleStream } from './console-stream.js';
import { IncomingStream, OutgoingStream, type ServerStream, type StreamPort, type UploadTarget } from './server-streams.js';
import type { VolumeSegment } from './storage-model.js';

/** What a connection needs from the daemon that accepted it. */
export interface SessionHost {
  /** The daemon's state, shared by its connections. */
  readonly state: Omit<CallContext, 'connection'>;
  readonly faults: FaultInjector;
  /** The daemon's own keepalive (libvirtd: interval 5 s, count 5; interval 0: no pings). */
  readonly keepalive: Required<KeepaliveOptions>;
  /** Callback IDs are unique across the daemon's connections. */
  nextCallbackId(): number;
  /** Where the fault hooks' delays run (default: `setTimeout`). */
  readonly scheduler?: SchedulerLike;
  /** The connection is over. */
  ended(session: ServerSession): void;
}

/**
 * The daemon's side of one client connection, on the project's own protocol layers in the server
 * role: `decodeFrames` and a `FrameRouter` in, an `Outbox` out. CALLs are dispatched by procedure
 * number and answered with REPLY/OK or REPLY/ERROR; PINGs with PONGs; STREAM frames go to the
 * connection's data streams. Every frame it sends passes the daemon's fault hooks.
 */
export class ServerSession implements ConnectionControl, FaultTarget, StreamPort {
  readonly events: EventRegistrations;
  openedName: string | null = null;
  lastEndedStream: StreamId | undefined;
  private opened = false;
  private closed = false;
  private keepaliveStarted = false;
  private closeCallbackRegistered = false;
  private readonly outbox: Outbox;
  private readonly router = new FrameRouter({ role: 'server', programs: [Program.REMOTE] });
  private readonly subscriptions = new Subscription();
  private readonly timers = new Set<Subscription>();
  private readonly streams = new Map<number, ServerStream>();
  private readonly activity = new Subject<void>();
  /** The call being dispatched: streams it opens take its serial; work queued here runs after its reply. */
  private current: { readonly header: MessageHeader; readonly afterReply: Array<() => void> } | undefined;

  constructor(
    private readonly host: SessionHost,
    readonly transport: Transport,
  ) {
    this.outbox = new Outbox(transport);
    this.events = new EventRegistrations(() => host.nextCallbackId());
    const ignore = (): void => undefined;
    this.subscriptions.add(
      this.router.calls.subscribe({
        next: (frame) => this.dispatch(frame),
        // The client broke the framing: libvirtd drops such a client.
        error: () => this.close('destroy'),
        complete: () => this.close('end'),
      }),
    );
    this.subscriptions.add(this.router.streams.subscribe({ next: (frame) => this.routeStreamFrame(frame), error: ignore }));
    this.subscriptions.add(this.router.keepalive.subscribe({ next: (frame) => this.answerKeepalive(frame), error: ignore }));
    this.subscriptions.add(
      this.router.dropped.subscribe({
        next: ({ header }) => {
          if (header?.type === MessageType.CALL) this.replyError(header, DaemonErrors.unknownProgram(header.prog, header.vers));
        },
        error: ignore,
      }),
    );
    this.subscriptions.add(this.router.connect(transport.incoming.pipe(decodeFrames(), tap(() => this.activity.next()))));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- ConnectionControl: what procedure handlers do to their connection ----

  open(name: string | null, _flags: number): void {
    if (this.opened) throw DaemonErrors.alreadyOpen();
    this.opened = true;
    this.openedName = name;
  }

  startKeepalive(): void {
    if (this.keepaliveStarted || this.host.keepalive.interval <= 0) return;
    this.keepaliveStarted = true;
    this.subscriptions.add(
      keepalive(
        { activity: this.activity, sendPing: () => this.send('keepalive', encodeKeepalivePing()), isPaused: () => false },
        this.host.keepalive,
      ).subscribe({ error: () => this.close('destroy') }),
    );
  }

  streamOut(segments: Iterable<VolumeSegment>, sparse: boolean): void {
    const stream = new OutgoingStream(this, this.currentStreamId(), segments, sparse);
    this.streams.set(stream.id.serial, stream);
    this.afterReply(() => stream.start());
  }

  streamIn(target: UploadTarget, offset: number, sparse: boolean): void {
    const stream = new IncomingStream(this, this.currentStreamId(), target, offset, sparse);
    this.streams.set(stream.id.serial, stream);
  }

  /** Opens the echoing console of a domain on the current call's serial. */
  streamConsole(): void {
    const stream = new ConsoleStream(this, this.currentStreamId());
    this.streams.set(stream.id.serial, stream);
  }

  closeAfterReply(): void {
    // Once the reply has reached the transport, as libvirtd's delayed close.
    this.afterReply(() => this.subscriptions.add(this.outbox.writable().subscribe(() => this.close('end'))));
  }

  registerCloseCallback(): void {
    this.closeCallbackRegistered = true;
  }

  unregisterCloseCallback(): void {
    this.closeCallbackRegistered = false;
  }

  // ---- FaultTarget and StreamPort ----

  write(bytes: Uint8Array): void {
    if (!this.closed) this.outbox.send(bytes);
  }

  drop(): void {
    this.close('destroy');
  }

  later(ms: number, work: () => void): void {
    if (this.closed) return;
    const timer = runLater(this.host.scheduler, ms, () => {
      this.timers.delete(timer);
      work();
    });
    this.timers.add(timer);
  }

  sendStreamFrame(frame: Uint8Array): void {
    this.send('stream', frame);
  }

  whenWritable(): Observable<void> {
    return this.outbox.writable();
  }

  closeConnection(): void {
    this.close('destroy');
  }

  ended(stream: ServerStream): void {
    if (this.streams.get(stream.id.serial) === stream) this.streams.delete(stream.id.serial);
    this.lastEndedStream = stream.id;
  }

  // ---- the daemon's side ----

  /** Sends a lifecycle event to every callback of this connection that wants it. */
  deliverLifecycle(change: LifecycleChange): void {
    for (const callbackID of this.events.matching(virDomainEventID.VIR_DOMAIN_EVENT_ID_LIFECYCLE, change.dom)) {
      this.sendEvent(remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, { callbackID, msg: change });
    }
  }

  /**
   * The daemon is going away: a client with a close callback hears CONNECT_EVENT_CONNECTION_CLOSED
   * (reason EOF) before the connection ends; the others are dropped.
   */
  shutdown(): void {
    if (!this.closeCallbackRegistered) return this.close('destroy');
    this.sendEvent(remote_procedure.REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED, { reason: virConnectCloseReason.VIR_CONNECT_CLOSE_REASON_EOF });
    this.close('end');
  }

  /** Ends the connection: `end` after the frames queued so far, `destroy` at once. */
  close(how: 'end' | 'destroy'): void {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.unsubscribe();
    for (const timer of this.timers) timer.unsubscribe();
    this.timers.clear();
    for (const stream of this.streams.values()) stream.dispose();
    this.streams.clear();
    this.outbox.dispose();
    if (how === 'end') this.transport.end();
    else this.transport.destroy();
    this.activity.complete();
    this.host.ended(this);
  }

  private dispatch(frame: Frame): void {
    const { header } = frame;
    const info = REMOTE_PROGRAM_INFO.procedures.get(header.proc);
    const handler = PROCEDURE_HANDLERS.get(header.proc);
    if (!info || !handler || info.kind !== 'call') return this.replyError(header, DaemonErrors.unknownProcedure(header.proc));
    if (!this.opened && !BEFORE_OPEN.has(header.proc)) return this.replyError(header, DaemonErrors.notOpen());
    let args: unknown;
    try {
      const reader = payloadReader(frame);
      args = info.decodeArgs?.(reader);
      reader.expectEnd();
    } catch {
      return this.replyError(header, DaemonErrors.undecodableArgs(header.proc));
    }
    const call = { header, afterReply: [] as Array<() => void> };
    this.current = call;
    let result: unknown;
    try {
      result = handler(args, { ...this.host.state, connection: this });
    } catch (err) {
      return this.replyError(header, err instanceof DaemonError ? err : internalError(err));
    } finally {
      this.current = undefined;
    }
    const ret = info.unwrapField === null ? result : { [info.unwrapField]: result };
    const encodeRet = info.encodeRet;
    this.send('reply', encodeFrame(replyHeader(header, MessageStatus.OK), encodeRet ? (writer) => encodeRet(writer, ret) : undefined));
    for (const work of call.afterReply) work();
  }

  /** A MESSAGE of the REMOTE program; libvirtd sends events with serial 1 (remoteDispatchObjectEventSend). */
  private sendEvent(proc: number, body: unknown): void {
    const encode = REMOTE_PROGRAM_INFO.procedures.get(proc)?.encodeMessage;
    if (!encode) return;
    const header = { prog: Program.REMOTE, vers: PROGRAM_VERSION, proc, type: MessageType.MESSAGE, serial: 1, status: MessageStatus.OK };
    this.send('event', encodeFrame(header, (writer) => encode(writer, body)));
  }

  private replyError(call: MessageHeader, error: DaemonError): void {
    this.send('reply', encodeFrame(replyHeader(call, MessageStatus.ERROR), (writer) => encodeVirNetMessageError(writer, error.fields)));
  }

  private routeStreamFrame(frame: Frame): void {
    const stream = this.streams.get(frame.header.serial);
    // Packets of a stream that has ended, or of none, are dropped, as libvirtd drops them.
    if (stream && stream.id.proc === frame.header.proc) stream.receive(frame);
  }

  private answerKeepalive(frame: Frame): void {
    if (frame.header.proc === KeepaliveProcedure.PING && this.host.faults.answersPings) this.send('keepalive', encodeKeepalivePong());
  }

  private send(kind: OutgoingFrameKind, frame: Uint8Array): void {
    if (!this.closed) this.host.faults.transmit(this, kind, frame);
  }

  private afterReply(work: () => void): void {
    if (!this.current) throw new Error('only a procedure handler may queue work after its reply');
    this.current.afterReply.push(work);
  }

  private currentStreamId(): StreamId {
    if (!this.current) throw new Error('only a procedure handler may open a stream');
    const { prog, vers, proc, serial } = this.current.header;
    return { prog, vers, proc, serial };
  }
}

/** Runs `work` after `ms` on the scheduler, or on a plain `setTimeout` without one; unsubscribing cancels it. */
function runLater(scheduler: SchedulerLike | undefined, ms: number, work: () => void): Subscription {
  if (scheduler) return scheduler.schedule(work, ms);
  const handle = setTimeout(work, ms);
  return new Subscription(() => clearTimeout(handle));
}

function replyHeader(call: MessageHeader, status: MessageStatus): MessageHeader {
  return { prog: call.prog, vers: call.vers, proc: call.proc, type: MessageType.REPLY, serial: call.serial, status };
}

/** A bug in a handler still reaches the client as an error reply, not as a hung call. */
function internalError(err: unknown): DaemonError {
  return daemonError(virErrorNumber.VIR_ERR_INTERNAL_ERROR, virErrorDomain.VIR_FROM_TEST, 'internal error', err instanceof Error ? err.message : String(err));
}
