import { asapScheduler, type Observable, switchMap, throwError, timer } from 'rxjs';
import type { DaemonFeatures } from '../connection/driver-feature.js';
import { UnsupportedError } from '../errors/unsupported-error.js';
import { ArgumentError } from '../rpc/argument-error.js';
import type { RemoteNonnullDomain, RemoteNonnullNetwork, RemoteNonnullNodeDevice, RemoteNonnullSecret, RemoteNonnullStoragePool } from '../generated/remote/types.js';
import { CONNECTION_CLOSE_REGISTRATION, type ConnectionCloseEvent, connectionCloseEvent } from './connection-close-events.js';
import { DOMAIN_EVENTS, type DomainEvent, type DomainEventName } from './domain-events.js';
import { type EventFamily, type EventKind, familyKey, familyRegistration } from './event-family.js';
import { eventPayload } from './event-payload.js';
import type { EventObjectFactory, EventReferenceField, EventReferences, WithReference } from './event-references.js';
import { EventRouter } from './event-router.js';
import type { EventSource } from './event-source.js';
import { NETWORK_EVENTS, type NetworkEvent, type NetworkEventName } from './network-events.js';
import { NODE_DEVICE_EVENTS, type NodeDeviceEvent, type NodeDeviceEventName } from './node-device-events.js';
import { type QemuMonitorEvent, type QemuMonitorEventFilter, qemuMonitorKey, qemuMonitorRegistration } from './qemu-monitor-events.js';
import { type RegistrationContext, startRegistration } from './registered-events.js';
import { type Registered, type RegistrationSignal, type WithRegistered } from './registered.js';
import { RegistrationQueue } from './registration-queue.js';
import { SECRET_EVENTS, type SecretEvent, type SecretEventName } from './secret-events.js';
import { SharedRegistrations } from './shared-registrations.js';
import { STORAGE_POOL_EVENTS, type StoragePoolEvent, type StoragePoolEventName } from './storage-pool-events.js';

/** Options of a domain event stream: which domain, and whether to announce the registration. */
export interface DomainEventOptions extends RegistrationSignal {
  /** Only this domain's events. */
  readonly dom?: RemoteNonnullDomain;
}
/** Options of a network event stream. */
export interface NetworkEventOptions extends RegistrationSignal {
  /** Only this network's events. */
  readonly net?: RemoteNonnullNetwork;
}
/** Options of a storage pool event stream. */
export interface StoragePoolEventOptions extends RegistrationSignal {
  /** Only this pool's events. */
  readonly pool?: RemoteNonnullStoragePool;
}
/** Options of a node device event stream. */
export interface NodeDeviceEventOptions extends RegistrationSignal {
  /** Only this device's events. */
  readonly dev?: RemoteNonnullNodeDevice;
}
/** Options of a secret event stream. */
export interface SecretEventOptions extends RegistrationSignal {
  /** Only this secret's events. */
  readonly secret?: RemoteNonnullSecret;
}
/** Options of a QEMU monitor event stream: its filter, and whether to announce the registration. */
export type QemuMonitorEventOptions = QemuMonitorEventFilter & RegistrationSignal;

/** What an options parameter defaults to when left out: no {@link REGISTERED} notification. */
type Quiet = { readonly registered?: false };

/**
 * The daemon's events as hot Observables: `conn.events.domain('lifecycle')` and the like.
 *
 * - **Knowing when it is live.** With `{ registered: true }` a stream first emits
 *   {@link REGISTERED}, once the daemon has confirmed the registration (at once when the
 *   subscriber joins a live one). Every event the daemon sends after that is delivered, so act
 *   on it: suspend the domain you watch, start the job whose events you want. Without the
 *   option, events start whenever the registration is live.
 * - **Shared registrations.** The first subscriber of an (event, object filter) pair makes the
 *   daemon register a callback; later subscribers share it; the last unsubscribe deregisters it
 *   (at the end of the turn: a subscriber coming back in the same turn keeps it). Events that
 *   arrived before a subscriber joined are not replayed.
 * - **In order.** Register and deregister calls are sent one at a time, in the order asked, so
 *   the daemon's workers cannot reorder them; an event that overtakes its register reply is held
 *   and delivered after {@link REGISTERED} (up to `EVENT_HOLD_LIMIT` events, then the
 *   subscription fails with an `EventHoldOverflowError`).
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
 *   deregistration) is dropped and counted in {@link droppedEvents}. A decoding failure errors
 *   the stream it was addressed to.
 *
 * @example
 * const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
 * conn.events.domain('lifecycle', { dom, registered: true }).subscribe((item) => {
 *   if (item === REGISTERED) conn.domainSuspend({ dom }).subscribe();
 *   else console.log(item.dom.name, item.eventName, item.detailName); // test VIR_DOMAIN_EVENT_SUSPENDED VIR_DOMAIN_EVENT_SUSPENDED_PAUSED
 * });
 */
export class ConnectionEvents<Refs extends EventReferences = EventReferences> {
  private readonly context: RegistrationContext;
  private readonly registrations = new SharedRegistrations();

  /**
   * @param toObject makes the reference an event carries (`dom`, `net`, ...) the object its
   *   stream emits; left out, events carry the plain reference structs.
   */
  constructor(
    source: EventSource,
    private readonly features: Pick<DaemonFeatures, 'eventCallback' | 'closeCallback'>,
    private readonly toObject?: EventObjectFactory,
  ) {
    this.context = { source, router: new EventRouter(), queue: new RegistrationQueue() };
    // The source stops handing frames over once the connection is over (see EventSource).
    source.setEventSink(this.context.router);
  }

  /**
   * Domain events of one kind, of every domain or of `dom` only.
   *
   * @example
   * conn.events.domain('lifecycle').subscribe(({ dom, eventName, detailName }) => console.log(dom.name, eventName, detailName));
   * conn.events.domain('block-job-2', { dom }).subscribe(({ dst, statusName }) => console.log(dst, statusName));
   */
  domain<N extends DomainEventName, O extends DomainEventOptions = Quiet>(
    name: N,
    options?: O,
  ): Observable<WithRegistered<O, WithReference<DomainEvent<N>, 'dom', Refs['dom']>>> {
    return this.familyEvents(DOMAIN_EVENTS, name, options?.dom, options) as Observable<WithRegistered<O, WithReference<DomainEvent<N>, 'dom', Refs['dom']>>>;
  }

  /** Network events (`lifecycle`, `metadata-change`), of every network or of `net` only. */
  network<N extends NetworkEventName, O extends NetworkEventOptions = Quiet>(
    name: N,
    options?: O,
  ): Observable<WithRegistered<O, WithReference<NetworkEvent<N>, 'net', Refs['net']>>> {
    return this.familyEvents(NETWORK_EVENTS, name, options?.net, options) as Observable<WithRegistered<O, WithReference<NetworkEvent<N>, 'net', Refs['net']>>>;
  }

  /** Storage pool events (`lifecycle`, `refresh`), of every pool or of `pool` only. */
  storagePool<N extends StoragePoolEventName, O extends StoragePoolEventOptions = Quiet>(
    name: N,
    options?: O,
  ): Observable<WithRegistered<O, WithReference<StoragePoolEvent<N>, 'pool', Refs['pool']>>> {
    return this.familyEvents(STORAGE_POOL_EVENTS, name, options?.pool, options) as Observable<
      WithRegistered<O, WithReference<StoragePoolEvent<N>, 'pool', Refs['pool']>>
    >;
  }

  /** Node device events (`lifecycle`, `update`), of every device or of `dev` only. */
  nodeDevice<N extends NodeDeviceEventName, O extends NodeDeviceEventOptions = Quiet>(
    name: N,
    options?: O,
  ): Observable<WithRegistered<O, WithReference<NodeDeviceEvent<N>, 'dev', Refs['dev']>>> {
    return this.familyEvents(NODE_DEVICE_EVENTS, name, options?.dev, options) as Observable<WithRegistered<O, WithReference<NodeDeviceEvent<N>, 'dev', Refs['dev']>>>;
  }

  /** Secret events (`lifecycle`, `value-changed`), of every secret or of `secret` only. */
  secret<N extends SecretEventName, O extends SecretEventOptions = Quiet>(
    name: N,
    options?: O,
  ): Observable<WithRegistered<O, WithReference<SecretEvent<N>, 'secret', Refs['secret']>>> {
    return this.familyEvents(SECRET_EVENTS, name, options?.secret, options) as Observable<WithRegistered<O, WithReference<SecretEvent<N>, 'secret', Refs['secret']>>>;
  }

  /**
   * QEMU monitor (QMP) events of the QEMU driver, through libvirt's QEMU program; filter by
   * domain and event name. Other drivers refuse the registration with a `LibvirtError`.
   *
   * @example
   * conn.events.qemuMonitor({ event: 'SHUTDOWN' }).subscribe(({ dom, details }) => console.log(dom.name, details));
   */
  qemuMonitor<O extends QemuMonitorEventOptions = Quiet>(filter?: O): Observable<WithRegistered<O, WithReference<QemuMonitorEvent, 'dom', Refs['dom']>>> {
    const wanted: QemuMonitorEventFilter = filter ?? {};
    return this.registrations.get<object>(
      qemuMonitorKey(wanted),
      (listener) => startRegistration(this.context, qemuMonitorRegistration(wanted), this.eventShaper(null, 'dom'), listener),
      filter?.registered === true,
    ) as Observable<WithRegistered<O, WithReference<QemuMonitorEvent, 'dom', Refs['dom']>>>;
  }

  /**
   * The daemon's connection-close event: its own connection to the driver closed, with libvirt's
   * reason. The end of this client's connection is `conn.end$`, not this event.
   */
  connectionClose<O extends RegistrationSignal = Quiet>(options?: O): Observable<WithRegistered<O, ConnectionCloseEvent>> {
    if (!this.features.closeCallback) return unsupported('connection-close events', 'close-callback');
    return this.registrations.get(
      'connection-close',
      (listener) => startRegistration(this.context, CONNECTION_CLOSE_REGISTRATION, connectionCloseEvent, listener),
      options?.registered === true,
    ) as Observable<WithRegistered<O, ConnectionCloseEvent>>;
  }

  /**
   * Emits once and completes when every register and deregister call asked for so far, those of
   * subscribers that left in this turn included, has been answered by the daemon.
   *
   * libvirtd 9.0 can lose the first events of a connection's next registration when a
   * deregistration races the dispatch of an event to the callback it removes (python-libvirt
   * meets it too, when it deregisters after causing an event). After unsubscribing, wait for this
   * before causing events that a later subscription must see.
   *
   * @example
   * subscription.unsubscribe();
   * await firstValueFrom(conn.events.settled());
   * await firstValueFrom(conn.domainResume({ dom })); // its event cannot race the deregistration
   */
  settled(): Observable<void> {
    // Through the asap queue first: deregistrations of this turn are scheduled there.
    return timer(0, asapScheduler).pipe(switchMap(() => this.context.queue.idle()));
  }

  /** Event frames that matched no registration since the connection opened, for diagnostics. */
  get droppedEvents(): number {
    return this.context.router.dropped;
  }

  /** Keys of the registrations the daemon has confirmed (`domain:0:*`...), for diagnostics. */
  get liveRegistrations(): readonly string[] {
    return this.registrations.keys;
  }

  private familyEvents<Filter>(
    family: EventFamily<Filter, Readonly<Record<string, EventKind>>>,
    name: string,
    filter: Filter | undefined,
    options: RegistrationSignal | undefined,
  ): Observable<object | Registered> {
    const method = `events.${family.family.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase())}`;
    // Only untyped callers can get here with a wrong name or filter.
    const kind = Object.hasOwn(family.kinds, name) ? (family.kinds[name] as EventKind<object, object>) : undefined;
    if (kind === undefined) {
      return throwError(() => new ArgumentError(method, 'name', `unknown event ${JSON.stringify(name)}: one of ${Object.keys(family.kinds).join(', ')}`));
    }
    if (!this.features.eventCallback) return unsupported(`${family.family} events`, 'event-callback');
    const objectFilter = filter ?? null;
    let key: string;
    try {
      key = familyKey(family, kind, objectFilter);
    } catch (err) {
      return throwError(() => new ArgumentError(method, `options.${family.filterField}`, `expected a reference (as lookups return), got ${describeValue(objectFilter)}`, { cause: err }));
    }
    const field = family.filterField as EventReferenceField;
    return this.registrations.get(
      key,
      (listener) => startRegistration(this.context, familyRegistration(family, kind, objectFilter), this.eventShaper(kind, field), listener),
      options?.registered === true,
    );
  }

  /**
   * What makes an event of a kind from its message: the payload, its names added, its reference
   * (`field`) made an object of the connection. Without objects, shared by every connection;
   * with them, made by each daemon registration when it starts (`kind` null: the QEMU monitor's
   * one kind): one per registration, which is less than a table per connection.
   */
  private eventShaper(kind: EventKind<object, object> | null, field: EventReferenceField): (msg: object) => object {
    const toObject = this.toObject;
    if (toObject === undefined) return kind === null ? eventPayload : sharedShaper(kind);
    const names = kind?.names;
    return (msg: object): object => {
      const payload = eventPayload(msg) as Record<string, unknown>;
      if (names !== undefined) Object.assign(payload, names(payload));
      payload[field] = toObject(field, payload[field] as object);
      return payload;
    };
  }
}

/** Each kind's event shaper without objects, made once: a thousand subscriptions share it rather than hold one each. */
const shapers = new WeakMap<EventKind<object, object>, (msg: object) => object>();

function sharedShaper(kind: EventKind<object, object>): (msg: object) => object {
  const names = kind.names;
  if (names === undefined) return eventPayload;
  let shaper = shapers.get(kind);
  if (shaper === undefined) {
    shaper = (msg: object): object => {
      const payload = eventPayload(msg);
      return Object.assign(payload, names(payload));
    };
    shapers.set(kind, shaper);
  }
  return shaper;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object without its fields' : String(value);
}

function unsupported(what: string, feature: string): Observable<never> {
  return throwError(() => new UnsupportedError(what, `the daemon lacks the ${feature} feature (libvirt's legacy event registration is not implemented)`));
}
