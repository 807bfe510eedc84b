import { createConnection } from 'node:net';
import { map, type Observable } from 'rxjs';
import type { Transport } from '../transport.js';
import { connectSocket } from './connect-socket.js';
import { SocketTransport } from './socket-transport.js';

/** `tcp:host:port`, with an IPv6 address in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Connects to a daemon's plain TCP port (`listen_tcp`, 16509 by default). Cold, like the unix transport. */
export function openTcpTransport(host: string, port: number, timeoutMs: number, uri?: string): Observable<Transport> {
  const description = `tcp:${hostPort(host, port)}`;
  return connectSocket(() => createConnection({ host, port }), 'connect', { description, uri }, timeoutMs).pipe(
    map((socket) => new SocketTransport(socket, description)),
  );
}
