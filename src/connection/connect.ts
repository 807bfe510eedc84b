import { concatMap, defer, type Observable, throwError, timeout } from 'rxjs';
import type { CredentialsSource } from '../auth/credentials.js';
import { Program } from '../protocol/message-header.js';
import { DEFAULT_KEEPALIVE_COUNT, DEFAULT_KEEPALIVE_INTERVAL, type KeepaliveOptions } from '../keepalive/keepalive.js';
import { type Transport, TransportError } from '../transport/transport.js';
import { Connection, invokeThrough, RemoteApiClass } from './connection.js';
import { type AuthContext, remoteHandshake } from './handshake.js';
import { type LibvirtUri, parseLibvirtUri } from './libvirt-uri.js';
import { openSession } from './open-session.js';
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
  /**
   * For daemons that demand SASL (`auth_tls = "sasl"`, ...): a user name and password, or a
   * callback asked for them only when needed. SCRAM-SHA-256 and SCRAM-SHA-1 are spoken; the
   * password is never logged or put into an error.
   */
  readonly credentials?: CredentialsSource;
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
    const parsed = uri === undefined || uri === '' ? null : parsedUri(uri);
    const readOnly = options.readOnly ?? false;
    return openTransport(parsed, readOnly).pipe(
      concatMap((transport) => {
        const session = new RpcSession(transport, [Program.REMOTE, Program.QEMU, Program.LXC]);
        const api = new RemoteApiClass(invokeThrough(session));
        const auth: AuthContext = {
          uri: parsed?.uri ?? '(default)',
          username: parsed?.user,
          authType: parsed?.params.get('auth'),
          credentials: options.credentials,
        };
        return openSession(session, remoteHandshake(api, parsed?.openName ?? '', readOnly, auth), ({ features, uri: probed }) => {
          if (features.keepalive) session.startKeepalive(keepaliveOptions);
          return new Connection(session, probed ?? parsed?.uri ?? '', readOnly, features);
        });
      }),
      timeout({
        first: options.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS,
        with: () => throwError(() => openTimedOut(uri ?? '(default)', options.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS)),
      }),
    );
  });
}

/** The URI a connection last opened, parsed: a fleet opens the same one a thousand times. */
let lastParsed: LibvirtUri | undefined;

function parsedUri(uri: string): LibvirtUri {
  if (lastParsed?.uri !== uri) lastParsed = parseLibvirtUri(uri);
  return lastParsed;
}

/** The error for a connection that did not open in time. */
export function openTimedOut(target: string, timeoutMs: number): TransportError {
  return new TransportError(`${target}: the connection did not open within ${timeoutMs} ms`, target, 'ETIMEDOUT');
}

