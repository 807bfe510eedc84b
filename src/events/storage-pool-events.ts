import { virStoragePoolEventID, virStoragePoolEventLifecycleType } from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteNonnullStoragePool, RemoteStoragePoolEventLifecycleMsg, RemoteStoragePoolEventRefreshMsg } from '../generated/remote/types.js';
import { type EventFamily, type FamilyEvent, type FamilyKinds, uuidKey } from './event-family.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/** The `*_msg` struct of each storage pool event. */
export interface StoragePoolEventMessages {
  lifecycle: RemoteStoragePoolEventLifecycleMsg;
  refresh: RemoteStoragePoolEventRefreshMsg;
}

export interface StoragePoolEventNames {
  /** `VIR_STORAGE_POOL_EVENT_STARTED`...; libvirt has no names for a pool lifecycle event's `detail`. */
  lifecycle: { readonly eventName: SymbolicName<typeof virStoragePoolEventLifecycleType> | undefined };
}

export type StoragePoolEventName = keyof StoragePoolEventMessages;

/** A storage pool event: the `*_msg` payload without `callbackID`, plus symbolic names. */
export type StoragePoolEvent<N extends StoragePoolEventName> = FamilyEvent<StoragePoolEventMessages, StoragePoolEventNames, N>;

type StoragePoolEventKinds = FamilyKinds<StoragePoolEventMessages, StoragePoolEventNames>;

/** Storage pool events: CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY (368) / DEREGISTER_ANY (369). */
export const STORAGE_POOL_EVENTS: EventFamily<RemoteNonnullStoragePool, StoragePoolEventKinds> = {
  family: 'storage-pool',
  program: REMOTE_PROGRAM_INFO,
  register: P.REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY,
  deregister: P.REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY,
  filterField: 'pool',
  filterKey: (pool) => uuidKey(pool.uuid),
  kinds: {
    lifecycle: {
      eventID: virStoragePoolEventID.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
      procedure: P.REMOTE_PROC_STORAGE_POOL_EVENT_LIFECYCLE,
      names: ({ event }) => ({ eventName: symbolicName(virStoragePoolEventLifecycleType, event) }),
    },
    refresh: { eventID: virStoragePoolEventID.VIR_STORAGE_POOL_EVENT_ID_REFRESH, procedure: P.REMOTE_PROC_STORAGE_POOL_EVENT_REFRESH },
  },
};
