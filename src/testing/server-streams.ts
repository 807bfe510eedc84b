import type { Observable, Subscription } from 'rxjs';
import { encodeVirNetMessageError } from '../generated/virnet/codecs.js';
import type { Frame } from '../protocol/frame.js';
import { encodeFrame, encodeStreamData, encodeStreamEof, encodeStreamFinish, encodeStreamHole, type StreamId } from '../protocol/frame-encoder.js';
import { MessageStatus, MessageType, STREAM_CHUNK_MAX } from '../protocol/message-header.js';
import { decodeStreamHole } from '../protocol/stream-hole.js';
import { DaemonErrors, type DaemonError } from './daemon-error.js';
import type { VolumeSegment } from './storage-model.js';

/** What a stream needs from the connection it runs on. */
export interface StreamPort {
  /** Sends one STREAM or STREAM_HOLE frame (through the fault hooks). */
  sendStreamFrame(frame: Uint8Array): void;
  /** Emits once when the frames sent so far have been taken by the transport. */
  whenWritable(): Observable<void>;
  /** The client broke the stream protocol badly enough that libvirtd drops the whole connection. */
  closeConnection(reason: string): void;
  /** The stream is over: forget it (late packets are then ignored, as libvirtd ignores them). */
  ended(stream: ServerStream): void;
}

/** The daemon's side of one data stream, keyed by the serial of the call that opened it. */
export interface ServerStream {
  readonly id: StreamId;
  /** Takes one STREAM or STREAM_HOLE frame the client sent on this stream. */
  receive(frame: Frame): void;
  /** The connection is going away. */
  dispose(): void;
}

/** Where a stream stands, as `daemonStream*` in remote_daemon_stream.c tracks it. */
const Phase = { Sending: 'sending', Receiving: 'receiving', AwaitingFinish: 'awaiting-finish', Closed: 'closed' } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * A stream from the daemon to the client (volume download, screenshot). Like libvirtd's
 * `daemonStreamHandleRead`, it keeps at most one data frame queued: the next one goes only once
 * the transport has taken the last. Data travels in STREAM/CONTINUE frames of at most 262120
 * bytes, holes as STREAM_HOLE (or as zeros when the stream is not sparse), the end as an empty
 * STREAM/CONTINUE; the client's finish (STREAM/OK) is confirmed with STREAM/OK, and so is an abort.
 */
export class OutgoingStream implements ServerStream {
  private phase: Phase = Phase.Sending;
  private waiting: Subscription | undefined;
  private readonly segments: Iterator<VolumeSegment>;

  /** @param sparse whether the call asked for holes; without it they travel as zeros. */
  constructor(
    private readonly port: StreamPort,
    readonly id: StreamId,
    segments: Iterable<VolumeSegment>,
    sparse: boolean,
  ) {
    this.segments = (sparse ? segments : zeroFilled(segments))[Symbol.iterator]();
  }

  /** Starts sending; call once the reply to the opening call is out. */
  start(): void {
    this.pump();
  }

  receive(frame: Frame): void {
    if (this.phase === Phase.Closed) return;
    const { type, status } = frame.header;
    // The client's finish, after the EOF or early; or its abort: both are confirmed with STREAM/OK.
    if (type === MessageType.STREAM && frame.payload.length === 0 && (status === MessageStatus.OK || status === MessageStatus.ERROR)) {
      this.port.sendStreamFrame(encodeStreamFinish(this.id));
      return this.close();
    }
    this.fail(DaemonErrors.streamFailed('the stream is read-only: the client may not send data on it'));
  }

  dispose(): void {
    this.phase = Phase.Closed;
    this.waiting?.unsubscribe();
  }

  /**
   * Sends frames while the transport takes them, then waits for it. The loop (instead of
   * recursion from a synchronous `whenWritable`) keeps long runs of small frames off the stack.
   */
  private pump(): void {
    while (this.phase === Phase.Sending) {
      let writableNow = false;
      let synchronous = true;
      this.waiting = this.port.whenWritable().subscribe(() => {
        if (synchronous) writableNow = true;
        else this.pump();
      });
      synchronous = false;
      if (!writableNow) return;
      this.sendNext();
    }
  }

  private sendNext(): void {
    const next = this.segments.next();
    if (next.done) {
      this.phase = Phase.AwaitingFinish;
      this.port.sendStreamFrame(encodeStreamEof(this.id));
      return;
    }
    const segment = next.value;
    if ('data' in segment) this.port.sendStreamFrame(encodeStreamData(this.id, segment.data));
    else this.port.sendStreamFrame(encodeStreamHole(this.id, { length: BigInt(segment.hole), flags: 0 }));
  }

  private fail(error: DaemonError): void {
    this.port.sendStreamFrame(streamError(this.id, error));
    this.close();
  }

  private close(): void {
    this.dispose();
    this.port.ended(this);
  }
}

/** One chunk of zeros, sent (as views) for the holes of a stream without the sparse flag. */
const ZEROS = new Uint8Array(STREAM_CHUNK_MAX);

/** The segments with every hole turned into data chunks of zeros. */
function* zeroFilled(segments: Iterable<VolumeSegment>): Generator<VolumeSegment> {
  for (const segment of segments) {
    if ('data' in segment) {
      yield segment;
      continue;
    }
    for (let left = segment.hole; left > 0; left -= STREAM_CHUNK_MAX) yield { data: ZEROS.subarray(0, Math.min(left, STREAM_CHUNK_MAX)) };
  }
}

/** Where an upload's bytes go. */
export interface UploadTarget {
  write(offset: number, data: Uint8Array): void;
  punch(offset: number, length: number): void;
}

/**
 * A stream from the client to the daemon (volume upload). Data frames are written at the running
 * offset, holes punched (only on a sparse stream: a hole on any other stream makes libvirtd close
 * the whole connection), the finish and the abort confirmed with STREAM/OK.
 */
export class IncomingStream implements ServerStream {
  private phase: Phase = Phase.Receiving;

  constructor(
    private readonly port: StreamPort,
    readonly id: StreamId,
    private readonly target: UploadTarget,
    private offset: number,
    private readonly sparse: boolean,
  ) {}

  receive(frame: Frame): void {
    if (this.phase === Phase.Closed) return;
    const { type, status } = frame.header;
    if (type === MessageType.STREAM_HOLE) return this.receiveHole(frame);
    if (status === MessageStatus.CONTINUE) {
      this.target.write(this.offset, frame.payload);
      this.offset += frame.payload.length;
      return;
    }
    // Finish (OK) or abort (ERROR): libvirtd confirms either with STREAM/OK.
    this.port.sendStreamFrame(encodeStreamFinish(this.id));
    this.close();
  }

  dispose(): void {
    this.phase = Phase.Closed;
  }

  private receiveHole(frame: Frame): void {
    if (!this.sparse) {
      this.close();
      return this.port.closeConnection('Unexpected stream hole');
    }
    let length: number;
    try {
      length = Number(decodeStreamHole(frame.payload).length);
    } catch {
      this.port.sendStreamFrame(streamError(this.id, DaemonErrors.streamFailed('malformed stream hole')));
      return this.close();
    }
    this.target.punch(this.offset, length);
    this.offset += length;
  }

  private close(): void {
    this.dispose();
    this.port.ended(this);
  }
}

/** STREAM/ERROR carrying a `remote_error`: the daemon failed the stream. */
function streamError(id: StreamId, error: DaemonError): Uint8Array {
  return encodeFrame(
    { prog: id.prog, vers: id.vers, proc: id.proc, type: MessageType.STREAM, serial: id.serial, status: MessageStatus.ERROR },
    (writer) => encodeVirNetMessageError(writer, error.fields),
  );
}
