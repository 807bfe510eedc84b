// A client that speaks frames by hand to the fake daemon, for what the real client refuses to
// send (a hole on a stream without the sparse flag) or to watch the daemon's frames one by one.
import { firstValueFrom, ReplaySubject, filter, take, timeout } from 'rxjs';
import { encodeFrame } from '../../../src/protocol/frame-encoder.js';
import { decodeFrames } from '../../../src/protocol/decode-frames.js';
import type { Frame } from '../../../src/protocol/frame.js';
import { MessageStatus, MessageType, PROGRAM_VERSION, Program } from '../../../src/protocol/message-header.js';
import { REMOTE_PROGRAM_INFO } from '../../../src/generated/remote/procedures.js';
import type { Transport } from '../../../src/transport/transport.js';
import { createTransportPair, type FakeDaemon } from '../../../src/testing/index.js';

export interface RawClient {
  readonly transport: Transport;
  /** Every frame the daemon sent, replayed to late subscribers. */
  readonly frames: ReplaySubject<Frame>;
  /** Resolves when the daemon has closed the connection. */
  readonly closed: Promise<void>;
  /** Sends a CALL of a REMOTE procedure with its arguments. */
  call(proc: number, args: unknown, serial: number): void;
  /** The next frame matching `predicate` (within 2 s). */
  next(predicate: (frame: Frame) => boolean): Promise<Frame>;
}

export function rawClient(daemon: FakeDaemon): RawClient {
  const { client, server } = createTransportPair();
  daemon.accept(server);
  const frames = new ReplaySubject<Frame>();
  const closed = new Promise<void>((resolve) => {
    client.incoming.pipe(decodeFrames()).subscribe({ next: (frame) => frames.next(frame), complete: () => resolve(), error: () => resolve() });
  });
  return {
    transport: client,
    frames,
    closed,
    call(proc, args, serial) {
      const info = REMOTE_PROGRAM_INFO.procedures.get(proc);
      const encode = info?.encodeArgs;
      client.write(
        encodeFrame(
          { prog: Program.REMOTE, vers: PROGRAM_VERSION, proc, type: MessageType.CALL, serial, status: MessageStatus.OK },
          encode ? (writer) => encode(writer, args) : undefined,
        ),
      );
    },
    next: (predicate) => firstValueFrom(frames.pipe(filter(predicate), take(1), timeout(2_000))),
  };
}
