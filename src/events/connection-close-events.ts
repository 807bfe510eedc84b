import { virConnectCloseReason } from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { RemoteConnectEventConnectionClosedMsg } from '../generated/remote/types.js';
import { procedureOf } from '../protocol/procedure-table.js';
import type { EventRegistration } from './event-registration.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/**
 * The daemon's connection-close event: the daemon's own connection to the driver closed (a
 * hypervisor driver went away behind a proxying daemon), with libvirt's reason.
 */
export interface ConnectionCloseEvent {
  readonly reason: number;
  /** `VIR_CONNECT_CLOSE_REASON_EOF`...; undefined for a reason this libvirt does not know. */
  readonly reasonName: SymbolicName<typeof virConnectCloseReason> | undefined;
}

/** CONNECT_REGISTER_CLOSE_CALLBACK (360) / UNREGISTER (361), event 362: no callback ID anywhere. */
export const CONNECTION_CLOSE_REGISTRATION: EventRegistration<RemoteConnectEventConnectionClosedMsg> = {
  register: procedureOf(REMOTE_PROGRAM_INFO, P.REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK),
  registerArgs: undefined,
  deregister: procedureOf(REMOTE_PROGRAM_INFO, P.REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK),
  deregisterArgs: () => undefined,
  message: procedureOf(REMOTE_PROGRAM_INFO, P.REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED),
  routedBy: 'procedure',
};

export function connectionCloseEvent({ reason }: RemoteConnectEventConnectionClosedMsg): ConnectionCloseEvent {
  return { reason, reasonName: symbolicName(virConnectCloseReason, reason) };
}
