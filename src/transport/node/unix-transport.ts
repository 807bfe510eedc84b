import { createConnection } from 'node:net';
import { map, type Observable } from 'rxjs';
import type { Transport } from '../transport.js';
import { connectSocket } from './connect-socket.js';
import { SocketTransport } from './socket-transport.js';

/** How long to wait for a socket connection before giving up. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to a unix socket. Cold: each subscription opens its own socket, emits the transport
 * once connected and completes; unsubscribing before that abandons the attempt.
 */
export function openUnixTransport(path: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, uri?: string): Observable<Transport> {
  const description = `unix:${path}`;
  return connectSocket(() => createConnection({ path }), 'connect', { description, uri }, timeoutMs).pipe(
    map((socket) => new SocketTransport(socket, description)),
  );
}
