import type { Observable } from 'rxjs';
import { openWebSocketTransport, type WebSocketTransportOptions } from '../transport/websocket-transport.js';
import { type ConnectOptions, openConnection } from './connect.js';
import type { Connection } from './connection.js';

export interface WebSocketConnectOptions extends ConnectOptions, WebSocketTransportOptions {
  /**
   * The driver URI the daemon opens (CONNECT_OPEN's name), e.g. `qemu:///system`; the relay
   * decides which daemon socket is reached. Default: let the daemon choose, as with no URI.
   */
  readonly uri?: string;
}

/**
 * Connects through a WebSocket relay to a libvirt socket (`rxvirt gateway`, websockify): the way a
 * browser reaches libvirt. Uses the standard WebSocket API (`options.webSocket` to inject one).
 * `options.token` is the gateway's token, sent as a sub-protocol before any libvirt byte.
 *
 * ```ts
 * connectWebSocket('wss://gateway.example/', { uri: 'qemu:///system', token })
 * ```
 */
export function connectWebSocket(url: string, options: WebSocketConnectOptions = {}): Observable<Connection> {
  return openConnection(options.uri, options, () => openWebSocketTransport(url, { timeoutMs: options.timeoutMs, ...options }));
}
