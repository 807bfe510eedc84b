import { catchError, concatMap, defer, finalize, map, type Observable, throwError, timeout } from 'rxjs';
import { Program } from '../protocol/message-header.js';
import { type Transport, TransportError } from '../transport/transport.js';
import { Connection, invokeThrough, RemoteApiClass } from './connection.js';
import { remoteHandshake } from './handshake.js';
import { type LibvirtUri, parseLibvirtUri } from './libvirt-uri.js';
import { RpcSession } from './session.js';

/** Opens the byte pipe for a URI (`null`: no URI, probe the default daemon). */
export type TransportOpener = (uri: LibvirtUri | null, readOnly: boolean) => Observable<Transport>;

/** How long opening a connection (socket and handshake) may take by default. */
export const DEFAULT_OPEN_TIMEOUT_MS = 30_000;

export interface ConnectOptions {
  /** Open read-only (the `-sock-ro` socket and `VIR_CONNECT_RO`), like `virsh -r`. */
  readonly readOnly?: boolean;
  /** Give up when the socket and the handshake take longer than this (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Opens a connection over a transport and runs libvirt's handshake on it. The transport-specific
 * entry point (`connect` in the package index) supplies `openTransport`.
 */
export function openConnection(uri: string | undefined, options: ConnectOptions, openTransport: TransportOpener): Observable<Connection> {
  return defer(() => {
    const parsed = uri === undefined || uri === '' ? null : parseLibvirtUri(uri);
    const readOnly = options.readOnly ?? false;
    return openTransport(parsed, readOnly).pipe(
      concatMap((transport) => {
        const session = new RpcSession(transport, [Program.REMOTE, Program.QEMU, Program.LXC]);
        const api = new RemoteApiClass(invokeThrough(session));
        let opened = false;
        return remoteHandshake(api, parsed?.openName ?? '', readOnly).pipe(
          map(({ features, uri: probed }) => {
            opened = true;
            return new Connection(session, probed ?? parsed?.uri ?? '', readOnly, features);
          }),
          catchError((err: unknown) => {
            session.terminate(err);
            return throwError(() => err);
          }),
          // Unsubscribing before the handshake finished abandons the session.
          finalize(() => {
            if (!opened) session.terminate();
          }),
        );
      }),
      timeout({
        first: options.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS,
        with: () => throwError(() => openTimedOut(uri ?? '(default)', options.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS)),
      }),
    );
  });
}

/** The error for a connection that did not open in time. */
export function openTimedOut(target: string, timeoutMs: number): TransportError {
  return new TransportError(`${target}: the connection did not open within ${timeoutMs} ms`, target, 'ETIMEDOUT');
}

