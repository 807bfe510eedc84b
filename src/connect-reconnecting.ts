import type { Observable } from 'rxjs';
import { connect, type ConnectOptions } from './connect.js';
import type { ReconnectOptions } from './reconnect/backoff.js';
import { reconnecting, type ReconnectingConnection } from './reconnect/reconnecting-connection.js';

export interface ReconnectingConnectOptions extends ConnectOptions {
  /** Backoff and attempts after a drop (defaults: 250 ms doubling to 30 s, half jittered, 12 attempts). */
  readonly reconnect?: ReconnectOptions;
}

/**
 * `connect`, kept open: after the connection drops it is opened again with the same URI and
 * options, and event subscriptions carry over (see `ReconnectingConnection`).
 *
 * ```ts
 * const conn = await firstValueFrom(connectReconnecting('qemu:///system', { reconnect: { maxAttempts: Infinity } }));
 * conn.events.domain('lifecycle').subscribe(render); // survives libvirtd restarts
 * conn.state$.subscribe((state) => state.status === 'reconnecting' && console.warn('libvirtd is gone, attempt', state.attempt));
 * ```
 */
export function connectReconnecting(uri?: string, options: ReconnectingConnectOptions = {}): Observable<ReconnectingConnection> {
  return reconnecting(() => connect(uri, options), options.reconnect);
}
