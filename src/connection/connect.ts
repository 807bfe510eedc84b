import { catchError, concatMap, defer, finalize, map, type Observable, throwError, timeout } from 'rxjs';
import { Program } from '../protocol/message-header.js';
import { DEFAULT_KEEPALIVE_COUNT, DEFAULT_KEEPALIVE_INTERVAL, type KeepaliveOptions } from '../keepalive/keepalive.js';
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
  /**
   * The client's keepalive (default: interval 5 s, count 5, as libvirt's client). A silent daemon
   * is declared dead after about interval × (count + 1) seconds. `interval: 0` turns it off; it is
   * also off when the daemon does not support the keepalive program. PINGs from the daemon are
   * answered either way.
   */
  readonly keepalive?: KeepaliveOptions;
}

/** The keepalive settings in force, checked. */
export function keepaliveSettings(options: KeepaliveOptions = {}): Required<KeepaliveOptions> {
  const interval = options.interval ?? DEFAULT_KEEPALIVE_INTERVAL;
  const count = options.count ?? DEFAULT_KEEPALIVE_COUNT;
  if (!(interval >= 0) || !Number.isInteger(count) || count < 0) {
    throw new RangeError(`keepalive needs interval >= 0 and a whole count >= 0, got interval ${interval}, count ${count}`);
  }
  return { interval, count };
}

/**
 * Opens a connection over a transport and runs libvirt's handshake on it. The transport-specific
 * entry point (`connect` in the package index) supplies `openTransport`.
 */
export function openConnection(uri: string | undefined, options: ConnectOptions, openTransport: TransportOpener): Observable<Connection> {
  return defer(() => {
    const keepaliveOptions = keepaliveSettings(options.keepalive);
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
            session.markOpen();
            if (features.keepalive) session.startKeepalive(keepaliveOptions);
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

