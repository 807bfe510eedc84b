// Plain references to libvirt objects (the `remote_nonnull_*` structs the flat API takes and
// emits), for stubs and expectations in tests: `domainRef('test')`.
import type {
  RemoteNonnullDomain,
  RemoteNonnullNetwork,
  RemoteNonnullNodeDevice,
  RemoteNonnullStoragePool,
  RemoteNonnullStorageVol,
} from '../generated/remote/types.js';
import { ArgumentError } from '../rpc/argument-error.js';
import { parseUuid } from '../protocol/uuid.js';

export interface DomainRefOptions {
  /** Default -1, libvirt's id of a domain that is not running. */
  readonly id?: number;
  /** Canonical text form; default: derived from the name, so equal names give equal references. */
  readonly uuid?: string;
}

export interface UuidRefOptions {
  /** Canonical text form; default: derived from the name. */
  readonly uuid?: string;
}

/** A domain reference, `{ name, uuid, id }`. */
export function domainRef(name: string, options: DomainRefOptions = {}): RemoteNonnullDomain {
  const id = options.id ?? -1;
  if (!Number.isInteger(id)) throw new ArgumentError('domainRef', 'options.id', `an integer expected, got ${String(id)}`);
  return { name: checkedName('domainRef', name), uuid: uuidOf('domainRef', name, options.uuid), id };
}

/** A network reference, `{ name, uuid }`. */
export function networkRef(name: string, options: UuidRefOptions = {}): RemoteNonnullNetwork {
  return { name: checkedName('networkRef', name), uuid: uuidOf('networkRef', name, options.uuid) };
}

/** A storage pool reference, `{ name, uuid }`. */
export function storagePoolRef(name: string, options: UuidRefOptions = {}): RemoteNonnullStoragePool {
  return { name: checkedName('storagePoolRef', name), uuid: uuidOf('storagePoolRef', name, options.uuid) };
}

/** A storage volume reference, `{ pool, name, key }`; the key defaults to `/pool/name`, as the test driver's. */
export function storageVolRef(pool: string, name: string, key?: string): RemoteNonnullStorageVol {
  return {
    pool: checkedName('storageVolRef', pool, 'pool'),
    name: checkedName('storageVolRef', name),
    key: key === undefined ? `/${pool}/${name}` : checkedName('storageVolRef', key, 'key'),
  };
}

/** A node device reference, `{ name }`. */
export function nodeDeviceRef(name: string): RemoteNonnullNodeDevice {
  return { name: checkedName('nodeDeviceRef', name) };
}

function checkedName(builder: string, value: unknown, path = 'name'): string {
  if (typeof value !== 'string' || value === '') throw new ArgumentError(builder, path, `a non-empty string expected, got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

function uuidOf(builder: string, name: string, text: string | undefined): Uint8Array {
  if (text === undefined) return uuidFromName(name);
  if (typeof text !== 'string' || !/^[0-9a-fA-F]{32}$/.test(text.replace(/-/g, ''))) {
    throw new ArgumentError(builder, 'options.uuid', `a UUID expected (8-4-4-4-12 hex digits), got ${JSON.stringify(text) ?? String(text)}`);
  }
  return parseUuid(text);
}

/** 16 bytes from the name (FNV-1a, four rounds): stable, distinct enough for tests, not a real UUID version. */
function uuidFromName(name: string): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let round = 0; round < 4; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
    view.setUint32(round * 4, hash >>> 0);
  }
  return bytes;
}
