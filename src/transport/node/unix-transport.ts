import { createConnection } from 'node:net';
import { Observable } from 'rxjs';
import { TransportError, type Transport } from '../transport.js';
import { SocketTransport } from './socket-transport.js';

/** How long to wait for a unix socket connection before giving up. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to a unix socket. Cold: each subscription opens its own socket, emits the transport
 * once connected and completes; unsubscribing before that abandons the attempt.
 */
export function openUnixTransport(path: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Observable<Transport> {
  const description = `unix:${path}`;
  return new Observable<Transport>((subscriber) => {
    const socket = createConnection({ path });
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      subscriber.error(new TransportError(`${description}: no connection within ${timeoutMs} ms`, description, 'ETIMEDOUT'));
    }, timeoutMs);
    timer.unref();
    const onError = (err: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      subscriber.error(new TransportError(`cannot connect to ${description}: ${err.message}`, description, err.code, { cause: err }));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      connected = true;
      socket.off('error', onError);
      subscriber.next(new SocketTransport(socket, description));
      subscriber.complete();
    });
    return () => {
      clearTimeout(timer);
      if (!connected) socket.destroy();
    };
  });
}
