import { Observable } from 'rxjs';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { XdrReader } from '../xdr/reader.js';
import type { EventDelivery, EventRouter } from './event-router.js';
import type { EventRegistration } from './event-registration.js';
import type { EventSource } from './event-source.js';

/** Stands for the callback ID of registrations that have none (libvirt's legacy callbacks use -1 too). */
const NO_CALLBACK_ID = -1;

/**
 * One daemon-side registration as a cold Observable of decoded `*_msg` payloads: subscribing
 * sends the register call, unsubscribing the deregister call. Share it (see
 * `SharedRegistrations`): each subscription is a registration of its own on the daemon.
 *
 * - The route is added in the register reply's handler, before any later frame is read, so no
 *   event addressed to the new callback ID is missed.
 * - Unsubscribing while the register call is in flight does not orphan the daemon's callback:
 *   the reply is awaited and deregistered at once.
 * - The deregister call is fire-and-forget; its errors are ignored (the daemon forgets every
 *   callback of a connection that closes anyway), and none is sent once the connection is over.
 * - `released` is called once the daemon holds no callback for this subscription any more: the
 *   deregister call answered, the register call refused, or the connection over. The daemon
 *   refuses a second registration of the same event and filter on one connection ("event
 *   callback already tracked"), so a new one for the same key must wait for it.
 * - When the connection ends, the Observable completes if it was closed on purpose and errors
 *   with a `ConnectionClosedError` carrying the cause if it died. A register call refused by
 *   the daemon (an event ID it does not know) errors with its `LibvirtError`.
 *
 * @example
 * const router = new EventRouter();
 * session.events.subscribe((frame) => router.route(frame));
 * const lifecycle = familyRegistration(DOMAIN_EVENTS, DOMAIN_EVENTS.kinds.lifecycle, null);
 * registeredEvents(session, router, lifecycle).subscribe((msg) => console.log(msg)); // { callbackID, msg: { dom, event, detail } }
 */
export function registeredEvents<Msg>(
  source: EventSource,
  router: EventRouter,
  registration: EventRegistration<Msg>,
  released: () => void = () => undefined,
): Observable<Msg> {
  return new Observable<Msg>((subscriber) => {
    let ended = false;
    let tornDown = false;
    /** The register call was answered or failed. */
    let registerSettled = false;
    let registeredId: number | undefined;
    let releaseReported = false;
    const release = (): void => {
      if (releaseReported) return;
      releaseReported = true;
      released();
    };
    const routeKey = (callbackID: number): number | null => (registration.routedBy === 'callbackID' ? callbackID : null);
    const decode = registration.message.decodeMessage;

    const endSubscription = source.end$.subscribe(({ cause }) => {
      ended = true;
      if (cause === undefined) subscriber.complete();
      else subscriber.error(new ConnectionClosedError('connection closed', { cause }));
    });
    if (ended) return undefined;

    const deliver: EventDelivery = (frame) => {
      let msg: Msg;
      try {
        const reader = new XdrReader(frame.payload);
        msg = decode ? decode(reader) : (undefined as Msg);
        reader.expectEnd();
      } catch (err) {
        subscriber.error(err);
        return;
      }
      subscriber.next(msg);
    };
    const deregister = (callbackID: number): void => {
      source.rpc.call(registration.deregister, registration.deregisterArgs(callbackID)).subscribe({ complete: release, error: release });
    };

    source.rpc.call(registration.register, registration.registerArgs).subscribe({
      next: (reply) => {
        registerSettled = true;
        const callbackID = callbackIdOf(reply);
        if (tornDown) {
          if (ended) release();
          else deregister(callbackID);
          return;
        }
        registeredId = callbackID;
        router.add(registration.message, routeKey(callbackID), deliver);
      },
      // A call failing because the connection closed is settled by end$, which follows at once.
      error: (err: unknown) => {
        registerSettled = true;
        if (tornDown) release();
        if (!(err instanceof ConnectionClosedError)) subscriber.error(err);
      },
    });

    return () => {
      tornDown = true;
      endSubscription.unsubscribe();
      if (registeredId === undefined) {
        // Refused, or the connection ended: nothing to deregister. Still in flight: see `next`.
        if (registerSettled || ended) release();
        return;
      }
      router.remove(registration.message, routeKey(registeredId), deliver);
      if (ended) release();
      else deregister(registeredId);
    };
  });
}

/** The `callbackID` of a register reply; registrations routed by procedure get none back. */
function callbackIdOf(reply: unknown): number {
  if (typeof reply !== 'object' || reply === null || !('callbackID' in reply)) return NO_CALLBACK_ID;
  return typeof reply.callbackID === 'number' ? reply.callbackID : NO_CALLBACK_ID;
}
