import { virNodeDeviceEventID, virNodeDeviceEventLifecycleType } from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteNodeDeviceEventLifecycleMsg, RemoteNodeDeviceEventUpdateMsg, RemoteNonnullNodeDevice } from '../generated/remote/types.js';
import type { EventFamily, FamilyEvent, FamilyKinds } from './event-family.js';
import { type SymbolicName, symbolicName } from './symbolic-name.js';

/** The `*_msg` struct of each node device event. */
export interface NodeDeviceEventMessages {
  lifecycle: RemoteNodeDeviceEventLifecycleMsg;
  update: RemoteNodeDeviceEventUpdateMsg;
}

export interface NodeDeviceEventNames {
  /** `VIR_NODE_DEVICE_EVENT_CREATED`...; libvirt has no names for a node device lifecycle event's `detail`. */
  lifecycle: { readonly eventName: SymbolicName<typeof virNodeDeviceEventLifecycleType> | undefined };
}

export type NodeDeviceEventName = keyof NodeDeviceEventMessages;

/** A node device event: the `*_msg` payload without `callbackID`, plus symbolic names. */
export type NodeDeviceEvent<N extends NodeDeviceEventName> = FamilyEvent<NodeDeviceEventMessages, NodeDeviceEventNames, N>;

type NodeDeviceEventKinds = FamilyKinds<NodeDeviceEventMessages, NodeDeviceEventNames>;

/** Node device events: CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY (374) / DEREGISTER_ANY (375). */
export const NODE_DEVICE_EVENTS: EventFamily<RemoteNonnullNodeDevice, NodeDeviceEventKinds> = {
  family: 'node-device',
  program: REMOTE_PROGRAM_INFO,
  register: P.REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY,
  deregister: P.REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY,
  filterField: 'dev',
  // Node devices have no UUID; their name is unique on the host.
  filterKey: (dev) => {
    if (typeof dev.name !== 'string') throw new TypeError('a node device is named by a string');
    return dev.name;
  },
  kinds: {
    lifecycle: {
      eventID: virNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
      procedure: P.REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE,
      names: ({ event }) => ({ eventName: symbolicName(virNodeDeviceEventLifecycleType, event) }),
    },
    update: { eventID: virNodeDeviceEventID.VIR_NODE_DEVICE_EVENT_ID_UPDATE, procedure: P.REMOTE_PROC_NODE_DEVICE_EVENT_UPDATE },
  },
};
