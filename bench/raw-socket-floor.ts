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
