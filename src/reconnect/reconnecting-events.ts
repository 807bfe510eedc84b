import { catchError, EMPTY, map, type Observable, switchMap, throwError } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import type { ConnectionEvents } from '../events/connection-events.js';
import type { EventObjectFactory, EventReferenceField } from '../events/event-references.js';
import type { ObjectReferences } from '../objects/object-classes.js';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';

type EventFamilies = Pick<
  ConnectionEvents<ObjectReferences>,
  'domain' | 'network' | 'storagePool' | 'nodeDevice' | 'secret' | 'qemuMonitor' | 'connectionClose'
>;

/**
 * `conn.events` of a reconnecting connection: the same families, each one Observable across
 * connections. On every new connection the subscription is made again, which registers the
 * callback with the daemon again; the death of a connection is swallowed (events from the gap
 * are lost, as the daemon never sent them). The streams complete after `close()` and error when
 * the attempts to reconnect run out.
 */
export class ReconnectingEvents implements EventFamilies {
  /** @param toObject makes an event's reference an object of the reconnecting connection. */
  constructor(
    private readonly connection$: Observable<Connection>,
    private readonly toObject: EventObjectFactory,
  ) {}

  domain: EventFamilies['domain'] = (name, options) => this.follow((events) => events.domain(name, options), 'dom');
  network: EventFamilies['network'] = (name, options) => this.follow((events) => events.network(name, options), 'net');
  storagePool: EventFamilies['storagePool'] = (name, options) => this.follow((events) => events.storagePool(name, options), 'pool');
  nodeDevice: EventFamilies['nodeDevice'] = (name, options) => this.follow((events) => events.nodeDevice(name, options), 'dev');
  secret: EventFamilies['secret'] = (name, options) => this.follow((events) => events.secret(name, options), 'secret');
  qemuMonitor: EventFamilies['qemuMonitor'] = (filter) => this.follow((events) => events.qemuMonitor(filter), 'dom');
  connectionClose: EventFamilies['connectionClose'] = (options) => this.follow((events) => events.connectionClose(options), null);

  private follow<T>(select: (events: Connection['events']) => Observable<T>, field: EventReferenceField | null): Observable<T> {
    const toObject = this.toObject;
    // The open connection's objects die with it: each event's object is made on this one.
    const rebind = (item: T): T => {
      if (field === null || typeof item !== 'object' || item === null) return item;
      const event = { ...item } as Record<string, unknown>;
      event[field] = toObject(field, event[field] as object);
      return event as T;
    };
    return this.connection$.pipe(
      switchMap((conn) =>
        select(conn.events).pipe(
          map(rebind),
          // This connection died (or was already dead when replayed): wait for the next one.
          catchError((error: unknown) => (error instanceof ConnectionClosedError ? EMPTY : throwError(() => error))),
        ),
      ),
    );
  }
}
