import { virNetworkEventID, virNetworkEventLifecycleType } from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteNetworkEventCallbackMetadataChangeMsg, RemoteNetworkEventLifecycleMsg, RemoteNonnullNetwork } from '../generated/remote/types.js';
import { type EventFamily, type FamilyEvent, type FamilyKinds, uuidKey } from './event-family.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/** The `*_msg` struct of each network event. */
export interface NetworkEventMessages {
  lifecycle: RemoteNetworkEventLifecycleMsg;
  /** Newer than libvirt 9.0 (event ID 1): such a daemon refuses the registration with a `LibvirtError`. */
  'metadata-change': RemoteNetworkEventCallbackMetadataChangeMsg;
}

export interface NetworkEventNames {
  /** `VIR_NETWORK_EVENT_STARTED`...; libvirt has no names for a network lifecycle event's `detail`. */
  lifecycle: { readonly eventName: SymbolicName<typeof virNetworkEventLifecycleType> | undefined };
}

export type NetworkEventName = keyof NetworkEventMessages;

/** A network event: the `*_msg` payload without `callbackID`, plus symbolic names. */
export type NetworkEvent<N extends NetworkEventName> = FamilyEvent<NetworkEventMessages, NetworkEventNames, N>;

type NetworkEventKinds = FamilyKinds<NetworkEventMessages, NetworkEventNames>;

/** Network events: CONNECT_NETWORK_EVENT_REGISTER_ANY (313) / DEREGISTER_ANY (314). */
export const NETWORK_EVENTS: EventFamily<RemoteNonnullNetwork, NetworkEventKinds> = {
  family: 'network',
  program: REMOTE_PROGRAM_INFO,
  register: P.REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY,
  deregister: P.REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
  filterField: 'net',
  filterKey: (net) => uuidKey(net.uuid),
  kinds: {
    lifecycle: {
      eventID: virNetworkEventID.VIR_NETWORK_EVENT_ID_LIFECYCLE,
      procedure: P.REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
      names: ({ event }) => ({ eventName: symbolicName(virNetworkEventLifecycleType, event) }),
    },
    // libvirt 9.0's API XML stops before this ID (VIR_NETWORK_EVENT_ID_LAST is 1).
    'metadata-change': { eventID: 1, procedure: P.REMOTE_PROC_NETWORK_EVENT_CALLBACK_METADATA_CHANGE },
  },
};
