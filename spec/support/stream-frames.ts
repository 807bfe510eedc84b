// Stream frames built by hand from virnetprotocol.x (not by the encoder under test), and a fake
// session for the stream layer that logs what it sends, pauses and reads.
import { defer, type Observable, of, ReplaySubject, Subject } from 'rxjs';
import type { Frame } from '../../src/protocol/frame.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import type { StreamSession } from '../../src/streams/stream-session.js';
import { FAKE_PROGRAM, words } from './fake-procedure.js';

/** The arguments of the fake stream procedures: only the flags matter. */
export interface FakeStreamArgs {
  flags: number;
}

/** A made-up stream procedure (number 209) taking `{ flags }`, with sparse flag 1 unless told otherwise. */
export function streamProcedure(stream: 'read' | 'write' | 'both', overrides: Partial<ProcedureInfo> = {}): ProcedureInfo {
  return {
    program: FAKE_PROGRAM,
    programVersion: 1,
    number: 209,
    name: `FAKE_PROC_${stream.toUpperCase()}_STREAM`,
    method: 'fakeStream',
    kind: 'call',
    encodeArgs: (writer, args) => writer.writeUint((args as FakeStreamArgs).flags),
    decodeArgs: null,
    encodeRet: null,
    decodeRet: null,
    unwrapField: null,
    encodeMessage: null,
    decodeMessage: null,
    stream,
    sparseFlag: 1,
    fds: null,
    names: null,
    typedParams: null,
    priority: 'low',
    generate: 'both',
    acl: [],
    ...overrides,
  };
}

const STREAM = 3;
const STREAM_HOLE = 6;
const OK = 0;
const ERROR = 1;
const CONTINUE = 2;

function frame(serial: number, type: number, status: number, payload: Uint8Array = new Uint8Array(0), proc = 209): Frame {
  return { header: { prog: FAKE_PROGRAM, vers: 1, proc, type, serial, status }, nfds: 0, payload };
}

/** STREAM/CONTINUE with `bytes`. */
export const dataFrame = (serial: number, bytes: Uint8Array, proc?: number): Frame => frame(serial, STREAM, CONTINUE, bytes, proc);
/** Empty STREAM/CONTINUE: the daemon's EOF. */
export const eofFrame = (serial: number): Frame => frame(serial, STREAM, CONTINUE);
/** Empty STREAM/OK: the daemon confirms a finish or an abort. */
export const okFrame = (serial: number): Frame => frame(serial, STREAM, OK);
/** STREAM_HOLE/CONTINUE: `virNetStreamHole { hyper length; unsigned flags; }`. */
export const holeFrame = (serial: number, length: number): Frame =>
  frame(serial, STREAM_HOLE, CONTINUE, words(Math.floor(length / 2 ** 32), length % 2 ** 32, 0));

/** STREAM/ERROR with a `virNetMessageError`: code, domain, message, level, then no dom, strings, ints or net. */
export function errorFrame(serial: number, code: number, message: string): Frame {
  const text = new TextEncoder().encode(message);
  const padded = new Uint8Array(Math.ceil(text.length / 4) * 4);
  padded.set(text);
  const head = words(code, 18, 1, text.length);
  const tail = words(2, 0, 0, 0, 0, 0, 0, 0);
  const payload = new Uint8Array(head.length + padded.length + tail.length);
  payload.set(head);
  payload.set(padded, head.length);
  payload.set(tail, head.length + padded.length);
  return frame(serial, STREAM, ERROR, payload);
}

/** What an encoded frame the client sent is, read by hand from its header words. */
export function describeSent(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getInt32(16);
  const status = view.getInt32(24);
  const payload = view.getUint32(0) - 28;
  if (type === 0) return 'call';
  if (type === STREAM_HOLE) return `hole:${Number(view.getBigInt64(28))}`;
  if (type !== STREAM) return `type ${type}`;
  if (status === OK) return 'finish';
  if (status === ERROR) return 'abort';
  return payload === 0 ? 'eof' : `data:${payload}`;
}

/**
 * A session for the stream layer. Logs `time:event` entries: `call`, what was sent, `pause`,
 * `resume`, and `read:...` when a frame actually reaches the stream layer. Frames handed to
 * {@link deliver} while reading is paused wait, as they would in the kernel's socket buffer.
 */
export class FakeStreamSession implements StreamSession {
  readonly log: string[] = [];
  /** The reply of every call, subscribed when the call is made. */
  reply: Observable<unknown> = of(undefined);
  /** What `whenWritable` returns: at once unless a test holds it back. */
  writable: Observable<void> = of(undefined);
  nextSerial = 5;
  private readonly frames = new Subject<Frame>();
  private readonly held: Frame[] = [];
  private pauses = 0;
  private readonly ended = new ReplaySubject<{ cause: unknown }>(1);
  readonly streamFrames = this.frames.asObservable();
  readonly end$ = this.ended.asObservable();
  readonly rpc = {
    call: (_procedure: ProcedureInfo, _args: unknown, onSerial: (serial: number) => void): Observable<unknown> =>
      defer(() => {
        onSerial(this.nextSerial++);
        this.record('call');
        return this.reply;
      }),
  };

  constructor(private readonly now: () => number = () => 0) {}

  get readingPaused(): boolean {
    return this.pauses > 0;
  }

  /** Sent frames only, without times. */
  get sent(): string[] {
    return this.log.map((entry) => entry.slice(entry.indexOf(':') + 1)).filter((event) => !/^(pause|resume|read)/.test(event));
  }

  deliver(frame: Frame): void {
    if (this.pauses > 0) this.held.push(frame);
    else this.read(frame);
  }

  end(cause?: unknown): void {
    this.ended.next({ cause });
    this.ended.complete();
  }

  send(frame: Uint8Array): void {
    this.record(describeSent(frame));
  }

  whenWritable(): Observable<void> {
    return this.writable;
  }

  pauseReading(): void {
    this.record('pause');
    this.pauses++;
  }

  resumeReading(): void {
    this.record('resume');
    if (--this.pauses > 0) return;
    while (this.held.length > 0 && this.pauses === 0) this.read(this.held.shift() as Frame);
  }

  private read(frame: Frame): void {
    this.record(`read:${frame.header.type === STREAM_HOLE ? 'hole' : frame.payload.length}`);
    this.frames.next(frame);
  }

  private record(event: string): void {
    this.log.push(`${this.now()}:${event}`);
  }
}
