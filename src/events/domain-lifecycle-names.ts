import {
  virDomainEventCrashedDetailType,
  virDomainEventDefinedDetailType,
  virDomainEventPMSuspendedDetailType,
  virDomainEventResumedDetailType,
  virDomainEventShutdownDetailType,
  virDomainEventStartedDetailType,
  virDomainEventStoppedDetailType,
  virDomainEventSuspendedDetailType,
  virDomainEventType,
  virDomainEventUndefinedDetailType,
} from '../generated/libvirt/libvirt.js';
import type { ConstantTable } from '../protocol/constant-names.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/** The detail enum of each lifecycle event: what `detail` means depends on `event`. */
const DETAIL_TABLES = new Map<number, ConstantTable>([
  [virDomainEventType.VIR_DOMAIN_EVENT_DEFINED, virDomainEventDefinedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_UNDEFINED, virDomainEventUndefinedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_STARTED, virDomainEventStartedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_SUSPENDED, virDomainEventSuspendedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_RESUMED, virDomainEventResumedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_STOPPED, virDomainEventStoppedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_SHUTDOWN, virDomainEventShutdownDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_PMSUSPENDED, virDomainEventPMSuspendedDetailType],
  [virDomainEventType.VIR_DOMAIN_EVENT_CRASHED, virDomainEventCrashedDetailType],
]);

/** Every lifecycle detail name, `VIR_DOMAIN_EVENT_SUSPENDED_PAUSED` and the like. */
export type DomainLifecycleDetailName =
  | SymbolicName<typeof virDomainEventDefinedDetailType>
  | SymbolicName<typeof virDomainEventUndefinedDetailType>
  | SymbolicName<typeof virDomainEventStartedDetailType>
  | SymbolicName<typeof virDomainEventSuspendedDetailType>
  | SymbolicName<typeof virDomainEventResumedDetailType>
  | SymbolicName<typeof virDomainEventStoppedDetailType>
  | SymbolicName<typeof virDomainEventShutdownDetailType>
  | SymbolicName<typeof virDomainEventPMSuspendedDetailType>
  | SymbolicName<typeof virDomainEventCrashedDetailType>;

export interface DomainLifecycleNames {
  /** `VIR_DOMAIN_EVENT_SUSPENDED`...; undefined for an event this libvirt does not know. */
  readonly eventName: SymbolicName<typeof virDomainEventType> | undefined;
  /** Read in the detail enum of the event (`VIR_DOMAIN_EVENT_SUSPENDED_PAUSED`...); undefined when unknown. */
  readonly detailName: DomainLifecycleDetailName | undefined;
}

/**
 * Names a domain lifecycle event's `event` and `detail` codes.
 *
 * @example
 * domainLifecycleNames({ event: 3, detail: 0 });
 * // { eventName: 'VIR_DOMAIN_EVENT_SUSPENDED', detailName: 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED' }
 */
export function domainLifecycleNames({ event, detail }: { readonly event: number; readonly detail: number }): DomainLifecycleNames {
  const details = DETAIL_TABLES.get(event);
  return {
    eventName: symbolicName(virDomainEventType, event),
    detailName: details === undefined ? undefined : (symbolicName(details, detail) as DomainLifecycleDetailName | undefined),
  };
}
