import type { Observable, Observer, Subscription, Unsubscribable } from 'rxjs';
import type { SessionEnd, SessionEndListener } from '../connection/session.js';
import type { Frame } from '../protocol/frame.js';
import { ConnectionClosedError } from '../rpc/connection-closed-error.js';
import { XdrReader } from '../xdr/reader.js';
import type { EventRoute, EventRouter, PendingRoute } from './event-router.js';
import type { EventRegistration } from './event-registration.js';
import type { EventSource } from './event-source.js';
import { REGISTERED, type Registered } from './registered.js';
import type { RegistrationQueue } from './registration-queue.js';

/**
 * What a daemon registration tells its owner (`SharedRegistrations`' entry of the key): its items
 * and its end as an observer hears them (nothing after `error` or `complete`), and, separately,
 * its release.
 */
export interface RegistrationListener<T> {
  /** {@link REGISTERED} once the daemon has answered the register call, then each event. */
  next(item: T | Registered): void;
  error(err: unknown): void;
  complete(): void;
  /**
   * The daemon holds no callback for this registration any more: the deregister call answered,
   * the register call refused or never sent, or the connection over. The daemon refuses a second
   * registration of the same event and filter on one connection ("event callback already
   * tracked"), so a new one for the same key must wait for this.
   */
  released(): void;
}

/** Stands for the callback ID of registrations that have none (libvirt's legacy callbacks use -1 too). */
const NO_CALLBACK_ID = -1;

/** What a registration needs of its connection: the call path, the event router, the order of register calls. */
export interface RegistrationContext {
  readonly source: EventSource;
  readonly router: EventRouter;
  readonly queue: RegistrationQueue;
}

/**
 * Starts one daemon-side registration: sends the register call, tells `listener`
 * {@link REGISTERED} once the daemon has answered it, then each event decoded from its message
 * procedure and shaped by `toEvent`. Unsubscribing the returned handle sends the deregister
 * call. Share it (see `SharedRegistrations`): each one is a registration of its own on the daemon.
 *
 * - Register and deregister calls go through the connection's {@link RegistrationQueue}: one at a
 *   time, in the order asked.
 * - Events that arrive before the register reply are held by the router (`expect`) and delivered
 *   right after {@link REGISTERED}, in order; the route is added in the reply's handler, before
 *   any later frame is read. Too many held fails it with an `EventHoldOverflowError`.
 * - Unsubscribing while the register call is queued takes it out of the queue; while it is in
 *   flight, the reply is awaited and deregistered at once, so no callback is orphaned.
 * - The deregister call's errors are ignored (the daemon forgets every callback of a connection
 *   that closes anyway), and none is sent once the connection is over.
 * - When the connection ends, the listener hears `complete` if it was closed on purpose and
 *   `error` with a `ConnectionClosedError` carrying the cause if it died. A register call refused
 *   by the daemon (an event ID it does not know) is an `error` with its `LibvirtError`. Either
 *   way the registration then lets go of the daemon by itself, as an unsubscribed one does.
 *
 * Not an Observable: its one owner is an object already, and an rxjs subscriber between them
 * would cost each of a thousand connections a subscriber, an observer and a list of finalizers.
 *
 * @example
 * const context = { source: session, router: new EventRouter(), queue: new RegistrationQueue() };
 * session.setEventSink(context.router);
 * const lifecycle = familyRegistration(DOMAIN_EVENTS, DOMAIN_EVENTS.kinds.lifecycle, null);
 * const handle = startRegistration(context, lifecycle, (msg) => msg, {
 *   next: console.log, // REGISTERED, then { callbackID, msg: { dom, event, detail } }...
 *   error: console.error,
 *   complete: () => console.log('connection closed'),
 *   released: () => console.log('the daemon has forgotten it'),
 * });
 * handle.unsubscribe();
 */
export function startRegistration<Msg, T>(
  context: RegistrationContext,
  registration: EventRegistration<Msg>,
  toEvent: (msg: Msg) => T,
  listener: RegistrationListener<T>,
): Unsubscribable {
  const daemonRegistration = new DaemonRegistration(context, registration, toEvent, listener);
  daemonRegistration.start();
  return daemonRegistration;
}

/**
 * One registration of {@link startRegistration}: its state in fields and its steps as methods,
 * rather than a dozen closures and their contexts, since a process may hold one per connection
 * for thousands of connections. It is its own handle (`unsubscribe`), the router's route
 * (`deliver`), the connection's end listener (`sessionEnded`) and the register call's observer
 * (`next`, `error`).
 */
class DaemonRegistration<Msg, T> implements EventRoute, SessionEndListener, Observer<unknown>, Unsubscribable {
  /** The listener heard `error` or `complete`, or let go: it hears nothing more. */
  private stopped = false;
  private ended = false;
  private tornDown = false;
  /** The register call was sent, and is answered once `registeredId` is set or `settled`. */
  private sent = false;
  private settled = false;
  private registeredId: number | undefined;
  private releaseReported = false;
  private pending: PendingRoute | undefined;
  private registerCall: Subscription | undefined;

  constructor(
    private readonly context: RegistrationContext,
    private readonly registration: EventRegistration<Msg>,
    private readonly toEvent: (msg: Msg) => T,
    private readonly listener: RegistrationListener<T>,
  ) {}

  start(): void {
    // A connection already over ends it here and now.
    this.context.source.whenEnded(this);
    if (this.stopped) return;
    const registerCall = this.context.queue.run(() => this.sendRegister()).subscribe(this);
    // A reply that came during subscribe() has already let go of the call.
    if (!this.settled) this.registerCall = registerCall;
  }

  /** The connection is over. */
  sessionEnded({ cause }: SessionEnd): void {
    this.ended = true;
    if (cause === undefined) this.finish();
    else this.fail(new ConnectionClosedError('connection closed', { cause }));
  }

  /** An event frame of this registration's route. */
  deliver(frame: Frame): void {
    let event: T;
    try {
      const reader = new XdrReader(frame.payload);
      const decode = this.registration.message.decodeMessage;
      const msg = decode ? decode(reader) : (undefined as Msg);
      reader.expectEnd();
      event = this.toEvent(msg);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.emit(event);
  }

  /** The register call's reply. */
  next(reply: unknown): void {
    this.settled = true;
    this.registerCall = undefined;
    const callbackID = callbackIdOf(reply);
    if (this.tornDown) {
      if (this.ended) this.release();
      else this.deregister(callbackID);
      return;
    }
    this.registeredId = callbackID;
    const key = this.routeKey(callbackID);
    this.context.router.add(this.registration.message, key, this);
    this.emit(REGISTERED);
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle(key);
  }

  /** The register call failed; one failing because the connection closed is settled by `sessionEnded`, which follows at once. */
  error(err: unknown): void {
    this.settled = true;
    this.registerCall = undefined;
    this.pending?.cancel();
    this.pending = undefined;
    if (this.tornDown) this.release();
    if (!(err instanceof ConnectionClosedError)) this.fail(err);
  }

  complete(): void {
    // The reply came through `next`; nothing else to do.
  }

  /** Lets go: deregisters once the register call is answered (see {@link startRegistration}). */
  unsubscribe(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    // Let go of, the listener hears nothing more (a register call failing later included).
    this.stopped = true;
    this.context.source.removeEndListener(this);
    this.pending?.cancel();
    this.pending = undefined;
    if (!this.sent) {
      // Still queued: it never leaves.
      this.registerCall?.unsubscribe();
      this.release();
      return;
    }
    const { registeredId } = this;
    if (registeredId === undefined) {
      // Refused, or the connection ended: nothing to deregister. Still in flight: see `next`.
      if (this.settled || this.ended) this.release();
      return;
    }
    this.context.router.remove(this.registration.message, this.routeKey(registeredId), this);
    if (this.ended) this.release();
    else this.deregister(registeredId);
  }

  private sendRegister(): Observable<unknown> {
    const { router, source } = this.context;
    const { registration } = this;
    this.sent = true;
    this.pending = router.expect(registration.message, this.byCallbackId, (error) => this.fail(error));
    return source.rpc.call(registration.register, registration.registerArgs);
  }

  private deregister(callbackID: number): void {
    const { queue, source } = this.context;
    const { registration } = this;
    const release = (): void => this.release();
    queue.run(() => source.rpc.call(registration.deregister, registration.deregisterArgs(callbackID))).subscribe({ complete: release, error: release });
  }

  private release(): void {
    if (this.releaseReported) return;
    this.releaseReported = true;
    this.listener.released();
  }

  private emit(item: T | Registered): void {
    if (!this.stopped) this.listener.next(item);
  }

  /** Tells the listener, then lets go of the daemon, as an rxjs subscriber's error unsubscribes it. */
  private fail(err: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.listener.error(err);
    this.unsubscribe();
  }

  private finish(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.listener.complete();
    this.unsubscribe();
  }

  private get byCallbackId(): boolean {
    return this.registration.routedBy === 'callbackID';
  }

  private routeKey(callbackID: number): number | null {
    return this.byCallbackId ? callbackID : null;
  }
}

/** The `callbackID` of a register reply; registrations routed by procedure get none back. */
function callbackIdOf(reply: unknown): number {
  if (typeof reply !== 'object' || reply === null || !('callbackID' in reply)) return NO_CALLBACK_ID;
  return typeof reply.callbackID === 'number' ? reply.callbackID : NO_CALLBACK_ID;
}
