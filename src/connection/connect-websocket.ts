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
 * Connects through a WebSocket relay to a libvirt socket (websockify and the like): the way a
 * browser reaches libvirt. Uses the standard WebSocket API (`options.webSocket` to inject one).
 *
 * ```ts
 * connectWebSocket('wss://relay.example/libvirt', { uri: 'qemu:///system', credentials })
 * ```
 */
export function connectWebSocket(url: string, options: WebSocketConnectOptions = {}): Observable<Connection> {
  return openConnection(options.uri, options, () => openWebSocketTransport(url, { timeoutMs: options.timeoutMs, ...options }));
}
