import type { Observable, Subscription } from 'rxjs';
import { UnsupportedError } from '../errors/unsupported-error.js';
import { decodeVirNetMessageError } from '../generated/virnet/codecs.js';
import type { Frame } from '../protocol/frame.js';
import {
  encodeStreamAbort,
  encodeStreamData,
  encodeStreamDataParts,
  encodeStreamFinish,
  encodeStreamHole,
  type StreamId,
} from '../protocol/frame-encoder.js';
import { MessageStatus, MessageType, formatHeader, type MessageHeader } from '../protocol/message-header.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { ProtocolError, ProtocolErrorReason } from '../protocol/protocol-error.js';
import { decodeStreamHole, type StreamHole } from '../protocol/stream-hole.js';
import { LibvirtError } from '../rpc/libvirt-error.js';
import { XdrReader } from '../xdr/reader.js';
import type { StreamSession } from './stream-session.js';

/** What a stream tells its owner (a download, an upload, a two-way stream). */
export interface StreamHandlers {
  /** The reply to the opening call, unwrapped like any call's. Comes before any data. */
  reply(value: unknown): void;
  /** Bytes from the daemon: a view of the frame's payload. Not for upload streams, which get none. */
  data?(bytes: Uint8Array): void;
  /** A hole from the daemon (only on a stream opened with its sparse flag). Not for upload streams. */
  hole?(hole: StreamHole): void;
  /** The daemon confirmed the finish: every byte was delivered and processed. */
  finished(): void;
  /** The call failed, the daemon failed the stream, the daemon broke the protocol, or the connection ended. */
  failed(error: unknown): void;
}

/** Where a stream stands on the wire. */
export const StreamState = {
  /** The CALL is out, its reply not in yet. */
  Opening: 'opening',
  /** Data may flow. */
  Open: 'open',
  /** The client sent its finish (STREAM/OK) and waits for the daemon's. */
  Finishing: 'finishing',
  /** Finished, failed or aborted: packets still arriving for it are dropped. */
  Closed: 'closed',
} as const;
export type StreamState = (typeof StreamState)[keyof typeof StreamState];

/** Where stream channels register under the serial of their opening call. */
export interface StreamChannelRegistry {
  readonly session: StreamSession;
  add(serial: number, channel: StreamChannel): void;
  remove(serial: number, channel: StreamChannel): void;
}

/**
 * One data stream's side of libvirt's stream protocol (virnetclientstream.c), for any direction:
 * opens it with its CALL, takes the STREAM and STREAM_HOLE frames of its serial, answers the
 * daemon's EOF with the finish handshake, sends data, holes, finish and abort.
 *
 * It never buffers data for a consumer and never throttles: that is the owner's business.
 */
export class StreamChannel {
  private currentState: StreamState = StreamState.Opening;
  private id: StreamId | undefined;
  /** Frames that raced ahead of the reply (the daemon may queue data before it): replayed after it. */
  private early: Frame[] = [];
  /** Set once the owner has let go: nothing more is reported to it. */
  private detached = false;
  private call: Subscription | undefined;
  /** Whether the call's flags include the procedure's sparse flag: only then may holes travel. */
  readonly sparse: boolean;

  constructor(
    private readonly registry: StreamChannelRegistry,
    readonly procedure: ProcedureInfo,
    private readonly args: unknown,
    private readonly handlers: StreamHandlers,
  ) {
    this.sparse = sparseRequested(procedure, args);
  }

  get state(): StreamState {
    return this.currentState;
  }

  /** Sends the opening CALL; the channel is registered under its serial before it leaves. */
  open(): void {
    const { procedure } = this;
    this.call = this.registry.session.rpc
      .call(procedure, this.args, (serial) => {
        this.id = { prog: procedure.program, vers: procedure.programVersion, proc: procedure.number, serial };
        this.registry.add(serial, this);
      })
      .subscribe({ next: (ret) => this.opened(ret), error: (error: unknown) => this.fail(error) });
  }

  /** Whether a frame's header names this stream's program, version and procedure (the serial was the registry's key). */
  matches(header: MessageHeader): boolean {
    const { procedure } = this;
    return header.prog === procedure.program && header.vers === procedure.programVersion && header.proc === procedure.number;
  }

  /** Takes one STREAM or STREAM_HOLE frame of this stream. */
  receive(frame: Frame): void {
    switch (this.currentState) {
      case StreamState.Closed:
        return;
      case StreamState.Opening:
        this.early.push(frame);
        return;
    }
    const { type, status } = frame.header;
    if (status === MessageStatus.ERROR) return this.serverFailed(frame);
    if (type === MessageType.STREAM_HOLE) return this.receiveHole(frame);
    if (status === MessageStatus.CONTINUE) return this.receiveData(frame);
    if (status === MessageStatus.OK && this.currentState === StreamState.Finishing) {
      this.close();
      if (!this.detached) this.handlers.finished();
      return;
    }
    this.protocolError(frame, 'the daemon sent STREAM/OK for a stream the client had not finished');
  }

  /**
   * Sends bytes (at most `STREAM_CHUNK_MAX` per call: the caller splits). With `onWritten`, the
   * bytes are not copied when the session can send a frame in parts: they must then stay
   * unchanged until `onWritten` is called, once they have left the process. Without it (or on a
   * session that cannot), they are copied into the frame and may be reused at once.
   */
  sendData(bytes: Uint8Array, onWritten?: () => void): void {
    const id = this.openId('send data');
    const { session } = this;
    if (onWritten !== undefined && session.sendParts !== undefined) {
      session.sendParts(encodeStreamDataParts(id, bytes), onWritten);
      return;
    }
    session.send(encodeStreamData(id, bytes));
    onWritten?.();
  }

  /**
   * Sends a hole. Throws an {@link UnsupportedError}, sending nothing, unless the stream was opened
   * with its procedure's sparse flag: the daemon answers an unexpected hole by closing the whole
   * connection.
   */
  sendHole(hole: StreamHole): void {
    if (!this.sparse) {
      const { name, sparseFlag } = this.procedure;
      throw new UnsupportedError(
        name,
        sparseFlag === null
          ? 'its streams carry no holes'
          : `a hole needs the sparse flag (${sparseFlag}) in the call's flags; the daemon would close the connection`,
      );
    }
    this.session.send(encodeStreamHole(this.openId('send a hole'), hole));
  }

  /** Sends the finish (STREAM/OK); the daemon's STREAM/OK or STREAM/ERROR answers it. */
  finish(): void {
    this.session.send(encodeStreamFinish(this.openId('finish')));
    this.currentState = StreamState.Finishing;
  }

  /**
   * Lets go of the stream early: sends the abort (empty STREAM/ERROR) if the stream is open, and
   * reports nothing more to the owner. An abort before the reply waits for it: an abort that
   * overtook its CALL would find no stream on the daemon, which would then send the whole
   * volume to a client that drops it. A stream already finishing needs no abort.
   */
  abort(): void {
    this.detached = true;
    if (this.currentState === StreamState.Open) this.session.send(encodeStreamAbort(this.openId('abort')));
    if (this.currentState !== StreamState.Opening) this.close();
  }

  /** Fails the stream: the owner hears of `error`; with `abort`, an open stream is aborted on the daemon too. */
  fail(error: unknown, abort = false): void {
    if (this.currentState === StreamState.Closed) return;
    if (abort && this.currentState === StreamState.Open) this.session.send(encodeStreamAbort(this.openId('abort')));
    this.close();
    if (!this.detached) this.handlers.failed(error);
  }

  /** Emits once when the frames sent so far have reached the transport: the pace of an upload. */
  writable(): Observable<void> {
    return this.session.whenWritable();
  }

  private get session(): StreamSession {
    return this.registry.session;
  }

  private opened(ret: unknown): void {
    if (this.currentState !== StreamState.Opening) return;
    this.currentState = StreamState.Open;
    if (this.detached) return this.abort();
    const field = this.procedure.unwrapField;
    this.handlers.reply(field === null ? ret : (ret as Record<string, unknown>)[field]);
    const early = this.early;
    this.early = [];
    for (const frame of early) this.receive(frame);
  }

  private receiveData(frame: Frame): void {
    if (this.procedure.stream === 'write') return this.protocolError(frame, 'the daemon sent data on an upload stream');
    // An empty STREAM/CONTINUE is the daemon's EOF, which the finish handshake answers.
    if (frame.payload.length === 0) {
      if (this.currentState === StreamState.Open) this.finish();
      return;
    }
    if (!this.detached) this.handlers.data?.(frame.payload);
  }

  private receiveHole(frame: Frame): void {
    if (frame.header.status !== MessageStatus.CONTINUE) return this.protocolError(frame, 'a STREAM_HOLE frame must have status CONTINUE');
    if (!this.sparse) return this.protocolError(frame, 'unexpected stream hole: the stream was opened without its sparse flag');
    if (this.procedure.stream === 'write') return this.protocolError(frame, 'the daemon sent a hole on an upload stream');
    let hole: StreamHole;
    try {
      hole = decodeStreamHole(frame.payload);
    } catch (cause) {
      return this.protocolError(frame, 'malformed stream hole', cause);
    }
    if (!this.detached) this.handlers.hole?.(hole);
  }

  private serverFailed(frame: Frame): void {
    let error: unknown;
    try {
      error = new LibvirtError(decodeVirNetMessageError(new XdrReader(frame.payload)), this.procedure.name);
    } catch (cause) {
      error = new ProtocolError(ProtocolErrorReason.UnexpectedFrame, `malformed stream error (${formatHeader(frame.header)})`, {
        header: frame.header,
        cause,
      });
    }
    // The daemon has dropped the stream already: nothing to abort.
    this.fail(error);
  }

  /** The daemon broke the stream protocol: this stream fails and is aborted; the connection goes on. */
  private protocolError(frame: Frame, message: string, cause?: unknown): void {
    this.fail(
      new ProtocolError(ProtocolErrorReason.UnexpectedFrame, `${this.procedure.name}: ${message} (${formatHeader(frame.header)})`, {
        header: frame.header,
        cause,
      }),
      true,
    );
  }

  private close(): void {
    this.currentState = StreamState.Closed;
    this.early = [];
    this.call?.unsubscribe();
    if (this.id) this.registry.remove(this.id.serial, this);
  }

  private openId(what: string): StreamId {
    if (this.id === undefined || this.currentState !== StreamState.Open) {
      throw new Error(`cannot ${what} on a stream that is ${this.currentState}`);
    }
    return this.id;
  }
}

/** Whether `args.flags` includes the procedure's `@sparseflag`. */
function sparseRequested(procedure: ProcedureInfo, args: unknown): boolean {
  if (procedure.sparseFlag === null || typeof args !== 'object' || args === null) return false;
  const { flags } = args as { flags?: unknown };
  return typeof flags === 'number' && (flags & procedure.sparseFlag) !== 0;
}
