import { connect, type Socket } from 'node:net';

/** The monolithic daemon's read-write socket, started by scripts/libvirtd/start.sh. */
export const LIBVIRT_SOCK = process.env.RXVIRT_TEST_SOCKET ?? '/run/libvirt/libvirt-sock';

/** Opens a raw unix socket to the daemon, rejecting after `timeoutMs`. */
export function openRawSocket(path = LIBVIRT_SOCK, timeoutMs = 5_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no connection to ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Reads exactly one length-prefixed frame (length word included) from a raw socket. */
export function readOneFrame(socket: Socket, timeoutMs = 5_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 4 && buffered.length >= buffered.readUInt32BE(0)) {
        finish(undefined, buffered.subarray(0, buffered.readUInt32BE(0)));
      }
    };
    const onEnd = (): void => finish(new Error('socket ended before a whole frame arrived'));
    function finish(err?: Error, frame?: Buffer): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      if (err) reject(err);
      else resolve(frame as Buffer);
    }
    socket.on('data', onData);
    socket.on('end', onEnd);
  });
}
