import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { defer, type Observable, throwError } from 'rxjs';
import { UnsupportedError } from '../../errors/unsupported-error.js';
import type { LibvirtUri } from '../../connection/libvirt-uri.js';
import type { Transport } from '../transport.js';
import { adminSocketPath, chooseUnixSocket, type SocketMode, SOCKET_MODES } from '../unix-socket-path.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, openUnixTransport } from './unix-transport.js';

/** Options for the transports Node can open. */
export interface NodeTransportOptions {
  /** Give up connecting after this many milliseconds. */
  readonly connectTimeoutMs?: number;
}

/** The unix socket of this process's environment for a URI, by libvirt's rules. */
export function unixSocketFor(uri: LibvirtUri | null, readOnly: boolean): string {
  const mode = uri?.params.get('mode') ?? 'auto';
  if (!(SOCKET_MODES as readonly string[]).includes(mode)) {
    throw new RangeError(`unknown socket mode '${mode}' in ${uri?.uri}: expected auto, legacy or direct`);
  }
  return chooseUnixSocket({
    driver: uri?.driver ?? null,
    scheme: uri?.scheme ?? null,
    path: uri?.path ?? '',
    readOnly,
    mode: mode as SocketMode,
    socket: uri?.params.get('socket'),
    uid: process.geteuid?.() ?? 0,
    runtimeDir: process.env.XDG_RUNTIME_DIR,
    home: homedir(),
    exists: existsSync,
  }).path;
}

/** Opens the transport a URI names. */
export function openNodeTransport(uri: LibvirtUri | null, readOnly: boolean, options: NodeTransportOptions = {}): Observable<Transport> {
  return defer(() => {
    if (uri !== null && uri.transport !== 'unix') {
      return throwError(() => new UnsupportedError(`${uri.transport} transport`, `cannot open ${uri.uri}: only unix sockets are supported so far`));
    }
    return openUnixTransport(unixSocketFor(uri, readOnly), options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  });
}

/**
 * Opens a daemon's admin socket. The URI's scheme names the daemon (`libvirtd`, `virtqemud`,
 * `virtproxyd`, ...), its path picks the system or the session instance.
 */
export function openAdminTransport(uri: LibvirtUri, options: NodeTransportOptions = {}): Observable<Transport> {
  return defer(() => {
    if (uri.transport !== 'unix') {
      return throwError(() => new UnsupportedError(`${uri.transport} transport`, `cannot open ${uri.uri}: admin connections use the local admin socket`));
    }
    const session = uri.path === '/session';
    const path = uri.params.get('socket') ?? adminSocketPath(uri.driver, session, { runtimeDir: process.env.XDG_RUNTIME_DIR, home: homedir() });
    return openUnixTransport(path, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  });
}
