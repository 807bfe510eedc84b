import type { Observable } from 'rxjs';
import { virStorageVolDownloadFlags, virStorageVolUploadFlags } from '../generated/libvirt/libvirt.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { remote_auth_type, remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteNodeGetInfoRet, RemoteNonnullDomain, RemoteNonnullStoragePool } from '../generated/remote/types.js';
import { DriverFeature } from '../connection/driver-feature.js';
import { STREAM_CHUNK_MAX } from '../protocol/message-header.js';
import type { DuplexStream } from '../streams/duplex-stream.js';
import type { DownloadStream } from '../streams/download-stream.js';
import type { UploadStream } from '../streams/upload-stream.js';
import { DaemonErrors } from './daemon-error.js';
import type { DomainModel } from './domain-model.js';
import type { EventRegistrations } from './event-registrations.js';
import { domainStats } from './domain-stats.js';
import { TEST_CAPABILITIES, TEST_SYSINFO } from './host-description.js';
import { SCREENSHOT_MIME, SCREENSHOT_PNG } from './screenshot.js';
import type { UploadTarget } from './server-streams.js';
import type { StorageModel, VolumeSegment } from './storage-model.js';

/** Who the fake daemon says it is. */
export interface DaemonIdentity {
  /** CONNECT_GET_LIB_VERSION: libvirt 9.0.0 is 9000000n. */
  readonly libVersion: bigint;
  /** CONNECT_GET_VERSION: the hypervisor's version (the test driver's is 0.0.2, 2n). */
  readonly hypervisorVersion: bigint;
  readonly hostname: string;
  readonly nodeInfo: RemoteNodeGetInfoRet;
}

/** What a procedure handler may do to the connection its call came on. */
export interface ConnectionControl {
  /** CONNECT_OPEN: throws if the connection is already open. */
  open(name: string | null, flags: number): void;
  /** The URI CONNECT_OPEN was given (`null` or `''`: the client probed). */
  readonly openedName: string | null;
  /** The client asked for feature 10: from now on the daemon pings it, as libvirtd does. */
  startKeepalive(): void;
  readonly events: EventRegistrations;
  /** Opens a stream to the client under this call's serial; its frames follow the reply. */
  streamOut(segments: Iterable<VolumeSegment>, sparse: boolean): void;
  /** Opens a stream from the client under this call's serial. */
  streamIn(target: UploadTarget, offset: number, sparse: boolean): void;
  /** Opens a domain's (echoing) console, both ways, under this call's serial. */
  streamConsole(): void;
  /** CONNECT_CLOSE: the reply goes out, then the connection ends. */
  closeAfterReply(): void;
  /**
   * CONNECT_REGISTER_CLOSE_CALLBACK: the client hears CONNECT_EVENT_CONNECTION_CLOSED when the
   * daemon shuts down. Registering twice, or unregistering none, is no error on libvirtd.
   */
  registerCloseCallback(): void;
  unregisterCloseCallback(): void;
}

/** Everything a handler sees: the daemon's state and the calling connection. */
export interface CallContext {
  readonly domains: DomainModel;
  readonly storage: StorageModel;
  readonly identity: DaemonIdentity;
  readonly connection: ConnectionControl;
}

/** The argument of an API method (`undefined` for methods without one). */
// Decoded from the wire, so every field is there, those a caller may leave out included.
type ArgsOf<M extends keyof RemoteApi> = Parameters<RemoteApi[M]> extends [] ? undefined : Required<NonNullable<Parameters<RemoteApi[M]>[0]>>;
/** What a method's call replies, unwrapped as the client API unwraps it; for streams, the opening reply. */
type ReplyOf<M extends keyof RemoteApi> =
  ReturnType<RemoteApi[M]> extends DuplexStream<infer R> ? R
  : ReturnType<RemoteApi[M]> extends DownloadStream<infer R> ? R
  : ReturnType<RemoteApi[M]> extends UploadStream<infer R> ? R
  : ReturnType<RemoteApi[M]> extends Observable<infer R> ? R
  : never;

/**
 * A procedure's implementation, typed by the generated client API it answers: it takes the
 * decoded `_args` and returns what the client's method emits (the `_ret`'s only field when it
 * has one, as the dispatcher wraps it back). Errors are thrown as `DaemonError`s.
 */
export type Handler<M extends keyof RemoteApi> = (args: ArgsOf<M>, call: CallContext) => ReplyOf<M>;
type HandlerTable = { readonly [M in keyof RemoteApi]?: Handler<M> };

/** Driver features the fake supports: typed-param strings, keepalive, event and close callbacks. */
const SUPPORTED_FEATURES: ReadonlySet<number> = new Set([
  DriverFeature.TYPED_PARAM_STRING,
  DriverFeature.PROGRAM_KEEPALIVE,
  DriverFeature.REMOTE_EVENT_CALLBACK,
  DriverFeature.REMOTE_CLOSE_CALLBACK,
]);

/** The URI the fake's driver answers to, as the test driver's. */
export const FAKE_DRIVER_URI = 'test:///default';

const HANDLERS: HandlerTable = {
  // ---- connection ----
  authList: () => [remote_auth_type.REMOTE_AUTH_NONE],
  connectSupportsFeature: ({ feature }, { connection }) => {
    if (feature === DriverFeature.PROGRAM_KEEPALIVE) connection.startKeepalive();
    return SUPPORTED_FEATURES.has(feature) ? 1 : 0;
  },
  connectOpen: ({ name, flags }, { connection }) => connection.open(name, flags),
  connectClose: (_, { connection }) => connection.closeAfterReply(),
  connectGetLibVersion: (_, { identity }) => identity.libVersion,
  connectGetVersion: (_, { identity }) => identity.hypervisorVersion,
  connectGetType: () => 'TEST',
  connectGetUri: (_, { connection }) => (connection.openedName ? connection.openedName : FAKE_DRIVER_URI),
  connectGetHostname: (_, { identity }) => identity.hostname,
  nodeGetInfo: (_, { identity }) => identity.nodeInfo,
  connectGetCapabilities: () => TEST_CAPABILITIES,
  connectGetSysinfo: () => TEST_SYSINFO,
  connectRegisterCloseCallback: (_, { connection }) => connection.registerCloseCallback(),
  connectUnregisterCloseCallback: (_, { connection }) => connection.unregisterCloseCallback(),
  // The test driver's security driver, as its strings travel: NUL-terminated character arrays.
  nodeGetSecurityModel: () => ({ model: cString('testSecurity'), doi: cString('') }),

  // ---- domains ----
  connectNumOfDomains: (_, { domains }) => domains.all.filter((dom) => dom.active).length,
  connectListAllDomains: ({ need_results, flags }, { domains }) => {
    const listed = domains.list(flags);
    return { domains: need_results ? listed.map((dom) => dom.ref) : [], ret: listed.length };
  },
  domainLookupByName: ({ name }, { domains }) => domains.byName(name).ref,
  domainLookupById: ({ id }, { domains }) => domains.byId(id).ref,
  domainLookupByUuid: ({ uuid }, { domains }) => domains.byUuid(uuid).ref,
  domainGetInfo: ({ dom }, { domains }) => domains.of(dom).info(),
  domainGetState: ({ dom }, { domains }) => {
    const { state, reason } = domains.of(dom);
    return { state, reason };
  },
  domainGetXmlDesc: ({ dom }, { domains }) => domains.of(dom).xml(),
  domainGetOsType: ({ dom }, { domains }) => ofDomain(domains, dom, 'linux'),
  domainIsActive: ({ dom }, { domains }) => (domains.of(dom).active ? 1 : 0),
  // The fake's domains are all defined ones, never transient, and never saved.
  domainIsPersistent: ({ dom }, { domains }) => ofDomain(domains, dom, 1),
  domainHasManagedSaveImage: ({ dom }, { domains }) => ofDomain(domains, dom, 0),
  domainGetSecurityLabel: ({ dom }, { domains }) => ofDomain(domains, dom, { label: cString('libvirt-test'), enforcing: 1 }),
  domainGetMessages: ({ dom }, { domains }) => ofDomain(domains, dom, []),
  connectGetAllDomainStats: ({ doms, stats, flags }, { domains }) => domainStats(doms.length > 0 ? doms.map((dom) => domains.of(dom)) : domains.list(flags), stats),
  domainGetAutostart: ({ dom }, { domains }) => (domains.of(dom).autostart ? 1 : 0),
  domainSetAutostart: ({ dom, autostart }, { domains }) => {
    domains.of(dom).autostart = autostart !== 0;
  },
  domainCreate: ({ dom }, { domains }) => domains.create(domains.of(dom)),
  domainCreateWithFlags: ({ dom }, { domains }) => {
    const domain = domains.of(dom);
    domains.create(domain);
    return domain.ref;
  },
  domainSuspend: ({ dom }, { domains }) => domains.suspend(domains.of(dom)),
  domainResume: ({ dom }, { domains }) => domains.resume(domains.of(dom)),
  domainShutdown: ({ dom }, { domains }) => domains.shutdown(domains.of(dom)),
  domainShutdownFlags: ({ dom }, { domains }) => domains.shutdown(domains.of(dom)),
  domainDestroy: ({ dom }, { domains }) => domains.destroy(domains.of(dom)),
  domainDestroyFlags: ({ dom }, { domains }) => domains.destroy(domains.of(dom)),
  domainScreenshot: ({ dom }, { domains, connection }) => {
    if (!domains.of(dom).active) throw DaemonErrors.domainNotRunning();
    connection.streamOut([{ data: SCREENSHOT_PNG }], false);
    return SCREENSHOT_MIME;
  },

  domainOpenConsole: ({ dom }, { domains, connection }) => {
    if (!domains.of(dom).active) throw DaemonErrors.domainNotRunning();
    connection.streamConsole();
  },

  // ---- events ----
  connectDomainEventCallbackRegisterAny: (args, { connection }) => connection.events.register(args),
  connectDomainEventCallbackDeregisterAny: ({ callbackID }, { connection }) => connection.events.deregister(callbackID),

  // ---- storage ----
  connectListAllStoragePools: ({ need_results }, { storage }) => ({
    pools: need_results ? storage.pools.map((pool) => pool.ref) : [],
    ret: storage.pools.length,
  }),
  storagePoolLookupByName: ({ name }, { storage }) => storage.pool(name).ref,
  storagePoolGetInfo: ({ pool }, { storage }) => storage.pool(pool.name).info(),
  // The fake's pools are defined and started, without autostart, as the test driver's default-pool.
  storagePoolIsActive: ({ pool }, { storage }) => ofPool(storage, pool, 1),
  storagePoolIsPersistent: ({ pool }, { storage }) => ofPool(storage, pool, 1),
  storagePoolGetAutostart: ({ pool }, { storage }) => ofPool(storage, pool, 0),
  storagePoolNumOfVolumes: ({ pool }, { storage }) => storage.pool(pool.name).volumes.length,
  storagePoolListAllVolumes: ({ pool, need_results }, { storage }) => {
    const { volumes } = storage.pool(pool.name);
    return { vols: need_results ? volumes.map((volume) => volume.ref) : [], ret: volumes.length };
  },
  storageVolLookupByName: ({ pool, name }, { storage }) => storage.pool(pool.name).volume(name).ref,
  storageVolLookupByKey: ({ key }, { storage }) => storage.volumeByKey(key).ref,
  storageVolLookupByPath: ({ path }, { storage }) => storage.volumeByKey(path).ref,
  storageVolGetPath: ({ vol }, { storage }) => storage.of(vol).key,
  storageVolGetInfo: ({ vol }, { storage }) => storage.of(vol).info(),
  storageVolDownload: ({ vol, offset, length, flags }, { storage, connection }) => {
    const segments = storage.of(vol).segments(Number(offset), Number(length), STREAM_CHUNK_MAX);
    connection.streamOut(segments, (flags & virStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) !== 0);
  },
  storageVolUpload: ({ vol, offset, flags }, { storage, connection }) => {
    connection.streamIn(storage.of(vol), Number(offset), (flags & virStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) !== 0);
  },
};

/** `value`, once the domain is known to exist (else the test driver's "Domain not found"): for answers the same for every domain. */
function ofDomain<T>(domains: DomainModel, dom: RemoteNonnullDomain, value: T): T {
  domains.of(dom);
  return value;
}

/** `value`, once the pool is known to exist (else "Storage pool not found"). */
function ofPool<T>(storage: StorageModel, pool: RemoteNonnullStoragePool, value: T): T {
  storage.pool(pool.name);
  return value;
}

/** A string as libvirt sends a `char` array: its bytes and a terminating NUL. */
function cString(text: string): Uint8Array {
  return new TextEncoder().encode(`${text}\0`);
}

/** A handler with its types erased, for the dispatch table. */
export type ProcedureHandler = (args: unknown, call: CallContext) => unknown;

/** Procedures a client may call before CONNECT_OPEN, as on libvirtd (the rest need an open connection). */
export const BEFORE_OPEN: ReadonlySet<number> = new Set([P.REMOTE_PROC_AUTH_LIST, P.REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, P.REMOTE_PROC_CONNECT_OPEN]);

/** The fake's procedures by REMOTE procedure number. */
export const PROCEDURE_HANDLERS: ReadonlyMap<number, ProcedureHandler> = new Map(
  [...REMOTE_PROGRAM_INFO.procedures.values()].flatMap((info) => {
    const handler = HANDLERS[info.method as keyof RemoteApi];
    return handler ? [[info.number, handler as ProcedureHandler] as const] : [];
  }),
);
