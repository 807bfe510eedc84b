import { catchError, EMPTY, type Observable, switchMap, throwError } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import type { ConnectionEvents } from '../events/connection-events.js';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';

type EventFamilies = Pick<ConnectionEvents, 'domain' | 'network' | 'storagePool' | 'nodeDevice' | 'secret' | 'qemuMonitor' | 'connectionClose'>;

/**
 * `conn.events` of a reconnecting connection: the same families, each one Observable across
 * connections. On every new connection the subscription is made again, which registers the
 * callback with the daemon again; the death of a connection is swallowed (events from the gap
 * are lost, as the daemon never sent them). The streams complete after `close()` and error when
 * the attempts to reconnect run out.
 */
export class ReconnectingEvents implements EventFamilies {
  constructor(private readonly connection$: Observable<Connection>) {}

  domain: EventFamilies['domain'] = (name, options) => this.follow((events) => events.domain(name, options));
  network: EventFamilies['network'] = (name, options) => this.follow((events) => events.network(name, options));
  storagePool: EventFamilies['storagePool'] = (name, options) => this.follow((events) => events.storagePool(name, options));
  nodeDevice: EventFamilies['nodeDevice'] = (name, options) => this.follow((events) => events.nodeDevice(name, options));
  secret: EventFamilies['secret'] = (name, options) => this.follow((events) => events.secret(name, options));
  qemuMonitor: EventFamilies['qemuMonitor'] = (filter) => this.follow((events) => events.qemuMonitor(filter));
  connectionClose: EventFamilies['connectionClose'] = (options) => this.follow((events) => events.connectionClose(options));

  private follow<T>(select: (events: ConnectionEvents) => Observable<T>): Observable<T> {
    return this.connection$.pipe(
      switchMap((conn) =>
        select(conn.events).pipe(
          // This connection died (or was already dead when replayed): wait for the next one.
          catchError((error: unknown) => (error instanceof ConnectionClosedError ? EMPTY : throwError(() => error))),
        ),
      ),
    );
  }
}
