import { createConnection } from 'node:net';
import { defer, map, type Observable } from 'rxjs';
import type { Transport } from '../transport.js';
import { connectSocket } from './connect-socket.js';
import { FrameReader } from './frame-reader.js';
import { SocketTransport } from './socket-transport.js';

/** `tcp:host:port`, with an IPv6 address in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Connects to a daemon's plain TCP port (`listen_tcp`, 16509 by default). Cold, like the unix transport. */
export function openTcpTransport(host: string, port: number, timeoutMs: number, uri?: string): Observable<Transport> {
  const description = `tcp:${hostPort(host, port)}`;
  return defer(() => {
    // Reads aligned to frames (see FrameReader), from the moment the transport is subscribed.
    const reader = new FrameReader();
    return connectSocket(() => createConnection({ host, port, onread: reader.onread }).pause(), 'connect', { description, uri }, timeoutMs).pipe(
      map((socket) => new SocketTransport(socket, description, reader)),
    );
  });
}
