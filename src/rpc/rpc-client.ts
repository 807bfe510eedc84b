import { Observable, type Subscriber, type Unsubscribable } from 'rxjs';
import { UnsupportedError } from '../errors/unsupported-error.js';
import type { Frame } from '../protocol/frame.js';
import { encodeFrame, encodeFrameOf } from '../protocol/frame-encoder.js';
import { MessageStatus, MessageType } from '../protocol/message-header.js';
import type { NamedReplyField, ProcedureInfo } from '../protocol/procedure.js';
import { symbolicName } from '../protocol/symbolic-name.js';
import { ProtocolError, ProtocolErrorReason } from '../protocol/protocol-error.js';
import { XdrReader } from '../xdr/reader.js';
import { decodeVirNetMessageError } from '../generated/virnet/codecs.js';
import { ConnectionClosedError } from './connection-closed-error.js';
import { LibvirtError } from './libvirt-error.js';
import { locateArgumentError } from './locate-argument-error.js';
import { SmallMap } from './small-map.js';

/** Adds `<field>Name` beside each enum field of a freshly decoded reply (`stateName` beside `state`). */
function addNames(ret: Record<string, unknown>, names: readonly NamedReplyField[]): void {
  for (const named of names) {
    const field = named[0];
    const table = named.length === 2 ? named[1] : named[2][ret[named[1]] as number];
    ret[`${field}Name`] = table === undefined ? undefined : symbolicName(table, ret[field] as number);
  }
}

/** The arguments of a call made without any. */
const NO_ARGS: object = Object.freeze({});

/** Where a client's encoded frames go. */
export interface FrameOutput {
  send(frame: Uint8Array): void;
}

/**
 * A call waiting for its reply, and its subscription's teardown: unsubscribed, it leaves the table
 * (one object per call, where a closure and its context came on top).
 */
class PendingCall implements Unsubscribable {
  constructor(
    private readonly table: SmallMap<number, PendingCall>,
    private readonly serial: number,
    readonly procedure: ProcedureInfo,
    readonly subscriber: Subscriber<unknown>,
    /** The `_ret` field to emit instead of the whole struct, or `null`. */
    readonly unwrap: string | null,
  ) {}

  unsubscribe(): void {
    if (this.table.get(this.serial) === this) this.table.delete(this.serial);
  }
}

/**
 * Correlates calls and replies by serial. A call is a cold Observable: subscribing encodes and
 * sends the CALL, the matching REPLY emits once and completes. Calls may overlap and their
 * replies arrive in any order; unsubscribing drops the waiter, and its late reply is ignored.
 */
export class RpcClient {
  /** libvirt's own client starts at 0; any value works, the daemon echoes it. */
  private nextSerial = 0;
  /** Calls waiting for their reply, by serial: usually none or one, which needs no `Map`. */
  private readonly pending = new SmallMap<number, PendingCall>();
  private closedWith: ConnectionClosedError | undefined;
  /** Set once the connection is closing: later calls fail with it, calls in flight still get their replies. */
  private refusedWith: ConnectionClosedError | undefined;
  /** The one call still taken while closing: the program's close call. */
  private admitted: ProcedureInfo | undefined;
  /** Replies that matched no waiting call (late replies after unsubscribe), for diagnostics. */
  unmatchedReplies = 0;

  /** @param out where encoded CALL frames go (the session's outbox). */
  constructor(private readonly out: FrameOutput) {}

  /** Calls waiting for their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /**
   * Calls `procedure` with `args`; emits its decoded `_ret` struct (undefined when it has none).
   *
   * @param onSerial called with the call's serial just before the CALL is sent. A data stream is
   *   keyed by the serial of the call that opened it and its packets can follow the reply at once,
   *   so the stream layer registers the stream here.
   */
  call<Args, Ret>(procedure: ProcedureInfo<Args, Ret>, args: Args, onSerial?: (serial: number) => void): Observable<Ret> {
    return this.start(procedure as ProcedureInfo, args, onSerial, null) as Observable<Ret>;
  }

  /**
   * The call path of the generated API: as {@link call}, except that a `_ret` struct with exactly
   * one field emits that field (`procedure.unwrapField`). Unwrapped here, in the reply handler,
   * rather than by an operator: a `pipe(map(...))` per call costs a subscriber chain per call.
   */
  invoke(procedure: ProcedureInfo, args: unknown): Observable<unknown> {
    return this.start(procedure, args, undefined, procedure.unwrapField);
  }

  private start(procedure: ProcedureInfo, args: unknown, onSerial: ((serial: number) => void) | undefined, unwrap: string | null): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const refusal = this.closedWith ?? (procedure === this.admitted ? undefined : this.refusedWith);
      if (refusal) {
        subscriber.error(refusal);
        return undefined;
      }
      if (procedure.kind !== 'call') {
        subscriber.error(new UnsupportedError(procedure.name, 'is a message the daemon sends, not a call'));
        return undefined;
      }
      if (procedure.fds !== null) {
        subscriber.error(new UnsupportedError(procedure.name, 'passes file descriptors, which Node cannot send or receive over a socket'));
        return undefined;
      }
      const serial = this.allocateSerial();
      const encodeArgs = procedure.encodeArgs;
      // Left out: every field has a default (a trailing `flags`, `need_results`) or is missing.
      const value = args === undefined ? NO_ARGS : args;
      let frame: Uint8Array;
      try {
        const header = { prog: procedure.program, vers: procedure.programVersion, proc: procedure.number, type: MessageType.CALL, serial, status: MessageStatus.OK };
        frame = encodeArgs ? encodeFrameOf(header, encodeArgs, value) : encodeFrame(header);
      } catch (err) {
        // A wrong argument: nothing was sent.
        subscriber.error(encodeArgs ? locateArgumentError(procedure.method, encodeArgs, value, err) : err);
        return undefined;
      }
      const entry = new PendingCall(this.pending, serial, procedure, subscriber, unwrap);
      this.pending.set(serial, entry);
      onSerial?.(serial);
      this.out.send(frame);
      return entry;
    });
  }

  /** Delivers a REPLY frame to the call it answers. */
  handleReply(frame: Frame): void {
    const { header } = frame;
    const entry = this.pending.get(header.serial);
    if (!entry) {
      this.unmatchedReplies++;
      return;
    }
    this.pending.delete(header.serial);
    const { procedure, subscriber, unwrap } = entry;
    if (header.prog !== procedure.program || header.vers !== procedure.programVersion || header.proc !== procedure.number) {
      subscriber.error(new ProtocolError(
        ProtocolErrorReason.UnexpectedFrame,
        `reply for serial ${header.serial} names program ${header.prog.toString(16)} procedure ${header.proc}, expected ${procedure.name}`,
        { header },
      ));
      return;
    }
    try {
      const reader = new XdrReader(frame.payload);
      if (header.status === MessageStatus.ERROR) {
        subscriber.error(new LibvirtError(decodeVirNetMessageError(reader), procedure.name));
        return;
      }
      if (header.status !== MessageStatus.OK) {
        throw new ProtocolError(ProtocolErrorReason.UnexpectedFrame, `reply to ${procedure.name} has status ${header.status}`, { header });
      }
      if (frame.nfds > 0) {
        throw new UnsupportedError(procedure.name, `the reply passes ${frame.nfds} file descriptors, which Node cannot receive`);
      }
      const ret = procedure.decodeRet ? procedure.decodeRet(reader) : undefined;
      reader.expectEnd();
      if (procedure.names !== null) addNames(ret as Record<string, unknown>, procedure.names);
      subscriber.next(unwrap === null ? ret : (ret as Record<string, unknown>)[unwrap]);
      subscriber.complete();
    } catch (err) {
      subscriber.error(err);
    }
  }

  /**
   * The connection is closing: every later call fails at once with a {@link ConnectionClosedError},
   * except `admitted` (the program's close call, which may be sent later); calls already sent
   * still get their replies.
   */
  refuseNewCalls(admitted?: ProcedureInfo): void {
    this.admitted ??= admitted;
    this.refusedWith ??= new ConnectionClosedError('connection closing');
  }

  /** Fails every pending call, and every later one, with a {@link ConnectionClosedError}. */
  close(cause?: unknown): void {
    if (this.closedWith) return;
    this.closedWith = new ConnectionClosedError('connection closed', cause === undefined ? undefined : { cause });
    const waiting = [...this.pending.entries()].map(([, call]) => call);
    this.pending.clear();
    for (const { subscriber } of waiting) subscriber.error(this.closedWith);
  }

  private allocateSerial(): number {
    let serial: number;
    do {
      serial = this.nextSerial;
      this.nextSerial = (this.nextSerial + 1) >>> 0;
    } while (this.pending.has(serial));
    return serial;
  }
}
