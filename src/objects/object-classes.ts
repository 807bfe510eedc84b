import type { Observable } from 'rxjs';
import { INVOKE, type Invoke } from '../connection/api-class.js';
import type { Connection } from '../connection/connection.js';
import {
  CONNECTION_OBJECT_METHOD_INFO,
  OBJECT_CLASS_INFO,
  OBJECT_REPLY_INFO,
  type ObjectReplies,
  type ConnectionObjectMethods,
  type DomainCheckpointMethods,
  type DomainMethods,
  type DomainSnapshotMethods,
  type InterfaceMethods,
  type NetworkMethods,
  type NetworkPortMethods,
  type NodeDeviceMethods,
  type NWFilterBindingMethods,
  type NWFilterMethods,
  type ObjectClassName,
  type SecretMethods,
  type StoragePoolMethods,
  type StorageVolMethods,
} from '../generated/remote/objects.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type {
  RemoteNonnullDomain,
  RemoteNonnullDomainCheckpoint,
  RemoteNonnullDomainSnapshot,
  RemoteNonnullInterface,
  RemoteNonnullNetwork,
  RemoteNonnullNetworkPort,
  RemoteNonnullNodeDevice,
  RemoteNonnullNwfilter,
  RemoteNonnullNwfilterBinding,
  RemoteNonnullSecret,
  RemoteNonnullStoragePool,
  RemoteNonnullStorageVol,
} from '../generated/remote/types.js';
import type { EventObjectFactory, EventReferenceField, EventReferences } from '../events/event-references.js';
import { createObjectRuntime, type InvokeHolder } from './object-runtime.js';

/**
 * An object class: `Domain.from(conn, dom)` wraps a reference the flat API or an event handed out,
 * and `value instanceof Domain` narrows. Objects come from `conn.objects` and from other objects'
 * methods; there is no public constructor.
 */
export interface ObjectClass<Obj, Ref> {
  /**
   * @internal Not callable (`never` arguments): objects come from lookups, listings and `from`.
   * It is there so that documentation tools see a class with the instance type's methods.
   */
  new (...args: never): Obj;
  /** `Domain`, `StoragePool`, ... */
  readonly name: string;
  /** The object of `connection` for a reference (an event's `dom`, a record of `connectGetAllDomainStats`). */
  from(connection: Connection, ref: Ref): Obj;
  /** `value instanceof Domain` narrows `value` to a `Domain`. */
  [Symbol.hasInstance](value: unknown): value is Obj;
  readonly prototype: Obj;
}

const runtime = createObjectRuntime(REMOTE_PROGRAM_INFO, OBJECT_CLASS_INFO, CONNECTION_OBJECT_METHOD_INFO, OBJECT_REPLY_INFO);

/**
 * The flat API of a connection: REMOTE's procedures, those whose replies carry references emitting
 * objects. Mapped over `RemoteApi`, so every method keeps its arguments and its doc comment.
 */
export type ConnectionApi = {
  [M in keyof RemoteApi]: M extends keyof ObjectReplies ? (...args: Parameters<RemoteApi[M]>) => Observable<ObjectReplies[M]> : RemoteApi[M];
};

/** `invoke` with replies' references turned into objects on `invoke` (see {@link ConnectionApi}). */
export const withObjectReplies: (invoke: Invoke) => Invoke = runtime.withObjectReplies;

function objectClass<Obj, Ref>(name: ObjectClassName): ObjectClass<Obj, Ref> {
  const BaseClass = runtime.classes.get(name);
  if (BaseClass === undefined) throw new Error(`object class ${name} is not in the generated table`);
  const from = (connection: Connection, ref: Ref): InvokeHolder => {
    const Bound = runtime.classOn(connection.objects[INVOKE], name);
    return new Bound(ref as object);
  };
  Object.defineProperty(BaseClass, 'from', { value: from });
  return BaseClass as unknown as ObjectClass<Obj, Ref>;
}

// Each object is its reference (the same fields, read-only) plus one method per procedure that
// takes it first: `dom.getXmlDesc({ flags: 0 })` is `conn.domainGetXmlDesc({ dom, flags: 0 })`.

/** A domain (`virDomainPtr`). */
export interface Domain extends Readonly<RemoteNonnullDomain>, DomainMethods, InvokeHolder {}
/**
 * A domain (`virDomainPtr`).
 * @class
 */
export const Domain = objectClass<Domain, RemoteNonnullDomain>('Domain');

/** A virtual network (`virNetworkPtr`). */
export interface Network extends Readonly<RemoteNonnullNetwork>, NetworkMethods, InvokeHolder {}
/**
 * A virtual network (`virNetworkPtr`).
 * @class
 */
export const Network = objectClass<Network, RemoteNonnullNetwork>('Network');

/** A port of a virtual network (`virNetworkPortPtr`). */
export interface NetworkPort extends Readonly<RemoteNonnullNetworkPort>, NetworkPortMethods, InvokeHolder {}
/**
 * A port of a virtual network (`virNetworkPortPtr`).
 * @class
 */
export const NetworkPort = objectClass<NetworkPort, RemoteNonnullNetworkPort>('NetworkPort');

/** A storage pool (`virStoragePoolPtr`). */
export interface StoragePool extends Readonly<RemoteNonnullStoragePool>, StoragePoolMethods, InvokeHolder {}
/**
 * A storage pool (`virStoragePoolPtr`).
 * @class
 */
export const StoragePool = objectClass<StoragePool, RemoteNonnullStoragePool>('StoragePool');

/** A storage volume (`virStorageVolPtr`). */
export interface StorageVol extends Readonly<RemoteNonnullStorageVol>, StorageVolMethods, InvokeHolder {}
/**
 * A storage volume (`virStorageVolPtr`).
 * @class
 */
export const StorageVol = objectClass<StorageVol, RemoteNonnullStorageVol>('StorageVol');

/** A host device (`virNodeDevicePtr`); its procedures take its `name`. */
export interface NodeDevice extends Readonly<RemoteNonnullNodeDevice>, NodeDeviceMethods, InvokeHolder {}
/**
 * A host device (`virNodeDevicePtr`); its procedures take its `name`.
 * @class
 */
export const NodeDevice = objectClass<NodeDevice, RemoteNonnullNodeDevice>('NodeDevice');

/** A secret (`virSecretPtr`). */
export interface Secret extends Readonly<RemoteNonnullSecret>, SecretMethods, InvokeHolder {}
/**
 * A secret (`virSecretPtr`).
 * @class
 */
export const Secret = objectClass<Secret, RemoteNonnullSecret>('Secret');

/** A host network interface (`virInterfacePtr`). */
export interface Interface extends Readonly<RemoteNonnullInterface>, InterfaceMethods, InvokeHolder {}
/**
 * A host network interface (`virInterfacePtr`).
 * @class
 */
export const Interface = objectClass<Interface, RemoteNonnullInterface>('Interface');

/** A network filter (`virNWFilterPtr`). */
export interface NWFilter extends Readonly<RemoteNonnullNwfilter>, NWFilterMethods, InvokeHolder {}
/**
 * A network filter (`virNWFilterPtr`).
 * @class
 */
export const NWFilter = objectClass<NWFilter, RemoteNonnullNwfilter>('NWFilter');

/** A network filter binding (`virNWFilterBindingPtr`). */
export interface NWFilterBinding extends Readonly<RemoteNonnullNwfilterBinding>, NWFilterBindingMethods, InvokeHolder {}
/**
 * A network filter binding (`virNWFilterBindingPtr`).
 * @class
 */
export const NWFilterBinding = objectClass<NWFilterBinding, RemoteNonnullNwfilterBinding>('NWFilterBinding');

/** A domain snapshot (`virDomainSnapshotPtr`). */
export interface DomainSnapshot extends Readonly<RemoteNonnullDomainSnapshot>, DomainSnapshotMethods, InvokeHolder {}
/**
 * A domain snapshot (`virDomainSnapshotPtr`).
 * @class
 */
export const DomainSnapshot = objectClass<DomainSnapshot, RemoteNonnullDomainSnapshot>('DomainSnapshot');

/** A domain checkpoint (`virDomainCheckpointPtr`). */
export interface DomainCheckpoint extends Readonly<RemoteNonnullDomainCheckpoint>, DomainCheckpointMethods, InvokeHolder {}
/**
 * A domain checkpoint (`virDomainCheckpointPtr`).
 * @class
 */
export const DomainCheckpoint = objectClass<DomainCheckpoint, RemoteNonnullDomainCheckpoint>('DomainCheckpoint');

/** What `conn.events` carries its references as: the objects of the connection. */
export interface ObjectReferences extends EventReferences {
  readonly dom: Domain;
  readonly net: Network;
  readonly pool: StoragePool;
  readonly dev: NodeDevice;
  readonly secret: Secret;
}

const EVENT_OBJECT_CLASSES: Readonly<Record<EventReferenceField, ObjectClassName>> = {
  dom: 'Domain',
  net: 'Network',
  pool: 'StoragePool',
  dev: 'NodeDevice',
  secret: 'Secret',
};

/** Makes events' references objects on `invoke`'s connection: `event.dom.suspend()`. */
export function eventObjects(invoke: Invoke): EventObjectFactory {
  // The runtime keeps each connection's classes: nothing more is held here per connection.
  return (field, ref) => new (runtime.classOn(invoke, EVENT_OBJECT_CLASSES[field]))(ref);
}

/**
 * `conn.objects`: lookups, `create*`, `define*` and `connectListAll*` (every procedure of no
 * object class whose reply carries references), emitting objects: `conn.objects.domainLookupByName({ name })`.
 */
export interface ConnectionObjects extends ConnectionObjectMethods, InvokeHolder {}
/** @class */
export const ConnectionObjects = runtime.ConnectionObjects as new (invoke: Invoke) => ConnectionObjects;
