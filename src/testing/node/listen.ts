import { createServer, type Server } from 'node:net';
import { SocketTransport } from '../../transport/node/socket-transport.js';
import type { FakeDaemon } from '../fake-daemon.js';

/** A fake daemon served on a unix socket. */
export interface FakeDaemonListener {
  readonly path: string;
  /** Stops listening and drops the connections it accepted. */
  close(): Promise<void>;
}

/**
 * Serves `daemon` on a unix socket at `path`, for `virsh -c 'test+unix:///default?socket=PATH'`,
 * the CLI or a demo. Tests need no socket: `daemon.connect()` uses an in-memory transport.
 *
 * @example
 * import { FakeDaemon } from 'rxvirt/testing';
 * import { listenFakeDaemon } from 'rxvirt/testing/node';
 *
 * const listener = await listenFakeDaemon(new FakeDaemon(), '/tmp/fake-libvirt.sock');
 * // virsh -c 'test+unix:///default?socket=/tmp/fake-libvirt.sock' list --all
 * await listener.close();
 */
export function listenFakeDaemon(daemon: FakeDaemon, path: string): Promise<FakeDaemonListener> {
  const accepted = new Set<ReturnType<FakeDaemon['accept']>>();
  const server: Server = createServer((socket) => {
    // Forget the connections that ended, so that a long-lived listener does not keep them all.
    for (const session of accepted) if (session.isClosed) accepted.delete(session);
    accepted.add(daemon.accept(new SocketTransport(socket, `unix:${path} (server)`)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve({
        path,
        close: () =>
          new Promise<void>((done) => {
            for (const session of accepted) session.shutdown();
            server.close(() => done());
          }),
      });
    });
  });
}
