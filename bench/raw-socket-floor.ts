// The floor under any Node client: sequential CONNECT_GET_LIB_VERSION calls over a bare unix
// socket with frames written by hand, no library at all. What rxvirt adds is measured against it.
import { createConnection, type Socket } from 'node:net';

const REMOTE_PROGRAM = 0x20008086;
const AUTH_LIST = 66;
const CONNECT_OPEN = 1;
const CONNECT_GET_LIB_VERSION = 157;

function callFrame(proc: number, serial: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.alloc(28 + payload.length);
  frame.writeUInt32BE(frame.length, 0);
  frame.writeUInt32BE(REMOTE_PROGRAM, 4);
  frame.writeUInt32BE(1, 8);
  frame.writeInt32BE(proc, 12);
  frame.writeInt32BE(0, 16);
  frame.writeUInt32BE(serial, 20);
  frame.writeInt32BE(0, 24);
  payload.copy(frame, 28);
  return frame;
}

/** `remote_connect_open_args { remote_string name; unsigned int flags; }` for `name`. */
function openArgs(name: string): Buffer {
  const bytes = Buffer.from(name);
  const padded = (bytes.length + 3) & ~3;
  const args = Buffer.alloc(4 + 4 + padded + 4);
  args.writeUInt32BE(1, 0);
  args.writeUInt32BE(bytes.length, 4);
  bytes.copy(args, 8);
  return args;
}

/**
 * Sequential calls per second over a raw socket (each reply is one small frame in one chunk),
 * timed after `warmup` calls.
 */
export async function rawSocketRate(socketPath: string, driverUri: string, calls: number, warmup: number): Promise<number> {
  const socket: Socket = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer: (() => void) | undefined;
  socket.on('data', () => answer?.());
  const call = (frame: Buffer): Promise<void> =>
    new Promise<void>((resolve) => {
      answer = resolve;
      socket.write(frame);
    });
  await call(callFrame(AUTH_LIST, 0));
  await call(callFrame(CONNECT_OPEN, 1, openArgs(driverUri)));
  let serial = 2;
  for (let i = 0; i < warmup; i++) await call(callFrame(CONNECT_GET_LIB_VERSION, serial++));
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call(callFrame(CONNECT_GET_LIB_VERSION, serial++));
  const seconds = (performance.now() - start) / 1000;
  socket.destroy();
  return calls / seconds;
}

const DOMAIN_EVENT_CALLBACK_REGISTER_ANY = 316;
const DOMAIN_EVENT_CALLBACK_LIFECYCLE = 318;

/**
 * The floor under a Node event listener: a bare unix socket registered for every domain's
 * lifecycle events with frames written by hand, counting event frames by their header only (no
 * XDR decoding, no objects). Resolves `ready` once registered; `done` with the first and last
 * arrival times (hrtime ns) once `total` events came.
 */
export async function rawLifecycleListener(socketPath: string, driverUri: string, total: number): Promise<{ done: Promise<[bigint, bigint]> }> {
  const socket: Socket = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let replies = 0;
  let answered: (() => void) | undefined;
  let events = 0;
  let first = 0n;
  let last = 0n;
  let finished!: (times: [bigint, bigint]) => void;
  const done = new Promise<[bigint, bigint]>((resolve) => (finished = resolve));
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (pending.length - at >= 4 && pending.length - at >= pending.readUInt32BE(at)) {
      const length = pending.readUInt32BE(at);
      if (pending.readInt32BE(at + 12) === DOMAIN_EVENT_CALLBACK_LIFECYCLE && pending.readInt32BE(at + 16) === 2) {
        last = process.hrtime.bigint();
        if (events++ === 0) first = last;
        if (events === total) {
          finished([first, last]);
          socket.destroy();
        }
      } else if (pending.readInt32BE(at + 16) === 1) {
        replies++;
        answered?.();
      }
      at += length;
    }
    pending = pending.subarray(at);
  });
  const call = (frame: Buffer): Promise<void> =>
    new Promise<void>((resolve) => {
      answered = resolve;
      socket.write(frame);
    });
  await call(callFrame(AUTH_LIST, 0));
  await call(callFrame(CONNECT_OPEN, 1, openArgs(driverUri)));
  // remote_connect_domain_event_callback_register_any_args { int eventID; remote_domain dom (null) }
  const registerArgs = Buffer.alloc(8);
  await call(callFrame(DOMAIN_EVENT_CALLBACK_REGISTER_ANY, 2, registerArgs));
  if (replies !== 3) throw new Error(`expected 3 replies before the events, got ${replies}`);
  return { done };
}
