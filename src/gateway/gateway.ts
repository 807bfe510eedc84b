import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { FRAME_MAX_LENGTH, FRAME_MIN_LENGTH } from '../protocol/message-header.js';
import { GATEWAY_PROTOCOL, GatewayCloseCode, TOKEN_PROTOCOL_PREFIX } from '../transport/gateway-protocol.js';
import { GatewayConfigError } from './gateway-config-error.js';
import { OriginPolicy } from './origins.js';
import { relayToDaemon } from './relay.js';
import { staticFiles } from './static-files.js';
import { DEFAULT_MAX_CONNECTIONS_PER_TOKEN, type GatewayPolicy, type GatewayToken, TokenStore } from './tokens.js';

/** The daemon's sockets each policy reaches (libvirtd's, or virtproxyd's, defaults). */
export const DEFAULT_DAEMON_SOCKETS: Readonly<Record<GatewayPolicy, string>> = {
  full: '/run/libvirt/libvirt-sock',
  'read-only': '/run/libvirt/libvirt-sock-ro',
};
export const DEFAULT_GATEWAY_HOST = '127.0.0.1';
export const DEFAULT_GATEWAY_PORT = 5959;
/** The largest frame a client may send through the gateway: uploads send 256 KiB chunks. */
export const DEFAULT_GATEWAY_MAX_FRAME_BYTES = 4 << 20;

export interface GatewayOptions {
  /** Who may connect; at least one. See `parseTokens` for the file format. */
  readonly tokens: readonly GatewayToken[];
  /** Default 127.0.0.1: only this machine. */
  readonly host?: string;
  /** Default 5959; 0 picks a free port. */
  readonly port?: number;
  /** PEM certificate and key: the gateway then speaks wss:// (and https:// for static files). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /**
   * Origins (`https://dash.example`) whose pages may connect. With `staticDir`, the gateway's own
   * origin is added. A browser page from any other origin is refused before the upgrade.
   */
  readonly allowedOrigins?: readonly string[];
  /** Serve the files of this directory (`/` is `index.html`): a dashboard, say. */
  readonly staticDir?: string;
  /** Override the daemon's socket per policy. */
  readonly sockets?: Partial<Record<GatewayPolicy, string>>;
  /** Largest frame accepted from a client, length word included; default 4 MiB. */
  readonly maxFrameBytes?: number;
  /** Where the log lines go; default standard error. Tokens never appear in them. */
  readonly log?: (line: string) => void;
}

export interface Gateway {
  /** `ws://127.0.0.1:5959/` (wss:// with TLS). */
  readonly url: string;
  /** Where the static files are served: `http://127.0.0.1:5959/`. */
  readonly pageUrl: string;
  readonly address: AddressInfo;
  /** Origins admitted, normalized. */
  readonly allowedOrigins: readonly string[];
  /** Connections being relayed now. */
  readonly connections: number;
  /** Stops listening and ends every connection (close code 1001). */
  close(): Promise<void>;
}

/**
 * Starts `rxvirt gateway`: a WebSocket relay to libvirt for browsers that admits a connection
 * only from an allowed Origin (or no Origin: not a browser) with a known token, and then relays
 * to the daemon socket of that token's policy. Node only.
 *
 * ```ts
 * const gateway = await startGateway({ tokens: parseTokens(readFileSync('tokens', 'utf8'), 'tokens'), staticDir: 'dist/dashboard' });
 * ```
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const store = new TokenStore(options.tokens);
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_GATEWAY_MAX_FRAME_BYTES;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < FRAME_MIN_LENGTH || maxFrameBytes > FRAME_MAX_LENGTH) {
    throw new GatewayConfigError(`maxFrameBytes ${maxFrameBytes} is outside ${FRAME_MIN_LENGTH}..${FRAME_MAX_LENGTH}`);
  }
  const sockets = { ...DEFAULT_DAEMON_SOCKETS, ...options.sockets };
  const log = options.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const host = options.host ?? DEFAULT_GATEWAY_HOST;
  const tls = options.tls;
  const handler = options.staticDir === undefined ? notFound : staticFiles(options.staticDir);
  const server: Server = tls === undefined ? createHttpServer(handler) : createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  // Checked before listening; the gateway's own origin joins once its port is known.
  const configured = new OriginPolicy(options.allowedOrigins ?? []);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new GatewayConfigError(`cannot listen on ${host}:${options.port ?? DEFAULT_GATEWAY_PORT}: ${error.code ?? error.message}`, { cause: error })));
    server.listen(options.port ?? DEFAULT_GATEWAY_PORT, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const pageUrl = `${tls === undefined ? 'http' : 'https'}://${hostPart}:${address.port}/`;
  const url = `${tls === undefined ? 'ws' : 'wss'}://${hostPart}:${address.port}/`;
  const origins = new OriginPolicy([...configured.list, ...(options.staticDir === undefined ? [] : ownOrigins(pageUrl, address))]);

  const wss = new WebSocketServer({
    noServer: true,
    // Room for a few frames in one message; the frame decoder enforces the per-frame limit.
    maxPayload: 2 * maxFrameBytes,
    perMessageDeflate: false,
    // Select `rxvirt`, never echo the token's sub-protocol back.
    handleProtocols: (offered: Set<string>) => (offered.has(GATEWAY_PROTOCOL) ? GATEWAY_PROTOCOL : false),
  });
  const perToken = new Map<string, number>();
  const live = new Set<WebSocket>();
  let counter = 0;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const id = ++counter;
    const from = `${request.socket.remoteAddress}:${request.socket.remotePort}`;
    const origin = request.headers.origin;
    const who = `#${id} from ${from}${origin === undefined ? '' : ` origin ${origin}`}`;
    if (!origins.admits(origin)) {
      log(`rxvirt gateway: ${who}: refused: origin not allowed (HTTP 403)`);
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((name) => name.trim());
    const presented = offered.find((name) => name.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    const token = store.identify(presented);
    wss.handleUpgrade(request, socket, head, (client) => {
      if (token === undefined) {
        log(`rxvirt gateway: ${who}: refused: ${presented === undefined ? 'no token' : 'unknown token'} (close ${GatewayCloseCode.unauthorized})`);
        client.close(GatewayCloseCode.unauthorized, 'unauthorized: missing or unknown token');
        return;
      }
      const label = `${who} token ${token.name} (${token.policy})`;
      const held = perToken.get(token.name) ?? 0;
      const max = token.maxConnections ?? DEFAULT_MAX_CONNECTIONS_PER_TOKEN;
      if (held >= max) {
        log(`rxvirt gateway: ${label}: refused: already ${held} of ${max} connections (close ${GatewayCloseCode.tooManyConnections})`);
        client.close(GatewayCloseCode.tooManyConnections, 'too many connections for this token');
        return;
      }
      perToken.set(token.name, held + 1);
      live.add(client);
      const socketPath = sockets[token.policy];
      const started = Date.now();
      log(`rxvirt gateway: ${label}: relaying to ${socketPath}`);
      relayToDaemon(client, socketPath, maxFrameBytes, (end) => {
        perToken.set(token.name, (perToken.get(token.name) ?? 1) - 1);
        live.delete(client);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        log(`rxvirt gateway: ${label}: ended by the ${end.by} (${end.detail}) after ${seconds} s, ${end.bytesIn} bytes in, ${end.bytesOut} bytes out`);
      });
    });
  });

  const loopback = address.address === '127.0.0.1' || address.address === '::1';
  log(`rxvirt gateway: listening on ${url}${options.staticDir === undefined ? '' : `, serving ${options.staticDir} at ${pageUrl}`}; origins allowed: ${origins.list.join(' ') || 'none (non-browser clients only)'}`);
  if (!loopback && tls === undefined) log('rxvirt gateway: warning: listening beyond this machine without TLS: tokens and libvirt traffic travel in clear');

  return {
    url,
    pageUrl,
    address,
    allowedOrigins: origins.list,
    get connections() {
      return live.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of live) client.close(1001, 'gateway shutting down');
        // Clients that do not answer the close are cut off rather than waited for.
        const cutoff = setTimeout(() => {
          for (const client of wss.clients) client.terminate();
          server.closeAllConnections();
        }, 1000);
        cutoff.unref();
        wss.close();
        server.close(() => {
          clearTimeout(cutoff);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** The gateway's own page origins: the listening address, and `localhost` for a loopback one. */
function ownOrigins(pageUrl: string, address: AddressInfo): string[] {
  const own = [new URL(pageUrl).origin];
  if (address.address === '127.0.0.1' || address.address === '::1') own.push(`${new URL(pageUrl).protocol}//localhost:${address.port}`);
  return own;
}

function notFound(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('rxvirt gateway: WebSocket only\n');
}

/** Answers an upgrade request with an HTTP error and drops the socket: no WebSocket at all. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}
