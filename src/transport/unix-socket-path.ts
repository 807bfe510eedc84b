/**
 * libvirt's rules for the unix socket a URI reaches (remote_sockets.c in libvirt), as a pure
 * function so that they can be tested without the daemons they describe.
 */

/** `?mode=`: `direct` talks to the per-driver daemon (`virtqemud`), `legacy` to `libvirtd`/`virtproxyd`. */
export type SocketMode = 'auto' | 'legacy' | 'direct';

export const SOCKET_MODES: readonly SocketMode[] = ['auto', 'legacy', 'direct'];

/** What the rules need to know about the URI and the process. */
export interface UnixSocketQuery {
  /** Driver part of the URI scheme: `qemu` for `qemu+unix:///system`; `null` when no URI was given. */
  readonly driver: string | null;
  /** URI path, e.g. `/system`, `/session`, `/default`. */
  readonly path: string;
  /** Full scheme, e.g. `test+unix`. */
  readonly scheme: string | null;
  readonly readOnly: boolean;
  readonly mode: SocketMode;
  /** `?socket=PATH` overrides everything. */
  readonly socket?: string | undefined;
  /** Effective uid of this process (`process.geteuid()`). */
  readonly uid: number;
  /** `$XDG_RUNTIME_DIR`, or undefined. */
  readonly runtimeDir?: string | undefined;
  /** `$HOME`, for the fallback when `$XDG_RUNTIME_DIR` is not set. */
  readonly home?: string | undefined;
  /** Whether a socket file exists (consulted in `auto` mode only). */
  readonly exists: (path: string) => boolean;
  /** Where system sockets live: `/var/run/libvirt` (libvirt's own choice: every host with /run has /var/run). */
  readonly systemDir?: string;
  /** The mode `auto` falls back to when neither socket exists (libvirt's build default). */
  readonly fallbackMode?: 'legacy' | 'direct';
}

/** The chosen socket and why. */
export interface UnixSocketChoice {
  readonly path: string;
  readonly mode: 'legacy' | 'direct' | 'explicit';
  /** Whether this is a per-user (session) daemon socket. */
  readonly session: boolean;
}

const SYSTEM_DIR = '/var/run/libvirt';

/** Picks the socket for a unix-transport URI. Throws a RangeError for combinations libvirt refuses. */
export function chooseUnixSocket(query: UnixSocketQuery): UnixSocketChoice {
  const session = usesSessionDaemon(query);
  if (query.socket !== undefined && query.socket !== '') {
    return { path: query.socket, mode: 'explicit', session };
  }

  const socketPath = (prefix: string): string =>
    session
      ? `${userRuntimeDir(query)}/${prefix}-sock`
      : `${query.systemDir ?? SYSTEM_DIR}/${prefix}-${query.readOnly ? 'sock-ro' : 'sock'}`;

  // Without a URI, the direct daemon is the proxy, which listens on the legacy socket name.
  const direct = socketPath(query.driver === null ? 'libvirt' : `virt${query.driver}d`);
  const legacy = socketPath('libvirt');

  let mode = query.mode;
  if (mode === 'auto') {
    if (query.exists(direct)) mode = 'direct';
    else if (query.exists(legacy)) mode = 'legacy';
    else mode = query.fallbackMode ?? 'legacy';
  }
  return { path: mode === 'direct' ? direct : legacy, mode, session };
}

/**
 * A non-root process uses its own session daemon for `/session` URIs and for the test driver
 * reached through a transport (`test+unix://...`), and when there is no URI at all.
 */
function usesSessionDaemon(query: UnixSocketQuery): boolean {
  if (query.uid === 0) return false;
  if (query.scheme === null) return true;
  return query.path === '/session' || query.scheme.startsWith('test+');
}

/** libvirt's user runtime directory: `$XDG_RUNTIME_DIR/libvirt`, else `~/.cache/libvirt`. */
function userRuntimeDir(query: Pick<UnixSocketQuery, 'runtimeDir' | 'home'>): string {
  if (query.runtimeDir) return `${query.runtimeDir}/libvirt`;
  return `${query.home ?? ''}/.cache/libvirt`;
}

/**
 * The admin socket of a daemon named by an admin URI's scheme: `libvirtd` listens on
 * `libvirt-admin-sock`, every other daemon on `<name>-admin-sock`, beside its other sockets.
 */
export function adminSocketPath(
  daemon: string,
  session: boolean,
  where: Pick<UnixSocketQuery, 'runtimeDir' | 'home' | 'systemDir'>,
): string {
  const prefix = daemon === 'libvirtd' ? 'libvirt' : daemon;
  const dir = session ? userRuntimeDir(where) : (where.systemDir ?? SYSTEM_DIR);
  return `${dir}/${prefix}-admin-sock`;
}
