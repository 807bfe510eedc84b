import { type Observable, throwError } from 'rxjs';
import { parseUuid } from '../protocol/uuid.js';
import { ArgumentError } from '../rpc/argument-error.js';
import type { ConnectionApi, Domain, Interface, Network, NodeDevice, NWFilter, Secret, StoragePool, StorageVol } from './object-classes.js';

/** A domain as virsh names one: its id, its UUID (text or 16 bytes) or its name. */
export type DomainKey = number | string | Uint8Array;
/** An object named by its name or its UUID (text or 16 bytes). */
export type NameOrUuid = string | Uint8Array;

const UUID_TEXT = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/**
 * The common lookups, as python-libvirt's `conn.lookupByName()` and virsh's object arguments:
 * one method per class taking what identifies an object, emitting the object. The rule for a
 * key: a number is an id, 16 bytes or UUID text a UUID, any other string a name (a storage
 * volume: a path when it starts with `/`, else its key).
 *
 * @example
 * const dom = await firstValueFrom(lookups.domain('test')); // a Domain, by name
 * await firstValueFrom(dom.suspend());
 */
export class Lookups {
  constructor(private readonly api: ConnectionApi) {}

  domain(key: DomainKey): Observable<Domain> {
    if (typeof key === 'number') return this.api.domainLookupById({ id: key });
    return this.byNameOrUuid('domain', key, (name) => this.api.domainLookupByName({ name }), (uuid) => this.api.domainLookupByUuid({ uuid }));
  }

  network(key: NameOrUuid): Observable<Network> {
    return this.byNameOrUuid('network', key, (name) => this.api.networkLookupByName({ name }), (uuid) => this.api.networkLookupByUuid({ uuid }));
  }

  storagePool(key: NameOrUuid): Observable<StoragePool> {
    return this.byNameOrUuid('storagePool', key, (name) => this.api.storagePoolLookupByName({ name }), (uuid) => this.api.storagePoolLookupByUuid({ uuid }));
  }

  storageVol(keyOrPath: string): Observable<StorageVol> {
    if (typeof keyOrPath !== 'string') return wrongKey('storageVol', keyOrPath, 'a volume key or path');
    return keyOrPath.startsWith('/') ? this.api.storageVolLookupByPath({ path: keyOrPath }) : this.api.storageVolLookupByKey({ key: keyOrPath });
  }

  nodeDevice(name: string): Observable<NodeDevice> {
    if (typeof name !== 'string') return wrongKey('nodeDevice', name, 'a device name');
    return this.api.nodeDeviceLookupByName({ name });
  }

  secret(uuid: NameOrUuid): Observable<Secret> {
    const bytes = uuidOf(uuid);
    if (bytes === undefined) return wrongKey('secret', uuid, 'a UUID');
    return this.api.secretLookupByUuid({ uuid: bytes });
  }

  interface(name: string): Observable<Interface> {
    if (typeof name !== 'string') return wrongKey('interface', name, 'an interface name');
    return this.api.interfaceLookupByName({ name });
  }

  nwfilter(key: NameOrUuid): Observable<NWFilter> {
    return this.byNameOrUuid('nwfilter', key, (name) => this.api.nwfilterLookupByName({ name }), (uuid) => this.api.nwfilterLookupByUuid({ uuid }));
  }

  private byNameOrUuid<T>(method: string, key: NameOrUuid, byName: (name: string) => Observable<T>, byUuid: (uuid: Uint8Array) => Observable<T>): Observable<T> {
    const uuid = uuidOf(key);
    if (uuid !== undefined) return byUuid(uuid);
    if (typeof key === 'string') return byName(key);
    return wrongKey(method, key, 'a name or a UUID');
  }
}

/** The UUID a key stands for, if it is one. */
function uuidOf(key: unknown): Uint8Array | undefined {
  if (key instanceof Uint8Array) return key.length === 16 ? key : undefined;
  return typeof key === 'string' && UUID_TEXT.test(key) ? parseUuid(key) : undefined;
}

function wrongKey(method: string, key: unknown, expected: string): Observable<never> {
  return throwError(() => new ArgumentError(method, 'key', `expected ${expected}, got ${typeof key === 'string' ? JSON.stringify(key) : String(key)}`));
}
