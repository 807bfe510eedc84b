import { createHash, timingSafeEqual } from 'node:crypto';
import { TOKEN_PATTERN } from '../transport/gateway-protocol.js';
import { GatewayConfigError } from './gateway-config-error.js';

/**
 * What a token may do. `read-only` relays to the daemon's read-only socket, so that the daemon,
 * not the gateway, refuses every change (VIR_ERR_OPERATION_DENIED); `full` to the read-write one.
 */
export const GatewayPolicy = { readOnly: 'read-only', full: 'full' } as const;
export type GatewayPolicy = (typeof GatewayPolicy)[keyof typeof GatewayPolicy];

/** Connections a token may hold at once unless its entry says otherwise. */
export const DEFAULT_MAX_CONNECTIONS_PER_TOKEN = 4;

/** One token the gateway admits. */
export interface GatewayToken {
  /** Who holds it, for the log: the token itself is never logged. */
  readonly name: string;
  /** The secret a client presents (16 to 256 letters, digits or `-._~`). */
  readonly token: string;
  readonly policy: GatewayPolicy;
  /** Connections at once; default {@link DEFAULT_MAX_CONNECTIONS_PER_TOKEN}. */
  readonly maxConnections?: number;
}

const NAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
const POLICIES: readonly string[] = Object.values(GatewayPolicy);

/**
 * Parses a token list: one token a line, `NAME POLICY TOKEN [MAX_CONNECTIONS]`, blank lines and
 * `#` comments ignored; `;` also separates entries (for an environment variable). `source` names
 * the file or variable in errors, which never quote a token.
 *
 * ```
 * # name   policy     token                              max
 * alice    full       4f9c1e0b2a7d4e6f8a1b3c5d7e9f0a2b   2
 * monitor  read-only  0d8e6c4a2f1b3d5e7a9c0b2d4f6e8a1c
 * ```
 */
export function parseTokens(text: string, source: string): GatewayToken[] {
  const tokens: GatewayToken[] = [];
  text.split(/[\n;]/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${source}, entry ${index + 1}`;
    const [name, policy, token, max, ...extra] = line.split(/\s+/);
    if (token === undefined || extra.length > 0) throw new GatewayConfigError(`${where}: expected NAME POLICY TOKEN [MAX_CONNECTIONS]`);
    if (!NAME_PATTERN.test(name)) throw new GatewayConfigError(`${where}: a name is 1 to 64 letters, digits or '_.@-'`);
    if (!POLICIES.includes(policy)) throw new GatewayConfigError(`${where}: policy '${policy}' is not one of ${POLICIES.join(', ')}`);
    if (!TOKEN_PATTERN.test(token)) throw new GatewayConfigError(`${where}: the token of '${name}' is not 16 to 256 letters, digits or '-._~'`);
    const maxConnections = max === undefined ? undefined : Number(max);
    if (maxConnections !== undefined && (!Number.isInteger(maxConnections) || maxConnections < 1)) {
      throw new GatewayConfigError(`${where}: MAX_CONNECTIONS '${max}' is not a positive integer`);
    }
    tokens.push({ name, policy: policy as GatewayPolicy, token, ...(maxConnections === undefined ? {} : { maxConnections }) });
  });
  return tokens;
}

/** Finds which token a client presented, in time that does not depend on where it differs. */
export class TokenStore {
  private readonly entries: ReadonlyArray<{ readonly token: GatewayToken; readonly digest: Buffer }>;

  constructor(tokens: readonly GatewayToken[]) {
    if (tokens.length === 0) throw new GatewayConfigError('no tokens: the gateway would admit nobody');
    const names = new Set<string>();
    const digests = new Set<string>();
    this.entries = tokens.map((token) => {
      if (!TOKEN_PATTERN.test(token.token)) throw new GatewayConfigError(`the token of '${token.name}' is not 16 to 256 letters, digits or '-._~'`);
      if (!POLICIES.includes(token.policy)) throw new GatewayConfigError(`policy '${token.policy}' of '${token.name}' is not one of ${POLICIES.join(', ')}`);
      const digest = sha256(token.token);
      if (names.has(token.name)) throw new GatewayConfigError(`two tokens are named '${token.name}'`);
      if (digests.has(digest.toString('hex'))) throw new GatewayConfigError(`'${token.name}' has the same token as another entry`);
      names.add(token.name);
      digests.add(digest.toString('hex'));
      return { token, digest };
    });
  }

  /**
   * The token entry matching `presented`, or undefined. Compares digests of equal length with
   * `timingSafeEqual`, against every entry whatever matched, so that timing tells nothing.
   */
  identify(presented: string | undefined): GatewayToken | undefined {
    const digest = sha256(presented ?? '');
    let found: GatewayToken | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && presented !== undefined) found = entry.token;
    }
    return found;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
