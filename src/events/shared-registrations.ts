import { asapScheduler, Observable, type Subscriber, type Subscription, type Unsubscribable } from 'rxjs';
import type { RegistrationListener } from './registered-events.js';
import { REGISTERED, type Registered } from './registered.js';
import { SmallMap } from '../rpc/small-map.js';

/** Starts a key's registration (`startRegistration`), reporting to the listener it is given; unsubscribing the handle lets it go. */
export type RegistrationSource<T> = (listener: RegistrationListener<T>) => Unsubscribable;

/**
 * The one copy of a key that the engine keeps for property names: keys are built by
 * concatenation (family, event ID, filter), which V8 keeps as a tree of string pieces, and every
 * connection watching the same object builds its own. As a property name it is
 * flattened and shared by all (and forgotten by the engine once unused, unlike a table of ours).
 */
function internedKey(key: string): string {
  return Object.keys({ [key]: true })[0];
}

/**
 * Reference-counted registrations: one daemon registration per key (family, event ID, object
 * filter) however many subscribers want it, as libvirt's C client does. The first subscriber
 * starts the source (the register call), later ones share it, and the source is let go (the
 * deregister call) when the last subscriber has left and nobody came back within the same
 * turn of the event loop (a `repeat`, a re-render that resubscribes), so that such a newcomer
 * finds the registration still live. The key is looked up when a subscriber arrives, not when
 * the Observable is made.
 *
 * The source tells {@link REGISTERED} when the daemon confirms the registration; subscribers
 * that asked for it get it then, or at once when they join a live registration; the others never
 * see it.
 *
 * The daemon refuses to register the same event and filter twice on one connection, also while
 * the previous registration's deregister call is still in flight: a new registration for a key
 * waits until the previous one for that key has been `released` (see `RegistrationListener`).
 *
 * @example
 * const registrations = new SharedRegistrations();
 * const a$ = registrations.get('domain:0:*', (listener) => startRegistration(context, lifecycle, toEvent, listener), false);
 * const b$ = registrations.get('domain:0:*', (listener) => startRegistration(context, lifecycle, toEvent, listener), true);
 * a$.subscribe(log); b$.subscribe(log); // one REGISTER_ANY call, one callback ID; b$ sees REGISTERED first
 */
export class SharedRegistrations {
  private readonly entries = new SmallMap<string, SharedEntry<unknown>>();
  /**
   * Per key, the last registration whose entry was forgotten before the daemon released it: a new
   * registration of the key waits for it. Made by the first such entry.
   */
  private unreleased: Map<string, SharedEntry<unknown>> | undefined;

  get<T>(name: string, source: RegistrationSource<T>, signal: boolean): Observable<T | Registered> {
    const key = internedKey(name);
    return new Observable<T | Registered>((subscriber) => {
      let entry = this.entries.get(key) as SharedEntry<T> | undefined;
      if (entry === undefined) {
        entry = new SharedEntry<T>(this, key);
        this.entries.set(key, entry);
      }
      entry.leaving?.unsubscribe();
      entry.leaving = undefined;
      const listener = new Listener(entry, subscriber, signal);
      entry.listeners = entry.listeners.concat(listener);
      if (!entry.connected) entry.connect(source, this.unreleased?.get(key));
      else if (entry.live && signal) subscriber.next(REGISTERED);
      return listener;
    });
  }

  /** Keys of the registrations the daemon has confirmed, for diagnostics and tests. */
  get keys(): string[] {
    return [...this.entries.entries()].filter(([, entry]) => entry.live).map(([key]) => key);
  }

  /** @internal The entry's source ended or its last subscriber left: a newcomer starts a new entry. */
  forget(entry: SharedEntry<unknown>): void {
    entry.over = true;
    entry.live = false;
    entry.leaving?.unsubscribe();
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    if (!entry.isReleased) (this.unreleased ??= new Map()).set(entry.key, entry);
  }

  /** @internal The daemon released the entry's registration. */
  releasedEntry(entry: SharedEntry<unknown>): void {
    if (this.unreleased?.get(entry.key) === entry) this.unreleased.delete(entry.key);
  }
}

/** One subscriber of a shared registration, and whether it asked for {@link REGISTERED}; leaving is unsubscribing it. */
class Listener<T> implements Unsubscribable {
  constructor(
    private readonly entry: SharedEntry<T>,
    readonly subscriber: Subscriber<T | Registered>,
    readonly signal: boolean,
  ) {}

  unsubscribe(): void {
    this.entry.leave(this);
  }
}

/**
 * The daemon registration of one key and the subscribers sharing it: one object per key with its
 * steps as methods (the listener of the key's registration), rather than closures per
 * registration.
 */
class SharedEntry<T> implements RegistrationListener<T> {
  /** Replaced, never changed in place: delivery walks the array it started with. */
  listeners: ReadonlyArray<Listener<T>> = [];
  /** The daemon has confirmed the registration. */
  live = false;
  /** The source ended or was let go: a newcomer starts a new entry. */
  over = false;
  /** The daemon holds no callback of this registration any more (or it never registered one). */
  isReleased = false;
  /** The deregistration waiting for the end of the turn after the last subscriber left. */
  leaving: Subscription | undefined;
  /** The source's registration, once started. */
  private connection: Unsubscribable | undefined;
  /** The source, while it waits for the previous registration of its key to be released. */
  private waitingSource: RegistrationSource<T> | undefined;
  /** Entries waiting for this one's release (made by the first). */
  private waiters: SharedEntry<unknown>[] | undefined;

  constructor(
    private readonly registrations: SharedRegistrations,
    readonly key: string,
  ) {}

  /** Whether its source was subscribed, or waits to be, or it is over. */
  get connected(): boolean {
    return this.connection !== undefined || this.waitingSource !== undefined || this.over;
  }

  /** Subscribes `source` once `previous` (the key's last registration not yet released) is released. */
  connect(source: RegistrationSource<T>, previous: SharedEntry<unknown> | undefined): void {
    if (previous === undefined) return this.start(source);
    this.waitingSource = source;
    (previous.waiters ??= []).push(this);
  }

  leave(listener: Listener<T>): void {
    this.listeners = this.listeners.filter((other) => other !== listener);
    if (this.listeners.length > 0 || this.over) return;
    this.leaving = asapScheduler.schedule(() => {
      this.leaving = undefined;
      if (this.listeners.length > 0) return;
      this.registrations.forget(this);
      // Letting go deregisters; an entry still waiting never registered, and is released when
      // its predecessor is (see `previousReleased`).
      this.connection?.unsubscribe();
    });
  }

  /** The registration's items: {@link REGISTERED} to those that asked for it, events to all. */
  next(item: T | Registered): void {
    if (item === REGISTERED) {
      this.live = true;
      for (const { subscriber, signal } of this.listeners) if (signal) subscriber.next(item);
    } else {
      for (const { subscriber } of this.listeners) subscriber.next(item);
    }
  }

  error(err: unknown): void {
    for (const subscriber of this.end()) subscriber.error(err);
  }

  complete(): void {
    for (const subscriber of this.end()) subscriber.complete();
  }

  /** From the source: the daemon holds no callback for this registration any more. */
  released(): void {
    if (this.isReleased) return;
    this.isReleased = true;
    this.registrations.releasedEntry(this);
    const waiters = this.waiters ?? [];
    this.waiters = undefined;
    for (const waiter of waiters) waiter.previousReleased();
  }

  private previousReleased(): void {
    const source = this.waitingSource;
    this.waitingSource = undefined;
    // Left while still waiting: nothing of its own is on the daemon, so it is released now too.
    if (this.over || source === undefined) this.released();
    else this.start(source);
  }

  private start(source: RegistrationSource<T>): void {
    this.connection = source(this);
  }

  /** Forgets the entry first (a subscriber that retries from its error handler starts a new one); returns who to tell. */
  private end(): Array<Subscriber<T | Registered>> {
    this.registrations.forget(this);
    const listeners = this.listeners;
    this.listeners = [];
    return listeners.map(({ subscriber }) => subscriber);
  }
}
