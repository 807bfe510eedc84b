import { virDomainEventID } from '../generated/libvirt/libvirt.js';
import type { RemoteConnectDomainEventCallbackRegisterAnyArgs, RemoteNonnullDomain } from '../generated/remote/types.js';
import { DaemonErrors } from './daemon-error.js';
import { sameUuid } from './uuid.js';

/** One domain event callback a client registered (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY). */
interface DomainCallback {
  readonly eventID: number;
  /** Only this domain's events; null: every domain's. */
  readonly dom: RemoteNonnullDomain | null;
}

/**
 * A connection's domain event callbacks by callback ID, as libvirtd keeps them: IDs come from a
 * daemon-wide counter, event IDs the 9.0 daemon does not know are refused, and an event goes to
 * every callback of its event ID whose filter is empty or names the domain (by UUID).
 */
export class EventRegistrations {
  private readonly callbacks = new Map<number, DomainCallback>();

  constructor(private readonly nextCallbackId: () => number) {}

  register(args: RemoteConnectDomainEventCallbackRegisterAnyArgs): number {
    if (!Number.isInteger(args.eventID) || args.eventID < 0 || args.eventID >= virDomainEventID.VIR_DOMAIN_EVENT_ID_LAST) {
      throw DaemonErrors.invalidArg(`unsupported event ID ${args.eventID}`);
    }
    const callbackID = this.nextCallbackId();
    this.callbacks.set(callbackID, { eventID: args.eventID, dom: args.dom });
    return callbackID;
  }

  deregister(callbackID: number): void {
    if (!this.callbacks.delete(callbackID)) throw DaemonErrors.invalidArg(`domain event callback ${callbackID} not registered`);
  }

  /** The callback IDs an event of `eventID` about `dom` goes to. */
  matching(eventID: number, dom: RemoteNonnullDomain): number[] {
    const ids: number[] = [];
    for (const [callbackID, callback] of this.callbacks) {
      if (callback.eventID === eventID && (callback.dom === null || sameUuid(callback.dom.uuid, dom.uuid))) ids.push(callbackID);
    }
    return ids;
  }

  get size(): number {
    return this.callbacks.size;
  }
}
