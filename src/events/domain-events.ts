import {
  virConnectDomainEventAgentLifecycleReason,
  virConnectDomainEventAgentLifecycleState,
  virConnectDomainEventBlockJobStatus,
  virConnectDomainEventDiskChangeReason,
  virDomainBlockJobType,
  virDomainEventGraphicsPhase,
  virDomainEventID,
  virDomainEventIOErrorAction,
  virDomainEventTrayChangeReason,
  virDomainEventWatchdogAction,
  virDomainMemoryFailureActionType,
  virDomainMemoryFailureRecipientType,
  virDomainMetadataType,
} from '../generated/libvirt/libvirt.js';
import { remote_procedure as P } from '../generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type {
  RemoteDomainEventBlockJob2Msg,
  RemoteDomainEventBlockThresholdMsg,
  RemoteDomainEventCallbackAgentLifecycleMsg,
  RemoteDomainEventCallbackBalloonChangeMsg,
  RemoteDomainEventCallbackBlockJobMsg,
  RemoteDomainEventCallbackControlErrorMsg,
  RemoteDomainEventCallbackDeviceAddedMsg,
  RemoteDomainEventCallbackDeviceRemovalFailedMsg,
  RemoteDomainEventCallbackDeviceRemovedMsg,
  RemoteDomainEventCallbackDiskChangeMsg,
  RemoteDomainEventCallbackGraphicsMsg,
  RemoteDomainEventCallbackIoErrorMsg,
  RemoteDomainEventCallbackIoErrorReasonMsg,
  RemoteDomainEventCallbackJobCompletedMsg,
  RemoteDomainEventCallbackLifecycleMsg,
  RemoteDomainEventCallbackMetadataChangeMsg,
  RemoteDomainEventCallbackMigrationIterationMsg,
  RemoteDomainEventCallbackPmsuspendDiskMsg,
  RemoteDomainEventCallbackPmsuspendMsg,
  RemoteDomainEventCallbackPmwakeupMsg,
  RemoteDomainEventCallbackRebootMsg,
  RemoteDomainEventCallbackRtcChangeMsg,
  RemoteDomainEventCallbackTrayChangeMsg,
  RemoteDomainEventCallbackTunableMsg,
  RemoteDomainEventCallbackWatchdogMsg,
  RemoteDomainEventMemoryDeviceSizeChangeMsg,
  RemoteDomainEventMemoryFailureMsg,
  RemoteDomainEventNicMacChangeMsg,
  RemoteNonnullDomain,
} from '../generated/remote/types.js';
import { domainLifecycleNames, type DomainLifecycleNames } from './domain-lifecycle-names.js';
import { type EventFamily, type FamilyEvent, type FamilyKinds, uuidKey } from './event-family.js';
import { type SymbolicName, symbolicName } from '../protocol/symbolic-name.js';

/** The `*_msg` struct of each domain event, by rxvirt's name for it. */
export interface DomainEventMessages {
  lifecycle: RemoteDomainEventCallbackLifecycleMsg;
  reboot: RemoteDomainEventCallbackRebootMsg;
  'rtc-change': RemoteDomainEventCallbackRtcChangeMsg;
  watchdog: RemoteDomainEventCallbackWatchdogMsg;
  'io-error': RemoteDomainEventCallbackIoErrorMsg;
  graphics: RemoteDomainEventCallbackGraphicsMsg;
  'io-error-reason': RemoteDomainEventCallbackIoErrorReasonMsg;
  'control-error': RemoteDomainEventCallbackControlErrorMsg;
  'block-job': RemoteDomainEventCallbackBlockJobMsg;
  'disk-change': RemoteDomainEventCallbackDiskChangeMsg;
  'tray-change': RemoteDomainEventCallbackTrayChangeMsg;
  pmwakeup: RemoteDomainEventCallbackPmwakeupMsg;
  pmsuspend: RemoteDomainEventCallbackPmsuspendMsg;
  'balloon-change': RemoteDomainEventCallbackBalloonChangeMsg;
  'pmsuspend-disk': RemoteDomainEventCallbackPmsuspendDiskMsg;
  'device-removed': RemoteDomainEventCallbackDeviceRemovedMsg;
  'block-job-2': RemoteDomainEventBlockJob2Msg;
  tunable: RemoteDomainEventCallbackTunableMsg;
  'agent-lifecycle': RemoteDomainEventCallbackAgentLifecycleMsg;
  'device-added': RemoteDomainEventCallbackDeviceAddedMsg;
  'migration-iteration': RemoteDomainEventCallbackMigrationIterationMsg;
  'job-completed': RemoteDomainEventCallbackJobCompletedMsg;
  'device-removal-failed': RemoteDomainEventCallbackDeviceRemovalFailedMsg;
  'metadata-change': RemoteDomainEventCallbackMetadataChangeMsg;
  'block-threshold': RemoteDomainEventBlockThresholdMsg;
  'memory-failure': RemoteDomainEventMemoryFailureMsg;
  'memory-device-size-change': RemoteDomainEventMemoryDeviceSizeChangeMsg;
  /** Newer than libvirt 9.0: such a daemon refuses the registration with a `LibvirtError`. */
  'nic-mac-change': RemoteDomainEventNicMacChangeMsg;
}

interface BlockJobNames {
  readonly typeName: SymbolicName<typeof virDomainBlockJobType> | undefined;
  readonly statusName: SymbolicName<typeof virConnectDomainEventBlockJobStatus> | undefined;
}
interface IoErrorNames {
  readonly actionName: SymbolicName<typeof virDomainEventIOErrorAction> | undefined;
}

/** The symbolic names added to the domain events whose codes libvirt names. */
export interface DomainEventNames {
  lifecycle: DomainLifecycleNames;
  watchdog: { readonly actionName: SymbolicName<typeof virDomainEventWatchdogAction> | undefined };
  'io-error': IoErrorNames;
  'io-error-reason': IoErrorNames;
  graphics: { readonly phaseName: SymbolicName<typeof virDomainEventGraphicsPhase> | undefined };
  'block-job': BlockJobNames;
  'block-job-2': BlockJobNames;
  'disk-change': { readonly reasonName: SymbolicName<typeof virConnectDomainEventDiskChangeReason> | undefined };
  'tray-change': { readonly reasonName: SymbolicName<typeof virDomainEventTrayChangeReason> | undefined };
  'agent-lifecycle': {
    readonly stateName: SymbolicName<typeof virConnectDomainEventAgentLifecycleState> | undefined;
    readonly reasonName: SymbolicName<typeof virConnectDomainEventAgentLifecycleReason> | undefined;
  };
  'metadata-change': { readonly typeName: SymbolicName<typeof virDomainMetadataType> | undefined };
  'memory-failure': {
    readonly recipientName: SymbolicName<typeof virDomainMemoryFailureRecipientType> | undefined;
    readonly actionName: SymbolicName<typeof virDomainMemoryFailureActionType> | undefined;
  };
}

/** A domain event's name: `'lifecycle'`, `'reboot'`, ... `'nic-mac-change'`. */
export type DomainEventName = keyof DomainEventMessages;

/**
 * A domain event as emitted: the `*_msg` payload without `callbackID` (older payloads' `msg`
 * lifted to the top), plus the symbolic names of its codes where libvirt has them.
 */
export type DomainEvent<N extends DomainEventName> = FamilyEvent<DomainEventMessages, DomainEventNames, N>;

export type DomainLifecycleEvent = DomainEvent<'lifecycle'>;

type DomainEventKinds = FamilyKinds<DomainEventMessages, DomainEventNames>;

const ID = virDomainEventID;

const blockJobNames = ({ type, status }: { type: number; status: number }): BlockJobNames => ({
  typeName: symbolicName(virDomainBlockJobType, type),
  statusName: symbolicName(virConnectDomainEventBlockJobStatus, status),
});
const ioErrorNames = ({ action }: { action: number }): IoErrorNames => ({ actionName: symbolicName(virDomainEventIOErrorAction, action) });

/** Domain events: CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY (316) / DEREGISTER_ANY (317). */
export const DOMAIN_EVENTS: EventFamily<RemoteNonnullDomain, DomainEventKinds> = {
  family: 'domain',
  program: REMOTE_PROGRAM_INFO,
  register: P.REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
  deregister: P.REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
  filterField: 'dom',
  filterKey: (dom) => uuidKey(dom.uuid),
  kinds: {
    lifecycle: { eventID: ID.VIR_DOMAIN_EVENT_ID_LIFECYCLE, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, names: domainLifecycleNames },
    reboot: { eventID: ID.VIR_DOMAIN_EVENT_ID_REBOOT, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT },
    'rtc-change': { eventID: ID.VIR_DOMAIN_EVENT_ID_RTC_CHANGE, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_RTC_CHANGE },
    watchdog: {
      eventID: ID.VIR_DOMAIN_EVENT_ID_WATCHDOG,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_WATCHDOG,
      names: ({ action }) => ({ actionName: symbolicName(virDomainEventWatchdogAction, action) }),
    },
    'io-error': { eventID: ID.VIR_DOMAIN_EVENT_ID_IO_ERROR, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_IO_ERROR, names: ioErrorNames },
    graphics: {
      eventID: ID.VIR_DOMAIN_EVENT_ID_GRAPHICS,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_GRAPHICS,
      names: ({ phase }) => ({ phaseName: symbolicName(virDomainEventGraphicsPhase, phase) }),
    },
    'io-error-reason': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON,
      names: ioErrorNames,
    },
    'control-error': { eventID: ID.VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_CONTROL_ERROR },
    'block-job': { eventID: ID.VIR_DOMAIN_EVENT_ID_BLOCK_JOB, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_BLOCK_JOB, names: blockJobNames },
    'disk-change': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_DISK_CHANGE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DISK_CHANGE,
      names: ({ reason }) => ({ reasonName: symbolicName(virConnectDomainEventDiskChangeReason, reason) }),
    },
    'tray-change': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_TRAY_CHANGE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_TRAY_CHANGE,
      names: ({ reason }) => ({ reasonName: symbolicName(virDomainEventTrayChangeReason, reason) }),
    },
    pmwakeup: { eventID: ID.VIR_DOMAIN_EVENT_ID_PMWAKEUP, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMWAKEUP },
    pmsuspend: { eventID: ID.VIR_DOMAIN_EVENT_ID_PMSUSPEND, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMSUSPEND },
    'balloon-change': { eventID: ID.VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE },
    'pmsuspend-disk': { eventID: ID.VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK },
    'device-removed': { eventID: ID.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED },
    'block-job-2': { eventID: ID.VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, procedure: P.REMOTE_PROC_DOMAIN_EVENT_BLOCK_JOB_2, names: blockJobNames },
    tunable: { eventID: ID.VIR_DOMAIN_EVENT_ID_TUNABLE, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_TUNABLE },
    'agent-lifecycle': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE,
      names: ({ state, reason }) => ({
        stateName: symbolicName(virConnectDomainEventAgentLifecycleState, state),
        reasonName: symbolicName(virConnectDomainEventAgentLifecycleReason, reason),
      }),
    },
    'device-added': { eventID: ID.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_ADDED },
    'migration-iteration': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION,
    },
    'job-completed': { eventID: ID.VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED },
    'device-removal-failed': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED,
    },
    'metadata-change': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE,
      names: ({ type }) => ({ typeName: symbolicName(virDomainMetadataType, type) }),
    },
    'block-threshold': { eventID: ID.VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD, procedure: P.REMOTE_PROC_DOMAIN_EVENT_BLOCK_THRESHOLD },
    'memory-failure': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_MEMORY_FAILURE,
      names: ({ recipient, action }) => ({
        recipientName: symbolicName(virDomainMemoryFailureRecipientType, recipient),
        actionName: symbolicName(virDomainMemoryFailureActionType, action),
      }),
    },
    'memory-device-size-change': {
      eventID: ID.VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE,
      procedure: P.REMOTE_PROC_DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE,
    },
    // libvirt 9.0's API XML stops before this ID (its VIR_DOMAIN_EVENT_ID_LAST is 27).
    'nic-mac-change': { eventID: 27, procedure: P.REMOTE_PROC_DOMAIN_EVENT_NIC_MAC_CHANGE },
  },
};
