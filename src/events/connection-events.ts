import { map, type Observable, takeUntil, throwError } from 'rxjs';
import type { DaemonFeatures } from '../connection/driver-feature.js';
import { UnsupportedError } from '../errors/unsupported-error.js';
import type { RemoteNonnullDomain, RemoteNonnullNetwork, RemoteNonnullNodeDevice, RemoteNonnullSecret, RemoteNonnullStoragePool } from '../generated/remote/types.js';
import { CONNECTION_CLOSE_REGISTRATION, type ConnectionCloseEvent, connectionCloseEvent } from './connection-close-events.js';
import { DOMAIN_EVENTS, type DomainEvent, type DomainEventName } from './domain-events.js';
import { type EventFamily, type EventKind, familyKey, familyRegistration } from './event-family.js';
import { eventPayload } from './event-payload.js';
import { EventRouter } from './event-router.js';
import type { EventSource } from './event-source.js';
import { NETWORK_EVENTS, type NetworkEvent, type NetworkEventName } from './network-events.js';
import { NODE_DEVICE_EVENTS, type NodeDeviceEvent, type NodeDeviceEventName } from './node-device-events.js';
import { type QemuMonitorEvent, type QemuMonitorEventFilter, qemuMonitorKey, qemuMonitorRegistration } from './qemu-monitor-events.js';
import { registeredEvents } from './registered-events.js';
import { SECRET_EVENTS, type SecretEvent, type SecretEventName } from './secret-events.js';
import { SharedRegistrations } from './shared-registrations.js';
import { STORAGE_POOL_EVENTS, type StoragePoolEvent, type StoragePoolEventName } from './storage-pool-events.js';

/**
 * The daemon's events as hot Observables: `conn.events.domain('lifecycle')` and the like.
 *
 * - **Shared registrations.** The first subscriber of an (event, object filter) pair makes the
 *   daemon register a callback; later subscribers share it; the last unsubscribe deregisters it.
 *   Events that arrived before a subscriber joined are not replayed.
 * - **End of the connection.** The streams complete when the connection is closed on purpose
 *   (`conn.close()`: a dashboard shutting down gets no error to ignore) and error with a
 *   `ConnectionClosedError` whose `cause` says why when it dies (socket reset, keepalive
 *   timeout, protocol error: the signal to reconnect, e.g. with `retry`). Calls differ: a call
 *   pending at close always fails, since its answer never came.
 * - **Slow consumers.** Events are delivered synchronously from the socket's data handler, in
 *   the daemon's order. A subscriber that blocks delays everything on the connection, replies
 *   included; asynchronous work is buffered by the operator that runs it, and `concatMap`
 *   buffers without bound. {@link boundedConcatMap} bounds the backlog and fails or drops on
 *   overflow.
 * - **Old daemons.** Registrations need the daemon's event-callback feature (libvirt ≥ 1.2.1,
 *   2014; the close event needs the close-callback feature). Without it the streams fail with
 *   an `UnsupportedError`: the legacy protocol (one registration per event ID per connection, no
 *   callback IDs, no object filter) is not implemented.
 * - **Unknown events.** An event frame that no registration asked for (it raced a
 *   deregistration, or preceded the register reply) is dropped and counted in
 *   {@link droppedEvents}. A decoding failure errors the stream it was addressed to.
 *
 * @example
 * const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
 * conn.events.domain('lifecycle', { dom }).subscribe((event) => {
 *   console.log(event.dom.name, event.eventName, event.detailName); // test VIR_DOMAIN_EVENT_SUSPENDED VIR_DOMAIN_EVENT_SUSPENDED_PAUSED
 * });
 */
export class ConnectionEvents {
  private readonly router = new EventRouter();
  private readonly registrations = new SharedRegistrations();

  constructor(
    private readonly source: EventSource,
    private readonly features: Pick<DaemonFeatures, 'eventCallback' | 'closeCallback'>,
  ) {
    // The connection reports its own end on end$: a routing error needs no second report here.
    source.events.pipe(takeUntil(source.end$)).subscribe({ next: (frame) => this.router.route(frame), error: () => undefined });
  }

  /**
   * Domain events of one kind, of every domain or of `dom` only.
   *
   * @example
   * conn.events.domain('lifecycle').subscribe(({ dom, eventName, detailName }) => console.log(dom.name, eventName, detailName));
   * conn.events.domain('block-job-2', { dom }).subscribe(({ dst, statusName }) => console.log(dst, statusName));
   */
  domain<N extends DomainEventName>(name: N, options: { readonly dom?: RemoteNonnullDomain } = {}): Observable<DomainEvent<N>> {
    return this.familyEvents(DOMAIN_EVENTS, name, options.dom) as Observable<DomainEvent<N>>;
  }

  /** Network events (`lifecycle`, `metadata-change`), of every network or of `net` only. */
  network<N extends NetworkEventName>(name: N, options: { readonly net?: RemoteNonnullNetwork } = {}): Observable<NetworkEvent<N>> {
    return this.familyEvents(NETWORK_EVENTS, name, options.net) as Observable<NetworkEvent<N>>;
  }

  /** Storage pool events (`lifecycle`, `refresh`), of every pool or of `pool` only. */
  storagePool<N extends StoragePoolEventName>(name: N, options: { readonly pool?: RemoteNonnullStoragePool } = {}): Observable<StoragePoolEvent<N>> {
    return this.familyEvents(STORAGE_POOL_EVENTS, name, options.pool) as Observable<StoragePoolEvent<N>>;
  }

  /** Node device events (`lifecycle`, `update`), of every device or of `dev` only. */
  nodeDevice<N extends NodeDeviceEventName>(name: N, options: { readonly dev?: RemoteNonnullNodeDevice } = {}): Observable<NodeDeviceEvent<N>> {
    return this.familyEvents(NODE_DEVICE_EVENTS, name, options.dev) as Observable<NodeDeviceEvent<N>>;
  }

  /** Secret events (`lifecycle`, `value-changed`), of every secret or of `secret` only. */
  secret<N extends SecretEventName>(name: N, options: { readonly secret?: RemoteNonnullSecret } = {}): Observable<SecretEvent<N>> {
    return this.familyEvents(SECRET_EVENTS, name, options.secret) as Observable<SecretEvent<N>>;
  }

  /**
   * QEMU monitor (QMP) events of the QEMU driver, through libvirt's QEMU program; filter by
   * domain and event name. Other drivers refuse the registration with a `LibvirtError`.
   *
   * @example
   * conn.events.qemuMonitor({ event: 'SHUTDOWN' }).subscribe(({ dom, details }) => console.log(dom.name, details));
   */
  qemuMonitor(filter: QemuMonitorEventFilter = {}): Observable<QemuMonitorEvent> {
    return this.registrations.get(qemuMonitorKey(filter), (released) =>
      registeredEvents(this.source, this.router, qemuMonitorRegistration(filter), released).pipe(map((msg) => eventPayload(msg))),
    );
  }

  /**
   * The daemon's connection-close event: its own connection to the driver closed, with libvirt's
   * reason. The end of this client's connection is `conn.end$`, not this event.
   */
  connectionClose(): Observable<ConnectionCloseEvent> {
    if (!this.features.closeCallback) return unsupported('connection-close events', 'close-callback');
    return this.registrations.get('connection-close', (released) =>
      registeredEvents(this.source, this.router, CONNECTION_CLOSE_REGISTRATION, released).pipe(map(connectionCloseEvent)),
    );
  }

  /** Event frames that matched no registration since the connection opened, for diagnostics. */
  get droppedEvents(): number {
    return this.router.dropped;
  }

  /** Keys of the registrations live on the daemon (`domain:0:*`...), for diagnostics. */
  get liveRegistrations(): readonly string[] {
    return this.registrations.keys;
  }

  private familyEvents<Filter>(family: EventFamily<Filter, Readonly<Record<string, EventKind>>>, name: string, filter: Filter | undefined): Observable<object> {
    const kind = family.kinds[name] as EventKind<object, object> | undefined;
    // Only untyped callers can get here with a wrong name.
    if (kind === undefined) return throwError(() => new TypeError(`unknown ${family.family} event '${name}'`));
    if (!this.features.eventCallback) return unsupported(`${family.family} events`, 'event-callback');
    const objectFilter = filter ?? null;
    return this.registrations.get(familyKey(family, kind, objectFilter), (released) =>
      registeredEvents(this.source, this.router, familyRegistration(family, kind, objectFilter), released).pipe(
        map((msg) => {
          const payload = eventPayload(msg);
          return kind.names ? { ...payload, ...kind.names(payload) } : payload;
        }),
      ),
    );
  }
}

function unsupported(what: string, feature: string): Observable<never> {
  return throwError(() => new UnsupportedError(what, `the daemon lacks the ${feature} feature (libvirt's legacy event registration is not implemented)`));
}
