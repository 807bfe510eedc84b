import { RxvirtError } from '../errors/rxvirt-error.js';

/** Transports a libvirt URI can name after `+`. */
export type UriTransport = 'unix' | 'tls' | 'tcp' | 'ssh' | 'libssh2' | 'libssh' | 'ext';

const TRANSPORTS: ReadonlySet<string> = new Set(['unix', 'tls', 'tcp', 'ssh', 'libssh2', 'libssh', 'ext']);

/** The daemon's ports when the URI names none (libvirt's LIBVIRTD_TLS_PORT and LIBVIRTD_TCP_PORT). */
export const DEFAULT_PORTS = { tls: 16514, tcp: 16509 } as const;

/**
 * Query parameters that the client consumes itself and never forwards to the daemon: the set
 * libvirt's remote driver extracts in doRemoteOpen (matched case-insensitively, like libvirt).
 */
const CLIENT_PARAMS: ReadonlySet<string> = new Set([
  'name', 'command', 'socket', 'auth', 'sshauth', 'netcat', 'keyfile', 'pkipath', 'known_hosts',
  'known_hosts_verify', 'tls_priority', 'mode', 'proxy', 'no_sanity', 'no_verify', 'no_tty', 'authfile',
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
  /** The port the URI names, if any; a transport without one uses its default (16509 for tcp, 16514 for tls). */
  readonly port: number | undefined;
  /** Path, e.g. `/system`. */
  readonly path: string;
  /**
   * Query parameters by lower-cased name (libvirt matches them case-insensitively); with a
   * repeated name the last one wins.
   */
  readonly params: ReadonlyMap<string, string>;
  /** Query parameters in order, names as written, values decoded. */
  readonly paramList: readonly (readonly [string, string])[];
  /** What the daemon receives as CONNECT_OPEN's name: `''` lets the daemon probe (`remote://` URIs). */
  readonly openName: string;
  /** The URI given to virt-ssh-helper over ssh: the open name, keeping `mode` and `socket`. */
  readonly helperName: string;
}

/** A URI libvirt would refuse. */
export class InvalidUriError extends RxvirtError {
  override name: string = 'InvalidUriError';
  constructor(readonly uri: string, reason: string) {
    super(`invalid libvirt URI '${uri}': ${reason}`);
  }
}

/**
 * Parses a libvirt URI, `driver[+transport]://[user@][host][:port]/path[?params][#fragment]`,
 * e.g. `qemu:///system`, `test+unix:///default`, `qemu+ssh://root@host:2222/system?keyfile=k`.
 */
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
  const transport = transportOf(uri, scheme, host);
  const paramList = parseQuery(url.search.slice(1));
  const params = new Map(paramList.map(([name, value]) => [name.toLowerCase(), value] as const));
  const path = decodeURIComponent(url.pathname);
  const fragment = url.hash === '' ? undefined : decodeURIComponent(url.hash.slice(1));
  const format = (kept: ReadonlySet<string>): string => formatOpenName(driver, path, paramList, fragment, kept);
  const probe = driver === 'remote';
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
    paramList,
    openName: params.get('name') ?? (probe ? '' : format(new Set())),
    helperName: params.get('name') ?? (probe ? '' : format(new Set(['mode', 'socket']))),
  };
}

/** The port a network transport connects to: the URI's, else libvirt's default for tls and tcp. */
export function portOf(uri: LibvirtUri): number | undefined {
  if (uri.port !== undefined) return uri.port;
  return uri.transport === 'tls' || uri.transport === 'tcp' ? DEFAULT_PORTS[uri.transport] : undefined;
}

/** A boolean URI parameter as libvirt reads it (`no_verify=1`): an integer, true when non-zero. */
export function flagParam(uri: LibvirtUri, name: string): boolean {
  const value = uri.params.get(name);
  if (value === undefined) return false;
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new InvalidUriError(uri.uri, `failed to parse value of URI component ${name}`);
  return Number(value) !== 0;
}

/** remoteSplitURIScheme: the transport after `+`, else tls with a host, unix without. */
function transportOf(uri: string, scheme: string, host: string | undefined): UriTransport {
  const plus = scheme.indexOf('+');
  if (plus < 0) return host === undefined ? 'unix' : 'tls';
  const named = scheme.slice(plus + 1).toLowerCase();
  if (!TRANSPORTS.has(named)) {
    throw new InvalidUriError(uri, `transport '${named}' not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)`);
  }
  if (named === 'unix' && host !== undefined) {
    throw new InvalidUriError(uri, `using unix socket and remote server '${host}' is not supported`);
  }
  return named as UriTransport;
}

/**
 * virURIParseParams: sections split at `&` (or at `;` when there is no `&`), `name` alone means
 * an empty value, `=value` is ignored, and escapes are decoded (`+` stays a plus).
 */
function parseQuery(query: string): [string, string][] {
  if (query === '') return [];
  const separator = query.includes('&') ? '&' : ';';
  const params: [string, string][] = [];
  for (const section of query.split(separator)) {
    if (section === '') continue;
    const eq = section.indexOf('=');
    if (eq === 0) continue;
    const name = eq < 0 ? section : section.slice(0, eq);
    const value = eq < 0 ? '' : section.slice(eq + 1);
    params.push([unescape(name), unescape(value)]);
  }
  return params;
}

/** Percent-decoding that, like libxml2's, leaves malformed escapes as they are. */
function unescape(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * remoteConnectFormatURI: the driver as scheme, no user, host or port, the parameters the
 * client did not consume (plus `kept`), the fragment. Names are written as given; values are
 * escaped except for RFC 3986's unreserved characters (GLib's g_string_append_uri_escaped).
 */
function formatOpenName(
  driver: string,
  path: string,
  params: readonly (readonly [string, string])[],
  fragment: string | undefined,
  kept: ReadonlySet<string>,
): string {
  const forwarded = params.filter(([name]) => !CLIENT_PARAMS.has(name.toLowerCase()) || kept.has(name.toLowerCase()));
  const query = forwarded.map(([name, value]) => `${name}=${escapeValue(value)}`).join('&');
  return `${driver}://${escapePath(path)}${query === '' ? '' : `?${query}`}${fragment === undefined ? '' : `#${escapeFragment(fragment)}`}`;
}

function escapeValue(value: string): string {
  return percentEncode(value, /[A-Za-z0-9\-._~]/);
}

/** libxml2's xmlSaveUri keeps unreserved characters and `/;@&=+$,` in a path. */
function escapePath(path: string): string {
  return percentEncode(path, /[A-Za-z0-9\-_.!~*'()/;@&=+$,]/);
}

/** libxml2 keeps unreserved and reserved characters in a fragment. */
function escapeFragment(fragment: string): string {
  return percentEncode(fragment, /[A-Za-z0-9\-_.!~*'();/?:@&=+$,[\]]/);
}

function percentEncode(text: string, keep: RegExp): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
