import { RxvirtError } from '../errors/rxvirt-error.js';

/** Transports a libvirt URI can name after `+`. */
export type UriTransport = 'unix' | 'tls' | 'tcp' | 'ssh' | 'libssh2' | 'libssh' | 'ext';

const TRANSPORTS: ReadonlySet<string> = new Set(['unix', 'tls', 'tcp', 'ssh', 'libssh2', 'libssh', 'ext']);

/**
 * Query parameters that the client consumes itself and never forwards to the daemon
 * (libvirt's remote driver strips the same set before CONNECT_OPEN).
 */
const CLIENT_PARAMS: ReadonlySet<string> = new Set([
  'name', 'command', 'socket', 'auth', 'netcat', 'keyfile', 'sshauth', 'no_verify', 'no_tty',
  'pkipath', 'known_hosts', 'known_hosts_verify', 'mode', 'proxy', 'tls_priority',
]);

/** A libvirt connection URI, split into the parts the client acts on. */
export interface LibvirtUri {
  /** The URI as given. */
  readonly uri: string;
  /** Scheme as given, e.g. `qemu+unix`. */
  readonly scheme: string;
  /** Driver part of the scheme, e.g. `qemu`. */
  readonly driver: string;
  /** Transport: from the scheme, else `tls` when a host is named, else `unix`. */
  readonly transport: UriTransport;
  readonly user: string | undefined;
  /** Host name or address (IPv6 without brackets); undefined for local URIs. */
  readonly host: string | undefined;
  readonly port: number | undefined;
  /** Path, e.g. `/system`. */
  readonly path: string;
  /** Query parameters in order (libvirt allows repeats; the last one wins when read as a map). */
  readonly params: ReadonlyMap<string, string>;
  /** What the daemon receives as CONNECT_OPEN's name. */
  readonly openName: string;
}

/** A URI libvirt would refuse. */
export class InvalidUriError extends RxvirtError {
  constructor(readonly uri: string, reason: string) {
    super(`invalid libvirt URI '${uri}': ${reason}`);
  }
}

/** Parses a libvirt URI such as `qemu:///system`, `test+unix:///default` or `qemu+ssh://root@host/system?keyfile=k`. */
export function parseLibvirtUri(uri: string): LibvirtUri {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (!match) throw new InvalidUriError(uri, 'no scheme');
  let url: URL;
  try {
    url = new URL(uri);
  } catch (cause) {
    throw new InvalidUriError(uri, cause instanceof Error ? cause.message : String(cause));
  }
  const scheme = match[1];
  const plus = scheme.indexOf('+');
  const driver = plus < 0 ? scheme : scheme.slice(0, plus);
  const host = url.hostname === '' ? undefined : url.hostname.replace(/^\[(.*)\]$/, '$1');
  let transport: UriTransport;
  if (plus >= 0) {
    const named = scheme.slice(plus + 1).toLowerCase();
    if (!TRANSPORTS.has(named)) {
      throw new InvalidUriError(uri, `transport '${named}' not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)`);
    }
    transport = named as UriTransport;
    if (transport === 'unix' && host !== undefined) {
      throw new InvalidUriError(uri, `using unix socket and remote server '${host}' is not supported`);
    }
  } else {
    transport = host === undefined ? 'unix' : 'tls';
  }
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) params.set(key, value);
  const path = decodeURIComponent(url.pathname);
  return {
    uri,
    scheme,
    driver,
    transport,
    user: url.username === '' ? undefined : decodeURIComponent(url.username),
    host,
    port: url.port === '' ? undefined : Number(url.port),
    path,
    params,
    openName: params.get('name') ?? openName(driver, url),
  };
}

/** The URI without transport, user, host, port and client-side parameters. */
function openName(driver: string, url: URL): string {
  const forwarded = [...url.searchParams].filter(([key]) => !CLIENT_PARAMS.has(key));
  const query = forwarded.length === 0 ? '' : `?${new URLSearchParams(forwarded).toString()}`;
  return `${driver}://${url.pathname}${query}`;
}
