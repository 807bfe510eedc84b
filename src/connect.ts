import type { Observable } from 'rxjs';
import { type AdminConnection, defaultAdminUri, openAdminConnection } from './connection/admin-connection.js';
import { type ConnectOptions as BaseConnectOptions, openConnection } from './connection/connect.js';
import type { Connection } from './connection/connection.js';
import { connectWebSocket as connectThroughWebSocket, type WebSocketConnectOptions } from './connection/connect-websocket.js';
import { nodeWebSocket } from './transport/node/node-websocket.js';
import { type NodeTransportOptions, openAdminTransport, openNodeTransport } from './transport/node/open-node-transport.js';

export interface ConnectOptions extends BaseConnectOptions, NodeTransportOptions {}

/**
 * Connects to libvirt: one `Connection`, then completes. The URI defaults to
 * `$LIBVIRT_DEFAULT_URI`, else the local daemon is asked which driver it serves.
 *
 * ```ts
 * import { connect } from 'rxvirt';
 * import { concatMap } from 'rxjs';
 *
 * connect('test+unix:///default')
 *   .pipe(concatMap((conn) => conn.connectGetLibVersion()))
 *   .subscribe((version) => console.log(version)); // 9000000n
 * ```
 */
export function connect(uri?: string, options: ConnectOptions = {}): Observable<Connection> {
  return openConnection(uri ?? process.env.LIBVIRT_DEFAULT_URI, options, (parsed, readOnly) =>
    openNodeTransport(parsed, readOnly, options),
  );
}

/**
 * Connects to a daemon's administration interface (its admin socket), e.g. `libvirtd:///system`.
 * The URI defaults to `$LIBVIRT_ADMIN_DEFAULT_URI`, else `libvirtd:///system` as root and
 * `libvirtd:///session` otherwise.
 */
export function connectAdmin(uri?: string, options: NodeTransportOptions = {}): Observable<AdminConnection> {
  const target = uri ?? process.env.LIBVIRT_ADMIN_DEFAULT_URI ?? defaultAdminUri(process.geteuid?.() ?? 0);
  return openAdminConnection(target, (parsed) => openAdminTransport(parsed, options));
}

/**
 * Connects through a WebSocket relay to a libvirt socket (e.g. websockify in front of
 * `/run/libvirt/libvirt-sock`). Uses the global WebSocket where there is one (Node 22 and later),
 * else the `ws` package's client (Node 20 has none without a flag).
 */
export function connectWebSocket(url: string, options: WebSocketConnectOptions = {}): Observable<Connection> {
  const builtIn = (globalThis as { WebSocket?: unknown }).WebSocket === undefined ? nodeWebSocket : undefined;
  return connectThroughWebSocket(url, { ...options, webSocket: options.webSocket ?? builtIn });
}
