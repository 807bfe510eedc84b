import { virSecretEventID, virSecretEventLifecycleType } from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteNonnullSecret, RemoteSecretEventLifecycleMsg, RemoteSecretEventValueChangedMsg } from '../generated/remote/types.js';
import { type EventFamily, type FamilyEvent, type FamilyKinds, uuidKey } from './event-family.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/** The `*_msg` struct of each secret event. */
export interface SecretEventMessages {
  lifecycle: RemoteSecretEventLifecycleMsg;
  'value-changed': RemoteSecretEventValueChangedMsg;
}

export interface SecretEventNames {
  /** `VIR_SECRET_EVENT_DEFINED`...; libvirt has no names for a secret lifecycle event's `detail`. */
  lifecycle: { readonly eventName: SymbolicName<typeof virSecretEventLifecycleType> | undefined };
}

export type SecretEventName = keyof SecretEventMessages;

/** A secret event: the `*_msg` payload without `callbackID`, plus symbolic names. */
export type SecretEvent<N extends SecretEventName> = FamilyEvent<SecretEventMessages, SecretEventNames, N>;

type SecretEventKinds = FamilyKinds<SecretEventMessages, SecretEventNames>;

/** Secret events: CONNECT_SECRET_EVENT_REGISTER_ANY (380) / DEREGISTER_ANY (381). */
export const SECRET_EVENTS: EventFamily<RemoteNonnullSecret, SecretEventKinds> = {
  family: 'secret',
  program: REMOTE_PROGRAM_INFO,
  register: P.REMOTE_PROC_CONNECT_SECRET_EVENT_REGISTER_ANY,
  deregister: P.REMOTE_PROC_CONNECT_SECRET_EVENT_DEREGISTER_ANY,
  filterField: 'secret',
  filterKey: (secret) => uuidKey(secret.uuid),
  kinds: {
    lifecycle: {
      eventID: virSecretEventID.VIR_SECRET_EVENT_ID_LIFECYCLE,
      procedure: P.REMOTE_PROC_SECRET_EVENT_LIFECYCLE,
      names: ({ event }) => ({ eventName: symbolicName(virSecretEventLifecycleType, event) }),
    },
    'value-changed': { eventID: virSecretEventID.VIR_SECRET_EVENT_ID_VALUE_CHANGED, procedure: P.REMOTE_PROC_SECRET_EVENT_VALUE_CHANGED },
  },
};
