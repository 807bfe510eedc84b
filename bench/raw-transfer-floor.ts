// The floor under any Node tool that moves a volume: a bare unix socket to libvirtd, frames
// written by hand, no library at all, doing what `vol-download` / `vol-upload` do: open the
// connection, look up the pool and the volume, stream the volume into or out of a file, finish,
// close. Downloads write each socket read's data straight into the file (no frame ever put
// together); uploads read 256 KiB per frame from the file. bench/cli-transfers.ts runs it as a
// whole process beside virsh and the CLI: what Node itself costs, start-up included.
//
//   node build/bench/bench/raw-transfer-floor.js download|upload SOCKET URI POOL VOLUME FILE
import { closeSync, openSync, readSync, writevSync } from 'node:fs';
import { createConnection } from 'node:net';

const REMOTE_PROGRAM = 0x20008086;
const HEADER_SIZE = 28;
const Proc = { AUTH_LIST: 66, CONNECT_OPEN: 1, CONNECT_CLOSE: 2, POOL_LOOKUP_BY_NAME: 84, VOL_LOOKUP_BY_NAME: 95, VOL_UPLOAD: 208, VOL_DOWNLOAD: 209 } as const;
const Type = { CALL: 0, STREAM: 3 } as const;
const Status = { OK: 0, ERROR: 1, CONTINUE: 2 } as const;
/**
 * Data per STREAM frame of an upload: 256 KiB (libvirt's own client sends 24 bytes less, to keep
 * each message within 256 KiB; libvirtd takes either).
 */
const STREAM_CHUNK = 262_144;
/** Room for two whole data frames per read. */
const READ_BUFFER_SIZE = 2 * (HEADER_SIZE + STREAM_CHUNK);

/** Writes a header at the start of `bytes`, a frame of `bytes.length`. */
function writeHeader(bytes: Buffer, proc: number, type: number, serial: number, status: number): Buffer {
  bytes.writeUInt32BE(bytes.length, 0);
  bytes.writeUInt32BE(REMOTE_PROGRAM, 4);
  bytes.writeUInt32BE(1, 8);
  bytes.writeInt32BE(proc, 12);
  bytes.writeInt32BE(type, 16);
  bytes.writeUInt32BE(serial, 20);
  bytes.writeInt32BE(status, 24);
  return bytes;
}

function frame(proc: number, type: number, serial: number, status: number, body: Uint8Array = new Uint8Array(0)): Buffer {
  const bytes = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  bytes.set(body, HEADER_SIZE);
  return writeHeader(bytes, proc, type, serial, status);
}

function xdrString(text: string): Buffer {
  const bytes = Buffer.from(text);
  const padded = Buffer.alloc(4 + ((bytes.length + 3) & ~3));
  padded.writeUInt32BE(bytes.length, 0);
  bytes.copy(padded, 4);
  return padded;
}

/** `offset`, `length` (0: to the end) and `flags`, after the volume. */
const WHOLE_VOLUME = Buffer.alloc(20);

interface Frame {
  readonly proc: number;
  readonly type: number;
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Reads frames off the socket: calls' replies and stream control frames whole; the data of
 * STREAM/CONTINUE frames is written out piece by piece, as it arrives, before the next read.
 */
class Reader {
  private pending: Buffer = Buffer.alloc(0);
  /** Stream data bytes still to come of the frame being read. */
  private dataLeft = 0;
  private waiting: ((frame: Frame) => void) | undefined;
  private readonly frames: Frame[] = [];

  /** Stream data in the read buffer, written out before the next read lands there. */
  private readonly pieces: Buffer[] = [];

  constructor(private readonly write: (pieces: readonly Buffer[]) => void) {}

  /** Socket options: every read lands in one buffer, reused, and is handled before the next. */
  readonly onread = {
    buffer: Buffer.allocUnsafe(READ_BUFFER_SIZE),
    callback: (bytesRead: number, buffer: Uint8Array): boolean => {
      this.received(Buffer.from(buffer.buffer, buffer.byteOffset, bytesRead));
      this.flush();
      return true;
    },
  };

  next(): Promise<Frame> {
    const queued = this.frames.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private received(chunk: Buffer): void {
    let at = 0;
    if (this.dataLeft > 0) {
      const take = Math.min(this.dataLeft, chunk.length);
      this.pieces.push(chunk.subarray(0, take));
      this.dataLeft -= take;
      at = take;
    }
    let bytes = this.pending.length === 0 ? chunk.subarray(at) : Buffer.concat([this.pending, chunk.subarray(at)]);
    while (bytes.length >= HEADER_SIZE) {
      const length = bytes.readUInt32BE(0);
      const type = bytes.readInt32BE(16);
      const status = bytes.readInt32BE(24);
      if (type === Type.STREAM && status === Status.CONTINUE && length > HEADER_SIZE) {
        const take = Math.min(length - HEADER_SIZE, bytes.length - HEADER_SIZE);
        this.pieces.push(bytes.subarray(HEADER_SIZE, HEADER_SIZE + take));
        this.dataLeft = length - HEADER_SIZE - take;
        bytes = bytes.subarray(HEADER_SIZE + take);
        continue;
      }
      if (bytes.length < length) break;
      this.deliver({ proc: bytes.readInt32BE(12), type, status, body: Buffer.from(bytes.subarray(HEADER_SIZE, length)) });
      bytes = bytes.subarray(length);
    }
    this.pending = Buffer.from(bytes);
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    this.write(this.pieces);
    this.pieces.length = 0;
  }

  private deliver(received: Frame): void {
    if (received.status === Status.ERROR) throw new Error(`libvirtd answered procedure ${received.proc} with an error`);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.frames.push(received);
    else waiting(received);
  }
}

/** Writes every piece, in order, at the file's position. */
function writeAll(fd: number, pieces: readonly Buffer[]): void {
  let rest = pieces;
  while (rest.length > 0) {
    let written = writevSync(fd, rest);
    let at = 0;
    while (at < rest.length && written >= rest[at].length) written -= rest[at++].length;
    rest = at < rest.length ? [rest[at].subarray(written), ...rest.slice(at + 1)] : [];
  }
}

async function main(): Promise<void> {
  const [direction, socketPath, uri, pool, volume, path] = process.argv.slice(2);
  const fd = openSync(path, direction === 'download' ? 'w' : 'r');
  const reader = new Reader((pieces) => writeAll(fd, pieces));
  const socket = createConnection({ path: socketPath, onread: reader.onread });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let serial = 0;
  const call = async (proc: number, args?: Uint8Array): Promise<Buffer> => {
    socket.write(frame(proc, Type.CALL, ++serial, Status.OK, args));
    return (await reader.next()).body;
  };
  await call(Proc.AUTH_LIST);
  await call(Proc.CONNECT_OPEN, Buffer.concat([Buffer.from([0, 0, 0, 1]), xdrString(uri), Buffer.alloc(4)]));
  const poolRef = await call(Proc.POOL_LOOKUP_BY_NAME, xdrString(pool));
  const volumeRef = await call(Proc.VOL_LOOKUP_BY_NAME, Buffer.concat([poolRef, xdrString(volume)]));
  const proc = direction === 'download' ? Proc.VOL_DOWNLOAD : Proc.VOL_UPLOAD;
  await call(proc, Buffer.concat([volumeRef, WHOLE_VOLUME]));
  const stream = serial;
  if (direction === 'download') {
    // The daemon's end of data: an empty STREAM/CONTINUE; the finish answers it.
    await reader.next();
  } else {
    for (;;) {
      const data = Buffer.allocUnsafe(HEADER_SIZE + STREAM_CHUNK);
      const read = readSync(fd, data, HEADER_SIZE, STREAM_CHUNK, null);
      if (read === 0) break;
      const sent = writeHeader(data.subarray(0, HEADER_SIZE + read), proc, Type.STREAM, stream, Status.CONTINUE);
      if (!socket.write(sent)) await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
  socket.write(frame(proc, Type.STREAM, stream, Status.OK));
  await reader.next();
  closeSync(fd);
  await call(Proc.CONNECT_CLOSE);
  socket.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
