import { qemu_procedure as Q } from '../generated/qemu/constants.js';
import { QEMU_PROGRAM_INFO } from '../generated/qemu/procedures.js';
import type { QemuDomainMonitorEventMsg } from '../generated/qemu/types.js';
import type { RemoteNonnullDomain } from '../generated/remote/types.js';
import { uuidKey } from './event-family.js';
import { procedureOf } from '../protocol/procedure-table.js';
import type { EventPayload } from './event-payload.js';
import type { EventRegistration } from './event-registration.js';

/** Which QEMU monitor events to receive; every field is optional. */
export interface QemuMonitorEventFilter {
  /** Only this domain's events. */
  readonly dom?: RemoteNonnullDomain;
  /** Only events of this name (`SHUTDOWN`, `BLOCK_JOB_READY`...), or a regex with the REGEX flag. */
  readonly event?: string;
  /** `virConnectDomainQemuMonitorEventRegisterFlags`: REGEX (1), NOCASE (2). */
  readonly flags?: number;
}

/** A QEMU monitor event: `{ dom, event, seconds, micros, details }`, `details` being QMP's JSON text. */
export type QemuMonitorEvent = EventPayload<QemuDomainMonitorEventMsg>;

/** QEMU program: CONNECT_DOMAIN_MONITOR_EVENT_REGISTER (4) / DEREGISTER (5), events on procedure 6. */
export function qemuMonitorRegistration(filter: QemuMonitorEventFilter): EventRegistration<QemuDomainMonitorEventMsg> {
  return {
    register: procedureOf(QEMU_PROGRAM_INFO, Q.QEMU_PROC_CONNECT_DOMAIN_MONITOR_EVENT_REGISTER),
    registerArgs: { dom: filter.dom ?? null, event: filter.event ?? null, flags: filter.flags ?? 0 },
    deregister: procedureOf(QEMU_PROGRAM_INFO, Q.QEMU_PROC_CONNECT_DOMAIN_MONITOR_EVENT_DEREGISTER),
    deregisterArgs: (callbackID) => ({ callbackID }),
    message: procedureOf(QEMU_PROGRAM_INFO, Q.QEMU_PROC_DOMAIN_MONITOR_EVENT),
    routedBy: 'callbackID',
  };
}

/** One daemon registration per distinct filter. */
export function qemuMonitorKey(filter: QemuMonitorEventFilter): string {
  // JSON quoting keeps an event name containing ':' from colliding with another filter.
  return `qemu-monitor:${filter.dom ? uuidKey(filter.dom.uuid) : '*'}:${JSON.stringify(filter.event ?? null)}:${filter.flags ?? 0}`;
}
