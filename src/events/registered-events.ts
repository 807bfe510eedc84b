import { Observable, type Subscription } from 'rxjs';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { XdrReader } from '../xdr/reader.js';
import type { EventDelivery, EventRouter, PendingRoute } from './event-router.js';
import type { EventRegistration } from './event-registration.js';
import type { EventSource } from './event-source.js';
import { REGISTERED, type Registered } from './registered.js';
import type { RegistrationQueue } from './registration-queue.js';

/** Stands for the callback ID of registrations that have none (libvirt's legacy callbacks use -1 too). */
const NO_CALLBACK_ID = -1;

/** What a registration needs of its connection: the call path, the event router, the order of register calls. */
export interface RegistrationContext {
  readonly source: EventSource;
  readonly router: EventRouter;
  readonly queue: RegistrationQueue;
}

/**
 * One daemon-side registration as a cold Observable: subscribing sends the register call,
 * unsubscribing the deregister call. It emits {@link REGISTERED} once the daemon has answered the
 * register call, then each event decoded by `decode` and shaped by `toEvent`. Share it (see
 * `SharedRegistrations`): each subscription is a registration of its own on the daemon.
 *
 * - Register and deregister calls go through the connection's {@link RegistrationQueue}: one at a
 *   time, in the order asked.
 * - Events that arrive before the register reply are held by the router (`expect`) and delivered
 *   right after {@link REGISTERED}, in order; the route is added in the reply's handler, before
 *   any later frame is read. Too many held fails the subscription with an `EventHoldOverflowError`.
 * - Unsubscribing while the register call is queued takes it out of the queue; while it is in
 *   flight, the reply is awaited and deregistered at once, so no callback is orphaned.
 * - The deregister call's errors are ignored (the daemon forgets every callback of a connection
 *   that closes anyway), and none is sent once the connection is over.
 * - `released` is called once the daemon holds no callback for this subscription any more: the
 *   deregister call answered, the register call refused or never sent, or the connection over.
 *   The daemon refuses a second registration of the same event and filter on one connection
 *   ("event callback already tracked"), so a new one for the same key must wait for it.
 * - When the connection ends, the Observable completes if it was closed on purpose and errors
 *   with a `ConnectionClosedError` carrying the cause if it died. A register call refused by
 *   the daemon (an event ID it does not know) errors with its `LibvirtError`.
 *
 * @example
 * const context = { source: session, router: new EventRouter(), queue: new RegistrationQueue() };
 * session.events.subscribe((frame) => context.router.route(frame));
 * const lifecycle = familyRegistration(DOMAIN_EVENTS, DOMAIN_EVENTS.kinds.lifecycle, null);
 * registeredEvents(context, lifecycle, (msg) => msg).subscribe(console.log); // REGISTERED, then { callbackID, msg: { dom, event, detail } }...
 */
export function registeredEvents<Msg, T>(
  context: RegistrationContext,
  registration: EventRegistration<Msg>,
  toEvent: (msg: Msg) => T,
  released: () => void = () => undefined,
): Observable<T | Registered> {
  const { source, router, queue } = context;
  return new Observable<T | Registered>((subscriber) => {
    let ended = false;
    let tornDown = false;
    /** The register call was sent, and is answered once `registeredId` is set or `settled`. */
    let sent = false;
    let settled = false;
    let registeredId: number | undefined;
    let releaseReported = false;
    const release = (): void => {
      if (releaseReported) return;
      releaseReported = true;
      released();
    };
    const byCallbackId = registration.routedBy === 'callbackID';
    const routeKey = (callbackID: number): number | null => (byCallbackId ? callbackID : null);
    const decode = registration.message.decodeMessage;

    const endSubscription = source.end$.subscribe(({ cause }) => {
      ended = true;
      if (cause === undefined) subscriber.complete();
      else subscriber.error(new ConnectionClosedError('connection closed', { cause }));
    });
    if (ended) return undefined;

    const deliver: EventDelivery = (frame) => {
      let event: T;
      try {
        const reader = new XdrReader(frame.payload);
        const msg = decode ? decode(reader) : (undefined as Msg);
        reader.expectEnd();
        event = toEvent(msg);
      } catch (err) {
        subscriber.error(err);
        return;
      }
      subscriber.next(event);
    };
    const deregister = (callbackID: number): void => {
      queue.run(() => source.rpc.call(registration.deregister, registration.deregisterArgs(callbackID))).subscribe({ complete: release, error: release });
    };

    let pending: PendingRoute | undefined;
    const registerCall: Subscription = queue
      .run(() => {
        sent = true;
        pending = router.expect(registration.message, byCallbackId, (error) => subscriber.error(error));
        return source.rpc.call(registration.register, registration.registerArgs);
      })
      .subscribe({
        next: (reply) => {
          settled = true;
          const callbackID = callbackIdOf(reply);
          if (tornDown) {
            if (ended) release();
            else deregister(callbackID);
            return;
          }
          registeredId = callbackID;
          router.add(registration.message, routeKey(callbackID), deliver);
          subscriber.next(REGISTERED);
          pending?.settle(routeKey(callbackID));
        },
        // A call failing because the connection closed is settled by end$, which follows at once.
        error: (err: unknown) => {
          settled = true;
          pending?.cancel();
          if (tornDown) release();
          if (!(err instanceof ConnectionClosedError)) subscriber.error(err);
        },
      });

    return () => {
      tornDown = true;
      endSubscription.unsubscribe();
      pending?.cancel();
      if (!sent) {
        // Still queued: it never leaves.
        registerCall.unsubscribe();
        release();
        return;
      }
      if (registeredId === undefined) {
        // Refused, or the connection ended: nothing to deregister. Still in flight: see `next`.
        if (settled || ended) release();
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
