import { encodeFrame, encodeStreamData, type StreamId } from '../protocol/frame-encoder.js';
import { FRAME_MIN_LENGTH, MessageStatus, MessageType, PROGRAM_VERSION, Program } from '../protocol/message-header.js';
import { remote_procedure } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteDomainEventCallbackLifecycleMsg, RemoteNonnullDomain } from '../generated/remote/types.js';

/** What the daemon is sending, as the fault hooks see it. */
export type OutgoingFrameKind = 'reply' | 'event' | 'stream' | 'keepalive';

/** What the fault injector needs from one client connection of the daemon. */
export interface FaultTarget {
  /** Writes bytes to the client as they are, past the fault hooks. */
  write(bytes: Uint8Array): void;
  /** Drops the connection at once, as a daemon that dies does. */
  drop(): void;
  /** Runs `work` after `ms`, unless the connection ends first. */
  later(ms: number, work: () => void): void;
  /** The last data stream of this connection that ended, if any. */
  readonly lastEndedStream: StreamId | undefined;
}

/** Where the procedure number sits in an encoded frame: after the length, prog and vers words. */
const PROC_OFFSET = 12;

/**
 * Fault injection for the fake daemon. Faults are daemon-wide: actions (`dropConnection`,
 * `sendGarbage`, ...) hit every connection open at the time, armed faults (`dropAfterFrames`,
 * `reorderReplies`, ...) the next frames the daemon sends on any connection. With one client
 * connection, the usual test, that is simply "the connection". Armed faults may be set before
 * the client connects, to break the handshake.
 *
 * @example
 * daemon.faults.reorderReplies(3);   // the next three replies go out last-first
 * daemon.faults.dropAfterFrames(2, 'stream'); // die in the middle of a download
 * daemon.faults.sendBadLengthWord(27);        // a frame shorter than a header
 */
export class FaultInjector {
  private dropCountdown: { remaining: number; kind: OutgoingFrameKind | undefined } | undefined;
  private replyDelayMs = 0;
  private reorder: { remaining: number; held: Array<{ target: FaultTarget; frame: Uint8Array }> } | undefined;
  private duplicateNext = false;
  private misnameNext = false;
  private pingsIgnored = false;

  /** @param targets the daemon's open connections. */
  constructor(private readonly targets: () => Iterable<FaultTarget>) {}

  // ---- connection ----

  /** Drops every connection now, without a word (the client sees the transport end). */
  dropConnection(): void {
    for (const target of this.targets()) target.drop();
  }

  /**
   * Drops the connection right after the daemon has sent `count` more frames (of `kind` only,
   * when given). `dropAfterFrames(1, 'stream')` dies in the middle of a download.
   */
  dropAfterFrames(count: number, kind?: OutgoingFrameKind): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`dropAfterFrames needs a count >= 1, got ${count}`);
    this.dropCountdown = { remaining: count, kind };
  }

  // ---- replies ----

  /** Holds every reply back for `ms` (0 stops delaying). Timers end with their connection. */
  delayReplies(ms: number): void {
    this.replyDelayMs = ms;
  }

  /** Holds the next `count` replies, then sends them last-first: the client must match by serial. */
  reorderReplies(count: number): void {
    if (!Number.isInteger(count) || count < 2) throw new RangeError(`reorderReplies needs a count >= 2, got ${count}`);
    this.reorder = { remaining: count, held: [] };
  }

  /** Sends the next reply twice; the client must ignore the copy. */
  duplicateNextReply(): void {
    this.duplicateNext = true;
  }

  /** Sends the next reply with the procedure number after the right one. */
  misnameNextReply(): void {
    this.misnameNext = true;
  }

  /** Sends an empty REPLY/OK for a serial (one the client never used, or one already answered). */
  sendReply(serial: number, proc: number = remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION): void {
    this.writeAll(
      encodeFrame({ prog: Program.REMOTE, vers: PROGRAM_VERSION, proc, type: MessageType.REPLY, serial, status: MessageStatus.OK }),
    );
  }

  // ---- broken bytes ----

  /** Writes bytes that are no frame (by default: text whose first word is far too long a length). */
  sendGarbage(bytes: Uint8Array = new TextEncoder().encode('this is not a libvirt frame')): void {
    this.writeAll(bytes);
  }

  /**
   * Writes a 28-byte frame whose length word says `length` instead (0, 27 and 2^32 − 1 are all
   * outside libvirt's 28..33554436).
   */
  sendBadLengthWord(length: number): void {
    const frame = encodeFrame({
      prog: Program.REMOTE,
      vers: PROGRAM_VERSION,
      proc: remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION,
      type: MessageType.REPLY,
      serial: 0,
      status: MessageStatus.OK,
    });
    new DataView(frame.buffer, frame.byteOffset, FRAME_MIN_LENGTH).setUint32(0, length);
    this.writeAll(frame);
  }

  // ---- streams and events ----

  /** Sends a data frame on each connection's last finished stream: the client must drop it. */
  sendLateStreamData(data: Uint8Array = new Uint8Array(16).fill(0xee)): void {
    for (const target of this.targets()) {
      if (target.lastEndedStream) target.write(encodeStreamData(target.lastEndedStream, data));
    }
  }

  /** Sends a lifecycle event under a callback ID (one the client never registered, say). */
  sendLifecycleEvent(callbackID: number, dom: RemoteNonnullDomain, event = 0, detail = 0): void {
    const msg: RemoteDomainEventCallbackLifecycleMsg = { callbackID, msg: { dom, event, detail } };
    const info = REMOTE_PROGRAM_INFO.procedures.get(remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE);
    const encode = info?.encodeMessage;
    if (!encode) throw new Error('no encoder for DOMAIN_EVENT_CALLBACK_LIFECYCLE');
    const header = { prog: Program.REMOTE, vers: PROGRAM_VERSION, proc: remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, type: MessageType.MESSAGE, serial: 1, status: MessageStatus.OK };
    this.writeAll(encodeFrame(header, (writer) => encode(writer, msg)));
  }

  // ---- keepalive ----

  /** Stops (or, with `false`, resumes) answering the client's PINGs, like a daemon that hangs. */
  ignorePings(ignore = true): void {
    this.pingsIgnored = ignore;
  }

  /** @internal Whether the daemon answers PINGs. */
  get answersPings(): boolean {
    return !this.pingsIgnored;
  }

  /** @internal Every frame the daemon sends passes here, to be delayed, reordered, mangled or counted. */
  transmit(target: FaultTarget, kind: OutgoingFrameKind, frame: Uint8Array): void {
    if (kind !== 'reply') return this.deliver(target, kind, frame);
    let frames = [frame];
    if (this.misnameNext) {
      this.misnameNext = false;
      frames = [withProcedure(frame, procedureOf(frame) + 1)];
    }
    if (this.duplicateNext) {
      this.duplicateNext = false;
      frames = [frames[0], frames[0]];
    }
    if (this.reorder) {
      const reorder = this.reorder;
      for (const held of frames) reorder.held.push({ target, frame: held });
      if (--reorder.remaining > 0) return;
      this.reorder = undefined;
      for (const held of reorder.held.reverse()) this.deliver(held.target, 'reply', held.frame);
      return;
    }
    const send = (): void => frames.forEach((each) => this.deliver(target, kind, each));
    if (this.replyDelayMs > 0) target.later(this.replyDelayMs, send);
    else send();
  }

  private deliver(target: FaultTarget, kind: OutgoingFrameKind, frame: Uint8Array): void {
    target.write(frame);
    const countdown = this.dropCountdown;
    if (countdown === undefined || (countdown.kind !== undefined && countdown.kind !== kind)) return;
    if (--countdown.remaining > 0) return;
    this.dropCountdown = undefined;
    target.drop();
  }

  private writeAll(bytes: Uint8Array): void {
    for (const target of this.targets()) target.write(bytes);
  }
}

function procedureOf(frame: Uint8Array): number {
  return new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getInt32(PROC_OFFSET);
}

/** A copy of an encoded frame with another procedure number in its header. */
function withProcedure(frame: Uint8Array, proc: number): Uint8Array {
  const copy = frame.slice();
  new DataView(copy.buffer, copy.byteOffset, copy.byteLength).setInt32(PROC_OFFSET, proc);
  return copy;
}
