import { createConnection } from 'node:net';
import { defer, map, type Observable } from 'rxjs';
import type { Transport } from '../transport.js';
import { connectSocket } from './connect-socket.js';
import { FrameReader } from './frame-reader.js';
import { SocketTransport } from './socket-transport.js';

/** How long to wait for a socket connection before giving up. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to a unix socket. Cold: each subscription opens its own socket, emits the transport
 * once connected and completes; unsubscribing before that abandons the attempt.
 */
export function openUnixTransport(path: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, uri?: string): Observable<Transport> {
  const description = `unix:${path}`;
  return defer(() => {
    // Reads aligned to frames (see FrameReader), from the moment the transport is subscribed.
    const reader = new FrameReader();
    return connectSocket(() => createConnection({ path, onread: reader.onread }).pause(), 'connect', { description, uri }, timeoutMs).pipe(
      map((socket) => new SocketTransport(socket, description, reader)),
    );
  });
}
