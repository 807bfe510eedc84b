import { AsyncSubject, concat, defer, finalize, ignoreElements, type Observable, share } from 'rxjs';

/**
 * Reference-counted registrations: one daemon registration per key (family, event ID, object
 * filter) however many subscribers want it, as libvirt's C client does. The first subscriber
 * subscribes the source (the register call), later ones share it, and the last unsubscribe
 * unsubscribes it (the deregister call). The key is looked up when a subscriber arrives, not when
 * the Observable is made, so an Observable kept aside and subscribed later joins whatever
 * registration is live then.
 *
 * The daemon refuses to register the same event and filter twice on one connection, also while
 * the previous registration's deregister call is still in flight: a new registration for a key
 * waits until the previous one for that key has been `released` (see `registeredEvents`).
 *
 * @example
 * const registrations = new SharedRegistrations();
 * const a$ = registrations.get('domain:0:*', () => registeredEvents(session, router, lifecycle));
 * const b$ = registrations.get('domain:0:*', () => registeredEvents(session, router, lifecycle));
 * a$.subscribe(log); b$.subscribe(log); // one REGISTER_ANY call, one callback ID
 */
export class SharedRegistrations {
  private readonly live = new Map<string, Observable<unknown>>();
  /** Per key, the last registration made: completes once the daemon has forgotten it. */
  private readonly releases = new Map<string, AsyncSubject<void>>();

  get<T>(key: string, source: (released: () => void) => Observable<T>): Observable<T> {
    return defer(() => {
      const existing = this.live.get(key) as Observable<T> | undefined;
      if (existing !== undefined) return existing;
      // Counted rather than flagged: a subscriber that retries on error connects anew before the
      // failed connection's teardown runs, and that teardown must not forget the new one.
      let connections = 0;
      const shared: Observable<T> = defer(() => {
        connections++;
        return this.afterRelease(key, source);
      }).pipe(
        // The last subscriber left or the source ended: the next subscriber registers anew.
        finalize(() => {
          if (--connections === 0 && this.live.get(key) === shared) this.live.delete(key);
        }),
        share(),
      );
      this.live.set(key, shared);
      return shared;
    });
  }

  /** Subscribes `source` once the previous registration of `key` is released; reports its own release. */
  private afterRelease<T>(key: string, source: (released: () => void) => Observable<T>): Observable<T> {
    const previous = this.releases.get(key);
    const gone = new AsyncSubject<void>();
    this.releases.set(key, gone);
    const released = (): void => {
      gone.next();
      gone.complete();
      if (this.releases.get(key) === gone) this.releases.delete(key);
    };
    let started = false;
    const start = defer(() => {
      started = true;
      return source(released);
    });
    return (previous === undefined ? start : concat(previous.pipe(ignoreElements()), start)).pipe(
      // Left while still waiting: nothing of ours is on the daemon, but the previous registration
      // may still be, and whoever comes next must wait for that one.
      finalize(() => {
        if (started) return;
        if (previous === undefined) released();
        else previous.subscribe({ complete: released });
      }),
    );
  }

  /** Keys with a live registration, for diagnostics and tests. */
  get keys(): string[] {
    return [...this.live.keys()];
  }
}
