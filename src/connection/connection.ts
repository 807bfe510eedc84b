import { catchError, concatWith, defer, EMPTY, finalize, ignoreElements, Observable, timeout } from 'rxjs';
import type { LxcApi } from '../generated/lxc/api.js';
import { LXC_PROGRAM_INFO } from '../generated/lxc/procedures.js';
import type { QemuApi } from '../generated/qemu/api.js';
import { QEMU_PROGRAM_INFO } from '../generated/qemu/procedures.js';
import { remote_procedure } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import { ConnectionEvents } from '../events/connection-events.js';
import { procedureOf } from '../protocol/procedure-table.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { type DomainKey, Lookups, type NameOrUuid } from '../objects/lookups.js';
import {
  type ConnectionApi,
  ConnectionObjects,
  type Domain,
  eventObjects,
  type Interface,
  type Network,
  type NodeDevice,
  type NWFilter,
  type ObjectReferences,
  type Secret,
  type StoragePool,
  type StorageVol,
  withObjectReplies,
} from '../objects/object-classes.js';
import { createApiClass, type Invoke } from './api-class.js';
import type { ConnectionState } from './connection-state.js';
import type { DaemonFeatures } from './driver-feature.js';
import { withStringOkay } from './typed-params.js';
import { withTypedParams } from './typed-params-call.js';
import type { RpcSession, SessionEnd } from './session.js';

/** How long `close()` waits for the daemon to confirm CONNECT_CLOSE before dropping the socket anyway. */
export const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Base class carrying one method per REMOTE procedure (`domainLookupByName`, ...), those whose
 * replies carry references emitting objects.
 */
const GeneratedRemoteApi = createApiClass<ConnectionApi>(REMOTE_PROGRAM_INFO);

/**
 * The flat API plus the common lookups by the rule of {@link Lookups}: `conn.domain('test')`
 * (name, UUID or id), `conn.storagePool(nameOrUuid)`, `conn.storageVol(keyOrPath)`...
 */
export class RemoteApiClass extends GeneratedRemoteApi {
  /** A domain by id (a number), UUID (text or 16 bytes) or name: `virDomainLookupByID`/`ByUUID`/`ByName`. */
  domain(key: DomainKey): Observable<Domain> {
    return new Lookups(this).domain(key);
  }

  /** A network by name or UUID. */
  network(key: NameOrUuid): Observable<Network> {
    return new Lookups(this).network(key);
  }

  /** A storage pool by name or UUID. */
  storagePool(key: NameOrUuid): Observable<StoragePool> {
    return new Lookups(this).storagePool(key);
  }

  /** A storage volume by path (starting with `/`) or key. */
  storageVol(keyOrPath: string): Observable<StorageVol> {
    return new Lookups(this).storageVol(keyOrPath);
  }

  /** A host device by name. */
  nodeDevice(name: string): Observable<NodeDevice> {
    return new Lookups(this).nodeDevice(name);
  }

  /** A secret by UUID. */
  secret(uuid: NameOrUuid): Observable<Secret> {
    return new Lookups(this).secret(uuid);
  }

  /** A host interface by name. */
  interface(name: string): Observable<Interface> {
    return new Lookups(this).interface(name);
  }

  /** A network filter by name or UUID. */
  nwfilter(key: NameOrUuid): Observable<NWFilter> {
    return new Lookups(this).nwfilter(key);
  }
}
const QemuApiClass = createApiClass<QemuApi>(QEMU_PROGRAM_INFO);
const LxcApiClass = createApiClass<LxcApi>(LXC_PROGRAM_INFO);

/**
 * An open connection to a libvirt driver. Every REMOTE procedure is a method returning a cold,
 * single-value Observable (`conn.domainLookupByName({ name })`); QEMU and LXC procedures hang
 * off `conn.qemu` and `conn.lxc`. Obtain one from {@link connect}.
 */
export class Connection extends RemoteApiClass {
  // These facades are made on first use: most connections use few of them, and a process
  // holding a thousand connections would otherwise pay for all of them on each. `events` is
  // not one: it counts the events nobody registered (`droppedEvents`) from the first frame on.
  private qemuFacade?: QemuApi;
  private lxcFacade?: LxcApi;
  private objectsFacade?: ConnectionObjects;
  /** The call path without object replies: what objects themselves call through. */
  private readonly invoke: Invoke;
  /**
   * The daemon's events as shared, hot Observables: `conn.events.domain('lifecycle', { dom })`.
   * Their references are objects of this connection (`event.dom.resume()`).
   */
  readonly events: ConnectionEvents<ObjectReferences>;

  /** @internal Use {@link connect}. */
  constructor(
    private readonly session: RpcSession,
    /** The URI this connection opened. */
    readonly uri: string,
    readonly readOnly: boolean,
    /** What the daemon supports, asked during the handshake. */
    readonly features: DaemonFeatures,
  ) {
    const invoke = withTypedParams(invokeThrough(session, features), REMOTE_PROGRAM_INFO);
    super(withObjectReplies(invoke));
    this.invoke = invoke;
    this.events = new ConnectionEvents<ObjectReferences>(session, features, eventObjects(invoke));
  }

  /** Emits once when the connection is over; `cause` is undefined after `close()`. */
  get end$(): Observable<SessionEnd> {
    return this.session.end$;
  }

  /** The connection's life (`open`, `closing`, `closed` with its cause), replaying the current state. */
  get state$(): Observable<ConnectionState> {
    return this.session.state$;
  }

  /** Procedures of libvirt's QEMU program (`monitor-command`, ...). */
  get qemu(): QemuApi {
    return (this.qemuFacade ??= new QemuApiClass(invokeThrough(this.session)));
  }

  /** Procedures of libvirt's LXC program. */
  get lxc(): LxcApi {
    return (this.lxcFacade ??= new LxcApiClass(invokeThrough(this.session)));
  }

  /**
   * The procedures of no object class whose replies carry references, emitting objects: the same
   * as the flat methods now (`conn.domainLookupByName`), kept for code written before them.
   */
  get objects(): ConnectionObjects {
    return (this.objectsFacade ??= new ConnectionObjects(this.invoke));
  }

  /** True once the connection has closed, on purpose or not. */
  get closed(): boolean {
    return this.session.closed;
  }

  /**
   * Closes the connection: CONNECT_CLOSE (once the event registrations in flight are answered),
   * then the socket. Completes once closed (also when the daemon does not answer within
   * {@link CLOSE_TIMEOUT_MS}); calls asked for from then on fail at once, and calls still pending
   * once it is closed fail, with a ConnectionClosedError.
   */
  close(): Observable<never> {
    // Event registrations in flight are answered first: libvirtd 9.0 can crash when a client
    // leaves while one of its register calls is still being handled (the callback it then adds
    // belongs to a client already freed; seen under spec/integration/events-registration.spec.ts).
    return closeSession(this.session, procedureOf(REMOTE_PROGRAM_INFO, remote_procedure.REMOTE_PROC_CONNECT_CLOSE), () => this.connectClose(), this.events.settled());
  }
}

/**
 * The call path of a session, for the generated API classes. With `features`, calls get the
 * flags libvirt's own API would add for this daemon (`VIR_TYPED_PARAM_STRING_OKAY`).
 */
export function invokeThrough(session: RpcSession, features?: DaemonFeatures): Invoke {
  if (features?.typedParamString) return (procedure, args) => session.invoke(procedure, withStringOkay(procedure, args));
  return (procedure, args) => session.invoke(procedure, args);
}

/**
 * Sends the program's close call (`closeProcedure`, made by `closeCall`), then ends the session
 * whatever the answer, within {@link CLOSE_TIMEOUT_MS}. From the moment it is subscribed, other
 * calls fail at once and nothing else is written (see `RpcSession.markClosing`); the close call
 * itself waits for `first` (the connection's event registrations in flight). A second close waits
 * for the first.
 */
export function closeSession(
  session: RpcSession,
  closeProcedure: ProcedureInfo,
  closeCall: () => Observable<unknown>,
  first: Observable<unknown> = EMPTY,
): Observable<never> {
  return defer(() => {
    if (session.closed) return EMPTY;
    if (session.isClosing) return session.end$.pipe(ignoreElements());
    const closing = first.pipe(
      ignoreElements(),
      concatWith(defer(closeCall)),
      timeout({ first: CLOSE_TIMEOUT_MS }),
      // The daemon may already be gone; closing is still what the caller asked for.
      catchError(() => EMPTY),
      ignoreElements(),
      finalize(() => session.terminate()),
    );
    return new Observable<never>((subscriber) => {
      session.markClosing(closeProcedure);
      return closing.subscribe(subscriber);
    });
  });
}
