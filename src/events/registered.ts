/**
 * Emitted by an event stream subscribed with `{ registered: true }` once the daemon has confirmed
 * the registration: every event the daemon sends from then on reaches the subscriber. It comes at
 * once for a subscriber that joins a registration already live, and again after each
 * re-registration of a reconnecting connection.
 *
 * @example
 * conn.events.domain('lifecycle', { dom, registered: true }).subscribe((item) => {
 *   if (item === REGISTERED) suspend(); // the suspend's event cannot be missed now
 *   else console.log(item.eventName);
 * });
 */
export const REGISTERED: unique symbol = Symbol('rxvirt.registered');

/** The type of {@link REGISTERED}. */
export type Registered = typeof REGISTERED;

/** What asks an event stream for the {@link REGISTERED} notification. */
export interface RegistrationSignal {
  /** Emit {@link REGISTERED} once the daemon has confirmed the registration (default false). */
  readonly registered?: boolean;
}

/** The items of an event stream of events `T` subscribed with `options`: `T`, and {@link REGISTERED} when asked for. */
export type WithRegistered<Options extends RegistrationSignal, T> = Options['registered'] extends true ? T | Registered : T;
