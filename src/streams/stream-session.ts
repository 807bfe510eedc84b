import type { Observable } from 'rxjs';
import type { Frame } from '../protocol/frame.js';
import type { ProcedureInfo } from '../protocol/procedure.js';

/** What the stream layer needs of an RPC session (`RpcSession` is one; tests use fakes). */
export interface StreamSession {
  readonly rpc: {
    /** Sends the call; `onSerial` learns its serial before the CALL leaves. */
    call(procedure: ProcedureInfo, args: unknown, onSerial: (serial: number) => void): Observable<unknown>;
  };
  /** STREAM and STREAM_HOLE frames of the session, in arrival order. */
  readonly streamFrames: Observable<Frame>;
  /** Emits once when the session is over; `cause` is `undefined` when it was closed on purpose. */
  readonly end$: Observable<{ readonly cause: unknown }>;
  send(frame: Uint8Array): void;
  /**
   * Optional: sends a frame in parts (header, payload view) without copying them; `onWritten` once
   * they have left the process. Without it, stream data is copied into one frame for {@link send}.
   */
  sendParts?(parts: readonly Uint8Array[], onWritten: () => void): void;
  /**
   * Optional: gives a received frame's memory (a view of it: a data chunk) back for reuse, once
   * its consumer is done with it and nothing else refers to it.
   */
  recycle?(view: Uint8Array): void;
  /** Emits once when the frames sent so far have reached the transport and it takes more. */
  whenWritable(): Observable<void>;
  /** Stops reading the socket, counted: every pause needs its own resume. */
  pauseReading(): void;
  resumeReading(): void;
}
