import { GatewayConfigError } from './gateway-config-error.js';

/**
 * The Origins whose pages may open a WebSocket here. Browsers send `Origin` with every WebSocket
 * handshake, and a page cannot forge it: a page from any other origin is refused before the
 * upgrade, whatever token it holds. A client that sends no Origin is not a browser page (a
 * program, which could claim any Origin anyway) and is left to the token check.
 *
 * Compared with a fixed list, never with the request's `Host`: a DNS-rebinding page has a Host
 * of its own choosing.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map(normalizeOrigin));
  }

  admits(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    return this.allowed.has(origin.toLowerCase());
  }

  get list(): readonly string[] {
    return [...this.allowed];
  }
}

/** `https://Dash.Example:443/` → `https://dash.example`: scheme, host and non-default port only. */
function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new GatewayConfigError(`'${origin}' is not an origin (scheme://host[:port])`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/$/, '') !== '' || url.search !== '' || url.username !== '') {
    throw new GatewayConfigError(`'${origin}' is not an origin (http(s)://host[:port], nothing after)`);
  }
  return url.origin;
}
