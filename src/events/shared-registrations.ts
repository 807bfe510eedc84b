import { asapScheduler, Observable, type Observer, type Subscriber, type Subscription } from 'rxjs';
import { REGISTERED, type Registered } from './registered.js';

/** One subscriber of a shared registration, and whether it asked for {@link REGISTERED}. */
interface Listener<T> {
  readonly subscriber: Subscriber<T | Registered>;
  readonly signal: boolean;
}

/** The daemon registration of one key and the subscribers sharing it. */
interface SharedEntry<T> {
  /** Replaced, never changed in place: delivery walks the array it started with. */
  listeners: ReadonlyArray<Listener<T>>;
  /** The daemon has confirmed the registration. */
  live: boolean;
  /** The source ended or was unsubscribed: a newcomer starts a new entry. */
  over: boolean;
  connection: Subscription | undefined;
  /** The deregistration waiting for the end of the turn after the last subscriber left. */
  leaving: Subscription | undefined;
}

/** The daemon's release of one registration: done once it holds no callback for it any more. */
interface Release {
  done: boolean;
  /** Who waits for it (made by the first). */
  waiters: Array<() => void> | undefined;
}

/**
 * The one copy of a key that the engine keeps for property names: keys are built by
 * concatenation (a UUID's hex digits one by one), which V8 keeps as a tree of a dozen string
 * pieces, and every connection watching the same object builds its own. As a property name it is
 * flattened and shared by all (and forgotten by the engine once unused, unlike a table of ours).
 */
function internedKey(key: string): string {
  return Object.keys({ [key]: true })[0];
}

/** Calls `then` once `release` is done: at once if it is. Returns how to stop waiting. */
function whenReleased(release: Release, then: () => void): () => void {
  if (release.done) {
    then();
    return () => undefined;
  }
  (release.waiters ??= []).push(then);
  return () => {
    const at = release.waiters?.indexOf(then) ?? -1;
    if (at >= 0) release.waiters?.splice(at, 1);
  };
}

/**
 * Reference-counted registrations: one daemon registration per key (family, event ID, object
 * filter) however many subscribers want it, as libvirt's C client does. The first subscriber
 * subscribes the source (the register call), later ones share it, and the source is unsubscribed
 * (the deregister call) when the last subscriber has left and nobody came back within the same
 * turn of the event loop (a `repeat`, a re-render that resubscribes), so that such a newcomer
 * finds the registration still live. The key is looked up when a subscriber arrives, not when
 * the Observable is made.
 *
 * The source emits {@link REGISTERED} when the daemon confirms the registration; subscribers
 * that asked for it get it then, or at once when they join a live registration; the others never
 * see it.
 *
 * The daemon refuses to register the same event and filter twice on one connection, also while
 * the previous registration's deregister call is still in flight: a new registration for a key
 * waits until the previous one for that key has been `released` (see `registeredEvents`).
 *
 * @example
 * const registrations = new SharedRegistrations();
 * const a$ = registrations.get('domain:0:*', (released) => registeredEvents(context, lifecycle, toEvent, released), false);
 * const b$ = registrations.get('domain:0:*', (released) => registeredEvents(context, lifecycle, toEvent, released), true);
 * a$.subscribe(log); b$.subscribe(log); // one REGISTER_ANY call, one callback ID; b$ sees REGISTERED first
 */
export class SharedRegistrations {
  private readonly entries = new Map<string, SharedEntry<unknown>>();
  /** Per key, the last registration made: completes once the daemon has forgotten it. */
  private readonly releases = new Map<string, Release>();

  get<T>(name: string, source: (released: () => void) => Observable<T | Registered>, signal: boolean): Observable<T | Registered> {
    const key = internedKey(name);
    return new Observable<T | Registered>((subscriber) => {
      let entry = this.entries.get(key) as SharedEntry<T> | undefined;
      if (entry === undefined) {
        entry = { listeners: [], live: false, over: false, connection: undefined, leaving: undefined };
        this.entries.set(key, entry);
      }
      entry.leaving?.unsubscribe();
      entry.leaving = undefined;
      const listener: Listener<T> = { subscriber, signal };
      entry.listeners = entry.listeners.concat(listener);
      const joined = entry;
      if (entry.connection === undefined) this.connect(key, entry, source);
      else if (entry.live && signal) subscriber.next(REGISTERED);
      return () => this.leave(key, joined, listener);
    });
  }

  /** Keys of the registrations the daemon has confirmed, for diagnostics and tests. */
  get keys(): string[] {
    return [...this.entries].filter(([, entry]) => entry.live).map(([key]) => key);
  }

  private connect<T>(key: string, entry: SharedEntry<T>, source: (released: () => void) => Observable<T | Registered>): void {
    entry.connection = this.afterRelease(key, source).subscribe(new EntryObserver(this, key, entry));
  }

  private leave<T>(key: string, entry: SharedEntry<T>, listener: Listener<T>): void {
    entry.listeners = entry.listeners.filter((other) => other !== listener);
    if (entry.listeners.length > 0 || entry.over) return;
    entry.leaving = asapScheduler.schedule(() => {
      entry.leaving = undefined;
      if (entry.listeners.length > 0) return;
      this.forget(key, entry);
      entry.connection?.unsubscribe();
    });
  }

  /** @internal The entry's source ended: see {@link EntryObserver}. */
  forget(key: string, entry: SharedEntry<unknown>): void {
    entry.over = true;
    entry.live = false;
    entry.leaving?.unsubscribe();
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** Subscribes `source` once the previous registration of `key` is released; reports its own release. */
  private afterRelease<T>(key: string, source: (released: () => void) => Observable<T>): Observable<T> {
    const previous = this.releases.get(key);
    const gone: Release = { done: false, waiters: undefined };
    this.releases.set(key, gone);
    const released = (): void => {
      if (gone.done) return;
      gone.done = true;
      if (this.releases.get(key) === gone) this.releases.delete(key);
      const waiters = gone.waiters ?? [];
      gone.waiters = undefined;
      for (const then of waiters) then();
    };
    return new Observable<T>((subscriber) => {
      let started = false;
      // The source's teardown joins the subscriber's: unsubscribing it deregisters.
      const start = (): void => {
        started = true;
        source(released).subscribe(subscriber);
      };
      const stopWaiting = previous === undefined ? (start(), undefined) : whenReleased(previous, start);
      return () => {
        if (started) return;
        // Left while still waiting: nothing of ours is on the daemon, but the previous registration
        // may still be, and whoever comes next must wait for that one.
        stopWaiting?.();
        if (previous === undefined) released();
        else whenReleased(previous, released);
      };
    });
  }
}

/**
 * Hands what a registration's source emits to the entry's subscribers: {@link REGISTERED} to
 * those that asked for it, events to all; its end ends them all. Methods on the prototype rather
 * than closures per registration.
 */
class EntryObserver<T> implements Observer<T | Registered> {
  constructor(
    private readonly registrations: SharedRegistrations,
    private readonly key: string,
    private readonly entry: SharedEntry<T>,
  ) {}

  next(item: T | Registered): void {
    const { entry } = this;
    if (item === REGISTERED) {
      entry.live = true;
      for (const { subscriber, signal } of entry.listeners) if (signal) subscriber.next(item);
    } else {
      for (const { subscriber } of entry.listeners) subscriber.next(item);
    }
  }

  error(err: unknown): void {
    for (const subscriber of this.end()) subscriber.error(err);
  }

  complete(): void {
    for (const subscriber of this.end()) subscriber.complete();
  }

  /** Forgets the entry first (a subscriber that retries from its error handler starts a new one); returns who to tell. */
  private end(): Array<Subscriber<T | Registered>> {
    this.registrations.forget(this.key, this.entry);
    const listeners = this.entry.listeners;
    this.entry.listeners = [];
    return listeners.map(({ subscriber }) => subscriber);
  }
}
